"""Setups where the plan still broke mail at the third review (facts 7): one table per situation,
each with the case that must pass and its nearest wrong one."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.errors import AnswersInvalid
from advisor.model.plan import Plan
from advisor.model.validation import validate_answers
from tests.conftest import answers, devices, on_prem, partner, plan_for

SERVICE_BY_IP = {
    "name": "Mimecast",
    "inbound": True,
    "identify_by": "ip-addresses",
    "ip_addresses": ["203.0.113.0/24"],
}
SERVICE_OUT = {**SERVICE_BY_IP, "outbound": True, "smart_hosts": ["eu-smtp-o365-outbound-1.mimecast.com"]}
M365_CERT = partner(restrict_by="certificate", certificate_name="mail.contosobank.com", on_microsoft_365=True)
M365_IPS = partner(restrict_by="ip-addresses", ip_addresses=["40.92.0.0/24"], on_microsoft_365=True)
CERT = partner(restrict_by="certificate", certificate_name="mail.contosobank.com")
REJECTING = {"name": "Contoso", "domains": ["contoso.com"], "reject_direct_send": True}
INTERNAL_BASIC = devices(ip_addresses=[], external_recipients=False, supports_smtp_auth=True)
APPLICATION = partner(
    name="Booking app",
    domains=["contoso.com"],
    direction="inbound",
    restrict_by="ip-addresses",
    ip_addresses=["20.50.2.17"],
)
MX_AT_SERVICE = {"name": "Contoso", "domains": ["contoso.com"], "mx": "filtering-service"}


def behind(service: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Answers with MX at a filtering service."""
    return answers(organization=MX_AT_SERVICE, filtering_service=service, **changes)


WARNING_CASES = {
    "google-workspace-no-connectors": (
        answers(
            organization={"name": "Contoso", "domains": ["contoso.com"], "mx": "on-premises"},
            on_premises={"server": "google-workspace"},
        ),
        answers(on_premises=on_prem(server="non-microsoft")),
    ),
    "devices-beyond-smtp-auth-limits": (
        answers(
            devices=devices(method="smtp-auth", supports_smtp_auth=True, supports_oauth=True, volume="high")
        ),
        answers(
            devices=devices(
                method="smtp-auth", supports_smtp_auth=True, supports_oauth=True, volume="within-limits"
            )
        ),
    ),
    "edge-transport-servers": (
        answers(on_premises=on_prem(edge_transport=True)),
        answers(on_premises=on_prem()),
    ),
    "on-premises-lockdown": (
        answers(
            organization={"name": "Contoso", "domains": ["contoso.com"], "mx": "on-premises"},
            on_premises=on_prem(lock_down_inbound=True),
        ),
        answers(
            organization={"name": "Contoso", "domains": ["contoso.com"], "mx": "on-premises"},
            on_premises=on_prem(),
        ),
    ),
    "partner-on-microsoft-365-restriction": (
        answers(partners=[M365_CERT]),
        answers(partners=[partner(on_microsoft_365=True)]),
    ),
    "partner-behind-filtering-service": (
        behind(SERVICE_BY_IP, partners=[CERT]),
        answers(partners=[CERT]),
    ),
    "filtering-service-blocks-direct-send": (
        behind(SERVICE_BY_IP, devices=devices(method="direct-send", external_recipients=False)),
        answers(devices=devices(method="direct-send", external_recipients=False)),
    ),
    "direct-send-rejected": (
        answers(organization=REJECTING, devices=devices(method="direct-send", external_recipients=False)),
        answers(devices=devices(method="direct-send", external_recipients=False)),
    ),
    "reject-direct-send-application": (
        answers(organization=REJECTING, partners=[APPLICATION]),
        answers(organization=REJECTING, partners=[{**APPLICATION, "domains": ["app.example.net"]}]),
    ),
    "smart-host-certificate-mismatch": (
        answers(on_premises=on_prem(smart_hosts=["edge1.contoso.net"])),
        answers(
            on_premises=on_prem(smart_hosts=["edge1.contoso.net"], receiving_certificate_name="*.contoso.net")
        ),
    ),
    "high-volume-email-internal-only": (
        answers(organization=REJECTING, devices=INTERNAL_BASIC),
        answers(devices=INTERNAL_BASIC),
    ),
    "filtering-service-partner-bypass": (
        behind(SERVICE_OUT, partners=[partner()]),
        behind(SERVICE_OUT, partners=[partner(direction="inbound")]),
    ),
}


