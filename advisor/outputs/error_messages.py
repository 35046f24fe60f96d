"""Errors as the user reads them: one line, every problem with its key path, then the hint."""

from __future__ import annotations

import json
from typing import TextIO

from advisor.errors import AdvisorError, AnswersInvalid, Interrupted, UserError

MAX_VALUE = 80  # characters of a bad value shown back to the user


def show_value(value: object) -> str:
    """A value as the user wrote it in YAML/JSON terms, shortened."""
    if isinstance(value, str):
        text = repr(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 3] + "..."


def report_error(error: AdvisorError, stream: TextIO, program: str = "connector-advisor") -> None:
    """Write a user error: one line, every problem with its key path, then the hint.

    Commands the message suggests are written as the user ran the tool (`program`)."""
    if isinstance(error, Interrupted):
        stream.write(f"\n{error.message}\n")
        return
    stream.write(f"error: {error.message}\n")
    if isinstance(error, AnswersInvalid):
        for problem in error.problems:
            value = f" = {show_value(problem.value)}" if problem.has_value else ""
            stream.write(f"  {problem.path}{value}: {problem.message}\n")
            if problem.accepted:
                stream.write(f"      accepted: {problem.accepted}\n")
    if isinstance(error, UserError) and error.hint:
        stream.write(f"hint: {error.hint.replace('`connector-advisor ', f'`{program} ')}\n")
