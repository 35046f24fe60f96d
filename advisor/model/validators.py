"""Field validators shared by the answers file and the wizard.

Each validator takes the raw text a user gave and returns the normalised value, or raises
`InvalidValue` with a one-line reason and a description of what is accepted. They never
accept anything that could not be typed into the Exchange admin center for that field.
A `Check` pairs a validator with the sentence that says what it accepts; the answers fields name checks.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from advisor.lazy_pattern import LazyPattern
from advisor.model.addresses import DOCUMENTATION_NETWORKS, non_public
from advisor.model.domains import under

ACCEPTED_DOMAIN = "a DNS domain such as contoso.com (letters, digits and hyphens, at least two labels)"
ACCEPTED_PARTNER_DOMAIN = "a DNS domain such as contosobank.com, or a wildcard such as *.contosobank.com"
ACCEPTED_CERTIFICATE = (
    "the certificate's subject or SAN name: a domain such as contoso.com, a host such as "
    "mail.contoso.com or a wildcard such as *.contoso.com"
)
ACCEPTED_SENDER_IP = "a public IPv4 address (203.0.113.10) or a public IPv4 CIDR block from /24 to /32"
ACCEPTED_SMART_HOST = "a fully qualified host name (mail.contoso.com) or a public IPv4 address"
ACCEPTED_NAME = "1 to 64 printable characters"
ACCEPTED_TENANT_DOMAIN = "your initial domain, such as contoso.onmicrosoft.com"
MICROSOFT_MANAGED = "onmicrosoft.com"
PUBLIC_SUFFIXES = Path(__file__).with_name("public_suffixes.txt")

MAX_DNS_NAME = 253  # characters in a DNS name (RFC 1035)
MIN_LABELS = 2  # contoso.com: a domain has at least two labels
ONE_ADDRESS = 32  # the IPv4 prefix of a single address
MAX_DISPLAY_NAME = 64  # the admin center's limit for names

_LABEL = LazyPattern(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = LazyPattern(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
# C0/C1 control characters and Unicode line breaks: refused in input, never written raw in output.
CONTROL_CHARACTERS = LazyPattern(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(text: str) -> bool:
    """Whether `text` has a CONTROL_CHARACTERS character. ASCII text needs no pattern: of ASCII, exactly
    U+0000 to U+001F and U+007F are not printable."""
    if text.isascii():
        return not text.isprintable()
    return CONTROL_CHARACTERS.search(text) is not None


class InvalidValue(ValueError):
    """A value was rejected: `reason` says why, `accepted` says what would do."""

    def __init__(self, reason: str, accepted: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.accepted = accepted


_SURROGATES = LazyPattern(r"[\ud800-\udfff]")


def _text(value: object, accepted: str) -> str:
    if not isinstance(value, str):
        raise InvalidValue(f"must be text, not {type(value).__name__}", accepted)
    if not value.isascii() and _SURROGATES.search(value):
        raise InvalidValue(
            "contains an invalid character (a lone UTF-16 surrogate such as \\ud800)", accepted
        )
    return value.strip()


# Invisible format characters (zero-width space and joiners, bidi controls, soft hyphen): UTS #46 would
# silently drop some of them, so `con\u200btoso.com` would pass as contoso.com. Refused instead.
_INVISIBLE = LazyPattern(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)


def a_labels(name: str) -> str:
    """A domain name in its ASCII (A-label) form under IDNA 2008 with UTS #46 mapping, as registries and
    Exchange use it: straße.de stays distinct from strasse.de, emoji and invalid xn-- labels are refused.
    Raises ValueError (UnicodeError) with the reason."""
    import idna  # only for names that are not plain ASCII

    encoded: bytes = idna.encode(name, uts46=True, transitional=False)
    return encoded.decode("ascii")


def _shaped_like_a_name(text: str, accepted: str, what: str) -> None:
    """Mistakes that are not DNS at all (empty, spaces, an email address, a URL, invisible characters)."""
    if not text:
        raise InvalidValue(f"an empty {what} is not allowed", accepted)
    if text.endswith(".") or ".." in text:
        raise InvalidValue(f"has an empty label (two dots in a row); a {what} is like contoso.com", accepted)
    invisible = None if text.isascii() else _INVISIBLE.search(text)
    if invisible:
        raise InvalidValue(
            f"contains an invisible character (U+{ord(invisible.group()):04X}); type the {what} again",
            accepted,
        )
    if any(c.isspace() for c in text):
        raise InvalidValue(f"a {what} cannot contain spaces", accepted)
    if "@" in text:
        raise InvalidValue(f"looks like an email address, not a {what}", accepted)
    if "://" in text or "/" in text:
        raise InvalidValue(f"looks like a URL or path, not a {what}", accepted)


def _dns_name(value: object, accepted: str, what: str) -> str:
    text = _text(value, accepted).lower()
    text = text[:-1] if text.endswith(".") and not text.endswith("..") else text  # one root dot allowed
    _shaped_like_a_name(text, accepted, what)
    if not text.isascii() or "xn--" in text:
        try:
            text = a_labels(text)
        except ValueError as exc:  # idna's errors are UnicodeError / IDNAError, both ValueErrors
            raise InvalidValue(
                f"is not a valid internationalised {what} under IDNA 2008 ({_idna_reason(exc)})", accepted
            ) from None
    if len(text) > MAX_DNS_NAME:
        raise InvalidValue(f"is longer than {MAX_DNS_NAME} characters, the limit for a {what}", accepted)
    labels = text.split(".")
    if len(labels) < MIN_LABELS:
        raise InvalidValue(f"needs at least two labels (like contoso.com) to be a {what}", accepted)
    for label in labels:
        if not _LABEL.match(label):
            raise InvalidValue(
                f"label {label!r} is not valid: use letters, digits and hyphens, "
                "1 to 63 characters, not starting or ending with a hyphen",
                accepted,
            )
    if not _TLD.match(labels[-1]):
        raise InvalidValue(f"{labels[-1]!r} is not a top-level domain", accepted)
    return text


def dns_name(value: object, accepted: str, what: str) -> str:
    """Any DNS name of two labels or more, in A-labels (for names that need not be the organisation's)."""
    return _dns_name(value, accepted, what)


def _idna_reason(exc: ValueError) -> str:
    """idna's reason without the text it quotes (which can hold control characters): `Codepoint U+1F600 at
    position 1 not allowed`."""
    reason = re.sub(r""" (?:of|in) (?:'[^']*'|"[^"]*")""", "", str(exc))
    return CONTROL_CHARACTERS.sub("?", reason)[:120] or "refused"


@functools.cache
def _public_suffix_text() -> str:
    """The rules, one a line between newlines, so a rule is looked up as "\\nRULE\\n": a run checks a few
    domains, and building a set of the 10,000 rules took longer (4 ms) than all those lookups."""
    return "\n" + PUBLIC_SUFFIXES.read_text(encoding="utf-8").replace("\r", "") + "\n"


def _has_rule(rule: str) -> bool:
    return "\n" not in rule and not rule.startswith("#") and f"\n{rule}\n" in _public_suffix_text()


def is_public_suffix(name: str) -> bool:
    """True when `name` (lower-case A-labels) is a public suffix such as com, co.uk or github.io. Whole lines
    only: the words of the list's header comment are no rules."""
    if _has_rule(name):
        return True
    parent = name.partition(".")[2]
    return bool(parent) and _has_rule(f"*.{parent}") and not _has_rule(f"!{name}")


def _not_public_suffix(name: str, accepted: str) -> str:
    if is_public_suffix(name):
        raise InvalidValue(
            "is a public suffix (like com or co.uk), shared by many organizations; give a domain registered "
            "under it",
            accepted,
        )
    return name


def domain(value: object) -> str:
    """An accepted domain of the organization: contoso.com (not Microsoft's, not a public suffix; S9)."""
    text = _text(value, ACCEPTED_DOMAIN)
    if text.startswith("*"):
        raise InvalidValue("wildcards are not accepted domains; list each domain you own", ACCEPTED_DOMAIN)
    name = _dns_name(text, ACCEPTED_DOMAIN, "domain")
    if under(name, MICROSOFT_MANAGED):
        raise InvalidValue(
            "is a Microsoft-managed domain: its MX and SPF records are not yours to change, and "
            "tenant.mail.onmicrosoft.com is the hybrid routing domain; give it as organization.tenant_domain",
            ACCEPTED_DOMAIN,
        )
    return _not_public_suffix(name, ACCEPTED_DOMAIN)


def tenant_domain(value: object) -> str:
    """The organization's initial domain, contoso.onmicrosoft.com (its routing domain adds `mail.`)."""
    name = _dns_name(value, ACCEPTED_TENANT_DOMAIN, "domain")
    label, _, rest = name.partition(".")
    if rest != MICROSOFT_MANAGED:
        why = (
            "is the hybrid routing domain; give the initial domain without mail."
            if rest == "mail." + MICROSOFT_MANAGED
            else f"is not an {MICROSOFT_MANAGED} domain"
        )
        raise InvalidValue(why, ACCEPTED_TENANT_DOMAIN)
    return f"{label}.{MICROSOFT_MANAGED}"


def partner_domain(value: object) -> str:
    """A partner's sending/receiving domain; `*.example.com` matches its subdomains."""
    text = _text(value, ACCEPTED_PARTNER_DOMAIN)
    if text == "*":
        raise InvalidValue(
            "'*' would apply the partner's restrictions to all internet mail", ACCEPTED_PARTNER_DOMAIN
        )
    if text.startswith("*."):
        return "*." + _not_public_suffix(
            _dns_name(text[2:], ACCEPTED_PARTNER_DOMAIN, "domain"), ACCEPTED_PARTNER_DOMAIN
        )
    return _not_public_suffix(_dns_name(text, ACCEPTED_PARTNER_DOMAIN, "domain"), ACCEPTED_PARTNER_DOMAIN)


def certificate_name(value: object) -> str:
    """The subject/SAN name of a TLS certificate, optionally a wildcard."""
    text = _text(value, ACCEPTED_CERTIFICATE)
    if text.startswith("*."):
        return "*." + _dns_name(text[2:], ACCEPTED_CERTIFICATE, "certificate name")
    if "*" in text:
        raise InvalidValue(
            "a wildcard is only allowed as the first label (*.contoso.com)", ACCEPTED_CERTIFICATE
        )
    return _dns_name(text, ACCEPTED_CERTIFICATE, "certificate name")


def _public_ipv4_network(text: str, accepted: str, widest: int = 0) -> ipaddress.IPv4Network:
    try:
        net = ipaddress.ip_network(text, strict=False)
    except ValueError:
        address, _, prefix = text.partition("/")
        try:
            ipaddress.ip_address(address)
        except ValueError:
            raise InvalidValue("is not an IP address", accepted) from None
        raise InvalidValue(
            f"/{prefix} is not a prefix length; a CIDR block ends in /0 to /32", accepted
        ) from None
    if not isinstance(net, ipaddress.IPv4Network):
        raise InvalidValue("is an IPv6 address; connectors accept IPv4 sender addresses only", accepted)
    if net.prefixlen < widest:
        raise InvalidValue(
            f"/{net.prefixlen} is wider than /{widest}, the widest block a connector accepts; "
            f"split it into /{widest} blocks",
            accepted,
        )
    if "/" in text:
        exact = ipaddress.ip_network(text, strict=False)
        if str(exact.network_address) != text.split("/", maxsplit=1)[0]:
            raise InvalidValue(
                f"has host bits set; did you mean {exact.network_address}/{exact.prefixlen}?", accepted
            )
    for doc in DOCUMENTATION_NETWORKS:
        if net.subnet_of(doc):
            return net
    why = non_public(net)
    if why:
        raise InvalidValue(f"{why}; Microsoft 365 only ever sees your public sending address", accepted)
    if net.broadcast_address == ipaddress.IPv4Address("255.255.255.255"):
        raise InvalidValue("is the broadcast address", accepted)
    return net


def sender_ip(value: object) -> str:
    """A public IPv4 address or CIDR block (/24 to /32) that mail is sent from."""
    text = _text(value, ACCEPTED_SENDER_IP)
    if not text:
        raise InvalidValue("an empty address is not allowed", ACCEPTED_SENDER_IP)
    _no_port(text, ACCEPTED_SENDER_IP)
    if "-" in text and "/" not in text:
        raise InvalidValue("address ranges (a-b) are not accepted; use CIDR notation", ACCEPTED_SENDER_IP)
    net = _public_ipv4_network(text, ACCEPTED_SENDER_IP, widest=24)
    return str(net.network_address) if net.prefixlen == ONE_ADDRESS and "/" not in text else str(net)


def looks_like_ip(text: str) -> bool:
    """True for an IP address or block (or an attempt at one): host names never hold ':' or '/', and an
    all-numeric name cannot be a host name because top-level domains are alphabetic."""
    return bool(text) and (":" in text or all(ch.isdigit() or ch in "./" for ch in text))


PORT = LazyPattern(r"^(?P<host>[^:/\s]+):(?P<port>\d{1,5})$")


def _no_port(text: str, accepted: str) -> None:
    """`mail.contoso.com:25`: connectors always use port 25, so a port is named as the problem."""
    found = PORT.match(text)
    if found:
        raise InvalidValue(
            f"has a port (:{found['port']}); connectors take no port (mail uses port 25): "
            f"give {found['host']} alone",
            accepted,
        )


def smart_host(value: object) -> str:
    """Where Microsoft 365 delivers: a host name or a public IPv4 address."""
    text = _text(value, ACCEPTED_SMART_HOST)
    _no_port(text, ACCEPTED_SMART_HOST)
    if looks_like_ip(text):
        net = _public_ipv4_network(text, ACCEPTED_SMART_HOST)
        if net.prefixlen != ONE_ADDRESS:
            raise InvalidValue("a smart host is one address, not a block", ACCEPTED_SMART_HOST)
        return str(net.network_address)
    return _dns_name(text, ACCEPTED_SMART_HOST, "host name")


def display_name(value: object) -> str:
    """An organization or partner name: printable, one line, at most 64 characters."""
    text = _text(value, ACCEPTED_NAME)
    if not text:
        raise InvalidValue("a name cannot be empty", ACCEPTED_NAME)
    if has_control_characters(text):
        raise InvalidValue("contains a control character or line break", ACCEPTED_NAME)
    if len(text) > MAX_DISPLAY_NAME:
        raise InvalidValue(f"is {len(text)} characters long", ACCEPTED_NAME)
    return text


ACCEPTED_DOCUMENT_TEXT = "one line of printable text, at most 120 characters"
MAX_DOCUMENT_TEXT = 120


def document_text(value: object) -> str:
    """A handout's document-control text (a contact, a company, a version): one printable line."""
    text = _text(
        value if not isinstance(value, int | float) or isinstance(value, bool) else str(value),
        ACCEPTED_DOCUMENT_TEXT,
    )
    if not text:
        raise InvalidValue("cannot be empty", ACCEPTED_DOCUMENT_TEXT)
    if has_control_characters(text):
        raise InvalidValue("contains a control character or line break", ACCEPTED_DOCUMENT_TEXT)
    if len(text) > MAX_DOCUMENT_TEXT:
        raise InvalidValue(f"is {len(text)} characters long", ACCEPTED_DOCUMENT_TEXT)
    return text


def split_list(text: str) -> list[str]:
    """Split a comma/space-separated list the way the wizard accepts lists."""
    return [part for part in re.split(r"[,;\s]+", text.strip()) if part]


def text_value(value: object, accepted: str) -> str:
    """Free text on one line (no control characters)."""
    text = _text(value, accepted)
    if has_control_characters(text):
        raise InvalidValue("contains a control character or line break", accepted)
    return text


ACCEPTED_SCHEMA_REFERENCE = "a URL or path"


def schema_reference(value: object) -> str:
    """The optional `$schema` key: a URL or path on one line."""
    return text_value(value, ACCEPTED_SCHEMA_REFERENCE)


class Check(NamedTuple):
    """A validator and what it accepts, named once and used by every field that takes such a value."""

    parse: Callable[[object], str]
    accepted: str


DOMAIN = Check(domain, ACCEPTED_DOMAIN)
TENANT_DOMAIN = Check(tenant_domain, ACCEPTED_TENANT_DOMAIN)
PARTNER_DOMAIN = Check(partner_domain, ACCEPTED_PARTNER_DOMAIN)
CERTIFICATE_NAME = Check(certificate_name, ACCEPTED_CERTIFICATE)
SENDER_IP = Check(sender_ip, ACCEPTED_SENDER_IP)
SMART_HOST = Check(smart_host, ACCEPTED_SMART_HOST)
DISPLAY_NAME = Check(display_name, ACCEPTED_NAME)
SCHEMA_REFERENCE = Check(schema_reference, ACCEPTED_SCHEMA_REFERENCE)
DOCUMENT_TEXT = Check(document_text, ACCEPTED_DOCUMENT_TEXT)
