"""What the plan's documents show (the script, the handouts, the on-premises script), computed once for
every format. The templates write the text; nothing here builds a sentence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from advisor import __version__
from advisor.inputs.document_control import DocumentControl
from advisor.model.plan import Plan
from advisor.outputs.engine import templating
from advisor.outputs.engine.templating import macro
from advisor.outputs.formats import FORMATS, SCRIPT


def template_of(output_format: str) -> str:
    """The template a format of the table is written from."""
    template = FORMATS[output_format].template
    if template is None:
        raise ValueError(f"the {output_format} format is not written from a template")
    return template


def plan_context(
    plan: Plan,
    today: date | None = None,
    source_name: str | None = None,
    script_name: str | None = None,
    document: DocumentControl | None = None,
) -> dict[str, Any]:
    """What every plan template reads; no text is built here."""
    from advisor.outputs.views.powershell import onprem_script_name, onprem_script_needed

    script = script_name or "connectors.ps1"
    stem = script[: -len(".ps1")] if script.lower().endswith(".ps1") else script
    return {
        "plan": plan,
        "version": __version__,
        "date": (today or date.today()).isoformat(),
        "source_name": source_name,
        "script_name": script,
        "script_stem": stem,
        "main_script": script,
        "onprem_script": onprem_script_name(script) if onprem_script_needed(plan) else None,
        "summary": plan.summary,
        "sources": plan.sources,  # key -> SourceRef (title, url)
        "side": plan.on_premises_side,
        "doc": document or DocumentControl(),
        "nothing_to_do_text": _nothing_to_do(),
    }


def _nothing_to_do() -> str:
    from advisor.outputs.views.plain_words import words

    return str(words()["nothing-to-do"])


def render_document(plan: Plan, output_format: str, **context: Any) -> str:
    """Render a plan in a format of the table that has a template (`powershell`, `markdown`, `html`). An
    error in the consultant's own template names its file and line."""
    folder = templating.custom_folder()
    if folder is None:
        return _render_document(plan, output_format, **context)
    import jinja2

    from advisor.outputs.engine.custom_templates import template_error

    try:
        return _render_document(plan, output_format, **context)
    except jinja2.TemplateError as exc:
        raise template_error(exc, folder) from None


def _render_document(plan: Plan, output_format: str, **context: Any) -> str:
    template = templating.environment().get_template(template_of(output_format))
    if output_format != SCRIPT:
        return template.render(handout_values(plan, **context))
    from advisor.outputs.views.powershell import script_context

    values = plan_context(plan, **context)
    values["commands"] = _kept_for_plan("commands", plan, _commands)
    values |= script_context(plan)
    return template.render(values)


def handout_values(plan: Plan, **context: Any) -> dict[str, Any]:
    """What every handout shows (Markdown, HTML, Word): one view model for every format."""
    from advisor.language import tag
    from advisor.outputs.views.handout import footer, handout_context
    from advisor.outputs.views.plain_words import spoken_date, spoken_status

    values = plan_context(plan, **context)
    values["date"] = spoken_date(date.fromisoformat(values["date"]))
    values["status"] = spoken_status(values["doc"].status)
    values["language"] = tag()  # <html lang>, the Word document's language
    values["commands"] = _kept_for_plan("commands", plan, _commands)
    values |= _kept_for_plan("handout", plan, handout_context, values["script_name"])
    values["footer"] = footer(plan, values["doc"], values["date"])
    return values


def _commands(plan: Plan) -> dict[str, Any]:
    """The connectors' New-* commands, and the on-premises ones, from the _powershell.j2 macros: the same text
    in the script (indented there) and in the handouts' appendix (forceescape in HTML)."""
    side = plan.on_premises_side
    return {
        "connectors": [macro("new_command")(c) for c in plan.connectors],
        "rules": [macro("new_rule")(r) for r in plan.rules],
        "side": macro("server_commands")(side).strip() if side and side.parameters else "",
    }


# What the last plan's documents share, computed once for its script and both handouts (a batch renders
# each plan in every format one after the other): kept by name, for that plan object and arguments only.
_LAST_PLAN: dict[str, tuple[Plan, tuple[Any, ...], Any]] = {}


def _kept_for_plan(name: str, plan: Plan, compute: Callable[..., Any], *args: Any) -> Any:
    kept = _LAST_PLAN.get(name)
    if kept is not None and kept[0] is plan and kept[1] == args:
        return kept[2]
    value = compute(plan, *args)
    _LAST_PLAN[name] = (plan, args, value)
    return value


def render_onprem_script(plan: Plan, **context: Any) -> str:
    """The Exchange Management Shell script for the on-premises side (only when `onprem_script_needed`)."""
    from advisor.outputs.views.powershell import send_connector_settings

    values = plan_context(plan, **context)
    assert plan.on_premises_side is not None
    values["onprem_stem"] = str(values["onprem_script"]).removesuffix(".ps1")
    values["send_settings"] = send_connector_settings(plan.on_premises_side)
    return templating.environment().get_template("onprem.ps1.j2").render(values)
