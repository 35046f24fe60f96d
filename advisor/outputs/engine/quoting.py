"""The quoting filters: every user value reaching an output goes through exactly one, for its context.

`yaml_value` in answers files; `ps_quote` (and its array form `ps_array`, both behind `ps_value`) in
PowerShell code, `ps_comment` in PowerShell comments; `md` in Markdown text; `css_string` in CSS (the print
footer); `mermaid_text` in Mermaid labels; Jinja2's autoescape in HTML. Each is tested directly.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from advisor.lazy_pattern import LazyPattern
from advisor.model.validators import CONTROL_CHARACTERS, has_control_characters
from advisor.shell_words import ps_quotes_doubled

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


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that loads back as exactly `text`."""
    return '"' + "".join(_yaml_char(ch) for ch in text) + '"'


def ps_quote(value: Any) -> str:
    """A PowerShell string literal for any text: single-quoted, quotes doubled, never interpolated.

    Line breaks and other control characters cannot appear raw (they would end a comment line or
    surprise a reader), so such text becomes a one-line concatenation: ('a' + [char]10 + 'b').
    """
    text = str(value)
    if not has_control_characters(text):
        return "'" + ps_quotes_doubled(text) + "'"
    parts: list[str] = []
    position = 0
    for match in CONTROL_CHARACTERS.finditer(text):
        if match.start() > position:
            parts.append("'" + ps_quotes_doubled(text[position : match.start()]) + "'")
        parts.append(f"[char]{ord(match.group())}")
        position = match.end()
    if position < len(text):
        parts.append("'" + ps_quotes_doubled(text[position:]) + "'")
    return "(" + " + ".join(parts) + ")"


# In HTML: control characters other than tab and line breaks are shown as escapes, never written raw.
HTML_HIDDEN = LazyPattern(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def escaped(match: re.Match[str]) -> str:
    """A control character as the terminal, HTML and Markdown show it: its escape, \\x1b or \\u2028."""
    return repr(match.group())[1:-1]


def html_visible(text: str) -> str:
    """Text for an HTML page with NUL, ESC, C1 and other hidden controls as visible escapes (\\x1b)."""
    return HTML_HIDDEN.sub(escaped, text) if HTML_HIDDEN.search(text) else text


# In Word: what HTML shows as escapes, and what XML 1.0 cannot hold at all (lone surrogates, U+FFFE, U+FFFF).
WORD_HIDDEN = LazyPattern(HTML_HIDDEN.pattern[:-1] + "\ud800-\udfff\ufffe\uffff]")


def word_text(value: Any) -> str:
    """Any value as text for a Word run: hidden controls and what XML cannot hold as visible escapes."""
    text = "" if value is None else str(value)
    return WORD_HIDDEN.sub(escaped, text) if WORD_HIDDEN.search(text) else text


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: control characters (an escape sequence in a name from an export)
    shown as escapes (tab and line breaks are a cell's own), and one starting with = + - @ (or a tab or
    return) would be read as a formula, so it gets a leading apostrophe (OWASP CSV injection)."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return html_visible(text)


_JSON_RAW = LazyPattern(r"[\x7f-\x9f\u2028\u2029]")  # only ever inside strings: json.dumps escapes the rest


def json_text(data: Any) -> str:
    """JSON for people and programs: UTF-8 as it is, but every control character escaped (\\u001b), C1
    and line separators included, which json.dumps leaves raw with ensure_ascii=False."""
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False)  # escapes U+0000 to U+001F itself
    if text.isascii() and "\x7f" not in text:  # U+007F is the one ASCII character of _JSON_RAW
        return text + "\n"
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


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
_MD_ANY_SPECIAL = LazyPattern(f"[{re.escape(_MD_SPECIAL)}]")
# What starts a list item or a setext heading underline when a value begins a line: "8. " or "8) ", "- ",
# "+ ", "---", "===" (a date such as "8. Dezember 2026", a name such as "- Contoso").
_MD_LINE_START = LazyPattern(r"\d{1,9}(?=[.)](?:\s|$))|(?=[-+](?:\s|$))|(?=[-=]+\s*$)")
# What GitHub turns into a link without any markup: scheme://, www. and an email address's @. Escaping
# the punctuation that starts each (\:, \., \@) keeps the text and stops the link.
# linkify-style previews also link protocol-relative //host, so the first / of any // is escaped too.
_MD_AUTOLINK = LazyPattern(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)|(@)|(/)(?=/)")


def md(value: Any) -> str:
    """Markdown text that renders literally: inline punctuation backslash-escaped, no automatic links, one
    line."""
    return _md_text(str(value))


@functools.lru_cache(maxsize=4096)  # handouts repeat the catalogue's sentences: a batch escapes each once
def _md_text(value: str) -> str:
    text = CONTROL_CHARACTERS.sub(" ", value)
    if _MD_ANY_SPECIAL.search(text):  # searching first is cheaper: most sentences have none
        text = text.translate(_MD_ESCAPES)
    # Exactly the texts _MD_AUTOLINK can match (it needs //, www. or @); the regex is slow on long sentences.
    if "@" in text or "//" in text or "www." in text.lower():
        text = _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0), text)
    if text[:1].isdigit() or text[:1] in "-+=":  # at a line's start: a list item ("8. Dezember") or heading
        start = _MD_LINE_START.match(text)
        if start is not None:  # the marker gets a backslash: 8\. Dezember
            text = text[: start.end()] + "\\" + text[start.end() :]
    return text


def css_string(value: Any) -> Any:
    """A CSS string literal for any text (in a <style> element): everything but letters and digits as a CSS
    escape of six hex digits (< is \\00003c; spaces too, as a space after an escape would be swallowed), so
    nothing can end the string, the rule or the element. Marked safe for HTML: the result holds no character
    HTML would escape but the quotes around it."""
    from markupsafe import Markup

    text = CONTROL_CHARACTERS.sub(" ", str(value))
    return Markup('"' + "".join(ch if ch.isalnum() else f"\\{ord(ch):06x}" for ch in text) + '"')


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


def mermaid_text(text: str) -> str:
    """A label Mermaid shows literally: letters, digits and spaces as they are, everything else as an entity
    code (#35; for #), so no quote, bracket, pipe or backtick can end the label or the code block."""
    return "".join(ch if ch.isalnum() or ch == " " else f"#{ord(ch)};" for ch in str(text))
