"""The `filtering_service` section: a third-party service between the internet and Microsoft 365 (S12)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from advisor.errors import Problem
from advisor.model import facts, raw, validators
from advisor.model.domains import signature_service_host
from advisor.model.facts import Lookup
from advisor.model.fields import Option, choice, flag, items, text
from advisor.model.vocabulary import SenderIdentity
from advisor.record import record

SERVICE_IDENTITY = {
    "ip-addresses": Option(
        "By the service's published IP addresses",
        "Every range the service sends from (miss one and mail is lost).",
    ),
    "certificate": Option(
        "By the service's TLS certificate (preferred)",
        "The certificate name the service presents when it delivers to Microsoft 365.",
    ),
}

SERVICE_DELIVERY = {
    "microsoft-365": Option(
        "To Microsoft 365",
        "Microsoft 365 receives from the service and passes mail for mailboxes on your server on to it.",
    ),
    "on-premises": Option(
        "To your own server (keep it so)",
        "Your server receives from the service, as today, and passes mail for Exchange Online mailboxes on "
        "to Microsoft 365.",
    ),
}
ServiceDelivery = Literal["microsoft-365", "on-premises"]


@record(kw_only=True)
class FilteringService:
    """The `filtering_service` section: a third-party service in front of Microsoft 365."""

    name: str = text(
        "The service's name, used in connector names.",
        check=validators.DISPLAY_NAME,
        required=True,
        example="Mimecast",
    )
    inbound: bool = flag(
        "MX points at the service, which relays internet mail to Microsoft 365.", default=True
    )
    outbound: bool = flag(
        "Microsoft 365 sends internet mail out through the service, which delivers it to the internet (a "
        "service that hands mail back to Microsoft 365 is a processing_services entry).",
        default=False,
    )
    delivers_to: ServiceDelivery = choice(
        "With mailboxes on your own server too: where the service delivers internet mail (it stays so; "
        "moving it is a cut-over of its own).",
        choices=SERVICE_DELIVERY,
        default="microsoft-365",
    )
    identify_by: SenderIdentity = choice(
        "How Microsoft 365 recognises mail the service relays to it.",
        choices=SERVICE_IDENTITY,
        default="ip-addresses",
    )
    ip_addresses: tuple[str, ...] = items(
        "Every public IPv4 address or /24-/32 block the service delivers to Microsoft 365 from.",
        check=validators.SENDER_IP,
        example=("198.51.100.0/24",),
        label="the service's sending addresses",
    )
    certificate_name: str | None = text(
        "Certificate name the service presents to Microsoft 365.",
        check=validators.CERTIFICATE_NAME,
        example="relay.filtering-service.example",
    )
    smart_hosts: tuple[str, ...] = items(
        "The service's host for mail Microsoft 365 sends out through it.",
        check=validators.SMART_HOST,
        example=("outbound.filtering-service.example",),
        label="the service's outbound host",
    )
    modifies_messages: bool | None = flag(
        "The service changes the messages it relays (rewritten links, banners, signatures), which breaks "
        "DKIM.",
        default=None,
    )
    arc_sealer: str | None = text(
        "The domain in the d= tag of the ARC-Seal header the service adds.",
        check=validators.DOMAIN,
        example="arc.filtering-service.example",
    )

    @staticmethod
    def problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
        """Rules across this section's keys (companions and contradictions), on raw answers."""
        return _problems(data, get)


def _problems(data: raw.Raw, _get: Lookup) -> Iterator[Problem]:
    service = data.get("filtering_service")
    if not isinstance(service, dict):
        return
    inbound = raw.value(service, FilteringService, "inbound")
    outbound = raw.value(service, FilteringService, "outbound")
    if inbound is False and outbound is False:
        yield Problem(
            "filtering_service.inbound",
            "the service filters neither inbound nor outbound mail, so it needs no connector",
            False,
            "inbound: true or outbound: true; or leave the filtering_service section out",
        )
    if inbound is True and not facts.filtering_service_to_server(_get):  # the lockdown needs its identity
        identify = raw.value(service, FilteringService, "identify_by")
        if identify == "ip-addresses":
            why = "to accept internet mail only from the service's addresses"
            yield from raw.needs(
                service, "filtering_service", "ip_addresses", why, validators.ACCEPTED_SENDER_IP
            )
        elif identify == "certificate":
            why = "to accept internet mail only with the service's certificate"
            yield from raw.needs(
                service, "filtering_service", "certificate_name", why, validators.ACCEPTED_CERTIFICATE
            )
    if service.get("delivers_to") == "on-premises" and not (inbound is True and facts.own_server(_get)):
        yield Problem(
            "filtering_service.delivers_to",
            "the service delivers to your own server only when it receives your internet mail "
            "(inbound: true) and there is a server of your own (on_premises)",
            "on-premises",
            "microsoft-365, or inbound: true with an on_premises server",
        )
    if outbound is True and _get("on_premises.centralized_mail_transport") is True:
        yield Problem(
            "filtering_service.outbound",
            "centralized mail transport already sends the internet mail of Exchange Online mailboxes through "
            "your server; two connectors for all recipient domains compete",
            True,
            "false, or centralized_mail_transport: false",
        )
    if outbound is True:
        why = "to send mail out through the service"
        yield from raw.needs(service, "filtering_service", "smart_hosts", why, validators.ACCEPTED_SMART_HOST)
    for i, host in enumerate(raw.listing(service.get("smart_hosts"))):
        vendor = signature_service_host(host) if isinstance(host, str) else None
        if vendor is not None:
            yield Problem(
                f"filtering_service.smart_hosts[{i}]",
                f"is a host of a signature service ({vendor}) that hands mail back to Microsoft 365; sending "
                "all internet mail to it with a connector for every domain loops or loses mail",
                host,
                "the host of a service that delivers to the internet; describe a signature service under "
                "processing_services",
            )
    for key in ("ip_addresses", "smart_hosts"):
        yield from raw.duplicates(service, "filtering_service.", key)
