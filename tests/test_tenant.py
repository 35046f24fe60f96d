"""Existing tenants (issue 12): exports in every shape, audit findings both ways, route, diff, collect."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.advice.decide import decide
from advisor.errors import AnswersInvalid, UserError
from advisor.inputs.answers_file import parse_text
from advisor.inputs.exports import load_exports
from advisor.model.convergence import update_parameters
from advisor.model.tenant import INBOUND_PARAMETERS, OUTBOUND_PARAMETERS, Tenant
from advisor.model.validation import validate_answers
from advisor.tenant.audit import audit
from advisor.tenant.diff import compare
from advisor.tenant.route import route_inbound, route_outbound
from tests.conftest import ROOT
from tests.powershell_grammar import commands, parse, problems
from tests.test_powershell import split_rollback

EXPORTS = Path(__file__).parent / "data" / "exports"


def advisor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )


def write(tmp_path: Path, name: str, data: Any, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, indent=2), encoding=encoding)
    return str(path)


def inbound(name: str = "Partner A", **fields: Any) -> dict[str, Any]:
    record = {
        "Name": name,
        "Identity": name,
        "Enabled": True,
        "ConnectorType": "Partner",
        "ConnectorSource": "AdminUI",
        "Comment": "",
        "SenderDomains": ["smtp:contosobank.com;1"],
        "SenderIPAddresses": [],
        "TlsSenderCertificateName": None,
        "RequireTls": True,
        "RestrictDomainsToIPAddresses": False,
        "RestrictDomainsToCertificate": False,
        "EFSkipLastIP": False,
        "EFSkipIPs": [],
    }
    record.update(fields)
    return record


def outbound(name: str = "To partner", **fields: Any) -> dict[str, Any]:
    record = {
        "Name": name,
        "Enabled": True,
        "ConnectorType": "Partner",
        "ConnectorSource": "AdminUI",
        "Comment": "",
        "RecipientDomains": ["contosobank.com"],
        "SmartHosts": [],
        "UseMXRecord": True,
        "TlsSettings": "DomainValidation",
        "TlsDomain": "mx.contosobank.com",
        "IsTransportRuleScoped": False,
        "AllAcceptedDomains": False,
        "RouteAllMessagesViaOnPremises": False,
    }
    record.update(fields)
    return record


DOMAINS = [
    {"DomainName": d, "DomainType": "Authoritative"} for d in ("contoso.com", "contoso.onmicrosoft.com")
]


def tenant_of(
    tmp_path: Path, inbound_: list[dict[str, Any]], outbound_: list[dict[str, Any]], domains: Any = DOMAINS
) -> Tenant:
    data: dict[str, Any] = {"collected": "2026-11-27T00:00:00Z", "inbound": inbound_, "outbound": outbound_}
    if domains is not None:
        data["accepted_domains"] = domains
    return load_exports([write(tmp_path, "export.json", data)])


# -- reading every shape into one model -----------------------------------------------------------------


def without_places(tenant: Tenant) -> list[Any]:
    return [replace(c, where="") for c in tenant.connectors]


def test_every_export_shape_reads_into_the_same_model(tmp_path: Path) -> None:
    records_in = json.loads((EXPORTS / "rest-inbound.json").read_text())
    record_out = json.loads((EXPORTS / "rest-outbound.json").read_text())
    domains = json.loads((EXPORTS / "accepted-domains.json").read_text())
    plain = load_exports(
        [
            str(EXPORTS / "rest-inbound.json"),
            str(EXPORTS / "rest-outbound.json"),
            str(EXPORTS / "accepted-domains.json"),
        ]
    )
    collected = load_exports(
        [
            write(
                tmp_path,
                "c.json",
                {"inbound": records_in, "outbound": [record_out], "accepted_domains": domains},
            )
        ]
    )
    scuba = load_exports(
        [
            write(
                tmp_path,
                "s.json",
                {"inbound_connectors": records_in, "outbound_connectors": [record_out, None]},
            ),
            write(tmp_path, "d.json", domains),
        ]
    )
    # Windows PowerShell 5.1: UTF-16 from Out-File, dates as \/Date(ms)\/, sender domains without smtp:
    ps51 = copy.deepcopy(records_in)
    ps51[0]["SenderDomains"] = ["*"]
    utf16 = load_exports(
        [
            write(tmp_path, "i.json", ps51, encoding="utf-16"),
            write(tmp_path, "o.json", record_out, encoding="utf-8-sig"),
            write(tmp_path, "a.json", domains),
        ]
    )
    expected = without_places(plain)
    for other in (collected, scuba, utf16):
        assert without_places(other) == expected
        assert other.accepted_domains == ["rob-knight.com", "m7kni.onmicrosoft.com"]
    first = plain.connectors[0]
    assert (first.direction, first.type, first.enabled, first.sender_domains) == (
        "inbound",
        "OnPremises",
        False,
        ("*",),
    )
    assert first.certificate_name == "*.rob-knight.com"
    out = plain.outbound[0]
    assert (out.rule_scoped, out.smart_hosts, out.tls_settings) == (
        True,
        ("smtp-relay.gmail.com",),
        "CertificateValidation",
    )


def test_the_scubagear_ps51_sample_reads(tmp_path: Path) -> None:
    tenant = load_exports([str(EXPORTS / "scubagear-ps51.json")])
    (c,) = tenant.connectors
    assert (c.name, c.type, c.sender_domains, c.require_tls) == (
        "inbound connector test 1",
        "Partner",
        ("test.domain.com",),
        True,
    )
    assert c.changed == "2026-03-03T01:15:23Z"  # \/Date(1772500523000)\/
    assert tenant.accepted_domains is None
    assert c.sender_ip_addresses == ()  # PowerShell 5.1's blank lines in an empty array


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (inbound(ConnectorType=1), "a number, not a name"),
        (inbound(SenderDomains="System.Collections.ArrayList"), "cut off by a too small -Depth"),
        (inbound(RequireTls="yes"), "true or false"),
        (outbound(TlsSettings="Strongest"), "EncryptionOnly, CertificateValidation, DomainValidation"),
        ({"Foo": 1}, "neither a connector nor an accepted domain"),
    ],
)
def test_bad_exports_name_the_file_and_the_place(
    tmp_path: Path, record: dict[str, Any], expected: str
) -> None:
    path = write(tmp_path, "bad.json", [inbound("fine"), record])
    with pytest.raises(AnswersInvalid) as caught:
        load_exports([path])
    (problem,) = caught.value.problems
    assert problem.path.startswith(f"{path}: [1]")
    assert expected in f"{problem.message} {problem.accepted}"
    result = advisor("audit", path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "[1]" in result.stderr


def test_files_that_are_not_exports(tmp_path: Path) -> None:
    for content in ("", "not json", "42", '"text"'):
        path = tmp_path / "x.json"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(UserError):
            load_exports([str(path)])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "Name",
                        "SenderDomains",
                        "RecipientDomains",
                        "Enabled",
                        "ConnectorType",
                        "TlsSettings",
                        "DomainName",
                        "inbound",
                        "outbound",
                        "accepted_domains",
                        "SmartHosts",
                        "x",
                    ]
                ),
                children,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_arbitrary_json_never_crashes(tmp_path: Path, data: Any) -> None:
    path = write(tmp_path, "any.json", data)
    try:
        tenant = load_exports([path])
    except UserError:
        return
    audit(tenant)  # whatever was read can be checked


# -- audit: every finding, raised and absent in the nearest clean case -----------------------------------

ONPREM = {"ConnectorType": "OnPremises", "SenderDomains": ["smtp:*;1"], "RequireTls": True}
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
    from advisor.cli.tenant_commands import FAIL_ON
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


# -- route -----------------------------------------------------------------------------------------------


def test_route_answers_the_seed_articles_multiple_connector_example() -> None:
    tenant = load_exports([str(EXPORTS / "seed-multiple-outbound.json")])
    fabrikam = route_outbound(tenant, "john@fabrikam.com")
    contoso = route_outbound(tenant, "john@contoso.com")
    sales = route_outbound(tenant, "john@sales.contoso.com")
    assert (fabrikam.outcome, fabrikam.connector) == ("connector", "Connector 1")
    assert (contoso.outcome, contoso.connector) == ("connector", "Connector 2")
    assert (sales.outcome, sales.connector) == ("ambiguous", None)
    assert sales.candidates == ["Connector 1", "Connector 3"]
    assert "Get-OutboundConnectorReport -Domain sales.contoso.com" in sales.notes[-1]
    assert sales.warnings == ["outbound-order-ambiguous"]
    assert route_outbound(tenant, "a@elsewhere.org").outcome == "mx"
    result = advisor(
        "route", str(EXPORTS / "seed-multiple-outbound.json"), "--to", "john@sales.contoso.com", "-f", "json"
    )
    assert json.loads(result.stdout)["outcome"] == "ambiguous"


def test_route_outbound_rules(tmp_path: Path) -> None:
    tenant = tenant_of(
        tmp_path,
        [],
        [
            outbound("Scoped", RecipientDomains=["contosobank.com"], IsTransportRuleScoped=True),
            outbound("Wild", RecipientDomains=["*.fabrikam.com"]),
            outbound("Everything", RecipientDomains=["*"]),
        ],
    )
    scoped = route_outbound(tenant, "a@contosobank.com")
    assert (scoped.connector, scoped.rule) == ("Everything", "3. wildcard *")
    assert any("Scoped: only when a mail flow rule routes to it" in n for n in scoped.notes)
    assert route_outbound(tenant, "a@mail.fabrikam.com").connector == "Wild"


def test_route_inbound_rules(tmp_path: Path) -> None:
    tenant = tenant_of(
        tmp_path,
        [
            inbound("Server by cert", **ONPREM, TlsSenderCertificateName="*.contoso.com"),
            inbound("Server by IP", **ONPREM, SenderIPAddresses=["203.0.113.0/28"]),
            inbound("Bank", SenderIPAddresses=["192.0.2.0/24"], RestrictDomainsToIPAddresses=True),
            inbound("Payroll", SenderDomains=["smtp:payroll.example;1"]),
        ],
        [],
    )
    cert = route_inbound(tenant, "ndr@fabrikam.net", "198.51.100.9", "mail.contoso.com")
    assert (cert.connector, cert.outcome) == (
        "Server by cert",
        "relay-allowed",
    )  # certificate domain accepted
    ip_ok = route_inbound(tenant, "user@contoso.com", "203.0.113.4", None)
    assert (ip_ok.connector, ip_ok.outcome) == ("Server by IP", "relay-allowed")
    ip_denied = route_inbound(tenant, "forwarded@gmail.com", "203.0.113.4", None)
    assert ip_denied.outcome == "relay-denied"  # ATTR36
    assert "ATTR36" in ip_denied.notes[-1]
    assert route_inbound(tenant, "a@contosobank.com", "192.0.2.7", None).outcome == "connector"
    rejected = route_inbound(tenant, "a@contosobank.com", "203.0.113.200", None)
    assert (rejected.connector, rejected.outcome) == ("Bank", "rejected")
    assert route_inbound(tenant, "a@payroll.example", "8.8.8.8", None).connector == "Payroll"
    assert route_inbound(tenant, "a@random.org", "8.8.8.8", None).outcome == "none"


def test_route_never_guesses_among_partner_connectors_that_fit_the_same_mail(tmp_path: Path) -> None:
    bank = {"SenderDomains": ["smtp:contosobank.com;1"]}
    tenant = tenant_of(
        tmp_path,
        [
            inbound("Bank A", **bank, SenderIPAddresses=["192.0.2.0/25"], RestrictDomainsToIPAddresses=True),
            inbound("Bank B", **bank, SenderIPAddresses=["192.0.2.0/24"], RestrictDomainsToIPAddresses=True),
            inbound("Shop 1", SenderDomains=["smtp:shop.example;1"]),
            inbound(
                "Shop 2", SenderDomains=["smtp:shop.example;1", "smtp:*.shop.example;1"], RequireTls=False
            ),
        ],
        [],
    )
    both = route_inbound(tenant, "a@contosobank.com", "192.0.2.7", None)
    assert (both.outcome, both.connector, both.candidates) == ("ambiguous", None, ["Bank A", "Bank B"])
    assert "documents no order" in both.notes[0]
    one = route_inbound(tenant, "a@contosobank.com", "192.0.2.200", None)
    assert (one.outcome, one.connector) == ("connector", "Bank B")
    none = route_inbound(tenant, "a@contosobank.com", "203.0.113.9", None)
    assert (none.outcome, none.connector, none.candidates) == ("rejected", None, ["Bank A", "Bank B"])
    shops = route_inbound(tenant, "a@shop.example", "8.8.8.8", None)
    assert (shops.outcome, shops.candidates) == ("ambiguous", ["Shop 1", "Shop 2"])
    assert (
        route_inbound(tenant, "a@mail.shop.example", "8.8.8.8", None).connector == "Shop 2"
    )  # only one fits


def test_route_names_every_on_premises_connector_that_fits_the_same_certificate(tmp_path: Path) -> None:
    tenant = tenant_of(
        tmp_path,
        [
            inbound("Server 1", **ONPREM, TlsSenderCertificateName="mail.contoso.com"),
            inbound("Server 2", **ONPREM, TlsSenderCertificateName="*.contoso.com"),
            inbound("By IP", **ONPREM, SenderIPAddresses=["203.0.113.0/28"]),
        ],
        [],
    )
    both = route_inbound(tenant, "a@contoso.com", "203.0.113.4", "mail.contoso.com")
    assert (both.connector, both.outcome) == (None, "relay-allowed")
    assert both.candidates == ["Server 1", "Server 2", "By IP"]
    assert "Server 1, Server 2" in both.notes[0]
    assert "not which of several matching connectors wins" in both.notes[0]
    one = route_inbound(tenant, "a@contoso.com", "203.0.113.4", "relay.contoso.com")
    assert (one.connector, one.outcome) == ("Server 2", "relay-allowed")  # the certificate decides first


def test_route_on_an_answers_file() -> None:
    path = ROOT / "advisor" / "inputs" / "examples" / "combined.yaml"
    result = advisor("route", str(path), "--to", "someone@contosobank.com", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["connector"] == "From Office 365 to partner Contoso Bank"


# -- diff ------------------------------------------------------------------------------------------------


def export_of_plan(plan: Any, tmp_path: Path, change: tuple[str, str, Any] | None = None) -> str:
    """An export as collect would write it for a tenant made exactly from the plan."""
    records: dict[str, list[dict[str, Any]]] = {"inbound": [], "outbound": []}
    for c in plan.connectors:
        # Get-*Connector writes every property: the planned ones, and the rest at their cleared values.
        every = INBOUND_PARAMETERS if c.direction == "inbound" else OUTBOUND_PARAMETERS
        record: dict[str, Any] = {k: None for k in every}
        record.update({k: v for k, v in update_parameters(c).items()})
        record["Name"] = c.name
        record["Enabled"] = True
        record["ConnectorSource"] = "AdminUI"
        if c.direction == "inbound":
            record["SenderDomains"] = [f"smtp:{d};1" for d in record.get("SenderDomains", [])]
        if change and change[0] == c.name:
            record[change[1]] = change[2]
        records[c.direction].append(record)
    domains = [{"DomainName": d, "DomainType": "Authoritative"} for d in plan.domains]
    return write(tmp_path, "own.json", {**records, "accepted_domains": domains})


def test_diff_of_a_plan_against_its_own_tenant_is_in_step(tmp_path: Path) -> None:
    answers = ROOT / "advisor" / "inputs" / "examples" / "combined.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "combined")))
    export = export_of_plan(plan, tmp_path)
    comparison = compare(plan, load_exports([export]))
    assert comparison.in_step
    assert (comparison.missing, comparison.extra) == ([], [])
    result = advisor("diff", str(answers), export)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "In step" in result.stdout


def test_diff_reports_exactly_the_changed_parameter(tmp_path: Path, cmdlet_parameters: dict) -> None:
    answers = ROOT / "advisor" / "inputs" / "examples" / "combined.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "combined")))
    target = next(c for c in plan.connectors if c.direction == "outbound")
    export = export_of_plan(plan, tmp_path, (target.name, "TlsSettings", "EncryptionOnly"))
    comparison = compare(plan, load_exports([export]))
    assert not comparison.in_step
    (match,) = comparison.changed
    assert [(d.parameter, d.planned, d.existing) for d in match.differences] == [
        ("TlsSettings", target.parameters["TlsSettings"], "EncryptionOnly")
    ]
    result = advisor("diff", str(answers), export, "-f", "powershell", "-o", str(tmp_path / "converge.ps1"))
    assert result.returncode == 3
    raw = (tmp_path / "converge.ps1").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    script = raw[3:].decode("utf-8").replace("\r\n", "\n")
    assert problems(parse(script)) == []
    root = parse(split_rollback(script)[0])
    changes = [c for c in commands(root) if c.name.endswith("Connector") and not c.name.startswith("Get-")]
    assert [c.name for c in changes] == ["Set-OutboundConnector"]
    assert set(changes[0].parameters) == {"Identity", "TlsSettings"}
    assert set(changes[0].parameters) <= set(cmdlet_parameters["Set-OutboundConnector"]["parameters"])
    assert "Export-Clixml" in script  # backup first


def test_every_exchange_online_script_has_one_backup_format_and_one_rollback(
    tmp_path: Path, cmdlet_parameters: dict
) -> None:
    """Issue 19 item 14: the converging script records its changes and undoes them with -Rollback, with the
    very rollback of the plan script, so the backup of either feeds the other's -Rollback."""
    from advisor.outputs.views.plan_documents import render_document
    from tests.test_powershell import check_online_rollback

    answers = ROOT / "advisor" / "inputs" / "examples" / "combined.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "combined")))
    target = next(c for c in plan.connectors if c.direction == "outbound")
    export = export_of_plan(plan, tmp_path, (target.name, "TlsSettings", "EncryptionOnly"))
    converge = advisor("diff", str(answers), export, "-f", "powershell").stdout.lstrip("\ufeff")
    converge = converge.replace("\r\n", "\n")
    plan_script = render_document(plan, "powershell", script_name="combined.ps1")
    applied, rollback = split_rollback(converge)
    assert rollback == split_rollback(plan_script)[1]
    check_online_rollback(plan.connectors, plan.rules, rollback, cmdlet_parameters)
    for marker in (
        "Format   = 'connector-advisor backup 2'",
        "Shell    = 'ExchangeOnline'",
        "Changes  = @()",
    ):
        assert marker in applied
        assert marker in plan_script
    assert "Kind = 'OutboundConnector'; Name = $name; Action = 'Updated'" in applied
    assert "[Parameter(ParameterSetName = 'Rollback', Mandatory = $true)]" in converge
    assert "Undo with:" in applied


