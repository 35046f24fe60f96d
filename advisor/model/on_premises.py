"""The `on_premises` section: your own email server, the Hybrid Configuration Wizard, and how Microsoft 365
recognises the server."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from advisor.errors import Problem
from advisor.model import facts, raw, validators
from advisor.model.facts import Lookup
from advisor.model.fields import Option, choice, flag, items, text
from advisor.model.vocabulary import SenderIdentity

ServerKind = Literal["none", "exchange-2010-or-later", "exchange-2007-or-earlier", "non-microsoft"]
HybridWizard = Literal["not-run", "full", "minimal"]

SERVER = {
    "none": Option("No, every mailbox is in Exchange Online", "Nothing on premises hosts mailboxes."),
    "exchange-2010-or-later": Option(
        "Exchange Server 2010 or later", "Exchange 2010, 2013, 2016, 2019 or Subscription Edition."
    ),
    "exchange-2007-or-earlier": Option(
        "Exchange Server 2007 or earlier", "Too old for the Hybrid Configuration Wizard."
    ),
    "non-microsoft": Option(
        "A non-Microsoft SMTP server", "Postfix, Sendmail, Domino, an appliance or another mail system."
    ),
}

HYBRID_WIZARD = {
    "not-run": Option("No, not yet", "The Hybrid Configuration Wizard has not been run."),
    "full": Option(
        "Yes, Classic Full or Modern Full topology", "The wizard created the connectors in both directions."
    ),
    "minimal": Option(
        "Yes, Minimal or Express topology", "These topologies create no connectors; you create them."
    ),
}

SERVER_IDENTITY = {
    "certificate": Option(
        "By its TLS certificate (recommended)",
        "Microsoft 365 checks the certificate name your server presents; it must be in one of your domains.",
    ),
    "ip-addresses": Option(
        "By its public IP addresses",
        "Static public IPv4 addresses that only your organisation sends from.",
    ),
}


@dataclass(frozen=True, kw_only=True)
class OnPremises:
    server: ServerKind = choice("Kind of on-premises email server.", choices=SERVER, required=True)
    hybrid_wizard: HybridWizard = choice(
        "Whether the Hybrid Configuration Wizard ran, and with which topology.",
        choices=HYBRID_WIZARD,
        default="not-run",
    )
    identify_by: SenderIdentity = choice(
        "How Microsoft 365 recognises mail from your server.", choices=SERVER_IDENTITY, default="certificate"
    )
    certificate_name: str | None = text(
        "Subject or SAN name of the certificate your server presents.",
        check=validators.CERTIFICATE_NAME,
        example="mail.contoso.com",
    )
    ip_addresses: tuple[str, ...] = items(
        "Public IPv4 addresses or /24-/32 blocks your server sends from.",
        check=validators.SENDER_IP,
        example=("203.0.113.10",),
    )
    smart_hosts: tuple[str, ...] = items(
        "Where Microsoft 365 delivers mail for on-premises mailboxes.",
        check=validators.SMART_HOST,
        example=("mail.contoso.com",),
    )
    centralized_mail_transport: bool = flag(
        "Route all mail from Exchange Online mailboxes through the on-premises servers.", default=False
    )

    @staticmethod
    def problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
        """Rules across this section's keys (companions and contradictions), on raw answers."""
        return _problems(data, get)


def _problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
    """Companions and contradictions of the on-premises answers."""
    section = data.get("on_premises")
    present = isinstance(section, dict)
    subscription = data.get("subscription")
    server = facts.server(get) if present else "none"
    if subscription == "eop-standalone" and server == "none":
        yield Problem(
            "on_premises.server" if present else "on_premises",
            "standalone EOP only filters mail for your own email servers, so it needs one",
            server if present else None,
            "an on_premises section with server exchange-2010-or-later, exchange-2007-or-earlier or "
            "non-microsoft; or subscription: exchange-online",
            has_value=present,
        )
    if present and server != "none":
        yield from _server_problems(raw.mapping(section), subscription, server, get)


def _server_problems(on_prem: raw.Raw, subscription: object, server: str, get: Lookup) -> Iterator[Problem]:
    hybrid = raw.value(on_prem, OnPremises, "hybrid_wizard")
    if hybrid != "not-run" and subscription == "eop-standalone":
        yield Problem(
            "on_premises.hybrid_wizard",
            "a hybrid deployment is not available with standalone EOP (no mailboxes in Exchange Online)",
            hybrid,
            "not-run",
        )
    elif hybrid != "not-run" and server in ("exchange-2007-or-earlier", "non-microsoft"):
        yield Problem(
            "on_premises.hybrid_wizard",
            "the Hybrid Configuration Wizard needs Exchange 2010 or later on premises",
            hybrid,
            "not-run",
        )
    if on_prem.get("centralized_mail_transport") is True and subscription == "eop-standalone":
        yield Problem(
            "on_premises.centralized_mail_transport",
            "centralized mail transport routes the mail of "
            "Exchange Online mailboxes; standalone EOP has none",
            True,
            "false",
        )
    if facts.on_premises_connectors(get):
        why = "to create the connectors between Microsoft 365 and your server"
        yield from raw.needs(on_prem, "on_premises", "smart_hosts", why, validators.ACCEPTED_SMART_HOST)
        identify = raw.value(on_prem, OnPremises, "identify_by")
        if identify == "certificate":
            yield from raw.needs(
                on_prem,
                "on_premises",
                "certificate_name",
                "when identify_by is certificate",
                validators.ACCEPTED_CERTIFICATE,
            )
        elif identify == "ip-addresses":
            yield from raw.needs(
                on_prem,
                "on_premises",
                "ip_addresses",
                "when identify_by is ip-addresses",
                validators.ACCEPTED_SENDER_IP,
            )
    for key in ("ip_addresses", "smart_hosts"):
        yield from raw.duplicates(on_prem, "on_premises.", key)
