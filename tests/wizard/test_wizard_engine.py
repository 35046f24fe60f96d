"""Layer 1: the wizard engine driven by a scripted prompter (no prompt_toolkit)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from advisor.advice.decide import decide
from advisor.errors import Problem
from advisor.inputs.examples import example_text, examples
from advisor.model.validation import validate_answers
from advisor.wizard.engine import Wizard
from advisor.wizard.prompts import BACK, DONE, Prompt
from advisor.wizard.question_bank import QUESTIONS

DEFAULT = object()  # accept the prompt's default
ANY = "*"  # script key: the reply for every prompt the script does not name
MAX_PROMPTS = 400  # a script that never satisfies the wizard fails instead of looping


class Scripted:
    """Answers each prompt by its key: a question id (`organization.name`, `partners[0].domains`), a
    control key (`add-partner[0]`, `review`) or ANY. A list is successive replies to that prompt (a text
    reply failing validation takes the next one); everything scripted must be used."""

    def __init__(self, script: dict[str, Any]) -> None:
        self.replies = {
            key: list(value) if isinstance(value, list) else [value] for key, value in script.items()
        }
        self.asked: list[str] = []
        self.offered: dict[str, list[Any]] = {}  # the choices of each select prompt, by key
        self.errors: list[tuple[str, str]] = []
        self.problems: list[Problem] = []

    def _next(self, key: str) -> Any:
        if self.replies.get(key):
            return self.replies[key].pop(0)
        if ANY in self.replies:
            return self.replies[ANY][0]
        raise AssertionError(f"no scripted reply for {key}")

    def ask(self, prompt: Prompt) -> Any:
        self.asked.append(prompt.key)
        assert len(self.asked) < MAX_PROMPTS, f"the wizard keeps asking: {self.asked[-6:]}"
        while True:
            reply = self._next(prompt.key)
            if reply is KeyboardInterrupt:
                raise KeyboardInterrupt
            if reply is DEFAULT:
                reply = prompt.default
            if reply is BACK:
                return BACK
            if prompt.kind == "select":
                values = [c.value for c in prompt.choices]
                self.offered[prompt.key] = [v for v in values if v is not BACK]
                assert reply in values, (prompt.key, reply, values)
                return reply
            error = prompt.validate(reply) if prompt.validate else None
            if error is None:
                return reply
            self.errors.append((prompt.key, error))
            assert len(self.errors) < MAX_PROMPTS, f"{prompt.key} keeps refusing {reply!r}: {error}"

    def unused(self) -> dict[str, list[Any]]:
        return {key: left for key, left in self.replies.items() if left and key != ANY}

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = problems

    def inform(self, message: str) -> None:
        """Said between questions (how to find out what you were not sure of): nothing to answer."""


CLOUD_ONLY = {
    "organization.name": "Contoso",
    "organization.domains": "contoso.com",
    "subscription": "exchange-online",
    "on_premises.server": "none",
    "filtering_service": False,
    "devices.present": False,
    "add-partner[0]": False,
    "add-processing-service[0]": False,
    "review": DONE,
}
# the questions a server of your own adds (asked only where they can matter)
SERVER_QUESTIONS = {"on_premises.relays_for_others": True, "organization.mx": "microsoft-365"}
EXCHANGE_QUESTIONS = {
    "on_premises.exchange_version": "2019",
    "on_premises.exchange_updates_current": True,
    "on_premises.edge_transport": False,
}


def run(replies: dict[str, Any], prefill: dict | None = None) -> tuple[dict, Scripted]:
    prompter = Scripted(replies)
    data = Wizard(prompter, prefill=prefill or {}).run()
    assert not prompter.unused(), f"unused replies: {prompter.unused()}"
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


STANDALONE_NON_MICROSOFT = {
    **CLOUD_ONLY,
    **SERVER_QUESTIONS,
    "subscription": "eop-standalone",
    "on_premises.server": "non-microsoft",
    "on_premises.identify_by": "ip-addresses",
    "on_premises.ip_addresses": "203.0.113.10",
    "on_premises.smart_hosts": "mail.c.com",
}


def test_questions_that_cannot_matter_are_not_asked() -> None:
    _, prompter = run(STANDALONE_NON_MICROSOFT)
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
        {**STANDALONE_NON_MICROSOFT, **EXCHANGE_QUESTIONS, "on_premises.server": "exchange-2010-or-later"}
    )
    data = Wizard(prompter).run()
    assert data["on_premises"]["server"] == "exchange-2010-or-later"


HYBRID_NON_MICROSOFT_BY_IP = {
    **CLOUD_ONLY,
    **SERVER_QUESTIONS,
    "on_premises.send_connector_scope": "all-internet-mail",
    "on_premises.server": "non-microsoft",
    "on_premises.identify_by": "ip-addresses",
    "on_premises.ip_addresses": "203.0.113.10",
    "on_premises.smart_hosts": "mail.c.com",
    "on_premises.centralized_mail_transport": False,
}


def test_validation_retry_keeps_asking_with_the_reason() -> None:
    data, prompter = run(
        {**HYBRID_NON_MICROSOFT_BY_IP, "on_premises.ip_addresses": ["10.0.0.5", "203.0.113.10"]}
    )
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
        {**CLOUD_ONLY, "organization.domains": ["c.com, c.co.uk;bad_domain", "c.com, c.co.uk"]}
    )
    assert data["organization"]["domains"] == ["c.com", "c.co.uk"]
    assert prompter.errors[0][1].startswith("bad_domain:")


ONE_PARTNER = {
    **CLOUD_ONLY,
    "add-partner[0]": True,
    "partners[0].name": "Bank",
    "partners[0].domains": "bank.com",
    "partners[0].direction": "inbound",
    "partners[0].on_microsoft_365": False,
    "partners[0].require_tls": True,
    "partners[0].restrict_by": "none",
    "add-partner[1]": False,
    "add-processing-service[0]": False,
}


def test_partner_domain_that_is_yours_is_refused_while_typing() -> None:
    data, prompter = run({**ONE_PARTNER, "partners[0].domains": ["contoso.com", "bank.com"]})
    assert prompter.errors == [
        ("partners[0].domains", "is one of your own accepted domains, not the partner's")
    ]
    assert data["partners"] == [
        {
            "name": "Bank",
            "domains": ["bank.com"],
            "direction": "inbound",
            "on_microsoft_365": False,
            "require_tls": True,
            "restrict_by": "none",
        }
    ]


def test_back_goes_to_the_previous_question_and_drops_answers_that_no_longer_apply() -> None:
    replies = {
        **CLOUD_ONLY,
        **SERVER_QUESTIONS,
        "on_premises.send_connector_scope": "all-internet-mail",
        "on_premises.server": ["exchange-2010-or-later", "non-microsoft"],
        # back, question by question, from the filtering-service question to on_premises.server:
        "filtering_service": [BACK, False],
        "on_premises.hybrid_wizard": ["full", BACK],
        "on_premises.exchange_updates_current": [True, BACK],
        "on_premises.exchange_version": ["2016", BACK],
        "on_premises.identify_by": "certificate",
        "on_premises.certificate_name": "mail.contoso.com",
        "on_premises.smart_hosts": "mail.contoso.com",
        "on_premises.centralized_mail_transport": False,
    }
    data, prompter = run(replies)
    assert "hybrid_wizard" not in data["on_premises"]
    assert "exchange_version" not in data["on_premises"]
    assert prompter.asked.count("on_premises.server") == 2
    assert prompter.asked.count("on_premises.hybrid_wizard") == 2


def test_back_on_the_first_question_stays_there() -> None:
    _, prompter = run({**CLOUD_ONLY, "organization.name": [BACK, "Contoso"]})
    assert prompter.asked[:2] == ["organization.name", "organization.name"]


def test_review_change_asks_what_newly_applies_and_drops_the_rest() -> None:
    replies = {
        **CLOUD_ONLY,
        "review": ["devices.present", DONE],
        "devices.present": [False, True],
        "devices.external_recipients": True,
        "devices.supports_smtp_auth": False,
        "devices.ports": "not-sure",
        "devices.third_party_hosted": False,
        "devices.method": "auto",
        "devices.identify_by": "ip-addresses",
        "devices.ip_addresses": "198.51.100.25",
    }
    data, _ = run(replies)
    assert data["devices"] == {
        "present": True,
        "external_recipients": True,
        "supports_smtp_auth": False,
        "ports": "not-sure",
        "third_party_hosted": False,
        "method": "auto",
        "identify_by": "ip-addresses",
        "ip_addresses": ["198.51.100.25"],
    }
    replies = {
        **replies,
        "review": ["devices.present", "devices.present", DONE],
        "devices.present": [False, True, False],
    }
    data, _ = run(replies)
    assert data["devices"] == {"present": False}


def test_review_back_from_a_change_keeps_the_old_answer() -> None:
    data, _ = run(
        {**CLOUD_ONLY, "review": ["organization.name", DONE], "organization.name": ["Contoso", BACK]}
    )
    assert data["organization"]["name"] == "Contoso"


def test_review_edit_changing_the_server_drops_hybrid_answers() -> None:
    replies = {
        **CLOUD_ONLY,
        **SERVER_QUESTIONS,
        **EXCHANGE_QUESTIONS,
        "on_premises.send_connector_scope": "all-internet-mail",
        "on_premises.server": ["exchange-2010-or-later", "none"],
        "on_premises.hybrid_wizard": "minimal",
        "on_premises.identify_by": "certificate",
        "on_premises.certificate_name": "mail.contoso.com",
        "on_premises.smart_hosts": "mail.contoso.com",
        "on_premises.centralized_mail_transport": False,
        "review": ["on_premises.server", DONE],
    }
    data, _ = run(replies)
    assert "on_premises" not in data


def test_ctrl_c_keeps_the_answers_so_far() -> None:
    prompter = Scripted(
        {
            **CLOUD_ONLY,
            "organization.name": "C",
            "organization.domains": "c.com",
            "on_premises.server": KeyboardInterrupt,
        }
    )
    wizard = Wizard(prompter)
    with pytest.raises(KeyboardInterrupt):
        wizard.run()
    assert wizard.answers_so_far() == {
        "version": 1,
        "organization": {"name": "C", "domains": ["c.com"]},
        "subscription": "exchange-online",
    }


def test_partner_without_tls_can_only_be_restricted_by_ip_so_it_is_not_asked() -> None:
    script = {**ONE_PARTNER, "partners[0].direction": "both", "partners[0].require_tls": False}
    del script["partners[0].restrict_by"]
    data, prompter = run(
        {**script, "partners[0].ip_addresses": "192.0.2.0/24", "partners[0].smart_hosts": ""}
    )
    assert "partners[0].restrict_by" not in prompter.asked  # one choice left: applied, shown at the review
    assert data["partners"][0]["restrict_by"] == "ip-addresses"
    validate_answers(data)


def test_a_partner_on_microsoft_365_is_offered_tls_and_no_restriction() -> None:
    script = {**ONE_PARTNER, "partners[0].on_microsoft_365": True}
    del script["partners[0].require_tls"], script["partners[0].restrict_by"]
    data, prompter = run(script)
    assert "partners[0].require_tls" not in prompter.asked  # one choice left each: applied
    assert "partners[0].restrict_by" not in prompter.asked
    assert data["partners"][0] | {"require_tls": True, "restrict_by": "none"} == data["partners"][0]
    validate_answers(data)


def test_problems_found_at_review_are_shown_and_can_be_fixed() -> None:
    # turning TLS off after a certificate restriction: restrict_by is dropped and asked again
    replies = {
        **ONE_PARTNER,
        "partners[0].require_tls": [True, False],
        "partners[0].restrict_by": "certificate",  # then, without TLS, only ip-addresses is left: applied
        "partners[0].certificate_name": "mail.bank.com",
        "partners[0].ip_addresses": "192.0.2.0/24",
        "review": ["partners[0].require_tls", DONE],
    }
    data, _ = run(replies)
    assert data["partners"][0]["restrict_by"] == "ip-addresses"
    assert "certificate_name" not in data["partners"][0]


@pytest.mark.parametrize("name", sorted(examples()))
def test_prefilled_from_a_file_accepting_every_default_gives_the_same_answers(name: str) -> None:
    from advisor.wizard.prefill import adopt_prefill

    original = yaml.safe_load(example_text(name))
    prompter = Scripted({ANY: DEFAULT})
    wizard = Wizard(prompter, prefill=original)
    adopt_prefill(wizard)  # as the session does: a key the file leaves out means the key's default
    data = wizard.run()
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
    "organization.tenant_domain": "contoso.onmicrosoft.com",
    "filtering_service.name": "Mimecast",
    "filtering_service.ip_addresses": "198.51.100.0/24",
    "filtering_service.certificate_name": "relay.mimecast.example",
    "filtering_service.arc_sealer": "mimecast.com",
    "filtering_service.smart_hosts": "out.mimecast.example",
    "receiving_certificate_name": "mx1.bank.com",
}


class Explorer:
    """Depth-first over every select choice (Back excluded) whose key matches `branch`; other selects take
    `fixed[key]` when given, else their default or first choice."""

    def __init__(self, path: list[int], branch: tuple[str, ...], fixed: dict[str, Any]) -> None:
        self.path, self.branch, self.fixed, self.depth, self.widths = path, branch, fixed, 0, []
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
        if prompt.key in self.fixed:
            return self.fixed[prompt.key]
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

    def inform(self, message: str) -> None:
        """Said between questions: nothing to answer."""

    def show_problems(self, problems: list[Problem]) -> None:
        raise AssertionError(problems)


def walk(branch: tuple[str, ...], fixed: dict[str, Any]) -> list[dict]:
    results, path = [], []
    while True:
        explorer = Explorer(path, branch, fixed)
        results.append(Wizard(explorer).run())
        path = explorer.path
        widths = explorer.widths
        while path and path[-1] + 1 >= widths[len(path) - 1]:
            path.pop()
        if not path:
            return results
        path[-1] += 1


DEVICE_PORTS_NOT_SURE = {"devices.ports": "not-sure", "devices.volume": "not-sure"}
EXCHANGE_ONLINE_WITH_EXCHANGE = {
    "subscription": "exchange-online",
    "on_premises.server": "exchange-2010-or-later",
}
BRANCHES = {
    # where the mailboxes are, and how the server connects (versions and relaying fixed at their first choice)
    "servers": (
        (
            "subscription",
            "on_premises.server",
            "on_premises.hybrid_wizard",
            "on_premises.identify_by",
            "on_premises.centralized_mail_transport",
            "on_premises.send_connector_scope",
            "organization.mx",
        ),
        {},
    ),
    "exchange": (
        (
            "on_premises.exchange_version",
            "on_premises.exchange_updates_current",
            "on_premises.relays_for_others",
        ),
        EXCHANGE_ONLINE_WITH_EXCHANGE,
    ),
    "devices": (("devices.", "organization.reject_direct_send"), DEVICE_PORTS_NOT_SURE),
    "devices-beside-a-server": (("devices.",), EXCHANGE_ONLINE_WITH_EXCHANGE | DEVICE_PORTS_NOT_SURE),
    # the ports and the volume, for devices that can sign in (the rest at their first choice)
    "device-ports": (
        ("devices.ports", "devices.volume"),
        {"devices.present": True, "devices.supports_smtp_auth": True, "devices.supports_oauth": True},
    ),
    "filtering-service": (("filtering_service", "organization.mx"), {}),
    "partners": (("add-partner", "partners["), {}),
}
EXPECTED_SCENARIOS = {
    "servers": {"cloud-only", "standalone-eop", "hybrid"},
    "exchange": {"hybrid"},
    "devices": {
        "device:smtp-relay",
        "device:direct-send",
        "device:smtp-auth",
        "device:high-volume-email",
        "device:None",
    },
    "devices-beside-a-server": {"device:smtp-relay", "device:direct-send", "device:smtp-auth"},
    "device-ports": {"device:smtp-auth", "device:None"},
    "filtering-service": {"filtering-service", "cloud-only"},
    "partners": {"partner-tls"},
}


@pytest.mark.slow  # walks every path through the question bank
@pytest.mark.parametrize("name", sorted(BRANCHES))
def test_every_path_through_the_question_bank_validates_and_plans(name: str) -> None:
    branch, fixed = BRANCHES[name]
    results = walk(branch, fixed)
    assert len(results) > 5
    seen = set()
    for data in results:
        plan = decide(validate_answers(data))
        seen.update(s.id for s in plan.scenarios)
        if data.get("devices", {}).get("present"):
            seen.add("device:" + str(next(s.method for s in plan.scenarios if s.id == "device-relay")))
    assert EXPECTED_SCENARIOS[name] <= seen


def test_every_question_fills_a_declared_key() -> None:
    for q in QUESTIONS:
        assert q.field.name == q.key, q.id


def test_a_required_device_address_is_never_optional() -> None:
    from advisor.wizard.question_bank import question

    q = question("devices.ip_addresses")
    assert "leave empty" not in q.help
    assert q.optional({"devices": {"present": True, "method": "smtp-relay"}}, {}) is False
    assert q.optional({"devices": {"present": True, "method": "direct-send"}}, {}) is True


def test_default_file_names_keep_accented_letters_readable() -> None:
    from advisor.wizard.saving import slug

    assert slug("Zürcher Bänk AG") == "zurcher-bank-ag"
    assert slug("Caisse d'Épargne") == "caisse-d-epargne"
    assert slug("東京") == "answers"  # nothing Latin left: the generic name


def test_each_review_row_shows_the_whole_answer_in_its_description() -> None:
    """A row's label can be cut at the terminal's edge; its description (wrapped) holds the answer whole."""
    long_name = "Bäckerei Müller und Söhne Backwaren Großhandel GmbH & Co. KG"  # 60 of 64
    seen: list[Prompt] = []

    class Recording(Scripted):
        def ask(self, prompt: Prompt) -> Any:
            if prompt.key == "review":
                seen.append(prompt)
            return super().ask(prompt)

    Wizard(Recording({**CLOUD_ONLY, "organization.name": long_name})).run()
    row = next(c for c in seen[0].choices if c.value == "organization.name")
    assert row.description.endswith(f"Answer: {long_name}")
    assert row.description.startswith(QUESTIONS[0].help)


def test_the_review_shows_yes_and_no_as_the_questions_offer_them() -> None:
    from advisor.wizard.engine import _display

    assert (_display(True, None, {}, None), _display(False, None, {}, None)) == ("Yes", "No")


def test_the_next_step_names_each_script_to_run() -> None:
    from pathlib import Path

    from advisor.wizard.saving import next_step

    files = [Path("acme.ps1"), Path("acme.md"), Path("acme.html")]
    assert ".\\acme.ps1 -WhatIf" in next_step(files)
    assert "Exchange Management Shell" not in next_step(files)
    with_server = next_step([*files, Path("acme.onprem.ps1")])
    assert "Exchange Management Shell on your server:\n  .\\acme.onprem.ps1 -WhatIf" in with_server


def test_the_intro_promises_no_fewer_questions_than_a_topic_asks() -> None:
    """ "Up to N about your own server" holds for the example that asks the most of them."""
    from advisor.inputs.answers_file import parse_text
    from advisor.inputs.examples import example_text
    from advisor.wizard.engine import Wizard, steps
    from advisor.wizard.introduction import intro as _intro
    from advisor.wizard.introduction import more_by_topic as _more_by_topic

    first = {s.key for s in Wizard(Scripted({})).pending()}
    more = _more_by_topic(first)
    text = _intro(len(first), more)
    for label, count in more.items():
        assert f"{count} about {label}" in text or f"{count} for {label}" in text
    asked = {s.key for s in steps(parse_text(example_text("combined"), "combined"))} - first
    assert sum(1 for key in asked if key.startswith("on_premises.")) <= more["your own server"]
    assert sum(1 for key in asked if key.startswith("devices.")) <= more["devices"]
    per_partner = sum(1 for key in asked if key.startswith("partners[0]."))
    assert 0 < per_partner <= more["each partner"]


def test_devices_that_can_only_sign_in_with_basic_are_asked_about_tls_and_reject_direct_send() -> None:
    replies = {
        **CLOUD_ONLY,
        "devices.present": True,
        "devices.external_recipients": False,
        "devices.supports_smtp_auth": True,
        "devices.supports_oauth": False,
        "devices.supports_tls12": True,
        "devices.ports": "not-sure",
        "devices.volume": "not-sure",
        "devices.third_party_hosted": False,
        "organization.reject_direct_send": True,
        "devices.method": "auto",
        "devices.identify_by": "ip-addresses",
        "devices.ip_addresses": "",  # no static address: no relay connector
    }
    data, prompter = run(replies)
    assert {"devices.supports_tls12", "organization.reject_direct_send"} <= set(prompter.asked)
    assert data["organization"]["reject_direct_send"] is True
    assert decide(validate_answers(data)).scenarios[-1].method == "high-volume-email"


def test_external_recipients_hide_the_internal_only_methods() -> None:
    replies = {
        **CLOUD_ONLY,
        "devices.present": True,
        "devices.external_recipients": True,
        "devices.supports_smtp_auth": False,
        "devices.ports": "not-sure",
        "devices.third_party_hosted": False,
        "devices.method": "auto",
        "devices.identify_by": "ip-addresses",
        "devices.ip_addresses": "198.51.100.25",
    }
    _, prompter = run(replies)
    assert "organization.reject_direct_send" not in prompter.asked  # direct send cannot reach them anyway
    assert prompter.offered["devices.method"] == ["auto", "smtp-relay"]


def test_smart_hosts_the_sending_certificate_does_not_name_ask_for_their_certificate() -> None:
    replies = {
        **CLOUD_ONLY,
        **SERVER_QUESTIONS,
        **EXCHANGE_QUESTIONS,
        "on_premises.server": "exchange-2010-or-later",
        "on_premises.hybrid_wizard": "not-run",
        "on_premises.identify_by": "certificate",
        "on_premises.certificate_name": "mail.contoso.com",
        "on_premises.smart_hosts": "edge1.contoso.com",
        "on_premises.receiving_certificate_name": "edge1.contoso.com",
        "on_premises.centralized_mail_transport": False,
        "on_premises.send_connector_scope": "all-internet-mail",
    }
    data, prompter = run(replies)
    assert "on_premises.receiving_certificate_name" in prompter.asked
    (outbound,) = [c for c in decide(validate_answers(data)).connectors if c.direction == "outbound"]
    assert outbound.parameters["TlsDomain"] == "edge1.contoso.com"


def test_a_server_certificate_outside_the_accepted_domains_is_refused_while_typing() -> None:
    replies = {
        **CLOUD_ONLY,
        **SERVER_QUESTIONS,
        **EXCHANGE_QUESTIONS,
        "on_premises.server": "exchange-2010-or-later",
        "on_premises.hybrid_wizard": "not-run",
        "on_premises.identify_by": "certificate",
        "on_premises.certificate_name": ["exchange.contoso.local", "mail.fabrikam.net", "mail.contoso.com"],
        "on_premises.smart_hosts": "mail.contoso.com",
        "on_premises.centralized_mail_transport": False,
        "on_premises.send_connector_scope": "all-internet-mail",
    }
    data, prompter = run(replies)
    assert [key for key, _ in prompter.errors] == ["on_premises.certificate_name"] * 2
    assert "internal name" in prompter.errors[0][1]
    assert "not in one of your accepted domains" in prompter.errors[1][1]
    assert data["on_premises"]["certificate_name"] == "mail.contoso.com"


def test_a_service_that_hands_mail_back_is_asked_by_its_own_questions() -> None:
    replies = {
        **CLOUD_ONLY,
        "add-processing-service[0]": True,
        "processing_services[0].name": "Exclaimer Cloud",
        "processing_services[0].smart_hosts": "contoso-com.smtp.excl.cloud",
        "processing_services[0].identify_by": "certificate",
        # a shared vendor wildcard is refused while typing, then the tenant-unique domain is taken
        "processing_services[0].certificate_name": ["*.exclaimer.net", "a1b2c3d4.smtp.excl.cloud"],
        "processing_services[0].processed_header": "X-ExclaimerHostedSignatures-MessageProcessed: true",
        "processing_services[0].senders": "group",
        "processing_services[0].sender_group": "signatures@contoso.com",
        "processing_services[0].modifies_messages": True,
        "processing_services[0].arc_sealer": "",  # not sure: left out, the plan says what to find out
        "add-processing-service[1]": False,
    }
    data, prompter = run(replies)
    assert data["processing_services"] == [
        {
            "name": "Exclaimer Cloud",
            "smart_hosts": ["contoso-com.smtp.excl.cloud"],
            "identify_by": "certificate",
            "certificate_name": "a1b2c3d4.smtp.excl.cloud",
            "processed_header": "X-ExclaimerHostedSignatures-MessageProcessed: true",
            "senders": "group",
            "sender_group": "signatures@contoso.com",
            "modifies_messages": True,
        }
    ]
    assert [key for key, _ in prompter.errors] == ["processing_services[0].certificate_name"]
    assert "processing_services[0].ip_addresses" not in prompter.asked
    plan = decide(validate_answers(data))
    assert "arc-sealer-missing" in plan.warning_codes()
    assert len(plan.rules) == 1


def test_with_no_connector_the_next_step_is_the_devices_settings() -> None:
    from pathlib import Path

    from advisor.wizard.saving import next_step
    from tests.conftest import answers, devices, plan_for

    plan = plan_for(answers(devices=devices(supports_smtp_auth=True, supports_oauth=True)))
    assert not plan.connectors
    told = next_step([Path("acme.ps1"), Path("acme.html")], plan)
    assert told.startswith(f"Next: {plan.steps[0].title}:")
    assert "smtp.office365.com" in told
    assert "-WhatIf" not in told  # nothing to create: the script only lists what is there
    with_connectors = plan_for(answers(devices=devices(method="smtp-relay")))
    assert ".\\acme.ps1 -WhatIf" in next_step([Path("acme.ps1"), Path("acme.html")], with_connectors)


class Defaults(Scripted):
    """The scripted prompter, keeping each prompt's default by key."""

    def __init__(self, script: dict[str, Any]) -> None:
        super().__init__(script)
        self.defaults: dict[str, Any] = {}

    def ask(self, prompt: Prompt) -> Any:
        self.defaults[prompt.key] = prompt.default
        return super().ask(prompt)


