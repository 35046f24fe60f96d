"""The terminal and process environment the CLI runs in, injectable for tests (as in httpie)."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Iterator, Mapping
from dataclasses import field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from advisor.record import record
from advisor.shell_words import program_words

if TYPE_CHECKING:
    from rich.console import Console


PIPED_WIDTH = 120  # columns for tables written to a pipe or a file (rich would choose 80)


def invocation(argv0: str, executable: str) -> str:
    """How to run the tool again as it was run now: its name when that is on PATH, else the path typed, or
    `python -m advisor` (with the interpreter's full path when that is not on PATH)."""
    path = Path(argv0)
    if path.name == "__main__.py":
        python = Path(executable).name
        found = shutil.which(python)
        runner = python if found and Path(found).resolve() == Path(executable).resolve() else executable
        return f"{program_words(runner)} -m advisor"
    found = shutil.which(path.name)
    if found and Path(found).resolve() == path.resolve():
        return path.name
    return program_words(argv0)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def as_started(text: str, program: str) -> str:
    """The commands `text` quotes in backticks, `connector-advisor ...`, as `program ...` (how the user
    started the tool: `.venv/bin/connector-advisor`, `python -m advisor`), so they paste back as they are."""
    return text.replace("`connector-advisor ", f"`{program} ")


@record(frozen=False)
class Environment:
    """Where the program meets the world (streams, terminal, variables, clock); tests inject their own."""

    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    variables: Mapping[str, str] = field(default_factory=lambda: os.environ)
    stdin_isatty: bool | None = None
    stdout_isatty: bool | None = None
    stderr_isatty: bool | None = None
    no_color: bool = False
    program: str = "connector-advisor"  # how the user started the tool, for commands we suggest

    def __post_init__(self) -> None:
        if self.stdin_isatty is None:
            self.stdin_isatty = _isatty(self.stdin)
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)
        if self.stderr_isatty is None:
            self.stderr_isatty = _isatty(self.stderr)
        if "NO_COLOR" in self.variables and self.variables["NO_COLOR"] != "":
            self.no_color = True

    def today(self) -> date:
        """The date printed on outputs; SOURCE_DATE_EPOCH makes it reproducible."""
        epoch = self.variables.get("SOURCE_DATE_EPOCH", "")
        if epoch.isascii() and epoch.isdigit():
            try:
                return datetime.fromtimestamp(int(epoch), tz=UTC).date()
            except (OverflowError, ValueError, OSError):  # beyond the dates Python can hold
                pass
        return date.today()

    def command(self, arguments: str) -> str:
        """A command line to suggest, in the form the user can paste: `connector-advisor plan FILE`."""
        return f"{self.program} {arguments}"

    def as_started(self, text: str) -> str:
        """`text` with the commands it quotes (`connector-advisor ...`) as the user started the tool."""
        return as_started(text, self.program)

    def columns(self) -> int:
        """The terminal's width: COLUMNS when it is a number, else the size of the terminal standard output
        is, else 80 (asked each time: a terminal can be resized between questions)."""
        given = self.variables.get("COLUMNS", "")
        if given.isascii() and given.isdigit() and int(given) > 0:
            return int(given)
        try:
            return os.get_terminal_size(self.stdout.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            return 80

    @property
    def interactive(self) -> bool:
        return bool(self.stdin_isatty and self.stdout_isatty)

    def console(self, stderr: bool = False) -> Console:
        """A rich Console writing to this environment's stdout (or stderr)."""
        from rich.console import Console

        stream = self.stderr if stderr else self.stdout
        terminal = self.stderr_isatty if stderr else self.stdout_isatty
        columns = self.variables.get("COLUMNS", "")
        # piped or redirected: wide enough that tables read well, instead of rich's 80 columns
        numeric = columns.isascii() and columns.isdigit()
        width = None if terminal or numeric else PIPED_WIDTH
        # rich reads COLUMNS/LINES itself and fails on "²" (a digit that is not a number): only numbers pass
        environ = {
            k: v
            for k, v in os.environ.items()
            if k not in ("COLUMNS", "LINES") or (v.isascii() and v.isdigit())
        }

        class PipeAwareConsole(Console):
            def on_broken_pipe(self) -> None:
                raise BrokenPipeError  # rich would exit 1; the error boundary exits 0, as `cat` does

        return PipeAwareConsole(
            file=stream, no_color=self.no_color, highlight=False, emoji=False, width=width, _environ=environ
        )


# The signals that stop a run: Ctrl-C, and the two that SIGINT's behaviour is given to (`kill`, a closed
# terminal). Windows has no SIGHUP.
STOPPING_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def interrupt_on_stopping_signals() -> dict[int, Any]:
    """From now on SIGTERM and SIGHUP (a closed terminal, `kill`) stop the run as Ctrl-C does, so the wizard
    keeps the answers in its recovery file and writers remove their temporary files. Returns the handlers
    replaced."""
    import signal

    previous: dict[int, Any] = {}
    for name in STOPPING_SIGNALS[1:]:  # SIGINT raises KeyboardInterrupt already
        sig = getattr(signal, name, None)
        if sig is None:  # Windows has no SIGHUP
            continue
        try:
            previous[sig] = signal.signal(sig, _interrupt)
        except ValueError:  # not the main thread (tests run commands in threads): leave them alone
            break
    return previous


@contextlib.contextmanager
def stopping_signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP held back in this thread while inside, and delivered when it ends (POSIX;
    elsewhere nothing is held). For the few steps that must not be cut between two calls, such as creating
    a file and filling it, or taking a lock and releasing it: Python runs a signal's handler as soon as a
    call returns, so no `try` can cover the moment right after the first call."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    wanted = [getattr(signal, name) for name in STOPPING_SIGNALS if hasattr(signal, name)]
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, wanted)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def stopping_signals_interrupt() -> Iterator[None]:
    """SIGTERM and SIGHUP act as Ctrl-C while inside (see interrupt_on_stopping_signals)."""
    import signal

    previous = interrupt_on_stopping_signals()
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
