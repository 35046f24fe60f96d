"""What "brought to the planned settings" means for a connector or mail flow rule that already exists.

Every planned parameter, `Enabled $true`, and every restriction the plan does not use cleared, so a re-run
never leaves a stale setting behind. The plan script's `Set-*` path, `diff`'s comparison and its
converging script all use these lists: what `diff` calls "in step" is what the scripts would leave.
"""

from __future__ import annotations

from advisor.model.plan import Connector, ParameterValue, Rule
from advisor.model.tenant import INBOUND_PARAMETERS, OUTBOUND_PARAMETERS

# The restrictions (what limits the mail a connector accepts or how it delivers) and their cleared values.
CLEARED_WHEN_UNPLANNED: dict[str, dict[str, ParameterValue | None]] = {
    "inbound": {
        "SenderIPAddresses": None,
        "TlsSenderCertificateName": None,
        "RestrictDomainsToIPAddresses": False,
        "RestrictDomainsToCertificate": False,
        "RequireTls": False,
        "AssociatedAcceptedDomains": None,
        "EFSkipIPs": None,
        "EFSkipLastIP": False,
    },
    "outbound": {
        "SmartHosts": None,
        "TlsSettings": None,
        "TlsDomain": None,
        "IsTransportRuleScoped": False,
        "RouteAllMessagesViaOnPremises": False,
        "AllAcceptedDomains": False,
        "TestMode": False,
    },
}

# A mail flow rule brought to the planned settings: conditions the plan does not use are cleared.
RULE_CLEARED_WHEN_UNPLANNED: dict[str, ParameterValue | None] = {"FromMemberOf": None}


def update_parameters(connector: Connector) -> dict[str, ParameterValue | None]:
    """The `Set-*Connector` arguments that bring an existing connector to exactly the planned settings."""
    settings: dict[str, ParameterValue | None] = {
        k: v for k, v in connector.parameters.items() if k != "Name"
    }
    settings["Enabled"] = True
    for key, cleared in CLEARED_WHEN_UNPLANNED[connector.direction].items():
        settings.setdefault(key, cleared)
    return settings


def rule_update_parameters(rule: Rule) -> dict[str, ParameterValue | None]:
    """The `Set-TransportRule` arguments that bring an existing rule to exactly the planned settings."""
    settings: dict[str, ParameterValue | None] = {k: v for k, v in rule.parameters.items() if k != "Name"}
    for key, cleared in RULE_CLEARED_WHEN_UNPLANNED.items():
        settings.setdefault(key, cleared)
    return settings


# What a rollback gives back to a connector or rule that a run updated, by the kind the backup records:
# every setting any of the tool's scripts may write on it (the plan script's Set-* path, diff's converging
# script), read from the copy saved before the run. One list per kind, so a backup from any Exchange Online
# script can be rolled back by any other. Tests check each covers `update_parameters`.
RESTORED_SETTINGS: dict[str, tuple[str, ...]] = {
    # the settings `diff` reads from an export are the ones the scripts write, so one list serves both
    "InboundConnector": (*INBOUND_PARAMETERS, "Enabled"),
    "OutboundConnector": (*OUTBOUND_PARAMETERS, "Enabled"),
    "TransportRule": (
        "FromScope",
        "FromMemberOf",
        "ExceptIfHeaderContainsMessageHeader",
        "ExceptIfHeaderContainsWords",
        "RouteMessageOutboundConnector",
        "Mode",
        "Comments",
    ),
}
BACKUP_FORMAT = "connector-advisor backup 2"  # the record every script writes and every -Rollback reads
