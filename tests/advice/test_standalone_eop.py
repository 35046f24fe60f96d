"""Scenario standalone-eop: all mailboxes on your own servers, EOP filtering their mail (S1, S18)."""

from __future__ import annotations

import pytest

from advisor.advice.decide import decide
from advisor.inputs.answers_file import load_example
from tests.advice.seed_tables import ON_PREM_PAIR, check_own_server_row, check_row
from tests.conftest import answers, on_prem, plan_for

WHEN_ROWS = [
    pytest.param(
        answers(subscription="eop-standalone", on_premises=on_prem()),
        "standalone-eop",
        "required",
        ON_PREM_PAIR,
        id="standalone-eop-two-connectors",
    ),
]


@pytest.mark.parametrize(("data", "scenario", "verdict", "connectors"), WHEN_ROWS)
def test_when_do_i_need_a_connector(data: dict, scenario: str, verdict: str, connectors: list) -> None:
    check_row(data, scenario, verdict, connectors)


# -- the "I have my own email servers" table, standalone EOP rows (S1 1a) --

OWN_SERVER_ROWS = [
    pytest.param(
        "exchange-2010-or-later", "eop-standalone", "not-run", "required", 2, None, id="ex2010-eop-manual"
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
    pytest.param("non-microsoft", "eop-standalone", "not-run", "required", 2, None, id="non-ms-eop-manual"),
]


@pytest.mark.parametrize(("server", "subscription", "hybrid", "verdict", "count", "code"), OWN_SERVER_ROWS)
def test_own_email_servers(
    server: str, subscription: str, hybrid: str, verdict: str, count: int, code: str | None
) -> None:
    check_own_server_row(server, subscription, hybrid, verdict, count, code)


# Each warning code of this scenario: answers where it applies, and the nearest answers where it does not.
WARNING_CASES = {
    "eop-junk-routing": (
        answers(subscription="eop-standalone", on_premises=on_prem()),
        answers(on_premises=on_prem()),
    ),
}


def test_steps_put_accepted_domains_first_and_mx_last() -> None:
    plan = plan_for(answers(subscription="eop-standalone", on_premises=on_prem()))
    titles = [s.title for s in plan.steps]
    assert titles[0] == "Check your accepted domains"
    assert titles.index("Create the connectors") < titles.index("Validate the outbound connectors")
    assert titles.index("Point MX to Microsoft 365 last") > titles.index("Validate the outbound connectors")


def test_example_standalone_eop() -> None:
    assert decide(load_example("standalone-eop")).verdict == "required"
