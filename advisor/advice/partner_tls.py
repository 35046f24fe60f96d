"""Scenario partner-tls: connectors that force TLS or lock the source of a partner's mail (S1, S3, S28)."""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.advice.part import ConnectorNames, Part, Phase, connector
from advisor.model.answers import Answers
from advisor.model.partners import OUTBOUND_TLS, Partner
from advisor.model.plan import Connector, ParameterValue, Scenario
from advisor.model.vocabulary import OFFICE_365, PARTNER_ORG

TLS_SETTINGS = {
    "encryption-only": "EncryptionOnly",
    "certificate-validation": "CertificateValidation",
    "domain-validation": "DomainValidation",
}


def contribute(answers: Answers, names: ConnectorNames) -> Part:
    part = Part()
    for p in answers.partners:
        why = catalogue.reason("scenarios.partner", partner=p.name, purposes=" and ".join(_purposes(p)))
        part.scenarios.append(Scenario("partner-tls", "optional", why.text, why.source, partner=p.name))
        if p.direction in ("both", "inbound"):
            _inbound(p, part, names)
        if p.direction in ("both", "outbound"):
            _outbound(p, part, names)
    for p in answers.partners:
        part.add_step(Phase.PARTNERS, catalogue.step("steps.agree-with-partner", partner=p.name))
    _allow_beside_restrict(part)
    return part


def _purposes(p: Partner) -> list[str]:
    purposes = []
    if p.direction in ("both", "outbound"):
        if p.require_tls:
            purposes.append(catalogue.text("phrases.partner-purpose-outbound-tls"))
        else:
            purposes.append(catalogue.text("phrases.partner-purpose-outbound"))
    if p.direction in ("both", "inbound"):
        purposes.append(catalogue.text("phrases.partner-purpose-inbound", restriction=_restriction_words(p)))
    return purposes


def _restriction_words(p: Partner) -> str:
    if p.restrict_by == "certificate":
        return catalogue.text("phrases.partner-restricted-by-certificate")
    if p.restrict_by == "ip-addresses" and p.require_tls:
        return catalogue.text("phrases.partner-restricted-by-addresses-tls")
    if p.restrict_by == "ip-addresses":
        return catalogue.text("phrases.partner-restricted-by-addresses")
    if p.restrict_by == "both":
        return catalogue.text("phrases.partner-restricted-by-both")
    return catalogue.text("phrases.partner-restricted-by-none")


def _inbound(p: Partner, part: Part, names: ConnectorNames) -> None:
    base: dict[str, ParameterValue] = {"ConnectorType": "Partner", "SenderDomains": list(p.domains)}
    if p.require_tls:
        base["RequireTls"] = True
    cert: dict[str, ParameterValue] = {
        **base,
        "RequireTls": True,
        "TlsSenderCertificateName": p.certificate_name or "",
        "RestrictDomainsToCertificate": True,
    }
    ips: dict[str, ParameterValue] = {
        **base,
        "SenderIPAddresses": list(p.ip_addresses),
        "RestrictDomainsToIPAddresses": True,
    }
    domains, addresses, certificate = (
        ", ".join(p.domains),
        ", ".join(p.ip_addresses),
        p.certificate_name or "",
    )
    over_tls = catalogue.text("phrases.over-tls-end" if p.require_tls else "phrases.end")

    def add(name: str, parameters: dict[str, ParameterValue], why: catalogue.Reason) -> Connector:
        made = connector(
            "partner-tls", "inbound", (PARTNER_ORG, OFFICE_365), names.unique(name), parameters, why
        )
        part.connectors.append(made)
        return made

    if p.restrict_by == "both":
        first = add(
            catalogue.text("connectors.partner-inbound-certificate-name", partner=p.name),
            cert,
            catalogue.reason("reasons.partner-certificate-of-two", domains=domains, certificate=certificate),
        )
        second = add(
            catalogue.text("connectors.partner-inbound-addresses-name", partner=p.name),
            ips,
            catalogue.reason(
                "reasons.partner-addresses-of-two", domains=domains, addresses=addresses, over_tls=over_tls
            ),
        )
        pair = catalogue.text("phrases.partner-split-names", first=first.name, second=second.name)
        part.warn(catalogue.warning("ip-and-certificate-split", partner=p.name, names=pair))
        return
    name = catalogue.text("connectors.partner-inbound-name", partner=p.name)
    if p.restrict_by == "certificate":
        add(
            name,
            cert,
            catalogue.reason("reasons.partner-certificate", domains=domains, certificate=certificate),
        )
    elif p.restrict_by == "ip-addresses":
        why = catalogue.reason(
            "reasons.partner-addresses", domains=domains, addresses=addresses, over_tls=over_tls
        )
        add(name, ips, why)
    else:
        add(name, base, catalogue.reason("reasons.partner-tls", domains=domains))


def _outbound(p: Partner, part: Part, names: ConnectorNames) -> None:
    if not p.require_tls and not p.smart_hosts:
        part.warn(catalogue.warning("partner-outbound-unneeded", partner=p.name))
        return
    params: dict[str, ParameterValue] = {"ConnectorType": "Partner", "RecipientDomains": list(p.domains)}
    if p.smart_hosts:
        params["UseMXRecord"] = False
        params["SmartHosts"] = list(p.smart_hosts)
        route = catalogue.text("phrases.partner-route-smart-hosts", smart_hosts=", ".join(p.smart_hosts))
    else:
        params["UseMXRecord"] = True
        route = catalogue.text("phrases.partner-route-mx")
    tls = catalogue.text("phrases.partner-tls-none")
    if p.require_tls:
        params["TlsSettings"] = TLS_SETTINGS[p.outbound_tls]
        setting = OUTBOUND_TLS[p.outbound_tls].label
        tls = catalogue.text("phrases.partner-tls", setting=setting)
        if p.outbound_tls == "domain-validation":
            tls_domain = p.certificate_name or p.domains[0]
            params["TlsDomain"] = tls_domain
            tls = catalogue.text("phrases.partner-tls-named", setting=setting, name=tls_domain)
    why = catalogue.reason("reasons.partner-outbound", domains=", ".join(p.domains), tls=tls, route=route)
    name = catalogue.text("connectors.partner-outbound-name", partner=p.name)
    part.connectors.append(
        connector("partner-tls", "outbound", (OFFICE_365, PARTNER_ORG), names.unique(name), params, why)
    )


def _allow_beside_restrict(part: Part) -> None:
    """A domain-only Partner connector cannot override one that restricts by IP or certificate (S1, S28)."""
    inbound = [c for c in part.connectors if c.direction == "inbound"]
    restricting = [
        c.name
        for c in inbound
        if c.parameters.get("RestrictDomainsToIPAddresses")
        or c.parameters.get("RestrictDomainsToCertificate")
    ]
    allowing = [c.name for c in inbound if c.name not in restricting]
    if restricting and allowing:
        part.warn(
            catalogue.warning(
                "allow-vs-restrict-precedence", allow=", ".join(allowing), restrict=", ".join(restricting)
            )
        )
