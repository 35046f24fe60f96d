"""Scenario partner-tls: connectors that force TLS or lock the source of a partner's mail (S1, S3, S28).

A restriction that cannot identify the partner is not planned (facts 7.1, 7.2): a partner whose mail is in
Microsoft 365 sends from ranges and with a certificate every tenant shares, and behind a filtering service
every message arrives from the service. Their connector then requires TLS only, with a warning that says why.
"""

from __future__ import annotations

from dataclasses import replace

from advisor.advice import catalogue
from advisor.advice.part import ConnectorNames, Part, Phase, connector
from advisor.advice.summary import joined
from advisor.model.answers import Answers
from advisor.model.domains import MICROSOFT_365_CERTIFICATE, without_wildcard
from advisor.model.partners import Partner
from advisor.model.plan import Connector, ParameterValue, Scenario
from advisor.model.vocabulary import OFFICE_365, PARTNER_ORG

TLS_SETTINGS = {
    "encryption-only": "EncryptionOnly",
    "certificate-validation": "CertificateValidation",
    "domain-validation": "DomainValidation",
}


def contribute(answers: Answers, names: ConnectorNames) -> Part:
    part = Part()
    agreed: list[Partner] = []
    for asked in answers.partners:
        p = _as_planned(answers, asked, part)
        purposes = _purposes(p)
        if not purposes:
            why = catalogue.reason("scenarios.partner-nothing", partner=p.name)
            part.scenarios.append(Scenario("partner-tls", "not-needed", why.text, why.source, partner=p.name))
            part.warn(catalogue.warning("partner-outbound-unneeded", partner=p.name))
            continue
        why = catalogue.reason("scenarios.partner", partner=p.name, purposes=joined(purposes))
        part.scenarios.append(Scenario("partner-tls", "optional", why.text, why.source, partner=p.name))
        if p.direction in ("both", "inbound"):
            _inbound(p, part, names)
            if answers.organization.reject_direct_send and set(p.domains) & set(answers.domains):
                part.warn(catalogue.warning("reject-direct-send-application", partner=p.name))
        if p.direction in ("both", "outbound"):
            _outbound(p, part, names)
        agreed.append(p)
    for p in agreed:
        if p.on_microsoft_365:
            agree = catalogue.step("steps.agree-with-partner-microsoft-365", partner=p.name)
        else:
            agree = catalogue.step("steps.agree-with-partner", partner=p.name)
        part.add_step(Phase.PARTNERS, agree)
    _allow_beside_restrict(part)
    return part


def _as_planned(answers: Answers, p: Partner, part: Part) -> Partner:
    """The partner as the plan can enforce it: a restriction that cannot identify them becomes TLS only."""
    if p.direction == "outbound" or p.restrict_by == "none":
        return p
    restriction = catalogue.answer_word("restriction", p.restrict_by)
    if p.on_microsoft_365:
        part.warn(
            catalogue.warning("partner-on-microsoft-365-restriction", partner=p.name, restriction=restriction)
        )
    elif answers.filtering_service is not None and answers.filtering_service_inbound:
        service = answers.filtering_service.name
        part.warn(
            catalogue.warning(
                "partner-behind-filtering-service", partner=p.name, restriction=restriction, service=service
            )
        )
    else:
        return p
    return replace(p, restrict_by="none", require_tls=True)


