"""The `partners` section: partner organizations whose mail flow needs TLS or a locked-down source."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import Any, Literal

from advisor.errors import Problem
from advisor.model import organization, raw, validators
from advisor.model.domains import MICROSOFT_365_RECEIVING_NAMES, under, without_wildcard
from advisor.model.facts import Lookup
from advisor.model.fields import Option, choice, flag, items, text
from advisor.record import record

PartnerDirection = Literal["both", "inbound", "outbound"]
PartnerRestriction = Literal["none", "certificate", "ip-addresses", "both"]
OutboundTls = Literal["encryption-only", "certificate-validation", "domain-validation"]

PARTNER_DIRECTION = {
    "both": Option("Both directions", "Secure mail to and from the partner organization."),
    "inbound": Option("Only mail from them", "Partner organization -> Office 365."),
    "outbound": Option("Only mail to them", "Office 365 -> Partner organization."),
}

PARTNER_RESTRICTION = {
    "none": Option("No, the sender domain is enough", "Their mail is only required to use TLS."),
    "certificate": Option(
        "Yes, by their TLS certificate", "Reject their mail unless it presents their certificate."
    ),
    "ip-addresses": Option(
        "Yes, by their IP addresses", "Reject their mail unless it comes from their addresses."
    ),
    "both": Option(
        "Yes, by both", "Two connectors: Microsoft says not to mix certificate and IP restrictions in one."
    ),
}

OUTBOUND_TLS = {
    "encryption-only": Option(
        "Always use TLS, any certificate", "Encrypt; accept even a self-signed certificate."
    ),
    "certificate-validation": Option(
        "Always use TLS, trusted certificate", "The certificate must be issued by a trusted authority."
    ),
    "domain-validation": Option(
        "Always use TLS, trusted certificate with a matching name",
        "The certificate must also carry the partner's name.",
    ),
}


@record(kw_only=True)
class Partner:
    """One entry of `partners`: an organization whose mail must travel over TLS."""

    name: str = text(
        "Partner organization name, used in connector names.",
        check=validators.DISPLAY_NAME,
        required=True,
        example="Contoso Bank",
    )
    domains: tuple[str, ...] = items(
        "The partner's email domains.",
        check=validators.PARTNER_DOMAIN,
        required=True,
        min_items=1,
        example=("contosobank.com",),
    )
    direction: PartnerDirection = choice(
        "Which mail the connectors secure.", choices=PARTNER_DIRECTION, default="both"
    )
    require_tls: bool = flag("Require TLS for the partner's mail.", default=True)
    restrict_by: PartnerRestriction = choice(
        "Reject the partner's mail unless it comes with their certificate or from their IP addresses.",
        choices=PARTNER_RESTRICTION,
        default="none",
    )
    certificate_name: str | None = text(
        "Name on the partner's TLS certificate.",
        check=validators.CERTIFICATE_NAME,
        example="mail.contosobank.com",
    )
    ip_addresses: tuple[str, ...] = items(
        "Public IPv4 addresses or /24-/32 blocks the partner sends from.",
        check=validators.SENDER_IP,
        example=("192.0.2.0/24",),
        label="the partner's sending addresses",
    )
    outbound_tls: OutboundTls = choice(
        "How strictly mail to the partner checks their certificate.",
        choices=OUTBOUND_TLS,
        default="certificate-validation",
    )
    smart_hosts: tuple[str, ...] = items(
        "Deliver to these hosts instead of the partner's MX (empty: MX).",
        check=validators.SMART_HOST,
        label="the partner's delivery hosts",
    )
    receiving_certificate_name: str | None = text(
        "Name on the certificate of the partner's receiving servers (their MX or smart host), checked when "
        "mail to them requires a matching name.",
        check=validators.CERTIFICATE_NAME,
        example="mx1.contosobank.com",
    )
    on_microsoft_365: bool = flag("The partner's mail is hosted in Microsoft 365.", default=False)

    @staticmethod
    def problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
        """Rules across this section's keys (companions and contradictions), on raw answers."""
        return _problems(data, get)


