"""Services that take mail from Exchange Online and hand it back (facts 7.3; S48, S42), and
ARC for the services that change messages (item 6, facts 7.4; S43)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.errors import AnswersInvalid
from advisor.model.mail_validators import email_address, processed_header
from advisor.model.validation import validate_answers
from advisor.model.validators import CONTROL_CHARACTERS, InvalidValue
from tests.conftest import answers, plan_for


def service(**changes: Any) -> dict[str, Any]:
    found = {
        "name": "Exclaimer Cloud",
        "smart_hosts": ["contoso-com.smtp.excl.cloud"],
        "certificate_name": "a1b2c3d4.smtp.excl.cloud",
        "processed_header": "X-ExclaimerHostedSignatures-MessageProcessed: true",
        "arc_sealer": "exclaimer.net",
    }
    found.update(changes)
    return found


MX_AT_SERVICE = {"name": "Contoso", "domains": ["contoso.com"], "mx": "filtering-service"}
LOCKDOWN = {"name": "Mimecast", "identify_by": "ip-addresses", "ip_addresses": ["203.0.113.0/24"]}

WARNING_CASES = {
    "processing-service-shared-addresses": (
        answers(processing_services=[service(identify_by="ip-addresses", ip_addresses=["20.50.2.17"])]),
        answers(processing_services=[service()]),
    ),
    "processing-service-certificate-restriction": (
        answers(processing_services=[service()]),
        answers(processing_services=[service(identify_by="ip-addresses", ip_addresses=["20.50.2.17"])]),
    ),
    "processing-service-behind-lockdown": (
        answers(organization=MX_AT_SERVICE, filtering_service=LOCKDOWN, processing_services=[service()]),
        answers(processing_services=[service()]),
    ),
    "arc-sealer-trusted": (
        answers(processing_services=[service()]),
        answers(processing_services=[service(arc_sealer=None)]),
    ),
    "arc-sealer-missing": (
        answers(processing_services=[service(arc_sealer=None)]),
        answers(processing_services=[service(arc_sealer=None, modifies_messages=False)]),
    ),
}


def refused(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(AnswersInvalid) as caught:
        validate_answers(data)
    return [(p.path, p.message) for p in caught.value.problems]


def test_the_three_objects_of_the_add_on_service_article() -> None:
    plan = plan_for(answers(processing_services=[service()]))
    outbound, inbound = plan.connectors
    assert outbound.direction == "outbound"
    assert inbound.direction == "inbound"
    assert {k: v for k, v in outbound.parameters.items() if k not in ("Name", "Comment")} == {
        "ConnectorType": "OnPremises",
        "IsTransportRuleScoped": True,
        "UseMXRecord": False,
        "SmartHosts": ["contoso-com.smtp.excl.cloud"],
        "TlsSettings": "DomainValidation",
        "TlsDomain": "contoso-com.smtp.excl.cloud",
        "CloudServicesMailEnabled": True,
    }
    assert {k: v for k, v in inbound.parameters.items() if k not in ("Name", "Comment")} == {
        "ConnectorType": "OnPremises",
        "SenderDomains": ["*"],
        "RequireTls": True,
        "TlsSenderCertificateName": "a1b2c3d4.smtp.excl.cloud",
        "CloudServicesMailEnabled": True,
    }
    (rule,) = plan.rules
    assert rule.parameters["RouteMessageOutboundConnector"] == outbound.name
    assert (
        rule.parameters["ExceptIfHeaderContainsMessageHeader"]
        == "X-ExclaimerHostedSignatures-MessageProcessed"
    )
    assert rule.parameters["ExceptIfHeaderContainsWords"] == ["true"]
    assert rule.parameters["FromScope"] == "InOrganization"
    assert "FromMemberOf" not in rule.parameters
    assert plan.new_accepted_domains == ["a1b2c3d4.smtp.excl.cloud"]
    assert plan.arc_sealers == ["exclaimer.net"]
    assert plan.verdict == "required"
    assert plan.summary == (
        "2 connectors are needed to route mail through Exclaimer Cloud and back, with the mail flow rule the "
        "script creates."
    )
    assert "cloud-only" not in {s.id for s in plan.scenarios}  # "no connector" would contradict the plan
    data = plan.to_dict()
    assert data["rules"][0]["cmdlet"] == "New-TransportRule"
    assert data["rules"][0]["source"]


def test_never_a_connector_for_every_recipient_domain_to_such_a_service() -> None:
    plan = plan_for(
        answers(
            processing_services=[
                service(),
                service(
                    name="CodeTwo",
                    smart_hosts=["x.codetwo.online"],
                    certificate_name="t1.codetwo.online",
                    processed_header="X-CodeTwoProcessed: true",
                ),
            ]
        )
    )
    for c in plan.connectors:
        if c.direction == "outbound":
            assert c.parameters["IsTransportRuleScoped"] is True
            assert "RecipientDomains" not in c.parameters
    assert len(plan.rules) == 2
    assert {r.parameters["RouteMessageOutboundConnector"] for r in plan.rules} == {
        c.name for c in plan.connectors if c.direction == "outbound"
    }


def test_a_group_scopes_the_rule() -> None:
    plan = plan_for(answers(processing_services=[service(senders="group", sender_group="sig@contoso.com")]))
    assert plan.rules[0].parameters["FromMemberOf"] == ["sig@contoso.com"]


@pytest.mark.parametrize(
    ("hosts", "expected"),
    [
        (["a.smtp.example.net"], ("DomainValidation", "a.smtp.example.net")),
        (["a.smtp.example.net", "b.smtp.example.net"], ("DomainValidation", "*.smtp.example.net")),
        (["a.smtp.example.net", "b.other.example.org"], ("CertificateValidation", None)),
    ],
)
def test_the_smart_hosts_certificate_is_checked_by_the_one_name_that_covers_them(
    hosts: list[str], expected: tuple[str, str | None]
) -> None:
    plan = plan_for(answers(processing_services=[service(smart_hosts=hosts)]))
    outbound = plan.connectors[0].parameters
    assert (outbound["TlsSettings"], outbound.get("TlsDomain")) == expected


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"certificate_name": "*.exclaimer.net"}, "processing_services[0].certificate_name"),
        ({"certificate_name": "relay.contoso.local"}, "processing_services[0].certificate_name"),
        ({"certificate_name": None}, "processing_services[0].certificate_name"),
        ({"identify_by": "ip-addresses"}, "processing_services[0].ip_addresses"),
        ({"senders": "group"}, "processing_services[0].sender_group"),
        ({"smart_hosts": ["20.50.2.17"]}, "processing_services[0].smart_hosts[0]"),
        ({"processed_header": "X-Processed"}, "processing_services[0].processed_header"),
        ({"processed_header": "Subject: true"}, "processing_services[0].processed_header"),
        ({"sender_group": "not an address", "senders": "group"}, "processing_services[0].sender_group"),
    ],
)
def test_what_would_break_the_round_trip_is_refused(changes: dict, path: str) -> None:
    entry = {k: v for k, v in service(**changes).items() if v is not None}
    assert path in [p for p, _ in refused(answers(processing_services=[entry]))]
    assert refused_nothing(answers(processing_services=[service()]))


def refused_nothing(data: dict[str, Any]) -> bool:
    validate_answers(data)
    return True


def test_two_services_of_the_same_name_are_refused() -> None:
    assert ("processing_services[1].name") in [
        p for p, _ in refused(answers(processing_services=[service(), service()]))
    ]


def test_standalone_eop_has_no_exchange_online_mailboxes_to_process() -> None:
    data = answers(
        subscription="eop-standalone",
        on_premises={
            "server": "non-microsoft",
            "identify_by": "certificate",
            "certificate_name": "mail.contoso.com",
            "smart_hosts": ["mail.contoso.com"],
        },
        processing_services=[service()],
    )
    assert "processing_services" in [p for p, _ in refused(data)]


@pytest.mark.parametrize(
    ("host", "refuse"),
    [("contoso-com.smtp.excl.cloud", True), ("eu.codetwo.online", True), ("smtp.mimecast.com", False)],
)
def test_a_signature_service_is_not_a_filtering_services_outbound_host(host: str, refuse: bool) -> None:
    data = answers(
        filtering_service={"name": "Gateway", "inbound": False, "outbound": True, "smart_hosts": [host]}
    )
    if refuse:
        assert "filtering_service.smart_hosts[0]" in [p for p, _ in refused(data)]
    else:
        validate_answers(data)


def test_arc_sealers_are_planned_once_and_only_for_services_that_change_messages() -> None:
    plan = plan_for(
        answers(
            processing_services=[
                service(),
                service(name="Other", smart_hosts=["o.example.net"], certificate_name="t.example.net"),
            ]
        )
    )
    assert plan.arc_sealers == ["exclaimer.net"]
    assert plan_for(answers(processing_services=[service(modifies_messages=False)])).arc_sealers == []


@given(st.text(max_size=80))
def test_the_header_validator_returns_a_header_a_rule_can_test_or_refuses(text: str) -> None:
    try:
        value = processed_header(text)
    except InvalidValue:
        return
    name, word = value.split(": ")
    assert re.fullmatch(r"X-[A-Za-z0-9-]+", name)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", word)


@given(st.text(max_size=80))
def test_the_address_validator_returns_one_line_with_one_at_or_refuses(text: str) -> None:
    try:
        value = email_address(text)
    except InvalidValue:
        return
    assert value.count("@") == 1
    assert not CONTROL_CHARACTERS.search(value)
    assert value == email_address(value)  # normalised once and for all


@pytest.mark.parametrize(
    ("changes", "sealers", "missing"),
    [
        ({"modifies_messages": True, "arc_sealer": "mimecast.com"}, ["mimecast.com"], False),
        ({"modifies_messages": True}, [], True),
        ({"modifies_messages": False, "arc_sealer": "mimecast.com"}, [], False),
        ({}, [], False),
    ],
)
def test_a_filtering_service_that_changes_messages_is_trusted_as_an_arc_sealer(
    changes: dict, sealers: list[str], missing: bool
) -> None:
    plan = plan_for(answers(organization=MX_AT_SERVICE, filtering_service={**LOCKDOWN, **changes}))
    assert plan.arc_sealers == sealers
    assert ("arc-sealer-missing" in plan.warning_codes()) == missing
