"""`audit`: the tenant's existing connectors checked against the guidance, as coded findings. Pure.

Each check is one function over the tenant; the words are in `findings.yaml` beside this module.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor.advice import catalogue
from advisor.bundled_data import load_mapping
from advisor.model.domains import domains_meet, under, without_wildcard
from advisor.model.plan import source_keys
from advisor.model.tenant import ExistingConnector, Tenant
from advisor.model.vocabulary import CERTIFICATE_CHECKING, SEVERITY_ORDER, Direction, Severity

FINDINGS_FILE = Path(__file__).with_name("findings.yaml")
MICROSOFT_DOMAINS = ("onmicrosoft.com",)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    connector: str | None
    direction: Direction | None
    message: str
    action: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "connector": self.connector,
            "direction": self.direction,
            "message": self.message,
            "action": self.action,
            "source": self.source,
        }


@functools.cache
def entries() -> dict[str, Any]:
    return load_mapping(FINDINGS_FILE)


def finding(code: str, connector: ExistingConnector | None = None, **values: str) -> Finding:
    entry = entries()[code]
    key = f"findings.{code}"
    return Finding(
        code,
        entry["severity"],
        connector.name if connector else None,
        connector.direction if connector else None,
        catalogue.fill(key, entry["message"], values),
        catalogue.fill(
            key, entry["action"], {k: v for k, v in values.items() if f"{{{k}}}" in entry["action"]}
        ),
        entry["source"],
    )


# -- the checks -----------------------------------------------------------------------------------------


def _onprem_certificates(tenant: Tenant) -> Iterator[Finding]:
    domains = tenant.accepted_domains or []
    for c in tenant.inbound:
        if c.type != "OnPremises" or not c.certificate_name:
            continue
        name = c.certificate_name.lower()
        bare = without_wildcard(name)
        exact = [d for d in domains if bare == d]
        parent = next((d for d in domains if under(bare, d)), None)
        if parent is None:
            yield finding(
                "onprem-certificate-not-accepted",
                c,
                certificate=c.certificate_name,
                domains=", ".join(domains),
            )
        elif not exact and not name.startswith("*."):
            yield finding("onprem-certificate-host-name", c, certificate=c.certificate_name, domain=parent)


def _onprem_by_ip(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.inbound:
        if c.type == "OnPremises" and c.sender_ip_addresses and not c.certificate_name:
            yield finding("onprem-identified-by-ip", c, addresses=", ".join(c.sender_ip_addresses))


def _partners(tenant: Tenant) -> Iterator[Finding]:
    partners = [c for c in tenant.inbound if c.type == "Partner"]
    restricting = [c for c in partners if c.enabled and c.restricts]
    for c in partners:
        domains = ", ".join(c.sender_domains) or "(none)"
        if c.enabled and not (c.require_tls or c.restricts):
            yield finding("partner-no-restriction", c, domains=domains)
        if c.sender_ip_addresses and c.certificate_name:
            yield finding("partner-ip-and-certificate", c)
        if c.enabled and not c.restricts:
            other = next(
                (r for r in restricting if r is not c and _shared(c.sender_domains, r.sender_domains)), None
            )
            if other is not None:
                yield finding("partner-allow-beside-restrict", c, domains=domains, other=other.name)
        if c.restricts and "*" in c.sender_domains and not (c.ef_skip_last_ip or c.ef_skip_ips):
            yield finding("filtering-service-without-enhanced-filtering", c)


def _shared(ours: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Sender domains that meet (S28), * meeting everything."""
    if "*" in ours or "*" in theirs:
        return True
    return any(domains_meet(a, b) for a in ours for b in theirs)


def _outbound_tls(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.outbound:
        if c.enabled and c.type == "OnPremises" and c.tls_settings not in CERTIFICATE_CHECKING:
            yield finding("outbound-weak-tls", c, setting=c.tls_settings or "not set")


def _routing_domains(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.outbound:
        managed = [
            d for d in c.recipient_domains if any(under(without_wildcard(d), m) for m in MICROSOFT_DOMAINS)
        ]
        if managed and c.smart_hosts and not c.use_mx_record:
            yield finding("routing-domain-on-premises", c, domains=", ".join(managed))


def _outbound_overlaps(tenant: Tenant) -> Iterator[Finding]:
    active = [c for c in tenant.outbound if c.enabled and not c.rule_scoped]
    for i, c in enumerate(active):
        for other in active[i + 1 :]:
            both = [d for d in c.recipient_domains if d in other.recipient_domains]
            if c.all_accepted_domains and other.all_accepted_domains:
                both.append("all accepted domains")
            if both:
                yield finding("outbound-overlap", c, other=other.name, domains=", ".join(both))
    for c in active:
        if not c.all_accepted_domains:
            continue
        for other in active:
            for pattern in other.recipient_domains:
                if not pattern.startswith("*.") or pattern == "*":
                    continue
                listed = {d for o in active if o is not other for d in o.recipient_domains}
                for domain in tenant.accepted_domains or []:
                    if under(domain, pattern[2:]) and domain != pattern[2:] and domain not in listed:
                        yield finding(
                            "outbound-order-ambiguous", c, domain=domain, other=other.name, pattern=pattern
                        )


def _ownership(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.connectors:
        if (c.source or "").lower() == "hybridwizard":
            yield finding("hybrid-wizard-owned", c)
        if not c.enabled:
            yield finding("connector-disabled", c)


# Checks that compare with the accepted domains; without them they are skipped and listed.
NEED_ACCEPTED_DOMAINS = (
    "onprem-certificate-not-accepted",
    "onprem-certificate-host-name",
    "outbound-order-ambiguous",
)
CHECKS: tuple[Callable[[Tenant], Iterator[Finding]], ...] = (
    _onprem_certificates,
    _onprem_by_ip,
    _partners,
    _outbound_tls,
    _routing_domains,
    _outbound_overlaps,
    _ownership,
)


def audit(tenant: Tenant) -> list[Finding]:
    """Every finding, most severe first, then in the order of the connectors."""
    found: list[Finding] = []
    if tenant.accepted_domains is None:
        found.append(finding("accepted-domains-unknown", checks=", ".join(NEED_ACCEPTED_DOMAINS)))
    for check in CHECKS:
        if tenant.accepted_domains is None and check is _onprem_certificates:
            continue  # outbound-order-ambiguous needs them too: with none it never fires
        found += check(tenant)
    order = {c.name: i for i, c in enumerate(tenant.connectors)}
    return sorted(found, key=lambda f: (SEVERITY_ORDER.index(f.severity), order.get(f.connector or "", -1)))


def cited(findings: list[Finding]) -> list[str]:
    keys = {key for f in findings for key in source_keys(f.source)}
    return sorted(keys, key=lambda key: int(key[1:]))


def at_or_above(findings: list[Finding], level: Severity) -> list[Finding]:
    """The findings as severe as `level` or more."""
    limit = SEVERITY_ORDER.index(level)
    return [f for f in findings if SEVERITY_ORDER.index(f.severity) <= limit]
