"""The decision engine: a pure function from validated answers to a Plan.

Each scenario module contributes its part (scenario verdicts, connectors, warnings, steps, DNS records);
`decide` merges the parts in the seed article's order and adds what only the whole plan shows
(`cross_checks`). Scenario `x-y` is the module `advisor/advice/scenarios/x_y.py`; `SCENARIO_IDS` lists them in
plan order. No I/O, no prompts, no printing; every sentence comes from the advice catalogue.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import replace

from advisor.advice import catalogue, cross_checks
from advisor.advice.part import ConnectorNames, Part
from advisor.advice.summary import summary
from advisor.model.answers import Answers
from advisor.model.plan import Plan, PlanWarning, strongest
from advisor.model.vocabulary import SCENARIO_IDS, SEVERITY_ORDER, ScenarioId

Contribute = Callable[[Answers, ConnectorNames], Part]


def scenario_module(scenario: ScenarioId) -> str:
    """Scenario `device-relay` lives in advisor/advice/scenarios/device_relay.py."""
    return f"advisor.advice.scenarios.{scenario.replace('-', '_')}"


@functools.cache
def scenario_modules() -> tuple[Contribute, ...]:
    """Each scenario module's `contribute`, in the order of SCENARIO_IDS (the order of the plan)."""
    found: list[Contribute] = [importlib.import_module(scenario_module(s)).contribute for s in SCENARIO_IDS]
    return tuple(found)


def decide(answers: Answers) -> Plan:
    """Decide which connectors `answers` need, with reasons, warnings and next steps."""
    names = ConnectorNames(set())
    parts = [contribute(answers, names) for contribute in scenario_modules()]
    parts.append(cross_checks.contribute(answers, parts))
    connectors = [c for p in parts for c in p.connectors]
    warnings = _unique(
        [*cross_checks.accepted_domains_first(answers, connectors), *(w for p in parts for w in p.warnings)]
    )
    warnings.sort(key=lambda w: SEVERITY_ORDER.index(w.severity))
    planned_steps = sorted(
        ((phase, i, step) for i, (phase, step) in enumerate(s for p in parts for s in p.steps))
    )
    verdicts = [s for p in parts for s in p.scenarios]
    verdict = strongest([s.verdict for s in verdicts])
    plan = Plan(
        organization=answers.organization.name,
        domains=list(answers.domains),
        verdict=verdict,
        summary=summary(answers, verdicts, connectors),
        scenarios=verdicts,
        connectors=connectors,
        warnings=warnings,
        steps=[step for _phase, _i, step in planned_steps],
        dns=[*(d for p in parts for d in p.dns), *cross_checks.spf_records(answers, parts)],
        on_premises_side=next((p.on_premises_side for p in parts if p.on_premises_side), None),
        mx=answers.organization.mx,
        rules=[r for p in parts for r in p.rules],
        new_accepted_domains=list(dict.fromkeys(d for p in parts for d in p.new_accepted_domains)),
        arc_sealers=list(dict.fromkeys(d for p in parts for d in p.arc_sealers)),
    )
    return _with_sources(plan)


def decide_in(answers: Answers, language: str, like: Plan) -> Plan:
    """The plan `like` (decided from `answers`) in `language`, for the handouts: the same connectors, names
    and settings (connector names stay English: the script creates them so), its sentences from that
    language's catalogue. A certificate read for the plan (`plan --certificate`) is carried over."""
    from advisor.language import speaking

    with speaking(language):
        plan = decide(answers)
    if plan.on_premises_side is not None and like.on_premises_side is not None:
        side = replace(plan.on_premises_side, tls_certificate_name=like.on_premises_side.tls_certificate_name)
        plan = replace(plan, on_premises_side=side)
    return plan


def localised_plan(answers: Answers, plan: Plan, language: str | None) -> Plan | None:
    """The plan in the handouts' language (the document control's), or None when that is English."""
    if language is None or language == "en":
        return None
    return decide_in(answers, language, plan)


def _unique(warnings: list[PlanWarning]) -> list[PlanWarning]:
    """Each warning once (a code can appear twice only with different messages)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for w in warnings:
        if (w.code, w.message) not in seen:
            seen.add((w.code, w.message))
            out.append(w)
    return out


def _with_sources(plan: Plan) -> Plan:
    return replace(plan, sources=catalogue.sources(plan.cited_keys()))
