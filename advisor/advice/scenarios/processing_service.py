"""Scenario processing-service: services that take mail from Exchange Online and hand it back (S48, S42).

Per service, as Microsoft's add-on service article and the vendors' setup scripts build it (facts 7.3): an
OnPremises outbound connector that only a mail flow rule uses (`IsTransportRuleScoped`), delivering to the
service's hosts with their certificate name checked; an OnPremises inbound connector for the mail handed back
(mail to external recipients is relayed, which only an OnPremises connector allows), recognised by the
vendor's tenant-unique certificate domain, which becomes an accepted domain; and the mail flow rule that
routes the chosen senders' mail to the connector, except mail that carries the service's processed header.
Never a connector for all recipient domains: that loops or loses the returned mail.
"""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.advice.part import ConnectorNames, Part, Phase, connector, fit
from advisor.advice.summary import joined
from advisor.model.answers import Answers
from advisor.model.plan import ParameterValue, Rule, Scenario
from advisor.model.processing_services import ProcessingService
from advisor.model.vocabulary import OFFICE_365, YOUR_SERVER


def contribute(answers: Answers, names: ConnectorNames) -> Part:
    part = Part()
    services = answers.processing_services
    if not services:
        return part
    listed = joined([s.name for s in services])
    why = catalogue.reason("scenarios.processing-service", services=listed)
    part.scenarios.append(Scenario("processing-service", "required", why.text, why.source))
    for service in services:
        _service(answers, service, part, names)
    return part


def tls_domain(smart_hosts: tuple[str, ...]) -> str | None:
    """The one name a certificate check can match for every host: the host itself, or `*.parent` when the
    hosts differ only in their first label; None when no single name covers them."""
    hosts = [h.lower() for h in smart_hosts]
    if len(set(hosts)) == 1:
        return hosts[0]
    parents = {h.partition(".")[2] for h in hosts}
    if len(parents) == 1:
        (parent,) = parents
        if parent.count(".") >= 1:
            return "*." + parent
    return None


def _service(answers: Answers, service: ProcessingService, part: Part, names: ConnectorNames) -> None:
    part.add_step(
        Phase.PREPARE_SERVER,
        catalogue.step(
            "steps.processing-service-setup",
            service=service.name,
            smart_hosts=", ".join(service.smart_hosts),
            header=service.processed_header,
        ),
    )
    out_name = _outbound(service, part, names)
    _inbound(service, part, names)
    _rule(service, out_name, part)
    lockdown = answers.filtering_service
    if lockdown is not None and lockdown.inbound:
        part.warn(
            catalogue.warning(
                "processing-service-behind-lockdown", service=service.name, filter=lockdown.name
            )
        )
    part.trust_arc_sealer(service.name, service.modifies_messages, service.arc_sealer)


def _outbound(service: ProcessingService, part: Part, names: ConnectorNames) -> str:
    """Only when the rule routes here; the certificate of the service's host checked by name."""
    hosts = ", ".join(service.smart_hosts)
    params: dict[str, ParameterValue] = {
        "ConnectorType": "OnPremises",
        "IsTransportRuleScoped": True,
        "UseMXRecord": False,
        "SmartHosts": list(service.smart_hosts),
    }
    name = tls_domain(service.smart_hosts)
    if name is not None:
        params |= {"TlsSettings": "DomainValidation", "TlsDomain": name}
        why = catalogue.reason(
            "reasons.processing-service-outbound", service=service.name, smart_hosts=hosts, tls_domain=name
        )
    else:
        params["TlsSettings"] = "CertificateValidation"
        why = catalogue.reason(
            "reasons.processing-service-outbound-no-name", service=service.name, smart_hosts=hosts
        )
    params["CloudServicesMailEnabled"] = True
    wanted = catalogue.text("connectors.processing-service-outbound-name", service=service.name)
    out_name = names.unique(wanted)
    ends = (OFFICE_365, YOUR_SERVER)
    part.connectors.append(
        connector("processing-service", "outbound", ends, out_name, params, why, service.name)
    )
    return out_name


def _inbound(service: ProcessingService, part: Part, names: ConnectorNames) -> None:
    """The mail handed back, recognised by the tenant-unique certificate domain (or addresses)."""
    params: dict[str, ParameterValue] = {"ConnectorType": "OnPremises", "SenderDomains": ["*"]}
    if service.identify_by == "certificate":
        assert service.certificate_name is not None  # guaranteed by validation
        certificate = service.certificate_name
        params |= {"RequireTls": True, "TlsSenderCertificateName": certificate}
        identity = catalogue.text("phrases.return-by-certificate", certificate=certificate)
        part.new_accepted_domains.append(certificate)
        step = catalogue.step(
            "steps.processing-service-accepted-domain", service=service.name, domain=certificate
        )
        part.add_step(Phase.ACCEPTED_DOMAINS, step)
        part.warn(
            catalogue.warning(
                "processing-service-certificate-restriction", service=service.name, certificate=certificate
            )
        )
    else:
        addresses = ", ".join(service.ip_addresses)
        params |= {"SenderIPAddresses": list(service.ip_addresses)}
        identity = catalogue.text("phrases.return-by-addresses", addresses=addresses)
        part.warn(
            catalogue.warning(
                "processing-service-shared-addresses", service=service.name, addresses=addresses
            )
        )
    params["CloudServicesMailEnabled"] = True
    in_name = names.unique(catalogue.text("connectors.processing-service-inbound-name", service=service.name))
    why = catalogue.reason("reasons.processing-service-inbound", service=service.name, identity=identity)
    ends = (YOUR_SERVER, OFFICE_365)
    part.connectors.append(
        connector("processing-service", "inbound", ends, in_name, params, why, service.name)
    )


def _rule(service: ProcessingService, out_name: str, part: Part) -> None:
    """The senders' mail to the connector, except what the service has already processed."""
    header, _, word = service.processed_header.partition(": ")
    rule_name = fit(catalogue.text("connectors.processing-service-rule-name", service=service.name))
    rule: dict[str, ParameterValue] = {"Name": rule_name, "FromScope": "InOrganization"}
    if service.senders == "group":
        assert service.sender_group is not None  # guaranteed by validation
        rule["FromMemberOf"] = [service.sender_group]
        senders = catalogue.text("phrases.senders-group", group=service.sender_group)
    else:
        senders = catalogue.text("phrases.senders-everyone")
    rule |= {
        "ExceptIfHeaderContainsMessageHeader": header,
        "ExceptIfHeaderContainsWords": [word],
        "RouteMessageOutboundConnector": out_name,
        "Mode": "Enforce",
        "Comments": catalogue.text("connectors.comment"),
    }
    why = catalogue.reason(
        "reasons.processing-service-rule",
        senders=senders,
        service=service.name,
        header=service.processed_header,
    )
    part.rules.append(Rule(rule, why.text, why.source, service.name))
    step = catalogue.step("steps.processing-service-rule-order", rule=rule_name, service=service.name)
    part.add_step(Phase.REVIEW, step)
