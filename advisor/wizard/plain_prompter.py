"""A line-by-line Prompter for terminals that cannot move the cursor (TERM=dumb, some serial consoles).

No escape sequences and no cursor-position queries: each question is printed, choices are numbered, and the
answer is one typed line. `<` goes back; end of input (Ctrl-D) counts as Ctrl-C.
"""

from __future__ import annotations

from typing import Any, TextIO

from advisor.errors import Problem
from advisor.wizard.prompts import BACK, Prompt

BACK_KEY = "<"


class PlainPrompter:
    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin, self.stdout = stdin, stdout

    def _say(self, text: str) -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def _read(self, question: str) -> str:
        self.stdout.write(question)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise KeyboardInterrupt
        return line.strip()

    def ask(self, prompt: Prompt) -> Any:
        if prompt.help:
            self._say(f"  {prompt.help}")
        if prompt.kind == "select":
            return self._select(prompt)
        return self._text(prompt)

    def _select(self, prompt: Prompt) -> Any:
        self._say(prompt.message)
        # as in the full wizard, Enter takes the default, or the first choice when there is none
        default = next((i for i, c in enumerate(prompt.choices, 1) if c.value == prompt.default), 1)
        for i, choice in enumerate(prompt.choices, 1):
            self._say(f"  {i}) {choice.label}")
        back = f", {BACK_KEY} to go back" if prompt.allow_back else ""
        hint = f" [{default}]"
        while True:
            reply = self._read(f"Choose 1-{len(prompt.choices)}{back}{hint}: ")
            if reply == BACK_KEY and prompt.allow_back:
                return BACK
            if not reply:
                return prompt.choices[default - 1].value
            if reply.isascii() and reply.isdigit() and 1 <= int(reply) <= len(prompt.choices):
                return prompt.choices[int(reply) - 1].value
            self._say(f"  x type a number from 1 to {len(prompt.choices)}")

    def _text(self, prompt: Prompt) -> Any:
        default = f" [{prompt.default}]" if prompt.default else ""
        back = f" ({BACK_KEY} to go back)" if prompt.allow_back else ""
        while True:
            reply = self._read(f"{prompt.message}{back}{default} ")
            if reply == BACK_KEY and prompt.allow_back:
                return BACK
            answer = reply or (prompt.default or "")
            error = prompt.validate(answer) if prompt.validate else None
            if error is None:
                return answer
            self._say(f"  x {error}")

    def show_problems(self, problems: list[Problem]) -> None:
        self._say("These answers cannot be planned yet:")
        for problem in problems:
            self._say(f"  x {problem.path}: {problem.message}")

    def inform(self, message: str) -> None:
        self._say(message)
