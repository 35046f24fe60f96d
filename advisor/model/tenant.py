"""What a tenant already has, read from an export: its connectors and accepted domains, normalised.

Exports differ in shape (exports.md): `smtp:contoso.com;1` sender domains, PowerShell 5.1's `\\/Date(ms)\\/`
and REST ISO dates, absent fields on the other direction's records, one object or an array. The reader
(`advisor.inputs.exports`) turns each into this one model; the checks (`advisor.tenant`) only read it.
Absent stays absent (None), never false.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from advisor.model.vocabulary import Direction
from advisor.record import record


@record
class ExistingConnector:
    direction: Direction
    name: str
    type: str  # OnPremises or Partner
    source: str | None  # ConnectorSource: AdminUI, HybridWizard, Default, Migrated
    enabled: bool
    comment: str = ""
    # inbound
    sender_domains: tuple[str, ...] = ()  # `smtp:` and `;1` removed; * for all
    sender_ip_addresses: tuple[str, ...] = ()
    certificate_name: str | None = None  # TlsSenderCertificateName
    require_tls: bool | None = None
    restrict_to_ip_addresses: bool | None = None
    restrict_to_certificate: bool | None = None
    ef_skip_last_ip: bool | None = None
    ef_skip_ips: tuple[str, ...] = ()
    # outbound
    recipient_domains: tuple[str, ...] = ()
    smart_hosts: tuple[str, ...] = ()
    use_mx_record: bool | None = None
    tls_settings: str | None = None
    tls_domain: str | None = None
    rule_scoped: bool | None = None  # IsTransportRuleScoped
    all_accepted_domains: bool | None = None
    route_all_via_on_premises: bool | None = None
    # what else changes what the connector does (facts 7.8)
    associated_accepted_domains: tuple[str, ...] = ()  # inbound: only mail for these accepted domains
    ef_test_mode: bool | None = None  # inbound: Enhanced Filtering only in test mode
    ef_users: tuple[str, ...] = ()  # inbound: Enhanced Filtering only for these recipients
    treat_as_internal: bool | None = None  # inbound: TreatMessagesAsInternal
    cloud_services_mail_enabled: bool | None = None
    test_mode: bool | None = None  # outbound: in test mode (Get-OutboundConnector hides it by default)
    changed: str | None = None  # WhenChangedUTC (or WhenChanged), ISO 8601
    where: str = ""  # the file and the place in it, for messages
    # The connector's settings under their cmdlet parameter names, normalised like the plan's (for `diff`).
    parameters: dict[str, Any] = field(default_factory=dict)
    # Settings of INBOUND_/OUTBOUND_PARAMETERS the export's record does not have: never compared as equal.
    unread: frozenset[str] = frozenset()

    def says(self, *settings: str) -> bool:
        """The export gave every one of `settings` for this connector (absent is not the same as off)."""
        return not self.unread.intersection(settings)

    @property
    def restricts(self) -> bool:
        """A Partner inbound connector that rejects mail not from its IP addresses or certificate."""
        return bool(self.restrict_to_ip_addresses or self.restrict_to_certificate)


INBOUND_PARAMETERS = (
    "ConnectorType",
    "SenderDomains",
    "SenderIPAddresses",
    "TlsSenderCertificateName",
    "RequireTls",
    "RestrictDomainsToIPAddresses",
    "RestrictDomainsToCertificate",
    "EFSkipLastIP",
    "EFSkipIPs",
    "AssociatedAcceptedDomains",
    "CloudServicesMailEnabled",
    "Comment",
)
OUTBOUND_PARAMETERS = (
    "ConnectorType",
    "RecipientDomains",
    "SmartHosts",
    "UseMXRecord",
    "TlsSettings",
    "TlsDomain",
    "IsTransportRuleScoped",
    "AllAcceptedDomains",
    "RouteAllMessagesViaOnPremises",
    "TestMode",
    "CloudServicesMailEnabled",
    "Comment",
)


def _texts(value: Any) -> tuple[str, ...]:
    return (
        tuple(str(v) for v in value) if isinstance(value, list | tuple) else ((str(value),) if value else ())
    )


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return str(value) if isinstance(value, str) and value else None


def connector_from_parameters(
    direction: Direction,
    name: str,
    parameters: dict[str, Any],
    *,
    source: str | None = None,
    enabled: bool = True,
    changed: str | None = None,
    where: str = "",
    unread: frozenset[str] = frozenset(),
) -> ExistingConnector:
    """A connector from its settings under cmdlet parameter names (an export's record, a plan's connector)."""
    p = parameters
    common: dict[str, Any] = {
        "name": name,
        "type": _text(p.get("ConnectorType")) or "OnPremises",
        "source": source,
        "enabled": enabled,
        "comment": _text(p.get("Comment")) or "",
        "changed": changed,
        "where": where,
        "unread": unread,
    }
    if direction == "inbound":
        kept = {k: p.get(k) for k in INBOUND_PARAMETERS}
        return ExistingConnector(
            "inbound",
            sender_domains=tuple(d.lower() for d in _texts(p.get("SenderDomains"))),
            sender_ip_addresses=_texts(p.get("SenderIPAddresses")),
            certificate_name=_text(p.get("TlsSenderCertificateName")),
            require_tls=_flag(p.get("RequireTls")),
            restrict_to_ip_addresses=_flag(p.get("RestrictDomainsToIPAddresses")),
            restrict_to_certificate=_flag(p.get("RestrictDomainsToCertificate")),
            ef_skip_last_ip=_flag(p.get("EFSkipLastIP")),
            ef_skip_ips=_texts(p.get("EFSkipIPs")),
            associated_accepted_domains=tuple(d.lower() for d in _texts(p.get("AssociatedAcceptedDomains"))),
            ef_test_mode=_flag(p.get("EFTestMode")),
            ef_users=_texts(p.get("EFUsers")),
            treat_as_internal=_flag(p.get("TreatMessagesAsInternal")),
            cloud_services_mail_enabled=_flag(p.get("CloudServicesMailEnabled")),
            parameters=kept,
            **common,
        )
    kept = {k: p.get(k) for k in OUTBOUND_PARAMETERS}
    return ExistingConnector(
        "outbound",
        recipient_domains=tuple(d.lower() for d in _texts(p.get("RecipientDomains"))),
        smart_hosts=_texts(p.get("SmartHosts")),
        use_mx_record=_flag(p.get("UseMXRecord")),
        tls_settings=_text(p.get("TlsSettings")),
        tls_domain=_text(p.get("TlsDomain")),
        rule_scoped=_flag(p.get("IsTransportRuleScoped")),
        all_accepted_domains=_flag(p.get("AllAcceptedDomains")),
        route_all_via_on_premises=_flag(p.get("RouteAllMessagesViaOnPremises")),
        cloud_services_mail_enabled=_flag(p.get("CloudServicesMailEnabled")),
        test_mode=_flag(p.get("TestMode")),
        parameters=kept,
        **common,
    )


# How a file was recognised, in the words the reports use (`FileRead.shape`).
@record
class FileRead:
    """What was read from one export file: every report says it, so nothing unread is reported clean."""

    file: str
    shape: str  # collect, scubagear, convertto-json, rest, format-list, microsoft365dsc (report.shapes)
    inbound: int
    outbound: int
    accepted_domains: int | None  # None: the file has no accepted domains

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "shape": self.shape,
            "inbound": self.inbound,
            "outbound": self.outbound,
            "accepted_domains": self.accepted_domains,
        }


@record
class Tenant:
    connectors: list[ExistingConnector]
    accepted_domains: list[str] | None  # None: the export had none (checks that need them are skipped)
    collected: str | None = None  # when the export was taken, if it says
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what reading merged: a file named twice, a duplicate
    read: list[FileRead] = field(default_factory=list)  # what each file gave

    @property
    def inbound(self) -> list[ExistingConnector]:
        return [c for c in self.connectors if c.direction == "inbound"]

    @property
    def outbound(self) -> list[ExistingConnector]:
        return [c for c in self.connectors if c.direction == "outbound"]

    def summary(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "collected": self.collected,
            "inbound_connectors": len(self.inbound),
            "outbound_connectors": len(self.outbound),
            "accepted_domains": self.accepted_domains,
            "read": [r.to_dict() for r in self.read],
        }