def codes(plan: Plan) -> list[str]:
    return plan.warning_codes()


def inbound_of(plan: Plan, party: str) -> list[dict[str, Any]]:
    return [c.parameters for c in plan.connectors if c.direction == "inbound" and c.party == party]


def refused(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(AnswersInvalid) as caught:
        validate_answers(data)
    return [(p.path, p.message) for p in caught.value.problems]


# --- 1. A partner whose mail is in Microsoft 365 ---------------------------------------------------------


@pytest.mark.parametrize("asked", [M365_CERT, M365_IPS], ids=["certificate", "ip-addresses"])
def test_a_microsoft_365_partner_is_never_restricted_by_certificate_or_address(asked: dict) -> None:
    plan = plan_for(answers(partners=[asked]))
    (params,) = inbound_of(plan, "Contoso Bank")
    assert params["RequireTls"] is True
    assert not {"TlsSenderCertificateName", "SenderIPAddresses", "RestrictDomainsToCertificate"} & set(params)
    (found,) = [w for w in plan.warnings if w.code == "partner-on-microsoft-365-restriction"]
    assert found.severity == "critical"
    assert "TrustedOrganizations" in found.message
    assert "not documented" in found.message


def test_the_same_restriction_for_a_partner_on_its_own_servers_is_kept() -> None:
    (params,) = inbound_of(plan_for(answers(partners=[CERT])), "Contoso Bank")
    assert params["TlsSenderCertificateName"] == "mail.contosobank.com"
    assert params["RestrictDomainsToCertificate"] is True


def test_a_microsoft_365_partner_needs_no_certificate_name_for_a_restriction_that_is_not_planned() -> None:
    data = answers(partners=[partner(restrict_by="certificate", on_microsoft_365=True)])
    assert inbound_of(plan_for(data), "Contoso Bank")
    assert refused(answers(partners=[partner(restrict_by="certificate")]))[0][0] == (
        "partners[0].certificate_name"
    )


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("mail.protection.outlook.com", True),
        ("*.mail.protection.outlook.com", True),
        ("contosobank-com.mail.protection.outlook.com", True),
        ("contosobank-com.l-v1.mx.microsoft", True),
        ("mx1.contosobank.com", False),
        ("outlook.com", False),
    ],
)
def test_a_microsoft_365_partner_receives_with_microsofts_certificate(name: str, accepted: bool) -> None:
    data = answers(
        partners=[
            partner(
                direction="outbound",
                outbound_tls="domain-validation",
                on_microsoft_365=True,
                receiving_certificate_name=name,
            )
        ]
    )
    if accepted:
        (outbound,) = plan_for(data).connectors
        assert outbound.parameters["TlsDomain"] == name
    else:
        assert refused(data) == [
            (
                "partners[0].receiving_certificate_name",
                "the partner's mail is in Microsoft 365, so their receiving servers present Microsoft's "
                "certificate (mail.protection.outlook.com), not a name of their own",
            )
        ]
    # the same name for a partner on its own servers is theirs to choose
    own = answers(
        partners=[
            partner(direction="outbound", outbound_tls="domain-validation", receiving_certificate_name=name)
        ]
    )
    assert plan_for(own).connectors[0].parameters["TlsDomain"] == name


