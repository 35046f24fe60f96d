"""What to configure on your own server, and what Exchange Online expects of it (S2, S26, S27, S31).

The send connector to Microsoft 365, scoped as the answers say (facts 6.9); the receive side of centralized
mail transport (facts 6.5); and Exchange Online's enforcement against out-of-date Exchange servers
(facts 6.4), which applies whether the connectors are hand-made or the Hybrid Configuration Wizard's.
"""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.advice.part import Part, Phase, mx_endpoint
from advisor.model.answers import Answers
from advisor.model.domains import MICROSOFT_365_CERTIFICATE
from advisor.model.on_premises import OnPremises
from advisor.model.plan import OnPremisesSide, ParameterValue, PlanWarning
from advisor.model.validators import looks_like_ip
from advisor.model.vocabulary import Severity

CLOUD_SERVICES_MAIL = f"{MICROSOFT_365_CERTIFICATE}:AcceptCloudServicesMail"


def on_premises_side(answers: Answers) -> OnPremisesSide:
    """An Exchange send connector to Microsoft 365 with its lookups, or instructions for other servers."""
    op = answers.on_premises
    assert op is not None
    smart_host = mx_endpoint(answers.domains[0])
    receive = [CLOUD_SERVICES_MAIL] if op.centralized_mail_transport and op.server != "non-microsoft" else []
    if op.server == "non-microsoft":
        return OnPremisesSide(
            op.server, smart_host, {}, False, "S2", instructions=_instructions(op, smart_host)
        )
    modern = op.server == "exchange-2010-or-later"
    params: dict[str, ParameterValue] = {"Name": catalogue.text("connectors.on-premises-send-name")}
    if op.send_connector_scope == "cloud-mailboxes":
        assert answers.organization.tenant_domain is not None  # guaranteed by validation
        params |= {
            "AddressSpaces": [routing_domain(answers.organization.tenant_domain)],
            "DNSRoutingEnabled": True,
        }
        params |= {"RequireTLS": True}
        if modern:
            params |= {"TlsAuthLevel": "DomainValidation", "TlsDomain": MICROSOFT_365_CERTIFICATE}
    else:
        params |= {
            "AddressSpaces": ["*"],
            "SmartHosts": [smart_host],
            "DNSRoutingEnabled": False,
            "RequireTLS": True,
        }
        if modern:
            params["TlsAuthLevel"] = "CertificateValidation"
    fqdn = _public_name(op)
    if fqdn:
        params["Fqdn"] = fqdn
    edge = modern and op.edge_transport  # the Edge servers send: their certificate is on them (S32)
    lookup = (op.certificate_name or fqdn) if modern and not edge else None
    servers = (
        ("Get-TransportServer" if op.exchange_version == "2010" else "Get-TransportService")
        if modern
        else None
    )
    if edge:
        servers = "Get-EdgeSubscription"
    source = "S2, S27, S31" if modern else "S2"
    cloud_services = modern and op.exchange_version != "2010"  # CloudServicesMailEnabled: 2013 or later (S2)
    return OnPremisesSide(op.server, smart_host, params, cloud_services, source, lookup, servers, receive)


def _instructions(op: OnPremises, smart_host: str) -> list[str]:
    """Plain, numbered steps for a non-Microsoft server (catalogue `mail-server-instructions`)."""
    if op.send_connector_scope == "cloud-mailboxes":
        route = catalogue.text("mail-server-instructions.route-cloud-mailboxes", mx=smart_host)
    else:
        route = catalogue.text("mail-server-instructions.route-all", mx=smart_host)
    if op.identify_by == "certificate":
        identity = catalogue.text(
            "mail-server-instructions.certificate", certificate=op.certificate_name or ""
        )
    else:
        identity = catalogue.text(
            "mail-server-instructions.ip-addresses", addresses=", ".join(op.ip_addresses)
        )
    return [
        route,
        identity,
        catalogue.text("mail-server-instructions.accept-from-eop"),
        catalogue.text("mail-server-instructions.no-open-relay"),
        catalogue.text("mail-server-instructions.test"),
    ]


