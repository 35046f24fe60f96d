"""A line-by-line Prompter for terminals that cannot move the cursor (TERM=dumb, some serial consoles).

No escape sequences and no cursor-position queries: each question is printed, wrapped at the terminal's width
(between words: a host name or address is never split), choices are numbered with their descriptions, and
the answer is one typed line: a number, or y/yes/n/no where the choice is yes or no. `<` goes back; end of
input (Ctrl-D) counts as Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from advisor.errors import Problem
from advisor.wizard.prompts import BACK, Prompt, PromptChoice, shown_lines, summary_lines, wrapped

BACK_KEY = "<"
YES_WORDS = {"y": True, "yes": True, "n": False, "no": False}


def yes_no_reply(reply: str, choices: tuple[PromptChoice, ...]) -> Any:
    """y/yes/n/no for a choice between Yes (True) and No (False); None when that is not the choice."""
    values = {c.value for c in choices if isinstance(c.value, bool)}
    word = YES_WORDS.get(reply.strip().lower())
    return word if word is not None and word in values else None


class PlainPrompter:
    def __init__(self, stdin: TextIO, stdout: TextIO, columns: Callable[[], int] = lambda: 80) -> None:
        self.stdin, self.stdout = stdin, stdout
        self.columns = columns

    def _wrapped(self, text: str, indent: str = "", hanging: str | None = None) -> str:
        return wrapped(text, self.columns() - 1, indent, hanging)

    def _say(self, text: str) -> None:
        self.stdout.write(shown_lines(text) + "\n")
        self.stdout.flush()

    def _read(self, question: str) -> str:
        self.stdout.write(shown_lines(question))
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise KeyboardInterrupt
        return line.strip()

    def ask(self, prompt: Prompt) -> Any:
        if prompt.summary:
            self._say("\n".join(summary_lines(prompt.summary, self.columns() - 1)))
        if prompt.help:
            self._say(self._wrapped(prompt.help, "  "))
        if prompt.kind == "select":
            return self._select(prompt)
        return self._text(prompt)

    def _select(self, prompt: Prompt) -> Any:
        self._say(self._wrapped(prompt.message))
        # as in the full wizard, Enter takes the default, or the first choice when there is none
        default = next((i for i, c in enumerate(prompt.choices, 1) if c.value == prompt.default), 1)
        for i, choice in enumerate(prompt.choices, 1):
            number = f"  {i}) "
            self._say(self._wrapped(choice.label, number, " " * len(number)))
            if choice.description:
                self._say(self._wrapped(choice.description, " " * (len(number) + 2)))
        back = f", {BACK_KEY} to go back" if prompt.allow_back else ""
        hint = (" or y/n" if yes_no_reply("y", prompt.choices) is not None else "") + f" [{default}]"
        while True:
            reply = self._read(f"Choose 1-{len(prompt.choices)}{back}{hint}: ")
            if reply == BACK_KEY and prompt.allow_back:
                return BACK
            if not reply:
                return prompt.choices[default - 1].value
            said = yes_no_reply(reply, prompt.choices)
            if said is not None:
                return said
            if reply.isascii() and reply.isdigit() and 1 <= int(reply) <= len(prompt.choices):
                return prompt.choices[int(reply) - 1].value
            words = " (or y or n)" if yes_no_reply("y", prompt.choices) is not None else ""
            self._say(f"  x type a number from 1 to {len(prompt.choices)}{words}")

    def _text(self, prompt: Prompt) -> Any:
        default = f" [{prompt.default}]" if prompt.default else ""
        back = f" ({BACK_KEY} to go back)" if prompt.allow_back else ""
        while True:
            reply = self._read(self._wrapped(f"{prompt.message}{back}{default}") + " ")
            if reply == BACK_KEY and prompt.allow_back:
                return BACK
            answer = reply or (prompt.default or "")
            error = prompt.validate(answer) if prompt.validate else None
            if error is None:
                return answer
            self._say(self._wrapped(f"x {error}", "  ", "    "))

    def show_problems(self, problems: list[Problem]) -> None:
        self._say("These answers cannot be planned yet:")
        for problem in problems:
            self._say(self._wrapped(f"x {problem.path}: {problem.message}", "  ", "    "))

    def inform(self, message: str) -> None:
        self._say(self._wrapped(message))
