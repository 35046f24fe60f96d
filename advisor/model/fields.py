"""Declaring answers-file keys: each key is declared once, on its section's dataclass.

A section is a frozen dataclass whose attributes are declared with `text`, `flag`, `choice`, `items`,
`section`, `sections` or `const`. Each declaration carries the key's description, default, validator,
choices and an example; `fields_of(SectionClass)` reads them back as `Field` records. Validation, the
JSON Schema, the wizard's choices/defaults/validators and the saved answers template all read `Field`s.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping
from typing import Any, NamedTuple, cast

from advisor.model.validators import Check
from advisor.model.vocabulary import FieldKind
from advisor.record import record

_KEY = "answers_field"


class Option(NamedTuple):
    """A choice as people see it: the label in the admin's words, and what it means."""

    label: str
    description: str


_NO_DEFAULT: Any = dataclasses.MISSING


@record
class Field:
    """One key of the answers file, as declared on its section."""

    name: str
    kind: FieldKind
    description: str
    required: bool = False
    default: Any = None
    check: Check | None = None  # text values and list items
    choices: Mapping[str, Option] | None = None
    section: type[Any] | None = None  # the section dataclass, for section and sections keys
    min_items: int = 0
    example: Any = None
    label: str | None = (
        None  # the key in a few words, where advice names it ("your server's sending addresses")
    )
    unsure: bool = False  # a true/false key that also takes `not-sure` (read as None: the plan assumes)
    any_case: bool = False  # a choice also written in other letter case (`draft` for Draft)

    @property
    def accepted(self) -> str | None:
        """What the key accepts, in words (from its validator)."""
        return self.check.accepted if self.check else None

    def choose(self, value: object) -> str | None:
        """The choice `value` names, else None: exactly, in any letter case (around spaces too) where the key
        says so, or a number written without quotes (`exchange_version: 2016`)."""
        assert self.choices is not None
        if isinstance(value, str):
            if value in self.choices:
                return value
            if self.any_case:
                written = value.strip(" \t").lower()  # spaces and tabs only, as the schema's pattern says
                return next((c for c in self.choices if c.lower() == written), None)
        if isinstance(value, int) and not isinstance(value, bool) and str(value) in self.choices:
            return str(value)
        return None

    @property
    def table(self) -> tuple[Field, ...]:
        """The keys of a section (empty for plain keys)."""
        return fields_of(cast(type, self.section)) if self.section is not None else ()


@record
class _Declaration:
    """What a field helper declares about one answers field, before its name is known."""

    kind: FieldKind
    description: str
    required: bool
    check: Check | None = None
    choices: Mapping[str, Option] | None = None
    section: type | None = None
    min_items: int = 0
    example: Any = None
    label: str | None = None
    unsure: bool = False
    any_case: bool = False


def _declare(declaration: _Declaration, default: Any) -> Any:
    metadata = {_KEY: declaration}
    if declaration.required:
        return dataclasses.field(metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def text(description: str, *, check: Check, required: bool = False, example: str | None = None) -> Any:
    """A text key checked by `check`; absent means None unless required."""
    return _declare(_Declaration("text", description, required, check=check, example=example), None)


NOT_SURE = "not-sure"  # what a flag declared `unsure=True` takes besides true and false


def flag(description: str, *, default: bool | None, unsure: bool = False) -> Any:
    """A true/false key; default None means "not said" (the advice then covers both cases). With `unsure`,
    `not-sure` is accepted too and read as None: the plan says what it assumed and how to find out."""
    return _declare(_Declaration("bool", description, False, example=default, unsure=unsure), default)


def choice(
    description: str,
    *,
    choices: Mapping[str, Option],
    default: str | None = None,
    required: bool = False,
    any_case: bool = False,
) -> Any:
    """One of `choices` (value -> label and description); with `any_case`, in any letter case too."""
    example = default if default is not None else next(iter(choices))
    declaration = _Declaration(
        "choice", description, required, choices=choices, example=example, any_case=any_case
    )
    return _declare(declaration, default)


def items(
    description: str,
    *,
    check: Check,
    required: bool = False,
    min_items: int = 0,
    example: tuple[str, ...] = (),
    label: str | None = None,
) -> Any:
    """A list of text values, each checked by `check`; absent means empty unless required."""
    declaration = _Declaration(
        "list", description, required, check=check, min_items=min_items, example=list(example), label=label
    )
    return _declare(declaration, ())


def section(description: str, of: type, *, required: bool = False) -> Any:
    """A nested section; absent means None unless required."""
    return _declare(_Declaration("section", description, required, section=of), None)


def sections(description: str, of: type) -> Any:
    """A list of sections (one per entry); absent means none."""
    return _declare(_Declaration("sections", description, False, section=of), ())


def const(description: str, value: int) -> Any:
    """A key whose only accepted value is `value` (the format version)."""
    return _declare(_Declaration("const", description, True, example=value), value)


@functools.cache
def fields_of(section_class: type) -> tuple[Field, ...]:
    """The declared keys of a section dataclass, in declaration order."""
    out = []
    for attribute in dataclasses.fields(section_class):
        declared: _Declaration = attribute.metadata[_KEY]
        default = attribute.default if attribute.default is not _NO_DEFAULT else None
        if declared.kind == "const":
            default = declared.example
        out.append(
            Field(
                attribute.name,
                declared.kind,
                declared.description,
                required=declared.required,
                default=default,
                check=declared.check,
                choices=declared.choices,
                section=declared.section,
                min_items=declared.min_items,
                example=declared.example,
                label=declared.label,
                unsure=declared.unsure,
                any_case=declared.any_case,
            )
        )
    return tuple(out)
