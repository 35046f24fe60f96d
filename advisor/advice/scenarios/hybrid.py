"""Scenario hybrid: mailboxes split between your own server and Exchange Online (S1 sub-table, S2, S17)."""

from __future__ import annotations

from advisor.advice import catalogue, on_premises
from advisor.advice.on_premises_side import exchange_out_of_date
from advisor.advice.part import ConnectorNames, Part, Phase, mx_endpoint
from advisor.model.answers import Answers
from advisor.model.plan import DnsRecord, Scenario


def contribute(answers: Answers, names: ConnectorNames) -> Part:
    part = Part()
    if answers.subscription != "exchange-online" or answers.server == "none":
        return part
    out_of_date = exchange_out_of_date(answers)
    if out_of_date is not None:
        part.warn(out_of_date)
    if answers.hybrid_wizard_built_connectors:
        why = catalogue.reason("scenarios.hybrid-wizard-full")
        part.scenarios.append(Scenario("hybrid", "managed-by-hybrid-wizard", why.text, why.source))
        part.warn(catalogue.warning("hybrid-wizard-manages-connectors"))
        part.add_step(Phase.REVIEW, catalogue.step("steps.review-hybrid-connectors"))
        return part
    op = answers.on_premises
    assert op is not None
    if op.server == "google-workspace":
        _google_workspace(answers, part)
        return part
    if op.server == "exchange-2010-or-later" and op.hybrid_wizard == "minimal":
        why = catalogue.reason("scenarios.hybrid-wizard-minimal")
        part.warn(catalogue.warning("hybrid-minimal-no-connectors"))
    elif op.server == "exchange-2010-or-later":
        why = catalogue.reason("scenarios.hybrid-wizard-not-run")
        if op.hybrid_wizard == "not-sure":  # assumed not run; finding out comes first (S17, S27)
            part.warn(catalogue.warning("hybrid-wizard-not-sure"))
            part.add_step(Phase.DECIDE, catalogue.step("steps.find-out-hybrid-wizard"))
        part.warn(catalogue.warning("consider-hybrid-wizard"))
        part.add_step(Phase.DECIDE, catalogue.step("steps.decide-on-hybrid"))
    elif op.server == "exchange-2007-or-earlier":
        why = catalogue.reason("scenarios.hybrid-exchange-2007")
        part.warn(catalogue.warning("legacy-exchange", hybrid=catalogue.text("phrases.legacy-hybrid-check")))
    else:
        why = catalogue.reason("scenarios.hybrid-non-microsoft")
    part.scenarios.append(Scenario("hybrid", "required", why.text, why.source))
    on_premises.add_server_connectors(answers, "hybrid", part, names)
    part.add_step(Phase.RECIPIENTS, catalogue.step("steps.find-on-premises-mailboxes"))
    on_premises.add_server_steps(answers, part)
    return part


def _google_workspace(answers: Answers, part: Part) -> None:
    """Coexistence with Google Workspace (S44, S23; facts 7.5): routing subdomains and mail users, never an
    OnPremises connector identified by Google's shared certificates or address ranges."""
    domain = answers.domains[0]
    google, microsoft = f"gsuite.{domain}", f"o365.{domain}"
    why = catalogue.reason("scenarios.hybrid-google-workspace")
    part.scenarios.append(Scenario("hybrid", "not-needed", why.text, why.source))
    part.warn(catalogue.warning("google-workspace-no-connectors"))
    subdomains = catalogue.step("steps.google-routing-subdomains", google=google, microsoft=microsoft)
    part.add_step(Phase.ACCEPTED_DOMAINS, subdomains)
    part.add_step(Phase.RECIPIENTS, catalogue.step("steps.google-mail-users", google=google))
    forwarding = catalogue.step("steps.google-forwarding", domain=domain, microsoft=microsoft)
    part.add_step(Phase.MX, forwarding)
    part.dns.append(
        DnsRecord("MX", microsoft, mx_endpoint(microsoft), catalogue.text("dns.google-microsoft-routing"))
    )
    part.dns.append(DnsRecord("MX", google, "smtp.google.com", catalogue.text("dns.google-google-routing")))
