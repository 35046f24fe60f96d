"""The sources every decision cites. Keys match ../shared/reference/facts.md."""

from __future__ import annotations

from typing import NamedTuple

_MAIL_FLOW = "https://learn.microsoft.com/exchange/mail-flow-best-practices/"
_CONNECTORS = _MAIL_FLOW + "use-connectors-to-configure-mail-flow/"


class Source(NamedTuple):
    title: str
    url: str


SOURCES: dict[str, Source] = {
    "S1": Source(
        "Configure mail flow using connectors in Exchange Online",
        _CONNECTORS + "use-connectors-to-configure-mail-flow",
    ),
    "S2": Source(
        "Set up connectors to route mail between Microsoft 365 and your own email servers",
        _CONNECTORS + "set-up-connectors-to-route-mail",
    ),
    "S3": Source(
        "Set up connectors for secure mail flow with a partner organization",
        _CONNECTORS + "set-up-connectors-for-secure-mail-flow-with-a-partner",
    ),
    "S4": Source(
        "How to set up a multifunction device or application to send email using Microsoft 365",
        _MAIL_FLOW + "how-to-set-up-a-multifunction-device-or-application-to-send-email-using-"
        "microsoft-365-or-office-365",
    ),
    "S5": Source(
        "Fix issues with printers, scanners, and LOB applications that send email",
        _MAIL_FLOW + "fix-issues-with-printers-scanners-and-lob-applications-that-send-email-using-off",
    ),
    "S6": Source("Validate connectors in Exchange Online", _CONNECTORS + "validate-connectors"),
    "S8": Source(
        "Fix email delivery issues for error code 451 4.7.500-699 (ASxxx)",
        _MAIL_FLOW + "non-delivery-reports-in-exchange-online/"
        "fix-error-code-451-4-7-500-699-asxxx-in-exchange-online",
    ),
    "S9": Source(
        "Manage accepted domains in Exchange Online",
        _MAIL_FLOW + "manage-accepted-domains/manage-accepted-domains",
    ),
    "S11": Source(
        "Do I need to create a connector in Exchange Online?", _CONNECTORS + "do-i-need-to-create-a-connector"
    ),
    "S13": Source(
        "Manage mail flow with mailboxes in multiple locations",
        _MAIL_FLOW + "manage-mail-flow-for-multiple-locations",
    ),
    "S15": Source(
        "Transport options in Exchange hybrid deployments",
        "https://learn.microsoft.com/exchange/transport-options",
    ),
    "S16": Source(
        "Transport routing in Exchange hybrid deployments",
        "https://learn.microsoft.com/exchange/transport-routing",
    ),
    "S17": Source(
        "Hybrid Configuration Wizard options",
        "https://learn.microsoft.com/exchange/hybrid-configuration-wizard-options",
    ),
    "S18": Source(
        "Set up your standalone EOP service",
        "https://learn.microsoft.com/exchange/standalone-eop/set-up-your-eop-service",
    ),
    "S19": Source(
        "Exchange Online PowerShell cmdlet reference (New-InboundConnector, New-OutboundConnector)",
        "https://learn.microsoft.com/powershell/module/exchangepowershell/new-inboundconnector",
    ),
    "S20": Source(
        "Configure a certificate-based connector to relay email messages through Microsoft 365",
        "https://learn.microsoft.com/troubleshoot/exchange/connectors/office-365-notice",
    ),
    "S22": Source(
        "Updated requirements for SMTP relay through Exchange Online (2023)",
        _MAIL_FLOW + "updated-requirements-smtp-relay",
    ),
    "S23": Source(
        "Message center MC1226222: guidance for on-premises connectors configuration (updated 2026-02-04)",
        "https://admin.microsoft.com/#/MessageCenter",
    ),
    "S24": Source(
        "Introducing more control over Direct Send in Exchange Online (Exchange Team, 2025-04-28)",
        "https://techcommunity.microsoft.com/blog/exchange/"
        "introducing-more-control-over-direct-send-in-exchange-online/4408790",
    ),
    "S25": Source(
        "Message center MC786329: Exchange Online to retire Basic auth for SMTP AUTH (update of 2026-01-27)",
        "https://admin.microsoft.com/#/MessageCenter",
    ),
    "S26": Source(
        "How to pause throttling and blocking of out-of-date on-premises Exchange servers "
        "(Exchange Team, 2023-12-12)",
        "https://techcommunity.microsoft.com/t5/exchange-team-blog/"
        "how-to-pause-throttling-and-blocking-of-out-of-date-on-premises/ba-p/4007169",
    ),
    "S28": Source(
        "OfficeDocs-Exchange issue #900: multiple partner connectors (product group statement)",
        "https://github.com/MicrosoftDocs/OfficeDocs-Exchange/issues/900",
    ),
}


def source_keys(text: str) -> list[str]:
    """The keys in a 'S1, S28' citation string, in order."""
    return [part.strip() for part in text.split(",") if part.strip()]