def _purposes(p: Partner) -> list[str]:
    purposes = []
    if p.direction in ("both", "outbound"):
        if p.require_tls:
            purposes.append(catalogue.text("phrases.partner-purpose-outbound-tls"))
        elif p.smart_hosts:
            purposes.append(catalogue.text("phrases.partner-purpose-outbound-smart-hosts"))
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
            "partner-tls", "inbound", (PARTNER_ORG, OFFICE_365), names.unique(name), parameters, why, p.name
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
        setting = catalogue.answer_word("outbound-tls", p.outbound_tls)
        tls = catalogue.text("phrases.partner-tls", setting=setting)
        if p.outbound_tls == "domain-validation":
            tls_domain = receiving_certificate(p)
            params["TlsDomain"] = tls_domain
            tls = catalogue.text("phrases.partner-tls-named", setting=setting, name=tls_domain)
    why = catalogue.reason("reasons.partner-outbound", domains=", ".join(p.domains), tls=tls, route=route)
    name = catalogue.text("connectors.partner-outbound-name", partner=p.name)
    part.connectors.append(
        connector(
            "partner-tls", "outbound", (OFFICE_365, PARTNER_ORG), names.unique(name), params, why, p.name
        )
    )


def receiving_certificate(p: Partner) -> str:
    """The name Exchange Online checks on the partner's receiving servers' certificate (facts 6.3).

    Given by the answers, or Microsoft 365's own when the partner is hosted there (the Hybrid Configuration
    Wizard uses the same name for the same hop); validation refuses domain validation without either.
    """
    if p.receiving_certificate_name:
        return p.receiving_certificate_name  # validation keeps a Microsoft 365 partner's to Microsoft's names
    assert p.on_microsoft_365  # guaranteed by validation
    return MICROSOFT_365_CERTIFICATE


def _sender_domains(c: Connector) -> list[str]:
    domains = c.parameters.get("SenderDomains", [])
    return domains if isinstance(domains, list) else []


def _parents(name: str) -> list[str]:
    """The proper parent domains of a name: a.b.c -> b.c, c."""
    labels = without_wildcard(name).split(".")
    return [".".join(labels[k:]) for k in range(1, len(labels))]


class _Restricting:
    """Restricting connectors filed by sender domain, so each allowing connector finds the ones it competes
    with without comparing every pair: `*.x` applies to mail from any name under x (S28)."""

    def __init__(self, connectors: list[Connector]) -> None:
        self.exact: dict[str, set[int]] = {}
        self.wildcard: dict[str, set[int]] = {}
        self.under: dict[str, set[int]] = {}
        for index, c in enumerate(connectors):
            for r in _sender_domains(c):
                self.exact.setdefault(r, set()).add(index)
                if r.startswith("*."):
                    self.wildcard.setdefault(r[2:], set()).add(index)
                for parent in _parents(r):
                    self.under.setdefault(parent, set()).add(index)

    def competing(self, domains: list[str]) -> list[int]:
        """Restricting connectors whose sender domains apply to mail from these, or the other way round."""
        found: set[int] = set()
        for a in domains:
            found |= self.exact.get(a, set())
            for parent in _parents(a):  # a restricting *.parent covers a
                found |= self.wildcard.get(parent, set())
            if a.startswith("*."):  # an allowing *.x covers restricting names under x
                found |= self.under.get(a[2:], set())
        return sorted(found)


def _allow_beside_restrict(part: Part) -> None:
    """A domain-only Partner connector cannot override one that restricts by IP or certificate for the same
    senders (S1, S28): only connectors whose sender domains overlap compete."""
    inbound = [c for c in part.connectors if c.direction == "inbound"]
    restrictions = ("RestrictDomainsToIPAddresses", "RestrictDomainsToCertificate")
    restricting_connectors = [c for c in inbound if any(c.parameters.get(k) for k in restrictions)]
    restricting_ids = {id(c) for c in restricting_connectors}
    allowing_connectors = [c for c in inbound if id(c) not in restricting_ids]
    index = _Restricting(restricting_connectors)
    pairs = [
        (allow, restricting_connectors[r])
        for allow in allowing_connectors
        for r in index.competing(_sender_domains(allow))
    ]
    if pairs:
        allowing = ", ".join(dict.fromkeys(allow.name for allow, _ in pairs))
        restricting = ", ".join(dict.fromkeys(restrict.name for _, restrict in pairs))
        part.warn(catalogue.warning("allow-vs-restrict-precedence", allow=allowing, restrict=restricting))
