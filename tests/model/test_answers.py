"""Validation of answers files: every rule, every problem at once, with key paths."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.errors import AnswersInvalid
from advisor.inputs.answers_file import parse_text
from advisor.model import addresses, validators
from advisor.model.answers import SECTION_TABLES
from advisor.model.validation import validate_answers
from tests.conftest import answers, devices, on_prem, partner


def problems(data: Any) -> dict[str, str]:
    with pytest.raises(AnswersInvalid) as info:
        validate_answers(data)
    return {p.path: p.message for p in info.value.problems}


# -- field validators ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Contoso.COM.", "contoso.com"),
        ("contoso.co.uk", "contoso.co.uk"),
        ("bücher.de", "xn--bcher-kva.de"),
    ],
)
def test_domain_accepts_and_normalises(value: str, expected: str) -> None:
    assert validators.domain(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "contoso",
        "-contoso.com",
        "contoso-.com",
        "con toso.com",
        "user@contoso.com",
        "https://contoso.com",
        "*.contoso.com",
        "contoso.123",
        "a" * 64 + ".com",
        "",
        "contoso..com",
    ],
)
def test_domain_rejects(value: str) -> None:
    with pytest.raises(validators.InvalidValue):
        validators.domain(value)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("10.0.0.5", "private"),
        ("172.16.3.4", "private"),
        ("192.168.1.1", "private"),
        ("127.0.0.1", "loopback"),
        ("169.254.1.1", "link-local"),
        ("100.64.0.1", "shared"),
        ("224.0.0.5", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("0.1.2.3", "this network"),
        ("198.18.0.1", "benchmarking"),
        ("2001:db8::1", "IPv6"),
        ("8.8.8.0/23", "wider than /24"),
        ("8.8.8.8/24", "host bits"),
        ("8.8.8.1-8.8.8.9", "ranges"),
        ("8.8.8", "not an IP"),
        ("8.8.8.8/33", "CIDR"),
    ],
)
def test_sender_ip_rejects_with_reason(value: str, why: str) -> None:
    with pytest.raises(validators.InvalidValue) as info:
        validators.sender_ip(value)
    assert why in info.value.reason
    assert info.value.accepted == validators.ACCEPTED_SENDER_IP


@pytest.mark.parametrize(
    "value", ["8.8.8.8", "8.8.8.0/24", "8.8.8.8/32", "203.0.113.10", "192.0.2.0/24", "198.51.100.25"]
)
def test_sender_ip_accepts_public_and_documentation(value: str) -> None:
    assert validators.sender_ip(value) == value


def test_smart_host_accepts_names_and_public_ips() -> None:
    assert validators.smart_host("Mail.Contoso.com") == "mail.contoso.com"
    assert validators.smart_host("203.0.113.10") == "203.0.113.10"
    for bad in ("10.1.1.1", "203.0.113.0/24", "mail", "mail.contoso.com:25"):
        with pytest.raises(validators.InvalidValue):
            validators.smart_host(bad)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("203.0.113.10", True),
        ("203.0.113.0/24", True),
        ("2001:db8::1", True),
        ("10.1", True),
        ("mail.contoso.com", False),
        ("1mail.contoso.com", False),
        ("", False),
    ],
)
def test_looks_like_ip(text: str, expected: bool) -> None:
    assert validators.looks_like_ip(text) is expected


def test_smart_host_block_says_one_address() -> None:
    with pytest.raises(validators.InvalidValue) as info:
        validators.smart_host("203.0.113.0/24")
    assert "one address" in info.value.reason


def test_certificate_names() -> None:
    assert validators.certificate_name("*.Contoso.com") == "*.contoso.com"
    for bad in ("mail.*.contoso.com", "*contoso.com", "*"):
        with pytest.raises(validators.InvalidValue):
            validators.certificate_name(bad)


def test_display_name_rejects_control_characters_and_length() -> None:
    for bad in ("", "a\nb", "x" * 65, "tab\there"):
        with pytest.raises(validators.InvalidValue):
            validators.display_name(bad)
    assert validators.display_name("  Contoso Bank ") == "Contoso Bank"


# Every validator an answers key uses, from the model (a new key's validator is fuzzed too).
CHECKS = sorted(
    {f.check for table in SECTION_TABLES for f in table if f.check is not None}, key=lambda c: c.accepted
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.text(max_size=80), st.integers(), st.none(), st.booleans(), st.lists(st.text(max_size=5)))
)
def test_validators_never_crash(value: object) -> None:
    for check in CHECKS:
        try:
            result = check.parse(value)
        except validators.InvalidValue as exc:
            reason, accepted = exc.reason, exc.accepted
            assert reason
            assert accepted
        else:
            assert isinstance(result, str)
            assert result == result.strip()


@settings(max_examples=200, deadline=None)
@given(st.ip_addresses(v=4), st.integers(min_value=0, max_value=32))
def test_sender_ip_accepts_only_narrow_public_blocks(address, prefix: int) -> None:
    import ipaddress

    text = f"{ipaddress.ip_network(f'{address}/{prefix}', strict=False).network_address}/{prefix}"
    try:
        result = validators.sender_ip(text)
    except validators.InvalidValue:
        return
    net = ipaddress.ip_network(result)
    assert net.prefixlen >= 24
    assert net.is_global or addresses.is_documentation_address(result)


# -- the answers file ------------------------------------------------------------------------------


def test_valid_minimal_file() -> None:
    validated = validate_answers(answers())
    assert validated.organization.domains == ("contoso.com",)
    assert validated.server == "none"


RULES = [
    pytest.param({"version": 2}, "version", id="version"),
    pytest.param({"organization": {"name": "C", "domains": []}}, "organization.domains", id="domains-empty"),
    pytest.param({"organization": {"name": "C"}}, "organization.domains", id="domains-missing"),
    pytest.param({"subscription": "eop"}, "subscription", id="subscription-choice"),
    pytest.param({"subscription": "eop-standalone"}, "on_premises", id="eop-without-server"),
    pytest.param(
        {"subscription": "eop-standalone", "on_premises": {"server": "none"}},
        "on_premises.server",
        id="eop-with-server-none",
    ),
    pytest.param(
        {"subscription": "eop-standalone", "on_premises": on_prem(hybrid_wizard="full")},
        "on_premises.hybrid_wizard",
        id="eop-no-hybrid",
    ),
    pytest.param(
        {"on_premises": on_prem(server="non-microsoft", hybrid_wizard="full")},
        "on_premises.hybrid_wizard",
        id="hybrid-needs-exchange-2010",
    ),
    pytest.param(
        {"subscription": "eop-standalone", "on_premises": on_prem(centralized_mail_transport=True)},
        "on_premises.centralized_mail_transport",
        id="cmt-not-for-eop",
    ),
    pytest.param(
        {"on_premises": on_prem(certificate_name=None)},
        "on_premises.certificate_name",
        id="certificate-companion",
    ),
    pytest.param(
        {"on_premises": on_prem(identify_by="ip-addresses")}, "on_premises.ip_addresses", id="ip-companion"
    ),
    pytest.param(
        {"on_premises": on_prem(smart_hosts=[])}, "on_premises.smart_hosts", id="smart-host-companion"
    ),
    pytest.param(
        {"on_premises": on_prem(ip_addresses=["10.0.0.5"])}, "on_premises.ip_addresses[0]", id="private-ip"
    ),
    pytest.param(
        {"on_premises": on_prem(smart_hosts=["mail.contoso.com", "MAIL.contoso.com"])},
        "on_premises.smart_hosts[1]",
        id="duplicate",
    ),
    pytest.param(
        {"devices": devices(method="smtp-relay", ip_addresses=[])},
        "devices.ip_addresses",
        id="relay-ip-companion",
    ),
    pytest.param(
        {"devices": devices(method="smtp-relay", identify_by="certificate")},
        "devices.certificate_name",
        id="relay-certificate-companion",
    ),
    pytest.param(
        {"devices": devices(method="smtp-auth")}, "devices.supports_smtp_auth", id="smtp-auth-contradiction"
    ),
    pytest.param({"devices": devices(present="yes please")}, "devices.present", id="bool"),
    pytest.param(
        {"partners": [partner(domains=["contoso.com"])]}, "partners[0].domains[0]", id="partner-is-own-domain"
    ),
    pytest.param(
        {"partners": [partner(), partner(name="Other")]}, "partners[1].domains[0]", id="partner-domain-twice"
    ),
    pytest.param(
        {"partners": [partner(), partner(domains=["b.com"])]}, "partners[1].name", id="partner-name-twice"
    ),
    pytest.param(
        {"partners": [partner(restrict_by="certificate")]},
        "partners[0].certificate_name",
        id="partner-certificate-companion",
    ),
    pytest.param(
        {"partners": [partner(restrict_by="ip-addresses")]},
        "partners[0].ip_addresses",
        id="partner-ip-companion",
    ),
    pytest.param(
        {"partners": [partner(restrict_by="certificate", certificate_name="a.com", require_tls=False)]},
        "partners[0].require_tls",
        id="certificate-needs-tls",
    ),
    pytest.param(
        {"partners": [partner(direction="outbound", restrict_by="ip-addresses", ip_addresses=["192.0.2.1"])]},
        "partners[0].restrict_by",
        id="restriction-needs-inbound",
    ),
    pytest.param(
        {"partners": [partner(require_tls=False)]},
        "partners[0].require_tls",
        id="inbound-needs-a-restriction",
    ),
    pytest.param(
        {
            "partners": [
                partner(restrict_by="ip-addresses", ip_addresses=["192.0.2.0/24"]),
                partner(name="B", domains=["b.com"], restrict_by="ip-addresses", ip_addresses=["192.0.2.9"]),
            ]
        },
        "partners[1].ip_addresses[0]",
        id="partner-ips-overlap",
    ),
    pytest.param(
        {"partners": [partner(ip_adresses=["192.0.2.1"])]}, "partners[0].ip_adresses", id="unknown-key"
    ),
    pytest.param({"partners": "Contoso Bank"}, "partners", id="partners-not-a-list"),
    pytest.param({"devices": ["printer"]}, "devices", id="section-not-a-mapping"),
]


@pytest.mark.parametrize(("changes", "path"), RULES)
def test_validation_rule(changes: dict, path: str) -> None:
    found = problems(answers(**changes))
    assert path in found, found


def test_unknown_key_suggests_the_right_one() -> None:
    with pytest.raises(AnswersInvalid) as info:
        validate_answers(answers(organisation={"name": "x"}))
    (problem,) = [p for p in info.value.problems if p.path == "organisation"]
    assert "did you mean 'organization'" in problem.message


def test_every_problem_is_reported_at_once() -> None:
    data = answers(
        subscription="exchange-onlin",
        on_premises=on_prem(certificate_name=None, ip_addresses=["10.0.0.5", "8.8.8.8"]),
        partners=[partner(restrict_by="both", ip_adresses=[])],
    )
    found = problems(data)
    assert {
        "subscription",
        "on_premises.certificate_name",
        "on_premises.ip_addresses[0]",
        "partners[0].certificate_name",
        "partners[0].ip_addresses",
        "partners[0].ip_adresses",
    } <= set(found)


def test_problem_carries_value_and_accepted() -> None:
    with pytest.raises(AnswersInvalid) as info:
        validate_answers(
            answers(partners=[partner(restrict_by="ip-addresses", ip_addresses=["8.8.8.8", "10.0.0.5"])])
        )
    (problem,) = info.value.problems
    assert problem.path == "partners[0].ip_addresses[1]"
    assert problem.value == "10.0.0.5"
    assert "CIDR" in problem.accepted


@pytest.mark.parametrize("data", [None, [], "text", 42])
def test_top_level_must_be_a_mapping(data: object) -> None:
    assert "(top level)" in problems(data)


def test_yaml_and_json_parse_errors_have_positions() -> None:
    with pytest.raises(AnswersInvalid) as info:
        parse_text("version: 1\norganization: [\n", "f")
    assert info.value.problems[0].path.startswith("line ")
    with pytest.raises(AnswersInvalid) as info:
        parse_text('{"version": 1,}', "f")
    assert info.value.problems[0].path == "line 1 column 15"


def test_duplicate_keys_are_problems() -> None:
    with pytest.raises(AnswersInvalid) as info:
        parse_text("version: 1\nversion: 1\n", "f")
    assert "twice" in info.value.problems[0].message
    with pytest.raises(AnswersInvalid):
        parse_text('{"version": 1, "version": 1}', "f")


def test_yaml_cannot_build_objects() -> None:
    with pytest.raises(AnswersInvalid):
        parse_text("!!python/object/apply:os.system ['true']", "f")


def test_empty_file() -> None:
    with pytest.raises(AnswersInvalid) as info:
        parse_text("  \n", "f")
    assert "empty" in info.value.problems[0].message


# -- rules of the answers added for real-world setups (facts 6): refused where they apply, accepted in the
# nearest answers where they do not ------------------------------------------------------------------------

FILTERING = {"name": "Mimecast", "inbound": True, "ip_addresses": ["198.51.100.0/24"]}
PAIRED_RULES = [
    pytest.param(
        {"partners": [partner(direction="outbound", outbound_tls="domain-validation")]},
        "partners[0].receiving_certificate_name",
        {
            "partners": [
                partner(direction="outbound", outbound_tls="domain-validation", on_microsoft_365=True)
            ]
        },
        id="domain-validation-needs-the-receiving-certificate",
    ),
    pytest.param(
        {"organization": {"name": "C", "domains": ["contoso.onmicrosoft.com"]}},
        "organization.domains[0]",
        {
            "organization": {
                "name": "C",
                "domains": ["contoso.com"],
                "tenant_domain": "contoso.onmicrosoft.com",
            }
        },
        id="onmicrosoft-is-not-an-organisation-domain",
    ),
    pytest.param(
        {"organization": {"name": "C", "domains": ["co.uk"]}},
        "organization.domains[0]",
        {"organization": {"name": "C", "domains": ["contoso.co.uk"]}},
        id="public-suffix-is-not-an-organisation-domain",
    ),
    pytest.param(
        {"partners": [partner(domains=["*.co.uk"])]},
        "partners[0].domains[0]",
        {"partners": [partner(domains=["*.contosobank.co.uk"])]},
        id="public-suffix-is-not-a-partner-domain",
    ),
    pytest.param(
        {
            "organization": {
                "name": "C",
                "domains": ["contoso.com"],
                "tenant_domain": "contoso.mail.onmicrosoft.com",
            }
        },
        "organization.tenant_domain",
        {
            "organization": {
                "name": "C",
                "domains": ["contoso.com"],
                "tenant_domain": "contoso.onmicrosoft.com",
            }
        },
        id="tenant-domain-is-the-initial-domain",
    ),
    pytest.param(
        {"organization": {"name": "C", "domains": ["contoso.com"], "mx": "filtering-service"}},
        "organization.mx",
        {
            "organization": {"name": "C", "domains": ["contoso.com"], "mx": "filtering-service"},
            "filtering_service": FILTERING,
        },
        id="mx-at-a-filtering-service-needs-one",
    ),
    pytest.param(
        {"filtering_service": FILTERING},
        "organization.mx",
        {
            "organization": {"name": "C", "domains": ["contoso.com"], "mx": "filtering-service"},
            "filtering_service": FILTERING,
        },
        id="inbound-filtering-service-means-mx-points-at-it",
    ),
    pytest.param(
        {"organization": {"name": "C", "domains": ["contoso.com"], "mx": "on-premises"}},
        "organization.mx",
        {
            "organization": {"name": "C", "domains": ["contoso.com"], "mx": "on-premises"},
            "on_premises": on_prem(),
        },
        id="mx-on-premises-needs-a-server",
    ),
    pytest.param(
        {
            "organization": {"name": "C", "domains": ["contoso.com"], "mx": "filtering-service"},
            "filtering_service": {**FILTERING, "ip_addresses": []},
        },
        "filtering_service.ip_addresses",
        {
            "organization": {"name": "C", "domains": ["contoso.com"], "mx": "filtering-service"},
            "filtering_service": {
                **FILTERING,
                "ip_addresses": [],
                "identify_by": "certificate",
                "certificate_name": "relay.mimecast.com",
            },
        },
        id="inbound-filtering-service-needs-addresses-or-certificate",
    ),
    pytest.param(
        {"filtering_service": {"name": "Gateway", "inbound": False, "outbound": True}},
        "filtering_service.smart_hosts",
        {
            "filtering_service": {
                "name": "Gateway",
                "inbound": False,
                "outbound": True,
                "smart_hosts": ["out.gateway.net"],
            }
        },
        id="outbound-filtering-service-needs-a-smart-host",
    ),
    pytest.param(
        {"filtering_service": {"name": "Gateway", "inbound": False}},
        "filtering_service.inbound",
        {
            "filtering_service": {
                "name": "Gateway",
                "inbound": False,
                "outbound": True,
                "smart_hosts": ["out.gateway.net"],
            }
        },
        id="filtering-service-that-does-nothing",
    ),
    pytest.param(
        {"on_premises": on_prem(server="non-microsoft", exchange_version="2016")},
        "on_premises.exchange_version",
        {"on_premises": on_prem(exchange_version="2016")},
        id="exchange-version-needs-exchange",
    ),
    pytest.param(
        {"on_premises": on_prem(server="non-microsoft", exchange_updates_current=True)},
        "on_premises.exchange_updates_current",
        {"on_premises": on_prem(server="non-microsoft")},
        id="exchange-updates-need-exchange",
    ),
    pytest.param(
        {"on_premises": on_prem(send_connector_scope="cloud-mailboxes")},
        "organization.tenant_domain",
        {
            "organization": {
                "name": "C",
                "domains": ["contoso.com"],
                "tenant_domain": "contoso.onmicrosoft.com",
            },
            "on_premises": on_prem(send_connector_scope="cloud-mailboxes"),
        },
        id="cloud-mailboxes-scope-needs-the-tenant-domain",
    ),
    pytest.param(
        {
            "subscription": "eop-standalone",
            "organization": {
                "name": "C",
                "domains": ["contoso.com"],
                "tenant_domain": "contoso.onmicrosoft.com",
            },
            "on_premises": on_prem(send_connector_scope="cloud-mailboxes"),
        },
        "on_premises.send_connector_scope",
        {"subscription": "eop-standalone", "on_premises": on_prem(send_connector_scope="all-internet-mail")},
        id="standalone-eop-has-no-cloud-mailboxes",
    ),
]


@pytest.mark.parametrize(("bad", "path", "good"), PAIRED_RULES)
def test_rule_refuses_and_the_nearest_answers_pass(bad: dict, path: str, good: dict) -> None:
    assert path in problems(answers(**bad))
    validate_answers(answers(**good))


def test_an_unquoted_exchange_version_reads_as_text() -> None:
    validated = validate_answers(answers(on_premises=on_prem(exchange_version=2016)))
    assert validated.on_premises is not None
    assert validated.on_premises.exchange_version == "2016"