def routing_domain(tenant_domain: str) -> str:
    """contoso.onmicrosoft.com -> contoso.mail.onmicrosoft.com (hybrid mail for cloud mailboxes)."""
    label, _, rest = tenant_domain.partition(".")
    return f"{label}.mail.{rest}"


def _public_name(op: OnPremises) -> str | None:
    if op.certificate_name and not op.certificate_name.startswith("*."):
        return op.certificate_name
    return next((h for h in op.smart_hosts if not looks_like_ip(h)), None)


def add_side_steps(answers: Answers, side: OnPremisesSide, part: Part) -> None:
    """The server's own part: its send connector (or instructions), the old route, the CMT receive side."""
    op = answers.on_premises
    assert op is not None
    if side.parameters:
        step = catalogue.step("steps.exchange-side")
        part.add_step(Phase.ON_PREMISES_SIDE, step)
        if op.edge_transport:
            part.warn(catalogue.warning("edge-transport-servers"))
            part.add_step(Phase.ON_PREMISES_SIDE, catalogue.step("steps.edge-transport-side"))
        if op.send_connector_scope == "all-internet-mail":
            part.warn(catalogue.warning("existing-internet-send-connector"))
            part.add_step(Phase.ON_PREMISES_SIDE, catalogue.step("steps.retire-internet-send-connector"))
    elif op.send_connector_scope == "cloud-mailboxes" and answers.organization.tenant_domain:
        routing = routing_domain(answers.organization.tenant_domain)
        step = catalogue.step("steps.mail-server-side-cloud-mailboxes", routing=routing, mx=side.smart_host)
        part.add_step(Phase.ON_PREMISES_SIDE, step)
    else:
        part.add_step(Phase.ON_PREMISES_SIDE, catalogue.step("steps.mail-server-side", mx=side.smart_host))
    if op.centralized_mail_transport:
        part.warn(catalogue.warning("cmt-receive-side"))
        if side.receive_capabilities:
            part.add_step(Phase.ON_PREMISES_SIDE, catalogue.step("steps.cmt-receive-side-exchange"))
        else:
            part.add_step(Phase.ON_PREMISES_SIDE, catalogue.step("steps.cmt-receive-side-other"))


def exchange_out_of_date(answers: Answers) -> PlanWarning | None:
    """Transport-based enforcement against out-of-date Exchange servers (S26; S40 third-party), or None."""
    op = answers.on_premises
    if op is None or op.server not in ("exchange-2007-or-earlier", "exchange-2010-or-later"):
        return None
    not_current = op.exchange_updates_current is False
    severity: Severity = "critical"
    if op.server == "exchange-2007-or-earlier":
        detail = catalogue.text("phrases.out-of-date-2007")
    elif op.exchange_version in ("2010", "2013"):
        detail = catalogue.text("phrases.out-of-date-unsupported", version=op.exchange_version)
    elif op.exchange_version in ("2016", "2019"):
        detail = catalogue.text("phrases.out-of-date-2016-2019", version=op.exchange_version)
        if not_current:
            detail += catalogue.text("phrases.updates-not-current")
        else:
            severity = "warning"
        if op.exchange_updates_current is None:
            detail += catalogue.text("phrases.updates-not-sure")
    elif op.exchange_version == "subscription-edition":
        if op.exchange_updates_current is True:
            return None
        detail, severity = catalogue.text("phrases.out-of-date-se"), "warning"
        if op.exchange_updates_current is None:
            detail, severity = detail + catalogue.text("phrases.updates-not-sure"), "info"
    else:
        detail, severity = catalogue.text("phrases.out-of-date-unknown"), "warning"
    return catalogue.warning("exchange-out-of-date", severity=severity, detail=detail)
