"""The `organization` section: who the plan is for and its accepted domains."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from advisor.errors import Problem
from advisor.model import facts, raw, validators
from advisor.model.domains import under, without_wildcard
from advisor.model.facts import Lookup
from advisor.model.fields import Option, choice, flag, items, text
from advisor.record import record

MxTarget = Literal["microsoft-365", "on-premises", "filtering-service"]

MX_TARGET = {
    "microsoft-365": Option(
        "Microsoft 365 (Exchange Online Protection)", "Internet mail arrives at Microsoft 365 first."
    ),
    "on-premises": Option(
        "Your own email server", "Internet mail arrives at your server, which passes some on."
    ),
    "filtering-service": Option(
        "A third-party filtering service",
        "Mimecast, Proofpoint or similar receive it and relay it to Microsoft 365.",
    ),
}


@record(kw_only=True)
class Organization:
    """The `organization` section: its name, domains and where its MX points."""

    name: str = text(
        "Organization name, used in handouts and file names.",
        check=validators.DISPLAY_NAME,
        required=True,
        example="Contoso",
    )
    domains: tuple[str, ...] = items(
        "Accepted domains of the Microsoft 365 organization (at least one).",
        check=validators.DOMAIN,
        required=True,
        min_items=1,
        example=("contoso.com",),
    )
    tenant_domain: str | None = text(
        "The initial domain (contoso.onmicrosoft.com); its routing domain contoso.mail.onmicrosoft.com is "
        "where hybrid mail for cloud mailboxes goes.",
        check=validators.TENANT_DOMAIN,
        example="contoso.onmicrosoft.com",
    )
    mx: MxTarget = choice(
        "Where the MX records point once the work is done.", choices=MX_TARGET, default="microsoft-365"
    )
    reject_direct_send: bool | None = flag(
        "Set-OrganizationConfig -RejectDirectSend is on or planned (anonymous mail from your own domains is "
        "rejected unless a connector identifies its sender); leave out when not sure.",
        default=None,
    )

    @staticmethod
    def problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
        """Rules across this section's keys (companions and contradictions), on raw answers."""
        return _problems(data, get)


def _problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
    """Each domain once, and MX pointing where the other answers say mail arrives."""
    yield from raw.duplicates(data.get("organization"), "organization.", "domains")
    mx = get("organization.mx")
    service_inbound = (
        isinstance(data.get("filtering_service"), dict) and get("filtering_service.inbound") is True
    )
    if mx == "on-premises" and not facts.has_server(get):
        yield Problem(
            "organization.mx",
            "points at your own server, but there is no on-premises server",
            mx,
            "microsoft-365, or an on_premises section",
        )
    elif mx == "filtering-service" and not service_inbound:
        yield Problem(
            "organization.mx",
            "points at a filtering service, but no filtering service receives inbound mail",
            mx,
            "a filtering_service section with inbound: true, or another mx",
        )
    elif service_inbound and mx != "filtering-service":
        yield Problem(
            "organization.mx",
            "the filtering service receives inbound mail, so MX points at it",
            mx,
            "filtering-service",
        )


def domains(data: raw.Raw) -> set[str]:
    """The organization's domains as written (normalised), for rules that compare other domains with them."""
    listed = raw.listing(raw.mapping(data.get("organization")).get("domains"))
    return {d for d in (raw.domain_key(x) for x in listed) if d}


# Names that are never a registered domain: what an internal server's certificate often carries.
INTERNAL_SUFFIXES = ("local", "localdomain", "lan", "internal", "corp", "home", "intranet", "private")


def is_internal_name(name: object) -> bool:
    """A name under a suffix that is never a registered domain (.local, .corp, ...), compared normalised."""
    bare = without_wildcard(raw.domain_key(name) or "")
    return bool(bare) and bare.rsplit(".", 1)[-1] in INTERNAL_SUFFIXES


def on_premises_certificate_problem(data: raw.Raw, path: str, name: object) -> Problem | None:
    """An OnPremises connector identified by a certificate outside the accepted domains (or an internal
    name) attributes mail to no tenant or another one (S20, S23; facts 7.8): refused, with the reason."""
    own = domains(data)
    key = raw.domain_key(name)
    if key is None or not own:
        return None
    bare = without_wildcard(key)
    if is_internal_name(key):
        reason = (
            "is an internal name; Microsoft 365 attributes mail over an on-premises connector by the "
            "certificate's domain, which must be one of your accepted domains (MC1226222)"
        )
    elif any(under(bare, d) for d in own):
        return None
    else:
        reason = (
            "is not in one of your accepted domains; Microsoft 365 attributes mail over an on-premises "
            "connector by the certificate's domain, so this mail would be rejected or attributed to another "
            "tenant (MC1226222)"
        )
    first = sorted(own)[0]
    return Problem(
        path, reason, name, f"a certificate name in {', '.join(sorted(own))}, such as mail.{first}"
    )
