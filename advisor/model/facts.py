"""Facts derived from the answers, each with one name and one definition.

A fact reads answers through a `Lookup` (an answers-file path -> its value, or the key's declared default),
so the same definition serves validated answers (`Answers.lookup`), a file being checked and the wizard's
answers so far (`raw_lookup`). The engine, the validation rules and the wizard's conditions all use these.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Lookup = Callable[[str], Any]


def server(get: Lookup) -> str:
    """The on-premises server kind; 'none' when there is none."""
    return str(get("on_premises.server") or "none")


def has_server(get: Lookup) -> bool:
    return server(get) != "none"


# A multi-tenant cloud mail system is not "your own server": its certificates and addresses are shared by
# every customer (MC1226222), so no connector can identify it and devices cannot relay through it (facts 7.5).
CLOUD_MAIL_SYSTEMS = ("google-workspace",)


def own_server(get: Lookup) -> bool:
    """A server of your own that connectors can identify and devices can relay through."""
    return has_server(get) and server(get) not in CLOUD_MAIL_SYSTEMS


def hybrid_wizard_built_connectors(get: Lookup) -> bool:
    """The Hybrid Configuration Wizard created the connectors (a Full topology on Exchange 2010+)."""
    return (
        get("subscription") == "exchange-online"
        and server(get) == "exchange-2010-or-later"
        and get("on_premises.hybrid_wizard") == "full"
    )


def on_premises_connectors(get: Lookup) -> bool:
    """The plan creates the connectors between Microsoft 365 and your own server."""
    return own_server(get) and not hybrid_wizard_built_connectors(get)


def mx_record_changes(get: Lookup) -> bool:
    """The plan ends by pointing MX at Microsoft 365: connectors to your server, and MX goes there (S2)."""
    return on_premises_connectors(get) and get("organization.mx") == "microsoft-365"


def filtering_service(get: Lookup) -> bool:
    """A third-party filtering service sits between the internet and Microsoft 365 (S12)."""
    return get("filtering_service") is not None


def filtering_service_inbound(get: Lookup) -> bool:
    return filtering_service(get) and get("filtering_service.inbound") is True


def filtering_service_to_server(get: Lookup) -> bool:
    """The filtering service delivers internet mail to your own server, which passes on what is for Exchange
    Online mailboxes (facts 6.1: MX need not move; the advisor keeps the path the organization has)."""
    return (
        filtering_service_inbound(get)
        and own_server(get)
        and get("filtering_service.delivers_to") == "on-premises"
    )


def filtering_service_lockdown(get: Lookup) -> bool:
    """The filtering service delivers to Microsoft 365, which accepts internet mail only from it: the lockdown
    connector (facts 6.1). Not when it delivers to your own server: then nothing comes from it."""
    return filtering_service_inbound(get) and not filtering_service_to_server(get)


def filtering_service_outbound(get: Lookup) -> bool:
    return filtering_service(get) and get("filtering_service.outbound") is True


def devices_present(get: Lookup) -> bool:
    return get("devices.present") is True


def devices_use_on_premises_server(get: Lookup) -> bool:
    """Devices relay through your own server (Microsoft's suggestion when there is one, method auto)."""
    return devices_present(get) and own_server(get) and get("devices.method") == "auto"


def direct_send_blocked(get: Lookup) -> bool:
    """Direct send cannot reach the tenant: a filtering-service lockdown connector rejects it (facts 7.2),
    or RejectDirectSend is on (facts 7.6), or Exchange Online is locked down to your server."""
    return (
        filtering_service_lockdown(get)
        or get("organization.reject_direct_send") is True
        or on_premises_lockdown(get)
    )


def on_premises_lockdown(get: Lookup) -> bool:
    """MX at your server and Exchange Online accepting internet mail only from it (S12, for your server)."""
    return (
        own_server(get)
        and get("organization.mx") == "on-premises"
        and get("on_premises.lock_down_inbound") is True
    )
