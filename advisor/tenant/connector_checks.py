"""The checks an expert makes of each connector on its own (facts 7.8): addresses Exchange Online never sees,
settings that do nothing on the connector's type, a connector that can never apply, Enhanced Filtering that
is not in effect, an outbound connector that looks up MX where it should go to a host, TLS to a partner's
host that checks no name. Pure; each check yields findings from `findings.yaml`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from advisor.model.addresses import non_public_reason
from advisor.model.domains import suffixes
from advisor.model.tenant import Tenant
from advisor.tenant.findings import Finding, finding

EMPTY_SENDER_DOMAIN = ("smtp:;", "smtp:")  # how an empty domain looks once read (`smtp:;1`)


def _private_addresses(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.inbound:
        fields = (("SenderIPAddresses", c.sender_ip_addresses), ("EFSkipIPs", c.ef_skip_ips))
        listed = [
            (field, address, why)
            for field, addresses in fields
            for address in addresses
            if (why := non_public_reason(address))
        ]
        if listed:
            shown = "; ".join(f"{address} in {field} ({why})" for field, address, why in listed)
            yield finding("private-address", c, addresses=shown)


def _onprem_outbound_mx(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.outbound:
        if c.type == "OnPremises" and c.use_mx_record:
            yield finding("onprem-outbound-mx-lookup", c)


def _partner_outbound_tls(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.outbound:
        if c.type != "Partner" or not c.smart_hosts or c.use_mx_record:
            continue
        # CertificateValidation checks the chain at least; a setting the export lacks is not judged
        if c.tls_settings in (None, "EncryptionOnly") and c.says("TlsSettings"):
            yield finding(
                "partner-outbound-weak-tls",
                c,
                setting=c.tls_settings or "not set",
                hosts=", ".join(c.smart_hosts),
            )


def _never_applies(tenant: Tenant) -> Iterator[Finding]:
    accepted = set(tenant.accepted_domains or [])
    for c in tenant.inbound:
        identity = ("TlsSenderCertificateName", "SenderIPAddresses")
        if (
            c.type == "OnPremises"
            and not c.certificate_name
            and not c.sender_ip_addresses
            and c.says(*identity)
        ):
            yield finding("connector-never-applies", c, why=_why("no-identity"))
        real = [d for d in c.sender_domains if not _empty(d)]
        if c.sender_domains and not real:
            yield finding("connector-never-applies", c, why=_why("empty-sender-domain"))
        if tenant.accepted_domains is not None and c.associated_accepted_domains:
            foreign = [d for d in c.associated_accepted_domains if not set(suffixes(d)) & accepted]
            if foreign:
                yield finding("connector-never-applies", c, why=_why("not-accepted", ", ".join(foreign)))


def _empty(domain: str) -> bool:
    return domain.lower().startswith(EMPTY_SENDER_DOMAIN) or not domain.strip()


def _why(reason: str, domains: str = "") -> str:
    from advisor.tenant.findings import entries

    return str(entries()["never-applies-reasons"][reason]).format(domains=domains)


def _restriction_no_effect(tenant: Tenant) -> Iterator[Finding]:
    for c in tenant.inbound:
        if c.type == "OnPremises" and c.restricts:
            which = [
                name
                for name, on in (
                    ("RestrictDomainsToIPAddresses", c.restrict_to_ip_addresses),
                    ("RestrictDomainsToCertificate", c.restrict_to_certificate),
                )
                if on
            ]
            yield finding("restriction-no-effect", c, settings=", ".join(which))


def _enhanced_filtering(tenant: Tenant) -> Iterator[Finding]:
    """Enhanced Filtering configured but not in effect for everyone: ORCA233_1 counts both as off."""
    for c in tenant.inbound:
        if not (c.ef_skip_last_ip or c.ef_skip_ips):
            continue
        if c.ef_test_mode:
            yield finding("enhanced-filtering-not-in-effect", c, why=_ef_why("test-mode"))
        if c.ef_users:
            yield finding("enhanced-filtering-not-in-effect", c, why=_ef_why("users", len(c.ef_users)))


def _ef_why(reason: str, count: int = 0) -> str:
    from advisor.tenant.findings import entries

    return str(entries()["enhanced-filtering-reasons"][reason]).format(count=count)


CHECKS: tuple[Callable[[Tenant], Iterator[Finding]], ...] = (
    _private_addresses,
    _onprem_outbound_mx,
    _partner_outbound_tls,
    _never_applies,
    _restriction_no_effect,
    _enhanced_filtering,
)
