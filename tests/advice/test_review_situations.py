"""The real-world situations where 0.1 gave advice that would break mail (facts 6), one test each."""

from __future__ import annotations

import pytest

from advisor.model.plan import Plan
from tests.conftest import answers, devices, on_prem, partner, plan_for

TENANT = {"name": "Contoso", "domains": ["contoso.com"], "tenant_domain": "contoso.onmicrosoft.com"}
BY_IP = {"identify_by": "ip-addresses", "certificate_name": None, "ip_addresses": ["203.0.113.10"]}


def warning(plan: Plan, code: str) -> tuple[str, str]:
    (found,) = [w for w in plan.warnings if w.code == code]
    return found.severity, found.message


def test_partner_domain_validation_checks_the_receiving_servers_name_not_the_sending_one() -> None:
    data = answers(
        partners=[
            partner(
                restrict_by="certificate",
                certificate_name="gateway.contosobank.com",
                outbound_tls="domain-validation",
                receiving_certificate_name="mx1.contosobank.com",
            )
        ]
    )
    inbound, outbound = plan_for(data).connectors
    assert inbound.parameters["TlsSenderCertificateName"] == "gateway.contosobank.com"
    assert outbound.parameters["TlsDomain"] == "mx1.contosobank.com"
    assert "mx1.contosobank.com" in outbound.reason


@pytest.mark.parametrize(
    ("relays", "severity", "says"),
    [
        (True, "critical", "You said your server relays"),
        (None, "warning", "send non-delivery reports"),
        (False, "warning", ""),
    ],
)
def test_server_identified_by_ip_is_told_what_it_cannot_relay(
    relays: bool | None, severity: str, says: str
) -> None:
    plan = plan_for(answers(on_premises=on_prem(**BY_IP, relays_for_others=relays)))
    found_severity, message = warning(plan, "ip-identification-relay-limits")
    assert found_severity == severity
    assert "ATTR36" in message
    assert says in message


@pytest.mark.parametrize(
    ("server", "version", "current", "severity", "says"),
    [
        ("exchange-2007-or-earlier", None, None, "critical", "blocked since 2023"),
        ("exchange-2010-or-later", "2010", None, "critical", "out of support"),
        ("exchange-2010-or-later", "2013", True, "critical", "blocked since February 2024"),
        ("exchange-2010-or-later", "2016", True, "warning", "2025-10-14"),
        ("exchange-2010-or-later", "2019", False, "critical", "current updates are not installed"),
        ("exchange-2010-or-later", None, None, "warning", "version was not given"),
        ("exchange-2010-or-later", "subscription-edition", False, "warning", "without its current updates"),
        ("exchange-2010-or-later", "subscription-edition", True, None, ""),
        # not sure (or not said): which builds count as current, and where to read the server's
        ("exchange-2010-or-later", "subscription-edition", None, "info", "SE RTM 15.2.2562"),
        ("exchange-2010-or-later", "2019", None, "warning", "Get-Command ExSetup.exe"),
    ],
)
def test_every_exchange_version_before_se_hears_about_enforcement(
    server: str, version: str | None, current: bool | None, severity: str | None, says: str
) -> None:
    section = on_prem(server=server, exchange_version=version, exchange_updates_current=current)
    plan = plan_for(answers(on_premises={k: v for k, v in section.items() if v is not None}))
    if severity is None:
        assert "exchange-out-of-date" not in plan.warning_codes()
        return
    found_severity, message = warning(plan, "exchange-out-of-date")
    assert (found_severity, says in message) == (severity, True)
    assert "New-TenantExemptionInfo -BlockingScenario UnpatchedOnPremServer" in message


def test_enforcement_applies_to_hybrid_wizard_connectors_too() -> None:
    plan = plan_for(answers(on_premises={"server": "exchange-2010-or-later", "hybrid_wizard": "full"}))
    assert "exchange-out-of-date" in plan.warning_codes()


def test_centralized_mail_transport_by_hand_covers_the_receive_side() -> None:
    plan = plan_for(answers(on_premises=on_prem(centralized_mail_transport=True)))
    assert plan.on_premises_side is not None
    assert plan.on_premises_side.receive_capabilities == [
        "mail.protection.outlook.com:AcceptCloudServicesMail"
    ]
    assert "Let your server relay the internet mail of cloud mailboxes" in [s.title for s in plan.steps]
    other = plan_for(answers(on_premises=on_prem(server="non-microsoft", centralized_mail_transport=True)))
    (step,) = [
        s for s in other.steps if s.title == "Let your server relay the internet mail of cloud mailboxes"
    ]
    assert "without letting anyone else relay" in step.detail


def test_partner_outbound_connector_beside_cmt_is_flagged() -> None:
    plan = plan_for(answers(on_premises=on_prem(centralized_mail_transport=True), partners=[partner()]))
    _, message = warning(plan, "cmt-partner-bypass")
    assert "contosobank.com" in message