HYBRID_WITH_SERVICE = {
    **HYBRID_NON_MICROSOFT_BY_IP,
    "on_premises.send_connector_scope": DEFAULT,
    "organization.tenant_domain": "contoso.onmicrosoft.com",
    "organization.mx": "filtering-service",
    "filtering_service": True,
    "filtering_service.name": "Mimecast",
    "filtering_service.inbound": True,
    "filtering_service.outbound": False,
    "filtering_service.delivers_to": DEFAULT,
    "filtering_service.identify_by": "certificate",
    "filtering_service.certificate_name": "relay.mimecast.example",
    "filtering_service.modifies_messages": False,
}


def test_a_filtering_service_with_a_server_asks_where_it_delivers_and_keeps_it_by_default() -> None:
    prompter = Defaults(HYBRID_WITH_SERVICE)
    data = Wizard(prompter).run()
    assert prompter.defaults["filtering_service.delivers_to"] == "on-premises"
    assert data["filtering_service"]["delivers_to"] == "on-premises"
    assert "filtering_service.identify_by" not in prompter.asked  # nothing comes from it to identify
    # the server's internet mail keeps its own way out: only mail for cloud mailboxes goes to Microsoft 365
    assert prompter.defaults["on_premises.send_connector_scope"] == "cloud-mailboxes"
    steps = [s.title for s in decide(validate_answers(data)).steps]
    assert "Keep Mimecast delivering to your server" in steps