@pytest.mark.parametrize(
    ("direction", "extra", "cleared"),
    [
        ("outbound", {"IsTransportRuleScoped": True}, {"IsTransportRuleScoped": False}),
        ("outbound", {"TestMode": True}, {"TestMode": False}),
        (
            "inbound",
            {"RestrictDomainsToIPAddresses": True, "SenderIPAddresses": ["198.51.100.7"]},
            {"RestrictDomainsToIPAddresses": False, "SenderIPAddresses": None},
        ),
    ],
)
def test_diff_sees_settings_the_plan_does_not_list(
    tmp_path: Path, direction: str, extra: dict[str, Any], cleared: dict[str, Any]
) -> None:
    """Issue 19.1: a connector with every planned value plus a restriction the plan does not use is not in
    step; the converging script clears it, as the plan script's Set-* path would."""
    answers = ROOT / "advisor" / "inputs" / "examples" / "hybrid.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "hybrid")))
    target = next(c for c in plan.connectors if c.direction == direction)
    assert not set(extra) & set(target.parameters)  # the plan does not list them
    export = export_of_plan(plan, tmp_path)
    data = json.loads(Path(export).read_text())
    record = next(r for r in data[direction] if r["Name"] == target.name)
    record.update(extra)
    Path(export).write_text(json.dumps(data))
    comparison = compare(plan, load_exports([export]))
    (match,) = comparison.changed
    assert {d.parameter: d.planned for d in match.differences} == cleared
    result = advisor("diff", str(answers), export, "-f", "powershell")
    assert result.returncode == 3
    (change,) = [
        c
        for c in commands(parse(split_rollback(result.stdout.lstrip("\ufeff").replace("\r\n", "\n"))[0]))
        if c.name.startswith("Set-") and c.name.endswith("Connector")
    ]
    assert set(change.parameters) == {"Identity", *cleared}
    text = advisor("diff", str(answers), export)
    assert text.returncode == 3
    assert "In step" not in text.stdout
    assert any("differs" in line and next(iter(cleared)) in line for line in text.stdout.splitlines())


