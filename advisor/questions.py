"""The wizard's question bank, as data (copier's copier.yml is the model).

Each question is keyed by the answers-file path it fills (`on_premises.server`, `partners.name` for
every partner). Choices, defaults and validators come from the answers table in `advisor.answers`,
so the wizard and the answers file can never disagree. `when` decides whether a question can matter
given the answers so far; questions that cannot matter are never asked and their answers are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from advisor import choices
from advisor.answers import Field, field_at, hybrid_wizard_built_connectors
from advisor.validators import InvalidValue, split_list

State = dict[str, Any]
Condition = Callable[[State, State], bool]  # (answers so far, the current partner or {})


def _always(_state: State, _partner: State) -> bool:
    return True


@dataclass(frozen=True)
class Question:
    id: str  # the answers-file path; "partners.x" is asked once per partner
    text: str
    help: str
    when: Condition = _always
    optional: bool = False  # text and lists: an empty answer leaves the key out
    options: Callable[[State, State], Mapping[str, choices.Option]] | None = None  # narrows the choices
    default: Any = None  # the wizard's default when neither the answers nor the field give one

    @property
    def field(self) -> Field:
        found = field_at(self.id)
        assert found is not None, self.id
        return found

    @property
    def kind(self) -> str:
        return {"choice": "select", "bool": "confirm", "list": "list"}.get(self.field.kind, "text")

    @property
    def key(self) -> str:
        return self.id.split(".")[-1]

    @property
    def repeated(self) -> bool:
        return self.id.startswith("partners.")

    def choices_for(self, state: State, partner: State | None = None) -> Mapping[str, choices.Option]:
        if self.options is not None:
            return self.options(state, partner or {})
        assert self.field.choices is not None
        return self.field.choices

    def parse(self, text: str) -> Any:
        """Turn what was typed into the answer's value; raise InvalidValue with a one-line reason."""
        f = self.field
        if self.kind == "list":
            items = split_list(text)
            if not items and (f.min_items or not self.optional):
                raise InvalidValue("give at least one value (separate several with commas)", f.accepted or "")
            out = []
            for item in items:
                try:
                    out.append(f.check(item) if f.check else item)
                except InvalidValue as exc:
                    raise InvalidValue(f"{item}: {exc.reason}", exc.accepted) from None
            if len(set(out)) != len(out):
                raise InvalidValue("a value is listed twice", f.accepted or "")
            return out
        value = text.strip()
        if not value:
            if self.optional:
                return None
            raise InvalidValue("an answer is required", f.accepted or "")
        return f.check(value) if f.check else value


# -- conditions ------------------------------------------------------------------------------------


def _server(state: State) -> str:
    return (state.get("on_premises") or {}).get("server", "none")


def _has_server(state: State, _p: State) -> bool:
    return _server(state) != "none"


def _hybrid_question(state: State, _p: State) -> bool:
    return state.get("subscription") == "exchange-online" and _server(state) == "exchange-2010-or-later"


def _needs_server_connectors(state: State, _p: State) -> bool:
    return _has_server(state, _p) and not hybrid_wizard_built_connectors(state)


def _server_identity(value: str) -> Condition:
    def check(state: State, p: State) -> bool:
        return _needs_server_connectors(state, p) and state["on_premises"].get("identify_by") == value

    return check


def _cmt(state: State, p: State) -> bool:
    return state.get("subscription") == "exchange-online" and _needs_server_connectors(state, p)


def _devices(state: State) -> State:
    return state.get("devices") or {}


def _has_devices(state: State, _p: State) -> bool:
    return _devices(state).get("present") is True


def _oauth(state: State, p: State) -> bool:
    return _has_devices(state, p) and _devices(state).get("supports_smtp_auth") is True


def _relay_possible(state: State, p: State) -> bool:
    d = _devices(state)
    if not _has_devices(state, p):
        return False
    method = d.get("method", "auto")
    return method == "smtp-relay" or (method == "auto" and _server(state) == "none")


def _device_identity(value: str) -> Condition:
    def check(state: State, p: State) -> bool:
        return _relay_possible(state, p) and _devices(state).get("identify_by", "ip-addresses") == value

    return check


def _device_ips(state: State, p: State) -> bool:
    direct = _has_devices(state, p) and _devices(state).get("method") == "direct-send"
    return direct or _device_identity("ip-addresses")(state, p)


def _inbound(_s: State, p: State) -> bool:
    return p.get("direction", "both") in ("both", "inbound")


def _outbound(_s: State, p: State) -> bool:
    return p.get("direction", "both") in ("both", "outbound")


def _restricts(*values: str) -> Condition:
    return lambda s, p: _inbound(s, p) and p.get("restrict_by", "none") in values


def _partner_certificate(s: State, p: State) -> bool:
    return _restricts("certificate", "both")(s, p) or _partner_domain_validation(s, p)


def _partner_domain_validation(s: State, p: State) -> bool:
    return _outbound(s, p) and p.get("require_tls", True) and p.get("outbound_tls") == "domain-validation"


def _outbound_tls(s: State, p: State) -> bool:
    return _outbound(s, p) and p.get("require_tls", True) is True


def _servers_for(state: State, _p: State) -> Mapping[str, choices.Option]:
    if state.get("subscription") == "eop-standalone":
        return {k: v for k, v in choices.SERVER.items() if k != "none"}
    return choices.SERVER


def _methods_for(state: State, _p: State) -> Mapping[str, choices.Option]:
    if _devices(state).get("supports_smtp_auth") is True:
        return choices.DEVICE_METHOD
    return {k: v for k, v in choices.DEVICE_METHOD.items() if k != "smtp-auth"}


def _restrictions_for(_s: State, p: State) -> Mapping[str, choices.Option]:
    if p.get("require_tls", True) is True:
        return choices.PARTNER_RESTRICTION
    return {"ip-addresses": choices.PARTNER_RESTRICTION["ip-addresses"]}  # without TLS only IPs can restrict


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
        when=_needs_server_connectors,
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
        when=_needs_server_connectors,
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
        when=_has_devices,
    ),
    Question(
        "devices.supports_smtp_auth",
        "Can they sign in with a user name and password (SMTP AUTH)?",
        "Port 587 with TLS 1.2 and a licensed mailbox. A device that only offers port 465 cannot.",
        when=_has_devices,
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
        when=_has_devices,
    ),
    Question(
        "devices.method",
        "How should they send?",
        "'Let the advisor choose' picks from your answers above.",
        when=_has_devices,
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
        optional=True,
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
        optional=True,
    ),
)

PARTNER_QUESTIONS = tuple(q for q in QUESTIONS if q.repeated)
ADD_PARTNER = "Add a partner organization that needs TLS or restricted mail flow?"
ADD_ANOTHER_PARTNER = "Add another partner organization?"


def question(question_id: str) -> Question:
    return next(q for q in QUESTIONS if q.id == question_id)


def optional_partner_certificate(state: State, partner: State) -> bool:
    """The partner certificate name may be left empty when only outbound domain validation uses it."""
    return not _restricts("certificate", "both")(state, partner)
