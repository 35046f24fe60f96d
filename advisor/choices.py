"""Every enumerated answer, in one place: value -> what it means in the admin's words.

The answers model builds its Literal types from these, the JSON Schema lists them, and the
wizard shows the descriptions next to each choice.
"""

from __future__ import annotations

SUBSCRIPTION = {
    "exchange-online": "Exchange Online: some or all mailboxes are in Microsoft 365",
    "eop-standalone": "Standalone Exchange Online Protection: all mailboxes stay on your own servers, "
    "Microsoft 365 only filters mail",
}

SERVER = {
    "none": "No on-premises email server: every mailbox is in Exchange Online",
    "exchange-2010-or-later": "Exchange Server 2010 or later",
    "exchange-2007-or-earlier": "Exchange Server 2007 or earlier",
    "non-microsoft": "A non-Microsoft SMTP server (Postfix, Sendmail, Domino, an appliance...)",
}

HYBRID_WIZARD = {
    "not-run": "The Hybrid Configuration Wizard has not been run",
    "full": "It ran with the Classic Full or Modern Full topology (it created the connectors)",
    "minimal": "It ran with the Minimal or Express topology (it created no connectors)",
}

SERVER_IDENTITY = {
    "certificate": "By the TLS certificate your server presents (Microsoft's recommendation)",
    "ip-addresses": "By the static public IP addresses your server sends from, used by no one else",
}

DEVICE_METHOD = {
    "auto": "Let the advisor choose from the device's capabilities",
    "smtp-relay": "SMTP relay: a connector lets the device send as any address in your domains",
    "direct-send": "Direct send: the device sends to your MX endpoint, internal recipients only",
    "smtp-auth": "SMTP AUTH client submission: the device signs in to a licensed mailbox",
}

DEVICE_IDENTITY = {
    "ip-addresses": "By the static public IP address the device's mail leaves your network from",
    "certificate": "By a TLS certificate the device or application presents",
}

PARTNER_DIRECTION = {
    "both": "Mail in both directions",
    "inbound": "Only mail from the partner to you",
    "outbound": "Only mail from you to the partner",
}

PARTNER_RESTRICTION = {
    "none": "Identify the partner by sender domain only",
    "certificate": "Reject the partner's mail unless it presents their TLS certificate",
    "ip-addresses": "Reject the partner's mail unless it comes from their IP addresses",
    "both": "Both (two connectors: Microsoft says not to mix them in one)",
}

OUTBOUND_TLS = {
    "encryption-only": "Always use TLS, accept any certificate",
    "certificate-validation": "Always use TLS, certificate issued by a trusted CA",
    "domain-validation": "Always use TLS, trusted certificate whose name matches the partner's domain",
}
