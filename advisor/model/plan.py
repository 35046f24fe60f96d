"""What the decision engine produces. Plain data; `to_dict` is the JSON contract."""

from __future__ import annotations

from dataclasses import field
from typing import Any, NamedTuple

from advisor import __version__
from advisor.model.organization import MxTarget
from advisor.model.vocabulary import (
    VERDICT_STRENGTH,
    Direction,
    EndPoint,
    ScenarioId,
    Severity,
    Verdict,
)
from advisor.record import record

ParameterValue = str | bool | list[str]


class SourceRef(NamedTuple):
    """A source the plan cites: its title and address."""

    title: str
    url: str


def source_keys(text: str) -> list[str]:
    """The keys in a 'S1, S28' citation string, in order."""
    return [part.strip() for part in text.split(",") if part.strip()]


@record
class Scenario:
    id: ScenarioId
    verdict: Verdict
    reason: str
    source: str
    method: str | None = None
    partner: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "verdict": self.verdict}
        if self.id == "device-relay":
            out["method"] = self.method
        if self.partner is not None:
            out["partner"] = self.partner
        out.update(reason=self.reason, source=self.source)
        return out


@record
class Connector:
    scenario: ScenarioId
    direction: Direction
    from_: EndPoint
    to: EndPoint
    parameters: dict[str, ParameterValue]
    reason: str
    source: str
    party: str | None = None  # the partner or filtering service at the far end, by the name given

    @property
    def cmdlet(self) -> str:
        return "New-InboundConnector" if self.direction == "inbound" else "New-OutboundConnector"

    @property
    def name(self) -> str:
        return str(self.parameters["Name"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "direction": self.direction,
            "from": self.from_,
            "to": self.to,
            "cmdlet": self.cmdlet,
            "parameters": {k: list(v) if isinstance(v, list) else v for k, v in self.parameters.items()},
            "reason": self.reason,
            "source": self.source,
        }


@record
class Rule:
    """A mail flow rule the plan creates (New-TransportRule), such as the one that routes mail to a service
    that hands it back (S48)."""

    parameters: dict[str, ParameterValue]
    reason: str
    source: str
    party: str | None = None  # the service the rule routes to, by the name given

    cmdlet = "New-TransportRule"

    @property
    def name(self) -> str:
        return str(self.parameters["Name"])

    def to_dict(self) -> dict[str, Any]:
        return {
            "cmdlet": self.cmdlet,
            "parameters": {k: list(v) if isinstance(v, list) else v for k, v in self.parameters.items()},
            "reason": self.reason,
            "source": self.source,
        }


@record
class PlanWarning:
    code: str
    severity: Severity
    message: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message, "source": self.source}


@record
class Step:
    title: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "detail": self.detail}


@record
class DnsRecord:
    type: str
    name: str
    value: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "value": self.value, "note": self.note}


@record
class OnPremisesSide:
    """What to configure on your own server: an Exchange send connector, or plain instructions."""

    server: str  # the on_premises.server answer
    smart_host: str  # the Microsoft 365 endpoint your server sends to
    parameters: dict[str, ParameterValue]  # New-SendConnector (Exchange Management Shell); empty otherwise
    cloud_services_mail: bool  # offer CloudServicesMailEnabled (Exchange 2013 or later only)
    source: str
    # Values only the server knows, looked up there: the certificate whose <I>issuer<S>subject becomes
    # TlsCertificateName, and the cmdlet that lists the servers for SourceTransportServers (S31, S19).
    certificate_lookup: str | None = None
    transport_servers_cmdlet: str | None = None
    # Set-ReceiveConnector TlsDomainCapabilities on the receive connector that accepts mail from Microsoft 365
    # (centralized mail transport: it relays cloud mailboxes' internet mail; S27, S32). Empty otherwise.
    receive_capabilities: list[str] = field(default_factory=list)
    # A non-Microsoft server: what to configure on it, in order (empty for Exchange).
    instructions: list[str] = field(default_factory=list)
    # The <I>issuer<S>subject of the server's certificate when the admin gave it (`plan --certificate FILE`):
    # the scripts then set it as it is instead of looking it up on the server.
    tls_certificate_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "smart_host": self.smart_host,
            "cmdlet": "New-SendConnector" if self.parameters else None,
            "parameters": {k: list(v) if isinstance(v, list) else v for k, v in self.parameters.items()},
            "cloud_services_mail_enabled": "Exchange 2013 or later only"
            if self.cloud_services_mail
            else None,
            "set_on_the_server": {
                key: value
                for key, value in (
                    ("TlsCertificateName", None if self.tls_certificate_name else self.certificate_lookup),
                    ("SourceTransportServers", self.transport_servers_cmdlet),
                )
                if value
            },
            "receive_connector": {
                "cmdlet": "Set-ReceiveConnector",
                "TlsDomainCapabilities": self.receive_capabilities,
            }
            if self.receive_capabilities
            else None,
            "instructions": self.instructions,
            "source": self.source,
        } | ({"tls_certificate_name": self.tls_certificate_name} if self.tls_certificate_name else {})


@record
class Plan:
    organization: str
    domains: list[str]
    verdict: Verdict
    summary: str  # what to do, in one sentence: the headline of the terminal view and the handouts
    scenarios: list[Scenario]
    connectors: list[Connector]
    warnings: list[PlanWarning]
    steps: list[Step]
    dns: list[DnsRecord] = field(default_factory=list)
    on_premises_side: OnPremisesSide | None = None
    sources: dict[str, SourceRef] = field(default_factory=dict)  # every source cited above, in key order
    mx: MxTarget = "microsoft-365"  # where the MX records point once the work is done
    rules: list[Rule] = field(default_factory=list)  # mail flow rules, created after the connectors
    # Domains the plan adds as accepted domains (a processing service's tenant-unique certificate domain)
    new_accepted_domains: list[str] = field(default_factory=list)
    arc_sealers: list[str] = field(default_factory=list)  # trusted ARC sealers the plan adds (S43)

    def warning_codes(self) -> list[str]:
        return [w.code for w in self.warnings]

    def cited_keys(self) -> list[str]:
        """The source keys cited by the scenarios, connectors, warnings and on-premises side, in key order."""
        keys: list[str] = []
        side = [self.on_premises_side] if self.on_premises_side else []
        cited: list[Scenario | Connector | Rule | PlanWarning | OnPremisesSide] = [
            *self.scenarios,
            *self.connectors,
            *self.rules,
            *self.warnings,
            *side,
        ]
        for item in cited:
            for key in source_keys(item.source):
                if key not in keys:
                    keys.append(key)
        return sorted(keys, key=lambda key: int(key[1:]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "advisor_version": __version__,
            "organization": self.organization,
            "domains": list(self.domains),
            "verdict": self.verdict,
            "summary": self.summary,
            "scenarios": [s.to_dict() for s in self.scenarios],
            "connectors": [c.to_dict() for c in self.connectors],
            "rules": [r.to_dict() for r in self.rules],
            "new_accepted_domains": list(self.new_accepted_domains),
            "arc_trusted_sealers": list(self.arc_sealers),
            "warnings": [w.to_dict() for w in self.warnings],
            "steps": [s.to_dict() for s in self.steps],
            "dns": [d.to_dict() for d in self.dns],
            "on_premises_side": self.on_premises_side.to_dict() if self.on_premises_side else None,
            "sources": {key: {"title": s.title, "url": s.url} for key, s in self.sources.items()},
        }


def strongest(verdicts: list[Verdict]) -> Verdict:
    return max(verdicts, key=VERDICT_STRENGTH.index, default="not-needed")
