"""`route`: which connector Exchange Online would use for a message, by Microsoft's documented rules. Pure.

Outbound (exports.md, S2): a connector that exactly matches the recipient domain, then one for all accepted
domains, then wildcard patterns (*.contoso.com); rule-scoped connectors only when a mail flow rule routes to
them; none: delivery by MX. Where the order and Microsoft's worked example disagree (an accepted subdomain
that a wildcard also matches), the answer is "ambiguous" and names Get-OutboundConnectorReport.

Inbound: OnPremises connectors attribute by the certificate the server presents, then by IP (S23); relay to
the internet since 2023 needs an accepted certificate or sender domain and a matching OnPremises connector
(S22). Partner connectors are looked up by IP or certificate, and a restricting one rejects mail from its
sender domains that meets neither (S28). The words are in findings.yaml (`routes`).
"""

from __future__ import annotations

import ipaddress
from dataclasses import field
from typing import Any

from advisor.advice import catalogue
from advisor.model.domains import covers, under, without_wildcard
from advisor.model.tenant import ExistingConnector, Tenant
from advisor.record import record
from advisor.tenant.findings import entries


@record
class Route:
    direction: str
    connector: str | None
    outcome: str  # connector, mx, rejected, relay-allowed, relay-denied, delivered, ambiguous, none
    rule: str
    candidates: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "connector": self.connector,
            "outcome": self.outcome,
            "rule": self.rule,
            "candidates": self.candidates,
            "notes": self.notes,
            "warnings": self.warnings,
        }


def words(key: str, **values: str) -> str:
    return catalogue.fill(f"routes.{key}", entries()["routes"][key], values)


