"""Layer 1: the wizard engine driven by a scripted prompter (no prompt_toolkit)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from advisor.advice.decide import decide
from advisor.errors import Problem
from advisor.inputs.examples import example_text, examples
from advisor.model.validation import validate_answers
from advisor.wizard.engine import BACK, DONE, Prompt, Wizard
from advisor.wizard.questions import QUESTIONS

DEFAULT = object()  # accept the prompt's default


class Scripted:
    """Answers prompts from a script; text replies go through the prompt's own validation."""

    def __init__(self, replies: list[Any]) -> None:
        self.replies = list(replies)
        self.asked: list[str] = []
        self.errors: list[tuple[str, str]] = []
        self.problems: list[Problem] = []

    def ask(self, prompt: Prompt) -> Any:
        self.asked.append(prompt.key)
        while True:
            if not self.replies:
                raise AssertionError(f"no scripted reply for {prompt.key}: {prompt.message}")
            reply = self.replies.pop(0)
            if reply is KeyboardInterrupt:
                raise KeyboardInterrupt
            if reply is DEFAULT:
                reply = prompt.default
            if reply is BACK:
                return BACK
            if prompt.kind == "select":
                values = [c.value for c in prompt.choices]
                assert reply in values, (prompt.key, reply, values)
                return reply
            error = prompt.validate(reply) if prompt.validate else None
            if error is None:
                return reply
            self.errors.append((prompt.key, error))

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = problems


CLOUD_ONLY = ["Contoso", "contoso.com", "exchange-online", "none", False, False, DONE]


def run(replies: list[Any], prefill: dict | None = None) -> tuple[dict, Scripted]:
    prompter = Scripted(replies)
    data = Wizard(prompter, prefill=prefill or {}).run()
    assert not prompter.replies, f"unused replies: {prompter.replies}"
    return data, prompter


def test_cloud_only_happy_path() -> None:
    data, prompter = run(CLOUD_ONLY)
    assert data == {
        "version": 1,
        "organization": {"name": "Contoso", "domains": ["contoso.com"]},
        "subscription": "exchange-online",
        "devices": {"present": False},
    }
    assert decide(validate_answers(data)).verdict == "not-needed"
    assert "on_premises.hybrid_wizard" not in prompter.asked


def test_questions_that_cannot_matter_are_not_asked() -> None:
    _, prompter = run(
        [
            "C",
            "c.com",
            "eop-standalone",
            "non-microsoft",
            "ip-addresses",
            "203.0.113.10",
            "mail.c.com",
            False,
            False,
            DONE,
        ]
    )
    assert "on_premises.hybrid_wizard" not in prompter.asked  # no hybrid with standalone EOP
    assert "on_premises.centralized_mail_transport" not in prompter.asked
    assert not any(k.startswith("devices.") and k != "devices.present" for k in prompter.asked)


def test_standalone_eop_does_not_offer_no_server() -> None:
    class Peek(Scripted):
        def ask(self, prompt: Prompt) -> Any:
            if prompt.key == "on_premises.server":
                assert "none" not in [c.value for c in prompt.choices]
            return super().ask(prompt)

    prompter = Peek(
        [
            "C",
            "c.com",
            "eop-standalone",
            "exchange-2010-or-later",
            "certificate",
            "mail.c.com",
            "mail.c.com",
            False,
            False,
            DONE,
        ]
    )
    data = Wizard(prompter).run()
    assert data["on_premises"]["server"] == "exchange-2010-or-later"


def test_validation_retry_keeps_asking_with_the_reason() -> None:
    replies = [
        "C",
        "c.com",
        "exchange-online",
        "non-microsoft",
        "ip-addresses",
        "10.0.0.5",
        "203.0.113.10",
        "mail.c.com",
        False,
        False,
        False,
        DONE,
    ]
    data, prompter = run(replies)
    assert prompter.errors == [
        (
            "on_premises.ip_addresses",
            "10.0.0.5: is a private address (RFC 1918); Microsoft 365 "
            "only ever sees your public sending address",
        )
    ]
    assert data["on_premises"]["ip_addresses"] == ["203.0.113.10"]


def test_lists_are_comma_separated_and_each_item_is_checked() -> None:
    data, prompter = run(
        ["C", "c.com, c.co.uk;bad_domain", "c.com, c.co.uk", "exchange-online", "none", False, False, DONE]
    )
    assert data["organization"]["domains"] == ["c.com", "c.co.uk"]
    assert prompter.errors[0][1].startswith("bad_domain:")


