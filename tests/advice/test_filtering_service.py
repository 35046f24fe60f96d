"""Scenario filtering-service: MX at a third-party service in front of Exchange Online (S12, S7)."""

from __future__ import annotations

from typing import Any

import pytest

from advisor.advice.decide import decide
from advisor.inputs.answers_file import load_example
from tests.advice.seed_tables import OFFICE, PARTNER
from tests.conftest import answers, devices, on_prem, plan_for

ORG = {"name": "Contoso", "domains": ["contoso.com"], "mx": "filtering-service"}
BY_ADDRESSES = {"name": "Mimecast", "inbound": True, "ip_addresses": ["198.51.100.0/24"]}
BY_CERTIFICATE = {
    "name": "Proofpoint",
    "inbound": True,
    "identify_by": "certificate",
    "certificate_name": "outbound.pphosted.example",
}
OUTBOUND_ONLY = {
    "name": "Gateway",
    "inbound": False,
    "outbound": True,
    "smart_hosts": ["out.gateway.example"],
}


def service(section: dict[str, Any], **changes: Any) -> dict[str, Any]:
    org = ORG if section.get("inbound", True) else {k: v for k, v in ORG.items() if k != "mx"}
    return answers(organization=org, filtering_service=section, **changes)


CASES = [
    pytest.param(
        service(BY_ADDRESSES),
        "optional",
        [
            (
                "inbound",
                PARTNER,
                OFFICE,
                {
                    "ConnectorType": "Partner",
                    "SenderDomains": ["*"],
                    "SenderIPAddresses": ["198.51.100.0/24"],
                    "RestrictDomainsToIPAddresses": True,
                    "EFSkipIPs": ["198.51.100.0/24"],
                },
            )
        ],
        id="inbound-lockdown-by-addresses-with-enhanced-filtering",
    ),
    pytest.param(
        service(BY_CERTIFICATE),
        "optional",
        [
            (
                "inbound",
                PARTNER,
                OFFICE,
                {
                    "SenderDomains": ["*"],
                    "RequireTls": True,
                    "TlsSenderCertificateName": "outbound.pphosted.example",
                    "RestrictDomainsToCertificate": True,
                    "EFSkipLastIP": True,
                },
            )
        ],
        id="inbound-lockdown-by-certificate-skips-the-last-ip",
    ),
    pytest.param(
        service(OUTBOUND_ONLY),
        "required",
        [
            (
                "outbound",
                OFFICE,
                PARTNER,
                {
                    "ConnectorType": "Partner",
                    "RecipientDomains": ["*"],
                    "UseMXRecord": False,
                    "SmartHosts": ["out.gateway.example"],
                    "TlsSettings": "CertificateValidation",
                },
            )
        ],
        id="outbound-through-the-service-is-required",
    ),
]


@pytest.mark.parametrize(("data", "verdict", "expected"), CASES)
def test_filtering_service_connectors(data: dict, verdict: str, expected: list) -> None:
    plan = plan_for(data)
    (scenario,) = [s for s in plan.scenarios if s.id == "filtering-service"]
    assert scenario.verdict == verdict
    assert len(plan.connectors) == len(expected)
    for c, (direction, start, end, parameters) in zip(plan.connectors, expected, strict=True):
        assert (c.direction, c.from_, c.to) == (direction, start, end)
        for key, value in parameters.items():
            assert c.parameters[key] == value, key
        assert not ("SenderIPAddresses" in c.parameters and "TlsSenderCertificateName" in c.parameters)


def test_cloud_only_is_not_claimed_when_a_service_is_in_front() -> None:
    plan = plan_for(service(BY_ADDRESSES))
    assert [s.id for s in plan.scenarios] == ["filtering-service"]


@pytest.mark.parametrize(
    "data",
    [
        service(BY_ADDRESSES),
        service(BY_ADDRESSES, on_premises=on_prem()),
        service(BY_ADDRESSES, subscription="eop-standalone", on_premises=on_prem()),
    ],
    ids=["cloud", "hybrid", "standalone-eop"],
)
def test_mx_is_never_moved_when_it_stays_at_the_service(data: dict) -> None:
    """Facts 6.1: no step, DNS record or sentence tells the admin to point MX at Microsoft 365."""
    plan = plan_for(data)
    assert not [r for r in plan.dns if r.type == "MX"]
    for text in [s.title + " " + s.detail for s in plan.steps] + [plan.summary]:
        assert "Point MX" not in text
        assert "set each domain's MX record" not in text