def test_agreeing_with_a_microsoft_365_partner_asks_for_no_certificate_or_addresses() -> None:
    (step,) = [s for s in plan_for(answers(partners=[M365_CERT])).steps if s.title.startswith("Agree TLS")]
    assert "no certificate or IP details" in step.detail
    (step,) = [s for s in plan_for(answers(partners=[CERT])).steps if s.title.startswith("Agree TLS")]
    assert "exchange certificate and IP details" in step.detail


# --- 3. A partner restricted while MX is at a filtering service -------------------------------------------


def test_a_partner_behind_the_filtering_service_is_not_restricted_by_what_the_service_replaces() -> None:
    data, nearest = WARNING_CASES["partner-behind-filtering-service"]
    plan = plan_for(data)
    (params,) = inbound_of(plan, "Contoso Bank")
    assert params == {**params, "RequireTls": True}
    assert "TlsSenderCertificateName" not in params
    (found,) = [w for w in plan.warnings if w.code == "partner-behind-filtering-service"]
    assert "Enforce Contoso Bank's TLS and source addresses at Mimecast" in found.message
    assert "TlsSenderCertificateName" in inbound_of(plan_for(nearest), "Contoso Bank")[0]


def test_an_outbound_only_filtering_service_leaves_the_partner_restriction_alone() -> None:
    service = {"name": "Mimecast", "inbound": False, "outbound": True, "smart_hosts": ["out.mimecast.com"]}
    plan = plan_for(answers(filtering_service=service, partners=[CERT]))
    assert "partner-behind-filtering-service" not in codes(plan)
    assert "TlsSenderCertificateName" in inbound_of(plan, "Contoso Bank")[0]


# --- 4. All outbound mail through a gateway, and a partner outbound connector ------------------------------


def test_mail_to_a_partner_with_its_own_outbound_connector_skips_the_gateway() -> None:
    data, _ = WARNING_CASES["filtering-service-partner-bypass"]
    (found,) = [w for w in plan_for(data).warnings if w.code == "filtering-service-partner-bypass"]
    assert "contosobank.com" in found.message
    assert "enforce TLS for contosobank.com on Mimecast" in found.message


# --- 2, 10, 11. Devices: the lockdown, RejectDirectSend, Basic authentication in 2026 ---------------------

ANYWHERE = devices(ip_addresses=[], supports_smtp_auth=True, supports_oauth=True)


@pytest.mark.parametrize(
    ("data", "method"),
    [
        pytest.param(answers(devices=INTERNAL_BASIC), "direct-send", id="internal-direct-send-allowed"),
        pytest.param(behind(SERVICE_BY_IP, devices=INTERNAL_BASIC), "high-volume-email", id="lockdown-hve"),
        pytest.param(
            answers(organization=REJECTING, devices=INTERNAL_BASIC), "high-volume-email", id="rds-hve"
        ),
        pytest.param(
            answers(organization=REJECTING, devices=devices(ip_addresses=[], external_recipients=False)),
            None,
            id="rds-internal-nothing-fits",
        ),
        pytest.param(
            answers(devices=devices(ip_addresses=[], supports_smtp_auth=True)), None, id="basic-never-chosen"
        ),
        pytest.param(answers(devices=ANYWHERE), "smtp-auth", id="oauth-chosen"),
        pytest.param(
            answers(devices={**ANYWHERE, "supports_tls12": False}),
            None,
            id="oauth-without-tls12-cannot-sign-in",
        ),
        pytest.param(behind(SERVICE_BY_IP, devices=devices()), "smtp-relay", id="lockdown-relay-by-ip"),
    ],
)
def test_auto_chooses_only_what_can_reach_the_tenant_in_2026(data: dict, method: str | None) -> None:
    plan = plan_for(data)
    (scenario,) = [s for s in plan.scenarios if s.id == "device-relay"]
    assert scenario.method == method
    assert "smtp-auth-basic-retirement" not in codes(plan)
    if method is None:
        assert "no-device-option" in codes(plan)