def test_diff_never_calls_a_setting_it_did_not_read_in_step(tmp_path: Path) -> None:
    """A record without a setting the scripts write (a trimmed export) is reported, not taken as equal."""
    answers = ROOT / "advisor" / "inputs" / "examples" / "hybrid.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "hybrid")))
    export = export_of_plan(plan, tmp_path)
    data = json.loads(Path(export).read_text())
    del data["outbound"][0]["IsTransportRuleScoped"]
    Path(export).write_text(json.dumps(data))
    comparison = compare(plan, load_exports([export]))
    assert not comparison.in_step
    (match,) = comparison.changed
    assert [d.parameter for d in match.unread] == ["IsTransportRuleScoped"]
    assert not match.differences
    result = advisor("diff", str(answers), export)
    assert result.returncode == 3
    assert "the export has no IsTransportRuleScoped (not compared" in result.stdout
    both = export_of_plan(plan, tmp_path)
    assert compare(plan, load_exports([both])).in_step  # the nearest right case


def test_diff_missing_extra_and_wizard_owned(tmp_path: Path) -> None:
    answers = ROOT / "advisor" / "inputs" / "examples" / "hybrid.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "hybrid")))
    inbound_planned = next(c for c in plan.connectors if c.direction == "inbound")
    record = dict(inbound_planned.parameters)
    record.update(
        Name="Inbound from a3e87a2d", Enabled=True, ConnectorSource="HybridWizard", RequireTls=False
    )
    path = write(
        tmp_path,
        "t.json",
        {"inbound": [record], "outbound": [outbound("Old relay")], "accepted_domains": DOMAINS},
    )
    comparison = compare(plan, load_exports([path]))
    assert [c.direction for c in comparison.missing] == ["outbound"]
    (match,) = comparison.matches
    assert (match.matched_by, match.wizard_owned) == ("scope", True)
    assert [e.name for e in comparison.extra] == ["Old relay"]
    result = advisor("diff", str(answers), path, "-f", "powershell")
    script = result.stdout.lstrip("\ufeff")
    names = [c.name for c in commands(parse(split_rollback(script.replace("\r\n", "\n"))[0]))]
    assert "New-OutboundConnector" in names
    assert "Set-InboundConnector" not in names  # the wizard's connector is never changed by hand
    assert "Remove-InboundConnector" not in names
    assert "Remove-OutboundConnector" not in names
    assert "re-run the wizard" in script


