"""What the Word handout needs that python-docx has no call for: shaded cells, repeated table headers,
links, and pictures (the mail-flow diagram drawn from its SVG by resvg, the logo)."""

from __future__ import annotations

import base64
import re
from typing import Any

from advisor.errors import UserError
from advisor.outputs.engine.quoting import word_text


def _extra() -> str:
    """The install command for the Word extra, with the pip of the Python the tool runs in (a venv's, after
    the README's install), and the form for a checkout."""
    import sys

    from advisor.shell_words import program_words

    pip = f"{program_words(sys.executable)} -m pip install"
    return f"{pip} 'connector-advisor[docx]' (from a checkout: {pip} '.[docx]')"


def require() -> None:
    """Refuse, with the install command, when python-docx is missing (checked before any work)."""
    try:
        import docx  # noqa: F401
    except ImportError:
        raise UserError(
            "the docx format needs python-docx, which is not installed", f"install it with: {_extra()}"
        ) from None


def shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


SAFE_URL = re.compile(r"^https?://[^\s\"<>]+$")


def hyperlink(paragraph: Any, text: str, url: str) -> None:
    """A link that opens `url` (only http and https; anything else stays text)."""
    if not SAFE_URL.match(url or ""):
        paragraph.add_run(text)
        return
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0F6CBD")
    props.append(color)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def diagram_svg(diagram: Any, title: str) -> str:
    """The mail-flow diagram as a standalone SVG carrying its own styles (templates/diagram.svg.j2)."""
    from advisor.outputs.engine import templating

    return templating.environment().get_template("diagram.svg.j2").render(diagram=diagram, title=title)


def diagram_png(diagram: Any, title: str) -> bytes:
    """The diagram as a PNG, drawn by resvg (no browser, no system library)."""
    return _png(diagram_svg(diagram, title))


def _png(svg: str) -> bytes:
    try:
        import resvg_py
    except ImportError:
        raise UserError(
            "the docx format draws the diagram with resvg-py, which is not installed",
            f"install it with: {_extra()}",
        ) from None
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=2.0, background="#ffffff"))


PICTURES = {"image/png", "image/jpeg", "image/gif"}  # what Word takes as it is


def logo_picture(logo: str | None) -> bytes | None:
    """The logo's bytes for Word: PNG, JPEG and GIF as they are, SVG drawn to PNG; WebP, which Word's
    picture support in python-docx does not read, is left out (the company name stays in the table)."""
    if not logo or not logo.startswith("data:"):
        return None
    kind, _, data = logo[len("data:") :].partition(";base64,")
    raw = base64.b64decode(data)
    if kind in PICTURES:
        return raw
    if kind == "image/svg+xml":
        return _png(raw.decode("utf-8"))
    return None


def page_setup(document: Any) -> None:
    """A4 with narrow margins and the print sizes of the HTML handout (9 pt text, 8.5 pt tables), so a
    combined plan stays within ten pages."""
    from docx.shared import Cm, Pt, RGBColor

    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(1.4), Cm(1.6)
    section.left_margin = section.right_margin = Cm(1.3)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(9)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.1
    for name, size in (("Title", 20), ("Heading 1", 13), ("Heading 2", 11), ("Heading 3", 10)):
        style = styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x0F, 0x6C, 0xBD) if name != "Title" else RGBColor(0x1B, 0x1F, 0x24)
        style.paragraph_format.space_before = Pt(10 if name == "Heading 1" else 6)
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.keep_with_next = True
    styles["Table Grid"].font.size = Pt(8.5)


def source_list(document: Any, sources: dict[str, Any], note: str = "") -> None:
    """The sources as a bulleted list: key, then the title as a link to the page; `note` before it (in a
    translated handout: the pages are English, their titles the originals)."""
    if note:
        document.add_paragraph(word_text(note))
    for key, source in sources.items():
        p = document.add_paragraph(style="List Bullet")
        p.add_run(word_text(f"{key}: "))
        hyperlink(p, word_text(source.title), source.url)


def page_footer(document: Any, text: str) -> None:
    """The footer of every page: the document, its version and status, who prepared it."""
    from docx.shared import Pt

    footer = document.sections[0].footer
    if any(p.text.strip() for p in footer.paragraphs):
        return  # the consultant's reference document has a footer of its own
    run = footer.paragraphs[0].add_run(word_text(text))
    run.font.size = Pt(8)


REFERENCE = "handout.docx"  # a Word reference document in the --templates folder
STYLES_USED = ("Title", "Heading 1", "Heading 2", "List Number", "List Bullet", "Table Grid")


def base_document() -> Any:
    """The document the handout is written into: the consultant's reference document (handout.docx in the
    --templates folder: their styles, page setup, header and footer, its body left out), or a new one set up
    as A4 with the HTML handout's print sizes."""
    import docx

    from advisor.outputs.engine.templating import custom_folder

    folder = custom_folder()
    reference = folder / REFERENCE if folder is not None else None
    if reference is None or not reference.is_file():
        document = docx.Document()
        page_setup(document)
        return document
    return _reference_document(reference)


def _reference_document(reference: Any) -> Any:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(reference))
    except Exception as exc:  # python-docx raises several kinds for a file that is not a Word document
        raise UserError(
            f"{reference} is not a Word document ({type(exc).__name__})",
            "save the reference document from Word or LibreOffice as .docx",
        ) from None
    names = {style.name for style in document.styles}
    missing = [name for name in STYLES_USED if name not in names]
    if missing:
        raise UserError(
            f"{reference} lacks the styles the handout uses: {', '.join(missing)}",
            "start from a handout connector-advisor wrote (--format docx): change its styles, header and "
            "footer, delete its text and save it as handout.docx",
        )
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


# Each table's column widths in percent of the text width, as the HTML handout's colgroups give them.
COLUMN_WIDTHS = {
    "needed": (24, 17, 47, 12),
    "settings": (45, 55),
    "dns": (9, 22, 34, 35),
    "runbook": (15, 49, 36),
    "tests": (5, 22, 17, 17, 26, 13),
}


def column_widths(document: Any, table: Any, kind: str) -> None:
    """Fixed column widths (Word and LibreOffice read them from every cell)."""
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    widths = [int(text_width * percent / 100) for percent in COLUMN_WIDTHS[kind]]
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the table grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width  # each cell, which Word reads


def document_properties(document: Any, title: str, author: str, subject: str, comments: str) -> None:
    """What File > Properties shows (and a table of contents field or a DMS reads)."""
    from advisor.language import tag

    core = document.core_properties
    core.language = tag()  # the handouts' language, as File > Properties reads it
    _proofing_language(document, tag())
    core.title, core.author = word_text(title), word_text(author)
    core.subject, core.comments = word_text(subject), word_text(comments)


def _proofing_language(document: Any, language: str) -> None:
    """The Normal style's language (w:lang), which every paragraph inherits: Word's spelling check uses it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), language)


def callout(document: Any, runs: list[tuple[str, str]], fill: str) -> None:
    """A shaded box, as Word users make them: a one-cell table. Runs are (text, "bold" | "")."""
    table = document.add_table(rows=1, cols=1)
    table.style = "Table Grid"
    cell = table.rows[0].cells[0]
    shade(cell, fill)
    for text, kind in runs:
        run = cell.paragraphs[0].add_run(word_text(text))
        run.bold = kind == "bold"
    document.add_paragraph()
