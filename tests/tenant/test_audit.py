"""audit: every finding raised and absent in the nearest clean case, exit codes, JSON, the reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.decide import decide
from advisor.inputs.answers_file import parse_text
from advisor.model.validation import validate_answers
from advisor.tenant.audit import audit
from tests.tenant.records import (
    DOMAINS,
    ONPREM,
    advisor,
    inbound,
    outbound,
    tenant_of,
    write,
)

# -- audit: every finding, raised and absent in the nearest clean case -----------------------------------

ALL_ACCEPTED = outbound(
    "All",
    ConnectorType="OnPremises",
    RecipientDomains=[],
    AllAcceptedDomains=True,
    UseMXRecord=False,
    SmartHosts=["a.contoso.net"],
)
CASES: list[
    tuple[str, list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]
] = [
    # code, inbound (raised), outbound (raised), inbound (clean), outbound (clean)
    (
        "onprem-certificate-not-accepted",
        [inbound("On-prem", **ONPREM, TlsSenderCertificateName="mail.fabrikam.net")],
        [],
        [inbound("On-prem", **ONPREM, TlsSenderCertificateName="contoso.com")],
        [],
    ),
    (
        "onprem-certificate-host-name",
        [inbound("On-prem", **ONPREM, TlsSenderCertificateName="mail.contoso.com")],
        [],
        [inbound("On-prem", **ONPREM, TlsSenderCertificateName="*.contoso.com")],
        [],
    ),
    (
        "onprem-identified-by-ip",
        [inbound("On-prem", **ONPREM, SenderIPAddresses=["203.0.113.5"])],
        [],
        [
            inbound(
                "On-prem", **ONPREM, SenderIPAddresses=["203.0.113.5"], TlsSenderCertificateName="contoso.com"
            )
        ],
        [],
    ),
    ("partner-no-restriction", [inbound(RequireTls=False)], [], [inbound(RequireTls=True)], []),
    (
        "partner-ip-and-certificate",
        [inbound(SenderIPAddresses=["192.0.2.0/24"], TlsSenderCertificateName="mail.contosobank.com")],
        [],
        [inbound(SenderIPAddresses=["192.0.2.0/24"], RestrictDomainsToIPAddresses=True)],
        [],
    ),
    (
        "partner-allow-beside-restrict",
        [
            inbound("Allow"),
            inbound("Restrict", SenderIPAddresses=["192.0.2.0/24"], RestrictDomainsToIPAddresses=True),
        ],
        [],
        [
            inbound("Allow", SenderDomains=["fabrikam.com"]),
            inbound("Restrict", SenderIPAddresses=["192.0.2.0/24"], RestrictDomainsToIPAddresses=True),
        ],
        [],
    ),
    (
        "filtering-service-without-enhanced-filtering",
        [
            inbound(
                "Gateway",
                SenderDomains=["smtp:*;1"],
                SenderIPAddresses=["198.51.100.0/24"],
                RestrictDomainsToIPAddresses=True,
            )
        ],
        [],
        [
            inbound(
                "Gateway",
                SenderDomains=["smtp:*;1"],
                SenderIPAddresses=["198.51.100.0/24"],
                RestrictDomainsToIPAddresses=True,
                EFSkipLastIP=True,
            )
        ],
        [],
    ),
    (
        "outbound-weak-tls",
        [],
        [
            outbound(
                "To server",
                ConnectorType="OnPremises",
                RecipientDomains=["contoso.com"],
                UseMXRecord=False,
                SmartHosts=["mail.contoso.com"],
                TlsSettings="EncryptionOnly",
                TlsDomain=None,
            )
        ],
        [],
        [
            outbound(
                "To server",
                ConnectorType="OnPremises",
                RecipientDomains=["contoso.com"],
                UseMXRecord=False,
                SmartHosts=["mail.contoso.com"],
                TlsSettings="CertificateValidation",
                TlsDomain=None,
            )
        ],
    ),
    (
        "routing-domain-on-premises",
        [],
        [
            outbound(
                "To server",
                ConnectorType="OnPremises",
                RecipientDomains=["contoso.com", "contoso.mail.onmicrosoft.com"],
                UseMXRecord=False,
                SmartHosts=["mail.contoso.com"],
                TlsSettings="CertificateValidation",
            )
        ],
        [],
        [
            outbound(
                "To server",
                ConnectorType="OnPremises",
                RecipientDomains=["contoso.com"],
                UseMXRecord=False,
                SmartHosts=["mail.contoso.com"],
                TlsSettings="CertificateValidation",
            )
        ],
    ),
    (
        "outbound-overlap",
        [],
        [outbound("One"), outbound("Two")],
        [],
        [outbound("One"), outbound("Two", IsTransportRuleScoped=True)],
    ),
    (
        "outbound-order-ambiguous",
        [],
        [
            ALL_ACCEPTED,
            outbound("Wild", RecipientDomains=["*.contoso.com"]),
        ],
        [],
        [
            ALL_ACCEPTED,
            outbound("Wild", RecipientDomains=["*.fabrikam.com"]),
        ],
    ),
    ("hybrid-wizard-owned", [inbound(ConnectorSource="HybridWizard")], [], [inbound()], []),
    (
        "settings-not-read",
        [{k: v for k, v in inbound().items() if k != "RequireTls"}],
        [],
        [inbound()],
        [],
    ),
    (
        "onprem-certificate-shared-wildcard",
        [inbound("Signatures back", **ONPREM, TlsSenderCertificateName="*.vendor-mail.example")],
        [],
        [inbound("Signatures back", **ONPREM, TlsSenderCertificateName="*.contoso.com")],
        [],
    ),
    (
        "onprem-certificate-wildcard",
        [inbound("On-prem", **ONPREM, TlsSenderCertificateName="*.contoso.com")],
        [],
        [inbound("On-prem", **ONPREM, TlsSenderCertificateName="contoso.com")],
        [],
    ),
    (
        "private-address",
        [inbound(SenderIPAddresses=["192.168.10.5", "203.0.113.5"], RestrictDomainsToIPAddresses=True)],
        [],
        [inbound(SenderIPAddresses=["198.51.100.5", "203.0.113.5"], RestrictDomainsToIPAddresses=True)],
        [],
    ),
    (
        "onprem-outbound-mx-lookup",
        [],
        [
            outbound(
                "To on-prem", ConnectorType="OnPremises", UseMXRecord=True, TlsSettings="DomainValidation"
            )
        ],
        [],
        [
            outbound(
                "To on-prem",
                ConnectorType="OnPremises",
                UseMXRecord=False,
                SmartHosts=["mail.contoso.com"],
                TlsSettings="DomainValidation",
            )
        ],
    ),
    (
        "partner-outbound-weak-tls",
        [],
        [outbound(SmartHosts=["mx.contosobank.com"], UseMXRecord=False, TlsSettings="EncryptionOnly")],
        [],
        [outbound(SmartHosts=["mx.contosobank.com"], UseMXRecord=False, TlsSettings="DomainValidation")],
    ),
    (
        "connector-never-applies",
        [
            inbound(
                "On-prem", **{**ONPREM, "SenderDomains": ["smtp:;1"]}, TlsSenderCertificateName="contoso.com"
            )
        ],
        [],
        [inbound("On-prem", **ONPREM, TlsSenderCertificateName="contoso.com")],
        [],
    ),
    (
        "restriction-no-effect",
        [
            inbound(
                "On-prem", **ONPREM, TlsSenderCertificateName="contoso.com", RestrictDomainsToCertificate=True
            )
        ],
        [],
        [inbound("On-prem", **ONPREM, TlsSenderCertificateName="contoso.com")],
        [],
    ),
    (
        "enhanced-filtering-not-in-effect",
        [inbound("Gateway", SenderDomains=["smtp:*;1"], EFSkipLastIP=True, EFTestMode=True)],
        [],
        [inbound("Gateway", SenderDomains=["smtp:*;1"], EFSkipLastIP=True, EFTestMode=False)],
        [],
    ),
    ("connector-disabled", [inbound(Enabled=False)], [], [inbound()], []),
]
DOMAINS_WITH_SUBDOMAIN = [*DOMAINS, {"DomainName": "sales.contoso.com", "DomainType": "Authoritative"}]


@pytest.mark.parametrize(
    ("code", "raised_in", "raised_out", "clean_in", "clean_out"), CASES, ids=[c[0] for c in CASES]
)
def test_each_finding_is_raised_and_absent_in_the_clean_case(
    tmp_path: Path, code: str, raised_in: Any, raised_out: Any, clean_in: Any, clean_out: Any
) -> None:
    raised = audit(tenant_of(tmp_path, raised_in, raised_out, DOMAINS_WITH_SUBDOMAIN))
    clean = audit(tenant_of(tmp_path, clean_in, clean_out, DOMAINS_WITH_SUBDOMAIN))
    assert code in [f.code for f in raised]
    assert code not in [f.code for f in clean]


def test_accepted_domains_unknown_lists_the_skipped_checks(tmp_path: Path) -> None:
    cert = [inbound("On-prem", **ONPREM, TlsSenderCertificateName="mail.fabrikam.net")]
    found = audit(tenant_of(tmp_path, cert, [], domains=None))
    codes = [f.code for f in found]
    assert "accepted-domains-unknown" in codes
    assert "onprem-certificate-not-accepted" not in codes  # skipped, and listed in the note
    assert "onprem-certificate-not-accepted" in found[codes.index("accepted-domains-unknown")].message
    assert "accepted-domains-unknown" not in [f.code for f in audit(tenant_of(tmp_path, cert, []))]


def test_audit_exit_codes_and_json_contract(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "e.json",
        {"inbound": [inbound(RequireTls=False)], "outbound": [], "accepted_domains": DOMAINS},
    )
    result = advisor("audit", path, "-f", "json")
    assert result.returncode == 3, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"advisor_version", "tenant", "findings", "counts", "sources"}
    assert set(data["findings"][0]) == {
        "code",
        "severity",
        "connector",
        "direction",
        "message",
        "action",
        "source",
    }
    assert advisor("audit", path, "--fail-on", "critical").returncode == 0
    assert advisor("audit", path, "--fail-on", "never").returncode == 0
    clean = write(tmp_path, "c.json", {"inbound": [inbound()], "outbound": [], "accepted_domains": DOMAINS})
    assert advisor("audit", clean).returncode == 0
    assert advisor("audit", clean, "--fail-on", "info").returncode == 0


def test_fail_on_offers_every_severity_and_never() -> None:
    """`--fail-on` names the severities again (typer needs an Enum): it must follow the vocabulary."""
    from advisor.cli.options import FAIL_ON
    from advisor.model.vocabulary import SEVERITY_ORDER

    assert list(FAIL_ON) == [*reversed(SEVERITY_ORDER), "never"]


def test_audit_handouts_escape_connector_names(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script>"|*_[x](y)'
    path = write(
        tmp_path,
        "h.json",
        {"inbound": [inbound(hostile, RequireTls=False)], "outbound": [], "accepted_domains": DOMAINS},
    )
    page = advisor("audit", path, "-f", "html", "--fail-on", "never").stdout
    assert "<script>" not in page
    assert "&lt;script&gt;" in page
    text = advisor("audit", path, "-f", "markdown", "--fail-on", "never").stdout
    assert "\\<script\\>" in text
    assert "### " in text
    assert "[S3](#source-s3)" in text


# The plan warns about what its own audit finds: audit code -> the plan warning that covers it.
PLAN_WARNS = {
    "onprem-identified-by-ip": "ip-identification-shared",
    "onprem-certificate-wildcard": "certificate-host-name",  # the plan names a host by its wildcard
}


@pytest.mark.parametrize(
    "name",
    [
        "cloud-only",
        "combined",
        "device-relay",
        "filtering-service",
        "hybrid",
        "partner-tls",
        "standalone-eop",
    ],
)
def test_the_advisors_own_plans_pass_its_audit(name: str) -> None:
    """A tenant built exactly from a plan raises no finding the plan does not already warn about."""
    from advisor.inputs.examples import example_text
    from advisor.tenant.planned import tenant_from_plan

    plan = decide(validate_answers(parse_text(example_text(name), name)))
    for f in audit(tenant_from_plan(plan)):
        assert f.severity != "critical", f
        assert PLAN_WARNS.get(f.code) in plan.warning_codes(), f


def test_every_finding_code_is_tested_and_cites_known_sources() -> None:
    from advisor.advice import catalogue
    from advisor.model.plan import source_keys
    from advisor.tenant.findings import entries

    codes = {
        k
        for k in entries()
        if k not in ("routes", "report", "portfolio", "certificate", "dns", "verify")
        and not k.endswith("-reasons")
    }
    assert codes == {c[0] for c in CASES} | {"accepted-domains-unknown"}
    known = set(catalogue.entries()["sources"])
    for code in codes:
        assert set(source_keys(entries()[code]["source"])) <= known, code


def test_a_connector_the_hybrid_wizard_owns_is_fixed_by_running_the_wizard_again(tmp_path: Path) -> None:
    """The action never contradicts `hybrid-wizard-owned`: no change by hand to a wizard's connector."""
    by_hand = inbound("From on-prem", **ONPREM, TlsSenderCertificateName="mail.fabrikam.net")
    owned = {**by_hand, "ConnectorSource": "HybridWizard"}
    manual = next(f for f in audit(tenant_of(tmp_path, [by_hand], [])) if f.code.startswith("onprem-cert"))
    wizard = next(f for f in audit(tenant_of(tmp_path, [owned], [])) if f.code.startswith("onprem-cert"))
    assert "set TlsSenderCertificateName" in manual.action
    assert "tenant-unique certificate domain" in manual.action
    assert "Hybrid Configuration Wizard again" in wizard.action
    assert "TlsSenderCertificateName" not in wizard.action