def _problems(data: raw.Raw, _get: Lookup) -> Iterator[Problem]:
    """Rules across partners (names, domains and addresses once) and within each partner."""
    own_domains = organization.domains(data)
    names: dict[str, int] = {}
    domain_owner: dict[str, int] = {}
    addresses = _Addresses()
    for i, partner in enumerate(raw.listing(data.get("partners"))):
        if not isinstance(partner, dict):
            continue
        path = f"partners[{i}]"
        yield from _name_problems(partner, path, i, names)
        yield from _domain_problems(
            partner, path, i, _own_domains_refused(data, partner, own_domains), domain_owner
        )
        yield from _address_problems(partner, path, i, addresses)
        yield from _restriction_problems(partner, path)
        for key in ("ip_addresses", "smart_hosts"):
            yield from raw.duplicates(partner, f"{path}.", key)


def _name_problems(partner: raw.Raw, path: str, i: int, names: dict[str, int]) -> Iterator[Problem]:
    name = raw.normalised(partner.get("name"))
    if name is None:
        return
    if name in names:
        yield Problem(
            f"{path}.name",
            f"is already used by partners[{names[name]}]",
            partner.get("name"),
            "a different name for each partner",
        )
    names.setdefault(name, i)


def sends_as_own_domain(data: raw.Raw, partner: raw.Raw) -> bool:
    """A hosted application that sends as your own domains to your own users, with RejectDirectSend on: a
    Partner inbound connector identified by its IP addresses or certificate lets it in (S24; facts 7.6)."""
    reject = raw.mapping(data.get("organization")).get("reject_direct_send") is True
    restrict = raw.value(partner, Partner, "restrict_by")
    direction = raw.value(partner, Partner, "direction")
    return reject and direction == "inbound" and restrict in ("certificate", "ip-addresses", "both")


def _own_domains_refused(data: raw.Raw, partner: raw.Raw, own_domains: set[str]) -> set[str]:
    return set() if sends_as_own_domain(data, partner) else own_domains


def _domain_problems(
    partner: raw.Raw, path: str, i: int, own_domains: set[str], domain_owner: dict[str, int]
) -> Iterator[Problem]:
    for j, written in enumerate(raw.listing(partner.get("domains"))):
        dom = raw.domain_key(written)
        if dom is None:
            continue
        if any(under(without_wildcard(dom), d) for d in own_domains):
            yield Problem(
                f"{path}.domains[{j}]",
                "is one of your own accepted domains, not the partner's",
                written,
                "the partner's own domains; or, for an application that sends as your domain with "
                "RejectDirectSend on, organization.reject_direct_send: true, direction: inbound and a "
                "restrict_by",
            )
        elif dom in domain_owner:
            owner = domain_owner[dom]
            whose = "this partner" if owner == i else f"partners[{owner}]"
            yield Problem(
                f"{path}.domains[{j}]",
                f"is already listed for {whose}; two connectors for the same partner domain compete for "
                "its mail",
                written,
                "each partner domain once",
            )
        domain_owner.setdefault(dom, i)


class _Addresses:
    """Earlier partner addresses, filed by the /24 that holds them: accepted blocks are /24 to /32, so two
    that overlap share a /24 and each new address is compared with its neighbours only (linear in the
    number of partners). Anything wider (already a problem of its own) is compared with everything."""

    def __init__(self) -> None:
        self._seen: list[tuple[Network, str, int]] = []
        self._blocks: dict[int, list[int]] = {}
        self._wide: list[int] = []

    def first_overlap(self, written: str) -> tuple[str, int] | None:
        """The earliest address already filed that shares an address with `written`, and its partner."""
        net = _network(written)
        if net is None:
            return None
        key = _block(net)
        candidates = range(len(self._seen)) if key is None else [*self._blocks.get(key, []), *self._wide]
        for index in sorted(candidates):
            other, text, owner = self._seen[index]
            if net.version == other.version and net.overlaps(other):
                return text, owner
        return None

    def add(self, written: str, owner: int) -> None:
        net = _network(written)
        if net is None:
            return
        key = _block(net)
        (self._wide if key is None else self._blocks.setdefault(key, [])).append(len(self._seen))
        self._seen.append((net, written, owner))


Network = ipaddress.IPv4Network | ipaddress.IPv6Network
WIDEST_BLOCK = 24


