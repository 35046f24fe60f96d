"""What the generated scripts need beyond the plan: the settings that make `Set-*` converge, and which
recipients validate which outbound connector. Data only; the templates write the PowerShell.

A connector that already exists is brought to the planned state (`advisor.model.convergence`). Only
parameters the `Set-*` cmdlet accepts are used (tests check cmdlet-parameters.json).
"""

from __future__ import annotations

from typing import Any

from advisor.model.convergence import rule_update_parameters, update_parameters
from advisor.model.domains import without_wildcard
from advisor.model.plan import Connector, OnPremisesSide, Plan


def onprem_script_needed(plan: Plan) -> bool:
    """Whether the plan has an Exchange side, written as its own script (`<stem>.onprem.ps1`)."""
    return plan.on_premises_side is not None and bool(plan.on_premises_side.parameters)


def onprem_script_name(script_name: str) -> str:
    """acme.ps1 -> acme.onprem.ps1"""
    stem = script_name[: -len(".ps1")] if script_name.lower().endswith(".ps1") else script_name
    return f"{stem}.onprem.ps1"


def send_connector_settings(side: OnPremisesSide) -> list[str]:
    """What the on-premises script writes on an existing send connector, so what its rollback gives back:
    the planned settings, Enabled, and the values looked up on the server."""
    keys = [k for k in side.parameters if k != "Name"] + ["Enabled"]
    if side.certificate_lookup:
        keys.append("TlsCertificateName")
    if side.transport_servers_cmdlet:
        keys.append("SourceTransportServers")
    if side.cloud_services_mail:
        keys.append("CloudServicesMailEnabled")
    return keys


def recipient_patterns(domains: list[str]) -> list[str]:
    """`-like` patterns for mailboxes in the domains a connector delivers to (`*` matches every address)."""
    return ["*@*" if d == "*" else f"*@{d}" for d in domains]


def _validation(connector: Connector, plan: Plan) -> dict[str, Any]:
    value = connector.parameters.get("RecipientDomains", [])
    domains = [str(d) for d in value] if isinstance(value, list) else []
    every = not domains or "*" in domains  # all mail: any mailbox on the far side will do
    example_domain = plan.domains[0] if every else domains[0]
    return {
        "connector": connector,
        "domains": ["any domain"] if every else domains,
        "patterns": ["*@*"] if every else recipient_patterns(domains),
        # every mail domain has a postmaster (RFC 5321 section 4.5.1)
        "example": "postmaster@" + without_wildcard(example_domain),
    }


def script_context(plan: Plan) -> dict[str, Any]:
    """The script template's view of the plan: per connector its update arguments, per outbound connector
    the domains whose mailboxes can validate it."""
    return {
        "updates": {c.name: update_parameters(c) for c in plan.connectors},
        "rule_updates": {r.name: rule_update_parameters(r) for r in plan.rules},
        "required_domains": [*plan.domains, *plan.new_accepted_domains],
        "validations": [_validation(c, plan) for c in plan.connectors if c.direction == "outbound"],
    }
