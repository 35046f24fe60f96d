"""Rendering from Jinja2 templates in `templates/` (StrictUndefined).

Every user value reaching an output goes through exactly one quoting filter for that language:
`yaml_value` for answers files. Python code prepares data; the templates write the text.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from advisor import __version__
from advisor.answers import ANSWERS


def templates_dir() -> Path:
    """Templates ship inside the wheel as advisor/templates; in a source checkout they are ../templates."""
    packaged = Path(__file__).parent / "templates"
    return packaged if packaged.is_dir() else Path(__file__).parent.parent / "templates"


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


def _yaml_char(ch: str) -> str:
    if ch in _YAML_ESCAPES:
        return _YAML_ESCAPES[ch]
    code = ord(ch)
    printable = (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
    if printable:
        return ch
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that loads back as exactly `text`."""
    return '"' + "".join(_yaml_char(ch) for ch in text) + '"'


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
def environment():
    """The one Jinja2 environment, built on first use (not at import: `plan --format json` skips it)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["yaml_value"] = yaml_value
    return env


def render_answers(data: dict[str, Any], schema_ref: str | None = None) -> str:
    """An answers file (complete or partial) with a comment per key."""
    return (
        environment()
        .get_template("answers.yaml.j2")
        .render(fields=ANSWERS, data=data, schema_ref=schema_ref, version=__version__)
    )
