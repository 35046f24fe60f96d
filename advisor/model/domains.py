"""Domain names as connectors use them: wildcards (*.contoso.com), names under a domain, patterns that apply
to a name (S28). One definition each, for the advice, the outputs and the checks of existing tenants."""

from __future__ import annotations

# The name on the certificate Exchange Online's servers present, sending and receiving (facts 6.9, 7.1); with
# inbound SMTP DANE a tenant's MX hosts are under mx.microsoft instead (2024-2025, not verified here).
MICROSOFT_365_CERTIFICATE = "mail.protection.outlook.com"
MICROSOFT_365_RECEIVING_NAMES = (MICROSOFT_365_CERTIFICATE, "mx.microsoft")


def without_wildcard(name: str) -> str:
    """*.contoso.com -> contoso.com; any other name as it is."""
    return name[2:] if name.startswith("*.") else name


def covers(pattern: str, name: str) -> bool:
    """A connector's domain `pattern` applies to `name` (S28): the same name, or `*.x` for any name under x
    (not x itself). Both may be wildcards: *.x covers *.a.x."""
    pattern, name = pattern.lower(), name.lower()
    return pattern == name or (pattern.startswith("*.") and without_wildcard(name).endswith(pattern[1:]))


def domains_meet(a: str, b: str) -> bool:
    """Two connectors' domains apply to some of the same mail: either covers the other."""
    return covers(a, b) or covers(b, a)


def suffixes(name: str) -> list[str]:
    """a.b.c -> [a.b.c, b.c, c]: the name and every domain it is under (for lookups by parent)."""
    labels = name.lower().rstrip(".").split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def under(name: str, domain: str) -> bool:
    """`name` is `domain` or a host or subdomain under it (case and a trailing dot ignored)."""
    name, domain = name.lower().rstrip("."), domain.lower().rstrip(".")
    return name == domain or name.endswith("." + domain)


def certificate_names(name: str, host: str) -> bool:
    """A certificate name covers a host as TLS checks it: the same name, or `*.x` for exactly one label
    more than x (a wildcard never spans two labels)."""
    name, host = name.lower().rstrip("."), host.lower().rstrip(".")
    if name == host:
        return True
    if not name.startswith("*."):
        return False
    first, _, rest = host.partition(".")
    return bool(first) and rest == name[2:]


# Domains of server-side signature services that take mail from Exchange Online and hand it back (facts 7.3,
# S42): their hosts belong in `processing_services`, never in a filtering service's outbound smart hosts.
SIGNATURE_SERVICE_DOMAINS = ("exclaimer.net", "exclaimer.com", "excl.cloud", "codetwo.online", "codetwo.com")


def signature_service_host(host: str) -> str | None:
    """The signature service's domain a host is under, if it is one of theirs."""
    return next((d for d in SIGNATURE_SERVICE_DOMAINS if under(host, d)), None)
