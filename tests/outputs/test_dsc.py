"""`--format dsc`: a Microsoft365DSC configuration that parses as PowerShell, names only the resources'
properties, holds no secret, and keeps every value a value."""

from __future__ import annotations

import datetime
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from advisor.advice.decide import decide
from advisor.errors import AnswersInvalid
from advisor.inputs.answers_file import parse_text
from advisor.inputs.examples import example_text, examples
from advisor.model.validation import validate_answers
from advisor.outputs.engine.quoting import ps_quote
from advisor.outputs.views.dsc import resources
from advisor.outputs.writing.documents import plan_text
from tests.conftest import answers, partner, plan_for
from tests.powershell_grammar import parse, problems

TODAY = datetime.date(2026, 11, 27)


def dsc(plan: object) -> str:
    return plan_text(plan, "dsc", today=TODAY, source_name="a.yaml", script_name="a.ps1")  # type: ignore[arg-type]


def properties_by_block(text: str) -> list[tuple[str, list[str]]]:
    """Each resource block's name and the property names it sets, read from the text."""
    found: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("EXO"):
            found.append((stripped.split()[0], []))
        elif found and "=" in stripped and stripped.endswith(";"):
            found[-1][1].append(stripped.split("=")[0].strip())
    return found


@pytest.mark.parametrize("name", sorted(examples()))
def test_every_example_parses_and_sets_only_properties_of_its_resources(name: str) -> None:
    text = dsc(decide(validate_answers(parse_text(example_text(name), name))))
    assert not problems(parse(text)), name
    table = resources()
    auth = {"Ensure", "ApplicationId", "TenantId", "CertificateThumbprint"}
    for resource, names in properties_by_block(text):
        allowed = {table[resource]["key"], *table[resource]["properties"], *auth}
        assert set(names) <= allowed, (resource, set(names) - allowed)
    assert "ApplicationSecret" not in text
    assert "Import-DscResource -ModuleName 'Microsoft365DSC'" in text


def test_each_connector_and_rule_is_a_block() -> None:
    plan = decide(validate_answers(parse_text(example_text("processing-service"), "p")))
    blocks = properties_by_block(dsc(plan))
    assert [b[0] for b in blocks].count("EXOTransportRule") == len(plan.rules) > 0
    assert len(blocks) == len(plan.connectors) + len(plan.rules)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_a_hostile_partner_name_stays_a_value(name: str) -> None:
    try:
        plan = plan_for(answers(partners=[partner(name=name)]))
    except AnswersInvalid:  # a name the answers file refuses never reaches a configuration
        assume(False)
        return
    text = dsc(plan)
    assert not problems(parse(text))
    assert plan.connectors
    for c in plan.connectors:  # the name arrives, as one quoted value
        assert re.search(r"Identity +=[ ]" + re.escape(ps_quote(c.name)) + ";", text), c.name
    for resource, names in properties_by_block(text):
        assert set(names) <= {resources()[resource]["key"], *resources()[resource]["properties"],
                              "Ensure", "ApplicationId", "TenantId", "CertificateThumbprint"}  # fmt: skip
