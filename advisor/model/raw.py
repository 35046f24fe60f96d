"""Reading answers that are not validated yet (a file being checked, the wizard's answers so far).

Cross-field rules and the wizard's conditions read raw data tolerantly: a malformed value reads as its
declared default (its own problem is reported by the field checks), so every problem shows in one run.
Defaults come from the field declarations, never written again here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from advisor.errors import Problem
from advisor.model.fields import fields_of

Raw = dict[str, Any]


def mapping(value: object) -> Raw:
    """A raw section, or an empty one when it is absent or not a mapping."""
    return value if isinstance(value, dict) else {}


def listing(value: object) -> list[Any]:
    """A raw list, or an empty one when it is absent or not a list."""
    return value if isinstance(value, list) else []


def declared_default(section_class: type, key: str) -> Any:
    field = next(f for f in fields_of(section_class) if f.name == key)
    return field.default


def value(data: object, section_class: type, key: str) -> Any:
    """The raw value of `key` in a section, or its declared default when absent or empty."""
    found = data.get(key) if isinstance(data, dict) else None
    return declared_default(section_class, key) if found is None else found


def normalised(value: object) -> str | None:
    """Text compared case-insensitively without a trailing dot; None for anything else."""
    return value.strip().lower().rstrip(".") if isinstance(value, str) else None


def domain_key(value: object) -> str | None:
    """A domain, host or address as rules compare it: normalised, with internationalised names in their
    A-label form (IDNA 2008 / UTS #46), so `müller.de` and `xn--mller-kva.de` are the same domain. Text the
    validators refuse is compared as written (its own problem is reported elsewhere)."""
    text = normalised(value)
    if text is None or (text.isascii() and "xn--" not in text):
        return text
    wildcard, bare = ("*.", text[2:]) if text.startswith("*.") else ("", text)
    from advisor.model.validators import a_labels

    try:
        return wildcard + a_labels(bare)
    except ValueError:
        return text


def needs(section: Raw, path: str, key: str, why: str, accepted: str) -> Iterator[Problem]:
    """A companion problem when `key` is missing or empty."""
    if section.get(key) in (None, "", []):
        yield Problem(f"{path}.{key}", f"is required {why}", accepted=accepted, has_value=False)


def duplicates(section: object, prefix: str, key: str) -> Iterator[Problem]:
    """A problem for every value listed a second time under `key`."""
    seen: set[str] = set()
    for i, item in enumerate(listing(mapping(section).get(key))):
        norm = domain_key(item)
        if norm is None:
            continue
        if norm in seen:
            yield Problem(f"{prefix}{key}[{i}]", "is listed twice", item, "each value once")
        seen.add(norm)
