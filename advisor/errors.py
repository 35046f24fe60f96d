"""The one error hierarchy. Only the CLI turns these into output and exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class AdvisorError(Exception):
    """Base class for every error the advisor raises on purpose."""

    exit_code = 1


class UserError(AdvisorError):
    """Something the user can fix: a message and a hint. Exit code 2."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Problem:
    """One problem in an answers file: where, what was given, what is accepted."""

    path: str
    message: str
    value: Any = None
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
    """The user pressed Ctrl-C; the message says where their answers were kept. Exit code 130."""

    exit_code = 130

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
