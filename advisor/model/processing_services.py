"""The `processing_services` section: services that take mail from Exchange Online and hand it back
(server-side signatures such as Exclaimer and CodeTwo, some DLP and encryption services; facts 7.3, S48)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from advisor.errors import Problem
from advisor.model import mail_validators, organization, raw, validators
from advisor.model.facts import Lookup
from advisor.model.fields import Option, choice, flag, items, text
from advisor.model.vocabulary import SenderIdentity
from advisor.record import record

ServiceSenders = Literal["all", "group"]
TENANT_UNIQUE = "the tenant-unique certificate domain the vendor issues, such as a1b2c3d4.smtp.excl.cloud"

RETURN_IDENTITY = {
    "certificate": Option(
        "By the tenant-unique certificate domain the vendor issues (recommended)",
        "A domain only your organization has at the vendor, added as an accepted domain (MC1226222).",
    ),
    "ip-addresses": Option(
        "By the service's IP addresses",
        "Only if the addresses are yours alone: addresses the vendor's other customers share attribute "
        "their mail to you.",
    ),
}

SENDERS = {
    "all": Option("Everyone in the organization", "Every internal sender's mail goes through the service."),
    "group": Option("Members of one group", "Only mail from the members of a mail-enabled group."),
}


@record(kw_only=True)
class ProcessingService:
    """One entry of `processing_services`: a service that processes mail and hands it back."""

    name: str = text(
        "The service's name, used in connector and rule names.",
        check=validators.DISPLAY_NAME,
        required=True,
        example="Exclaimer Cloud",
    )
    smart_hosts: tuple[str, ...] = items(
        "The service's host names that Exchange Online sends mail to, from the vendor's setup page.",
        check=validators.SMART_HOST,
        required=True,
        min_items=1,
        example=("contoso-com.smtp.signatures.example",),
        label="the service's hosts",
    )
    identify_by: SenderIdentity = choice(
        "How Exchange Online recognises the mail the service hands back.",
        choices=RETURN_IDENTITY,
        default="certificate",
    )
    certificate_name: str | None = text(
        "The tenant-unique certificate domain the vendor issues for the mail it hands back; the plan adds it "
        "as an accepted domain.",
        check=validators.CERTIFICATE_NAME,
        example="a1b2c3d4.smtp.signatures.example",
    )
    ip_addresses: tuple[str, ...] = items(
        "Public IPv4 addresses or /24-/32 blocks the service hands mail back from (yours alone).",
        check=validators.SENDER_IP,
        example=("198.51.100.40",),
        label="the service's return addresses",
    )
    processed_header: str = text(
        "The header the service stamps on mail it has processed, and the word in it; the mail flow rule "
        "skips such mail so it is not sent round again.",
        check=mail_validators.PROCESSED_HEADER,
        required=True,
        example="X-ExclaimerHostedSignatures-MessageProcessed: true",
    )
    senders: ServiceSenders = choice("Whose mail goes through the service.", choices=SENDERS, default="all")
    sender_group: str | None = text(
        "The mail-enabled group whose members' mail goes through the service.",
        check=mail_validators.EMAIL_ADDRESS,
        example="signatures@contoso.com",
    )
    modifies_messages: bool = flag(
        "The service changes messages (adds a signature or banner, rewrites links), which breaks DKIM.",
        default=True,
    )
    arc_sealer: str | None = text(
        "The domain in the d= tag of the ARC-Seal header the service adds (from its documentation or a "
        "processed message's headers).",
        check=validators.DOMAIN,
        example="arc.signatures.example",
    )

    @staticmethod
    def problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
        """Rules across this section's keys (companions and contradictions), on raw answers."""
        return _problems(data, get)


def _problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
    names: dict[str, int] = {}
    for i, service in enumerate(raw.listing(data.get("processing_services"))):
        if not isinstance(service, dict):
            continue
        path = f"processing_services[{i}]"
        name = raw.normalised(service.get("name"))
        if name is not None:
            if name in names:
                yield Problem(
                    f"{path}.name",
                    f"is the name of processing_services[{names[name]}] too; connector and rule names "
                    "must be unique",
                    service.get("name"),
                    "a name of its own",
                )
            names.setdefault(name, i)
        identify = raw.value(service, ProcessingService, "identify_by")
        if identify == "certificate":
            yield from _certificate_problems(service, path)
        elif identify == "ip-addresses":
            why = "to recognise the mail the service hands back"
            yield from raw.needs(service, path, "ip_addresses", why, validators.ACCEPTED_SENDER_IP)
        if raw.value(service, ProcessingService, "senders") == "group":
            why = "to route only that group's mail through the service"
            yield from raw.needs(service, path, "sender_group", why, mail_validators.ACCEPTED_ADDRESS)
        for j, host in enumerate(raw.listing(service.get("smart_hosts"))):
            if isinstance(host, str) and validators.looks_like_ip(host.strip()):
                yield Problem(
                    f"{path}.smart_hosts[{j}]",
                    "is an IP address; the connector checks the host's certificate name (DomainValidation), "
                    "which an IP address never matches",
                    host,
                    "the host name from the vendor's setup page",
                )
        for key in ("smart_hosts", "ip_addresses"):
            yield from raw.duplicates(service, f"{path}.", key)
    if names and get("subscription") == "eop-standalone":
        yield Problem(
            "processing_services",
            "hands mail back to Exchange Online mailboxes; with standalone EOP every mailbox is on your own "
            "server, so set the service up there",
            None,
            "leave processing_services out for standalone EOP",
            has_value=False,
        )


def _certificate_problems(service: raw.Raw, path: str) -> Iterator[Problem]:
    """The return leg's certificate domain: given, not internal, not a shared vendor wildcard (MC1226222)."""
    why = "to recognise the mail the service hands back"
    yield from raw.needs(service, path, "certificate_name", why, validators.ACCEPTED_CERTIFICATE)
    certificate = service.get("certificate_name")
    if organization.is_internal_name(certificate):
        yield Problem(
            f"{path}.certificate_name",
            "is an internal name; Microsoft 365 attributes the mail the service hands back by this "
            "domain, which must become one of your accepted domains (MC1226222)",
            certificate,
            TENANT_UNIQUE,
        )
    elif isinstance(certificate, str) and certificate.strip().startswith("*"):
        yield Problem(
            f"{path}.certificate_name",
            "is a wildcard the vendor shares with its other customers: mail they send over it would "
            "be attributed to you, and a wildcard cannot be an accepted domain (MC1226222); ask the "
            "vendor for your tenant-unique certificate domain",
            certificate,
            TENANT_UNIQUE,
        )
