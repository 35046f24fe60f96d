"""Scenario cloud-only: every mailbox in Exchange Online and no server of your own: no connector (S1, S11)."""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.advice.part import ConnectorNames, Part
from advisor.model.answers import Answers
from advisor.model.plan import Scenario


def contribute(answers: Answers, _names: ConnectorNames) -> Part:
    part = Part()
    if answers.subscription == "exchange-online" and answers.server == "none":
        why = catalogue.reason("scenarios.cloud-only")
        part.scenarios.append(Scenario("cloud-only", "not-needed", why.text, why.source))
    return part
