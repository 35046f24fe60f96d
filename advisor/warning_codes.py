"""Every warning the engine can raise: code -> severity, sources, message.

Messages are `str.format` templates; the engine fills the named fields. Dated facts keep their
dates in the text because they may have moved since the sources were read.
"""

from __future__ import annotations

from typing import NamedTuple


class WarningSpec(NamedTuple):
    severity: str
    source: str
    message: str


WARNINGS: dict[str, WarningSpec] = {
    "accepted-domains-first": WarningSpec(
        "warning",
        "S1, S9",
        "Configure and verify your accepted domains ({domains}) before you create any connector; "
        "connectors only work for domains Microsoft 365 knows are yours.",
    ),
    "open-relay": WarningSpec(
        "warning",
        "S1",
        "Confirm your internet-facing email server is not an open relay: it must not accept mail from "
        "any source and pass it on, or spammers can route through it and through your connector.",
    ),
    "consider-hybrid-wizard": WarningSpec(
        "info",
        "S1, S13",
        "With Exchange 2010 or later and mailboxes in Exchange Online, Microsoft suggests checking whether "
        "a hybrid deployment fits better: the Hybrid Configuration Wizard creates and maintains these "
        "connectors on both sides. Create them by hand only if you just want mail routing.",
    ),
    "hybrid-wizard-manages-connectors": WarningSpec(
        "info",
        "S1, S17",
        "The Hybrid Configuration Wizard created the connectors for you. View them in the Exchange admin "
        "center under Mail flow > Connectors; change them by re-running the wizard (a re-run may reset "
        "manual edits).",
    ),
    "hybrid-minimal-no-connectors": WarningSpec(
        "warning",
        "S17",
        "Only the Classic Full and Modern Full hybrid topologies configure connectors; the Minimal and "
        "Express topologies you ran create none, so the connectors below must be created. Alternatively "
        "re-run the Hybrid Configuration Wizard with a Full topology.",
    ),
    "legacy-exchange": WarningSpec(
        "critical",
        "S1, S26",
        "Exchange 2007 or earlier cannot use the Hybrid Configuration Wizard, so the connectors are manual."
        "{hybrid} Out-of-date Exchange servers sending over an on-premises connector are "
        "throttled (4.7.230) and then blocked (5.7.230) by Microsoft's transport-based enforcement "
        "(announced 2023); plan the upgrade.",
    ),
    "direct-send-internal-only": WarningSpec(
        "{severity}",
        "S4, S5",
        "Direct send delivers only to mailboxes hosted in Microsoft 365; mail to external recipients "
        "(Gmail, Yahoo, other companies) is rejected.{external}",
    ),
    "graylisting": WarningSpec(
        "warning",
        "S1, S8",
        "Without a connector, a large jump in mail volume from one IP address can be graylisted "
        "(451 4.7.500-699 ASxxx temporary errors). Direct send is exposed to this throttling; an SMTP "
        "relay connector avoids it.",
    ),
    "reject-direct-send": WarningSpec(
        "warning",
        "S24",
        "Since 2025 an organisation can turn on Set-OrganizationConfig -RejectDirectSend $true (announced "
        "2025-04-28, rolled out by September 2025). With it on, anonymous mail from your own domains is "
        "rejected unless an inbound connector identifies the sender, so direct send stops working; check "
        "the setting with Get-OrganizationConfig before relying on direct send.",
    ),
    "smtp-auth-basic-retirement": WarningSpec(
        "{severity}",
        "S25",
        "SMTP AUTH with Basic authentication (user name and password) is being retired. Microsoft's "
        "update of 2026-01-27 (MC786329): unchanged through December 2026; at the end of December 2026 it "
        "is disabled by default for existing tenants (admins can turn it back on); tenants created after "
        "that never have it; the final removal date is to be announced in the second half of 2027. "
        "{advice} These dates have moved before: re-check MC786329.",
    ),
    "ip-and-certificate-split": WarningSpec(
        "warning",
        "S1, S28",
        "{partner}: Microsoft says not to configure IP addresses and a certificate in the same partner "
        "connector, so the restriction is split into two connectors ({names}).",
    ),
    "certificate-not-accepted-domain": WarningSpec(
        "critical",
        "S20, S23",
        "{path}: the certificate name {certificate} is not in one of your accepted domains ({domains}). "
        "Microsoft 365 attributes mail arriving over an on-premises connector by the certificate's domain "
        "(MC1226222, updated 2026-02-04), so mail may be rejected or attributed to another tenant. Use a "
        "certificate whose subject or SAN is in an accepted domain, such as *.{first_domain}.",
    ),
    "certificate-host-name": WarningSpec(
        "info",
        "S20, S23",
        "{path}: {certificate} is a host name. A certificate-based connector must name a domain "
        "registered in Microsoft 365, and host names such as {certificate} usually are not, so the "
        "connector uses {connector_name}, which matches this certificate (Microsoft's recommendation, "
        "also for connectors the Hybrid Configuration Wizard made with a host name).",
    ),
    "allow-vs-restrict-precedence": WarningSpec(
        "warning",
        "S1, S28",
        "A partner connector that only allows a sender domain ({allow}) cannot override a partner connector "
        "that restricts by IP address or certificate ({restrict}): partner connectors are looked up by IP "
        "or certificate when restrictions are applied, so the restricting connector wins for any mail "
        "from its addresses or certificate.",
    ),
    "documentation-address": WarningSpec(
        "info",
        "S19",
        "These are documentation example addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), "
        "never real senders: put your real public addresses at {paths}.",
    ),
    "ip-identification-shared": WarningSpec(
        "warning",
        "S4, S23",
        "{what} identifies the sender by IP address ({addresses}). Those addresses must be static and used "
        "by no other organisation: an address shared with other Microsoft 365 tenants (a hosting provider, "
        "a shared NAT) makes mail attribution fail without notice. Microsoft recommends a certificate-based "
        "connector instead (MC1226222).",
    ),
    "relay-sender-domain": WarningSpec(
        "info",
        "S22, S20",
        "Since November 2023 relaying to the internet through Exchange Online needs the envelope sender "
        "(P1 MAIL FROM) or the certificate domain to be one of your accepted domains; the From header no "
        "longer counts. Devices must send as an address in {domains}.",
    ),
    "relay-third-party-hosted": WarningSpec(
        "critical",
        "S4",
        "Relaying through a connector from applications hosted by a third party (for example Azure) is not "
        "supported by Microsoft. Use SMTP AUTH client submission or direct send for hosted applications.",
    ),
    "devices-via-on-premises": WarningSpec(
        "info",
        "S4",
        "You have an on-premises email server: Microsoft suggests relaying devices through it. Its mail "
        "then reaches Microsoft 365 over the on-premises connector, so no separate device connector is "
        "needed. Set devices.method to smtp-relay if the devices must send to Microsoft 365 directly.",
    ),
    "device-connector-covered": WarningSpec(
        "info",
        "S4",
        "The devices are identified the same way as your on-premises server ({what}), so the on-premises "
        "connector already covers them; a second connector would compete for the same mail.",
    ),
    "no-device-option": WarningSpec(
        "critical",
        "S4, S25",
        "None of Microsoft's three options fits these devices: {why} Give the devices a static public IP "
        "address or a certificate for SMTP relay, enable SMTP AUTH, or send through a service such as "
        "Azure Communication Services Email.",
    ),
    "centralized-mail-transport": WarningSpec(
        "info",
        "S15, S16",
        "Centralized mail transport sends all mail from Exchange Online mailboxes, internet mail included, "
        "through your on-premises servers. Use it only for specific compliance needs: it adds load and "
        "bandwidth on premises and makes cloud mail depend on your servers.",
    ),
    "partner-outbound-unneeded": WarningSpec(
        "info",
        "S3",
        "{partner}: mail to the partner neither requires TLS nor uses smart hosts, so an outbound connector "
        "would change nothing (Exchange Online already uses TLS opportunistically); none is planned.",
    ),
}
