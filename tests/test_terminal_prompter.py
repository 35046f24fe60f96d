"""Layer 2: real questionary prompts fed keystrokes through a prompt_toolkit pipe input.

Every test sends all its keys and closes the pipe first, so a missing answer fails (EOF) instead of hanging.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor.model.validation import validate_answers
from advisor.wizard.engine import BACK, Prompt, PromptChoice, Wizard
from advisor.wizard.terminal_prompter import QuestionaryPrompter

DOWN, UP, ENTER, CLEAR = "\x1b[B", "\x1b[A", "\r", "\x15"


def drive(keys: str, action: Callable[[QuestionaryPrompter], Any]) -> Any:
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        with create_app_session(input=pipe, output=DummyOutput()):
            return action(QuestionaryPrompter(io.StringIO(), no_color=True))


SELECT = Prompt(
    "subscription",
    "select",
    "Which service?",
    "help",
    (PromptChoice("exchange-online", "Exchange Online"), PromptChoice("eop-standalone", "EOP")),
)


def ip_prompt() -> Prompt:
    from advisor.wizard.questions import question

    q = question("on_premises.ip_addresses")

    def validate(text: str) -> str | None:
        try:
            q.parse(text)
        except Exception as exc:  # InvalidValue
            return str(exc)
        return None

    return Prompt("on_premises.ip_addresses", "text", q.text, q.help, default="", validate=validate)


def test_select_moves_and_enters() -> None:
    assert drive(DOWN + ENTER, lambda p: p.ask(SELECT)) == "eop-standalone"
    assert drive(ENTER, lambda p: p.ask(SELECT)) == "exchange-online"


def test_select_has_a_back_choice() -> None:
    assert drive(DOWN + DOWN + ENTER, lambda p: p.ask(SELECT)) is BACK


def test_select_starts_on_the_default() -> None:
    prompt = Prompt(SELECT.key, "select", SELECT.message, "", SELECT.choices, default="eop-standalone")
    assert drive(ENTER, lambda p: p.ask(prompt)) == "eop-standalone"


def test_text_validation_retry() -> None:
    keys = "10.0.0.5" + ENTER + CLEAR + "203.0.113.10" + ENTER
    assert drive(keys, lambda p: p.ask(ip_prompt())) == "203.0.113.10"


def test_text_back_key() -> None:
    assert drive("<" + ENTER, lambda p: p.ask(ip_prompt())) is BACK


def test_missing_answer_fails_instead_of_hanging() -> None:
    with pytest.raises(KeyboardInterrupt):
        drive("10.0.0.5" + ENTER, lambda p: p.ask(ip_prompt()))


def test_ctrl_c_raises_keyboard_interrupt() -> None:
    with pytest.raises(KeyboardInterrupt):
        drive("\x03", lambda p: p.ask(SELECT))


def test_whole_wizard_with_back_and_a_review_edit() -> None:
    # Select prompts start on the current default; the choices end with Back.
    keys = "".join(
        [
            "Contoso" + ENTER,
            "contoso.com" + ENTER,
            ENTER,  # subscription: Exchange Online
            ENTER,  # on-premises server: none (the default)
            DOWN + ENTER,  # devices.present (Yes, [No], Back): Back
            DOWN * 3 + ENTER,  # on-premises server again: non-microsoft
            DOWN + ENTER,  # identify by IP addresses
            "10.0.0.5" + ENTER + CLEAR + "203.0.113.10" + ENTER,  # refused, then fixed
            "mail.contoso.com" + ENTER,  # smart host
            ENTER,  # centralized mail transport: No (default)
            ENTER,  # devices: No (default)
            ENTER,  # add a partner: No (default)
            DOWN * 4 + ENTER,  # review: change on_premises.server
            UP * 3 + ENTER,  # back to "No, every mailbox is in Exchange Online"
            ENTER,  # review: looks right
        ]
    )
    data = drive(keys, lambda prompter: Wizard(prompter).run())
    assert data == {
        "version": 1,
        "organization": {"name": "Contoso", "domains": ["contoso.com"]},
        "subscription": "exchange-online",
        "devices": {"present": False},
    }
    validate_answers(data)
