"""The typer app: every command module registers its commands on it (a run builds only the command it
invokes), and `run()` is the one way in for the command line (tests call it with an injected Environment).
Errors become exit codes in `error_boundary`.

Heavy modules (rich, jinja2, questionary, PyYAML) are imported inside the commands that use them, so
`--help` and `plan --format json` stay fast.
"""

from __future__ import annotations

import contextlib
import importlib
import os
from typing import Annotated, Any

import typer

from advisor import __version__
from advisor.cli.completion import attach as attach_completion
from advisor.cli.completion import completing
from advisor.cli.options import PlainGroup, as_started, environment_of
from advisor.environment import Environment
from advisor.errors import ExitCode

# In the order `--help` lists them: the module that registers each command, and the commands it registers.
COMMAND_MODULES = {
    "wizard_command": ("wizard",),
    "plan_commands": ("plan", "render"),
    "reference_commands": ("example", "schema"),
    "document_command": ("document",),
    "tenant_commands": ("collect", "audit", "diff", "route"),
    "proof_commands": ("cert", "dns", "verify"),
}
MODULE_OF = {name: module for module, names in COMMAND_MODULES.items() for name in names}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"connector-advisor {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Decide which Exchange Online / EOP mail-flow connectors you need, with the exact settings."""
    if ctx.invoked_subcommand is None:
        from advisor.cli import wizard_command

        wizard_command.run_wizard(environment_of(ctx), None, None, force=False)


def build_app(only: str | None = None) -> typer.Typer:
    """The typer app with every command, or with only the command `only`: typer builds the parameters of
    every registered command before it parses (1 to 2 ms a command), and one run needs one command."""
    built = typer.Typer(
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
        add_completion=only is None,  # --install-completion is the root's: a command's run cannot take it
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    if only is None:  # the root's own run (the wizard, --version); a command's run is that command alone
        built.callback(invoke_without_command=True)(root)
    for module in [MODULE_OF[only]] if only else COMMAND_MODULES:
        importlib.import_module(f"advisor.cli.{module}").register(built)
    if only:  # a module may register more than one command
        built.registered_commands = [c for c in built.registered_commands if c.name == only]
        built.registered_groups = [g for g in built.registered_groups if g.name == only]
    return built


def invoked(argv: list[str] | None) -> str | None:
    """The command `argv` runs, when its first word is one of ours (else None: the whole app, for the
    root's --help and --version, a mistyped name's "did you mean", and shell completion)."""
    first = argv[0] if argv else None
    return first if first in MODULE_OF else None


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole app, for the README generator and tests
        globals()["app"] = whole = build_app()
        return whole
    raise AttributeError(name)


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
    from advisor.outputs.terminal.error_messages import printable

    message = str(exc.format_message()).replace("Value error, ", "")
    context = getattr(exc, "ctx", None)
    command = as_started(context) if context is not None else env.program  # as the user started it
    error = printable(f"error: {message}")
    env.stderr.write(f"{error}\n{printable(f'hint: `{command} --help` lists the options, with examples')}\n")


def run(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Run the CLI and return its exit code (tests call this with an injected Environment)."""
    from advisor.cli.error_boundary import guarded

    environment = env or Environment()
    click_exception: Any = _click_exception()
    whole = completing(os.environ)
    only = None if whole else invoked(argv)
    command = typer.main.get_command(build_app(only))
    if whole:
        attach_completion(command)
    args, program = argv, "connector-advisor"
    if only is not None and not isinstance(command, typer.core.TyperGroup):  # typer's one-command app
        args, program = (argv or [])[1:], f"connector-advisor {only}"

    def action() -> int:
        with contextlib.redirect_stdout(environment.stdout), contextlib.redirect_stderr(environment.stderr):
            result = command.main(args=args, prog_name=program, standalone_mode=False, obj=environment)
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
