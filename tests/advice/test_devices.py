"""Scenario device-relay: printers and applications, Microsoft's three options (S1, S4, S5)."""

from __future__ import annotations

import pytest

from advisor.advice.decide import decide
from advisor.inputs.answers_file import load_example
from tests.advice.seed_tables import OFFICE, SERVER, check_row
from tests.conftest import answers, devices, on_prem, plan_for

WHEN_ROWS = [
    pytest.param(
        answers(devices=devices(method="smtp-relay")),
        "device-relay",
        "optional",
        [("inbound", SERVER, OFFICE, "OnPremises")],
        id="devices-relay-only-one-incoming-connector",
    ),
]


@pytest.mark.parametrize(("data", "scenario", "verdict", "connectors"), WHEN_ROWS)
def test_when_do_i_need_a_connector(data: dict, scenario: str, verdict: str, connectors: list) -> None:
    check_row(data, scenario, verdict, connectors)


DEVICE_CASES = [
    pytest.param(devices(), "smtp-relay", 1, id="auto-static-ip-relay"),
    pytest.param(
        devices(identify_by="certificate", ip_addresses=[], certificate_name="relay.contoso.com"),
        "smtp-relay",
        1,
        id="auto-certificate-relay",
    ),
    pytest.param(
        devices(supports_smtp_auth=True, supports_oauth=True), "smtp-auth", 0, id="auto-oauth-smtp-auth"
    ),
    # Basic authentication is never chosen (disabled by default at the end of December 2026; facts 7.6)
    pytest.param(devices(ip_addresses=[], supports_smtp_auth=True), None, 0, id="auto-no-ip-basic-auth"),
    pytest.param(
        devices(ip_addresses=[], supports_smtp_auth=True, supports_oauth=True, supports_tls12=False),
        None,
        0,
        id="auto-oauth-without-tls12",
    ),
    pytest.param(
        devices(ip_addresses=[], external_recipients=False),
        "direct-send",
        0,
        id="auto-internal-only-direct-send",
    ),
    pytest.param(
        devices(third_party_hosted=True, external_recipients=False),
        "direct-send",
        0,
        id="auto-hosted-internal-direct-send",
    ),
    pytest.param(devices(ip_addresses=[]), None, 0, id="auto-nothing-fits"),
    pytest.param(devices(method="direct-send"), "direct-send", 0, id="chosen-direct-send"),
    pytest.param(devices(method="smtp-auth", supports_smtp_auth=True), "smtp-auth", 0, id="chosen-smtp-auth"),
    pytest.param(devices(method="smtp-relay"), "smtp-relay", 1, id="chosen-relay"),
]


@pytest.mark.parametrize(("section", "method", "connectors"), DEVICE_CASES)
def test_device_options(section: dict, method: str | None, connectors: int) -> None:
    plan = plan_for(answers(devices=section))
    scenario = next(s for s in plan.scenarios if s.id == "device-relay")
    assert scenario.method == method
    assert scenario.verdict == "optional"
    assert len(plan.connectors) == connectors
    if connectors:
        (c,) = plan.connectors
        assert (c.direction, c.from_, c.to, c.parameters["ConnectorType"]) == (
            "inbound",
            SERVER,
            OFFICE,
            "OnPremises",
        )
    if method is None:
        assert "no-device-option" in plan.warning_codes()


def test_devices_with_on_premises_server_relay_through_it() -> None:
    plan = plan_for(answers(on_premises=on_prem(), devices=devices()))
    scenario = next(s for s in plan.scenarios if s.id == "device-relay")
    assert scenario.verdict == "not-needed"
    assert "devices-via-on-premises" in plan.warning_codes()
    assert len(plan.connectors) == 2  # only the on-premises pair


def test_device_connector_covered_by_on_premises_connector() -> None:
    section = on_prem(identify_by="ip-addresses", certificate_name=None, ip_addresses=["203.0.113.0/24"])
    plan = plan_for(
        answers(on_premises=section, devices=devices(method="smtp-relay", ip_addresses=["203.0.113.7"]))
    )
    assert len(plan.connectors) == 2
    assert "device-connector-covered" in plan.warning_codes()


