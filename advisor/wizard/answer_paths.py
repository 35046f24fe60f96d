"""Where a question's answer lives in the wizard's state: a dotted path, or a key of one entry of a list of
sections (`partners[1].name`)."""

from __future__ import annotations

from typing import Any

from advisor.wizard.question import Question, State


def entries(state: State, q: Question) -> list[State]:
    found = state.get(q.section)
    return found if isinstance(found, list) else []


def get_path(state: State, q: Question, partner: int | None) -> Any:
    if partner is not None:
        partners = entries(state, q)
        return partners[partner].get(q.key) if partner < len(partners) else None
    node: Any = state
    for part in q.id.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def set_path(state: State, q: Question, partner: int | None, value: Any) -> None:
    if partner is not None:
        state[q.section][partner][q.key] = value
        return
    parts = q.id.split(".")
    node = state
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def delete_path(state: State, q: Question, partner: int | None) -> None:
    if partner is not None:
        partners = entries(state, q)
        if partner < len(partners):
            partners[partner].pop(q.key, None)
        return
    parts = q.id.split(".")
    node: Any = state
    for part in parts[:-1]:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(parts[-1], None)
