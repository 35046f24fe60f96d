"""`cert`: a certificate checked against the plan it is for. Pure.

The name check follows how Exchange compares names: a certificate's `*.x` covers a name one label below x;
a connector's `*.x` is met by any certificate name under x. Without a plan, what needs one (the names the
connectors expect, the accepted domains) is not checked, and the report says so.
"""

from __future__ import annotations

from datetime import date, timedelta

from advisor.advice import catalogue
from advisor.model.answers import Answers
from advisor.model.certificate import Certificate
from advisor.model.domains import covers, suffixes
from advisor.model.plan import Plan
from advisor.tenant.findings import Finding, entries

SOON = timedelta(days=30)


def certificate_finding(code: str, **values: str) -> Finding:
    entry = entries()["certificate"][code]
    key = f"findings.certificate.{code}"
    return Finding(
        code,
        entry["severity"],
        None,
        None,
        catalogue.fill(key, entry["message"], values),
        catalogue.fill(
            key, entry["action"], {k: v for k, v in values.items() if f"{{{k}}}" in entry["action"]}
        ),
        entry["source"],
    )


def certificate_covers(certificate_name: str, name: str) -> bool:
    """A certificate's name covers `name`: the same, or `*.x` for a name exactly one label below x."""
    certificate_name, name = certificate_name.lower(), name.lower()
    if certificate_name == name:
        return True
    return (
        certificate_name.startswith("*.")
        and name.partition(".")[2] == certificate_name[2:]
        and "*" not in name
    )


def meets(expected: str, certificate: Certificate) -> bool:
    """The connector's certificate name `expected` is met by one of the certificate's names."""
    return any(certificate_covers(n, expected) or covers(expected, n) for n in certificate.names)


def check(
    certificate: Certificate,
    today: date,
    expected: list[str] | None = None,
    accepted: list[str] | None = None,
    cut_over: date | None = None,
) -> list[Finding]:
    """Findings for one certificate; `expected` and `accepted` come from a plan (None: no plan given)."""
    found: list[Finding] = []
    names = ", ".join(certificate.names) or "(no DNS name)"
    for name in expected or []:
        if not meets(name, certificate):
            found.append(certificate_finding("certificate-name-mismatch", expected=name, names=names))
    if accepted is not None:
        domains = {d.lower() for d in accepted}
        if not any(set(suffixes(n.removeprefix("*."))) & domains for n in certificate.names):
            found.append(
                certificate_finding(
                    "certificate-not-accepted-domain", names=names, domains=", ".join(accepted)
                )
            )
    ends = certificate.not_after.date()
    if certificate.not_before.date() > today:
        found.append(
            certificate_finding("certificate-not-yet-valid", date=certificate.not_before.date().isoformat())
        )
    if ends < today:
        found.append(certificate_finding("certificate-expired", date=ends.isoformat()))
    elif cut_over is not None and ends <= cut_over:
        when = entries()["certificate"]["expires-before-cut-over"].format(cut_over=cut_over.isoformat())
        found.append(certificate_finding("certificate-expires-soon", date=ends.isoformat(), when=when))
    elif ends - today <= SOON:
        when = entries()["certificate"]["expires-within"]
        found.append(certificate_finding("certificate-expires-soon", date=ends.isoformat(), when=when))
    if certificate.self_signed:
        found.append(certificate_finding("certificate-self-signed"))
    return found


def expected_of(answers: Answers, plan: Plan) -> tuple[list[str], list[str]]:
    """What the plan expects of the on-premises server's certificate: the name the answers give for it and
    what the plan's OnPremises connectors match (a `*.x` of it, say); and the accepted domains it is in."""
    named = answers.on_premises.certificate_name if answers.on_premises else None
    expected = ([named] if named else []) + [
        str(c.parameters["TlsSenderCertificateName"])
        for c in plan.connectors
        if c.direction == "inbound"
        and c.parameters.get("ConnectorType") == "OnPremises"
        and c.parameters.get("TlsSenderCertificateName")
    ]
    return list(dict.fromkeys(expected)), [*plan.domains, *plan.new_accepted_domains]
