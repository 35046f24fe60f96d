"""The output formats of a plan, in one table: what `plan --format` and `render --format` accept, their help,
the file each is written to, how it is stored, and what renders it.

Adding a format is one row here, one template in `templates/` (or a renderer function) and its goldens.
Nothing here imports more than the standard library: `--help` and `plan --format json` read this table.
"""

from __future__ import annotations

from advisor.record import record


@record
class Format:
    """One output format of a plan."""

    name: str  # what `--format` takes
    suffix: str  # the file it is written to: acme.yaml -> acme<suffix>
    renderer: (
        str  # "module:function", imported only when the format is written: function(plan, fmt, **context)
    )
    template: str | None = None  # the template in templates/ the renderer fills, if it uses one
    encoding: str = "utf-8"
    newline: str = "\n"  # what a "\n" of the text becomes in the file ("" leaves the text as it is)
    handout: bool = False  # a document for the client: reads the document control
    localised: bool = False  # written in the handouts' language (document control `language`)
    rendered: bool = True  # `render` can write it (the table and JSON are for `plan` only)
    by_default: bool = False  # `render` writes it when no --format is given
    binary: bool = False  # the renderer returns the file's bytes (a Word document), never printed
    requires: str | None = None  # "module:function" that refuses, with the install command, when an optional
    # install the format needs is missing: called before any work
    note: str = ""  # shown after its name in --help


TEMPLATE = "advisor.outputs.views.plan_documents:render_document"

# In the order --help lists them. Scripts are UTF-8 with a byte-order mark, or Windows PowerShell 5.1 reads
# them in the ANSI code page and garbles every non-ASCII name (facts 6.13), and Windows line endings. The test
# plan is CSV with a BOM too, so spreadsheet programs read its UTF-8 as such; the CSV writer ends rows with
# CRLF itself.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", ".txt", "advisor.outputs.terminal.plan_table:plan_table_text", rendered=False),
        Format("json", ".json", "advisor.outputs.views.plan_json:plan_json", rendered=False),
        Format(
            "powershell",
            ".ps1",
            TEMPLATE,
            template="connectors.ps1.j2",
            encoding="utf-8-sig",
            newline="\r\n",
            by_default=True,
        ),
        Format(
            "markdown",
            ".md",
            TEMPLATE,
            template="handout.md.j2",
            handout=True,
            localised=True,
            by_default=True,
        ),
        Format(
            "html",
            ".html",
            TEMPLATE,
            template="handout.html.j2",
            handout=True,
            localised=True,
            by_default=True,
        ),
        Format(
            "docx",
            ".docx",
            "advisor.outputs.views.word_handout:render_docx",
            handout=True,
            localised=True,
            binary=True,
            requires="advisor.outputs.views.word_parts:require",
            note="Word; needs pip install 'connector-advisor[docx]'",
        ),
        Format(
            "dsc",
            ".dsc.ps1",
            "advisor.outputs.views.dsc:render_dsc",
            template="dsc.ps1.j2",
            encoding="utf-8-sig",
            newline="\r\n",
            note="Microsoft365DSC configuration",
        ),
        Format(
            "testplan",
            ".testplan.csv",
            "advisor.outputs.views.handout:test_plan_csv",
            encoding="utf-8-sig",
            newline="",
            localised=True,
            note="CSV",
        ),
    )
}

RENDERED = tuple(name for name, f in FORMATS.items() if f.rendered)  # what `render --format` accepts
BY_DEFAULT = tuple(name for name, f in FORMATS.items() if f.by_default)  # what `render` writes by default
TEMPLATED = tuple(name for name, f in FORMATS.items() if f.template)  # written from templates/
HANDOUTS = frozenset(name for name, f in FORMATS.items() if f.handout)
LOCALISED = frozenset(name for name, f in FORMATS.items() if f.localised)  # in the handouts' language
SCRIPT = "powershell"  # the format the on-premises script is written beside, and the handouts name
PLAIN = ("utf-8", "\n")  # how other text outputs (audit, diff, collect) are stored unless they are scripts


def storage(name: str) -> tuple[str, str]:
    """The encoding and newline a format's file is written with."""
    f = FORMATS[name]
    return f.encoding, f.newline


def binary(name: str) -> bool:
    """Whether a format's file is bytes (Word), which is written to a file and never printed."""
    return FORMATS[name].binary
