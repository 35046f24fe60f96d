"""Every enumerated answer, in one place: value -> (label in the admin's words, what it means).

The answers table builds its choice fields from these, the JSON Schema lists the values with their
descriptions, and the wizard shows the label with the description of the highlighted choice.
"""

from __future__ import annotations

from typing import NamedTuple


class Option(NamedTuple):
    label: str
    description: str


SUBSCRIPTION = {
    "exchange-online": Option(
        "Exchange Online", "Some or all mailboxes are in Exchange Online (Microsoft 365 hosts mail)."
    ),
    "eop-standalone": Option(
        "Standalone Exchange Online Protection (EOP)",
        "All mailboxes stay on your own servers; Microsoft 365 only filters their mail.",
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

DEVICE_METHOD = {
    "auto": Option(
        "Let the advisor choose", "Chosen from what the devices can do (the questions you answered)."
    ),
    "smtp-relay": Option(
        "SMTP relay through a connector",
        "A connector from Your organization's email server; any sender in your domains, any recipient.",
    ),
    "direct-send": Option(
        "Direct send", "Straight to your MX endpoint, no connector and no mailbox; internal recipients only."
    ),
    "smtp-auth": Option(
        "SMTP AUTH client submission", "The device signs in to a licensed mailbox on smtp.office365.com:587."
    ),
}

DEVICE_IDENTITY = {
    "ip-addresses": Option(
        "By the static public IP address", "The address their mail leaves your network from, not shared."
    ),
    "certificate": Option(
        "By a TLS certificate",
        "A certificate the device or application presents, named in one of your domains.",
    ),
}

PARTNER_DIRECTION = {
    "both": Option("Both directions", "Secure mail to and from the partner organization."),
    "inbound": Option("Only mail from them", "Partner organization -> Office 365."),
    "outbound": Option("Only mail to them", "Office 365 -> Partner organization."),
}

PARTNER_RESTRICTION = {
    "none": Option("No, the sender domain is enough", "Their mail is only required to use TLS."),
    "certificate": Option(
        "Yes, by their TLS certificate", "Reject their mail unless it presents their certificate."
    ),
    "ip-addresses": Option(
        "Yes, by their IP addresses", "Reject their mail unless it comes from their addresses."
    ),
    "both": Option(
        "Yes, by both", "Two connectors: Microsoft says not to mix certificate and IP restrictions in one."
    ),
}

OUTBOUND_TLS = {
    "encryption-only": Option(
        "Always use TLS, any certificate", "Encrypt; accept even a self-signed certificate."
    ),
    "certificate-validation": Option(
        "Always use TLS, trusted certificate", "The certificate must be issued by a trusted authority."
    ),
    "domain-validation": Option(
        "Always use TLS, trusted certificate with a matching name",
        "The certificate must also carry the partner's name.",
    ),
}
