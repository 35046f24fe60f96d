"""Reading generated PowerShell with the real tree-sitter grammar, for the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import tree_sitter_powershell
from tree_sitter import Language, Node, Parser


@cache
def parser() -> Parser:
    return Parser(Language(tree_sitter_powershell.language()))


def parse(source: str) -> Node:
    return parser().parse(source.encode("utf-8")).root_node


def problems(root: Node) -> list[str]:
    """ERROR and MISSING nodes, with positions."""
    found: list[str] = []

    def walk(node: Node) -> None:
        if node.type == "ERROR" or node.is_missing:
            found.append(f"{node.type} at {node.start_point}")
        for child in node.children:
            walk(child)

    walk(root)
    return found


@dataclass
class Command:
    name: str
    parameters: dict[str, Node | None] = field(default_factory=dict)
    text: str = ""


def _text(node: Node) -> str:
    return node.text.decode("utf-8")


def commands(root: Node) -> list[Command]:
    """Every command invocation: its name and each -Parameter with the argument node after it."""
    out: list[Command] = []

    def walk(node: Node) -> None:
        if node.type == "command":
            name_node = node.child_by_field_name("command_name") or next(
                (c for c in node.children if c.type == "command_name"), None
            )
            name = _text(name_node) if name_node is not None else ""
            command = Command(name, text=_text(node))
            elements = next((c for c in node.children if c.type == "command_elements"), None)
            if elements is not None:
                items = [c for c in elements.children if c.type not in ("command_argument_sep",)]
                for i, item in enumerate(items):
                    if item.type == "command_parameter":
                        key = _text(item).lstrip("-")
                        if ":" in key:  # -Confirm:$false
                            key = key.split(":", 1)[0]
                            command.parameters[key] = None
                            continue
                        nxt = items[i + 1] if i + 1 < len(items) else None
                        command.parameters[key] = (
                            nxt if nxt is not None and nxt.type != "command_parameter" else None
                        )
            out.append(command)
        for child in node.children:
            walk(child)

    walk(root)
    return out


def literal(node: Node | None) -> Any:
    """The value of a simple argument: 'text', $true/$false, @('a', 'b'); None for anything else."""
    if node is None:
        return None
    text = _text(node)
    if text.lower() in ("$true", "$false"):
        return text.lower() == "$true"
    strings = []

    def walk(n: Node) -> None:
        if n.type == "string_literal":
            strings.append(single_quoted_value(_text(n)))
            return
        for c in n.children:
            walk(c)

    walk(node)
    if node.type == "array_expression" or text.startswith("@("):
        return strings
    return strings[0] if len(strings) == 1 else None


QUOTES = "'\u2018\u2019\u201a\u201b"


def single_quoted_value(token: str) -> str:
    """What PowerShell reads from a single-quoted literal: any two quote characters in a row are one."""
    assert token[0] in QUOTES, token
    assert token[-1] in QUOTES, token
    body, out, i = token[1:-1], [], 0
    while i < len(body):
        ch = body[i]
        if ch in QUOTES:
            assert i + 1 < len(body), f"unescaped quote at the end of {token!r}"
            assert body[i + 1] in QUOTES, f"unescaped quote in {token!r}"
            out.append(ch)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)
