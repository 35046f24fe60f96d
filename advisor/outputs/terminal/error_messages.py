"""Messages as the user reads them on standard error: errors (one line, every problem with its key path, then
the hint), and the line that names each file written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from advisor.environment import as_started
from advisor.errors import AdvisorError, AnswersInvalid, Interrupted, UserError
from advisor.model.validators import CONTROL_CHARACTERS

MAX_VALUE = 80  # characters of a bad value shown back to the user


def show_value(value: object) -> str:
    """A value as the user wrote it in YAML/JSON terms, shortened. Only as much of it is written out as can
    be shown, so a huge or deeply nested value costs no more than a small one; characters that cannot be
    written (a lone surrogate) are shown escaped."""
    if isinstance(value, str):
        text = repr(value[: MAX_VALUE + 1])
    else:
        pieces: list[str] = []
        _write_bounded(value, pieces, MAX_VALUE + 1)
        text = "".join(pieces)
    if len(text) > MAX_VALUE:
        text = text[: MAX_VALUE - 3] + "..."
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _write_bounded(value: object, pieces: list[str], budget: int) -> int:
    """Append `value` as JSON-like text to `pieces`, stopping once `budget` characters are spent."""
    if budget <= 0:
        return budget
    if isinstance(value, dict):
        budget = _append(pieces, "{", budget)
        for i, (key, item) in enumerate(value.items()):
            if budget <= 0:
                return budget
            budget = _append(pieces, (", " if i else "") + _scalar(str(key), budget) + ": ", budget)
            budget = _write_bounded(item, pieces, budget)
        return _append(pieces, "}", budget)
    if isinstance(value, list):
        budget = _append(pieces, "[", budget)
        for i, item in enumerate(value):
            if budget <= 0:
                return budget
            if i:
                budget = _append(pieces, ", ", budget)
            budget = _write_bounded(item, pieces, budget)
        return _append(pieces, "]", budget)
    return _append(pieces, _scalar(value, budget), budget)


def _scalar(value: object, budget: int) -> str:
    if isinstance(value, str):
        return json.dumps(value[:budget], ensure_ascii=False)
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int) and value.bit_length() > MAX_VALUE * 4:  # str() refuses over 4,300 digits
        return "<a number of hundreds of digits>"
    return str(value)[:budget]


def _append(pieces: list[str], text: str, budget: int) -> int:
    pieces.append(text[: max(budget, 0)])
    return budget - len(text)


def printable(text: str) -> str:
    """Message text as one terminal line: control characters (an escape sequence in a file name, a line
    break in a key) and lone surrogates are shown escaped, never sent to the terminal."""
    from advisor.outputs.engine.quoting import escaped

    text = CONTROL_CHARACTERS.sub(escaped, text)
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def report_error(error: AdvisorError, stream: TextIO, program: str = "connector-advisor") -> None:
    """Write a user error: one line, every problem with its key path, then the hint.

    Commands the message suggests are written as the user ran the tool (`program`). Paths, file names and
    key names in the text can come from the user: every line goes through `printable`."""
    if isinstance(error, Interrupted):
        stream.write(f"\n{printable(error.message)}\n")
        return
    stream.write(f"error: {printable(error.message)}\n")
    if isinstance(error, AnswersInvalid):
        for problem in error.problems:
            value = f" = {show_value(problem.value)}" if problem.has_value else ""
            stream.write(f"  {printable(problem.path)}{value}: {printable(problem.message)}\n")
            if problem.accepted:
                stream.write(f"      accepted: {printable(problem.accepted)}\n")
    if isinstance(error, UserError) and error.hint:
        hint = as_started(error.hint, program)
        stream.write(f"hint: {printable(hint)}\n")


def report_written(stream: TextIO, paths: list[Path]) -> None:
    """The "wrote FILE" line for each file written, the one way every command says it."""
    for path in paths:
        stream.write(f"wrote {printable(str(path))}\n")
