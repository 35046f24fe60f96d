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
from advisor.wizard.engine import Wizard
from advisor.wizard.prompts import BACK, Prompt, PromptChoice
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
    from advisor.wizard.question_bank import question

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


@pytest.mark.parametrize("prompt", [SELECT, ip_prompt()], ids=["select", "text"])
def test_ctrl_d_ends_the_wizard_on_every_kind_of_question(prompt: Prompt) -> None:
    with pytest.raises(KeyboardInterrupt):  # the session turns it into "interrupted" + the recovery file
        drive("\x04" + ENTER + ENTER, lambda p: p.ask(prompt))


class KeysById(QuestionaryPrompter):
    """Types the scripted keys for each prompt when it appears, by prompt key (question id); a prompt with
    no keys left fails the test, naming it (instead of hanging or interrupting the session)."""

    def __init__(self, pipe: Any, script: dict[str, str | list[str]]) -> None:
        super().__init__(io.StringIO(), no_color=True)
        self.pipe = pipe
        self.script = {k: [v] if isinstance(v, str) else list(v) for k, v in script.items()}

    def ask(self, prompt: Prompt) -> Any:
        keys = self.script.get(prompt.key)
        if not keys:
            raise AssertionError(f"no keys scripted for {prompt.key}")
        self.pipe.send_text(keys.pop(0))
        return super().ask(prompt)


def test_whole_wizard_with_back_and_a_review_edit() -> None:
    # Select prompts start on the current default; the choices end with Back.
    script = {
        "organization.name": "Contoso" + ENTER,
        "organization.domains": "contoso.com" + ENTER,
        "subscription": ENTER,  # Exchange Online
        "on_premises.server": [
            ENTER,  # none (the default)
            DOWN * 3 + ENTER,  # after Back: non-microsoft
            UP * 3 + ENTER,  # changed at the review: back to "No, every mailbox is in Exchange Online"
        ],
        "devices.present": ENTER,  # No (the default)
        "on_premises.relays_for_others": DOWN + ENTER,  # (Yes, No, Back): No
        "on_premises.identify_by": DOWN + ENTER,  # by IP addresses
        # refused, then fixed:
        "on_premises.ip_addresses": "10.0.0.5" + ENTER + CLEAR + "203.0.113.10" + ENTER,
        "on_premises.smart_hosts": "mail.contoso.com" + ENTER,
        "on_premises.centralized_mail_transport": ENTER,  # No (the default)
        "on_premises.send_connector_scope": ENTER,  # only mail for cloud mailboxes (the default)
        "organization.tenant_domain": "contoso.onmicrosoft.com" + ENTER,
        "filtering_service": [DOWN + ENTER, ENTER],  # (Yes, [No], Back): Back to the server; later No
        "organization.mx": ENTER,  # Microsoft 365 (the default)
        "add-partner[0]": ENTER,  # No (the default)
        "add-processing-service[0]": ENTER,  # No (the default)
        "review": [DOWN * 4 + ENTER, ENTER],  # change on_premises.server; then: looks right
    }
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        prompter = KeysById(pipe, script)
        data = Wizard(prompter).run()
    assert not any(prompter.script.values()), prompter.script
    assert data == {
        "version": 1,
        "organization": {"name": "Contoso", "domains": ["contoso.com"]},
        "subscription": "exchange-online",
        "devices": {"present": False},
    }
    validate_answers(data)