def _network(written: str) -> Network | None:
    try:
        return ipaddress.ip_network(written, strict=False)
    except ValueError:
        return None


def _block(net: Network) -> int | None:
    if net.version == 4 and net.prefixlen >= WIDEST_BLOCK:  # noqa: PLR2004 - IPv4
        return int(net.network_address) >> 8
    return None


def _address_problems(partner: raw.Raw, path: str, i: int, seen: _Addresses) -> Iterator[Problem]:
    for j, written in enumerate(raw.listing(partner.get("ip_addresses"))):
        if not isinstance(written, str):
            continue
        found = seen.first_overlap(written)
        if found is not None:
            other, owner = found
            whose = "this partner" if owner == i else f"partners[{owner}]"
            yield Problem(
                f"{path}.ip_addresses[{j}]",
                f"overlaps {other} of {whose}",
                written,
                "addresses no other partner entry uses",
            )
        seen.add(written, i)


def _restriction_problems(partner: raw.Raw, path: str) -> Iterator[Problem]:
    direction: Any = raw.value(partner, Partner, "direction")
    restrict: Any = raw.value(partner, Partner, "restrict_by")
    require_tls: Any = raw.value(partner, Partner, "require_tls")
    on_microsoft_365 = partner.get("on_microsoft_365") is True
    yield from _microsoft_365_problems(partner, path, on_microsoft_365)
    if restrict in ("certificate", "both") and not on_microsoft_365:
        yield from raw.needs(
            partner,
            path,
            "certificate_name",
            f"when restrict_by is {restrict}",
            validators.ACCEPTED_CERTIFICATE,
        )
        if require_tls is False:
            yield Problem(
                f"{path}.require_tls",
                "a certificate restriction only works over TLS",
                False,
                "true, or restrict_by: none or ip-addresses",
            )
    if restrict in ("ip-addresses", "both") and not on_microsoft_365:
        yield from raw.needs(
            partner, path, "ip_addresses", f"when restrict_by is {restrict}", validators.ACCEPTED_SENDER_IP
        )
    if restrict != "none" and direction == "outbound":
        yield Problem(
            f"{path}.restrict_by",
            "restrictions apply to mail from the partner, but direction is outbound",
            restrict,
            "none, or direction both or inbound",
        )
    outbound_tls: Any = raw.value(partner, Partner, "outbound_tls")
    checks_name = (
        direction in ("both", "outbound") and require_tls is True and outbound_tls == "domain-validation"
    )
    no_name = not partner.get("receiving_certificate_name") and partner.get("on_microsoft_365") is not True
    if checks_name and no_name:
        yield Problem(
            f"{path}.receiving_certificate_name",
            "is required when outbound_tls is domain-validation: Exchange Online checks the name on the "
            "certificate of the partner's receiving servers, which is rarely their bare domain",
            accepted=validators.ACCEPTED_CERTIFICATE + "; or on_microsoft_365: true",
            has_value=False,
        )
    if direction in ("both", "inbound") and require_tls is False and restrict == "none":
        yield Problem(
            f"{path}.require_tls",
            "a connector for mail from a partner needs at least one "
            "restriction (TLS, certificate or IP addresses)",
            False,
            "true, or restrict_by certificate or ip-addresses",
        )


def is_microsoft_365_receiving_name(name: str) -> bool:
    bare = without_wildcard(name.strip().lower().rstrip("."))
    return any(under(bare, suffix) for suffix in MICROSOFT_365_RECEIVING_NAMES)


def _microsoft_365_problems(partner: raw.Raw, path: str, on_microsoft_365: bool) -> Iterator[Problem]:
    """A partner on Microsoft 365 receives on Microsoft's servers, whose certificate is Microsoft's."""
    name = partner.get("receiving_certificate_name")
    if on_microsoft_365 and isinstance(name, str) and name and not is_microsoft_365_receiving_name(name):
        yield Problem(
            f"{path}.receiving_certificate_name",
            "the partner's mail is in Microsoft 365, so their receiving servers present Microsoft's "
            "certificate (mail.protection.outlook.com), not a name of their own",
            name,
            "mail.protection.outlook.com, *.mail.protection.outlook.com, a name under mx.microsoft, or "
            "leave it out; or on_microsoft_365: false",
        )
