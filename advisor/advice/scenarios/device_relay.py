"""Scenario device-relay: printers, scanners and applications that send mail (S1, S4, S5).

Microsoft's three options: SMTP AUTH client submission, direct send, SMTP relay through a connector.
With a server of your own, devices relay through it (S4).
"""

from __future__ import annotations

from dataclasses import replace

from advisor.advice import catalogue
from advisor.advice.part import ConnectorNames, Part, Phase, connector, mx_endpoint
from advisor.advice.sender_identity import identify
from advisor.model.addresses import networks_overlap
from advisor.model.answers import Answers
from advisor.model.devices import ChosenDeviceMethod, Devices, port_allows, signs_in_with_oauth
from advisor.model.plan import Scenario, Step
from advisor.model.vocabulary import OFFICE_365, YOUR_SERVER, Severity


def contribute(answers: Answers, names: ConnectorNames) -> Part:
    part = Part()
    d = answers.devices
    if d is None or not d.present:
        return part
    if answers.devices_use_on_premises_server:
        why = catalogue.reason("scenarios.devices-via-on-premises")
        part.scenarios.append(
            Scenario("device-relay", "not-needed", why.text, why.source, method="smtp-relay")
        )
        part.warn(catalogue.warning("devices-via-on-premises"))
        part.add_step(Phase.DEVICES, catalogue.step("steps.devices-via-on-premises"))
        return part
    method, because = choose_method(d, part, blocked=answers.direct_send_blocked)
    _assumed_sign_in(d, method, part)
    if method == "smtp-relay":
        why = catalogue.reason("scenarios.devices-smtp-relay", why=because)
        _relay_connector(answers, d, part, names)
        part.spf_mechanisms += [f"ip4:{ip}" for ip in d.ip_addresses]
        part.add_step(Phase.DEVICES, _to_mx_step(answers, internal_only=False))
    elif method == "direct-send" and answers.direct_send_blocked:
        why = catalogue.reason("scenarios.devices-direct-send-rejected", why=because)
        _direct_send(answers, d, part)
    elif method == "direct-send":
        why = catalogue.reason("scenarios.devices-direct-send", why=because)
        _direct_send(answers, d, part)
    elif method == "smtp-auth":
        why = catalogue.reason("scenarios.devices-smtp-auth", why=because)
        if d.volume == "high":
            part.warn(catalogue.warning("devices-beyond-smtp-auth-limits"))
        if not d.supports_oauth:
            advice = catalogue.text("phrases.basic-auth-only")
            part.warn(catalogue.warning("smtp-auth-basic-retirement", severity="critical", advice=advice))
        part.add_step(Phase.DEVICES, catalogue.step("steps.devices-smtp-auth"))
    elif method == "high-volume-email":
        why = catalogue.reason("scenarios.devices-high-volume-email", why=because)
        part.warn(catalogue.warning("high-volume-email-internal-only"))
        part.add_step(Phase.DEVICES, catalogue.step("steps.devices-high-volume-email"))
    else:
        why = catalogue.reason("scenarios.devices-no-option", why=because)
        part.warn(catalogue.warning("no-device-option", why=because))
    part.scenarios.append(Scenario("device-relay", "optional", why.text, why.source, method=method))
    return part


def _assumed_sign_in(d: Devices, method: ChosenDeviceMethod | None, part: Part) -> None:
    """An answer the admin was not sure of (`not-sure`, read as None): what the plan assumed, and how to find
    out first (S4)."""
    if not d.sign_in_unsure:
        return
    if d.supports_smtp_auth is None:
        what = catalogue.text("phrases.sign-in-smtp-auth")
    else:
        what = catalogue.text("phrases.sign-in-oauth")
    words = catalogue.answer_word("method", method) if method else ""
    planned = catalogue.text("phrases.method-assumed", method=words) if method else ""
    part.warn(catalogue.warning("devices-sign-in-not-sure", what=what, method=planned))
    part.add_step(Phase.DECIDE, catalogue.step("steps.find-out-device-sign-in", what=what))


def choice_rests_on_not_sure(answers: Answers) -> bool:
    """Whether the method the advisor chose would differ had the admin answered yes where they were not sure
    the devices can sign in: the plan's connector then rests on that assumption, and says so up front."""
    d = answers.devices
    if d is None or d.method != "auto" or not d.sign_in_unsure:
        return False
    blocked = answers.direct_send_blocked
    return (
        choose_method(d, Part(), blocked=blocked)[0] != choose_method(_if_yes(d), Part(), blocked=blocked)[0]
    )


def _if_yes(d: Devices) -> Devices:
    """The devices as they would be had each not-sure sign-in answer been yes; after a not-sure SMTP AUTH
    answer the wizard asks nothing about OAuth, and signing in is worth a change of method only with it."""
    if d.supports_smtp_auth is None:
        return replace(d, supports_smtp_auth=True, supports_oauth=True)
    return replace(d, supports_oauth=True)


