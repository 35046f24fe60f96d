"""Scenario filtering-service: a third-party service between the internet and Microsoft 365 (S12, S7).

Inbound, MX points at the service: a Partner connector for every sender domain accepts internet mail only
from the service (its addresses or its certificate) with Enhanced Filtering on it. Outbound through the
service: a Partner connector to its smart host for all recipient domains. MX is never moved (facts 6.1).
"""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.advice.part import ConnectorNames, Part, Phase, connector, mx_endpoint
from advisor.model.answers import Answers
from advisor.model.filtering_service import FilteringService
from advisor.model.plan import ParameterValue, Scenario
from advisor.model.vocabulary import OFFICE_365, PARTNER_ORG, Verdict


def contribute(answers: Answers, names: ConnectorNames) -> Part:
    part = Part()
    service = answers.filtering_service
    if service is None:
        return part
    identity = _identity_words(service)
    if answers.filtering_service_to_server:  # it delivers to your server: nothing comes from it (facts 6.1)
        why = catalogue.reason("scenarios.filtering-service-via-server", service=service.name)
    elif service.inbound and service.outbound:
        why = catalogue.reason("scenarios.filtering-service-both", service=service.name, identity=identity)
    elif service.inbound:
        why = catalogue.reason("scenarios.filtering-service-inbound", service=service.name, identity=identity)
    else:
        why = catalogue.reason("scenarios.filtering-service-outbound", service=service.name)
    verdict: Verdict = "required" if service.outbound else "optional"
    if answers.filtering_service_to_server and not service.outbound:
        verdict = "not-needed"
    part.scenarios.append(Scenario("filtering-service", verdict, why.text, why.source))
    if answers.filtering_service_to_server:
        _via_server(answers, service, part)
    elif service.inbound:
        _inbound(answers, service, identity, part, names)
    if service.outbound:
        _outbound(service, part, names)
    part.trust_arc_sealer(service.name, service.modifies_messages, service.arc_sealer)
    return part


def _identity_words(service: FilteringService) -> str:
    if service.identify_by == "certificate":
        return catalogue.text("phrases.service-by-certificate", certificate=service.certificate_name or "")
    return catalogue.text("phrases.service-by-addresses", addresses=", ".join(service.ip_addresses))


def _inbound(
    answers: Answers, service: FilteringService, identity: str, part: Part, names: ConnectorNames
) -> None:
    """The lockdown connector (S12, S3 example 4) with Enhanced Filtering (S7)."""
    params: dict[str, ParameterValue] = {"ConnectorType": "Partner", "SenderDomains": ["*"]}
    if service.identify_by == "certificate":
        assert service.certificate_name is not None  # guaranteed by validation
        params |= {
            "RequireTls": True,
            "TlsSenderCertificateName": service.certificate_name,
            "RestrictDomainsToCertificate": True,
            "EFSkipLastIP": True,
        }
        setting = "EFSkipLastIP $true"
    else:
        params |= {
            "SenderIPAddresses": list(service.ip_addresses),
            "RestrictDomainsToIPAddresses": True,
            "EFSkipIPs": list(service.ip_addresses),
        }
        setting = "EFSkipIPs " + ", ".join(service.ip_addresses)
        addresses = ", ".join(service.ip_addresses)
        part.warn(catalogue.warning("filtering-service-ranges", service=service.name, addresses=addresses))
    part.warn(
        catalogue.warning("filtering-service-enhanced-filtering", service=service.name, setting=setting)
    )
    name = names.unique(catalogue.text("connectors.filtering-service-inbound-name", service=service.name))
    why = catalogue.reason("reasons.filtering-service-inbound", service=service.name, identity=identity)
    part.connectors.append(
        connector("filtering-service", "inbound", (PARTNER_ORG, OFFICE_365), name, params, why, service.name)
    )
    domain = answers.domains[0]
    delivery = catalogue.step(
        "steps.filtering-service-delivery", service=service.name, domain=domain, mx=mx_endpoint(domain)
    )
    part.add_step(Phase.ON_PREMISES_SIDE, delivery)
    part.add_step(Phase.REVIEW, catalogue.step("steps.filtering-service-bypass-rules", service=service.name))


def _via_server(answers: Answers, service: FilteringService, part: Part) -> None:
    """The service delivers to your own server, which passes mail for Exchange Online mailboxes on over its
    connector: no connector from the service (a lockdown to it would match no mail, and Enhanced Filtering on
    it none either); the path stays as it is (facts 6.1), and Enhanced Filtering belongs on your server's
    connector (S7)."""
    domain = answers.domains[0]
    part.warn(catalogue.warning("filtering-service-via-server", service=service.name))
    keep = catalogue.step(
        "steps.filtering-service-keeps-server", service=service.name, domain=domain, mx=mx_endpoint(domain)
    )
    part.add_step(Phase.ON_PREMISES_SIDE, keep)


def _outbound(service: FilteringService, part: Part, names: ConnectorNames) -> None:
    """All internet mail to the service's smart host over TLS (S12, S19)."""
    params: dict[str, ParameterValue] = {
        "ConnectorType": "Partner",
        "RecipientDomains": ["*"],
        "UseMXRecord": False,
        "SmartHosts": list(service.smart_hosts),
        "TlsSettings": "CertificateValidation",
    }
    name = names.unique(catalogue.text("connectors.filtering-service-outbound-name", service=service.name))
    why = catalogue.reason(
        "reasons.filtering-service-outbound", service=service.name, smart_hosts=", ".join(service.smart_hosts)
    )
    part.connectors.append(
        connector("filtering-service", "outbound", (OFFICE_365, PARTNER_ORG), name, params, why, service.name)
    )
    part.add_step(Phase.MX, catalogue.step("steps.filtering-service-spf", service=service.name))
    part.needs_spf = True