@pytest.mark.parametrize(
    "data",
    [
        behind(SERVICE_BY_IP, devices=devices(method="direct-send", external_recipients=False)),
        answers(organization=REJECTING, devices=devices(method="direct-send", external_recipients=False)),
    ],
    ids=["lockdown", "reject-direct-send"],
)
def test_devices_are_never_told_to_send_to_the_mx_host_where_direct_send_is_rejected(data: dict) -> None:
    plan = plan_for(data)
    device_steps = [s for s in plan.steps if "devices" in s.title.lower() or "device" in s.detail.lower()]
    assert device_steps
    assert all("Do not point the devices at your Microsoft 365 MX host" in s.detail for s in device_steps)
    assert "reject-direct-send" not in codes(plan)
    nearest = plan_for(answers(devices=devices(method="direct-send", external_recipients=False)))
    assert any("contoso-com.mail.protection.outlook.com" in s.detail for s in nearest.steps)


def test_high_volume_email_is_set_up_on_port_587_for_internal_recipients() -> None:
    plan = plan_for(answers(organization=REJECTING, devices=INTERNAL_BASIC))
    (step,) = [s for s in plan.steps if s.title == "Set up High Volume Email for the devices"]
    assert "port 587" in step.detail
    assert "September 2028" in step.detail
    assert plan.connectors == []
    assert (
        plan.summary
        == "No connector is needed: the devices use High Volume Email, set up as the checklist says."
    )


@pytest.mark.parametrize(
    ("section", "path"),
    [
        (devices(method="high-volume-email", supports_smtp_auth=True), "devices.external_recipients"),
        (devices(method="high-volume-email", external_recipients=False), "devices.supports_smtp_auth"),
        (
            devices(method="smtp-auth", supports_smtp_auth=True, supports_oauth=True, supports_tls12=False),
            "devices.supports_tls12",
        ),
        (devices(method="smtp-relay", ip_addresses=[]), "devices.ip_addresses"),
    ],
)
def test_a_method_the_devices_cannot_use_is_refused(section: dict, path: str) -> None:
    assert path in [p for p, _ in refused(answers(devices=section))]


# --- 7. The on-premises smart host's certificate --------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "tls_domain", "warned"),
    [
        (on_prem(), "mail.contoso.com", False),
        (on_prem(smart_hosts=["edge1.contoso.net"]), "mail.contoso.com", True),
        (
            on_prem(smart_hosts=["edge1.contoso.net"], receiving_certificate_name="edge1.contoso.net"),
            "edge1.contoso.net",
            False,
        ),
        (
            on_prem(smart_hosts=["a.b.contoso.com"], receiving_certificate_name="*.contoso.com"),
            "*.contoso.com",
            True,
        ),
        (on_prem(smart_hosts=["203.0.113.25"]), "mail.contoso.com", True),
    ],
    ids=["same-name", "edge-not-covered", "receiving-name-given", "wildcard-one-label-only", "ip-smart-host"],
)
def test_the_connector_to_your_server_checks_the_smart_hosts_certificate(
    section: dict, tls_domain: str, warned: bool
) -> None:
    plan = plan_for(answers(on_premises=section))
    (outbound,) = [c for c in plan.connectors if c.direction == "outbound"]
    assert (outbound.parameters["TlsSettings"], outbound.parameters["TlsDomain"]) == (
        "DomainValidation",
        tls_domain,
    )
    assert ("smart-host-certificate-mismatch" in codes(plan)) is warned