def test_send_connector_for_cloud_mailboxes_is_scoped_to_the_routing_domain() -> None:
    plan = plan_for(answers(organization=TENANT, on_premises=on_prem(send_connector_scope="cloud-mailboxes")))
    side = plan.on_premises_side
    assert side is not None
    assert side.parameters["AddressSpaces"] == ["contoso.mail.onmicrosoft.com"]
    assert side.parameters["DNSRoutingEnabled"] is True
    assert side.parameters["TlsAuthLevel"] == "DomainValidation"
    assert side.parameters["TlsDomain"] == "mail.protection.outlook.com"
    assert "existing-internet-send-connector" not in plan.warning_codes()


def test_send_connector_for_all_internet_mail_retires_the_old_one() -> None:
    plan = plan_for(answers(on_premises=on_prem()))
    side = plan.on_premises_side
    assert side is not None
    assert side.parameters["AddressSpaces"] == ["*"]
    assert "existing-internet-send-connector" in plan.warning_codes()
    assert "Retire the old internet send connector" in [s.title for s in plan.steps]


def test_send_connector_sets_its_certificate_and_source_servers_on_the_server() -> None:
    side = plan_for(answers(on_premises=on_prem(exchange_version="2010"))).on_premises_side
    assert side is not None
    assert (side.certificate_lookup, side.transport_servers_cmdlet) == (
        "mail.contoso.com",
        "Get-TransportServer",
    )
    side = plan_for(answers(on_premises=on_prem(exchange_version="2019"))).on_premises_side
    assert side is not None
    assert side.transport_servers_cmdlet == "Get-TransportService"
    (step,) = [
        s for s in plan_for(answers(on_premises=on_prem())).steps if s.title == "Configure the Exchange side"
    ]
    assert (
        "on-premises script" in step.detail
    )  # which sets both (tests/outputs/test_powershell.py check_onprem)


def test_a_non_microsoft_server_gets_numbered_instructions() -> None:
    side = plan_for(
        answers(
            on_premises=on_prem(
                server="non-microsoft", identify_by="ip-addresses", ip_addresses=["203.0.113.5"]
            )
        )
    ).on_premises_side
    assert side is not None
    assert not side.parameters
    assert len(side.instructions) == 5
    assert "contoso-com.mail.protection.outlook.com" in side.instructions[0]
    assert "203.0.113.5" in side.instructions[1]
    side = plan_for(answers(on_premises=on_prem(server="non-microsoft"))).on_premises_side
    assert side is not None
    assert "mail.contoso.com" in side.instructions[1]  # the certificate the inbound connector checks
    assert plan_for(answers(on_premises=on_prem())).on_premises_side.instructions == []


def test_standalone_eop_routes_spam_to_junk() -> None:
    plan = plan_for(answers(subscription="eop-standalone", on_premises=on_prem()))
    assert "eop-junk-routing" in plan.warning_codes()
    assert "Route spam to Junk Email" in [s.title for s in plan.steps]


def test_certificate_host_name_presents_both_options() -> None:
    _, message = warning(plan_for(answers(on_premises=on_prem())), "certificate-host-name")
    assert "*.contoso.com" in message
    assert "add mail.contoso.com as an accepted domain" in message
    assert "not recommended" in message


def test_both_restrictions_are_described_as_either_one() -> None:
    data = answers(
        partners=[
            partner(
                restrict_by="both", certificate_name="mail.contosobank.com", ip_addresses=["192.0.2.0/24"]
            )
        ]
    )
    plan = plan_for(data)
    (scenario,) = [s for s in plan.scenarios if s.id == "partner-tls"]
    assert "either one is enough" in scenario.reason
    assert all("either one is enough" in c.reason for c in plan.connectors if c.direction == "inbound")
    _, message = warning(plan, "ip-and-certificate-split")
    assert "not both" in message


def test_direct_send_gets_spf_and_the_partner_connector_remedy() -> None:
    _, message = warning(plan_for(answers(devices=devices(method="direct-send"))), "reject-direct-send")
    assert "Partner inbound connector" in message
    assert "SPF" in message


def test_open_relay_is_not_raised_when_nothing_is_created() -> None:
    plan = plan_for(answers(on_premises={"server": "exchange-2010-or-later", "hybrid_wizard": "full"}))
    assert plan.connectors == []
    assert "open-relay" not in plan.warning_codes()


@pytest.mark.parametrize(
    ("data", "summary"),
    [
        (
            answers(on_premises=on_prem()),
            "Run the Hybrid Configuration Wizard (Full topology) first; if you only need mail routing, "
            "create these 2 connectors yourself.",
        ),
        (
            answers(
                on_premises={"server": "exchange-2010-or-later", "hybrid_wizard": "full"},
                devices=devices(method="smtp-relay"),
            ),
            "The Hybrid Configuration Wizard made your hybrid connectors; also create 1 connector: 1 for the "
            "devices' SMTP relay.",
        ),
        (
            answers(devices=devices(method="smtp-relay")),
            "1 connector is needed for the devices' SMTP relay.",
        ),
        (answers(), "No connector is needed: Exchange Online sends and receives internet mail on its own."),
    ],
    ids=["hybrid-wizard-first", "wizard-made-them-plus-devices", "relay-needs-its-connector", "cloud-only"],
)
def test_the_headline_tells_the_admin_what_to_do(data: dict, summary: str) -> None:
    plan = plan_for(data)
    assert plan.summary == summary
    assert plan.to_dict()["summary"] == summary