def test_partner_domain_that_is_yours_is_refused_while_typing() -> None:
    replies = [
        "C",
        "c.com",
        "exchange-online",
        "none",
        False,
        True,
        "Bank",
        "c.com",
        "bank.com",
        "inbound",
        True,
        "none",
        False,
        DONE,
    ]
    data, prompter = run(replies)
    assert prompter.errors == [
        ("partners[0].domains", "is one of your own accepted domains, not the partner's")
    ]
    assert data["partners"] == [
        {
            "name": "Bank",
            "domains": ["bank.com"],
            "direction": "inbound",
            "require_tls": True,
            "restrict_by": "none",
        }
    ]


def test_back_goes_to_the_previous_question_and_drops_answers_that_no_longer_apply() -> None:
    replies = [
        "C",
        "c.com",
        "exchange-online",
        "exchange-2010-or-later",
        "full",
        BACK,  # at devices.present: back to hybrid_wizard
        BACK,  # back to on_premises.server
        "non-microsoft",
        "certificate",
        "mail.c.com",
        "mail.c.com",
        False,
        False,
        False,
        DONE,
    ]
    data, prompter = run(replies)
    assert "hybrid_wizard" not in data["on_premises"]
    assert prompter.asked.count("on_premises.server") == 2
    assert prompter.asked.count("on_premises.hybrid_wizard") == 2


def test_back_on_the_first_question_stays_there() -> None:
    data, prompter = run([BACK, *CLOUD_ONLY])
    assert prompter.asked[:2] == ["organization.name", "organization.name"]


def test_review_change_asks_what_newly_applies_and_drops_the_rest() -> None:
    replies = [
        *CLOUD_ONLY[:-1],
        "devices.present",
        True,
        True,
        False,
        False,
        "auto",
        "ip-addresses",
        "198.51.100.25",
        DONE,
    ]
    data, prompter = run(replies)
    assert data["devices"] == {
        "present": True,
        "external_recipients": True,
        "supports_smtp_auth": False,
        "third_party_hosted": False,
        "method": "auto",
        "identify_by": "ip-addresses",
        "ip_addresses": ["198.51.100.25"],
    }
    replies = [*replies[:-1], "devices.present", False, DONE]
    data, _ = run(replies)
    assert data["devices"] == {"present": False}


def test_review_back_from_a_change_keeps_the_old_answer() -> None:
    data, _ = run([*CLOUD_ONLY[:-1], "organization.name", BACK, DONE])
    assert data["organization"]["name"] == "Contoso"


def test_review_edit_changing_the_server_drops_hybrid_answers() -> None:
    replies = [
        "C",
        "c.com",
        "exchange-online",
        "exchange-2010-or-later",
        "minimal",
        "certificate",
        "mail.c.com",
        "mail.c.com",
        False,
        False,
        False,
        "on_premises.server",
        "none",
        DONE,
    ]
    data, _ = run(replies)
    assert "on_premises" not in data


def test_ctrl_c_keeps_the_answers_so_far() -> None:
    prompter = Scripted(["C", "c.com", "exchange-online", KeyboardInterrupt])
    wizard = Wizard(prompter)
    with pytest.raises(KeyboardInterrupt):
        wizard.run()
    assert wizard.answers_so_far() == {
        "version": 1,
        "organization": {"name": "C", "domains": ["c.com"]},
        "subscription": "exchange-online",
    }


def test_partner_without_tls_can_only_be_restricted_by_ip() -> None:
    class Peek(Scripted):
        offered: list[Any] = []

        def ask(self, prompt: Prompt) -> Any:
            if prompt.key == "partners[0].restrict_by":
                Peek.offered = [c.value for c in prompt.choices]
            return super().ask(prompt)

    prompter = Peek(
        [
            "C",
            "c.com",
            "exchange-online",
            "none",
            False,
            True,
            "Bank",
            "bank.com",
            "both",
            False,
            "ip-addresses",
            "192.0.2.0/24",
            "",
            False,
            DONE,
        ]
    )
    data = Wizard(prompter).run()
    assert Peek.offered == ["ip-addresses"]
    validate_answers(data)


