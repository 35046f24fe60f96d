"""Validators of values from mail itself: a header a service stamps, an email address. Same contract as
`advisor.model.validators`: raw text in, the normalised value out, `InvalidValue` with a reason."""

from __future__ import annotations

import ipaddress

from advisor.lazy_pattern import LazyPattern
from advisor.model.validators import Check, InvalidValue, dns_name, domain, text_value

ACCEPTED_HEADER = (
    "a message header and the word the service writes in it, such as "
    "X-ExclaimerHostedSignatures-MessageProcessed: true"
)
ACCEPTED_ADDRESS = "an email address such as signatures@contoso.com"
_HEADER_NAME = LazyPattern(r"^X-[A-Za-z0-9-]{1,76}$")  # an X- header: what such services stamp (facts 7.3)
_HEADER_WORD = LazyPattern(r"^[A-Za-z0-9._-]{1,64}$")
_LOCAL_PART = LazyPattern(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")


def processed_header(value: object) -> str:
    """`Header-Name: word`: the header a service stamps on mail it processed, as a mail flow rule tests it."""
    text = text_value(value, ACCEPTED_HEADER)
    name, colon, word = text.partition(":")
    name, word = name.strip(), word.strip()
    if not colon or not word:
        raise InvalidValue("give the header name, a colon and the word in it", ACCEPTED_HEADER)
    if not _HEADER_NAME.match(name):
        raise InvalidValue(
            "the header name must start with X- and hold only letters, digits and hyphens", ACCEPTED_HEADER
        )
    if not _HEADER_WORD.match(word):
        raise InvalidValue("the word must be letters, digits, dots, hyphens or underscores", ACCEPTED_HEADER)
    return f"{name}: {word}"


def email_address(value: object) -> str:
    """An email address: a plain local part at a DNS domain (a group's or a mailbox's address)."""
    text = text_value(value, ACCEPTED_ADDRESS)
    local, at, rest = text.rpartition("@")
    if not at or not _plain_local_part(local):
        raise InvalidValue("is not an email address", ACCEPTED_ADDRESS)
    return f"{local}@{_domain_of(rest)}"


def _plain_local_part(local: str) -> bool:
    """The part before @ as mail systems take it unquoted: allowed characters, no leading, trailing or
    doubled dot (RFC 5322 dot-atom)."""
    return bool(_LOCAL_PART.match(local)) and not (
        local.startswith(".") or local.endswith(".") or ".." in local
    )


def _domain_of(text: str) -> str:
    try:
        return domain(text)
    except InvalidValue as exc:
        raise InvalidValue(f"its domain {exc.reason}", ACCEPTED_ADDRESS) from None


ACCEPTED_ROUTE_ADDRESS = "an email address (someone@fabrikam.com) or a domain (fabrikam.com)"
ACCEPTED_ROUTE_IP = "an IPv4 or IPv6 address, such as 203.0.113.10"


def route_address(value: object) -> str:
    """A recipient or sender to route: any address or domain on the internet, Microsoft's own included
    (routing domains such as contoso.mail.onmicrosoft.com are exactly what `route` is asked about)."""
    text = text_value(value, ACCEPTED_ROUTE_ADDRESS)
    local, at, rest = text.rpartition("@")
    if at and not _plain_local_part(local):
        raise InvalidValue("is not an email address", ACCEPTED_ROUTE_ADDRESS)
    name = dns_name(rest if at else text, ACCEPTED_ROUTE_ADDRESS, "domain")
    return f"{local}@{name}" if at else name


def route_ip(value: object) -> str:
    """The sending server's address as `route` takes it: one IPv4 or IPv6 address, spaces around removed."""
    text = text_value(value, ACCEPTED_ROUTE_IP)
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise InvalidValue("is not an IP address", ACCEPTED_ROUTE_IP) from None


PROCESSED_HEADER = Check(processed_header, ACCEPTED_HEADER)
EMAIL_ADDRESS = Check(email_address, ACCEPTED_ADDRESS)
