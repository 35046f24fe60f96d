"""When each question can matter, and which choices it offers: the model's facts, on the answers so far."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from advisor.model import facts, raw
from advisor.model.answers import raw_lookup
from advisor.model.devices import DEVICE_METHOD, signs_in_with_oauth
from advisor.model.domains import certificate_names
from advisor.model.fields import Option
from advisor.model.on_premises import SERVER
from advisor.model.organization import MX_TARGET
from advisor.model.partners import PARTNER_RESTRICTION, Partner
from advisor.model.processing_services import ProcessingService
from advisor.wizard.question import Condition, State


def fact(check: Callable[[facts.Lookup], bool]) -> Condition:
    """A condition that is one of the model's facts."""
    return lambda state, _partner: check(raw_lookup(state))


def answer_is(path: str, value: object) -> Condition:
    """The answer at `path` (or its declared default) is `value`."""
    return lambda state, _partner: raw_lookup(state)(path) == value


def not_(condition: Condition) -> Condition:
    return lambda state, partner: not condition(state, partner)


def all_of(*conditions: Condition) -> Condition:
    return lambda state, partner: all(condition(state, partner) for condition in conditions)


YES = {True: Option("Yes", ""), False: Option("No", "")}


def yes_only_when(path: str, value: object) -> Callable[[State, State], Mapping[Any, Option]]:
    """Choices of a yes/no question that must be yes when the answer at `path` is `value` (one choice left:
    the wizard applies it without asking)."""

    def options(state: State, _p: State) -> Mapping[Any, Option]:
        return {True: YES[True]} if raw_lookup(state)(path) == value else YES

    return options


