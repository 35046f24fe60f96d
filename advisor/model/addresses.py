"""IP addresses as Exchange Online sees senders: the documentation ranges examples use, the ranges it never
sees as a sender's public address, and overlap between blocks. Used by the answers' validators, the advice
and the audit of existing connectors alike."""

from __future__ import annotations

import functools
import ipaddress

DOCUMENTATION_NETWORKS = tuple(
    ipaddress.IPv4Network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
)

# Addresses Microsoft 365 can never see as a sender's public address (RFC 6890 special-purpose).
_NON_PUBLIC_NETWORKS: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(net), why)
    for net, why in (
        ("0.0.0.0/8", "is in 0.0.0.0/8 ('this network'), not a routable address"),
        ("10.0.0.0/8", "is a private address (RFC 1918)"),
        ("100.64.0.0/10", "is a shared carrier-grade NAT address (100.64.0.0/10)"),
        ("127.0.0.0/8", "is a loopback address"),
        ("169.254.0.0/16", "is a link-local address"),
        ("172.16.0.0/12", "is a private address (RFC 1918)"),
        ("192.0.0.0/24", "is reserved for IETF protocol assignments (192.0.0.0/24)"),
        ("192.168.0.0/16", "is a private address (RFC 1918)"),
        ("198.18.0.0/15", "is reserved for benchmarking (198.18.0.0/15)"),
        ("224.0.0.0/4", "is a multicast address"),
        ("240.0.0.0/4", "is a reserved address (240.0.0.0/4)"),
    )
)


def non_public(net: ipaddress.IPv4Network) -> str | None:
    return next((why for blocked, why in _NON_PUBLIC_NETWORKS if net.overlaps(blocked)), None)


def non_public_reason(text: str) -> str | None:
    """Why an address or CIDR block from an export is one Exchange Online never sees as a sender (private,
    loopback, link-local, shared NAT, reserved), or None: public, a documentation example, or not an IPv4
    address at all (what else is wrong with it is not this question's)."""
    try:
        net = ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None
    if not isinstance(net, ipaddress.IPv4Network) or any(net.subnet_of(d) for d in DOCUMENTATION_NETWORKS):
        return None
    return non_public(net)


@functools.lru_cache(maxsize=4096)  # validation, the plan and the audit ask about the same addresses
def is_documentation_address(value: str) -> bool:
    """True for the RFC 5737 example ranges, accepted so examples work."""
    net = ipaddress.ip_network(value, strict=False)
    return isinstance(net, ipaddress.IPv4Network) and any(
        net.subnet_of(doc) for doc in DOCUMENTATION_NETWORKS
    )


def networks_overlap(a: str, b: str) -> bool:
    """True when two validated sender addresses or blocks share an address."""
    return ipaddress.ip_network(a, strict=False).overlaps(ipaddress.ip_network(b, strict=False))
