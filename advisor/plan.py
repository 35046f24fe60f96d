"""What the decision engine produces. Plain data; `to_dict` is the JSON contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor import __version__
from advisor.sources import SOURCES, source_keys

VERDICT_STRENGTH = ("not-needed", "optional", "managed-by-hybrid-wizard", "required")

# The verdict in one sentence, for the terminal view and the handouts alike.
VERDICT_SENTENCES = {
    "required": "Connectors are required.",
    "managed-by-hybrid-wizard": "Connectors are needed, and the Hybrid Configuration Wizard manages them: "
    "do not create them by hand.",
    "optional": "Connectors are optional: they add security or reliability.",
    "not-needed": "No connector is needed.",
}

OFFICE_365 = "Office 365"
YOUR_SERVER = "Your organization's email server"
PARTNER_ORG = "Partner organization"

ParameterValue = str | bool | list[str]


@dataclass(frozen=True)
class Scenario:
    id: str
    verdict: str
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


@dataclass(frozen=True)
class Connector:
    scenario: str
    direction: str  # inbound = into Microsoft 365, outbound = out of it
    from_: str
    to: str
    parameters: dict[str, ParameterValue]
    reason: str
    source: str

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


@dataclass(frozen=True)
class PlanWarning:
    code: str
    severity: str  # info | warning | critical
    message: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message, "source": self.source}


@dataclass(frozen=True)
class Step:
    title: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "detail": self.detail}


@dataclass(frozen=True)
class DnsRecord:
    type: str
    name: str
    value: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "value": self.value, "note": self.note}


@dataclass(frozen=True)
class OnPremisesSide:
    """What to configure on your own server: an Exchange send connector, or plain instructions."""

    server: str  # exchange-2010-or-later | exchange-2007-or-earlier | non-microsoft
    smart_host: str  # the Microsoft 365 endpoint your server sends to
    parameters: dict[str, ParameterValue]  # New-SendConnector (Exchange Management Shell); empty otherwise
    cloud_services_mail: bool  # offer CloudServicesMailEnabled (Exchange 2013 or later only)
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "smart_host": self.smart_host,
            "cmdlet": "New-SendConnector" if self.parameters else None,
            "parameters": {k: list(v) if isinstance(v, list) else v for k, v in self.parameters.items()},
            "cloud_services_mail_enabled": "Exchange 2013 or later only"
            if self.cloud_services_mail
            else None,
            "source": self.source,
        }


@dataclass(frozen=True)
class Plan:
    organization: str
    domains: list[str]
    verdict: str
    scenarios: list[Scenario]
    connectors: list[Connector]
    warnings: list[PlanWarning]
    steps: list[Step]
    dns: list[DnsRecord] = field(default_factory=list)
    on_premises_side: OnPremisesSide | None = None

    def warning_codes(self) -> list[str]:
        return [w.code for w in self.warnings]

    def cited_sources(self) -> dict[str, dict[str, str]]:
        keys: list[str] = []
        side = [self.on_premises_side] if self.on_premises_side else []
        for item in [*self.scenarios, *self.connectors, *self.warnings, *side]:
            for key in source_keys(item.source):
                if key not in keys:
                    keys.append(key)
        return {k: {"title": SOURCES[k].title, "url": SOURCES[k].url} for k in sorted(keys, key=_key_order)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "advisor_version": __version__,
            "organization": self.organization,
            "domains": list(self.domains),
            "verdict": self.verdict,
            "scenarios": [s.to_dict() for s in self.scenarios],
            "connectors": [c.to_dict() for c in self.connectors],
            "warnings": [w.to_dict() for w in self.warnings],
            "steps": [s.to_dict() for s in self.steps],
            "dns": [d.to_dict() for d in self.dns],
            "on_premises_side": self.on_premises_side.to_dict() if self.on_premises_side else None,
            "sources": self.cited_sources(),
        }


def _key_order(key: str) -> int:
    return int(key[1:])


def strongest(verdicts: list[str]) -> str:
    return max(verdicts, key=VERDICT_STRENGTH.index, default="not-needed")
