"""Validating answers (YAML, JSON or the wizard's): every problem at once, each with its key path.

Walks the declared keys (`advisor.model.fields`), then the cross-field rules of every section, then builds
the frozen `Answers`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from advisor.errors import AnswersInvalid, Problem
from advisor.model.answers import ANSWERS, SECTION_TABLES, Answers, rule_problems
from advisor.model.fields import NOT_SURE, Field, fields_of
from advisor.model.validators import InvalidValue

_TYPE_WORDS: dict[type, str] = {
    dict: "a section",
    list: "a list",
    str: "text",
    bool: "true/false",
    int: "a number",
    float: "a number",
}


def describe_type(value: object) -> str:
    """What kind of value this is, in the words of a YAML or JSON file."""
    if value is None:
        return "empty"
    return _TYPE_WORDS.get(type(value), type(value).__name__)


def _check_text(f: Field, value: object, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, str):
        problems.append(Problem(path, f"must be text, not {describe_type(value)}", value, f.accepted))
        return None
    try:
        return f.check.parse(value) if f.check else value
    except InvalidValue as exc:
        problems.append(Problem(path, exc.reason, value, exc.accepted))
        return None


def _did_you_mean(value: object, accepted: Iterable[str]) -> str:
    """The hint for a near miss ("; did you mean 'x'?"), else "". difflib loads only for a wrong answer, not
    before the wizard's first question."""
    import difflib

    close = difflib.get_close_matches(str(value), list(accepted), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_choice(f: Field, value: object, path: str, problems: list[Problem]) -> Any:
    assert f.choices is not None
    chosen = f.choose(value)
    if chosen is not None:
        return chosen
    hint = _did_you_mean(value, f.choices)
    problems.append(
        Problem(path, f"is not one of the choices{hint}", value, "one of: " + ", ".join(f.choices))
    )
    return None


def _check_list(f: Field, value: object, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, list):
        problems.append(
            Problem(path, f"must be a list, not {describe_type(value)}", value, "a list, for example [a, b]")
        )
        return None
    if len(value) < f.min_items:
        problems.append(Problem(path, "needs at least one entry", value, f.accepted))
        return None
    return tuple(_check_text(f, item, f"{path}[{i}]", problems) for i, item in enumerate(value))


def _check_sections(f: Field, value: object, path: str, problems: list[Problem]) -> Any:
    if not isinstance(value, list):
        problems.append(
            Problem(
                path,
                f"must be a list of sections, not {describe_type(value)}",
                value,
                "a list of sections, one per entry",
            )
        )
        return None
    return tuple(_check_section(f.table, item, f"{path}[{i}]", problems) for i, item in enumerate(value))


def _check_bool(f: Field, value: object, path: str, problems: list[Problem]) -> Any:
    if isinstance(value, bool):
        return value
    if f.unsure and value == NOT_SURE:
        return None
    accepted = f"true, false or {NOT_SURE}" if f.unsure else "true or false"
    problems.append(Problem(path, f"is not {accepted}", value, accepted))
    return None


def _check_const(f: Field, value: object, path: str, problems: list[Problem]) -> Any:
    if value == f.default and not isinstance(value, bool):
        return value
    problems.append(Problem(path, "is not a supported version", value, str(f.default)))
    return None


def _check_nested(f: Field, value: object, path: str, problems: list[Problem]) -> Any:
    return _check_section(f.table, value, path, problems)


Checker = Callable[[Field, object, str, list[Problem]], Any]
_CHECKERS: dict[str, Checker] = {
    "text": _check_text,
    "bool": _check_bool,
    "const": _check_const,
    "choice": _check_choice,
    "list": _check_list,
    "section": _check_nested,
    "sections": _check_sections,
}


def _check_section(
    table: tuple[Field, ...], data: object, path: str, problems: list[Problem]
) -> dict[str, Any] | None:
    if not isinstance(data, dict):
        problems.append(
            Problem(
                path or "(top level)",
                f"must be a section of keys, not {describe_type(data)}",
                data,
                "keys: " + ", ".join(f.name for f in table),
            )
        )
        return None
    known = {f.name: f for f in table}
    prefix = f"{path}." if path else ""
    for key, value in data.items():
        if key not in known:
            hint = _did_you_mean(key, known)
            problems.append(
                Problem(f"{prefix}{key}", f"is not a known key{hint}", value, "one of: " + ", ".join(known))
            )
    out: dict[str, Any] = {}
    for f in table:
        value = data.get(f.name)
        if value is not None:
            out[f.name] = _CHECKERS[f.kind](f, value, f"{prefix}{f.name}", problems)
        elif f.required:
            problems.append(
                Problem(
                    f"{prefix}{f.name}", "is required", accepted=f.accepted or f.description, has_value=False
                )
            )
        else:
            out[f.name] = f.default
    return out


def _build(section_class: type, values: dict[str, Any]) -> Any:
    """The frozen section dataclass for validated values (nested sections built too)."""
    arguments: dict[str, Any] = {}
    for f in fields_of(section_class):
        value = values.get(f.name)
        if f.kind == "section" and value is not None:
            assert f.section is not None
            value = _build(f.section, value)
        elif f.kind == "sections":
            assert f.section is not None
            value = tuple(_build(f.section, item) for item in value or ())
        arguments[f.name] = value
    return section_class(**arguments)


def validate_answers(data: object, source: str = "answers") -> Answers:
    """Validate raw answers (YAML, JSON or the wizard); raise AnswersInvalid listing every problem."""
    problems: list[Problem] = []
    values = _check_section(ANSWERS, data, "", problems)
    seen = {(p.path, p.message) for p in problems}
    problems += [p for p in rule_problems(data) if (p.path, p.message) not in seen]
    if problems or values is None:
        problems.sort(key=lambda p: _path_key(p.path))
        raise AnswersInvalid(problems, source)
    built: Answers = _build(Answers, values)
    return built


@functools.cache
def _field_order() -> dict[str, int]:
    order: dict[str, int] = {}
    for table in SECTION_TABLES:
        for i, f in enumerate(table):
            order.setdefault(f.name, i)
    return order


def _path_key(path: str) -> list[tuple[int, int, str]]:
    order = _field_order()
    parts: list[tuple[int, int, str]] = []
    for chunk in path.replace("]", "").replace("[", ".").split("."):
        index = chunk.isascii() and chunk.isdigit()  # a list index; "²" is a digit but not a number
        parts.append((0, int(chunk), "") if index else (1, order.get(chunk, 99), chunk))
    return parts
