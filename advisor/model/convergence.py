"""What "brought to the planned settings" means for a connector or mail flow rule that already exists.

Every planned parameter, `Enabled $true`, and every restriction the plan does not use cleared, so a re-run
never leaves a stale setting behind (issue 11). The plan script's `Set-*` path, `diff`'s comparison and its
converging script all use these lists: what `diff` calls "in step" is what the scripts would leave (issue 19).
"""

from __future__ import annotations

from advisor.model.plan import Connector, ParameterValue, Rule

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