def test_spf_keeps_microsoft_365_and_adds_the_service_only_when_mail_leaves_through_it() -> None:
    inbound_only = plan_for(service(BY_ADDRESSES))
    assert not [s for s in inbound_only.steps if "SPF" in s.title]
    outbound = plan_for(service(OUTBOUND_ONLY))
    assert [s.title for s in outbound.steps if "SPF" in s.title] == ["Add Gateway to your SPF record"]
    (txt,) = [r for r in outbound.dns if r.type == "TXT"]
    assert "include:spf.protection.outlook.com" in txt.value


# Each warning code of this scenario: answers where it applies, and the nearest answers where it does not.
WARNING_CASES = {
    "filtering-service-ranges": (service(BY_ADDRESSES), service(BY_CERTIFICATE)),
    "filtering-service-enhanced-filtering": (service(BY_CERTIFICATE), service(OUTBOUND_ONLY)),
    "filtering-service-via-server": (
        service({**BY_CERTIFICATE, "delivers_to": "on-premises"}, on_premises=on_prem()),
        service({**BY_CERTIFICATE, "delivers_to": "microsoft-365"}, on_premises=on_prem()),
    ),
}


def test_a_service_that_delivers_to_your_server_keeps_doing_so() -> None:
    """With mailboxes on premises and the service delivering there, the plan never repoints the service at
    Microsoft 365 (facts 6.1): it says to keep the path, and how to move it later as a cut-over of its own."""
    kept = plan_for(service({**BY_CERTIFICATE, "delivers_to": "on-premises"}, on_premises=on_prem()))
    moved = plan_for(service(BY_CERTIFICATE, on_premises=on_prem()))
    assert "Keep Proofpoint delivering to your server" in [s.title for s in kept.steps]
    assert "Point Proofpoint at Microsoft 365" not in [s.title for s in kept.steps]
    assert "Point Proofpoint at Microsoft 365" in [s.title for s in moved.steps]
    # nothing comes from the service: no lockdown to it (it would match no mail), no Enhanced Filtering on
    # it, and spam-bypass rules stay until Enhanced Filtering is on the connector from your server
    assert not [c for c in kept.connectors if c.scenario == "filtering-service"]
    assert [c for c in moved.connectors if c.scenario == "filtering-service"]
    assert "Retire spam-bypass rules for Proofpoint" not in [s.title for s in kept.steps]
    assert "filtering-service-enhanced-filtering" not in kept.warning_codes()
    assert next(s for s in kept.scenarios if s.id == "filtering-service").verdict == "not-needed"


def test_a_service_that_delivers_to_your_server_needs_no_identity_and_blocks_no_direct_send() -> None:
    section = {"name": "Proofpoint", "inbound": True, "delivers_to": "on-premises"}  # no addresses given
    internal_devices = devices(external_recipients=False, ip_addresses=[], method="direct-send")
    plan = plan_for(service(section, on_premises=on_prem(), devices=internal_devices))
    assert "filtering-service-blocks-direct-send" not in plan.warning_codes()


def test_delivery_to_your_server_needs_a_server_and_inbound_mail() -> None:
    from advisor.errors import AnswersInvalid
    from advisor.model.validation import validate_answers

    with pytest.raises(AnswersInvalid) as caught:
        validate_answers(service({**BY_CERTIFICATE, "delivers_to": "on-premises"}))
    assert [p.path for p in caught.value.problems] == ["filtering_service.delivers_to"]


def test_example_filtering_service() -> None:
    assert decide(load_example("filtering-service")).verdict == "required"


def test_devices_still_plan_beside_the_service() -> None:
    plan = plan_for(service(BY_ADDRESSES, devices=devices(method="smtp-relay")))
    assert {s.id for s in plan.scenarios} == {"filtering-service", "device-relay"}


@pytest.mark.parametrize("output_format", ["markdown", "html", "powershell"])
@pytest.mark.parametrize(
    "data",
    [service(BY_ADDRESSES), answers(organization={**ORG, "mx": "on-premises"}, on_premises=on_prem())],
    ids=["mx-at-the-service", "mx-on-premises"],
)
def test_no_handout_line_tells_them_to_move_mx(data: dict, output_format: str) -> None:
    import datetime

    from advisor.outputs.views.plan_documents import render_document

    text = render_document(plan_for(data), output_format, today=datetime.date(2026, 11, 27))
    assert "Point MX" not in text
    assert "MX record to its Microsoft 365 endpoint" not in text
    assert "| MX |" not in text
    assert '<td class="nowrap">MX</td>' not in text