# --- 13. Certificate names where they are typed ----------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "refused_path"),
    [
        ({"on_premises": on_prem(certificate_name="mail.fabrikam.net")}, "on_premises.certificate_name"),
        ({"on_premises": on_prem(certificate_name="exchange.contoso.local")}, "on_premises.certificate_name"),
        ({"on_premises": on_prem(certificate_name="*.contoso.com")}, None),
        (
            {"devices": devices(identify_by="certificate", certificate_name="scanner.fabrikam.net")},
            "devices.certificate_name",
        ),
        ({"devices": devices(identify_by="certificate", certificate_name="scanner.contoso.com")}, None),
        # a partner's or a filtering service's certificate is theirs, not yours
        ({"partners": [partner(restrict_by="certificate", certificate_name="mail.fabrikam.net")]}, None),
    ],
    ids=[
        "server-foreign",
        "server-local",
        "server-wildcard-own",
        "devices-foreign",
        "devices-own",
        "partner",
    ],
)
def test_on_premises_connectors_are_never_built_on_a_foreign_certificate_name(
    section: dict, refused_path: str | None
) -> None:
    data = answers(**section)
    if refused_path is None:
        assert plan_for(data).connectors
        return
    (problem,) = [(p, m) for p, m in refused(data) if p == refused_path]
    assert "MC1226222" in problem[1]


# --- 11. RejectDirectSend and a hosted application that sends as your domain --------------------------


def test_an_application_sending_as_your_domain_gets_a_partner_connector_when_direct_send_is_rejected() -> (
    None
):
    plan = plan_for(answers(organization=REJECTING, partners=[APPLICATION]))
    (params,) = inbound_of(plan, "Booking app")
    assert params["ConnectorType"] == "Partner"
    assert params["SenderDomains"] == ["contoso.com"]
    assert params["SenderIPAddresses"] == ["20.50.2.17"]
    assert params["RestrictDomainsToIPAddresses"] is True
    # without RejectDirectSend the same entry is refused: your own domain is not a partner's
    assert refused(answers(partners=[APPLICATION]))[0][0] == "partners[0].domains[0]"
    # nor is it accepted without a restriction that identifies the application
    unrestricted = {**APPLICATION, "restrict_by": "none"}
    assert refused(answers(organization=REJECTING, partners=[unrestricted]))[0][0] == "partners[0].domains[0]"


# --- 15. Words ---------------------------------------------------------------------------------------------


def test_a_partner_for_whom_nothing_is_planned_is_said_to_need_nothing() -> None:
    plan = plan_for(answers(partners=[partner(direction="outbound", require_tls=False)]))
    assert plan.connectors == []
    (scenario,) = plan.scenarios[1:]
    assert (scenario.id, scenario.verdict) == ("partner-tls", "not-needed")
    assert "nothing needs to be planned" in scenario.reason
    assert not [s for s in plan.steps if "Contoso Bank" in s.title]


def test_a_partner_reached_through_smart_hosts_without_tls_gets_a_whole_sentence() -> None:
    plan = plan_for(
        answers(
            partners=[partner(direction="outbound", require_tls=False, smart_hosts=["mx.contosobank.com"])]
        )
    )
    (scenario,) = plan.scenarios[1:]
    assert scenario.reason.endswith("planned so that mail to them goes to the hosts they named.")


def test_no_sentence_of_a_plan_ends_half_way() -> None:
    """Every partner shape (direction x TLS x smart hosts) gives whole sentences ("... so that mail to them."
    was one)."""
    shapes = [
        partner(
            direction=direction,
            require_tls=tls,
            smart_hosts=hosts,
            restrict_by="ip-addresses",
            ip_addresses=["192.0.2.0/24"],
        )
        if direction != "outbound"
        else partner(direction=direction, require_tls=tls, smart_hosts=hosts)
        for direction in ("both", "inbound", "outbound")
        for tls in (True, False)
        for hosts in ([], ["mx.contosobank.com"])
    ]
    for shape in shapes:
        plan = plan_for(answers(partners=[shape]))
        for text in [s.reason for s in plan.scenarios] + [c.reason for c in plan.connectors]:
            assert text.rstrip().endswith((".", ".]")), text
            assert not text.rstrip().endswith(("them.", "that.", "so that.")), text


