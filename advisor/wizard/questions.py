"""The wizard's question bank, as data (copier's copier.yml is the model).

Each question is keyed by the answers-file path it fills (`on_premises.server`, `partners.name` for
every partner). Choices, defaults and validators come from the key's declaration in `advisor.model`,
so the wizard and the answers file can never disagree. `when` decides whether a question can matter
given the answers so far (through the model's facts); questions that cannot matter are never asked and
their answers are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from advisor.model import facts, raw
from advisor.model.answers import field_at, raw_lookup
from advisor.model.devices import DEVICE_METHOD
from advisor.model.fields import Field, Option
from advisor.model.on_premises import SERVER
from advisor.model.partners import PARTNER_RESTRICTION, Partner
from advisor.model.validators import InvalidValue, split_list

State = dict[str, Any]
Condition = Callable[[State, State], bool]  # (answers so far, the current partner or {})
PromptKind = Literal["select", "confirm", "list", "text"]


def _always(_state: State, _partner: State) -> bool:
    return True


def _never(_state: State, _partner: State) -> bool:
    return False


@dataclass(frozen=True)
class Question:
    id: str  # the answers-file path; "partners.x" is asked once per partner
    text: str
    help: str
    when: Condition = _always
    optional: Condition = _never  # text and lists: an empty answer leaves the key out
    options: Callable[[State, State], Mapping[str, Option]] | None = None  # narrows the choices
    default: Any = None  # the wizard's default when neither the answers nor the key give one

    @property
    def field(self) -> Field:
        found = field_at(self.id)
        assert found is not None, self.id
        return found

    @property
    def kind(self) -> PromptKind:
        kinds: dict[str, PromptKind] = {"choice": "select", "bool": "confirm", "list": "list"}
        return kinds.get(self.field.kind, "text")

    @property
    def key(self) -> str:
        return self.id.split(".")[-1]

    @property
    def repeated(self) -> bool:
        return self.id.startswith("partners.")

    def choices_for(self, state: State, partner: State | None = None) -> Mapping[str, Option]:
        if self.options is not None:
            return self.options(state, partner or {})
        assert self.field.choices is not None
        return self.field.choices

    def parse(self, text: str, optional: bool = False) -> Any:
        """Turn what was typed into the answer's value; raise InvalidValue with a one-line reason."""
        f = self.field
        accepted = f.accepted or ""
        if self.kind == "list":
            items = split_list(text)
            if not items and (f.min_items or not optional):
                raise InvalidValue("give at least one value (separate several with commas)", accepted)
            out = []
            for item in items:
                try:
                    out.append(f.check.parse(item) if f.check else item)
                except InvalidValue as exc:
                    raise InvalidValue(f"{item}: {exc.reason}", exc.accepted) from None
            if len(set(out)) != len(out):
                raise InvalidValue("a value is listed twice", accepted)
            return out
        value = text.strip()
        if not value:
            if optional:
                return None
            raise InvalidValue("an answer is required", accepted)
        return f.check.parse(value) if f.check else value


# -- conditions: the model's facts, read from the answers so far -------------------------------------


def _fact(fact: Callable[[facts.Lookup], bool]) -> Condition:
    return lambda state, _partner: fact(raw_lookup(state))


