"""`document`: where the handouts' document settings come from, and the values they give."""

from __future__ import annotations

import typer

from advisor.cli.options import DocumentFile, environment_of

EXAMPLES = (
    "\b\nExamples:\n"
    "  connector-advisor document                         the settings file and its values\n"
    "  connector-advisor document --document acme-doc.yaml"
)


def document_command(ctx: typer.Context, document: DocumentFile = None) -> None:
    """Show where the handouts' document settings are read from, and the values they give."""
    from advisor.inputs import document_control
    from advisor.outputs.terminal.error_messages import printable

    env = environment_of(ctx)
    path = document or document_control.default_path()
    control = document_control.load(document)
    state = "" if path.is_file() else " (not there: defaults below)"
    env.stdout.write(f"document settings: {printable(str(path))}{state}\n")
    for key in ("prepared_by", "company", "client_contact", "version", "status"):
        env.stdout.write(f"  {key}: {printable(getattr(control, key) or '-')}\n")
    env.stdout.write(f"  logo: {'embedded' if control.logo else '-'}\n")


def register(app: typer.Typer) -> None:
    app.command("document", epilog=EXAMPLES)(document_command)