def test_relay_connector_settings() -> None:
    (c,) = plan_for(answers(devices=devices())).connectors
    assert c.parameters["SenderIPAddresses"] == ["198.51.100.25"]
    assert c.parameters["SenderDomains"] == ["*"]
    (c,) = plan_for(
        answers(devices=devices(identify_by="certificate", certificate_name="relay.contoso.com"))
    ).connectors
    assert c.parameters["TlsSenderCertificateName"] == "*.contoso.com"
    assert c.parameters["RequireTls"] is True


def test_direct_send_severity_follows_external_recipients() -> None:
    external = plan_for(answers(devices=devices(method="direct-send")))
    internal = plan_for(answers(devices=devices(method="direct-send", external_recipients=False)))
    sev = {w.code: w.severity for w in external.warnings}
    assert sev["direct-send-internal-only"] == "critical"
    assert {w.code: w.severity for w in internal.warnings}["direct-send-internal-only"] == "warning"


# Each warning code of this scenario: answers where it applies, and the nearest answers where it does not.
WARNING_CASES = {
    "direct-send-internal-only": (answers(devices=devices(method="direct-send")), answers(devices=devices())),
    "smtp-auth-basic-retirement": (
        answers(devices=devices(method="smtp-auth", supports_smtp_auth=True)),
        answers(devices=devices(method="smtp-auth", supports_smtp_auth=True, supports_oauth=True)),
    ),
    "graylisting": (
        answers(devices=devices(method="direct-send")),
        answers(devices=devices(method="smtp-relay")),
    ),
    "ip-identification-shared": (
        answers(devices=devices()),
        answers(devices=devices(identify_by="certificate", certificate_name="relay.contoso.com")),
    ),
    "relay-sender-domain": (answers(devices=devices()), answers(devices=devices(method="direct-send"))),
    "relay-third-party-hosted": (
        answers(devices=devices(method="smtp-relay", third_party_hosted=True)),
        answers(devices=devices(method="smtp-relay")),
    ),
    "reject-direct-send": (answers(devices=devices(method="direct-send")), answers(devices=devices())),
    "devices-via-on-premises": (
        answers(on_premises=on_prem(), devices=devices()),
        answers(on_premises=on_prem(), devices=devices(method="smtp-relay")),
    ),
    "device-connector-covered": (
        answers(
            on_premises=on_prem(),
            devices=devices(
                method="smtp-relay", identify_by="certificate", certificate_name="mail.contoso.com"
            ),
        ),
        answers(
            on_premises=on_prem(),
            devices=devices(
                method="smtp-relay", identify_by="certificate", certificate_name="relay.contoso.com"
            ),
        ),
    ),
    "no-device-option": (answers(devices=devices(ip_addresses=[])), answers(devices=devices())),
}


def test_example_device_relay() -> None:
    assert decide(load_example("device-relay")).verdict == "optional"


@pytest.mark.parametrize(
    "section",
    [
        devices(ip_addresses=[]),
        devices(ip_addresses=[], supports_smtp_auth="not-sure"),
        devices(ip_addresses=[], supports_smtp_auth=True, supports_tls12=False),
        devices(ip_addresses=[], ports="465-only"),
    ],
)
def test_when_nothing_fits_the_reason_reads_as_sentences(section: dict) -> None:
    """The reason for "no option fits" joins its why after a colon: it began a sentence in lower case."""
    import re

    plan = plan_for(answers(devices=section))
    (scenario,) = [s for s in plan.scenarios if s.id == "device-relay"]
    assert scenario.verdict == "optional"
    assert not re.search(r"[.!?] [a-z]", scenario.reason), scenario.reason


def test_when_nothing_fits_the_headline_names_the_warning_as_every_output_labels_it() -> None:
    """The headline sent the admin to "the critical warning", which the handouts label "Important"."""
    plan = plan_for(answers(devices=devices(ip_addresses=[])))
    assert (
        plan.summary
        == "No connector is needed yet, but nothing fits these devices: read the warning about them first."
    )
    assert "critical" not in plan.summary
    assert any(w.code == "no-device-option" for w in plan.warnings)