def test_port_25_is_locked_down_after_an_mx_change_only_when_mx_changes() -> None:
    moved = plan_for(answers(subscription="eop-standalone", on_premises=on_prem()))
    stays = plan_for(
        answers(
            subscription="eop-standalone",
            organization={"name": "Contoso", "domains": ["contoso.com"], "mx": "on-premises"},
            on_premises=on_prem(),
        )
    )
    assert any("After the MX change has propagated" in s.detail for s in moved.steps)
    assert not any("MX change" in s.detail for s in stays.steps)
    assert any(s.title == "Lock down port 25" for s in stays.steps)


def test_centralized_mail_transport_without_a_server_is_refused() -> None:
    data = answers(on_premises={"server": "none", "centralized_mail_transport": True})
    assert refused(data) == [
        (
            "on_premises.centralized_mail_transport",
            "routes the mail of Exchange Online mailboxes through your own server, but there is none",
        )
    ]


def test_a_plan_without_connectors_never_calls_its_optional_parts_planned() -> None:
    from advisor.outputs.views.handout import areas

    plan = plan_for(answers(devices=ANYWHERE))
    assert plan.connectors == []
    assert [a["verdict_label"] for a in areas(plan)][-1] == "Optional, no connector to create"
    relay = plan_for(answers(devices=devices()))
    assert [a["verdict_label"] for a in areas(relay)][-1] == "Optional, planned"


def test_direct_send_chosen_where_it_is_rejected_is_not_described_as_working() -> None:
    data, nearest = WARNING_CASES["filtering-service-blocks-direct-send"]
    (scenario,) = [s for s in plan_for(data).scenarios if s.id == "device-relay"]
    assert "cannot reach your organization" in scenario.reason
    (scenario,) = [s for s in plan_for(nearest).scenarios if s.id == "device-relay"]
    assert "send straight to your MX endpoint" in scenario.reason


# --- 12. MX on premises: Exchange Online locked down to your server -------------------------------------

MX_ON_PREMISES = {"name": "Contoso", "domains": ["contoso.com"], "mx": "on-premises"}


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            on_prem(lock_down_inbound=True),
            {"TlsSenderCertificateName": "mail.contoso.com", "RestrictDomainsToCertificate": True},
        ),
        (
            on_prem(lock_down_inbound=True, identify_by="ip-addresses", ip_addresses=["203.0.113.10"]),
            {"SenderIPAddresses": ["203.0.113.10"], "RestrictDomainsToIPAddresses": True},
        ),
    ],
)
def test_mx_at_your_server_can_lock_exchange_online_down_to_it(section: dict, expected: dict) -> None:
    plan = plan_for(answers(organization=MX_ON_PREMISES, on_premises=section))
    (lockdown,) = [c for c in plan.connectors if c.parameters["ConnectorType"] == "Partner"]
    assert lockdown.parameters["SenderDomains"] == ["*"]
    assert expected.items() <= lockdown.parameters.items()
    assert "on-premises-lockdown" in codes(plan)
    # the nearest wrong case: not asked for, no lockdown
    plain = plan_for(answers(organization=MX_ON_PREMISES, on_premises=on_prem()))
    assert not [c for c in plain.connectors if c.parameters["ConnectorType"] == "Partner"]


def test_a_lockdown_without_mx_at_your_server_is_refused() -> None:
    assert "on_premises.lock_down_inbound" in [
        p for p, _ in refused(answers(on_premises=on_prem(lock_down_inbound=True)))
    ]


def test_direct_send_behind_your_servers_lockdown_is_not_described_as_working() -> None:
    plan = plan_for(
        answers(
            organization=MX_ON_PREMISES,
            on_premises=on_prem(lock_down_inbound=True),
            devices=devices(method="direct-send", external_recipients=False),
        )
    )
    assert "filtering-service-blocks-direct-send" in codes(plan)


# --- 8. Edge Transport servers --------------------------------------------------------------------------