# -- collect ---------------------------------------------------------------------------------------------


def test_collect_script_only_reads(tmp_path: Path) -> None:
    target = tmp_path / "collect.ps1"
    result = advisor("collect", "-o", str(target))
    assert result.returncode == 0, result.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    script = raw[3:].decode("utf-8").replace("\r\n", "\n")
    root = parse(script)
    assert problems(root) == []
    names = {c.name for c in commands(root)}
    assert not {n for n in names if re.match(r"(New|Set|Remove|Enable|Disable)-", n)}, names
    assert {"Get-InboundConnector", "Get-OutboundConnector", "Get-AcceptedDomain", "ConvertTo-Json"} <= names
    assert "-EnumsAsStrings" in script


def test_hostile_existing_names_cannot_change_the_converging_script(tmp_path: Path) -> None:
    answers = ROOT / "advisor" / "inputs" / "examples" / "partner-tls.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "partner-tls")))
    target = next(c for c in plan.connectors if c.direction == "inbound")
    hostile = "x'; Remove-InboundConnector *; '\u2019 $(Stop-Computer) #>"
    record = {**target.parameters, "Name": hostile, "Enabled": True, "RequireTls": False}
    record["SenderDomains"] = list(target.parameters["SenderDomains"])
    path = write(tmp_path, "h.json", {"inbound": [record], "outbound": [], "accepted_domains": DOMAINS})
    script = (
        advisor("diff", str(answers), path, "-f", "powershell").stdout.lstrip("\ufeff").replace("\r\n", "\n")
    )
    assert problems(parse(script)) == []
    assert "Stop-Computer" not in [c.name for c in commands(parse(script))]
    run = commands(parse(split_rollback(script)[0]))  # the run, not its -Rollback
    assert "Remove-InboundConnector" not in [c.name for c in run]
    (update,) = [c for c in run if c.name == "Set-InboundConnector"]
    assert "RequireTls" in update.parameters


