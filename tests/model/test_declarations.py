"""Each answers key is declared once, and everything that reads the declarations agrees with them."""

from __future__ import annotations

import typing

import pytest

from advisor.advice import catalogue
from advisor.advice.decide import decide
from advisor.errors import AnswersInvalid
from advisor.inputs.answers_file import load_example
from advisor.inputs.examples import examples
from advisor.model.answers import SECTION_TABLES, Answers
from advisor.model.fields import Field, fields_of
from advisor.model.validation import validate_answers
from advisor.model.validators import InvalidValue
from advisor.wizard.question_bank import QUESTIONS
from tests.corpus import raw_answers

SECTIONS = [Answers, *(f.section for f in fields_of(Answers) if f.section is not None)]
ALL_FIELDS = [(cls.__name__, f) for cls in SECTIONS for f in fields_of(cls)]


def _literal_values(annotation: object) -> set[str]:
    """The values of a Literal, also inside `X | None`."""
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    return set().union(*(_literal_values(a) for a in typing.get_args(annotation)))


@pytest.mark.parametrize(("section", "field"), ALL_FIELDS, ids=lambda x: getattr(x, "name", x))
def test_declaration_is_complete(section: str, field: Field) -> None:
    assert field.description.endswith("."), (section, field.name)
    if field.kind == "choice":
        assert field.choices
        hints = typing.get_type_hints(next(c for c in SECTIONS if c.__name__ == section))
        assert set(field.choices) == _literal_values(hints[field.name]), "choices and the type disagree"
        assert field.default is None or field.default in field.choices
    if field.kind in ("text", "list"):
        assert field.check is not None
        assert field.accepted


@pytest.mark.parametrize(("section", "field"), ALL_FIELDS, ids=lambda x: getattr(x, "name", x))
def test_examples_pass_their_own_validator(section: str, field: Field) -> None:
    """The example a key documents (schema `examples`) is one its validator accepts."""
    values = field.example if isinstance(field.example, list) else [field.example]
    for value in values:
        if value is None or field.check is None:
            continue
        try:
            field.check.parse(value)
        except InvalidValue as exc:  # pragma: no cover - the failure message
            pytest.fail(f"{section}.{field.name}: example {value!r} is refused: {exc.reason}")


def test_every_key_has_a_question_or_is_file_only() -> None:
    """The wizard asks every key of the model except the format keys and the file-only sections (the
    handouts' document control, which consultants keep in the file)."""
    from advisor.model.answers import FILE_ONLY_SECTIONS

    asked = {q.id for q in QUESTIONS}
    declared = {
        f"{table_name}.{f.name}" if table_name else f.name
        for table_name, table in _named_tables()
        for f in table
        if f.kind not in ("section", "sections", "const") and table_name not in FILE_ONLY_SECTIONS
    }
    assert declared - asked == {"$schema"}


def _named_tables() -> list[tuple[str, tuple[Field, ...]]]:
    sections = [(f.name, f.table) for f in fields_of(Answers) if f.section is not None]
    return [("", SECTION_TABLES[0]), *sections]


def _every_parameter_planned() -> dict[str, set[str]]:
    plans = [decide(load_example(name)) for name in examples()]
    for data in raw_answers(600):
        try:
            plans.append(decide(validate_answers(data)))
        except AnswersInvalid:
            continue
    found: dict[str, set[str]] = {"inbound": set(), "outbound": set()}
    for plan in plans:
        for c in plan.connectors:
            found[c.direction] |= set(c.parameters)
    return found


def test_every_parameter_the_engine_sets_has_an_admin_center_label() -> None:
    labels = catalogue.admin_center_labels()
    for direction, parameters in _every_parameter_planned().items():
        missing = sorted(parameters - set(labels[direction]) - {"Name"})
        assert not missing, f"{direction} parameters with no admin-center label in catalogue.yaml: {missing}"
        assert len(parameters) > 5  # the corpus reached the connectors
