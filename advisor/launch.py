"""Starting the tool: the error boundary every run goes through, and the quick start of the wizard.

`connector-advisor` with no arguments opens the wizard in a terminal. It has no options to parse, so it
starts without loading the command-line parser (typer builds a validator for every option of the command it
runs, which would double the time to the first question). Everything else goes to `advisor.cli`.
"""

from __future__ import annotations

import contextlib
import sys

from advisor.environment import Environment, invocation
from advisor.error_boundary import guarded
from advisor.errors import ExitCode


def _no_command_line_errors(_exc: BaseException) -> int | None:
    return None


def start_wizard(env: Environment) -> int:
    """`connector-advisor` alone: the wizard, through the same boundary, without the parser."""
    from advisor.wizard.session import start

    def action() -> int:
        start(env, None, None, force=False)
        return ExitCode.OK

    return guarded(env, action, _no_command_line_errors)


def _utf8_output() -> None:
    """Scripts and handouts are UTF-8 whatever the console's encoding (a Windows redirect would be cp1252)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and not stream.isatty():
            reconfigure(encoding="utf-8", errors="backslashreplace")


def main() -> None:
    _utf8_output()
    argv = sys.argv[1:]
    env = Environment(program=invocation(sys.argv[0], sys.executable))
    if not argv:
        code = start_wizard(env)
    else:
        from advisor.cli import run

        code = run(argv, env)
    with contextlib.suppress(BrokenPipeError):
        sys.stdout.flush()
    sys.exit(code)
