"""Export records as Exchange Online writes them, and running the tool on them: shared by the tenant tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from advisor.inputs.exports import load_exports
from advisor.model.convergence import update_parameters
from advisor.model.tenant import INBOUND_PARAMETERS, OUTBOUND_PARAMETERS, Tenant
from tests.conftest import ROOT

EXPORTS = Path(__file__).parent.parent / "data" / "exports"


def advisor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )


def write(tmp_path: Path, name: str, data: Any, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding=encoding)
    return str(path)


def inbound(name: str = "Partner A", **fields: Any) -> dict[str, Any]:
    record = {
        "Name": name,
        "Identity": name,
        "Enabled": True,
        "ConnectorType": "Partner",
        "ConnectorSource": "AdminUI",
        "Comment": "",
        "SenderDomains": ["smtp:contosobank.com;1"],
        "SenderIPAddresses": [],
        "TlsSenderCertificateName": None,
        "RequireTls": True,
        "RestrictDomainsToIPAddresses": False,
        "RestrictDomainsToCertificate": False,
        "EFSkipLastIP": False,
        "EFSkipIPs": [],
    }
    record.update(fields)
    return record


def outbound(name: str = "To partner", **fields: Any) -> dict[str, Any]:
    record = {
        "Name": name,
        "Enabled": True,
        "ConnectorType": "Partner",
        "ConnectorSource": "AdminUI",
        "Comment": "",
        "RecipientDomains": ["contosobank.com"],
        "SmartHosts": [],
        "UseMXRecord": True,
        "TlsSettings": "DomainValidation",
        "TlsDomain": "mx.contosobank.com",
        "IsTransportRuleScoped": False,
        "AllAcceptedDomains": False,
        "RouteAllMessagesViaOnPremises": False,
    }
    record.update(fields)
    return record


ONPREM = {"ConnectorType": "OnPremises", "SenderDomains": ["smtp:*;1"], "RequireTls": True}
DOMAINS = [
    {"DomainName": d, "DomainType": "Authoritative"} for d in ("contoso.com", "contoso.onmicrosoft.com")
]


def tenant_of(
    tmp_path: Path, inbound_: list[dict[str, Any]], outbound_: list[dict[str, Any]], domains: Any = DOMAINS
) -> Tenant:
    data: dict[str, Any] = {"collected": "2026-11-27T00:00:00Z", "inbound": inbound_, "outbound": outbound_}
    if domains is not None:
        data["accepted_domains"] = domains
    return load_exports([write(tmp_path, "export.json", data)])


def export_of_plan(plan: Any, tmp_path: Path, change: tuple[str, str, Any] | None = None) -> str:
    """An export as collect would write it for a tenant made exactly from the plan."""
    records: dict[str, list[dict[str, Any]]] = {"inbound": [], "outbound": []}
    for c in plan.connectors:
        # Get-*Connector writes every property: the planned ones, and the rest at their cleared values.
        every = INBOUND_PARAMETERS if c.direction == "inbound" else OUTBOUND_PARAMETERS
        record: dict[str, Any] = {k: None for k in every}
        record.update({k: v for k, v in update_parameters(c).items()})
        record["Name"] = c.name
        record["Enabled"] = True
        record["ConnectorSource"] = "AdminUI"
        if c.direction == "inbound":
            record["SenderDomains"] = [f"smtp:{d};1" for d in record.get("SenderDomains", [])]
        if change and change[0] == c.name:
            record[change[1]] = change[2]
        records[c.direction].append(record)
    domains = [{"DomainName": d, "DomainType": "Authoritative"} for d in plan.domains]
    return write(tmp_path, "own.json", {**records, "accepted_domains": domains})
