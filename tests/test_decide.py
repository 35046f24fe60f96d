"""The decision engine, table-driven: one case per documented situation (facts.md keys in ids)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import answers, devices, on_prem, partner, plan_for

OFFICE = "Office 365"
SERVER = "Your organization's email server"
PARTNER = "Partner organization"


def shape(plan) -> list[tuple[str, str, str, str]]:
    return [(c.direction, c.from_, c.to, c.parameters.get("ConnectorType")) for c in plan.connectors]


ON_PREM_PAIR = [("inbound", SERVER, OFFICE, "OnPremises"), ("outbound", OFFICE, SERVER, "OnPremises")]

# -- the seed article's "When do I need a connector?" table, row by row (S1) ---------------------------

WHEN_TABLE = [
    pytest.param(
        answers(subscription="eop-standalone", on_premises=on_prem()),
        "standalone-eop",
        "required",
        ON_PREM_PAIR,
        id="standalone-eop-two-connectors",
    ),
    pytest.param(
        answers(on_premises=on_prem()),
        "hybrid",
        "required",
        ON_PREM_PAIR,
        id="mixed-mailboxes-two-connectors",
    ),
    pytest.param(
        answers(devices=devices(method="smtp-relay")),
        "device-relay",
        "optional",
        [("inbound", SERVER, OFFICE, "OnPremises")],
        id="devices-relay-only-one-incoming-connector",
    ),
    pytest.param(
        answers(partners=[partner()]),
        "partner-tls",
        "optional",
        [("inbound", PARTNER, OFFICE, "Partner"), ("outbound", OFFICE, PARTNER, "Partner")],
        id="partner-tls-both-directions",
    ),
    pytest.param(answers(), "cloud-only", "not-needed", [], id="cloud-only-needs-none"),
]


@pytest.mark.parametrize(("data", "scenario", "verdict", "connectors"), WHEN_TABLE)
def test_when_do_i_need_a_connector(data: dict, scenario: str, verdict: str, connectors: list) -> None:
    plan = plan_for(data)
    assert any(s.id == scenario and s.verdict == verdict for s in plan.scenarios)
    assert plan.verdict == verdict
    assert shape(plan) == connectors


# -- the "I have my own email servers" table, row by row (S1 1a) --------------------------------------

OWN_SERVERS = [
    pytest.param(
        "exchange-2010-or-later", "eop-standalone", "not-run", "required", 2, None, id="ex2010-eop-manual"
    ),
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
        "eop-standalone",
        "not-run",
        "required",
        2,
        "legacy-exchange",
        id="ex2007-eop-manual",
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
    pytest.param("non-microsoft", "eop-standalone", "not-run", "required", 2, None, id="non-ms-eop-manual"),
    pytest.param("non-microsoft", "exchange-online", "not-run", "required", 2, None, id="non-ms-exo-manual"),
]


@pytest.mark.parametrize(("server", "subscription", "hybrid", "verdict", "count", "code"), OWN_SERVERS)
def test_own_email_servers(
    server: str, subscription: str, hybrid: str, verdict: str, count: int, code: str | None
) -> None:
    plan = plan_for(
        answers(subscription=subscription, on_premises=on_prem(server=server, hybrid_wizard=hybrid))
    )
    expected_id = "standalone-eop" if subscription == "eop-standalone" else "hybrid"
    assert [s.id for s in plan.scenarios] == [expected_id]
    assert plan.verdict == verdict
    assert len(plan.connectors) == count
    if count:
        assert shape(plan) == ON_PREM_PAIR
    if code:
        assert code in plan.warning_codes()


def test_hybrid_full_needs_no_smart_host_or_certificate() -> None:
    section = {"server": "exchange-2010-or-later", "hybrid_wizard": "full"}
    plan = plan_for(answers(on_premises=section))
    assert plan.verdict == "managed-by-hybrid-wizard"
    assert plan.connectors == []


# -- on-premises connector settings (S2) --------------------------------------------------------------


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


# -- devices: the three options of S4 ------------------------------------------------------------------

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
    pytest.param(
        devices(ip_addresses=[], supports_smtp_auth=True), "smtp-auth", 0, id="auto-no-ip-basic-auth"
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


def test_devices_not_present_plan_nothing() -> None:
    plan = plan_for(answers(devices={"present": False}))
    assert [s.id for s in plan.scenarios] == ["cloud-only"]


def test_relay_connector_settings() -> None:
    (c,) = plan_for(answers(devices=devices())).connectors
    assert c.parameters["SenderIPAddresses"] == ["198.51.100.25"]
    assert c.parameters["SenderDomains"] == ["*"]
    (c,) = plan_for(
        answers(devices=devices(identify_by="certificate", certificate_name="relay.contoso.com"))
    ).connectors
    assert c.parameters["TlsSenderCertificateName"] == "*.contoso.com"
    assert c.parameters["RequireTls"] is True


# -- partners (S3) -------------------------------------------------------------------------------------

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
        partner(direction="outbound", outbound_tls="domain-validation"),
        [("outbound", {"TlsSettings": "DomainValidation", "TlsDomain": "contosobank.com"})],
        id="outbound-domain-validation",
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


# -- every warning code: raised exactly when it applies ------------------------------------------------

WARNING_CASES = {
    "accepted-domains-first": (answers(partners=[partner()]), answers()),
    "open-relay": (answers(on_premises=on_prem()), answers(devices=devices())),
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
    "direct-send-internal-only": (answers(devices=devices(method="direct-send")), answers(devices=devices())),
    "smtp-auth-basic-retirement": (
        answers(devices=devices(method="smtp-auth", supports_smtp_auth=True)),
        answers(devices=devices(method="smtp-auth", supports_smtp_auth=True, supports_oauth=True)),
    ),
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
    "certificate-not-accepted-domain": (
        answers(on_premises=on_prem(certificate_name="mail.fabrikam.net")),
        answers(on_premises=on_prem(certificate_name="*.contoso.com")),
    ),
    "certificate-host-name": (
        answers(on_premises=on_prem(certificate_name="mail.contoso.com")),
        answers(on_premises=on_prem(certificate_name="contoso.com")),
    ),
    "allow-vs-restrict-precedence": (
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
        answers(
            partners=[
                partner(direction="inbound"),
                partner(name="Fabrikam", domains=["fabrikam.com"], direction="inbound"),
            ]
        ),
    ),
    "graylisting": (
        answers(devices=devices(method="direct-send")),
        answers(devices=devices(method="smtp-relay")),
    ),
    "documentation-address": (answers(devices=devices()), answers(devices=devices(ip_addresses=["8.8.4.4"]))),
    "legacy-exchange": (
        answers(on_premises=on_prem(server="exchange-2007-or-earlier")),
        answers(on_premises=on_prem()),
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
    "centralized-mail-transport": (
        answers(on_premises=on_prem(centralized_mail_transport=True)),
        answers(on_premises=on_prem()),
    ),
    "partner-outbound-unneeded": (
        answers(partners=[partner(direction="outbound", require_tls=False)]),
        answers(partners=[partner(direction="outbound")]),
    ),
}


def test_every_warning_code_has_a_case() -> None:
    from advisor.advice.catalogue import entries

    WARNINGS = entries()["warnings"]

    assert set(WARNING_CASES) == set(WARNINGS)


@pytest.mark.parametrize("code", sorted(WARNING_CASES))
def test_warning_raised_exactly_when_it_applies(code: str) -> None:
    applies, does_not = WARNING_CASES[code]
    assert plan_for(applies).warning_codes().count(code) == 1
    assert code not in plan_for(does_not).warning_codes()


def test_certificate_names_become_registered_domains() -> None:
    cases = {
        "mail.contoso.com": "*.contoso.com",
        "*.contoso.com": "*.contoso.com",
        "contoso.com": "contoso.com",
        "a.b.sub.contoso.com": "*.sub.contoso.com",
        "mail.fabrikam.net": "mail.fabrikam.net",
    }
    for given, expected in cases.items():
        data = answers(
            organization={"name": "C", "domains": ["contoso.com", "sub.contoso.com"]},
            on_premises=on_prem(certificate_name=given),
        )
        plan = plan_for(data)
        assert plan.connectors[0].parameters["TlsSenderCertificateName"] == expected, given
        assert plan.connectors[1].parameters["TlsDomain"] == given  # the smart host's own name
        assert ("certificate-not-accepted-domain" in plan.warning_codes()) == (given == "mail.fabrikam.net")


def test_direct_send_severity_follows_external_recipients() -> None:
    external = plan_for(answers(devices=devices(method="direct-send")))
    internal = plan_for(answers(devices=devices(method="direct-send", external_recipients=False)))
    sev = {w.code: w.severity for w in external.warnings}
    assert sev["direct-send-internal-only"] == "critical"
    assert {w.code: w.severity for w in internal.warnings}["direct-send-internal-only"] == "warning"


# -- combined situations ---------------------------------------------------------------------------------


def test_combined_plan_has_no_competing_connectors() -> None:
    data = answers(
        on_premises=on_prem(hybrid_wizard="minimal"),
        devices=devices(method="smtp-relay"),
        partners=[
            partner(
                restrict_by="both", certificate_name="mail.contosobank.com", ip_addresses=["192.0.2.0/24"]
            ),
            partner(name="Fabrikam", domains=["fabrikam.com"], direction="inbound"),
        ],
    )
    plan = plan_for(data)
    assert plan.verdict == "required"
    assert [s.id for s in plan.scenarios] == ["hybrid", "device-relay", "partner-tls", "partner-tls"]
    names = [c.name for c in plan.connectors]
    assert len(names) == len(set(n.lower() for n in names))
    outbound_scopes = [
        tuple(c.parameters["RecipientDomains"]) for c in plan.connectors if c.direction == "outbound"
    ]
    assert len(outbound_scopes) == len(set(outbound_scopes))
    # inbound connectors for the same senders differ in what identifies them
    keys = [
        (
            tuple(c.parameters["SenderDomains"]),
            c.parameters.get("TlsSenderCertificateName"),
            tuple(c.parameters.get("SenderIPAddresses", ())),
        )
        for c in plan.connectors
        if c.direction == "inbound"
    ]
    assert len(keys) == len(set(keys))


def test_overall_verdict_is_strongest() -> None:
    assert (
        plan_for(answers(partners=[partner()], on_premises=on_prem(hybrid_wizard="full"))).verdict
        == "managed-by-hybrid-wizard"
    )
    assert plan_for(answers(partners=[partner()], devices=devices())).verdict == "optional"
    assert plan_for(answers(partners=[partner()], on_premises=on_prem())).verdict == "required"


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


def test_every_decision_cites_a_known_source() -> None:
    from advisor.advice.catalogue import entries
    from advisor.model.plan import source_keys

    SOURCES = entries()["sources"]

    data = answers(on_premises=on_prem(), devices=devices(method="direct-send"), partners=[partner()])
    plan = plan_for(data)
    for item in [*plan.scenarios, *plan.connectors, *plan.warnings]:
        keys = source_keys(item.source)
        assert keys, item
        assert all(k in SOURCES for k in keys), item


def test_steps_put_accepted_domains_first_and_mx_last() -> None:
    plan = plan_for(answers(subscription="eop-standalone", on_premises=on_prem()))
    titles = [s.title for s in plan.steps]
    assert titles[0] == "Check your accepted domains"
    assert titles.index("Create the connectors") < titles.index("Validate the outbound connectors")
    assert titles.index("Point MX to Microsoft 365 last") > titles.index("Validate the outbound connectors")


def test_decide_is_pure(monkeypatch) -> None:
    """No I/O, no prompts, no printing: the engine fails loudly if it tries, and is deterministic.

    The advice catalogue (package data) is read once per process, before the engine runs.
    """
    import builtins
    import os
    import sys

    from advisor.advice.catalogue import entries
    from advisor.advice.decide import decide
    from advisor.model.validation import validate_answers

    validated = validate_answers(
        answers(on_premises=on_prem(), devices=devices(method="smtp-relay"), partners=[partner()])
    )
    entries()  # the catalogue, loaded once

    def forbidden(*_args, **_kwargs):
        raise AssertionError("the decision engine must not do I/O")

    for name in ("open", "print", "input"):
        monkeypatch.setattr(builtins, name, forbidden)
    for name in ("system", "listdir", "scandir", "stat"):
        monkeypatch.setattr(os, name, forbidden)
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    first = decide(validated).to_dict()
    assert first == decide(validated).to_dict()
