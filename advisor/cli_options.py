"""The command line's shared option types: output formats, --no-color, and the handouts' document control.

Part of the command-line layer (imported by `cli` only); declared once here so `plan` and `render` agree.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from advisor.environment import Environment
from advisor.model.vocabulary import DOCUMENT_STATUSES as STATUSES


class PlanFormat(StrEnum):
    table = "table"
    json = "json"
    powershell = "powershell"
    markdown = "markdown"
    html = "html"
    testplan = "testplan"


class RenderFormat(StrEnum):
    powershell = "powershell"
    markdown = "markdown"
    html = "html"
    testplan = "testplan"


DEFAULT_RENDER_FORMATS = (RenderFormat.powershell, RenderFormat.markdown, RenderFormat.html)


NoColor = Annotated[bool, typer.Option("--no-color", help="No colours (NO_COLOR is honoured too).")]
DOCUMENT_PANEL = "Document control (handouts)"
DocumentFile = Annotated[
    Path | None,
    typer.Option(
        "--document",
        metavar="FILE",
        help="Document settings for this client (YAML keys prepared_by, company, client_contact, version, "
        "status, logo). Default: document.yaml in your config folder, if there is one "
        "(`connector-advisor document` shows where).",
        rich_help_panel=DOCUMENT_PANEL,
    ),
]
PreparedBy = Annotated[
    str | None,
    typer.Option("--prepared-by", metavar="NAME", help="Your name.", rich_help_panel=DOCUMENT_PANEL),
]
Company = Annotated[
    str | None,
    typer.Option("--company", metavar="NAME", help="Your company.", rich_help_panel=DOCUMENT_PANEL),
]
ClientContact = Annotated[
    str | None,
    typer.Option(
        "--client-contact", metavar="NAME", help="The client's contact.", rich_help_panel=DOCUMENT_PANEL
    ),
]
DocVersion = Annotated[
    str | None,
    typer.Option(
        "--doc-version",
        metavar="TEXT",
        help="Document version (default 1.0).",
        rich_help_panel=DOCUMENT_PANEL,
    ),
]
DocStatus = Annotated[
    str | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help=f"{' or '.join(STATUSES)} (default {STATUSES[0]}).",
        rich_help_panel=DOCUMENT_PANEL,
    ),
]
Logo = Annotated[
    str | None,
    typer.Option(
        "--logo",
        metavar="FILE",
        help="A PNG, JPEG, GIF, WebP or SVG logo (embedded).",
        rich_help_panel=DOCUMENT_PANEL,
    ),
]


def document_control(file: Path | None, **overrides: str | None) -> Any:
    """The document control for handouts: the settings file, then the options."""
    from advisor.outputs import document_control

    if overrides.get("logo"):
        overrides["logo"] = str(Path(overrides["logo"] or "").resolve())  # relative to where the user is
    return document_control.load(file, overrides)


def handout_document(
    formats: list[str],
    file: Path | None,
    prepared_by: str | None,
    company: str | None,
    client_contact: str | None,
    version: str | None,
    status: str | None,
    logo: str | None,
) -> Any:
    """The document control when a handout is among `formats` (None otherwise: nothing is read)."""
    if not {"markdown", "html"} & set(formats):
        return None
    return document_control(
        file,
        prepared_by=prepared_by,
        company=company,
        client_contact=client_contact,
        version=version,
        status=status,
        logo=logo,
    )


def environment_of(ctx: typer.Context, no_color: bool = False) -> Environment:
    """The injected Environment (a default one outside tests), with --no-color applied."""
    obj = ctx.find_root().obj
    env = obj if isinstance(obj, Environment) else Environment()
    env.no_color = env.no_color or no_color
    return env
