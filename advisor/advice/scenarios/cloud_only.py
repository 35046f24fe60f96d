"""Scenario cloud-only: every mailbox in Exchange Online, no server of your own, nothing in front of
Microsoft 365 and no service that hands mail back: no connector (S1, S11)."""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.advice.part import ConnectorNames, Part
from advisor.model.answers import Answers
from advisor.model.plan import Scenario


def contribute(answers: Answers, _names: ConnectorNames) -> Part:
    part = Part()
    nothing_in_front = answers.filtering_service is None and not answers.processing_services
    if answers.subscription == "exchange-online" and answers.server == "none" and nothing_in_front:
        why = catalogue.reason("scenarios.cloud-only")
        part.scenarios.append(Scenario("cloud-only", "not-needed", why.text, why.source))
    return part
