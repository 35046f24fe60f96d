"""The plan's headline: one sentence that tells the admin what to do, matching the plan below it.

Counts the planned connectors by purpose (your server, a filtering service, devices, partners) and says
whether each group is needed, recommended or optional; with the Hybrid Configuration Wizard in the picture,
it leads with the wizard (S1's first advice for Exchange 2010 or later).
"""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.advice.scenarios.device_relay import choice_rests_on_not_sure
from advisor.model.answers import Answers
from advisor.model.plan import Connector, Scenario

ON_PREMISES_SCENARIOS = ("standalone-eop", "hybrid")
MAX_NAMED = 3  # partners named in the headline; more are counted


def summary(answers: Answers, scenarios: list[Scenario], connectors: list[Connector]) -> str:
    groups = _purposes(answers, scenarios, connectors)
    count = sum(n for n, _, _ in groups)
    hybrid = next((s for s in scenarios if s.id == "hybrid"), None)
    if hybrid is not None and (hybrid.verdict == "managed-by-hybrid-wizard" or _wizard_not_run(answers)):
        unsure = answers.on_premises is not None and answers.on_premises.hybrid_wizard == "not-sure"
        return _wizard_first(hybrid, groups, count, unsure)
    if len(groups) == 1:
        (n, kind, purpose) = groups[0]
        return catalogue.text(
            "summary.one-purpose-one" if n == 1 else "summary.one-purpose-many",
            connectors=_count(n),
            kind=_kind(kind),
            purpose=purpose,
        )
    if groups:
        return catalogue.text("summary.purposes", connectors=_count(count), list=_listed(groups))
    return _nothing_to_create(scenarios)


def _wizard_not_run(answers: Answers) -> bool:
    op = answers.on_premises
    return (
        op is not None
        and op.server == "exchange-2010-or-later"
        and op.hybrid_wizard in ("not-run", "not-sure")
    )


def _wizard_first(hybrid: Scenario, groups: list[tuple[int, str, str]], count: int, unsure: bool) -> str:
    """The Hybrid Configuration Wizard made the connectors, or is Microsoft's first advice (S1); when the
    admin was not sure it ran, finding that out comes first (the checklist's first step)."""
    if hybrid.verdict == "managed-by-hybrid-wizard":
        if not groups:
            return catalogue.text("summary.hybrid-wizard-made-them")
        return catalogue.text(
            "summary.hybrid-wizard-made-them-and-more", connectors=_count(count), list=_listed(groups)
        )
    server, others = groups[0][0], groups[1:]  # the server's pair is always planned, and first
    if not others:
        return catalogue.text(
            "summary.check-hybrid-wizard" if unsure else "summary.run-hybrid-wizard",
            connectors=_count(server),
        )
    return catalogue.text(
        "summary.check-hybrid-wizard-and-more" if unsure else "summary.run-hybrid-wizard-and-more",
        server_connectors=_count(server),
        connectors=_count(count - server),
        list=_listed(others),
    )


def _purposes(
    answers: Answers, scenarios: list[Scenario], connectors: list[Connector]
) -> list[tuple[int, str, str]]:
    """(how many connectors, needed|recommended|optional, what for), in plan order."""

    def counted(*ids: str) -> int:
        return sum(1 for c in connectors if c.scenario in ids)

    groups: list[tuple[int, str, str]] = []
    if counted(*ON_PREMISES_SCENARIOS):
        groups.append(
            (counted(*ON_PREMISES_SCENARIOS), "needed", catalogue.text("summary-words.on-premises"))
        )
    service = answers.filtering_service
    if service is not None and counted("filtering-service"):
        kind = "needed" if service.outbound else "recommended"
        purpose = catalogue.text("summary-words.filtering-service", service=service.name)
        groups.append((counted("filtering-service"), kind, purpose))
    if counted("processing-service"):
        services = joined([s.name for s in answers.processing_services])
        purpose = catalogue.text("summary-words.processing-service", services=services)
        groups.append((counted("processing-service"), "needed", purpose))
    if counted("device-relay"):
        assumed = choice_rests_on_not_sure(answers)
        purpose = catalogue.text(
            "summary-words.device-relay-sign-in-unsure" if assumed else "summary-words.device-relay"
        )
        groups.append((counted("device-relay"), "needed", purpose))
    if counted("partner-tls"):
        named = [s.partner for s in scenarios if s.id == "partner-tls" and s.partner]
        if len(named) > MAX_NAMED:
            partners = catalogue.text("summary-words.many-partners", count=str(len(named)))
        else:
            partners = joined(named)
        purpose = catalogue.text("summary-words.partner-tls", partners=partners)
        groups.append((counted("partner-tls"), "optional", purpose))
    return groups


def _nothing_to_create(scenarios: list[Scenario]) -> str:
    devices = next((s for s in scenarios if s.id == "device-relay" and s.verdict != "not-needed"), None)
    if devices is not None and devices.method == "smtp-auth":
        return catalogue.text(
            "summary.nothing-devices", method=catalogue.text("summary-words.method-smtp-auth")
        )
    if devices is not None and devices.method == "direct-send":
        return catalogue.text(
            "summary.nothing-devices", method=catalogue.text("summary-words.method-direct-send")
        )
    if devices is not None and devices.method == "high-volume-email":
        return catalogue.text(
            "summary.nothing-devices", method=catalogue.text("summary-words.method-high-volume-email")
        )
    if devices is not None:
        return catalogue.text("summary.nothing-fits-devices")
    if any(s.id == "hybrid" and s.verdict == "not-needed" for s in scenarios):  # Google Workspace (S44)
        return catalogue.text("summary.nothing-google-workspace")
    return catalogue.text("summary.nothing")


def _count(n: int) -> str:
    if n == 1:
        return catalogue.text("summary-words.connector-count-one")
    return catalogue.text("summary-words.connector-count-many", count=str(n))


def _kind(kind: str) -> str:
    if kind == "recommended":
        return catalogue.text("summary-words.recommended")
    if kind == "optional":
        return catalogue.text("summary-words.optional")
    return catalogue.text("summary-words.needed")


def _listed(groups: list[tuple[int, str, str]]) -> str:
    items = []
    for n, kind, purpose in groups:
        if kind == "recommended":
            items.append(catalogue.text("summary-words.in-a-list-recommended", count=str(n), purpose=purpose))
        elif kind == "optional":
            items.append(catalogue.text("summary-words.in-a-list-optional", count=str(n), purpose=purpose))
        else:
            items.append(catalogue.text("summary-words.in-a-list", count=str(n), purpose=purpose))
    return joined(items)


def joined(items: list[str]) -> str:
    """a; a and b; a, b and c (built from the end, without recursion)."""
    if len(items) <= 1:
        return "".join(items)
    joined = catalogue.text("summary-words.list-pair", first=items[-2], last=items[-1])
    for item in reversed(items[:-2]):
        joined = catalogue.text("summary-words.list-more", first=item, rest=joined)
    return joined
