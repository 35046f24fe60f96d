"""`diff`: a plan against what a tenant has. Pure.

Planned connectors are matched to existing ones by name, then by direction, type and scope (the sender or
recipient domains), then by a scope that overlaps the planned one: the converging script never creates a
second connector beside one that already takes some of the same mail, and never changes one that may serve
other domains too (a restriction for one partner would reject another's mail): it says so instead. For each
match, every setting the plan script would write on its
`Set-*` path is compared (`advisor.model.convergence`: the planned parameters and every restriction the plan
does not use, cleared), after normalisation (lists as sets; `smtp:x;1` as x; domains, names and enum values
without regard to case; `1.2.3.4/32` as `1.2.3.4`; an empty value as absent). A setting the export's record
does not have is reported as not read, never as equal. Existing connectors the plan does not have are
reported, never removed; connectors the Hybrid Configuration Wizard made are reported with "re-run the
wizard", never changed.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import field
from typing import Any

from advisor.errors import UserError
from advisor.model.convergence import update_parameters
from advisor.model.domains import covers
from advisor.model.plan import Connector, Plan
from advisor.model.tenant import ExistingConnector, Tenant
from advisor.record import record

# The name matched already; a comment is not mail flow; Enabled is the connector's own state, reported apart.
IGNORED = ("Name", "Comment", "Enabled")


@record
class Difference:
    parameter: str
    planned: Any
    existing: Any

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.parameter, "planned": self.planned, "existing": self.existing}


@record
class Match:
    planned: Connector
    existing: ExistingConnector
    matched_by: str  # name, scope, or overlap (a scope that overlaps the planned one)
    differences: list[Difference] = field(default_factory=list)
    unread: list[Difference] = field(default_factory=list)  # settings the export does not have

    @property
    def to_converge(self) -> list[Difference]:
        """What the converging script sets: each difference, and each setting the export did not show."""
        return [*self.differences, *self.unread]

    @property
    def by_hand(self) -> bool:
        """Matched by an overlapping scope: the converging script leaves it for the admin to split."""
        return self.matched_by == "overlap"

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


@record
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


SHOWN_DOMAINS = 5  # accepted domains named in the wrong-client message
_SMTP = re.compile(r"(?i)^smtp:(.+?)(?:;\d*)?$")


def canonical(value: Any) -> str:
    """One value as `diff` compares it: `smtp:x;1` as x, a single-address block as the address (`/32`,
    `/128`), names without regard to case or a final dot."""
    text = str(value).strip()
    found = _SMTP.match(text)
    if found:
        text = found.group(1)
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return text.lower().rstrip(".")
    return str(net.network_address) if net.prefixlen == net.max_prefixlen else str(net)


def scope_key(direction: str) -> str:
    return "SenderDomains" if direction == "inbound" else "RecipientDomains"


def _scope(direction: str, parameters: dict[str, Any]) -> frozenset[str]:
    return frozenset(canonical(v) for v in parameters.get(scope_key(direction)) or [])


def _normal(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, list | tuple):
        return frozenset(canonical(v) for v in value)
    return canonical(value)


def _overlaps(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two scopes take some of the same mail: a domain in both, or a `*.x` pattern covering one. A connector
    for `*` (every domain, such as a filtering service's) is not counted as overlapping one domain's."""
    return bool(a & b) or any(covers(x, y) or covers(y, x) for x in a for y in b)


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
    """The plan against the tenant. An export whose accepted domains include none of the plan's is of another
    organization: refused (exit 2) rather than reported as everything missing."""
    _same_organization(plan, tenant)
    unmatched = list(tenant.connectors)
    matches: list[Match] = []
    missing: list[Connector] = []
    for c in plan.connectors:
        found, how = _counterpart(c, unmatched)
        if found is None:
            missing.append(c)
            continue
        unmatched.remove(found)
        matches.append(_match(c, found, how))
    return Comparison(missing, matches, unmatched)


def _counterpart(c: Connector, candidates: list[ExistingConnector]) -> tuple[ExistingConnector | None, str]:
    """The existing connector a planned one is: by name, by the same scope, or by an overlapping scope."""
    same_kind = [
        e for e in candidates if e.direction == c.direction and e.type == c.parameters.get("ConnectorType")
    ]
    scope = _scope(c.direction, c.parameters)
    for how, found in (
        ("name", (e for e in candidates if e.direction == c.direction and e.name.lower() == c.name.lower())),
        ("scope", (e for e in same_kind if _scope(e.direction, e.parameters) == scope)),
        (
            "overlap",
            (e for e in same_kind if e.enabled and _overlaps(_scope(e.direction, e.parameters), scope)),
        ),
    ):
        match = next(found, None)
        if match is not None:
            return match, how
    return None, ""


def _match(c: Connector, found: ExistingConnector, how: str) -> Match:
    settings = {k: v for k, v in update_parameters(c).items() if k not in IGNORED}
    unread = [Difference(k, v, None) for k, v in settings.items() if k in found.unread]
    differences = [
        Difference(key, value, found.parameters.get(key))
        for key, value in settings.items()
        if key not in found.unread and not same(value, found.parameters.get(key))
    ]
    return Match(c, found, how, differences, unread)


def _same_organization(plan: Plan, tenant: Tenant) -> None:
    if tenant.accepted_domains is None:
        return
    accepted = {canonical(d) for d in tenant.accepted_domains}
    if accepted and not {canonical(d) for d in plan.domains} & accepted:
        first = tenant.accepted_domains[:SHOWN_DOMAINS]
        shown = ", ".join(first) + (", ..." if len(tenant.accepted_domains) > len(first) else "")
        raise UserError(
            f"the export's accepted domains ({shown}) include none of the plan's "
            f"({', '.join(plan.domains)}): wrong client?",
            "give the answers file and the export of the same organization",
        )
