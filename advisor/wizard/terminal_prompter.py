"""The Prompter for real terminals, built on questionary (prompt_toolkit).

Imported only by the wizard command. Select prompts carry a visible Back choice; text prompts go back
when the answer is a lone `<`. Ctrl-C and Ctrl-D raise KeyboardInterrupt for the CLI to handle.
"""

from __future__ import annotations

import shutil
from typing import Any, TextIO

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.filters import to_filter
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import Layout
from prompt_toolkit.styles import Style

from advisor.errors import Problem
from advisor.wizard.prompts import BACK, Prompt, shown_lines, summary_lines, wrapped

BACK_KEY = "<"
NO_STYLE = Style([])


def can_encode(stream: TextIO, text: str) -> bool:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


_END_OF_INPUT = KeyBindings()


@_END_OF_INPUT.add("c-d", eager=True)
def _end_of_input(event: KeyPressEvent) -> None:
    """Ctrl-D on a list ends the wizard as it does on a text question (questionary's lists ignore it): the
    session keeps the answers in its recovery file, as on Ctrl-C."""
    event.app.exit(exception=EOFError(), style="class:aborting")


_ESCAPE_SEQUENCES = KeyBindings()


@_ESCAPE_SEQUENCES.add(Keys.Vt100MouseEvent, eager=True)
def _not_a_mouse(_event: KeyPressEvent) -> None:
    """The wizard never turns the mouse on, so what prompt_toolkit reads as a mouse report is typed or
    pasted text such as `ESC[31m` (a colour code from a copied terminal line). Its own handler fails on that
    with a traceback, then waits for Enter and ignores Ctrl-C: dropped instead. Eager, so it
    comes before the default mouse binding."""


def _guarded(question: questionary.Question, *extra: KeyBindings) -> questionary.Question:
    """A question whose key bindings also take what a terminal sends that is not a key."""
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings or KeyBindings(), _ESCAPE_SEQUENCES, *extra])
    return question


def _wrap_validation_message(layout: Layout) -> None:
    """prompt_toolkit shows why an answer was refused on one line, cut at the terminal's edge; let that line
    wrap, as tall as the message needs (the reason and what is accepted can be long on a narrow terminal)."""
    for window in layout.find_all_windows():
        text = getattr(window.content, "text", None)
        if "ValidationToolbar" in getattr(text, "__qualname__", ""):
            window.height = None
            window.wrap_lines = to_filter(True)
            window.dont_extend_height = to_filter(True)


DESCRIPTION_LABEL = "  Description: "  # questionary's prefix before a choice's description


class QuestionaryPrompter:
    def __init__(self, stdout: TextIO, no_color: bool = False) -> None:
        fancy = can_encode(stdout, "»←✗→")
        self.arrow = "→" if fancy else "->"
        self.pointer = "»" if fancy else ">"
        self.back_label = "← Back" if fancy else "<- Back"
        self.cross = "✗" if fancy else "x"
        self.style = NO_STYLE if no_color else None
        self.no_color = no_color

    def _say(self, parts: list[tuple[str, str]]) -> None:
        shown = [("" if self.no_color else style, shown_lines(text)) for style, text in parts]
        print_formatted_text(FormattedText(shown))

    def _wrapped(self, text: str, indent: str = "  ", first_line_taken: int = 0) -> str:
        """Text wrapped to the terminal at spaces (a host name or address is never split); the first line
        leaves room for `first_line_taken` characters that questionary prints before it."""
        return wrapped(text, self._width(), indent + " " * first_line_taken, indent)

    def _width(self) -> int:
        return shutil.get_terminal_size().columns - 1

    def ask(self, prompt: Prompt) -> Any:
        if prompt.summary:
            self._say([("", "\n".join(summary_lines(prompt.summary, self._width(), self.arrow)))])
        if prompt.help:
            self._say([("fg:ansibrightblack", self._wrapped(prompt.help))])
        try:
            if prompt.kind == "select":
                return self._select(prompt)
            return self._text(prompt)
        except EOFError:
            raise KeyboardInterrupt from None

    def _select(self, prompt: Prompt) -> Any:
        choices = [
            questionary.Choice(
                c.label,
                value=c.value,
                description=self._wrapped(c.description, "", first_line_taken=len(DESCRIPTION_LABEL)).lstrip()
                or None,
            )
            for c in prompt.choices
        ]
        if prompt.allow_back:
            choices.append(
                questionary.Choice(self.back_label, value=BACK, description="Go back one question.")
            )
        default = next((c for c in choices if c.value == prompt.default and prompt.default is not None), None)
        question = questionary.select(
            prompt.message,
            choices=choices,
            default=default,
            pointer=self.pointer,
            style=self.style,
            instruction="(arrow keys, Enter)",
        )
        return _guarded(question, _END_OF_INPUT).unsafe_ask()

    def _text(self, prompt: Prompt) -> Any:
        def validate(text: str) -> bool | str:
            if text.strip() == BACK_KEY and prompt.allow_back:
                return True
            error = prompt.validate(text) if prompt.validate else None
            return True if error is None else self._wrapped(error, "")

        instruction = f"(type {BACK_KEY} to go back)" if prompt.allow_back else None
        question = questionary.text(
            prompt.message,
            default=prompt.default or "",
            validate=validate,
            style=self.style,
            instruction=instruction,
        )
        _wrap_validation_message(question.application.layout)
        answer = _guarded(question).unsafe_ask()
        return BACK if answer.strip() == BACK_KEY and prompt.allow_back else answer

    def inform(self, message: str) -> None:
        """Prose is wrapped to the terminal; indented lines (commands, paths) are printed whole."""
        self._say([("bold", wrapped(message, self._width()))])

    def show_problems(self, problems: list[Problem]) -> None:
        self._say([("bold", "These answers cannot be planned yet:")])
        for problem in problems:
            self._say([("fg:ansired", f"  {self.cross} {problem.path}: "), ("", problem.message)])
