"""A plan seen as a tenant: its connectors as if they existed (for `route` on an answers file, and `diff`)."""

from __future__ import annotations

from advisor.model.plan import Plan
from advisor.model.tenant import Tenant, connector_from_parameters


def tenant_from_plan(plan: Plan) -> Tenant:
    connectors = [
        connector_from_parameters(c.direction, c.name, dict(c.parameters), where="the plan")
        for c in plan.connectors
    ]
    return Tenant(
        connectors, [d.lower() for d in plan.domains if not d.startswith("*.")], files=["(the plan)"]
    )
