"""Scenario standalone-eop: all mailboxes on your own servers, EOP filters their mail (S1, S18)."""

from __future__ import annotations

from advisor.advice import catalogue, on_premises
from advisor.advice.on_premises_side import exchange_out_of_date
from advisor.advice.part import ConnectorNames, Part, Phase
from advisor.model.answers import Answers
from advisor.model.plan import Scenario


def contribute(answers: Answers, names: ConnectorNames) -> Part:
    part = Part()
    if answers.subscription != "eop-standalone":
        return part
    why = catalogue.reason("scenarios.standalone-eop")
    part.scenarios.append(Scenario("standalone-eop", "required", why.text, why.source))
    if answers.server == "exchange-2007-or-earlier":
        part.warn(catalogue.warning("legacy-exchange", hybrid=""))
    out_of_date = exchange_out_of_date(answers)
    if out_of_date is not None:
        part.warn(out_of_date)
    on_premises.add_server_connectors(answers, "standalone-eop", part, names)
    part.add_step(Phase.RECIPIENTS, catalogue.step("steps.add-recipients"))
    on_premises.add_server_steps(answers, part)
    part.warn(catalogue.warning("eop-junk-routing"))
    part.add_step(Phase.ON_PREMISES_SIDE, catalogue.step("steps.junk-routing"))
    if answers.mx_record_changes:
        part.add_step(Phase.AFTER_MX, catalogue.step("steps.lock-down-port-25"))
    else:
        part.add_step(Phase.AFTER_MX, catalogue.step("steps.lock-down-port-25-mx-stays"))
    return part
