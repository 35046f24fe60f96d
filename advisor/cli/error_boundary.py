"""The error boundary: the one place that turns failures into exit codes and one-line messages."""

from __future__ import annotations

import os
from collections.abc import Callable

from advisor.environment import Environment
from advisor.errors import OS_REASONS, AdvisorError, ExitCode, environment_failure


def guarded(env: Environment, action: Callable[[], int], extra: Callable[[BaseException], int | None]) -> int:
    """Run `action`, turning every failure into its exit code and one-line message, never a traceback.

    `extra` handles the command line's own exceptions (usage errors); it returns None for the others."""
    try:
        code = action()
        env.stdout.flush()  # a full disk behind a redirect shows here, not after the boundary
        return code
    except KeyboardInterrupt:
        env.stderr.write("\ninterrupted\n")
        return ExitCode.INTERRUPTED
    except AdvisorError as exc:
        from advisor.outputs.terminal.error_messages import report_error

        report_error(exc, env.stderr, env.program)
        return _with_notes(env, exc, exc.exit_code)
    except OSError as exc:
        return _with_notes(env, exc, _system_failure(env, exc, extra))
    except Exception as exc:  # the last line of defence: no traceback for users
        return _with_notes(env, exc, _unexpected(env, exc, extra))


def _with_notes(env: Environment, exc: BaseException, code: int) -> int:
    """What was added on the way out (where the wizard kept the answers typed so far), after the error."""
    from advisor.outputs.terminal.error_messages import printable

    for note in getattr(exc, "__notes__", []):
        env.stderr.write(f"note: {printable(str(note))}\n")
    return code


def _system_failure(env: Environment, exc: OSError, extra: Callable[[BaseException], int | None]) -> int:
    """A closed pipe is the reader's choice (exit 0, as `cat` does); a full disk or a refused permission is
    the environment (exit 2, one line); anything else is unexpected."""
    if isinstance(exc, BrokenPipeError):
        _silence_stdout()
        return ExitCode.OK
    if exc.errno not in OS_REASONS:
        return _unexpected(env, exc, extra)
    from advisor.outputs.terminal.error_messages import report_error

    # no file name: standard output (a redirect to a full disk); with one, it may have been a read
    failure = (
        environment_failure(exc.filename, exc, doing="use")
        if exc.filename
        else environment_failure("the output", exc)
    )
    report_error(failure, env.stderr, env.program)
    return failure.exit_code


def _unexpected(env: Environment, exc: Exception, extra: Callable[[BaseException], int | None]) -> int:
    handled = extra(exc)
    if handled is not None:
        return handled
    if env.variables.get("CONNECTOR_ADVISOR_DEBUG"):
        raise exc
    from advisor.outputs.terminal.error_messages import printable

    env.stderr.write(
        f"internal error: {type(exc).__name__}: {printable(str(exc))}\n"
        "hint: this is a bug in connector-advisor; rerun with CONNECTOR_ADVISOR_DEBUG=1 "
        f"for details and report it (pid {os.getpid()})\n"
    )
    return ExitCode.UNEXPECTED


def _silence_stdout() -> None:
    """After a broken pipe, send what is left to /dev/null so the interpreter's last flush cannot fail."""
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # not a real file (tests inject streams): nothing to silence