def domain_of(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip().lower().rstrip(".")


def _wildcard_matches(pattern: str, domain: str) -> bool:
    """A *.x pattern that applies to `domain` (a name under x)."""
    return pattern.startswith("*.") and covers(pattern, domain)


def route_outbound(tenant: Tenant, recipient: str) -> Route:
    domain = domain_of(recipient)
    enabled = [c for c in tenant.outbound if c.enabled]
    active = [c for c in enabled if not c.rule_scoped]
    notes = [words("rule-scoped", name=c.name) for c in enabled if c.rule_scoped]
    exact = [c for c in active if domain in c.recipient_domains]
    every = [c for c in active if c.all_accepted_domains] if domain in (tenant.accepted_domains or []) else []
    patterns = sorted(
        ((p, c) for c in active for p in c.recipient_domains if _wildcard_matches(p, domain)),
        key=lambda pc: -len(pc[0]),
    )
    patterns += [("*", c) for c in active if "*" in c.recipient_domains]
    if len(exact) > 1:
        names = [c.name for c in exact]
        return Route("outbound", None, "ambiguous", words("rule-exact"), names, [*notes, words("overlap")],
                     ["outbound-overlap"])  # fmt: skip
    if not exact and every and patterns:
        pattern, wildcard = patterns[0]
        note = words(
            "order-ambiguous", all=every[0].name, wildcard=wildcard.name, pattern=pattern, domain=domain
        )
        names = [every[0].name, wildcard.name]
        return Route("outbound", None, "ambiguous", words("rule-ambiguous"), names, [*notes, note],
                     ["outbound-order-ambiguous"])  # fmt: skip
    chosen: list[tuple[str, list[ExistingConnector]]] = [
        (words("rule-exact"), exact),
        (words("rule-all-accepted"), every),
        (words("rule-wildcard", pattern=patterns[0][0]) if patterns else "", [c for _p, c in patterns]),
    ]
    for rule, connectors in chosen:
        if connectors:
            return Route(
                "outbound", connectors[0].name, "connector", rule, [c.name for c in connectors], notes
            )
    return Route("outbound", None, "mx", words("rule-mx"), [], notes)


def _ip_in(ip: str, ranges: tuple[str, ...]) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for entry in ranges:
        try:
            if "-" in entry:
                low, high = (ipaddress.ip_address(part.strip()) for part in entry.split("-", 1))
                if low.version == address.version and int(low) <= int(address) <= int(high):
                    return True
            elif address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _certificate_matches(configured: str | None, presented: str | None) -> bool:
    if not configured or not presented:
        return False
    configured, presented = configured.lower(), presented.lower()
    return configured == presented or _wildcard_matches(configured, presented)


def _sender_matches(c: ExistingConnector, domain: str) -> bool:
    return any(d in ("*", domain) or _wildcard_matches(d, domain) for d in c.sender_domains)


def route_inbound(
    tenant: Tenant, sender: str, ip: str, certificate: str | None, recipient: str | None = None
) -> Route:
    """Mail arriving from `ip` (presenting `certificate`) from `sender`; with `recipient`, whether it is
    delivered to a mailbox of yours or relayed to the internet."""
    domain = domain_of(sender)
    enabled = [c for c in tenant.inbound if c.enabled]
    on_premises = [c for c in enabled if c.type == "OnPremises"]
    by_cert = [c for c in on_premises if _certificate_matches(c.certificate_name, certificate)]
    by_ip = [c for c in on_premises if _ip_in(ip, c.sender_ip_addresses)]
    if by_cert or by_ip:
        local = recipient is not None and _accepted(tenant, domain_of(recipient))
        return _on_premises(tenant, domain, certificate, by_cert, by_ip, local)
    partners = [c for c in enabled if c.type == "Partner" and _sender_matches(c, domain)]
    if partners:
        return _partner(partners, ip, certificate)
    return Route("inbound", None, "none", words("rule-none"), [], [words("ordinary-mail")])


def _partner(partners: list[ExistingConnector], ip: str, certificate: str | None) -> Route:
    """Mail from a partner's sender domain: a restricting connector it meets, a rejection when it meets none
    (restricting ones take precedence, S28), or the domain-only connector. Never a guess among several."""
    restricting = [c for c in partners if c.restricts]
    names = [c.name for c in partners]
    met = [
        c
        for c in restricting
        if (c.restrict_to_ip_addresses and _ip_in(ip, c.sender_ip_addresses))
        or (c.restrict_to_certificate and _certificate_matches(c.certificate_name, certificate))
    ]
    if len(met) == 1:
        return Route("inbound", met[0].name, "connector", words("rule-partner-met"), names, _tls(met[0]))
    if met:  # Microsoft documents no order among Partner connectors that fit the same mail
        return _partners_ambiguous(words("rule-partner-met"), met)
    if restricting:
        rejecting = restricting[0].name if len(restricting) == 1 else None
        note = words("partner-rejects")
        return Route("inbound", rejecting, "rejected", words("rule-partner-not-met"), names, [note])
    if len(partners) == 1:
        return Route(
            "inbound", partners[0].name, "connector", words("rule-partner-domain"), names, _tls(partners[0])
        )
    return _partners_ambiguous(words("rule-partner-domain"), partners)


def _partners_ambiguous(rule: str, fitting: list[ExistingConnector]) -> Route:
    return Route("inbound", None, "ambiguous", rule, [c.name for c in fitting], [words("partners-ambiguous")])


def _accepted(tenant: Tenant, domain: str) -> bool:
    """The domain is itself an accepted domain: a subdomain is not, unless the accepted domain matches
    subdomains (MatchSubDomains, which an export rarely carries: not assumed)."""
    return domain in (tenant.accepted_domains or [])


def _tls(c: ExistingConnector) -> list[str]:
    return [words("requires-tls")] if c.require_tls else []


def _on_premises(
    tenant: Tenant,
    domain: str,
    certificate: str | None,
    by_cert: list[ExistingConnector],
    by_ip: list[ExistingConnector],
    local: bool = False,
) -> Route:
    """Attribution to an OnPremises connector, and whether relay to the internet is allowed (S22, S23). Mail
    for a mailbox of yours (`local`: the recipient's domain is accepted) is delivered, not relayed: the relay
    rules do not apply to it (mail coming back from a gateway for a local user)."""
    deciding = by_cert or by_ip  # the certificate decides before the IP address (S23)
    chosen = deciding[0] if len(deciding) == 1 else None
    rule = words("rule-onprem-certificate") if by_cert else words("rule-onprem-ip")
    accepted = tenant.accepted_domains
    cert_domain = without_wildcard((certificate or "").lower())
    allowed = accepted is None or any(under(domain, d) for d in accepted)
    allowed = allowed or (bool(by_cert) and any(under(cert_domain, d) for d in accepted or []))
    if chosen is not None:
        notes = [words("attributed", name=chosen.name, rule=rule)]
    else:  # relay is judged the same whichever of them it is
        notes = [words("onprem-ambiguous", names=", ".join(c.name for c in deciding), rule=rule)]
    if accepted is None:
        notes.append(words("no-accepted-domains"))
    names = [c.name for c in [*by_cert, *by_ip]]
    name = chosen.name if chosen else None
    if local:
        return Route("inbound", name, "delivered", rule, names, [*notes, words("delivered-locally")])
    if allowed:
        return Route("inbound", name, "relay-allowed", rule, names, notes)
    return Route("inbound", name, "relay-denied", rule, names, [*notes, words("relay-needs-accepted")])
