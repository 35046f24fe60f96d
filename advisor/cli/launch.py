"""Starting the tool: the error boundary every run goes through, and the quick start of the wizard.

`connector-advisor` with no arguments opens the wizard in a terminal. It has no options to parse, so it
starts without loading the command-line parser (typer builds a validator for every option of the command it
runs, which would double the time to the first question). Everything else goes to `advisor.cli.app`.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import io
import os
import sys
from typing import NoReturn

from advisor.cli.error_boundary import guarded
from advisor.environment import Environment, invocation
from advisor.errors import ExitCode, UserError


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


class ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it (`>&-`): Python leaves sys.stdout as None. Writing to it
    is bad usage (exit 2, one line), as `cat` reports a write error; commands that write nothing still run."""

    def writable(self) -> bool:
        return True

    def write(self, _text: str) -> int:
        raise UserError(
            "standard output is closed", "redirect it to a file, or write the plan with --output FILE"
        )


def _closed_streams() -> None:
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stderr is None:  # messages have nowhere to go; the exit code still says what happened
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the whole run


def main() -> NoReturn:
    """The `connector-advisor` command: run it as started, then leave at once.

    Start-up allocates much and frees almost nothing, so the garbage collector stays off until the code the
    command needs is loaded, and what was loaded is then frozen (later collections skip it). Leaving does not
    tear the interpreter down: freeing every module and object one by one took longer than planning did."""
    gc.disable()
    _leave(started())


def started() -> int:
    """Run the command line in `sys.argv` and return its exit code (what `main` exits with)."""
    _closed_streams()
    _utf8_output()
    argv = sys.argv[1:]
    env = Environment(program=invocation(sys.argv[0], sys.executable))
    from advisor.cli.completion import completing

    if not argv and not completing(os.environ):  # Tab in a shell runs us with no arguments: not the wizard
        _loaded()
        return start_wizard(env)
    from advisor.cli.app import run

    _loaded()
    return run(argv, env)


def _loaded() -> None:
    """The code every run needs is loaded and lives until exit: collect again, but never walk it."""
    gc.freeze()
    gc.enable()


def _leave(code: int) -> NoReturn:
    """Exit as a normal exit would, flushed output and exit handlers first, without freeing each object."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader that closed the pipe: its choice
            stream.flush()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):  # what the exit handlers wrote
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
