"""One question of the wizard, as data: the answers-file key it fills, its words, when it can matter.

Choices, defaults and validators come from the key's declaration in `advisor.model`, so the wizard and the
answers file can never disagree. The bank itself is `advisor.wizard.question_bank`; its conditions are in
`advisor.wizard.conditions`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from advisor.model.answers import field_at
from advisor.model.fields import NOT_SURE, Field, Option
from advisor.model.validators import InvalidValue, split_list
from advisor.record import record

State = dict[str, Any]
Condition = Callable[[State, State], bool]  # (answers so far, the current partner or {})
PromptKind = Literal["select", "confirm", "list", "text"]


def always(_state: State, _partner: State) -> bool:
    return True


def never(_state: State, _partner: State) -> bool:
    return False


@record
class Question:
    """One wizard question, as data: the answers field it fills, its wording, choices and conditions."""

    id: str  # the answers-file path; "partners.x" is asked once per partner (any list of sections alike)
    text: str
    help: str
    when: Condition = always
    optional: Condition = never  # text and lists: an empty answer leaves the key out
    # narrows the choices (of a yes/no question too: keys True and False); one left is applied unasked
    options: Callable[[State, State], Mapping[Any, Option]] | None = None
    # the wizard's default when neither the answers nor the key give one; a function of (answers so far, the
    # current entry) when what is safe depends on earlier answers
    default: Any = None
    # how to find out, for questions people are often unsure of: offered with a "Not sure" choice (the key
    # takes `not-sure`), said once it is chosen; the plan then says what it assumed
    not_sure: str = ""

    @property
    def field(self) -> Field:
        found = field_at(self.id)
        assert found is not None, self.id
        return found

    @property
    def kind(self) -> PromptKind:
        kinds: dict[str, PromptKind] = {
            "choice": "select",
            "bool": "confirm",
            "list": "list",
            "section": "confirm",
        }
        return kinds.get(self.field.kind, "text")

    def fits_shape(self, value: object) -> bool:
        """A pre-filled value of the type the answers file accepts for this question's field (the types
        advisor.model.validation checks): text for text, a list of text for lists, true/false for flags,
        text or a whole number for choices (`exchange_version: 2016`). Anything else is asked again, never
        joined, converted or crashed on."""
        kind = self.field.kind
        if kind == "list":
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        if kind == "bool":
            return isinstance(value, bool) or (self.field.unsure and value == NOT_SURE)
        if kind == "section":
            return isinstance(value, dict)
        if kind == "choice":
            return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
        return isinstance(value, str)

    @property
    def key(self) -> str:
        return self.id.split(".")[-1]

    @property
    def asks_for_section(self) -> bool:
        """A yes/no question whose yes adds an optional section (filtering_service)."""
        return self.field.kind == "section"

    @property
    def section(self) -> str:
        """The answers-file section the question fills: `partners` for `partners.name`."""
        return self.id.split(".")[0]

    @property
    def repeated(self) -> bool:
        """Asked once per entry of a list of sections (`partners`, `processing_services`)."""
        found = field_at(self.section)
        return "." in self.id and found is not None and found.kind == "sections"

    def choices_for(self, state: State, partner: State | None = None) -> Mapping[Any, Option]:
        if self.options is not None:
            return self.options(state, partner or {})
        assert self.field.choices is not None
        return self.field.choices

    def parse(self, text: str, optional: bool = False) -> Any:
        """Turn what was typed into the answer's value; raise InvalidValue with a one-line reason."""
        f = self.field
        accepted = f.accepted or ""
        if self.kind == "list":
            items = split_list(text)
            if not items and (f.min_items or not optional):
                raise InvalidValue("give at least one value (separate several with commas)", accepted)
            out = []
            for item in items:
                try:
                    out.append(f.check.parse(item) if f.check else item)
                except InvalidValue as exc:
                    raise InvalidValue(f"{item}: {exc.reason}", exc.accepted) from None
            if len(set(out)) != len(out):
                raise InvalidValue("a value is listed twice", accepted)
            return out
        value = text.strip()
        if not value:
            if optional:
                return None
            raise InvalidValue("an answer is required", accepted)
        return f.check.parse(value) if f.check else value
