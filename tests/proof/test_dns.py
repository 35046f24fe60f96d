"""`dns`: zone files as DNS hosts export them, each domain of the plan checked against its DNS section and
runbook. Every finding both ways, and names its domain."""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.advice.decide import decide
from advisor.errors import UserError
from advisor.inputs.answers_file import parse_text
from advisor.inputs.examples import example_text
from advisor.inputs.zones import read_zone
from advisor.model.validation import validate_answers
from advisor.tenant.dns_checks import check
from tests.conftest import ROOT
from tests.tenant.records import advisor

HYBRID = str(
    ROOT / "advisor" / "inputs" / "examples" / "hybrid.yaml"
)  # contoso.com, MX moves to Microsoft 365
PLAN = decide(validate_answers(parse_text(example_text("hybrid"), "hybrid")))

# Cloudflare: absolute names, an SOA, no $ORIGIN, TTL 1 for "auto"
CLOUDFLARE = """;;
;; Domain:     contoso.com.
;; Exported:   2026-12-07 09:12:44
;;
contoso.com.\t3600\tIN\tSOA\tns1.cloudflare.com. dns.cloudflare.com. 2053101710 10000 2400 604800 3600
contoso.com.\t300\tIN\tMX\t0 contoso-com.mail.protection.outlook.com.
contoso.com.\t1\tIN\tTXT\t"v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com -all"
_dmarc.contoso.com.\t1\tIN\tTXT\t"v=DMARC1; p=quarantine; rua=mailto:dmarc@contoso.com"
_mta-sts.contoso.com.\t1\tIN\tTXT\t"v=STSv1; id=20261201"
selector1._domainkey.contoso.com.\t1\tIN\tCNAME\tselector1-contoso-com._domainkey.contoso.onmicrosoft.com.
selector2._domainkey.contoso.com.\t1\tIN\tCNAME\tselector2-contoso-com._domainkey.contoso.onmicrosoft.com.
"""
# Azure DNS (az network dns zone export): $ORIGIN and $TTL, relative names, TXT split into strings
AZURE = """$TTL 3600
$ORIGIN contoso.com.
@ 3600 IN SOA ns1-01.azure-dns.com. azuredns-hostmaster.microsoft.com. (
    1 3600 300 2419200 300 )
@ 3600 IN NS ns1-01.azure-dns.com.
@ 86400 IN MX 10 mail.contoso.com.
@ 3600 IN TXT "v=spf1 ip4:198.51.100.25 include:spf.prot" "ection.outlook.com -all"
_dmarc 3600 IN TXT "v=DMARC1; p=none"
_mta-sts 3600 IN TXT "v=STSv1; id=1"
selector1._domainkey 3600 IN CNAME selector1-contoso-com._domainkey.contoso.a-v1.dkim.mail.microsoft.
selector2._domainkey 3600 IN CNAME SELECTOR2-Contoso-Com._domainkey.contoso.a-v1.dkim.mail.microsoft.
"""


def zone_file(tmp_path: Path, text: str, name: str = "contoso.com.zone") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def codes(tmp_path: Path, text: str) -> list[str]:
    return [f.code for f in check(PLAN, [read_zone(zone_file(tmp_path, text), PLAN.domains)])]


def test_a_zone_in_step_with_the_plan_has_no_findings(tmp_path: Path) -> None:
    assert codes(tmp_path, CLOUDFLARE) == []


def test_each_style_of_export_reads(tmp_path: Path) -> None:
    azure = read_zone(zone_file(tmp_path, AZURE), PLAN.domains)
    spf = [r.value for r in azure.at("contoso.com", "TXT")]
    assert spf == ["v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com -all"]  # strings joined
    assert azure.origin == "contoso.com"
    cloudflare = read_zone(zone_file(tmp_path, CLOUDFLARE), PLAN.domains)
    assert cloudflare.origin == "contoso.com"
    relative_no_origin = "@ 300 IN MX 10 mail.contoso.com.\n"
    named = read_zone(zone_file(tmp_path, relative_no_origin, "contoso.com.txt"), PLAN.domains)
    assert named.origin == "contoso.com"
    with pytest.raises(UserError, match=r"no \$ORIGIN, no SOA"):
        read_zone(zone_file(tmp_path, relative_no_origin, "zone.txt"), PLAN.domains)
    with pytest.raises(UserError, match="not a zone file"):
        read_zone(zone_file(tmp_path, "$ORIGIN contoso.com.\n@ IN MX high mail\n"), PLAN.domains)