# The plan warns about what its own audit finds: audit code -> the plan warning that covers it.
PLAN_WARNS = {"onprem-identified-by-ip": "ip-identification-shared"}


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
    from advisor.tenant.audit import entries

    codes = {k for k in entries() if k not in ("routes", "report")}
    assert codes == {c[0] for c in CASES} | {"accepted-domains-unknown"}
    known = set(catalogue.entries()["sources"])
    for code in codes:
        assert set(source_keys(entries()[code]["source"])) <= known, code


def test_domain_patterns_follow_s28() -> None:
    from advisor.model.domains import covers, domains_meet

    assert covers("*.contoso.com", "mail.contoso.com")
    assert covers("*.contoso.com", "*.eu.contoso.com")
    assert not covers("*.contoso.com", "contoso.com")  # a wildcard is for names under the domain
    assert not covers("contoso.com", "mail.contoso.com")
    assert covers("Contoso.com", "contoso.COM")
    assert domains_meet("mail.contoso.com", "*.contoso.com")
    assert not domains_meet("contoso.com", "fabrikam.com")


def test_names_from_an_export_cannot_drive_the_terminal(tmp_path: Path) -> None:
    hostile = "evil\x1b[2J\x1b]0;pwned\x07"
    path = write(
        tmp_path,
        "t.json",
        {
            "inbound": [inbound(hostile, RequireTls=False)],
            "outbound": [outbound(hostile)],
            "accepted_domains": DOMAINS,
        },
    )
    answers = str(ROOT / "advisor" / "inputs" / "examples" / "partner-tls.yaml")
    for args in (
        ("audit", path, "--fail-on", "never"),
        ("route", path, "--to", "a@contosobank.com"),
        ("route", path, "--from", "a@contosobank.com", "--ip", "192.0.2.1"),
        ("diff", answers, path),
    ):
        result = advisor(*args)
        assert "\x1b" not in result.stdout, args
        assert "\\x1b" in result.stdout, args
