"""`document`: where the handouts' document settings come from, and the values they give."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.options import SEE_ALSO, DocumentFile, PlainGroup, command, environment_of

SECTION = "What the outputs contain"

EXAMPLES = (
    "\b\nExamples:\n"
    "  connector-advisor document                   the settings and their values\n"
    "  connector-advisor document --document acme-doc.yaml"
)


def document_command(ctx: typer.Context, document: DocumentFile = None) -> None:
    """Show where the handouts' document settings are read from, and the values they give (`document init`
    writes a commented settings file)."""
    if ctx.invoked_subcommand is not None:
        return
    from advisor.inputs import document_control
    from advisor.outputs.terminal.error_messages import printable

    env = environment_of(ctx)
    path = document or document_control.default_path()
    control = document_control.load(document)
    state = "" if path.is_file() else " (not there: defaults below)"
    env.stdout.write(f"document settings: {printable(str(path))}{state}\n")
    for key in ("prepared_by", "company", "client_contact", "version", "status", "language", "templates"):
        env.stdout.write(f"  {key}: {printable(getattr(control, key) or '-')}\n")
    logo = f"{control.logo_file} ({control.logo_bytes:,} bytes)" if control.logo_file else "-"
    env.stdout.write(f"  logo: {printable(logo)}\n")


INIT_EXAMPLES = (
    "\b\nExamples:\n"
    "  connector-advisor document init              in your config folder\n"
    "  connector-advisor document init -o fabrikam-document.yaml"
)


def init_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the settings file here instead of document.yaml in your config folder.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing settings file.")] = False,
) -> None:
    """Write a commented document settings file (by default document.yaml in your config folder, where
    handouts read it from); an existing one is replaced only with --force."""
    from advisor.inputs import document_control
    from advisor.outputs.terminal.error_messages import report_written
    from advisor.outputs.views.document_settings import settings_template
    from advisor.outputs.writing.files import write_atomic

    env = environment_of(ctx)
    target = output or document_control.default_path()
    if output is None:
        target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, settings_template(), force)
    report_written(env.stderr, [target])


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        cls=PlainGroup,
        subcommand_metavar="[COMMAND]",
        short_help="Show the handouts' document settings and where they come from.",
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    epilog = f"{EXAMPLES}\n\n{SEE_ALSO.format(section=SECTION)}"
    group.callback(invoke_without_command=True, epilog=epilog)(document_command)
    command(
        group,
        "init",
        short_help="Write a commented document settings file.",
        examples=INIT_EXAMPLES,
        section=SECTION,
    )(init_command)
    app.add_typer(group, name="document")