@pytest.mark.parametrize(
    ("code", "raised"),
    [
        ("mx-pending", ("0 contoso-com.mail.protection.outlook.com.", "10 mail.contoso.com.")),
        ("mx-ttl-high", ("300\tIN\tMX\t0 contoso-com", "86400\tIN\tMX\t0 mail.contoso.com.\n;")),
        ("spf-missing", ('"v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com -all"', '"x=1"')),
        (
            "spf-multiple",
            (
                'contoso.com.\t1\tIN\tTXT\t"v=spf1 ip4',
                'contoso.com.\t1\tIN\tTXT\t"v=spf1 -all"\ncontoso.com.\t1\tIN\tTXT\t"v=spf1 ip4',
            ),
        ),
        (
            "spf-too-many-lookups",
            (
                "-all",
                " ".join(f"include:s{i}.example" for i in range(10)) + " -all",
            ),
        ),
        (
            "dkim-missing",
            ("selector2-contoso-com._domainkey.contoso.onmicrosoft.com.", "selector2.example.net."),
        ),
        ("dmarc-missing", ('"v=DMARC1; p=quarantine', '"v=spf1; p=quarantine')),
        ("mta-sts-missing", ('"v=STSv1; id=20261201"', '"nothing"')),
    ],
)
def test_each_finding_is_raised_and_absent_in_the_zone_in_step(
    tmp_path: Path, code: str, raised: tuple[str, str]
) -> None:
    broken = CLOUDFLARE.replace(*raised)
    assert broken != CLOUDFLARE
    assert code in codes(tmp_path, broken)
    assert code not in codes(tmp_path, CLOUDFLARE)


def test_a_sender_the_plan_needs_missing_from_spf(tmp_path: Path) -> None:
    """The combined plan sends from 198.51.100.25 (devices) and Exchange Online: both must be in SPF."""
    plan = decide(validate_answers(parse_text(example_text("combined"), "combined")))
    without = CLOUDFLARE.replace("ip4:198.51.100.25 include", "include")
    found = check(plan, [read_zone(zone_file(tmp_path, without), plan.domains)])
    (missing,) = [f for f in found if f.code == "spf-missing-sender"]
    assert "ip4:198.51.100.25" in missing.message
    clean = check(plan, [read_zone(zone_file(tmp_path, CLOUDFLARE), plan.domains)])
    assert "spf-missing-sender" not in [f.code for f in clean]


def test_lookups_inside_the_zone_are_followed_and_outside_ones_said(tmp_path: Path) -> None:
    chained = CLOUDFLARE.replace(
        '"v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com -all"',
        '"v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com include:_spf.contoso.com -all"',
    ) + "".join(
        f'_spf{"" if i == 0 else i}.contoso.com.\t1\tIN\tTXT\t"v=spf1 include:_spf{i + 1}.contoso.com a mx"\n'
        for i in range(4)
    )
    found = check(PLAN, [read_zone(zone_file(tmp_path, chained), PLAN.domains)])
    (too_many,) = [f for f in found if f.code == "spf-too-many-lookups"]
    assert "spf.protection.outlook.com" in too_many.message
    assert "count one lookup each" in too_many.message


def test_every_finding_names_its_domain_and_a_domain_without_a_zone_is_said(tmp_path: Path) -> None:
    plan = decide(validate_answers(parse_text(example_text("combined"), "combined")))  # two domains
    found = check(plan, [read_zone(zone_file(tmp_path, CLOUDFLARE), plan.domains)])
    assert all(f.connector in plan.domains for f in found)
    assert [f.connector for f in found if f.code == "zone-missing"] == ["contoso.co.uk"]


