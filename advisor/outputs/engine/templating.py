"""Rendering from the Jinja2 templates in the project's top-level `templates/` folder (StrictUndefined).

Every user value reaching an output goes through exactly one quoting filter for its context (see
`quoting.py`); Python code prepares data; the templates write the text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.model.plan import source_keys
from advisor.outputs.engine.quoting import (
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


def templates_folder() -> Path:
    """The templates: packaged inside `advisor/` in a wheel (hatch force-include), or the checkout's top-level
    `templates/` in an editable install or a run from the source tree."""
    package = Path(__file__).resolve().parents[2]  # advisor/
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent / "templates"


TEMPLATES_DIR = templates_folder()


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
AUTOESCAPED = ("html", "html.j2", "svg.j2")  # template name endings whose output is HTML-escaped


_CUSTOM: list[Path] = []  # the consultant's own handout templates, when given (custom_templates.py)


def use_custom_templates(folder: Path | None) -> None:
    """Put `folder` in front of the built-in templates for what is rendered from now on (None: none)."""
    from advisor.outputs.engine.custom_templates import checked_folder

    _CUSTOM[:] = [checked_folder(folder)] if folder is not None else []


def custom_folder() -> Path | None:
    return _CUSTOM[0] if _CUSTOM else None


def environment() -> jinja2.Environment:
    """The Jinja2 environment: the built-in templates, or the consultant's folder in front of them."""
    return _custom_environment(_CUSTOM[0]) if _CUSTOM else _builtin_environment()


@functools.cache
def _builtin_environment() -> jinja2.Environment:
    """The one Jinja2 environment of the built-in templates, built on first use (not at import: `plan
    --format json` skips it). Compiled templates are kept in the user's cache folder between runs."""
    from advisor.outputs.engine.compiled_templates import compiled_templates

    return build_environment(
        compiled_templates(
            {**SETTINGS, "autoescape": AUTOESCAPED, "finalize": "html_visible", "folder": str(TEMPLATES_DIR)}
        )
    )


@functools.cache
def _custom_environment(folder: Path) -> jinja2.Environment:
    """The consultant's folder in front of the built-ins; nothing of it is kept compiled between runs."""
    from advisor.outputs.engine.custom_templates import loader

    return build_environment(None, loader(folder, TEMPLATES_DIR))


def build_environment(
    compiled: jinja2.BytecodeCache | None = None, loader: jinja2.BaseLoader | None = None
) -> jinja2.Environment:
    """A Jinja2 environment for the templates, keeping compiled templates in `compiled` if given."""
    import jinja2

    from advisor.outputs.terminal.error_messages import printable

    env = _environment_class()(
        loader=loader or jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
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
        fill=_fill(),
        html_code=_html_code,
        md_citations=_kept(env, "_citations.md.j2", "cite"),
        html_citations=_kept(env, "_citations.html.j2", "cite"),
        md_sources=_kept(env, "_citations.md.j2", "sources"),
        html_sources=_kept(env, "_citations.html.j2", "sources"),
    )
    return env


@functools.cache
def _fill() -> Any:
    import jinja2
    from markupsafe import Markup

    @jinja2.pass_eval_context
    def fill(eval_ctx: jinja2.nodes.EvalContext, sentence: str, **values: Any) -> Any:
        """A sentence of the wording files with its {placeholders} filled. In HTML the sentence is escaped and
        so is each value that is not already markup (a value the template quoted or wrapped itself)."""
        if eval_ctx.autoescape:
            return Markup.escape(sentence).format(**values)
        return str(sentence).format(**values)

    return fill


def _html_code(value: Any) -> Any:
    """A value as inline code in HTML (escaped)."""
    from markupsafe import Markup

    return Markup("<code>{}</code>").format(value)


@functools.cache
def _finalizer() -> Any:
    import jinja2
    from markupsafe import Markup

    @jinja2.pass_eval_context
    def finalize(eval_ctx: jinja2.nodes.EvalContext, value: Any) -> Any:
        """Every value an HTML template writes shows hidden control characters as escapes."""
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
        if not name.startswith("builtin/"):
            env.get_template(name)
