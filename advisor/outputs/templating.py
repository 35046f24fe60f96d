"""Rendering from the Jinja2 templates in `templates/` beside this file (StrictUndefined).

Every user value reaching an output goes through exactly one quoting filter for its context (see
`quoting.py`); Python code prepares data; the templates write the text.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.advice import catalogue
from advisor.model.answers import ANSWERS
from advisor.model.plan import Plan, source_keys
from advisor.model.vocabulary import DocumentFormat
from advisor.outputs.document_control import DocumentControl
from advisor.outputs.quoting import (
    css_string,
    md,
    mermaid_text,
    ps_array,
    ps_comment,
    ps_quote,
    ps_value,
    yaml_value,
)

if TYPE_CHECKING:
    import jinja2

TEMPLATES_DIR = Path(__file__).with_name("templates")
TEMPLATES: dict[DocumentFormat, str] = {
    "powershell": "connectors.ps1.j2",
    "markdown": "handout.md.j2",
    "html": "handout.html.j2",
}


def shown(value: Any) -> str:
    """A cmdlet setting as an admin reads it in a terminal: $true/$false, a list, or "not set"."""
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "$true" if value else "$false"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "(empty)"
    return str(value)


def setting_value(value: Any, words: dict[str, str]) -> str:
    """A connector setting for people: Yes/No, a comma-separated list, or the admin center's word for it."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return words.get(value, str(value))


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment, built on first use (not at import: `plan --format json` skips it)."""
    import jinja2

    from advisor.outputs.error_messages import printable

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates never change while the process runs: no stat() per render
    )
    env.filters.update(
        yaml_value=yaml_value,
        ps_quote=ps_quote,
        ps_array=ps_array,
        ps_value=ps_value,
        ps_comment=ps_comment,
        md=md,
        setting_value=setting_value,
        source_keys=source_keys,
        css_string=css_string,
        mermaid_text=mermaid_text,
        printable=printable,
        shown=shown,
    )
    return env


def render_answers(data: dict[str, Any], schema_ref: str | None = None) -> str:
    """An answers file (complete or partial) with a comment per key."""
    return (
        environment()
        .get_template("answers.yaml.j2")
        .render(fields=ANSWERS, data=data, schema_ref=schema_ref, version=__version__)
    )


# ---------------------------------------------------------------------------------------------
# Plans: PowerShell script, Markdown and HTML handouts.


def plan_context(
    plan: Plan,
    today: date | None = None,
    source_name: str | None = None,
    script_name: str | None = None,
    document: DocumentControl | None = None,
) -> dict[str, Any]:
    """Everything the plan templates read; no text is built here."""
    from advisor.outputs.powershell import onprem_script_name, onprem_script_needed, script_context

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
        "sources": {key: {"title": s.title, "url": s.url} for key, s in plan.sources.items()},
        "side": plan.on_premises_side,
        "admin_center": catalogue.admin_center_labels(),
        "doc": document or DocumentControl(),
        "nothing_to_do_text": _nothing_to_do(),
        **script_context(plan),
    }


def _nothing_to_do() -> str:
    from advisor.outputs.handout import words

    return str(words()["nothing-to-do"])


def render_document(plan: Plan, output_format: DocumentFormat, **context: Any) -> str:
    """Render a plan as `powershell`, `markdown` or `html`."""
    template = environment().get_template(TEMPLATES[output_format])
    values = plan_context(plan, **context)
    if output_format != "powershell":
        from advisor.outputs.handout import footer

        values |= _handout_values(plan, values["script_name"])
        values["footer"] = footer(plan, values["doc"], values["date"])
    return template.render(values)


# The last plan's handout context: the Markdown and HTML handouts of one plan share it (diagram, test plan).
_HANDOUT_CACHE: list[tuple[Plan, str, dict[str, Any]]] = []


def _handout_values(plan: Plan, script_name: str) -> dict[str, Any]:
    from advisor.outputs.handout import handout_context

    if _HANDOUT_CACHE and _HANDOUT_CACHE[0][0] is plan and _HANDOUT_CACHE[0][1] == script_name:
        return _HANDOUT_CACHE[0][2]
    values = handout_context(plan, script_name)
    _HANDOUT_CACHE[:] = [(plan, script_name, values)]
    return values


def render_onprem_script(plan: Plan, **context: Any) -> str:
    """The Exchange Management Shell script for the on-premises side (only when `onprem_script_needed`)."""
    return environment().get_template("onprem.ps1.j2").render(plan_context(plan, **context))