def _hybrid_question(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    return get("subscription") == "exchange-online" and facts.server(get) == "exchange-2010-or-later"


def _server_identity(value: str) -> Condition:
    def check(state: State, _p: State) -> bool:
        get = raw_lookup(state)
        return facts.on_premises_connectors(get) and get("on_premises.identify_by") == value

    return check


def _cmt(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    return get("subscription") == "exchange-online" and facts.on_premises_connectors(get)


def _oauth(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    return facts.devices_present(get) and get("devices.supports_smtp_auth") is True


def _relay_possible(state: State, _p: State) -> bool:
    get = raw_lookup(state)
    method = get("devices.method")
    return facts.devices_present(get) and (
        method == "smtp-relay" or (method == "auto" and not facts.has_server(get))
    )


def _device_identity(value: str) -> Condition:
    def check(state: State, p: State) -> bool:
        return _relay_possible(state, p) and raw_lookup(state)("devices.identify_by") == value

    return check


def _device_ips(state: State, p: State) -> bool:
    get = raw_lookup(state)
    direct = facts.devices_present(get) and get("devices.method") == "direct-send"
    return direct or _device_identity("ip-addresses")(state, p)


def _partner(p: State, key: str) -> Any:
    return raw.value(p, Partner, key)


def _inbound(_s: State, p: State) -> bool:
    return _partner(p, "direction") in ("both", "inbound")


def _outbound(_s: State, p: State) -> bool:
    return _partner(p, "direction") in ("both", "outbound")


def _restricts(*values: str) -> Condition:
    return lambda s, p: _inbound(s, p) and _partner(p, "restrict_by") in values


def _partner_domain_validation(s: State, p: State) -> bool:
    return _outbound_tls(s, p) and _partner(p, "outbound_tls") == "domain-validation"


def _partner_certificate(s: State, p: State) -> bool:
    return _restricts("certificate", "both")(s, p) or _partner_domain_validation(s, p)


def _partner_certificate_optional(s: State, p: State) -> bool:
    """Only outbound domain validation uses the name: the partner's domain stands in when it is empty."""
    return not _restricts("certificate", "both")(s, p)


def _outbound_tls(s: State, p: State) -> bool:
    return _outbound(s, p) and _partner(p, "require_tls") is True


def _servers_for(state: State, _p: State) -> Mapping[str, Option]:
    if state.get("subscription") == "eop-standalone":
        return {k: v for k, v in SERVER.items() if k != "none"}
    return SERVER


def _methods_for(state: State, _p: State) -> Mapping[str, Option]:
    if raw_lookup(state)("devices.supports_smtp_auth") is True:
        return DEVICE_METHOD
    return {k: v for k, v in DEVICE_METHOD.items() if k != "smtp-auth"}


def _restrictions_for(_s: State, p: State) -> Mapping[str, Option]:
    if _partner(p, "require_tls") is True:
        return PARTNER_RESTRICTION
    return {"ip-addresses": PARTNER_RESTRICTION["ip-addresses"]}  # without TLS only IPs can restrict


# -- the bank, in the seed article's decision order -------------------------------------------------

QUESTIONS: tuple[Question, ...] = (
    Question(
        "organization.name",
        "What is your organisation's name?",
        "Used in file names, handouts and connector comments.",
    ),
    Question(
        "organization.domains",
        "Which email domains does your organisation use?",
        "Your accepted domains in Microsoft 365, separated by commas (contoso.com, contoso.co.uk).",
    ),
    Question(
        "subscription",
        "Which Microsoft 365 service handles your mail?",
        "Standalone EOP means every mailbox stays on your own servers and Microsoft 365 only filters mail.",
    ),
    Question(
        "on_premises.server",
        "Do you have your own (on-premises) email server?",
        "Where some or all mailboxes live outside Microsoft 365: 'Your organization's email server'.",
        options=_servers_for,
        default="none",
    ),
    Question(
        "on_premises.hybrid_wizard",
        "Has the Hybrid Configuration Wizard been run?",
        "Only its Classic Full and Modern Full topologies create connectors.",
        when=_hybrid_question,
    ),
    Question(
        "on_premises.identify_by",
        "How should Microsoft 365 recognise mail from your server?",
        "A certificate is Microsoft's recommendation; IP addresses must be static and yours alone.",
        when=_fact(facts.on_premises_connectors),
    ),
    Question(
        "on_premises.certificate_name",
        "What name is on your server's TLS certificate?",
        "The subject or SAN name, in one of your domains: mail.contoso.com or *.contoso.com.",
        when=_server_identity("certificate"),
    ),
    Question(
        "on_premises.ip_addresses",
        "Which public IP addresses does your server send from?",
        "Public IPv4 addresses or CIDR blocks /24 to /32, separated by commas. Private addresses "
        "(10.x, 192.168.x) are never seen by Microsoft 365.",
        when=_server_identity("ip-addresses"),
    ),
    Question(
        "on_premises.smart_hosts",
        "Where should Microsoft 365 deliver mail for your server?",
        "Host names or public IP addresses of your server, separated by commas (mail.contoso.com).",
        when=_fact(facts.on_premises_connectors),
    ),
    Question(
        "on_premises.centralized_mail_transport",
        "Must all mail from Exchange Online mailboxes go through your server (centralized mail transport)?",
        "Only for specific compliance needs; it loads your servers and makes cloud mail depend on them.",
        when=_cmt,
    ),
    Question(
        "devices.present",
        "Do printers, scanners or applications send email?",
        "Multifunction devices, line-of-business applications, monitoring systems...",
    ),
    Question(
        "devices.external_recipients",
        "Must they email people outside your organisation?",
        "Direct send cannot reach external recipients.",
        when=_fact(facts.devices_present),
    ),
    Question(
        "devices.supports_smtp_auth",
        "Can they sign in with a user name and password (SMTP AUTH)?",
        "Port 587 with TLS 1.2 and a licensed mailbox. A device that only offers port 465 cannot.",
        when=_fact(facts.devices_present),
    ),
    Question(
        "devices.supports_oauth",
        "Can they sign in with OAuth (modern authentication)?",
        "Basic authentication for SMTP AUTH is being retired; OAuth keeps working.",
        when=_oauth,
    ),
    Question(
        "devices.third_party_hosted",
        "Do they run in a hosted service such as Azure, not on your network?",
        "Microsoft does not support SMTP relay from third-party hosted services.",
        when=_fact(facts.devices_present),
    ),
    Question(
        "devices.method",
        "How should they send?",
        "'Let the advisor choose' picks from your answers above.",
        when=_fact(facts.devices_present),
        options=_methods_for,
    ),
    Question(
        "devices.identify_by",
        "How should a relay connector recognise them?",
        "A static public IP address only your organisation uses, or a certificate in your domain.",
        when=_relay_possible,
    ),
    Question(
        "devices.ip_addresses",
        "Which static public IP addresses does their mail leave from?",
        "Public IPv4 addresses or CIDR blocks /24 to /32, separated by commas; leave empty if none.",
        when=_device_ips,
        optional=_always,
    ),
    Question(
        "devices.certificate_name",
        "What name is on the certificate they present?",
        "A name in one of your domains, such as relay.contoso.com.",
        when=_device_identity("certificate"),
    ),
    Question("partners.name", "What is the partner organization called?", "Used in the connector names."),
    Question(
        "partners.domains",
        "Which email domains does the partner use?",
        "Separated by commas; *.contosobank.com also covers its subdomains.",
    ),
    Question(
        "partners.direction",
        "Which mail should the connectors secure?",
        "Inbound: Partner organization -> Office 365; outbound: Office 365 -> Partner organization.",
    ),
    Question(
        "partners.require_tls",
        "Require TLS for mail with this partner?",
        "Exchange Online already uses TLS when the other side offers it; a connector makes it mandatory.",
    ),
    Question(
        "partners.restrict_by",
        "Reject the partner's mail unless it comes from their servers?",
        "Identify their servers by certificate or IP addresses; miss one of their IPs and mail is lost.",
        when=_inbound,
        options=_restrictions_for,
    ),
    Question(
        "partners.outbound_tls",
        "How strictly should mail to them check their certificate?",
        "Certificate validation is the usual choice for a bank or a service provider.",
        when=_outbound_tls,
    ),
    Question(
        "partners.certificate_name",
        "What name is on the partner's TLS certificate?",
        "mail.contosobank.com or *.contosobank.com. For outbound checks it defaults to their domain.",
        when=_partner_certificate,
        optional=_partner_certificate_optional,
    ),
    Question(
        "partners.ip_addresses",
        "Which public IP addresses does the partner send from?",
        "Public IPv4 addresses or CIDR blocks /24 to /32, separated by commas.",
        when=_restricts("ip-addresses", "both"),
    ),
    Question(
        "partners.smart_hosts",
        "Deliver to specific hosts instead of the partner's MX records?",
        "Host names or public IPs, separated by commas; leave empty to use their MX.",
        when=_outbound,
        optional=_always,
    ),
)

PARTNER_QUESTIONS = tuple(q for q in QUESTIONS if q.repeated)
ADD_PARTNER = "Add a partner organization that needs TLS or restricted mail flow?"
ADD_ANOTHER_PARTNER = "Add another partner organization?"


def question(question_id: str) -> Question:
    return next(q for q in QUESTIONS if q.id == question_id)
