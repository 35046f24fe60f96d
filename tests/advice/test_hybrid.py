"""Scenario hybrid: mailboxes split between your own server and Exchange Online (S1 1a, S2, S17)."""

from __future__ import annotations

import pytest

from advisor.advice.decide import decide
from advisor.inputs.answers_file import load_example
from tests.advice.seed_tables import ON_PREM_PAIR, check_own_server_row, check_row
from tests.conftest import answers, on_prem, plan_for

WHEN_ROWS = [
    pytest.param(
        answers(on_premises=on_prem()),
        "hybrid",
        "required",
        ON_PREM_PAIR,
        id="mixed-mailboxes-two-connectors",
    ),
]


@pytest.mark.parametrize(("data", "scenario", "verdict", "connectors"), WHEN_ROWS)
def test_when_do_i_need_a_connector(data: dict, scenario: str, verdict: str, connectors: list) -> None:
    check_row(data, scenario, verdict, connectors)


# -- the "I have my own email servers" table, Exchange Online rows (S1 1a) --

OWN_SERVER_ROWS = [
    pytest.param(
        "exchange-2010-or-later",
        "exchange-online",
        "not-run",
        "required",
        2,
        "consider-hybrid-wizard",
        id="ex2010-exo-no-hybrid-consider-hcw",
    ),
    pytest.param(
        "exchange-2010-or-later",
        "exchange-online",
        "full",
        "managed-by-hybrid-wizard",
        0,
        "hybrid-wizard-manages-connectors",
        id="ex2010-exo-hybrid-done-hcw-made-them",
    ),
    pytest.param(
        "exchange-2010-or-later",
        "exchange-online",
        "minimal",
        "required",
        2,
        "hybrid-minimal-no-connectors",
        id="ex2010-exo-minimal-hybrid-creates-none",
    ),
    pytest.param(
        "exchange-2007-or-earlier",
        "exchange-online",
        "not-run",
        "required",
        2,
        "legacy-exchange",
        id="ex2007-exo-manual-check-existing",
    ),
    pytest.param("non-microsoft", "exchange-online", "not-run", "required", 2, None, id="non-ms-exo-manual"),
]


@pytest.mark.parametrize(("server", "subscription", "hybrid", "verdict", "count", "code"), OWN_SERVER_ROWS)
def test_own_email_servers(
    server: str, subscription: str, hybrid: str, verdict: str, count: int, code: str | None
) -> None:
    check_own_server_row(server, subscription, hybrid, verdict, count, code)


def test_hybrid_full_needs_no_smart_host_or_certificate() -> None:
    section = {"server": "exchange-2010-or-later", "hybrid_wizard": "full"}
    plan = plan_for(answers(on_premises=section))
    assert plan.verdict == "managed-by-hybrid-wizard"
    assert plan.connectors == []


# -- on-premises connector settings (S2) --


def test_on_premises_by_certificate() -> None:
    inbound, outbound = plan_for(answers(on_premises=on_prem())).connectors
    # a host name is not a registered domain: the connector checks *.contoso.com instead (S20)
    assert inbound.parameters["TlsSenderCertificateName"] == "*.contoso.com"
    assert inbound.parameters["RequireTls"] is True
    assert inbound.parameters["SenderDomains"] == ["*"]
    assert "SenderIPAddresses" not in inbound.parameters
    assert outbound.parameters["SmartHosts"] == ["mail.contoso.com"]
    assert outbound.parameters["UseMXRecord"] is False
    assert outbound.parameters["TlsSettings"] == "DomainValidation"
    assert outbound.parameters["TlsDomain"] == "mail.contoso.com"
    assert outbound.parameters["RecipientDomains"] == ["contoso.com"]


def test_on_premises_by_ip_addresses() -> None:
    section = on_prem(identify_by="ip-addresses", certificate_name=None, ip_addresses=["203.0.113.10"])
    plan = plan_for(answers(on_premises=section))
    inbound, outbound = plan.connectors
    assert inbound.parameters["SenderIPAddresses"] == ["203.0.113.10"]
    assert "TlsSenderCertificateName" not in inbound.parameters
    assert outbound.parameters["TlsSettings"] == "CertificateValidation"
    assert "TlsDomain" not in outbound.parameters
    assert "ip-identification-shared" in plan.warning_codes()


def test_centralized_mail_transport_routes_everything_on_premises() -> None:
    plan = plan_for(answers(on_premises=on_prem(centralized_mail_transport=True)))
    outbound = plan.connectors[1]
    assert outbound.parameters["RecipientDomains"] == ["*"]
    assert outbound.parameters["RouteAllMessagesViaOnPremises"] is True
    assert "centralized-mail-transport" in plan.warning_codes()


def test_certificate_names_become_registered_domains() -> None:
    cases = {
        "mail.contoso.com": "*.contoso.com",
        "*.contoso.com": "*.contoso.com",
        "contoso.com": "contoso.com",
        "a.b.sub.contoso.com": "*.sub.contoso.com",
    }
    for given, expected in cases.items():
        data = answers(
            organization={"name": "C", "domains": ["contoso.com", "sub.contoso.com"]},
            on_premises=on_prem(certificate_name=given),
        )
        plan = plan_for(data)
        assert plan.connectors[0].parameters["TlsSenderCertificateName"] == expected, given
        assert plan.connectors[1].parameters["TlsDomain"] == given  # the smart host's own name


TENANT = {"name": "Contoso", "domains": ["contoso.com"], "tenant_domain": "contoso.onmicrosoft.com"}
BY_IP = {"identify_by": "ip-addresses", "certificate_name": None, "ip_addresses": ["203.0.113.10"]}

# Each warning code of this scenario: answers where it applies, and the nearest answers where it does not.
WARNING_CASES = {
    "exchange-out-of-date": (
        answers(on_premises=on_prem(exchange_version="2016", exchange_updates_current=True)),
        answers(on_premises=on_prem(exchange_version="subscription-edition", exchange_updates_current=True)),
    ),
    "ip-identification-relay-limits": (
        answers(on_premises=on_prem(**BY_IP)),
        answers(on_premises=on_prem()),
    ),
    "cmt-receive-side": (
        answers(on_premises=on_prem(centralized_mail_transport=True)),
        answers(on_premises=on_prem()),
    ),
    "existing-internet-send-connector": (
        answers(on_premises=on_prem()),
        answers(organization=TENANT, on_premises=on_prem(send_connector_scope="cloud-mailboxes")),
    ),
    "consider-hybrid-wizard": (
        answers(on_premises=on_prem()),
        answers(on_premises=on_prem(hybrid_wizard="minimal")),
    ),
    "hybrid-wizard-manages-connectors": (
        answers(on_premises=on_prem(hybrid_wizard="full")),
        answers(on_premises=on_prem()),
    ),
    "hybrid-minimal-no-connectors": (
        answers(on_premises=on_prem(hybrid_wizard="minimal")),
        answers(on_premises=on_prem(hybrid_wizard="full")),
    ),
    "legacy-exchange": (
        answers(on_premises=on_prem(server="exchange-2007-or-earlier")),
        answers(on_premises=on_prem()),
    ),
    "certificate-host-name": (
        answers(on_premises=on_prem(certificate_name="mail.contoso.com")),
        answers(on_premises=on_prem(certificate_name="contoso.com")),
    ),
    "centralized-mail-transport": (
        answers(on_premises=on_prem(centralized_mail_transport=True)),
        answers(on_premises=on_prem()),
    ),
}


def test_example_hybrid() -> None:
    assert decide(load_example("hybrid")).verdict == "required"