def test_without_a_filtering_service_the_server_still_keeps_its_internet_mail_by_default() -> None:
    """All internet mail through Microsoft 365 is a topology decision (facts 6.9): chosen, never defaulted."""
    script = {
        **HYBRID_NON_MICROSOFT_BY_IP,
        "on_premises.send_connector_scope": DEFAULT,
        "organization.tenant_domain": "contoso.onmicrosoft.com",
    }
    prompter = Defaults(script)
    Wizard(prompter).run()
    assert "filtering_service.delivers_to" not in prompter.asked
    assert prompter.defaults["on_premises.send_connector_scope"] == "cloud-mailboxes"


def test_devices_that_sign_in_with_oauth_are_not_asked_about_relay_or_hosting() -> None:
    replies = {
        **CLOUD_ONLY,
        "devices.present": True,
        "devices.external_recipients": True,
        "devices.supports_smtp_auth": True,
        "devices.supports_oauth": True,
        "devices.supports_tls12": True,
        "devices.ports": "587-and-25",
        "devices.volume": "within-limits",
        "devices.method": "auto",
    }
    data, prompter = run(replies)
    asked = set(prompter.asked)
    assert not asked & {"devices.third_party_hosted", "devices.identify_by", "devices.ip_addresses"}
    assert decide(validate_answers(data)).scenarios[-1].method == "smtp-auth"
