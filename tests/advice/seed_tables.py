"""The seed article's tables as the tests read them: connector shapes and one row's check."""

from __future__ import annotations

from typing import Any

from advisor.model.plan import Plan
from advisor.model.vocabulary import OFFICE_365 as OFFICE
from advisor.model.vocabulary import PARTNER_ORG as PARTNER
from advisor.model.vocabulary import YOUR_SERVER as SERVER
from tests.conftest import answers, on_prem, plan_for

__all__ = ["OFFICE", "ON_PREM_PAIR", "PARTNER", "SERVER", "check_own_server_row", "check_row", "shape"]

ON_PREM_PAIR = [("inbound", SERVER, OFFICE, "OnPremises"), ("outbound", OFFICE, SERVER, "OnPremises")]


def shape(plan: Plan) -> list[tuple[str, str, str, Any]]:
    return [(c.direction, c.from_, c.to, c.parameters.get("ConnectorType")) for c in plan.connectors]


def check_row(data: dict[str, Any], scenario: str, verdict: str, connectors: list[Any]) -> None:
    """One row of "When do I need a connector?" (S1): the scenario, its verdict and its connectors."""
    plan = plan_for(data)
    assert any(s.id == scenario and s.verdict == verdict for s in plan.scenarios)
    assert plan.verdict == verdict
    assert shape(plan) == connectors


def check_own_server_row(
    server: str, subscription: str, hybrid: str, verdict: str, count: int, code: str | None
) -> None:
    """One row of "I have my own email servers" (S1 1a): scenario, verdict, connectors, the warning."""
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
