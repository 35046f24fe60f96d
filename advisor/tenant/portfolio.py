"""`audit --portfolio`: one row per tenant for a consultant's first screen. Pure.

A row counts the tenant's findings by severity, its connectors, those the Hybrid Configuration Wizard made,
names the connector that puts a filtering service in front (a Partner inbound connector for every sender
domain that is restricted to the service, or an outbound one that sends all mail to its smart hosts), and
its worst finding. A tenant whose files could not be read is a row with the error, not the end of the run.
"""

from __future__ import annotations

from typing import Any

from advisor.model.tenant import Tenant
from advisor.model.vocabulary import SEVERITY_ORDER
from advisor.record import record
from advisor.tenant.findings import HYBRID_WIZARD, Finding


@record
class TenantRow:
    name: str
    files: list[str]
    critical: int = 0
    warning: int = 0
    info: int = 0
    connectors: int = 0
    hybrid_wizard: int = 0
    filtering_service: str | None = None
    worst: Finding | None = None
    error: str | None = None  # the files could not be read: why

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "files": self.files,
            "critical": self.critical,
            "warning": self.warning,
            "info": self.info,
            "connectors": self.connectors,
            "hybrid_wizard_connectors": self.hybrid_wizard,
            "filtering_service": self.filtering_service,
            "worst": self.worst.to_dict() if self.worst else None,
            "error": self.error,
        }


def row(name: str, files: list[str], tenant: Tenant, findings: list[Finding]) -> TenantRow:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER}
    worst = min(findings, key=lambda f: SEVERITY_ORDER.index(f.severity), default=None)
    return TenantRow(
        name,
        files,
        counts["critical"],
        counts["warning"],
        counts["info"],
        len(tenant.connectors),
        sum(1 for c in tenant.connectors if (c.source or "").lower() == HYBRID_WIZARD),
        filtering_service(tenant),
        worst,
    )


def failed(name: str, files: list[str], error: str) -> TenantRow:
    return TenantRow(name, files, error=error)


def filtering_service(tenant: Tenant) -> str | None:
    """The connector that puts a filtering service in front of the tenant, if one does."""
    gateway = next(
        (
            c
            for c in tenant.inbound
            if c.enabled
            and c.type == "Partner"
            and "*" in c.sender_domains
            and (c.restricts or c.ef_skip_ips)
        ),
        None,
    )
    if gateway is None:
        gateway = next(
            (c for c in tenant.outbound if c.enabled and "*" in c.recipient_domains and c.smart_hosts), None
        )
    return gateway.name if gateway else None


def worst_first(rows: list[TenantRow]) -> list[TenantRow]:
    """Unreadable tenants first, then by critical, warning and info findings, most first; then by name."""
    return sorted(rows, key=lambda r: (r.error is None, -r.critical, -r.warning, -r.info, r.name.lower()))