def _direct_send(answers: Answers, d: Devices, part: Part) -> None:
    """Direct send: internal recipients only, and never where the tenant rejects it (facts 7.2, 7.6)."""
    external = catalogue.text("phrases.direct-send-external") if d.external_recipients else ""
    severity: Severity = "critical" if d.external_recipients else "warning"
    part.warn(catalogue.warning("direct-send-internal-only", severity=severity, external=external))
    service = answers.filtering_service
    if service is not None and answers.filtering_service_lockdown:
        part.warn(catalogue.warning("filtering-service-blocks-direct-send", service=service.name))
        part.add_step(
            Phase.DEVICES, catalogue.step("steps.devices-direct-send-blocked", service=service.name)
        )
        return
    if answers.on_premises_lockdown:
        your_server = catalogue.text("phrases.your-server")
        part.warn(catalogue.warning("filtering-service-blocks-direct-send", service=your_server))
        part.add_step(Phase.DEVICES, catalogue.step("steps.devices-direct-send-blocked", service=your_server))
        return
    if answers.organization.reject_direct_send is True:
        part.warn(catalogue.warning("direct-send-rejected"))
        part.add_step(Phase.DEVICES, catalogue.step("steps.devices-direct-send-rejected"))
        return
    part.warn(catalogue.warning("graylisting"))
    part.warn(catalogue.warning("reject-direct-send"))
    part.spf_mechanisms += [f"ip4:{ip}" for ip in d.ip_addresses]
    part.add_step(Phase.DEVICES, _to_mx_step(answers, internal_only=True))


def _to_mx_step(answers: Answers, *, internal_only: bool) -> Step:
    extra = catalogue.text("phrases.direct-send-internal-only") if internal_only else ""
    return catalogue.step(
        "steps.devices-to-mx",
        mx=mx_endpoint(answers.domains[0]),
        domains=", ".join(answers.domains),
        internal_only=extra,
    )


def choose_method(d: Devices, part: Part, *, blocked: bool) -> tuple[ChosenDeviceMethod | None, str]:  # noqa: PLR0911 - one return per option, in S4's order of preference
    """The method the devices use and why; None when no option fits.

    `blocked`: direct send cannot reach the tenant (a filtering-service lockdown or RejectDirectSend).
    Basic authentication for SMTP AUTH is never chosen: it is disabled by default at the end of December
    2026 and blocked by Security Defaults already (facts 7.6).
    """
    if d.method != "auto":
        if d.method == "smtp-relay" and d.third_party_hosted:
            part.warn(catalogue.warning("relay-third-party-hosted"))
        return d.method, catalogue.text("device-methods.chosen-by-you")
    relay_ready = (d.identify_by == "ip-addresses" and bool(d.ip_addresses)) or (
        d.identify_by == "certificate" and bool(d.certificate_name)
    )
    if d.ports == "465-only":
        return None, catalogue.text("device-methods.none-port-465")
    can_sign_in = d.supports_smtp_auth and d.supports_tls12 is not False and port_allows(d.ports, "smtp-auth")
    oauth = signs_in_with_oauth(d.supports_smtp_auth, d.supports_oauth, d.supports_tls12, d.ports)
    relay = relay_ready and not d.third_party_hosted and port_allows(d.ports, "smtp-relay")
    if oauth and not (d.volume == "high" and relay):
        return "smtp-auth", catalogue.text("device-methods.auto-oauth")
    if relay:
        return "smtp-relay", catalogue.text("device-methods.auto-relay")
    if not d.external_recipients and not blocked and port_allows(d.ports, "direct-send"):
        return "direct-send", catalogue.text("device-methods.auto-direct-send")
    if not d.external_recipients and can_sign_in and port_allows(d.ports, "high-volume-email"):
        return "high-volume-email", catalogue.text("device-methods.auto-high-volume-email")
    if oauth:
        return "smtp-auth", catalogue.text("device-methods.auto-oauth")
    return None, _nothing_fits(d)


def _nothing_fits(d: Devices) -> str:
    """Why no option fits these devices, and what would change that."""
    if not d.external_recipients:
        return catalogue.text("device-methods.none-internal-blocked")
    if d.supports_smtp_auth and d.supports_tls12 is False:
        return catalogue.text("device-methods.none-no-tls12")
    if d.supports_smtp_auth:
        return catalogue.text("device-methods.none-basic-only")
    if d.third_party_hosted:
        return catalogue.text("device-methods.none-hosted")
    return catalogue.text("device-methods.none-unidentified")


def _covered_by_server_connector(answers: Answers, d: Devices) -> str | None:
    """What already identifies the devices on the on-premises connector, or None."""
    op = answers.on_premises
    if not answers.on_premises_connectors or op is None:
        return None
    if d.identify_by == "certificate" and d.certificate_name:
        if op.identify_by == "certificate" and d.certificate_name == op.certificate_name:
            return catalogue.text("phrases.covered-by-certificate", certificate=d.certificate_name)
        return None
    if d.identify_by == "ip-addresses" and op.identify_by == "ip-addresses":
        mine = all(any(networks_overlap(ip, other) for other in op.ip_addresses) for ip in d.ip_addresses)
        return catalogue.text("phrases.covered-by-addresses") if mine else None
    return None


def _relay_connector(answers: Answers, d: Devices, part: Part, names: ConnectorNames) -> None:
    covered = _covered_by_server_connector(answers, d)
    if covered is not None:
        part.warn(catalogue.warning("device-connector-covered", what=covered))
        return
    identity = identify(
        d,
        answers.domains,
        connector_is=catalogue.text("phrases.relay-connector"),
        certificate_is=catalogue.text("phrases.devices-certificate"),
    )
    part.warnings += identity.warnings
    if identity.checked is not None:
        how = catalogue.text(
            "phrases.devices-by-certificate", certificate=d.certificate_name or "", checked=identity.checked
        )
    else:
        how = catalogue.text("phrases.devices-by-addresses", addresses=", ".join(d.ip_addresses))
    part.connectors.append(
        connector(
            "device-relay",
            "inbound",
            (YOUR_SERVER, OFFICE_365),
            names.unique(catalogue.text("connectors.devices-name")),
            identity.parameters,
            catalogue.reason("reasons.devices", how=how),
        )
    )
    part.warn(catalogue.warning("relay-sender-domain", domains=", ".join(answers.domains)))
