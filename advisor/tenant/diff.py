"""`diff`: a plan against what a tenant has. Pure.

Planned connectors are matched to existing ones by name, then by direction, type and scope (the sender or
recipient domains). For each match, every setting the plan script would write on its `Set-*` path is compared
(`advisor.model.convergence`: the planned parameters and every restriction the plan does not use, cleared),
after normalisation (lists as sets, domains and enum names without regard to case, an empty value as
absent). A setting the export's record does not have is reported as not read, never as equal. Existing
connectors the plan does not have are reported, never removed; connectors the Hybrid Configuration Wizard
made are reported with "re-run the wizard", never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from advisor.model.convergence import update_parameters
from advisor.model.plan import Connector, Plan
from advisor.model.tenant import ExistingConnector, Tenant

# The name matched already; a comment is not mail flow; Enabled is the connector's own state, reported apart.
IGNORED = ("Name", "Comment", "Enabled")


@dataclass(frozen=True)
class Difference:
    parameter: str
    planned: Any
    existing: Any

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "planned": self.planned, "existing": self.existing}


@dataclass(frozen=True)
class Match:
    planned: Connector
    existing: ExistingConnector
    matched_by: str  # name or scope
    differences: list[Difference] = field(default_factory=list)
    unread: list[Difference] = field(default_factory=list)  # settings the export does not have

    @property
    def to_converge(self) -> list[Difference]:
        """What the converging script sets: each difference, and each setting the export did not show."""
        return [*self.differences, *self.unread]

    @property
    def wizard_owned(self) -> bool:
        return (self.existing.source or "").lower() == "hybridwizard"

    def to_dict(self) -> dict[str, Any]:
        return {
            "planned": self.planned.name,
            "existing": self.existing.name,
            "direction": self.planned.direction,
            "matched_by": self.matched_by,
            "hybrid_wizard": self.wizard_owned,
            "enabled": self.existing.enabled,
            "differences": [d.to_dict() for d in self.differences],
            "not_in_export": [d.parameter for d in self.unread],
        }


@dataclass(frozen=True)
class Comparison:
    missing: list[Connector]
    matches: list[Match]
    extra: list[ExistingConnector]

    @property
    def changed(self) -> list[Match]:
        return [m for m in self.matches if m.differences or m.unread or not m.existing.enabled]

    @property
    def in_step(self) -> bool:
        return not self.missing and not self.changed

    def to_dict(self) -> dict[str, Any]:
        return {
            "in_step": self.in_step,
            "missing": [{"name": c.name, "direction": c.direction, "cmdlet": c.cmdlet} for c in self.missing],
            "matched": [m.to_dict() for m in self.matches],
            "extra": [{"name": c.name, "direction": c.direction, "source": c.source} for c in self.extra],
        }


def _scope(direction: str, parameters: dict[str, Any]) -> frozenset[str]:
    value = parameters.get("SenderDomains" if direction == "inbound" else "RecipientDomains") or []
    return frozenset(str(v).lower() for v in value)


def _normal(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, list | tuple):
        return frozenset(str(v).lower() for v in value)
    return str(value).lower()


def same(planned: Any, existing: Any) -> bool:
    """Equal after normalisation; an absent flag counts as false, an absent list as empty."""
    if isinstance(planned, bool):
        return planned == bool(existing)
    if planned is None or planned == []:
        return existing is None or existing == "" or (isinstance(existing, list | tuple) and not existing)
    if isinstance(planned, list) and existing is None:
        return False
    return bool(_normal(planned) == _normal(existing))


def compare(plan: Plan, tenant: Tenant) -> Comparison:
    unmatched = list(tenant.connectors)
    matches: list[Match] = []
    missing: list[Connector] = []
    for c in plan.connectors:
        found = next(
            (e for e in unmatched if e.direction == c.direction and e.name.lower() == c.name.lower()), None
        )
        how = "name"
        if found is None:
            scope = _scope(c.direction, c.parameters)
            found = next(
                (
                    e
                    for e in unmatched
                    if e.direction == c.direction
                    and e.type == c.parameters.get("ConnectorType")
                    and _scope(e.direction, e.parameters) == scope
                ),
                None,
            )
            how = "scope"
        if found is None:
            missing.append(c)
            continue
        unmatched.remove(found)
        settings = {k: v for k, v in update_parameters(c).items() if k not in IGNORED}
        unread = [Difference(k, v, None) for k, v in settings.items() if k in found.unread]
        differences = [
            Difference(key, value, found.parameters.get(key))
            for key, value in settings.items()
            if key not in found.unread and not same(value, found.parameters.get(key))
        ]
        matches.append(Match(c, found, how, differences, unread))
    return Comparison(missing, matches, unmatched)
