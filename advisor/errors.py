"""The one error hierarchy and the exit codes. Only the CLI turns errors into output and exit codes."""

from __future__ import annotations

import errno
from enum import IntEnum

from advisor.record import record


class ExitCode(IntEnum):
    """Every exit code the command line uses."""

    OK = 0
    UNEXPECTED = 1  # a bug: the error boundary prints one line, not a traceback
    USAGE = 2  # bad input or usage: a wrong answers file, a missing file, an unknown option
    FINDINGS = 3  # audit: findings at or above --fail-on; diff: not in step with the plan
    INTERRUPTED = 130  # Ctrl-C


class AdvisorError(Exception):
    """Base class for every error the advisor raises on purpose."""

    exit_code = ExitCode.UNEXPECTED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserError(AdvisorError):
    """Something the user can fix: a message and a hint."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


@record
class Problem:
    """One problem in an answers file: where, what was given, what is accepted."""

    path: str
    message: str
    value: object = None
    accepted: str | None = None
    has_value: bool = True


class AnswersInvalid(UserError):
    """An answers file (or wizard state) failed validation; carries every problem at once."""

    def __init__(self, problems: list[Problem], source: str = "answers") -> None:
        count = len(problems)
        super().__init__(
            f"{source} has {count} problem{'s' if count != 1 else ''}",
            "fix the keys listed above and run the command again; "
            "`connector-advisor schema` prints the JSON Schema for editors",
        )
        self.problems = problems
        self.source = source


class Interrupted(AdvisorError):
    """The user pressed Ctrl-C; the message says where their answers were kept."""

    exit_code = ExitCode.INTERRUPTED


OS_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.EROFS: "the file system is read-only",
    errno.EIO: "an input/output error",
}


def environment_failure(where: object, exc: OSError, doing: str = "write") -> UserError:
    """A failure of the disk or the system around us (not a bug): exit 2 with what, where and what to do.
    `doing` is the verb for what failed ("write", or "use" when it is not known to be a write)."""
    reason = OS_REASONS.get(exc.errno or 0, exc.strerror or str(exc))
    return UserError(
        f"cannot {doing} {where}: {reason}", "free space or fix the permissions, then run it again"
    )
