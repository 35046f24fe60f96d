"""Rendering from the Jinja2 templates in `templates/` beside this file (StrictUndefined).

Every user value reaching an output goes through exactly one quoting filter for its context (see
`quoting.py`); Python code prepares data; the templates write the text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.model.answers import ANSWERS
from advisor.model.plan import Plan, source_keys
from advisor.model.vocabulary import DocumentFormat
from advisor.outputs.document_control import DocumentControl
from advisor.outputs.quoting import (
    HTML_HIDDEN,
    css_string,
    html_visible,
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


# How the templates are read; the compiled templates depend on these (see compiled_templates.py).
SETTINGS: dict[str, Any] = {"keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True}
AUTOESCAPED = ("html", "html.j2")  # template name endings whose output is HTML-escaped


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment, built on first use (not at import: `plan --format json` skips it).
    Compiled templates are kept in the user's cache folder between runs."""
    from advisor.outputs.compiled_templates import compiled_templates

    return build_environment(
        compiled_templates({**SETTINGS, "autoescape": AUTOESCAPED, "finalize": "html_visible"})
    )


def build_environment(compiled: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    """A Jinja2 environment for the templates, keeping compiled templates in `compiled` if given."""
    import jinja2

    from advisor.outputs.error_messages import printable

    env = _environment_class()(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=AUTOESCAPED, default=False),
        auto_reload=False,  # templates never change while the process runs: no stat() per render
        bytecode_cache=compiled,
        finalize=_finalizer(),
        **SETTINGS,
    )
    from advisor.model.convergence import BACKUP_FORMAT, RESTORED_SETTINGS

    # what the scripts' backup and rollback macros (_backup.j2, imported without context) read
    env.globals.update(backup_format=BACKUP_FORMAT, restored_settings=RESTORED_SETTINGS)
    env.filters.update(
        yaml_value=yaml_value,
        ps_quote=ps_quote,
        ps_array=ps_array,
        ps_value=ps_value,
        ps_comment=ps_comment,
        md=md,
        source_keys=source_keys,
        css_string=css_string,
        mermaid_text=mermaid_text,
        printable=printable,
        shown=shown,
        md_citations=_kept(env, "_citations.md.j2", "cite"),
        html_citations=_kept(env, "_citations.html.j2", "cite"),
        md_sources=_kept(env, "_citations.md.j2", "sources"),
        html_sources=_kept(env, "_citations.html.j2", "sources"),
    )
    return env


@functools.cache
def _finalizer() -> Any:
    import jinja2
    from markupsafe import Markup

    @jinja2.pass_eval_context
    def finalize(eval_ctx: jinja2.nodes.EvalContext, value: Any) -> Any:
        """Every value an HTML template writes shows hidden control characters as escapes (issue 19)."""
        if eval_ctx.autoescape and isinstance(value, str) and HTML_HIDDEN.search(value):
            visible = html_visible(str(value))  # escapes are letters and a backslash: still safe markup
            return Markup(visible) if isinstance(value, Markup) else visible
        return value

    return finalize


@functools.cache
def _environment_class() -> type[jinja2.Environment]:
    import jinja2

    class RowsEnvironment(jinja2.Environment):
        """`row.label` on a plain dict (the handouts' rows) looks up the key first. Jinja2 tries the attribute
        first and catches the AttributeError, for every such lookup in every document: a tenth of a batch's
        templating time. A missing key falls back to Jinja2's lookup, so `.items()` still works; no row has a
        key named like a dict method."""

        def getattr(self, obj: Any, attribute: str) -> Any:
            if type(obj) is dict:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            try:  # from here as jinja2.Environment.getattr, without a second call for every lookup
                return getattr(obj, attribute)
            except AttributeError:
                pass
            try:
                return obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return self.undefined(obj=obj, name=attribute)

    return RowsEnvironment


def _kept(env: jinja2.Environment, template: str, macro: str) -> Callable[[Any], Any]:
    """A macro of a partial template as a filter on source keys (a list, or a mapping of keys to sources),
    each result kept: every handout of a batch cites the same few sources, and a macro call costs more than
    the text it writes. Only for macros whose output depends on nothing but that argument."""

    @functools.lru_cache(maxsize=1024)
    def render(listed: tuple[Any, ...]) -> Any:
        return getattr(env.get_template(template).module, macro)(listed)

    return lambda value: render(tuple(value.items() if isinstance(value, dict) else value))


def macro(name: str, template: str = "_powershell.j2") -> Callable[..., str]:
    """A macro of a partial template (one holding only macros), to call from Python."""
    return getattr(environment().get_template(template).module, name)  # type: ignore[no-any-return]


def load_templates() -> None:
    """Load every template now (compiled or from the cache), so that worker processes forked after this
    inherit them instead of each loading its own."""
    env = environment()
    for name in env.list_templates(extensions=["j2"]):
        env.get_template(name)


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
    """What every plan template reads; no text is built here."""
    from advisor.outputs.powershell import onprem_script_name, onprem_script_needed

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
    from advisor.outputs.handout import words

    return str(words()["nothing-to-do"])


def render_document(plan: Plan, output_format: DocumentFormat, **context: Any) -> str:
    """Render a plan as `powershell`, `markdown` or `html`."""
    template = environment().get_template(TEMPLATES[output_format])
    values = plan_context(plan, **context)
    values["commands"] = _kept_for_plan("commands", plan, _commands)
    if output_format == "powershell":
        from advisor.outputs.powershell import script_context

        values |= script_context(plan)
    else:
        from advisor.outputs.handout import footer, handout_context

        values |= _kept_for_plan("handout", plan, handout_context, values["script_name"])
        values["footer"] = footer(plan, values["doc"], values["date"])
    return template.render(values)


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
    from advisor.outputs.powershell import send_connector_settings

    values = plan_context(plan, **context)
    assert plan.on_premises_side is not None
    values["onprem_stem"] = str(values["onprem_script"]).removesuffix(".ps1")
    values["send_settings"] = send_connector_settings(plan.on_premises_side)
    return environment().get_template("onprem.ps1.j2").render(values)
