"""`audit`: the tenant's existing connectors checked against the guidance, as coded findings. Pure.

Each check is one function over the tenant; the words are in `findings.yaml` beside this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from advisor.model.domains import suffixes, under, without_wildcard
from advisor.model.plan import source_keys
from advisor.model.tenant import ExistingConnector, Tenant
from advisor.model.vocabulary import CERTIFICATE_CHECKING, SEVERITY_ORDER, Severity
from advisor.tenant import connector_checks
from advisor.tenant.findings import HYBRID_WIZARD, Finding, finding

MICROSOFT_DOMAINS = ("onmicrosoft.com",)
CERTIFICATE = "TlsSenderCertificateName"
RESTRICTIONS = ("RestrictDomainsToIPAddresses", "RestrictDomainsToCertificate")
EF = ("EFSkipLastIP", "EFSkipIPs")
# What the checks read that an export may leave out; a connector missing any is said, its checks skipped.
CHECKED = (
    CERTIFICATE,
    "SenderIPAddresses",
    "RequireTls",
    *RESTRICTIONS,
    *EF,
    "TlsSettings",
    "SmartHosts",
    "UseMXRecord",
)


# -- the checks -----------------------------------------------------------------------------------------


def _onprem_certificates(tenant: Tenant) -> Iterator[Finding]:
    domains = tenant.accepted_domains or []
    position = {d: i for i, d in reversed(list(enumerate(domains)))}  # built once: lookups, not scans
    for c in tenant.inbound:
        if c.type != "OnPremises" or not c.certificate_name:
            continue
        name = c.certificate_name.lower()
        bare = without_wildcard(name)
        parents = [d for d in suffixes(bare) if d in position]
        if not parents and name.startswith("*."):
            yield finding("onprem-certificate-shared-wildcard", c, certificate=c.certificate_name)
        elif not parents:
            yield finding(
                "onprem-certificate-not-accepted",
                c,
                certificate=c.certificate_name,
                domains=", ".join(domains),
            )
        elif name.startswith("*."):
            yield finding("onprem-certificate-wildcard", c, certificate=c.certificate_name)
        elif bare not in position:
            parent = min(parents, key=position.__getitem__)
            yield finding("onprem-certificate-host-name", c, certificate=c.certificate_name, domain=parent)


def _onprem_by_ip(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.inbound:
        if (
            c.type == "OnPremises"
            and c.sender_ip_addresses
            and not c.certificate_name
            and c.says(CERTIFICATE)
        ):
            yield finding("onprem-identified-by-ip", c, addresses=", ".join(c.sender_ip_addresses))


def _partners(tenant: Tenant) -> Iterator[Finding]:
    partners = [c for c in tenant.inbound if c.type == "Partner"]
    meeting = _DomainIndex([c for c in partners if c.enabled and c.restricts])
    for c in partners:
        domains = ", ".join(c.sender_domains) or "(none)"
        if c.enabled and not (c.require_tls or c.restricts) and c.says("RequireTls", *RESTRICTIONS):
            yield finding("partner-no-restriction", c, domains=domains)
        if c.sender_ip_addresses and c.certificate_name:
            yield finding("partner-ip-and-certificate", c)
        if c.enabled and not c.restricts and c.says(*RESTRICTIONS):
            other = meeting.first_meeting(c)
            if other is not None:
                yield finding("partner-allow-beside-restrict", c, domains=domains, other=other.name)
        if (
            c.restricts
            and "*" in c.sender_domains
            and not (c.ef_skip_last_ip or c.ef_skip_ips)
            and c.says(*EF)
        ):
            yield finding("filtering-service-without-enhanced-filtering", c)


class _DomainIndex:
    """Connectors by the sender domains they name, to find the first whose domains meet another's (S28:
    the same name, or a `*.x` covering it either way; `*` meets everything) without comparing every pair."""

    def __init__(self, connectors: list[ExistingConnector]) -> None:
        self.order = {id(c): i for i, c in enumerate(connectors)}
        self.everything: list[ExistingConnector] = []  # connectors for *
        self.named: dict[str, list[ExistingConnector]] = {}  # a domain or pattern as written
        self.below: dict[str, list[ExistingConnector]] = {}  # x -> connectors naming something under x
        for c in connectors:
            for d in set(c.sender_domains):
                if d == "*":
                    self.everything.append(c)
                    continue
                self.named.setdefault(d, []).append(c)
                for parent in suffixes(without_wildcard(d))[1:]:
                    self.below.setdefault(parent, []).append(c)

    def first_meeting(self, c: ExistingConnector) -> ExistingConnector | None:
        found = list(self.everything)
        for d in c.sender_domains:
            if d == "*":
                found += [x for group in self.named.values() for x in group]
                continue
            found += self.named.get(d, [])
            found += [x for p in suffixes(without_wildcard(d))[1:] for x in self.named.get("*." + p, [])]
            if d.startswith("*."):
                found += self.below.get(d[2:], [])
        others = [x for x in found if x is not c]
        return min(others, key=lambda x: self.order[id(x)]) if others else None


def _outbound_tls(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.outbound:
        if (
            c.enabled
            and c.type == "OnPremises"
            and c.tls_settings not in CERTIFICATE_CHECKING
            and c.says("TlsSettings")
        ):
            yield finding("outbound-weak-tls", c, setting=c.tls_settings or "not set")


def _routing_domains(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.outbound:
        managed = [
            d for d in c.recipient_domains if any(under(without_wildcard(d), m) for m in MICROSOFT_DOMAINS)
        ]
        if managed and c.smart_hosts and not c.use_mx_record:
            yield finding("routing-domain-on-premises", c, domains=", ".join(managed))


def _active_outbound(tenant: Tenant) -> tuple[list[ExistingConnector], dict[str, list[ExistingConnector]]]:
    """The outbound connectors that take mail by domain, and which of them claim each recipient domain."""
    active = [c for c in tenant.outbound if c.enabled and not c.rule_scoped]
    claimed: dict[str, list[ExistingConnector]] = {}
    for c in active:
        for d in dict.fromkeys(c.recipient_domains):
            claimed.setdefault(d, []).append(c)
    return active, claimed


def _outbound_overlaps(tenant: Tenant) -> Iterator[Finding]:
    """One finding per set of connectors that claim the same recipient domains, not one per pair (linear)."""
    active, claimed = _active_outbound(tenant)
    groups: dict[tuple[int, ...], tuple[list[ExistingConnector], list[str]]] = {}
    for d, claimants in claimed.items():
        if len(claimants) > 1:
            groups.setdefault(tuple(id(c) for c in claimants), (claimants, []))[1].append(d)
    overlaps = list(groups.values())
    everywhere = [c for c in active if c.all_accepted_domains]
    if len(everywhere) > 1:
        overlaps.append((everywhere, ["all accepted domains"]))
    for claimants, domains in overlaps:
        yield finding(
            "outbound-overlap", claimants[0], other=_names(claimants[1:]), domains=", ".join(domains)
        )


def _outbound_order(tenant: Tenant) -> Iterator[Finding]:
    """Accepted subdomains that an all-accepted-domains connector and a `*.x` connector both take: one
    finding per such domain, naming every wildcard connector that takes it (not one per pair)."""
    active, claimed = _active_outbound(tenant)
    everywhere = [c for c in active if c.all_accepted_domains]
    accepted_below: dict[str, list[str]] = {}
    for domain in (tenant.accepted_domains or []) if everywhere else []:
        for parent in suffixes(domain)[1:]:
            accepted_below.setdefault(parent, []).append(domain)
    taken: dict[str, list[tuple[str, ExistingConnector]]] = {}
    for other in active:
        for pattern in dict.fromkeys(other.recipient_domains):
            if not pattern.startswith("*.") or pattern == "*":
                continue
            for domain in accepted_below.get(pattern[2:], []):
                if not any(o is not other for o in claimed.get(domain, [])):  # no one lists it by name
                    taken.setdefault(domain, []).append((pattern, other))
    for domain, wildcards in taken.items():
        patterns = ", ".join(dict.fromkeys(p for p, _ in wildcards))
        others = _names(list({id(o): o for _, o in wildcards}.values()))
        yield finding(
            "outbound-order-ambiguous", everywhere[0], domain=domain, other=others, pattern=patterns
        )


def _names(connectors: list[ExistingConnector], shown: int = 5) -> str:
    names = [c.name for c in connectors[:shown]]
    more = len(connectors) - shown
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _ownership(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.connectors:
        missing = [s for s in CHECKED if s in c.unread]
        if missing:
            yield finding("settings-not-read", c, settings=", ".join(missing))
        if (c.source or "").lower() == HYBRID_WIZARD:
            yield finding("hybrid-wizard-owned", c)
        if not c.enabled:
            yield finding("connector-disabled", c)


# Checks that compare with the accepted domains; without them they are skipped and listed.
NEED_ACCEPTED_DOMAINS = (
    "onprem-certificate-not-accepted",
    "onprem-certificate-shared-wildcard",
    "onprem-certificate-host-name",
    "onprem-certificate-wildcard",
    "outbound-order-ambiguous",
    "connector-never-applies (its scope to accepted domains)",
)
CHECKS: tuple[Callable[[Tenant], Iterator[Finding]], ...] = (
    _onprem_certificates,
    _onprem_by_ip,
    _partners,
    _outbound_tls,
    _routing_domains,
    _outbound_overlaps,
    _outbound_order,
    _ownership,
    *connector_checks.CHECKS,
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
    found = _disabled_at_most_info(tenant, found)
    order = {c.name: i for i, c in enumerate(tenant.connectors)}
    return sorted(found, key=lambda f: (SEVERITY_ORDER.index(f.severity), order.get(f.connector or "", -1)))


def _disabled_at_most_info(tenant: Tenant, found: list[Finding]) -> list[Finding]:
    """A disabled connector handles no mail: what is wrong with it matters once someone enables it, so its
    findings are notes beside `connector-disabled`."""
    disabled = {(c.direction, c.name) for c in tenant.connectors if not c.enabled}
    return [
        replace(f, severity="info") if (f.direction, f.connector) in disabled and f.severity != "info" else f
        for f in found
    ]


def cited(findings: list[Finding]) -> list[str]:
    keys = {key for f in findings for key in source_keys(f.source)}
    return sorted(keys, key=lambda key: int(key[1:]))


def at_or_above(findings: list[Finding], level: Severity) -> list[Finding]:
    """The findings as severe as `level` or more."""
    limit = SEVERITY_ORDER.index(level)
    return [f for f in findings if SEVERITY_ORDER.index(f.severity) <= limit]
