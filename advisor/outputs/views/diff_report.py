"""`diff` and `route` results as plain text for the terminal (templates diff.txt.j2 and route.txt.j2)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from advisor.tenant.diff import Comparison
    from advisor.tenant.route import Route


def diff_text(comparison: Comparison) -> str:
    from advisor.outputs.engine.templating import environment

    return environment().get_template("diff.txt.j2").render(comparison=comparison)


def route_text(route: Route) -> str:
    from advisor.outputs.engine.templating import environment

    return environment().get_template("route.txt.j2").render(route=route)