def test_the_dns_command(tmp_path: Path) -> None:
    good = zone_file(tmp_path, CLOUDFLARE)
    assert advisor("dns", HYBRID, good).returncode == 0
    late = zone_file(
        tmp_path,
        CLOUDFLARE.replace("300\tIN\tMX\t0 contoso-com", "86400\tIN\tMX\t0 mail.contoso.com.\n;"),
        "late.zone",
    )
    result = advisor("dns", HYBRID, late, "-f", "json")
    assert result.returncode == 3
    data = json.loads(result.stdout)
    assert {f["code"] for f in data["findings"]} == {"mx-pending", "mx-ttl-high"}
    assert all(f["domain"] == "contoso.com" for f in data["findings"])
    assert data["zones"][0]["origin"] == "contoso.com"
    assert advisor("dns", HYBRID, str(tmp_path / "missing.zone")).returncode == 2


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_is_a_zone_or_a_clear_refusal(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("z") / "contoso.com.zone"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with contextlib.suppress(UserError):
        zone = read_zone(str(path), PLAN.domains)
        check(PLAN, [zone])


def test_dkim_in_the_form_for_domains_added_since_may_2025_and_in_any_case(tmp_path: Path) -> None:
    """Azure's export has both selectors in the ...-v1.dkim.mail.microsoft form, one in capitals."""
    assert sorted(codes(tmp_path, AZURE)) == ["mx-pending", "mx-ttl-high"]


def test_the_most_specific_zone_holds_a_domain_and_a_delegation_cuts_it_off(tmp_path: Path) -> None:
    plan = decide(
        validate_answers(
            parse_text(
                example_text("hybrid").replace(
                    "domains: [contoso.com]", "domains: [contoso.com, eu.contoso.com]"
                ),
                "h",
            )
        )
    )
    assert plan.domains[-1] == "eu.contoso.com"
    parent = CLOUDFLARE + "eu.contoso.com.\t3600\tIN\tNS\tns1.eu-dns.example.\n"
    child = CLOUDFLARE.replace("contoso.com.", "eu.contoso.com.").replace("contoso-com", "eu-contoso-com")
    zones = [read_zone(zone_file(tmp_path, parent, "parent.zone"), plan.domains)]
    alone = check(plan, zones)
    assert [f.code for f in alone if f.connector == "eu.contoso.com"] == ["zone-missing"]  # delegated away
    both = [*zones, read_zone(zone_file(tmp_path, child, "eu.zone"), plan.domains)]
    for order in (both, list(reversed(both))):
        assert [
            f for f in check(plan, order) if f.connector == "eu.contoso.com" and f.code != "mx-pending"
        ] == []


def test_a_zone_named_after_a_subdomain_is_that_subdomain(tmp_path: Path) -> None:
    domains = ["contoso.com", "my-shop.contoso.com"]
    named = read_zone(zone_file(tmp_path, "@ 300 IN MX 10 mail\n", "my-shop.contoso.com.txt"), domains)
    assert named.origin == "my-shop.contoso.com"


def test_spf_terms_compare_by_meaning(tmp_path: Path) -> None:
    plan = decide(validate_answers(parse_text(example_text("combined"), "combined")))
    same = CLOUDFLARE.replace(
        "ip4:198.51.100.25 include:spf.protection.outlook.com",
        "ip4:198.51.100.0/24 +include:SPF.protection.outlook.com",
    )
    found = check(plan, [read_zone(zone_file(tmp_path, same), plan.domains)])
    assert "spf-missing-sender" not in [f.code for f in found]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("$ORIGIN contoso.com.\n$GENERATE 1-2000000 host$ 300 IN A 192.0.2.1\n", "$GENERATE"),
        ("contoso.com\t3600\tIN\tSOA\tns1 h 1 7200 900 1209600 86400\n", "not a zone file"),
    ],
)
def test_what_cannot_be_read_safely_is_refused(tmp_path: Path, text: str, said: str) -> None:
    with pytest.raises(UserError, match=re.escape(said)):
        read_zone(zone_file(tmp_path, text, "contoso.com.txt"), PLAN.domains)
