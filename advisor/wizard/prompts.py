"""What the wizard engine asks a Prompter, and the Prompter's side of the contract.

A Prompter shows each `Prompt` and returns the chosen value, `BACK`, or raises KeyboardInterrupt; tests
drive the engine with a scripted prompter, the CLI with questionary (`advisor.wizard.terminal_prompter`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from advisor.errors import Problem


class _Back:
    def __repr__(self) -> str:
        return "BACK"


BACK: Any = _Back()
DONE = "__done__"


@dataclass(frozen=True)
class PromptChoice:
    """One choice of a select prompt: the value answered, the label and its help."""

    value: Any
    label: str
    description: str = ""


@dataclass(frozen=True)
class Prompt:
    """One thing to ask. `kind` is select (choices) or text (validate returns an error or None)."""

    key: str  # the answers-file path, e.g. partners[0].name, or a control key
    kind: str
    message: str
    help: str = ""
    choices: tuple[PromptChoice, ...] = ()
    default: Any = None
    validate: Callable[[str], str | None] | None = None
    parse: Callable[[str], Any] | None = None
    allow_back: bool = True
    # (question, answer) rows shown in full, wrapped at the terminal's width, before the prompt (the review)
    summary: tuple[tuple[str, str], ...] = ()


def summary_lines(rows: tuple[tuple[str, str], ...], width: int, arrow: str = "->") -> list[str]:
    """The review's answers, each whole at any width: the question, then its answer on the same line when it
    fits, else wrapped under it (copier and `gh pr create` show their summaries alike)."""
    import textwrap

    width = max(width, 30)
    lines: list[str] = ["Your answers:"]
    for question, answer in rows:
        for part in textwrap.wrap(
            f"{question} {arrow} {answer}" if answer else question,
            width,
            initial_indent="  ",
            subsequent_indent="      ",
            break_long_words=True,
            break_on_hyphens=False,
        ):
            lines.append(part)
    return lines


class Prompter(Protocol):
    def ask(self, prompt: Prompt) -> Any:
        """Show the prompt; return the value, BACK, or raise KeyboardInterrupt."""

    def show_problems(self, problems: list[Problem]) -> None:
        """Tell the user why the answers cannot be planned yet."""

    def inform(self, message: str) -> None:
        """Tell the user something between questions (the intro, the plan's headline, what to do next)."""


YES_NO = (PromptChoice(True, "Yes"), PromptChoice(False, "No"))
