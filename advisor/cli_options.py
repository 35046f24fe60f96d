"""The command line's shared option types: output formats, --no-color, and the handouts' document control.

Part of the command-line layer (imported by `cli` only); declared once here so `plan` and `render` agree.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor.environment import Environment
from advisor.model.vocabulary import DOCUMENT_FORMATS
from advisor.model.vocabulary import DOCUMENT_STATUSES as STATUSES

if TYPE_CHECKING:
    from advisor.outputs.document_control import DocumentControl


# typer needs Enums for choices; tests/test_cli.py keeps these equal to the vocabulary's OutputFormat.
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


def listed(choices: type[StrEnum], notes: dict[str, str] | None = None) -> str:
    """An option's choices for its help text, from its Enum: "table, json or html", each with its note."""
    names = [f"{c.value} ({notes[c.value]})" if notes and c.value in notes else c.value for c in choices]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else names[0]


DEFAULT_RENDER_FORMATS = tuple(RenderFormat(f) for f in DOCUMENT_FORMATS)  # the script and both handouts


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


def handout_document(
    formats: list[str],
    file: Path | None,
    prepared_by: str | None,
    company: str | None,
    client_contact: str | None,
    version: str | None,
    status: str | None,
    logo: str | None,
) -> DocumentControl | None:
    """The document control when a handout is among `formats` (None otherwise: nothing is read)."""
    if not {"markdown", "html"} & set(formats):
        return None
    from advisor.outputs import document_control

    overrides = {
        "prepared_by": prepared_by,
        "company": company,
        "client_contact": client_contact,
        "version": version,
        "status": status,
        # relative to where the user is; not resolved, so a link is checked where it points (issue 19)
        "logo": os.path.abspath(logo) if logo else None,
    }
    return document_control.load(file, overrides)


def environment_of(ctx: typer.Context, no_color: bool = False) -> Environment:
    """The injected Environment (a default one outside tests), with --no-color applied."""
    obj = ctx.find_root().obj
    env = obj if isinstance(obj, Environment) else Environment()
    env.no_color = env.no_color or no_color
    return env
