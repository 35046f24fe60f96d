"""The JSON Schema of the answers file, generated from the declared keys (for editors)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from advisor.model.answers import ANSWERS, FORMAT_VERSION
from advisor.model.fields import Field


def _text_schema(f: Field) -> dict[str, Any]:
    accepted = f" Accepted: {f.accepted}." if f.accepted else ""
    return {"description": f.description + accepted, "type": "string"}


def _choice_schema(f: Field) -> dict[str, Any]:
    assert f.choices is not None
    listed = {
        "enum": list(f.choices),
        "enumDescriptions": [f"{o.label}: {o.description}" for o in f.choices.values()],
    }
    if not f.any_case:
        return {"description": f.description, "type": "string", **listed}
    # the listed spellings for editors to offer, and the same words in any letter case (JSON Schema patterns
    # have no case-insensitive flag, so each letter is a class: draft -> [Dd][Rr][Aa][Ff][Tt])
    words = "|".join(
        "".join(f"[{c.upper()}{c.lower()}]" if c.isalpha() else re.escape(c) for c in choice)
        for choice in f.choices
    )
    return {
        "description": f.description,
        "type": "string",
        "anyOf": [listed, {"pattern": f"^[ \\t]*(?:{words})[ \\t]*$"}],
    }


def _list_schema(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"description": f.description, "type": "array"}
    out["items"] = {"type": "string", "description": f.accepted or ""}
    if f.min_items:
        out["minItems"] = f.min_items
    return out


def _section_schema(f: Field) -> dict[str, Any]:
    if f.required:
        return {"description": f.description, **_object_schema(f.table)}
    return {"description": f.description, "anyOf": [_object_schema(f.table), {"type": "null"}]}


_BY_KIND: dict[str, Callable[[Field], dict[str, Any]]] = {
    "text": _text_schema,
    "bool": lambda f: (
        {"description": f.description, "type": "boolean"}
        if not f.unsure
        else {"description": f.description, "anyOf": [{"type": "boolean"}, {"const": "not-sure"}]}
    ),
    "const": lambda f: {"description": f.description, "const": f.default},
    "choice": _choice_schema,
    "list": _list_schema,
    "section": _section_schema,
    "sections": lambda f: {"description": f.description, "type": "array", "items": _object_schema(f.table)},
}


def _schema_for(f: Field) -> dict[str, Any]:
    out = _BY_KIND[f.kind](f)
    if f.default is not None and f.kind not in ("const", "section"):
        out["default"] = list(f.default) if isinstance(f.default, tuple) else f.default
    if f.example not in (None, []) and f.kind in ("text", "list"):
        out["examples"] = [f.example]
    if not f.required and f.kind in ("text", "list", "sections"):
        out = {"description": out.pop("description"), "anyOf": [out, {"type": "null"}]}
    return out


def _object_schema(table: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {f.name: _schema_for(f) for f in table},
        "required": [f.name for f in table if f.required],
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors can use to check answers files."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "connector-advisor.schema.json",
        "title": "connector-advisor answers file",
        "description": f"Answers for connector-advisor (format version {FORMAT_VERSION}).",
        **_object_schema(ANSWERS),
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2)
