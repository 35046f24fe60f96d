"""The `plan --format json` contract, for every bundled example and generated combinations."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest

from advisor.inputs.examples import examples
from advisor.model import vocabulary
from advisor.model.devices import ChosenDeviceMethod
from advisor.model.vocabulary import VERDICT_STRENGTH
from tests.conftest import answers, devices, invoke, on_prem, partner

SCENARIO_IDS = set(vocabulary.SCENARIO_IDS)
TOP_KEYS = {"advisor_version", "organization", "verdict", "scenarios", "connectors", "warnings", "steps"}


def plan_json(args: list[str], stdin: str = "") -> dict[str, Any]:
    result = invoke(["plan", *args, "--format", "json"], stdin=stdin)
    assert result.code == 0, result.err
    return json.loads(result.out)


def check_parameters(connector: dict[str, Any], reference: dict[str, Any]) -> None:
    spec = reference[connector["cmdlet"]]["parameters"]
    params = connector["parameters"]
    unknown = set(params) - set(spec)
    assert not unknown, f"{connector['cmdlet']} has no parameter {unknown}"
    missing = [name for name, p in spec.items() if p["required"] and name not in params]
    assert not missing, f"{connector['cmdlet']} needs {missing}"
    for name, value in params.items():
        kind = spec[name]["type"]
        if kind == "Boolean":
            assert isinstance(value, bool), (name, value)
        elif kind == "MultiValuedProperty":
            assert isinstance(value, list), (name, value)
            assert value, name
            assert all(isinstance(v, str) and v for v in value), (name, value)
        else:
            assert isinstance(value, str), (name, value)
            assert value, name
        allowed = spec[name].get("values")
        if allowed and kind != "Boolean":
            assert value in allowed, (name, value, allowed)


def check_contract(data: dict[str, Any], reference: dict[str, Any]) -> None:
    assert set(data) >= TOP_KEYS
    assert data["verdict"] in VERDICT_STRENGTH
    verdicts = [s["verdict"] for s in data["scenarios"]]
    assert data["verdict"] == max(verdicts, key=VERDICT_STRENGTH.index)
    for s in data["scenarios"]:
        assert s["id"] in SCENARIO_IDS
        assert s["reason"]
        assert s["source"]
        assert ("method" in s) == (s["id"] == "device-relay")
        if "method" in s:
            assert s["method"] in (None, *get_args(ChosenDeviceMethod))
    names = []
    for c in data["connectors"]:
        assert c["scenario"] in SCENARIO_IDS
        assert c["direction"] in get_args(vocabulary.Direction)
        assert (
            c["cmdlet"]
            == {"inbound": "New-InboundConnector", "outbound": "New-OutboundConnector"}[c["direction"]]
        )
        assert c["parameters"]["ConnectorType"] in ("OnPremises", "Partner")
        assert (c["to"] if c["direction"] == "inbound" else c["from"]) == "Office 365"
        assert c["reason"]
        assert c["source"]
        check_parameters(c, reference)
        names.append(c["parameters"]["Name"])
    assert all(0 < len(n) <= 64 for n in names)
    assert len({n.lower() for n in names}) == len(names)
    for w in data["warnings"]:
        assert w["severity"] in vocabulary.SEVERITY_ORDER
        assert w["code"]
        assert w["message"]
        assert w["source"]
    for step in data["steps"]:
        assert step["title"]
        assert step["detail"]


@pytest.mark.parametrize("name", sorted(examples()))
def test_every_example_plans_and_keeps_the_contract(name: str, cmdlet_parameters: dict) -> None:
    data = plan_json(["--example", name])
    check_contract(data, cmdlet_parameters)
    if name != "combined":
        assert name in {s["id"] for s in data["scenarios"]}


def test_file_and_stdin_give_the_same_plan(tmp_path) -> None:
    from advisor.inputs.examples import example_text

    path = tmp_path / "combined.yaml"
    path.write_text(example_text("combined"), encoding="utf-8")
    from_file = plan_json([str(path)])
    from_stdin = plan_json(["-"], stdin=example_text("combined"))
    assert from_file == from_stdin == plan_json(["--example", "combined"])


def test_json_answers_file_is_accepted(tmp_path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers(partners=[partner()])), encoding="utf-8")
    assert plan_json([str(path)])["verdict"] == "optional"


COMBINATIONS = [
    answers(subscription="eop-standalone", on_premises=on_prem(server="non-microsoft"), devices=devices()),
    answers(
        on_premises=on_prem(
            identify_by="ip-addresses", ip_addresses=["203.0.113.10"], centralized_mail_transport=True
        ),
        devices=devices(method="smtp-relay"),
        partners=[
            partner(
                direction="outbound",
                outbound_tls="domain-validation",
                smart_hosts=["203.0.113.80"],
                receiving_certificate_name="relay.partner.example",
            )
        ],
    ),
    answers(
        devices=devices(method="direct-send"),
        partners=[
            partner(restrict_by="both", certificate_name="*.contosobank.com", ip_addresses=["192.0.2.0/25"]),
            partner(name="Fabrikam", domains=["fabrikam.com", "*.fabrikam.com"], direction="inbound"),
        ],
    ),
]


@pytest.mark.parametrize("data", COMBINATIONS)
def test_combinations_keep_the_contract(data: dict, cmdlet_parameters: dict, tmp_path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    check_contract(plan_json([str(path)]), cmdlet_parameters)
