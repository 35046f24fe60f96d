"""Checks and steps that look at the whole plan rather than one scenario (the one place for them)."""

from __future__ import annotations

from advisor.advice import catalogue
from advisor.advice.part import Part, Phase
from advisor.model import validators
from advisor.model.addresses import is_documentation_address
from advisor.model.answers import Answers
from advisor.model.fields import Field, fields_of
from advisor.model.plan import Connector, DnsRecord, PlanWarning
from advisor.model.validators import looks_like_ip


def contribute(answers: Answers, parts: list[Part]) -> Part:
    """Warnings and steps that depend on every scenario's connectors."""
    part = Part()
    connectors = [c for p in parts for c in p.connectors]
    if answers.on_premises_connectors:
        part.warn(catalogue.warning("open-relay"))
    bypassing = [c for c in connectors if c.scenario == "partner-tls" and c.direction == "outbound"]
    if answers.on_premises is not None and answers.on_premises.centralized_mail_transport and bypassing:
        partners = ", ".join(d for c in bypassing for d in _recipient_domains(c))
        part.warn(catalogue.warning("cmt-partner-bypass", partners=partners))
    service = answers.filtering_service
    if service is not None and answers.filtering_service_outbound and bypassing:
        partners = ", ".join(d for c in bypassing for d in _recipient_domains(c))
        part.warn(
            catalogue.warning("filtering-service-partner-bypass", service=service.name, partners=partners)
        )
    documentation = documentation_addresses(answers)
    if documentation:
        part.warn(catalogue.warning("documentation-address", addresses=", ".join(documentation)))
    hybrid_wizard_made_them = any(s.verdict == "managed-by-hybrid-wizard" for p in parts for s in p.scenarios)
    if connectors or hybrid_wizard_made_them:
        step = catalogue.step("steps.accepted-domains", domains=", ".join(answers.domains))
        part.add_step(Phase.ACCEPTED_DOMAINS, step)
    rules = [r for p in parts for r in p.rules]
    if connectors and rules:
        if len(rules) == 1:
            rule_count = catalogue.text("summary-words.rule-count-one")
        else:
            rule_count = catalogue.text("summary-words.rule-count-many", count=str(len(rules)))
        step = catalogue.step(
            "steps.create-connectors-and-rules", count=_connectors(len(connectors)), rules=rule_count
        )
        part.add_step(Phase.CREATE_CONNECTORS, step)
    elif connectors:
        step = catalogue.step("steps.create-connectors", count=_connectors(len(connectors)))
        part.add_step(Phase.CREATE_CONNECTORS, step)
    outbound = [c.name for c in connectors if c.direction == "outbound"]
    if outbound:
        step = catalogue.step("steps.validate-outbound", count=_connectors(len(outbound)))
        part.add_step(Phase.VALIDATE, step)
    return part


def accepted_domains_first(answers: Answers, connectors: list[Connector]) -> list[PlanWarning]:
    """Accepted domains come before any connector (S1, S9): the first warning whenever one is planned."""
    if not connectors:
        return []
    return [catalogue.warning("accepted-domains-first", domains=", ".join(answers.domains))]


def _recipient_domains(c: Connector) -> list[str]:
    domains = c.parameters.get("RecipientDomains", [])
    return domains if isinstance(domains, list) else []


def _connectors(count: int) -> str:
    if count == 1:
        return catalogue.text("summary-words.connector-count-one")
    return catalogue.text("summary-words.connector-count-many", count=str(count))


ADDRESS_CHECKS = (validators.SENDER_IP, validators.SMART_HOST)


def documentation_addresses(answers: Answers) -> list[str]:
    """Answers that hold documentation example addresses (RFC 5737), with their key paths.

    Every key declared with an address validator is looked at, in every section, so a new section is covered
    without a change here.
    """
    found: list[str] = []
    for f in fields_of(Answers):
        if f.section is None:
            continue
        value = getattr(answers, f.name)
        entries = (
            [(f"{f.name}[{i}]", item) for i, item in enumerate(value)]
            if f.kind == "sections"
            else [(f.name, value)]
        )
        for path, section in entries:
            if section is None or (f.name == "devices" and not answers.has_devices):
                continue
            found += _documentation_values(path, section, f.table)
    return found


def _documentation_values(path: str, section: object, table: tuple[Field, ...]) -> list[str]:
    owner = getattr(section, "name", None)  # a partner's or a service's name
    where = path.partition("[")[0]  # partners[1] -> partners

    def named(key: Field) -> str:
        said = catalogue.answer_word("field", f"{where}.{key.name}") if key.label else key.name
        return f"{said}, {owner}" if owner else said

    return [
        catalogue.text("phrases.address-in-a-list", address=value, what=named(key))
        for key in table
        if key.kind == "list" and key.check in ADDRESS_CHECKS
        for value in getattr(section, key.name)
        if looks_like_ip(value) and is_documentation_address(value)
    ]


def spf_records(answers: Answers, parts: list[Part]) -> list[DnsRecord]:
    """One SPF record per domain, merging every scenario's senders (S4, S2)."""
    mechanisms = [m for p in parts for m in p.spf_mechanisms]
    if not mechanisms and not any(p.needs_spf for p in parts):
        return []
    value = " ".join(["v=spf1", *mechanisms, "include:spf.protection.outlook.com", "~all"])
    note = catalogue.text("dns.spf-note")
    return [DnsRecord("TXT", domain, value, note) for domain in answers.domains]
