"""The scripts the tenant commands write: `collect` (a read-only export) and `diff --format powershell` (a
script that converges the tenant on the plan, never removing anything). Templates write them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from advisor import __version__
from advisor.outputs.engine.templating import environment

if TYPE_CHECKING:
    from advisor.model.plan import Plan
    from advisor.tenant.diff import Comparison

COLLECT_SCRIPT = "collect-connectors.ps1"
CONVERGE_SCRIPT = "converge.ps1"


def collect_script(today: date, script_name: str = COLLECT_SCRIPT) -> str:
    """The read-only export script, named `script_name` in its own help."""
    template = environment().get_template("collect.ps1.j2")
    return template.render(script_name=script_name, version=__version__, date=today.isoformat())


def converge_script(
    comparison: Comparison, plan: Plan, collected: str | None, today: date, script_name: str = CONVERGE_SCRIPT
) -> str:
    """The script that brings the tenant to `plan`: creates what is missing, sets what differs."""
    return (
        environment()
        .get_template("diff.ps1.j2")
        .render(
            comparison=comparison,
            plan=plan,
            collected=collected,
            script_name=script_name,
            script_stem=script_name.removesuffix(".ps1"),
            version=__version__,
            date=today.isoformat(),
        )
    )