def test_problems_found_at_review_are_shown_and_can_be_fixed() -> None:
    # turning TLS off after a certificate restriction: restrict_by is dropped and asked again
    replies = [
        "C",
        "c.com",
        "exchange-online",
        "none",
        False,
        True,
        "Bank",
        "bank.com",
        "inbound",
        True,
        "certificate",
        "mail.bank.com",
        False,
        "partners[0].require_tls",
        False,
        "ip-addresses",
        "192.0.2.0/24",
        DONE,
    ]
    data, _ = run(replies)
    assert data["partners"][0]["restrict_by"] == "ip-addresses"
    assert "certificate_name" not in data["partners"][0]


@pytest.mark.parametrize("name", sorted(examples()))
def test_prefilled_from_a_file_accepting_every_default_gives_the_same_answers(name: str) -> None:
    original = yaml.safe_load(example_text(name))
    prompter = Scripted([DEFAULT] * 80)
    data = Wizard(prompter, prefill=original).run()
    assert decide(validate_answers(data)).to_dict() == decide(validate_answers(original)).to_dict()


# -- every path through the bank ---------------------------------------------------------------------

TEXT = {
    "organization.name": "Contoso",
    "organization.domains": "contoso.com",
    "on_premises.certificate_name": "mail.contoso.com",
    "on_premises.ip_addresses": "203.0.113.10",
    "on_premises.smart_hosts": "mail.contoso.com",
    "devices.ip_addresses": "198.51.100.25",
    "devices.certificate_name": "relay.contoso.com",
    "name": "Bank",
    "domains": "bank.com",
    "certificate_name": "mail.bank.com",
    "ip_addresses": "192.0.2.0/24",
    "smart_hosts": "",
}


class Explorer:
    """Depth-first over every select choice (Back excluded) whose key matches `branch`."""

    def __init__(self, path: list[int], branch: tuple[str, ...]) -> None:
        self.path, self.branch, self.depth, self.widths = path, branch, 0, []
        self.reviews = 0

    def ask(self, prompt: Prompt) -> Any:
        if prompt.key == "review":
            self.reviews += 1
            assert self.reviews == 1, "answers reached the review with problems"
            return DONE
        if prompt.kind == "text":
            key = prompt.key if not prompt.key.startswith("partners[") else prompt.key.split(".")[-1]
            return TEXT[key]
        options = [c.value for c in prompt.choices]
        if not prompt.key.startswith(self.branch):
            return options[0] if prompt.default is None else prompt.default
        if prompt.key.startswith("add-partner") and prompt.key != "add-partner[0]":
            return False
        index = self.path[self.depth] if self.depth < len(self.path) else 0
        if self.depth >= len(self.path):
            self.path.append(0)
        self.widths.append(len(options))
        self.depth += 1
        return options[index]

    def show_problems(self, problems: list[Problem]) -> None:
        raise AssertionError(problems)


def walk(branch: tuple[str, ...]) -> list[dict]:
    results, path = [], []
    while True:
        explorer = Explorer(path, branch)
        results.append(Wizard(explorer).run())
        path = explorer.path
        widths = explorer.widths
        while path and path[-1] + 1 >= widths[len(path) - 1]:
            path.pop()
        if not path:
            return results
        path[-1] += 1


@pytest.mark.parametrize(
    "branch",
    [
        ("subscription", "on_premises.", "devices."),
        ("add-partner", "partners["),
    ],
)
def test_every_path_through_the_question_bank_validates_and_plans(branch: tuple[str, ...]) -> None:
    results = walk(branch)
    assert len(results) > 20
    seen = set()
    for data in results:
        plan = decide(validate_answers(data))
        seen.update(s.id for s in plan.scenarios)
        if data.get("devices", {}).get("present"):
            seen.add("device:" + str(next(s.method for s in plan.scenarios if s.id == "device-relay")))
    if branch[0] == "subscription":
        assert {"cloud-only", "standalone-eop", "hybrid", "device-relay"} <= seen
        assert {"device:smtp-relay", "device:direct-send", "device:smtp-auth", "device:None"} <= seen
    else:
        assert "partner-tls" in seen


def test_every_answers_key_has_a_question() -> None:
    from advisor.model.answers import ANSWERS

    keys = set()
    for f in ANSWERS:
        if f.section:
            keys.update(f"{f.name}.{sub.name}" for sub in f.table)
        elif f.name not in ("version", "$schema"):
            keys.add(f.name)
    assert keys == {q.id for q in QUESTIONS}
