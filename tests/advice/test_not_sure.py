"""Answers the admin was not sure of (`not-sure`): the plan says what it assumed and starts with how to find
out; the wizard offers "Not sure" where people are often unsure, and says how to find out once chosen."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.errors import AnswersInvalid
from advisor.model.validation import validate_answers
from advisor.wizard.engine import Wizard
from advisor.wizard.prompts import Prompt
from tests.conftest import answers, devices, on_prem, plan_for
from tests.wizard.test_wizard_engine import CLOUD_ONLY, Scripted

# Each warning code: answers where it applies, and the nearest answers where it does not.
WARNING_CASES = {
    "hybrid-wizard-not-sure": (
        answers(on_premises=on_prem(hybrid_wizard="not-sure")),
        answers(on_premises=on_prem(hybrid_wizard="not-run")),
    ),
    "devices-sign-in-not-sure": (
        answers(devices=devices(supports_smtp_auth="not-sure")),
        answers(devices=devices(supports_smtp_auth=False)),
    ),
}


def test_hybrid_wizard_not_sure_plans_as_not_run_and_checks_first() -> None:
    plan = plan_for(WARNING_CASES["hybrid-wizard-not-sure"][0])
    assumed = plan_for(WARNING_CASES["hybrid-wizard-not-sure"][1])
    assert [c.name for c in plan.connectors] == [c.name for c in assumed.connectors]
    assert plan.steps[0].title == "Check first whether the Hybrid Configuration Wizard has run"
    assert "connector-advisor collect" in plan.steps[0].detail
    assert "Inbound from <GUID>" in plan.steps[0].detail
    assert "assumes it has not" in next(
        w.message for w in plan.warnings if w.code == "hybrid-wizard-not-sure"
    )


@pytest.mark.parametrize(
    ("section", "what"),
    [
        (devices(supports_smtp_auth="not-sure"), "sign in with SMTP AUTH"),
        (devices(supports_smtp_auth=True, supports_oauth="not-sure"), "sign in with OAuth"),
    ],
)
def test_devices_not_sure_say_what_was_assumed_and_where_to_look(section: dict, what: str) -> None:
    plan = plan_for(answers(devices=section))
    message = next(w.message for w in plan.warnings if w.code == "devices-sign-in-not-sure")
    assert what in message
    assert "assumes they cannot, so it plans SMTP relay through a connector" in message
    assert plan.steps[0].title == "Check first whether the devices can sign in"
    assert "web page" in plan.steps[0].detail


def test_updates_not_sure_name_the_builds_that_count_as_current() -> None:
    plan = plan_for(
        answers(on_premises=on_prem(exchange_version="2019", exchange_updates_current="not-sure"))
    )
    message = next(w.message for w in plan.warnings if w.code == "exchange-out-of-date")
    assert "Exchange 2019 CU15 15.2.1748" in message
    assert "Get-Command ExSetup.exe" in message


def test_not_sure_is_taken_only_where_it_is_declared() -> None:
    with pytest.raises(AnswersInvalid) as caught:
        validate_answers(answers(devices=devices(external_recipients="not-sure")))
    (problem,) = caught.value.problems
    assert (problem.path, problem.accepted) == ("devices.external_recipients", "true or false")
    with pytest.raises(AnswersInvalid) as caught:
        validate_answers(answers(devices=devices(supports_smtp_auth="maybe")))
    assert caught.value.problems[0].accepted == "true, false or not-sure"


def test_the_wizard_offers_not_sure_and_says_how_to_find_out() -> None:
    told: list[str] = []
    seen: dict[str, Prompt] = {}

    class Recording(Scripted):
        def ask(self, prompt: Prompt) -> Any:
            seen[prompt.key] = prompt
            return super().ask(prompt)

        def inform(self, message: str) -> None:
            told.append(message)

    script = {
        **CLOUD_ONLY,
        "devices.present": True,
        "devices.external_recipients": True,
        "devices.supports_smtp_auth": "not-sure",
        "devices.ports": "587-and-25",
        "devices.third_party_hosted": False,
        "devices.method": "auto",
        "devices.identify_by": "ip-addresses",
        "devices.ip_addresses": "198.51.100.25",
    }
    prompter = Recording(script)
    data = Wizard(prompter).run()
    assert data["devices"]["supports_smtp_auth"] == "not-sure"
    choice = next(c for c in seen["devices.supports_smtp_auth"].choices if c.value == "not-sure")
    assert choice.label == "Not sure"
    assert "web page" in choice.description
    assert any(t.startswith("How to find out: open the device's web page") for t in told)
    assert "Check first whether the devices can sign in" in [s.title for s in plan_for(data).steps]


def test_the_headline_sends_the_admin_to_find_out_first_when_not_sure() -> None:
    plan = plan_for(WARNING_CASES["hybrid-wizard-not-sure"][0])
    assert plan.summary.startswith("First find out whether the Hybrid Configuration Wizard has run")
    assumed = plan_for(WARNING_CASES["hybrid-wizard-not-sure"][1])
    assert assumed.summary.startswith("Run the Hybrid Configuration Wizard (Full topology) first")


def test_the_device_check_names_what_was_not_sure() -> None:
    oauth = plan_for(answers(devices=devices(supports_smtp_auth=True, supports_oauth="not-sure")))
    assert "can sign in with OAuth (modern authentication), so this plan assumes" in oauth.steps[0].detail
    smtp = plan_for(answers(devices=devices(supports_smtp_auth="not-sure")))
    assert "can sign in with SMTP AUTH (a user name and password), so" in smtp.steps[0].detail


@pytest.mark.parametrize(
    ("section", "hedged"),
    [
        (devices(supports_smtp_auth="not-sure"), True),  # if they can (with OAuth): SMTP AUTH, no connector
        (devices(supports_smtp_auth=True, supports_oauth="not-sure"), True),
        # relay whatever the answer: no TLS 1.2 to sign in with, or more mail than SMTP AUTH takes
        (devices(supports_smtp_auth=True, supports_oauth="not-sure", supports_tls12=False), False),
        (devices(supports_smtp_auth=True, supports_oauth="not-sure", volume="high"), False),
        (devices(supports_smtp_auth=False), False),
        (devices(supports_smtp_auth="not-sure", method="smtp-relay"), False),  # chosen, not assumed
    ],
)
def test_the_headline_says_the_device_connector_rests_on_what_was_not_sure(
    section: dict, hedged: bool
) -> None:
    """The first step says to check whether the devices can sign in; the headline above it no longer says the
    relay connector is needed outright when the plan only assumed they cannot."""
    plan = plan_for(answers(devices=section))
    assert any(c.scenario == "device-relay" for c in plan.connectors)
    assert (
        plan.summary.endswith("for the devices' SMTP relay if they cannot sign in (check that first).")
        == hedged
    )
    assert "for the devices' SMTP relay" in plan.summary
