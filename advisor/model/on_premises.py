"""The `on_premises` section: your own email server, the Hybrid Configuration Wizard, and how Microsoft 365
recognises the server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from advisor.errors import Problem
from advisor.model import facts, organization, raw, validators
from advisor.model.facts import Lookup
from advisor.model.fields import Option, choice, flag, items, text
from advisor.model.vocabulary import SenderIdentity
from advisor.record import record

ServerKind = Literal[
    "none", "exchange-2010-or-later", "exchange-2007-or-earlier", "non-microsoft", "google-workspace"
]
HybridWizard = Literal["not-run", "full", "minimal", "not-sure"]
ExchangeVersion = Literal["2010", "2013", "2016", "2019", "subscription-edition"]
SendConnectorScope = Literal["cloud-mailboxes", "all-internet-mail"]

EXCHANGE_VERSION = {
    "2010": Option("Exchange Server 2010", "Out of support since October 2020."),
    "2013": Option("Exchange Server 2013", "Out of support since April 2023."),
    "2016": Option("Exchange Server 2016", "Out of support since 14 October 2025."),
    "2019": Option("Exchange Server 2019", "Out of support since 14 October 2025."),
    "subscription-edition": Option("Exchange Server Subscription Edition (SE)", "The supported version."),
}

SEND_CONNECTOR_SCOPE = {
    "cloud-mailboxes": Option(
        "Only mail for Exchange Online mailboxes",
        "Scoped to the routing domain (contoso.mail.onmicrosoft.com), as the Hybrid Configuration Wizard "
        "does.",
    ),
    "all-internet-mail": Option(
        "All outbound internet mail",
        "Your server sends all its internet mail through Microsoft 365; your existing internet send "
        "connector must then be retired.",
    ),
}

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
    "google-workspace": Option(
        "Google Workspace (mailboxes still at Google)",
        "Coexistence by routing subdomains and mail users; no connector can identify Google's shared "
        "servers.",
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
    "not-sure": Option(
        "Not sure",
        "The plan assumes it has not run and starts with how to find out: `collect` then `audit`, or "
        'connectors named "Inbound from <GUID>" and "Outbound to <GUID>" in the Exchange admin center.',
    ),
}

SERVER_IDENTITY = {
    "certificate": Option(
        "By its TLS certificate (recommended)",
        "Microsoft 365 checks the certificate name your server presents; it must be in one of your domains.",
    ),
    "ip-addresses": Option(
        "By its public IP addresses",
        "Static public IPv4 addresses that only your organization sends from.",
    ),
}


@record(kw_only=True)
class OnPremises:
    """The `on_premises` section: the organization's own email server."""

    server: ServerKind = choice("Kind of on-premises email server.", choices=SERVER, required=True)
    exchange_version: ExchangeVersion | None = choice(
        "Exchange Server version (for Exchange 2010 or later).", choices=EXCHANGE_VERSION
    )
    exchange_updates_current: bool | None = flag(
        "The latest cumulative and security updates for that version are installed; not-sure: the plan says "
        "which builds count as current.",
        default=None,
        unsure=True,
    )
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
        label="your server's sending addresses",
    )
    smart_hosts: tuple[str, ...] = items(
        "Where Microsoft 365 delivers mail for on-premises mailboxes.",
        check=validators.SMART_HOST,
        example=("mail.contoso.com",),
        label="where Microsoft 365 delivers to your server",
    )
    receiving_certificate_name: str | None = text(
        "Name on the certificate of the host Microsoft 365 delivers to (the smart hosts), when the "
        "certificate your server sends with does not name them (a separate relay certificate, an Edge "
        "server or an appliance in front).",
        check=validators.CERTIFICATE_NAME,
        example="mx.contoso.com",
    )
    relays_for_others: bool | None = flag(
        "The server relays non-delivery reports, forwarded mail or senders from domains that are not yours "
        "through Microsoft 365.",
        default=None,
    )
    centralized_mail_transport: bool = flag(
        "Route all mail from Exchange Online mailboxes through the on-premises servers.", default=False
    )
    edge_transport: bool = flag(
        "Mail to and from the internet passes Exchange Edge Transport servers: the certificate, IP addresses "
        "and smart hosts given are the Edge servers'.",
        default=False,
    )
    lock_down_inbound: bool = flag(
        "With MX at your server: Exchange Online accepts internet mail only from your server (a Partner "
        "connector for every sender domain, restricted to its addresses or certificate).",
        default=False,
    )
    send_connector_scope: SendConnectorScope = choice(
        "What the on-premises send connector to Microsoft 365 carries.",
        choices=SEND_CONNECTOR_SCOPE,
        default="all-internet-mail",
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
    if subscription == "eop-standalone" and server in facts.CLOUD_MAIL_SYSTEMS:
        yield Problem(
            "on_premises.server",
            "standalone EOP filters mail for servers of your own that it can identify; Google Workspace's "
            "servers are shared by every Google customer (MC1226222)",
            server,
            "subscription: exchange-online (coexistence by routing subdomains), or a server of your own",
        )
    if present and server == "none" and raw.mapping(section).get("centralized_mail_transport") is True:
        yield Problem(
            "on_premises.centralized_mail_transport",
            "routes the mail of Exchange Online mailboxes through your own server, but there is none",
            True,
            "false, or an on-premises server",
        )
    if present and server != "none":
        yield from _server_problems(data, raw.mapping(section), subscription, server, get)
    locked = present and raw.mapping(section).get("lock_down_inbound") is True
    if locked and (get("organization.mx") != "on-premises" or not facts.on_premises_connectors(get)):
        yield Problem(
            "on_premises.lock_down_inbound",
            "locks Exchange Online down to your server, which only fits when MX points at your server "
            "and the plan builds the connectors to it (otherwise internet mail is rejected)",
            True,
            "false, or organization.mx: on-premises with connectors to your server",
        )


def _server_problems(
    data: raw.Raw, on_prem: raw.Raw, subscription: object, server: str, get: Lookup
) -> Iterator[Problem]:
    hybrid = raw.value(on_prem, OnPremises, "hybrid_wizard")
    if hybrid not in ("not-run", "not-sure") and subscription == "eop-standalone":
        yield Problem(
            "on_premises.hybrid_wizard",
            "a hybrid deployment is not available with standalone EOP (no mailboxes in Exchange Online)",
            hybrid,
            "not-run",
        )
    elif hybrid not in ("not-run", "not-sure") and server in ("exchange-2007-or-earlier", "non-microsoft"):
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
            refused = organization.on_premises_certificate_problem(
                data, "on_premises.certificate_name", on_prem.get("certificate_name")
            )
            if refused is not None:
                yield refused
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
    yield from _version_problems(on_prem, server)
    yield from _scope_problems(on_prem, subscription, get)
    for key in ("ip_addresses", "smart_hosts"):
        yield from raw.duplicates(on_prem, "on_premises.", key)


def _version_problems(on_prem: raw.Raw, server: str) -> Iterator[Problem]:
    version = on_prem.get("exchange_version")
    if version is not None and server != "exchange-2010-or-later":
        yield Problem(
            "on_premises.exchange_version",
            f"gives an Exchange 2010-or-later version, but server is {server}",
            version,
            "no exchange_version, or server: exchange-2010-or-later",
        )
    updates = on_prem.get("exchange_updates_current")
    if updates is not None and server == "non-microsoft":
        yield Problem(
            "on_premises.exchange_updates_current",
            "is about Exchange Server updates, but the server is not Exchange",
            updates,
            "leave it out for a non-Microsoft server",
        )


def _scope_problems(on_prem: raw.Raw, subscription: object, get: Lookup) -> Iterator[Problem]:
    if on_prem.get("send_connector_scope") != "cloud-mailboxes":
        return
    if subscription == "eop-standalone":
        yield Problem(
            "on_premises.send_connector_scope",
            "standalone EOP has no Exchange Online mailboxes to scope the connector to",
            "cloud-mailboxes",
            "all-internet-mail",
        )
    elif not get("organization.tenant_domain"):
        yield Problem(
            "organization.tenant_domain",
            "is required when on_premises.send_connector_scope is cloud-mailboxes (the connector sends to "
            "its routing domain, tenant.mail.onmicrosoft.com)",
            accepted=validators.ACCEPTED_TENANT_DOMAIN,
            has_value=False,
        )
