"""Checks across the whole plan: warnings that look at every scenario, verdicts, names, sources, purity.

Every warning code in the catalogue has a case, in the test module of the scenario that raises it
(`WARNING_CASES`), or here for the warnings about the whole plan."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import tests.advice
from advisor.advice.catalogue import entries
from advisor.advice.decide import decide
from advisor.inputs.answers_file import load_example
from tests.conftest import answers, devices, on_prem, partner, plan_for

# Each warning code of this scenario: answers where it applies, and the nearest answers where it does not.
PLAN_WARNING_CASES = {
    "cmt-partner-bypass": (
        answers(on_premises=on_prem(centralized_mail_transport=True), partners=[partner()]),
        answers(
            on_premises=on_prem(centralized_mail_transport=True), partners=[partner(direction="inbound")]
        ),
    ),
    "accepted-domains-first": (answers(partners=[partner()]), answers()),
    "open-relay": (answers(on_premises=on_prem()), answers(devices=devices())),
    "documentation-address": (answers(devices=devices()), answers(devices=devices(ip_addresses=["8.8.4.4"]))),
}


def all_warning_cases() -> dict[str, tuple[dict, dict]]:
    """Every scenario test module's WARNING_CASES, and this module's."""
    cases = dict(PLAN_WARNING_CASES)
    for module in pkgutil.iter_modules(tests.advice.__path__):
        found = getattr(importlib.import_module(f"tests.advice.{module.name}"), "WARNING_CASES", {})
        assert not set(found) & set(cases), module.name
        cases.update(found)
    return cases


WARNING_CASES_ALL = all_warning_cases()


def test_every_warning_code_has_a_case() -> None:
    assert set(WARNING_CASES_ALL) == set(entries()["warnings"])


@pytest.mark.parametrize("code", sorted(WARNING_CASES_ALL))
def test_warning_raised_exactly_when_it_applies(code: str) -> None:
    applies, does_not = WARNING_CASES_ALL[code]
    assert plan_for(applies).warning_codes().count(code) == 1
    assert code not in plan_for(does_not).warning_codes()


def test_combined_plan_has_no_competing_connectors() -> None:
    data = answers(
        on_premises=on_prem(hybrid_wizard="minimal"),
        devices=devices(method="smtp-relay"),
        partners=[
            partner(
                restrict_by="both", certificate_name="mail.contosobank.com", ip_addresses=["192.0.2.0/24"]
            ),
            partner(name="Fabrikam", domains=["fabrikam.com"], direction="inbound"),
        ],
    )
    plan = plan_for(data)
    assert plan.verdict == "required"
    assert [s.id for s in plan.scenarios] == ["hybrid", "device-relay", "partner-tls", "partner-tls"]
    names = [c.name for c in plan.connectors]
    assert len(names) == len(set(n.lower() for n in names))
    outbound_scopes = [
        tuple(c.parameters["RecipientDomains"]) for c in plan.connectors if c.direction == "outbound"
    ]
    assert len(outbound_scopes) == len(set(outbound_scopes))
    # inbound connectors for the same senders differ in what identifies them
    keys = [
        (
            tuple(c.parameters["SenderDomains"]),
            c.parameters.get("TlsSenderCertificateName"),
            tuple(c.parameters.get("SenderIPAddresses", ())),
        )
        for c in plan.connectors
        if c.direction == "inbound"
    ]
    assert len(keys) == len(set(keys))


def test_overall_verdict_is_strongest() -> None:
    assert (
        plan_for(answers(partners=[partner()], on_premises=on_prem(hybrid_wizard="full"))).verdict
        == "managed-by-hybrid-wizard"
    )
    assert plan_for(answers(partners=[partner()], devices=devices())).verdict == "optional"
    assert plan_for(answers(partners=[partner()], on_premises=on_prem())).verdict == "required"


def test_every_decision_cites_a_known_source() -> None:
    from advisor.advice.catalogue import entries
    from advisor.model.plan import source_keys

    SOURCES = entries()["sources"]

    data = answers(on_premises=on_prem(), devices=devices(method="direct-send"), partners=[partner()])
    plan = plan_for(data)
    for item in [*plan.scenarios, *plan.connectors, *plan.warnings]:
        keys = source_keys(item.source)
        assert keys, item
        assert all(k in SOURCES for k in keys), item


def test_decide_is_pure(monkeypatch) -> None:
    """No I/O, no prompts, no printing: the engine fails loudly if it tries, and is deterministic.

    The advice catalogue (package data) is read once per process, before the engine runs.
    """
    import builtins
    import os
    import sys

    from advisor.advice.catalogue import entries
    from advisor.advice.decide import decide
    from advisor.model.validation import validate_answers

    validated = validate_answers(
        answers(on_premises=on_prem(), devices=devices(method="smtp-relay"), partners=[partner()])
    )
    entries()  # the catalogue, loaded once

    def forbidden(*_args, **_kwargs):
        raise AssertionError("the decision engine must not do I/O")

    for name in ("open", "print", "input"):
        monkeypatch.setattr(builtins, name, forbidden)
    for name in ("system", "listdir", "scandir", "stat"):
        monkeypatch.setattr(os, name, forbidden)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    first = decide(validated).to_dict()
    assert first == decide(validated).to_dict()


def test_example_combined() -> None:
    assert decide(load_example("combined")).verdict == "required"


def test_no_plan_sentence_speaks_in_answers_file_key_paths() -> None:
    """The plan is read by people who answered questions, not by people who wrote YAML (key paths stay in
    file validation errors)."""
    import re

    from advisor.errors import AnswersInvalid
    from advisor.model.answers import SECTION_TABLES
    from advisor.model.validation import validate_answers
    from tests.corpus import raw_answers

    sections = "|".join(f.name for f in SECTION_TABLES[0] if f.section is not None)
    key_path = re.compile(rf"\b({sections})(\[\d+\])?\.[a-z_]+")
    plans = [decide(load_example("combined"))]
    for data in raw_answers(400):
        try:
            plans.append(decide(validate_answers(data)))
        except AnswersInvalid:
            continue
    for plan in plans:
        texts = [plan.summary, *(s.reason for s in plan.scenarios), *(c.reason for c in plan.connectors)]
        texts += [w.message for w in plan.warnings] + [s.title + " " + s.detail for s in plan.steps]
        texts += [d.note for d in plan.dns]
        for text in texts:
            assert not key_path.search(text), text