def test_with_edge_servers_the_send_connector_comes_from_the_edge_subscriptions() -> None:
    side = plan_for(answers(on_premises=on_prem(edge_transport=True))).on_premises_side
    assert side is not None
    assert side.transport_servers_cmdlet == "Get-EdgeSubscription"
    assert side.certificate_lookup is None  # the certificate is on the Edge servers, not looked up here
    plain = plan_for(answers(on_premises=on_prem())).on_premises_side
    assert plain is not None
    assert plain.transport_servers_cmdlet == "Get-TransportService"
    assert plain.certificate_lookup == "mail.contoso.com"


# --- 10. Devices: the ports they can use, how much they send ---------------------------------------------

OAUTH = {"supports_smtp_auth": True, "supports_oauth": True}


@pytest.mark.parametrize(
    ("section", "method"),
    [
        (devices(**OAUTH), "smtp-auth"),
        (devices(**OAUTH, ports="25-only"), "smtp-auth"),
        (devices(**OAUTH, volume="high"), "smtp-relay"),  # beyond SMTP AUTH's limits: the relay connector
        (devices(ip_addresses=[], external_recipients=False, ports="587-only"), None),  # direct send needs 25
        (devices(ip_addresses=[], external_recipients=False), "direct-send"),
        (devices(**OAUTH, ports="465-only"), None),
        (devices(ports="587-only"), None),  # relay needs 25
    ],
)
def test_auto_chooses_by_the_ports_and_the_volume(section: dict, method: str | None) -> None:
    (scenario,) = [s for s in plan_for(answers(devices=section)).scenarios if s.id == "device-relay"]
    assert scenario.method == method


@pytest.mark.parametrize(
    ("method", "ports", "needed"),
    [
        ("smtp-relay", "587-only", "port 25"),
        ("high-volume-email", "25-only", "port 587"),
        ("smtp-auth", "465-only", "port 587 or 25"),
    ],
)
def test_a_method_the_ports_do_not_allow_is_refused(method: str, ports: str, needed: str) -> None:
    section = devices(method=method, ports=ports, supports_smtp_auth=True, external_recipients=False)
    (message,) = [m for p, m in refused(answers(devices=section)) if p == "devices.ports"]
    assert message.endswith(needed)
    validate_answers(answers(devices={**section, "ports": "587-and-25"}))


def test_port_465_says_what_has_to_change() -> None:
    plan = plan_for(answers(devices=devices(**OAUTH, ports="465-only")))
    assert "port 465" in " ".join(w.message for w in plan.warnings)


# --- 9. Google Workspace ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mx", ["on-premises", "microsoft-365"])
def test_google_workspace_gets_routing_subdomains_and_never_a_connector(mx: str) -> None:
    section = {
        "server": "google-workspace",
        "certificate_name": "*.google.com",
        "ip_addresses": ["74.125.0.0/24"],
    }
    plan = plan_for(
        answers(organization={"name": "Contoso", "domains": ["contoso.com"], "mx": mx}, on_premises=section)
    )
    assert plan.connectors == []
    assert plan.on_premises_side is None
    assert {r.name for r in plan.dns if r.type == "MX"} == {"o365.contoso.com", "gsuite.contoso.com"}
    assert "google-workspace-no-connectors" in codes(plan)
    assert "Google Workspace" in plan.summary
    # the nearest wrong case: a server of your own gets its connectors
    own = plan_for(answers(on_premises=on_prem(server="non-microsoft")))
    assert len(own.connectors) == 2


def test_devices_beside_google_workspace_do_not_relay_through_it() -> None:
    plan = plan_for(
        answers(
            organization={"name": "Contoso", "domains": ["contoso.com"], "mx": "on-premises"},
            on_premises={"server": "google-workspace"},
            devices=devices(method="auto"),
        )
    )
    (scenario,) = [s for s in plan.scenarios if s.id == "device-relay"]
    assert scenario.method == "smtp-relay"