def test_findings_on_a_disabled_connector_are_notes(tmp_path: Path) -> None:
    bad = inbound("Old relay", **ONPREM, TlsSenderCertificateName="mail.fabrikam.net")
    enabled = audit(tenant_of(tmp_path, [bad], []))
    disabled = audit(tenant_of(tmp_path, [{**bad, "Enabled": False}], []))
    assert any(f.severity == "critical" for f in enabled)
    assert {f.severity for f in disabled} == {"info"}
    assert "connector-disabled" in [f.code for f in disabled]
    assert "onprem-certificate-not-accepted" in [f.code for f in disabled]


def test_a_shared_wildcard_is_its_own_finding_not_also_not_accepted(tmp_path: Path) -> None:
    shared = inbound("Back from vendor", **ONPREM, TlsSenderCertificateName="*.vendor-mail.example")
    codes = [f.code for f in audit(tenant_of(tmp_path, [shared], []))]
    assert "onprem-certificate-shared-wildcard" in codes
    assert "onprem-certificate-not-accepted" not in codes


def test_private_addresses_name_each_address_and_field(tmp_path: Path) -> None:
    record = inbound(
        SenderIPAddresses=["10.1.2.3", "203.0.113.9"], EFSkipIPs=["172.16.0.0/24", "100.64.1.0/24"]
    )
    found = next(f for f in audit(tenant_of(tmp_path, [record], [])) if f.code == "private-address")
    assert "10.1.2.3 in SenderIPAddresses" in found.message
    assert "172.16.0.0/24 in EFSkipIPs" in found.message
    assert "100.64.1.0/24 in EFSkipIPs" in found.message
    assert "203.0.113.9" not in found.message  # a documentation example stands for a public address


