"""The plan as JSON, the machine interface (`plan --format json`): no template engine is loaded for it."""

from __future__ import annotations

from typing import Any

from advisor.model.plan import Plan
from advisor.outputs.engine.quoting import json_text


def plan_json(plan: Plan, output_format: str = "json", **_context: Any) -> str:
    """The plan's JSON contract (README): every field of `Plan.to_dict`."""
    return json_text(plan.to_dict())
