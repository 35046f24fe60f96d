"""Rendering from the Jinja2 templates in `templates/` beside this file (StrictUndefined).

Every user value reaching an output goes through exactly one quoting filter for its context:
`yaml_value` in answers files; `ps_quote` (and its array form `ps_array`, both behind `ps_value`) in
PowerShell code, `ps_comment` in PowerShell comments; `md` in Markdown text; Jinja2's autoescape in HTML.
Python code prepares data; the templates write the text.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.advice import catalogue
from advisor.model.answers import ANSWERS
from advisor.model.plan import Plan
from advisor.model.validators import CONTROL_CHARACTERS
from advisor.model.vocabulary import DocumentFormat

if TYPE_CHECKING:
    import jinja2

TEMPLATES_DIR = Path(__file__).with_name("templates")
TEMPLATES: dict[DocumentFormat, str] = {
    "powershell": "connectors.ps1.j2",
    "markdown": "handout.md.j2",
    "html": "handout.html.j2",
}


# YAML 1.1 (PyYAML) printable set; everything else, and YAML's own line breaks, is escaped.
_YAML_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\t": "\\t",
    "\n": "\\n",
    "\r": "\\r",
    "\x00": "\\0",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
    "\ufeff": "\\uFEFF",
}


_YAML_PRINTABLE = ((0x20, 0x7E), (0xA0, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF))
_BYTE, _BMP = 0xFF, 0xFFFF  # the widest code point each escape form (\x, \u) holds


def _yaml_char(ch: str) -> str:
    if ch in _YAML_ESCAPES:
        return _YAML_ESCAPES[ch]
    code = ord(ch)
    if any(low <= code <= high for low, high in _YAML_PRINTABLE):
        return ch
    if code <= _BYTE:
        return f"\\x{code:02X}"
    if code <= _BMP:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def setting_value(value: Any, words: dict[str, str]) -> str:
    """A connector setting for people: Yes/No, a comma-separated list, or the admin center's word for it."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return words.get(value, str(value))


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that loads back as exactly `text`."""
    return '"' + "".join(_yaml_char(ch) for ch in text) + '"'


# PowerShell treats U+2018..U+201B exactly like ' inside single-quoted strings, so they are doubled too.
PS_SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
_PS_DOUBLE = str.maketrans({q: q + q for q in PS_SINGLE_QUOTES})


def ps_quote(value: Any) -> str:
    """A PowerShell string literal for any text: single-quoted, quotes doubled, never interpolated.

    Line breaks and other control characters cannot appear raw (they would end a comment line or
    surprise a reader), so such text becomes a one-line concatenation: ('a' + [char]10 + 'b').
    """
    text = str(value)
    if not CONTROL_CHARACTERS.search(text):
        return "'" + text.translate(_PS_DOUBLE) + "'"
    parts: list[str] = []
    position = 0
    for match in CONTROL_CHARACTERS.finditer(text):
        if match.start() > position:
            parts.append("'" + text[position : match.start()].translate(_PS_DOUBLE) + "'")
        parts.append(f"[char]{ord(match.group())}")
        position = match.end()
    if position < len(text):
        parts.append("'" + text[position:].translate(_PS_DOUBLE) + "'")
    return "(" + " + ".join(parts) + ")"


def ps_array(values: Any) -> str:
    """A PowerShell array of string literals: @('a', 'b')."""
    return "@(" + ", ".join(ps_quote(v) for v in values) + ")"


def ps_value(value: Any) -> str:
    """A cmdlet argument: $true/$false, $null, an array, or a quoted string."""
    if value is None:
        return "$null"
    if isinstance(value, bool):
        return "$true" if value else "$false"
    if isinstance(value, list | tuple):
        return ps_array(value)
    return ps_quote(value)


def ps_comment(value: Any) -> str:
    """Text for a PowerShell comment: one line, and unable to close a <# #> block."""
    return CONTROL_CHARACTERS.sub(" ", str(value)).replace("#>", "# >")


# Characters with inline meaning in GitHub Markdown ($ starts math; # at the end of a heading line closes
# it and would be dropped). Values are always placed mid-line, so line-start syntax (-, +, 1.) cannot
# trigger.
_MD_SPECIAL = "\\`*_[]<>|~&$!#"
_MD_ESCAPES = str.maketrans({c: "\\" + c for c in _MD_SPECIAL})
# What GitHub turns into a link without any markup: scheme://, www. and an email address's @. Escaping
# the punctuation that starts each (\:, \., \@) keeps the text and stops the link.
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)|(@)")


def md(value: Any) -> str:
    """Markdown text that renders literally: inline punctuation backslash-escaped, no automatic links, one
    line."""
    text = CONTROL_CHARACTERS.sub(" ", str(value)).translate(_MD_ESCAPES)
    if ":" in text or "@" in text or "." in text:
        text = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0), text)
    return text


def yaml_value(value: Any) -> str:
    """Any answers-file value as YAML flow text: strings always double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    return yaml_quote(str(value))


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja2 environment, built on first use (not at import: `plan --format json` skips it)."""
    import jinja2

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
    plan: Plan, today: date | None = None, source_name: str | None = None, script_name: str | None = None
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
        **script_context(plan),
    }


def render_document(plan: Plan, output_format: DocumentFormat, **context: Any) -> str:
    """Render a plan as `powershell`, `markdown` or `html`."""
    template = environment().get_template(TEMPLATES[output_format])
    return template.render(plan_context(plan, **context))


def render_onprem_script(plan: Plan, **context: Any) -> str:
    """The Exchange Management Shell script for the on-premises side (only when `onprem_script_needed`)."""
    return environment().get_template("onprem.ps1.j2").render(plan_context(plan, **context))