def test_enhanced_filtering_limited_to_some_users_is_not_in_effect(tmp_path: Path) -> None:
    gateway = inbound("Gateway", SenderDomains=["smtp:*;1"], EFSkipLastIP=True, EFUsers=["a@contoso.com"])
    found = [
        f for f in audit(tenant_of(tmp_path, [gateway], [])) if f.code == "enhanced-filtering-not-in-effect"
    ]
    assert found
    assert "1 listed recipients" in found[0].message


def test_a_connector_limited_to_domains_that_are_not_accepted_never_applies(tmp_path: Path) -> None:
    limited = inbound(AssociatedAcceptedDomains=["fabrikam.net"])
    fine = inbound(AssociatedAcceptedDomains=["contoso.com"])
    assert "connector-never-applies" in [f.code for f in audit(tenant_of(tmp_path, [limited], []))]
    assert "connector-never-applies" not in [f.code for f in audit(tenant_of(tmp_path, [fine], []))]
    unknown = audit(tenant_of(tmp_path, [limited], [], domains=None))
    assert "connector-never-applies" not in [f.code for f in unknown]  # not judged without accepted domains


def test_a_setting_the_export_lacks_is_not_taken_as_off(tmp_path: Path) -> None:
    """Absent is not off: no finding rests on a setting the export does not have, and the report says so."""
    on_prem = {
        "Name": "OnPrem in",
        "ConnectorType": "OnPremises",
        "SenderDomains": ["smtp:*;1"],
        "RequireTls": True,
    }
    gateway = {
        "Name": "Gateway",
        "ConnectorType": "Partner",
        "SenderDomains": ["smtp:*;1"],
        "RestrictDomainsToIPAddresses": True,
        "SenderIPAddresses": ["203.0.113.5"],
    }
    found = audit(tenant_of(tmp_path, [on_prem, gateway], []))
    codes = [f.code for f in found]
    assert "connector-never-applies" not in codes
    assert "filtering-service-without-enhanced-filtering" not in codes
    assert codes.count("settings-not-read") == 2
    assert {f.severity for f in found} == {"info"}
