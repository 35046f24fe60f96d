"""The typer app: every command module registers its commands on it, and `run()` is the one way in for the
command line (tests call it with an injected Environment). Errors become exit codes in `error_boundary`.

Heavy modules (rich, jinja2, questionary, PyYAML) are imported inside the commands that use them, so
`--help` and `plan --format json` stay fast.
"""

from __future__ import annotations

import contextlib
import os
from typing import Annotated, Any

import typer

from advisor import __version__
from advisor.cli import (
    document_command,
    plan_commands,
    proof_commands,
    reference_commands,
    tenant_commands,
    wizard_command,
)
from advisor.cli.completion import attach as attach_completion
from advisor.cli.completion import completing
from advisor.cli.options import PlainGroup, environment_of
from advisor.environment import Environment
from advisor.errors import ExitCode

app = typer.Typer(
    name="connector-advisor",
    help="Decide which Exchange Online / EOP mail-flow connectors you need, with the exact settings. "
    "Without a command, in a terminal, it starts the wizard.",
    epilog="\b\nExamples:\n"
    "  connector-advisor                            answer questions (the wizard)\n"
    "  connector-advisor plan --example combined    a plan for a bundled example\n"
    "  connector-advisor plan acme.yaml -f html -o acme.html\n"
    "  connector-advisor render clients/ --out handouts/",
    subcommand_metavar="[COMMAND [ARGS]...]",
    cls=PlainGroup,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# In the order `--help` lists them.
COMMAND_MODULES = (
    wizard_command,
    plan_commands,
    reference_commands,
    document_command,
    tenant_commands,
    proof_commands,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"connector-advisor {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Decide which Exchange Online / EOP mail-flow connectors you need, with the exact settings."""
    if ctx.invoked_subcommand is None:
        wizard_command.run_wizard(environment_of(ctx), None, None, force=False)


for _module in COMMAND_MODULES:
    _module.register(app)


# ---------------------------------------------------------------------------------------------
# Running the app through the error boundary.


def _click_exception() -> type[Exception]:
    try:
        from typer._click.exceptions import ClickException  # typer >= 0.29 vendors click
    except ImportError:  # pragma: no cover - older typer
        from click.exceptions import ClickException  # type: ignore[import-not-found, no-redef]
    return ClickException


def _show_usage_error(exc: Any, env: Environment) -> None:
    """A bad option or argument, in plain words (typer's "Value error, " dropped), and where help is."""
    message = str(exc.format_message()).replace("Value error, ", "")
    context = getattr(exc, "ctx", None)
    path = context.command_path if context is not None else "connector-advisor"
    command = env.program + path.removeprefix("connector-advisor")  # as the user started it
    env.stderr.write(f"error: {message}\nhint: `{command} --help` lists the options, with examples\n")


def run(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Run the CLI and return its exit code (tests call this with an injected Environment)."""
    from advisor.cli.error_boundary import guarded

    environment = env or Environment()
    click_exception: Any = _click_exception()
    command = typer.main.get_command(app)
    if completing(os.environ):
        attach_completion(command)

    def action() -> int:
        with contextlib.redirect_stdout(environment.stdout), contextlib.redirect_stderr(environment.stderr):
            result = command.main(
                args=argv, prog_name="connector-advisor", standalone_mode=False, obj=environment
            )
        code = result if isinstance(result, int) else ExitCode.OK
        if code == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into a silent Exit(130)
            environment.stderr.write("\ninterrupted\n")
        return code

    def command_line_errors(exc: BaseException) -> int | None:
        if isinstance(exc, typer.Exit):
            return int(exc.exit_code)
        if isinstance(exc, typer.Abort):
            environment.stderr.write("\ninterrupted\n")
            return ExitCode.INTERRUPTED
        if isinstance(exc, click_exception):
            _show_usage_error(exc, environment)
            return ExitCode.USAGE
        return None

    return guarded(environment, action, command_line_errors)
