"""Scenario cloud-only: every mailbox in Exchange Online, nothing on premises (S1, S11)."""

from __future__ import annotations

import pytest

from advisor.advice.decide import decide
from advisor.inputs.answers_file import load_example
from tests.advice.seed_tables import check_row
from tests.conftest import answers, plan_for

WHEN_ROWS = [
    pytest.param(answers(), "cloud-only", "not-needed", [], id="cloud-only-needs-none"),
]


@pytest.mark.parametrize(("data", "scenario", "verdict", "connectors"), WHEN_ROWS)
def test_when_do_i_need_a_connector(data: dict, scenario: str, verdict: str, connectors: list) -> None:
    check_row(data, scenario, verdict, connectors)


def test_devices_not_present_plan_nothing() -> None:
    plan = plan_for(answers(devices={"present": False}))
    assert [s.id for s in plan.scenarios] == ["cloud-only"]


def test_example_cloud_only() -> None:
    assert decide(load_example("cloud-only")).verdict == "not-needed"
