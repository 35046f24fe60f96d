"""The words the plan and the answers format are made of, as types (mypy checks every use)."""

from __future__ import annotations

from typing import Literal, get_args

Verdict = Literal["not-needed", "optional", "managed-by-hybrid-wizard", "required"]
VERDICT_STRENGTH: tuple[Verdict, ...] = get_args(Verdict)  # weakest first: the plan takes the strongest

Severity = Literal["critical", "warning", "info"]
SEVERITY_ORDER: tuple[Severity, ...] = get_args(Severity)  # most severe first

Direction = Literal["inbound", "outbound"]  # inbound = into Microsoft 365, outbound = out of it

# Cmdlet values: a connector's type, and how an outbound connector checks the receiving certificate (S19).
ConnectorType = Literal["OnPremises", "Partner"]
CONNECTOR_TYPES: tuple[ConnectorType, ...] = get_args(ConnectorType)
TlsSetting = Literal["EncryptionOnly", "CertificateValidation", "DomainValidation"]
TLS_SETTINGS: tuple[TlsSetting, ...] = get_args(TlsSetting)
CERTIFICATE_CHECKING: tuple[TlsSetting, ...] = ("CertificateValidation", "DomainValidation")

# A handout's status in its document control; the first is the default.
DocumentStatus = Literal["Draft", "Final"]
DOCUMENT_STATUSES: tuple[DocumentStatus, ...] = get_args(DocumentStatus)

# The scenarios, in plan order; scenario `x-y` is the module advisor/advice/scenarios/x_y.py.
ScenarioId = Literal[
    "cloud-only",
    "standalone-eop",
    "hybrid",
    "filtering-service",
    "processing-service",
    "device-relay",
    "partner-tls",
]
SCENARIO_IDS: tuple[ScenarioId, ...] = get_args(ScenarioId)


# The admin center's end points (the seed article's "from" and "to").
EndPoint = Literal["Office 365", "Your organization's email server", "Partner organization"]
OFFICE_365: EndPoint = "Office 365"
YOUR_SERVER: EndPoint = "Your organization's email server"
PARTNER_ORG: EndPoint = "Partner organization"

# How an answers-file key is typed.
FieldKind = Literal["text", "bool", "choice", "list", "section", "sections", "const"]
# How a connector recognises the server that sends to it (the on-premises server, devices).
SenderIdentity = Literal["certificate", "ip-addresses"]
