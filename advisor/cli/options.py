"""The command line's shared options, declared once: output formats, --output/--force, --no-color, and the
handouts' document control (which reaches a command as one `DocumentOptions` object).
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor.environment import Environment
from advisor.errors import ExitCode
from advisor.language import LANGUAGES
from advisor.model.vocabulary import DOCUMENT_STATUSES as STATUSES
from advisor.model.vocabulary import SEVERITY_ORDER
from advisor.outputs.formats import FORMATS, LOCALISED
from advisor.record import record

if TYPE_CHECKING:
    from advisor.inputs.document_control import DocumentControl
    from advisor.tenant.findings import Finding


def listed(names: tuple[str, ...] | list[str], notes: dict[str, str] | None = None) -> str:
    """Choices for a help text: "table, json or testplan (CSV)", each with its note."""
    shown = [f"{n} ({notes[n]})" if notes and notes.get(n) else n for n in names]
    return ", ".join(shown[:-1]) + " or " + shown[-1] if len(shown) > 1 else shown[0]


def choice(names: tuple[str, ...] | list[str], *, any_case: bool = False) -> Any:
    """A click type that accepts exactly `names` (with `any_case`, in any letter case, read as the name), and
    completes them in the shell."""
    try:
        from typer._types import TyperChoice as Choice  # what typer makes of an Enum or a Literal
    except ImportError:  # pragma: no cover - a typer that uses the click package
        from click.types import Choice  # type: ignore[import-not-found, no-redef]
    return Choice(list(names), case_sensitive=not any_case)


def format_option(names: tuple[str, ...], extra: str = "") -> Any:
    """`--format/-f` for the formats `names` of the output table, with their notes in the help."""
    notes = {n: FORMATS[n].note for n in names if n in FORMATS}
    return typer.Option(
        "--format", "-f", metavar="FORMAT", click_type=choice(names), help=listed(names, notes) + extra + "."
    )


NoColor = Annotated[bool, typer.Option("--no-color", help="No colours (NO_COLOR is honoured too).")]
Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of standard output."),
]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")]
FAIL_ON = (*reversed(SEVERITY_ORDER), "never")  # `--fail-on`: a severity, least severe first, or never
FailOn = Annotated[
    str,
    typer.Option(
        "--fail-on",
        metavar="LEVEL",
        click_type=choice(FAIL_ON),
        help=f"Exit 3 when a finding is at least this severe: {listed(FAIL_ON)}.",
    ),
]


# ---------------------------------------------------------------------------------------------
# Help screens: every command registered the same way, its one-line summary never cut, its usage as the user
# started the tool, its examples, and where the README says more.

SEE_ALSO = 'See also the README, section "{section}".'
PROGRAM = (
    "connector-advisor"  # every command path starts with it (a command run alone: "connector-advisor plan")
)


def as_started(ctx: Any) -> str:
    """The command path with the program's name as the user typed it (`python -m advisor plan`)."""
    root = ctx.find_root()
    program = root.obj.program if isinstance(root.obj, Environment) else PROGRAM
    return str(program) + str(ctx.command_path).removeprefix(PROGRAM)


def _unbraced(piece: str) -> str:
    """typer 0.28 writes a required argument as {NAME} in the usage line; plain NAME, as click does."""
    return piece[1:-1] if piece.startswith("{") and piece.endswith("}") else piece


class PlainCommand(typer.core.TyperCommand):
    """A command whose usage line names the program as started and shows arguments without braces."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [_unbraced(p) for p in super().collect_usage_pieces(ctx)]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(as_started(ctx), " ".join(self.collect_usage_pieces(ctx)))


class PlainGroup(typer.core.TyperGroup):
    """The same for a group of commands (the program itself, `document`)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [_unbraced(p) for p in super().collect_usage_pieces(ctx)]

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(as_started(ctx), " ".join(self.collect_usage_pieces(ctx)))


def command(app: typer.Typer, name: str, *, short_help: str, examples: str, section: str) -> Any:
    """Register a command: `short_help` is the line `--help` lists it with (whole, never cut), `examples` its
    examples block and `section` the README section that says more."""
    epilog = f"{examples}\n\n{SEE_ALSO.format(section=section)}"
    return app.command(name, cls=PlainCommand, short_help=short_help, epilog=epilog)


def exit_on_findings(findings: list[Finding], fail_on: str) -> None:
    """Exit 3 when a finding is at least as severe as `fail_on` (never: never)."""
    from advisor.tenant.audit import at_or_above

    severity = next((s for s in SEVERITY_ORDER if s == fail_on), None)
    if severity is not None and at_or_above(findings, severity):
        raise typer.Exit(ExitCode.FINDINGS)


def environment_of(ctx: typer.Context, no_color: bool = False) -> Environment:
    """The injected Environment (a default one outside tests), with --no-color applied."""
    obj = ctx.find_root().obj
    env = obj if isinstance(obj, Environment) else Environment()
    env.no_color = env.no_color or no_color
    return env


