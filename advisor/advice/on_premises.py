"""The connectors, steps and DNS records between Microsoft 365 and your own server.

Shared by the standalone-eop and hybrid scenarios, which differ only in why the connectors are needed.
"""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.advice.on_premises_side import add_side_steps, on_premises_side
from advisor.advice.part import ConnectorNames, Part, Phase, connector, mx_endpoint
from advisor.advice.sender_identity import identify
from advisor.model.answers import Answers
from advisor.model.domains import certificate_names
from advisor.model.on_premises import OnPremises
from advisor.model.plan import Connector, DnsRecord, ParameterValue, PlanWarning
from advisor.model.vocabulary import OFFICE_365, PARTNER_ORG, YOUR_SERVER, ScenarioId


def add_server_connectors(answers: Answers, scenario: ScenarioId, part: Part, names: ConnectorNames) -> None:
    """Both connectors: your server -> Office 365 and Office 365 -> your server (S2)."""
    op = answers.on_premises
    assert op is not None  # guaranteed by validation for these scenarios
    identity = identify(
        op,
        answers.domains,
        connector_is=catalogue.text("phrases.on-premises-connector"),
        certificate_is=catalogue.text("phrases.server-certificate"),
    )
    part.warnings += identity.warnings
    if identity.checked is None:
        part.warn(_relay_limits(op))
    if identity.checked is not None:
        how = catalogue.text(
            "phrases.server-by-certificate", certificate=op.certificate_name or "", checked=identity.checked
        )
    else:
        how = catalogue.text("phrases.server-by-addresses", addresses=", ".join(op.ip_addresses))
    part.connectors.append(
        connector(
            scenario,
            "inbound",
            (YOUR_SERVER, OFFICE_365),
            names.unique(catalogue.text("connectors.on-premises-inbound-name")),
            identity.parameters,
            catalogue.reason("reasons.on-premises-inbound", how=how),
        )
    )
    part.connectors.append(_outbound_connector(answers, op, scenario, part, names))
    if op.lock_down_inbound and answers.organization.mx == "on-premises":
        part.connectors.append(_lockdown(op, scenario, part, names))


def _lockdown(op: OnPremises, scenario: ScenarioId, part: Part, names: ConnectorNames) -> Connector:
    """MX at your server: accept internet mail only from it, as for a filtering service (S12, S3, S7)."""
    params: dict[str, ParameterValue] = {"ConnectorType": "Partner", "SenderDomains": ["*"]}
    if op.identify_by == "certificate":
        assert op.certificate_name is not None  # guaranteed by validation
        params |= {
            "RequireTls": True,
            "TlsSenderCertificateName": op.certificate_name,
            "RestrictDomainsToCertificate": True,
            "EFSkipLastIP": True,
        }
        how = catalogue.text("phrases.service-by-certificate", certificate=op.certificate_name)
    else:
        params |= {
            "SenderIPAddresses": list(op.ip_addresses),
            "RestrictDomainsToIPAddresses": True,
            "EFSkipIPs": list(op.ip_addresses),
        }
        how = catalogue.text("phrases.service-by-addresses", addresses=", ".join(op.ip_addresses))
    part.warn(catalogue.warning("on-premises-lockdown"))
    why = catalogue.reason("reasons.on-premises-lockdown", identity=how)
    name = names.unique(catalogue.text("connectors.on-premises-lockdown-name"))
    return connector(scenario, "inbound", (PARTNER_ORG, OFFICE_365), name, params, why)


def _outbound_connector(
    answers: Answers, op: OnPremises, scenario: ScenarioId, part: Part, names: ConnectorNames
) -> Connector:
    outbound: dict[str, ParameterValue] = {"ConnectorType": "OnPremises"}
    if op.centralized_mail_transport:
        outbound["RecipientDomains"] = ["*"]
        outbound["RouteAllMessagesViaOnPremises"] = True
        part.warn(catalogue.warning("centralized-mail-transport"))
    else:
        outbound["RecipientDomains"] = list(answers.domains)
    outbound["UseMXRecord"] = False
    outbound["SmartHosts"] = list(op.smart_hosts)
    receiving = op.receiving_certificate_name or op.certificate_name
    if receiving:
        outbound["TlsSettings"] = "DomainValidation"
        outbound["TlsDomain"] = receiving
        tls = catalogue.text("phrases.server-tls-named", certificate=receiving)
        uncovered = [h for h in op.smart_hosts if not certificate_names(receiving, h)]
        if uncovered:
            part.warn(
                catalogue.warning(
                    "smart-host-certificate-mismatch", certificate=receiving, hosts=", ".join(uncovered)
                )
            )
    else:
        outbound["TlsSettings"] = "CertificateValidation"
        tls = catalogue.text("phrases.server-tls-trusted")
    smart_hosts = ", ".join(op.smart_hosts)
    if scenario == "standalone-eop":
        why = catalogue.reason("reasons.on-premises-outbound-standalone", smart_hosts=smart_hosts, tls=tls)
    else:
        why = catalogue.reason("reasons.on-premises-outbound-hybrid", smart_hosts=smart_hosts, tls=tls)
    return connector(
        scenario,
        "outbound",
        (OFFICE_365, YOUR_SERVER),
        names.unique(catalogue.text("connectors.on-premises-outbound-name")),
        outbound,
        why,
    )


def _relay_limits(op: OnPremises) -> PlanWarning:
    """What an IP-identified OnPremises connector will not relay (S20, S22; facts 6.2)."""
    addresses = ", ".join(op.ip_addresses)
    if op.relays_for_others is True:
        relays = catalogue.text("phrases.relays-for-others")
        return catalogue.warning(
            "ip-identification-relay-limits", severity="critical", addresses=addresses, relays=relays
        )
    relays = catalogue.text("phrases.relays-unknown") if op.relays_for_others is None else ""
    return catalogue.warning(
        "ip-identification-relay-limits", severity="warning", addresses=addresses, relays=relays
    )


def add_server_steps(answers: Answers, part: Part) -> None:
    """Preparing the server, its own side of the connection, the MX change and the DNS records."""
    mx = mx_endpoint(answers.domains[0])
    side = on_premises_side(answers)
    part.on_premises_side = side
    part.add_step(Phase.PREPARE_SERVER, catalogue.step("steps.prepare-server"))
    add_side_steps(answers, side, part)
    if answers.mx_record_changes:
        part.add_step(Phase.MX, catalogue.step("steps.mx-last", domain=answers.domains[0], mx=mx))
        note = catalogue.text("dns.mx-note")
        part.dns += [DnsRecord("MX", domain, mx_endpoint(domain), note) for domain in answers.domains]
    part.needs_spf = True
