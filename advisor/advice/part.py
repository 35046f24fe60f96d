"""What one scenario module contributes to a plan, and the helpers every scenario module uses."""

from __future__ import annotations

from dataclasses import field
from enum import IntEnum

from advisor.advice import catalogue
from advisor.model.plan import (
    Connector,
    DnsRecord,
    OnPremisesSide,
    ParameterValue,
    PlanWarning,
    Rule,
    Scenario,
    Step,
)
from advisor.model.vocabulary import Direction, EndPoint, ScenarioId
from advisor.record import record

MAX_NAME = 64  # the admin center's limit for a connector name


class Phase(IntEnum):
    """Where a step belongs in the checklist: steps are ordered by phase, then by contribution order."""

    DECIDE = 1
    ACCEPTED_DOMAINS = 2
    RECIPIENTS = 3
    PREPARE_SERVER = 4
    CREATE_CONNECTORS = 5
    VALIDATE = 6
    ON_PREMISES_SIDE = 7
    REVIEW = 8
    DEVICES = 9
    PARTNERS = 10
    MX = 11
    AFTER_MX = 12


@record(frozen=False)
class Part:
    """One scenario's share of the plan. Built by a scenario module, merged by `decide`."""

    scenarios: list[Scenario] = field(default_factory=list)
    connectors: list[Connector] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    steps: list[tuple[Phase, Step]] = field(default_factory=list)
    dns: list[DnsRecord] = field(default_factory=list)
    spf_mechanisms: list[str] = field(default_factory=list)  # e.g. ip4:198.51.100.25 for devices
    needs_spf: bool = False  # an SPF record is advised even without mechanisms of this part's own
    on_premises_side: OnPremisesSide | None = None
    rules: list[Rule] = field(default_factory=list)
    new_accepted_domains: list[str] = field(default_factory=list)
    arc_sealers: list[str] = field(default_factory=list)

    def warn(self, warning: PlanWarning) -> None:
        self.warnings.append(warning)

    def add_step(self, phase: Phase, step: Step) -> None:
        self.steps.append((phase, step))

    def trust_arc_sealer(self, service: str, modifies: bool | None, sealer: str | None) -> None:
        """A service that changes messages breaks DKIM whatever the connectors do: trust it as an ARC
        sealer, keeping the sealers already trusted (S43, facts 7.4), or say what is missing."""
        if not modifies:
            return
        if sealer is None:
            self.warn(catalogue.warning("arc-sealer-missing", service=service))
            return
        self.arc_sealers.append(sealer)
        self.warn(catalogue.warning("arc-sealer-trusted", service=service, sealer=sealer))
        self.add_step(
            Phase.REVIEW, catalogue.step("steps.arc-trusted-sealer", service=service, sealer=sealer)
        )


def fit(name: str, limit: int = MAX_NAME) -> str:
    """A connector name cut to `limit` characters, marked with an ellipsis when cut."""
    return name if len(name) <= limit else name[: limit - 3].rstrip() + "..."


@record(frozen=False)
class ConnectorNames:
    """Unique connector names (case-insensitive, at most 64 characters) across the whole plan."""

    taken: set[str]
    next_number: dict[str, int] = field(default_factory=dict)  # per wanted name, so clashes stay linear

    def unique(self, name: str) -> str:
        candidate = fit(name)
        counter = self.next_number.get(name.lower(), 2)
        while candidate.lower() in self.taken:
            suffix = f" ({counter})"
            candidate = fit(name, MAX_NAME - len(suffix)) + suffix
            counter += 1
        self.next_number[name.lower()] = counter
        self.taken.add(candidate.lower())
        return candidate


def connector(
    scenario: ScenarioId,
    direction: Direction,
    ends: tuple[EndPoint, EndPoint],
    name: str,
    parameters: dict[str, ParameterValue],
    why: catalogue.Reason,
    party: str | None = None,
) -> Connector:
    """A planned connector: Name first, the cmdlet parameters, and the advisor's Comment last."""
    params: dict[str, ParameterValue] = {
        "Name": name,
        **parameters,
        "Comment": catalogue.text("connectors.comment"),
    }
    return Connector(scenario, direction, ends[0], ends[1], params, why.text, why.source, party)


def mx_endpoint(domain: str) -> str:
    """The usual Microsoft 365 MX host for a domain (contoso.com -> contoso-com.mail.protection...)."""
    return domain.replace(".", "-") + ".mail.protection.outlook.com"