# ---------------------------------------------------------------------------------------------
# Document control for the handouts.

DOCUMENT_PANEL = "Document control (handouts)"
DOCUMENT_OPTIONS: dict[str, Any] = {
    "file": Annotated[
        Path | None,
        typer.Option(
            "--document",
            metavar="FILE",
            help="Document settings for this client (YAML keys prepared_by, company, client_contact, "
            "version, status, logo, language, templates). Default: document.yaml in your config folder, if "
            "there is one (`connector-advisor document` shows where).",
            rich_help_panel=DOCUMENT_PANEL,
        ),
    ],
    "prepared_by": Annotated[
        str | None,
        typer.Option("--prepared-by", metavar="NAME", help="Your name.", rich_help_panel=DOCUMENT_PANEL),
    ],
    "company": Annotated[
        str | None,
        typer.Option("--company", metavar="NAME", help="Your company.", rich_help_panel=DOCUMENT_PANEL),
    ],
    "client_contact": Annotated[
        str | None,
        typer.Option(
            "--client-contact", metavar="NAME", help="The client's contact.", rich_help_panel=DOCUMENT_PANEL
        ),
    ],
    "version": Annotated[
        str | None,
        typer.Option(
            "--doc-version",
            metavar="TEXT",
            help="Document version (default 1.0).",
            rich_help_panel=DOCUMENT_PANEL,
        ),
    ],
    "status": Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            help=f"{' or '.join(STATUSES)} (default {STATUSES[0]}).",
            rich_help_panel=DOCUMENT_PANEL,
        ),
    ],
    "logo": Annotated[
        str | None,
        typer.Option(
            "--logo",
            metavar="FILE",
            help="A PNG, JPEG, GIF, WebP or SVG logo (embedded).",
            rich_help_panel=DOCUMENT_PANEL,
        ),
    ],
    "language": Annotated[
        str | None,
        typer.Option(
            "--language",
            metavar="LANG",
            click_type=choice(tuple(LANGUAGES), any_case=True),  # as the answers file takes it
            help="The handouts' language: en, de or fr (Markdown, HTML, Word, the test plan); PowerShell, "
            "the JSON plan and the terminal stay English. Default: language in document.yaml, else en.",
            rich_help_panel=DOCUMENT_PANEL,
        ),
    ],
    "templates": Annotated[
        str | None,
        typer.Option(
            "--templates",
            metavar="DIR",
            help="Your own handout templates (handout.md.j2, handout.html.j2, Word reference handout.docx), "
            "in front of the built-in ones (reachable as builtin/NAME); PowerShell templates are never taken "
            "from it.",
            rich_help_panel=DOCUMENT_PANEL,
        ),
    ],
}
DocumentFile = DOCUMENT_OPTIONS["file"]


@record
class DocumentOptions:
    """The document-control options as given on the command line (None: not given)."""

    file: Path | None = None
    prepared_by: str | None = None
    company: str | None = None
    client_contact: str | None = None
    version: str | None = None
    status: str | None = None
    logo: str | None = None
    language: str | None = None
    templates: str | None = None

    def overrides(self) -> dict[str, str | None]:
        """The options as the document settings they override."""
        paths = ("file", "logo", "templates")
        given = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in paths}
        # relative to where the user is; not resolved, so a link is checked where it points
        given["logo"] = os.path.abspath(self.logo) if self.logo else None
        given["templates"] = os.path.abspath(self.templates) if self.templates else None
        return given

    def control(
        self, formats: list[str], client: dict[str, Any] | None = None, client_base: Path | None = None
    ) -> DocumentControl | None:
        """The document control when a handout is among `formats` (None otherwise: nothing is read): the
        settings file, then this client's (an answers file's `document` section), then these options."""
        if not LOCALISED & set(formats):
            return None
        from advisor.inputs import document_control
        from advisor.outputs.engine.templating import use_custom_templates

        control = document_control.load(self.file, self.overrides(), client, client_base)
        use_custom_templates(Path(control.templates) if control.templates else None)
        return control


def with_document_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give `command` the document-control options (--document, --prepared-by, ...), declared once here; it
    receives them as one `document: DocumentOptions` argument."""
    signature = inspect.signature(command, eval_str=True)
    own = [p for p in signature.parameters.values() if p.name != "document"]
    added = [
        inspect.Parameter(
            f"document_{name}", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
        )
        for name, annotation in DOCUMENT_OPTIONS.items()
    ]

    @functools.wraps(command)
    def with_options(*args: Any, **kwargs: Any) -> None:
        given = {name: kwargs.pop(f"document_{name}", None) for name in DOCUMENT_OPTIONS}
        command(*args, document=DocumentOptions(**given), **kwargs)

    parameters = [*own, *added]
    with_options.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_options.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_options
