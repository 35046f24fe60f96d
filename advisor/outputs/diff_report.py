"""`diff` results as plain text for the terminal."""

from __future__ import annotations

from advisor.tenant.diff import Comparison


def diff_text(comparison: Comparison) -> str:
    if comparison.in_step:
        lines = ["In step: every planned connector exists with the planned settings."]
    else:
        lines = ["Not in step with the plan."]
    for c in comparison.missing:
        lines.append(f"  missing  {c.direction:<8} {c.name}")
    for m in comparison.matches:
        how = "" if m.matched_by == "name" else f" (matched by scope to the plan's {m.planned.name})"
        if not m.existing.enabled:
            lines.append(f"  disabled {m.planned.direction:<8} {m.existing.name}{how}")
        for d in m.differences:
            found, planned = _shown(d.existing), _shown(d.planned)
            where = f"{m.planned.direction:<8} {m.existing.name}{how}"
            lines.append(f"  differs  {where}: {d.parameter} is {found}, planned {planned}")
        if m.wizard_owned and (m.differences or not m.existing.enabled):
            lines.append(
                "           made by the Hybrid Configuration Wizard: re-run the wizard, do not edit by hand"
            )
    for e in comparison.extra:
        lines.append(f"  extra    {e.direction:<8} {e.name} (not in the plan; left as it is)")
    return "\n".join(lines) + "\n"


def _shown(value: object) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "$true" if value else "$false"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(empty)"
    return str(value)