def hybrid_question(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    return get("subscription") == "exchange-online" and facts.server(get) == "exchange-2010-or-later"


def server_identity(value: str) -> Condition:
    def check(state: State, _p: State) -> bool:
        get = raw_lookup(state)
        return facts.on_premises_connectors(get) and get("on_premises.identify_by") == value

    return check


def exchange_2010(state: State, _p: State) -> bool:
    return facts.server(raw_lookup(state)) == "exchange-2010-or-later"


def smart_hosts_not_covered(state: State, _p: State) -> bool:
    """The sending certificate does not name every smart host (facts 7.5)."""
    get = raw_lookup(state)
    if not facts.on_premises_connectors(get):
        return False
    name = get("on_premises.certificate_name")
    hosts = [h for h in raw.listing(get("on_premises.smart_hosts")) if isinstance(h, str)]
    return isinstance(name, str) and bool(name) and not all(certificate_names(name, h) for h in hosts)


def send_connector_scope(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    return get("subscription") == "exchange-online" and facts.on_premises_connectors(get)


def tenant_domain(state: State, p: State) -> bool:
    scope = raw_lookup(state)("on_premises.send_connector_scope")
    return send_connector_scope(state, p) and scope == "cloud-mailboxes"


def mx(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    return facts.has_server(get) or facts.filtering_service_inbound(get)


def mx_for(state: State, _p: State) -> Mapping[str, Option]:
    if facts.filtering_service_inbound(raw_lookup(state)):
        return {"filtering-service": MX_TARGET["filtering-service"]}  # the service receives it: MX is there
    return {k: v for k, v in MX_TARGET.items() if k != "filtering-service"}


def cmt(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    return get("subscription") == "exchange-online" and facts.on_premises_connectors(get)


def oauth(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    return facts.devices_present(get) and get("devices.supports_smtp_auth") is True


def oauth_sign_in_wins(get: Any) -> bool:
    """'Let the advisor choose' picks SMTP AUTH with OAuth for these devices whatever else is answered (S4's
    order of preference, as `choose_method` applies it): relay questions cannot matter."""
    ports = str(get("devices.ports") or "not-sure")
    oauth = signs_in_with_oauth(
        get("devices.supports_smtp_auth"), get("devices.supports_oauth"), get("devices.supports_tls12"), ports
    )
    return oauth and get("devices.volume") != "high"  # high volume with relay ready: relay wins


def relay_possible(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    method = get("devices.method")
    return facts.devices_present(get) and (
        method == "smtp-relay"
        or (method == "auto" and not facts.own_server(get) and not oauth_sign_in_wins(get))
    )


def hosting_matters(state: State, _p: State) -> bool:
    """Where the devices run matters only for relay through a connector (S4): not when they relay through
    your own server, nor when signing in with OAuth is what the advisor will choose."""
    get = raw_lookup(state)
    return facts.devices_present(get) and not facts.own_server(get) and not oauth_sign_in_wins(get)


def device_identity(value: str) -> Condition:
    def check(state: State, p: State) -> bool:
        return relay_possible(state, p) and raw_lookup(state)("devices.identify_by") == value

    return check


def device_ips(state: State, p: State) -> bool:
    get = raw_lookup(state)
    direct = facts.devices_present(get) and get("devices.method") == "direct-send"
    return direct or device_identity("ip-addresses")(state, p)


def _partner(p: State, key: str) -> Any:
    return raw.value(p, Partner, key)


def inbound(_s: State, p: State) -> bool:
    return _partner(p, "direction") in ("both", "inbound")


def outbound(_s: State, p: State) -> bool:
    return _partner(p, "direction") in ("both", "outbound")


def restricts(*values: str) -> Condition:
    return lambda s, p: inbound(s, p) and _partner(p, "restrict_by") in values


def partner_domain_validation(s: State, p: State) -> bool:
    return outbound_tls(s, p) and _partner(p, "outbound_tls") == "domain-validation"


def partner_receiving_certificate(s: State, p: State) -> bool:
    return partner_domain_validation(s, p) and _partner(p, "on_microsoft_365") is not True


def outbound_tls(s: State, p: State) -> bool:
    return outbound(s, p) and _partner(p, "require_tls") is True


def servers_for(state: State, _p: State) -> Mapping[str, Option]:
    if state.get("subscription") == "eop-standalone":
        return {k: v for k, v in SERVER.items() if k != "none" and k not in facts.CLOUD_MAIL_SYSTEMS}
    return SERVER


def direct_send_possible(state: State, _p: State) -> bool:
    """Devices may send straight to the MX host: internal recipients, no server to relay through, and no
    filtering-service lockdown that rejects it anyway (facts 7.2)."""
    get = raw_lookup(state)
    return (
        facts.devices_present(get)
        and get("devices.external_recipients") is False
        and not facts.own_server(get)
        and not facts.filtering_service_inbound(get)
    )


def methods_for(state: State, _p: State) -> Mapping[str, Option]:
    """Only the methods these devices can use (S4, S45; facts 7.6)."""
    get = raw_lookup(state)
    signs_in = get("devices.supports_smtp_auth") is True and get("devices.supports_tls12") is not False
    internal = get("devices.external_recipients") is False
    unavailable = set()
    if not signs_in:
        unavailable |= {"smtp-auth", "high-volume-email"}
    if not internal:
        unavailable |= {"direct-send", "high-volume-email"}
    elif facts.direct_send_blocked(get):
        unavailable.add("direct-send")
    return {k: v for k, v in DEVICE_METHOD.items() if k not in unavailable}


def tls_for(s: State, p: State) -> Mapping[Any, Option]:
    """Mail from a partner on Microsoft 365 can only be secured by TLS (facts 7.1): yes is the one choice."""
    if _partner(p, "on_microsoft_365") is True and inbound(s, p):
        return {True: YES[True]}
    return YES


def restrictions_for(_s: State, p: State) -> Mapping[str, Option]:
    if _partner(p, "on_microsoft_365") is True:  # shared ranges and certificate cannot identify them (7.1)
        return {"none": PARTNER_RESTRICTION["none"]}
    if _partner(p, "require_tls") is True:
        return PARTNER_RESTRICTION
    return {"ip-addresses": PARTNER_RESTRICTION["ip-addresses"]}  # without TLS only IPs can restrict


def entry_is(key: str, value: object) -> Condition:
    """A processing service's own answer (or its declared default) is `value`."""
    return lambda _s, entry: raw.value(entry, ProcessingService, key) == value
