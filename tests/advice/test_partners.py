"""Scenario partner-tls: connectors that force TLS or lock a partner's source (S1, S3, S28)."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.advice.decide import decide
from advisor.inputs.answers_file import load_example
from tests.advice.seed_tables import OFFICE, PARTNER, check_row
from tests.conftest import answers, partner, plan_for

WHEN_ROWS = [
    pytest.param(
        answers(partners=[partner()]),
        "partner-tls",
        "optional",
        [("inbound", PARTNER, OFFICE, "Partner"), ("outbound", OFFICE, PARTNER, "Partner")],
        id="partner-tls-both-directions",
    ),
]


@pytest.mark.parametrize(("data", "scenario", "verdict", "connectors"), WHEN_ROWS)
def test_when_do_i_need_a_connector(data: dict, scenario: str, verdict: str, connectors: list) -> None:
    check_row(data, scenario, verdict, connectors)


PARTNER_CASES = [
    pytest.param(partner(direction="inbound"), [("inbound", {"RequireTls": True})], id="inbound-tls"),
    pytest.param(
        partner(direction="outbound"),
        [("outbound", {"TlsSettings": "CertificateValidation", "UseMXRecord": True})],
        id="outbound-tls",
    ),
    pytest.param(
        partner(restrict_by="certificate", certificate_name="mail.contosobank.com", direction="inbound"),
        [
            (
                "inbound",
                {"RestrictDomainsToCertificate": True, "TlsSenderCertificateName": "mail.contosobank.com"},
            )
        ],
        id="restrict-certificate",
    ),
    pytest.param(
        partner(restrict_by="ip-addresses", ip_addresses=["192.0.2.0/24"], direction="inbound"),
        [("inbound", {"RestrictDomainsToIPAddresses": True, "SenderIPAddresses": ["192.0.2.0/24"]})],
        id="restrict-ip",
    ),
    pytest.param(
        partner(
            restrict_by="ip-addresses", ip_addresses=["192.0.2.0/24"], require_tls=False, direction="inbound"
        ),
        [("inbound", {"RestrictDomainsToIPAddresses": True})],
        id="restrict-ip-no-tls",
    ),
    pytest.param(
        partner(
            restrict_by="both",
            certificate_name="mail.contosobank.com",
            ip_addresses=["192.0.2.0/24"],
            direction="inbound",
        ),
        [
            ("inbound", {"RestrictDomainsToCertificate": True}),
            ("inbound", {"RestrictDomainsToIPAddresses": True}),
        ],
        id="restrict-both-split",
    ),
    pytest.param(
        partner(direction="outbound", outbound_tls="encryption-only"),
        [("outbound", {"TlsSettings": "EncryptionOnly"})],
        id="outbound-encryption-only",
    ),
    pytest.param(
        partner(
            direction="outbound",
            outbound_tls="domain-validation",
            certificate_name="gateway.contosobank.com",  # their sending certificate: not what is checked
            receiving_certificate_name="mx1.contosobank.com",
        ),
        [("outbound", {"TlsSettings": "DomainValidation", "TlsDomain": "mx1.contosobank.com"})],
        id="outbound-domain-validation-checks-the-receiving-certificate",  # facts 6.3
    ),
    pytest.param(
        partner(direction="outbound", outbound_tls="domain-validation", on_microsoft_365=True),
        [("outbound", {"TlsSettings": "DomainValidation", "TlsDomain": "mail.protection.outlook.com"})],
        id="outbound-domain-validation-partner-on-microsoft-365",  # facts 6.3
    ),
    pytest.param(
        partner(direction="outbound", smart_hosts=["smtp.contosobank.com"]),
        [("outbound", {"UseMXRecord": False, "SmartHosts": ["smtp.contosobank.com"]})],
        id="outbound-smart-host",
    ),
    pytest.param(partner(direction="outbound", require_tls=False), [], id="outbound-no-tls-no-connector"),
    pytest.param(
        partner(),
        [("inbound", {"RequireTls": True}), ("outbound", {"TlsSettings": "CertificateValidation"})],
        id="both-directions",
    ),
]


@pytest.mark.parametrize(("section", "expected"), PARTNER_CASES)
def test_partner_options(section: dict, expected: list[tuple[str, dict[str, Any]]]) -> None:
    plan = plan_for(answers(partners=[section]))
    assert len(plan.connectors) == len(expected)
    for connector, (direction, parameters) in zip(plan.connectors, expected, strict=True):
        assert connector.direction == direction
        assert connector.parameters["ConnectorType"] == "Partner"
        for key, value in parameters.items():
            assert connector.parameters[key] == value
    for connector in plan.connectors:
        restricting = [
            k
            for k in ("RestrictDomainsToIPAddresses", "RestrictDomainsToCertificate")
            if connector.parameters.get(k)
        ]
        assert len(restricting) <= 1, "an IP and a certificate restriction never share a connector"
        if connector.direction == "inbound":
            assert connector.parameters["SenderDomains"] == ["contosobank.com"]
        else:
            assert connector.parameters["RecipientDomains"] == ["contosobank.com"]


def test_long_partner_names_give_unique_names_within_64() -> None:
    long = "A" * 64
    plan = plan_for(
        answers(
            partners=[
                partner(
                    name=long,
                    restrict_by="both",
                    certificate_name="mail.contosobank.com",
                    ip_addresses=["192.0.2.1"],
                ),
                partner(name=long[:-1] + "B", domains=["fabrikam.com"]),
            ]
        )
    )
    names = [c.name for c in plan.connectors]
    assert all(len(n) <= 64 for n in names)
    assert len(set(names)) == len(names)


# Each warning code of this scenario: answers where it applies, and the nearest answers where it does not.
WARNING_CASES = {
    "ip-and-certificate-split": (
        answers(
            partners=[
                partner(
                    restrict_by="both", certificate_name="mail.contosobank.com", ip_addresses=["192.0.2.1"]
                )
            ]
        ),
        answers(partners=[partner(restrict_by="certificate", certificate_name="mail.contosobank.com")]),
    ),
    # only when the allowing and the restricting connector share sender domains (facts 6.10, S28)
    "allow-vs-restrict-precedence": (
        answers(
            partners=[
                partner(name="Fabrikam group", domains=["*.fabrikam.com"], direction="inbound"),
                partner(
                    name="Fabrikam Sales",
                    domains=["sales.fabrikam.com"],
                    direction="inbound",
                    restrict_by="ip-addresses",
                    ip_addresses=["192.0.2.0/24"],
                ),
            ]
        ),
        answers(
            partners=[
                partner(direction="inbound"),
                partner(
                    name="Fabrikam",
                    domains=["fabrikam.com"],
                    direction="inbound",
                    restrict_by="ip-addresses",
                    ip_addresses=["192.0.2.0/24"],
                ),
            ]
        ),
    ),
    "partner-outbound-unneeded": (
        answers(partners=[partner(direction="outbound", require_tls=False)]),
        answers(partners=[partner(direction="outbound")]),
    ),
}


def test_example_partner_tls() -> None:
    assert decide(load_example("partner-tls")).verdict == "optional"
