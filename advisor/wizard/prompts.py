"""What the wizard engine asks a Prompter, and the Prompter's side of the contract.

A Prompter shows each `Prompt` and returns the chosen value, `BACK`, or raises KeyboardInterrupt; tests
drive the engine with a scripted prompter, the CLI with questionary (`advisor.wizard.terminal_prompter`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from advisor.errors import Problem
from advisor.record import record


class _Back:
    def __repr__(self) -> str:
        return "BACK"


BACK: Any = _Back()
DONE = "__done__"


@record
class PromptChoice:
    """One choice of a select prompt: the value answered, the label and its help."""

    value: Any
    label: str
    description: str = ""


@record
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


MIN_WIDTH = 30  # narrower terminals get lines this long


def shown_lines(text: str) -> str:
    """Text for the terminal, line by line: a control character in a value (an escape sequence typed in a
    file name or an answers file) is shown escaped, never sent to the terminal."""
    from advisor.outputs.terminal.error_messages import printable

    return "\n".join(printable(line) for line in text.split("\n"))


def wrapped(
    text: str, width: int, indent: str = "", hanging: str | None = None, split_long_words: bool = False
) -> str:
    """`text` wrapped at `width` between words, for every prompter: a host name or an address is never split
    (unless `split_long_words`), and lines that start indented (commands, paths) are kept whole so they can
    be copied. `indent` starts the first line of each paragraph, `hanging` (default `indent`) the others."""
    import textwrap

    out = []
    for line in text.splitlines() or [""]:
        if line.startswith("  ") and not indent:
            out.append(line)
            continue
        filled = textwrap.fill(
            line,
            max(width, MIN_WIDTH),
            initial_indent=indent,
            subsequent_indent=indent if hanging is None else hanging,
            break_long_words=split_long_words,
            break_on_hyphens=False,
        )
        out.append(filled or indent.rstrip())
    return "\n".join(out)


def summary_lines(rows: tuple[tuple[str, str], ...], width: int, arrow: str = "->") -> list[str]:
    """The review's answers, each whole at any width: the question, then its answer on the same line when it
    fits, else wrapped under it (copier and `gh pr create` show their summaries alike). A long value without
    spaces is split: the whole answer is shown, within the width."""
    lines: list[str] = ["Your answers:"]
    for question, answer in rows:
        row = f"{question} {arrow} {answer}" if answer else question
        lines += wrapped(row, width, "  ", "      ", split_long_words=True).splitlines()
    return lines


class Prompter(Protocol):
    def ask(self, prompt: Prompt) -> Any:
        """Show the prompt; return the value, BACK, or raise KeyboardInterrupt."""

    def show_problems(self, problems: list[Problem]) -> None:
        """Tell the user why the answers cannot be planned yet."""

    def inform(self, message: str) -> None:
        """Tell the user something between questions (the intro, the plan's headline, what to do next)."""


YES_NO = (PromptChoice(True, "Yes"), PromptChoice(False, "No"))
