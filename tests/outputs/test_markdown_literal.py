"""The Markdown filter: whatever a user typed renders as the same text, never as a link, a heading marker or
other markup. Checked with a real CommonMark parser with GitHub's extensions (links without markup, tables,
strikethrough), as the handout is read on GitHub or in an editor preview."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from advisor.model.validators import CONTROL_CHARACTERS
from advisor.outputs.engine.quoting import md

PARSER = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])
# linkify-it also links bare domains with a known top-level domain (`0.FI`), which GitHub does not; for random
# text, links need a scheme or an @, and `www.` is checked on the filter's output instead.
SCHEME_LINKS = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])
SCHEME_LINKS.linkify.set({"fuzzy_link": False})
LITERAL = {"text", "text_special"}
BARE_WWW = re.compile(r"(?i)(?<!\\)www\.")


def rendered(line: str, parser: MarkdownIt = PARSER) -> tuple[list[str], list[str]]:
    """The text a reader sees in a heading and a paragraph holding the line, and any markup tokens."""
    tokens = parser.parse(f"# Plan for {line}\n\nName: {line} (end)\n")
    blocks = [token.children for token in tokens if token.type == "inline" and token.children is not None]
    markup = [child.type for inline in blocks for child in inline if child.type not in LITERAL]
    texts = ["".join(c.content for c in inline if c.type in LITERAL).strip() for inline in blocks]
    return texts, markup


def expected(value: str) -> list[str]:
    shown = CONTROL_CHARACTERS.sub(" ", value)
    return [f"Plan for {shown}".strip(), f"Name: {shown} (end)"]


HOSTILE = [
    "Contoso #",
    "Contoso ##",
    "https://evil.example/login",
    "see www.evil.com now",
    "billing@evil.com",
    "[click](https://evil.example)",
    "<script>alert(1)</script>",
    "**bold** _em_ ~~gone~~ `code`",
    "&amp; &#35; &copy;",
    "$x$ ![img](x.png)",
    "see //evil.example/login",  # protocol-relative: linkify links it
]


def test_hostile_names_render_as_typed_without_markup() -> None:
    for value in HOSTILE:
        text, markup = rendered(md(value))
        assert markup == [], (value, markup)
        assert text == expected(value), value


def test_the_parser_would_have_made_markup_of_them() -> None:
    """The check above can fail: unescaped, every one of these becomes markup or loses text."""
    for value in HOSTILE:
        text, markup = rendered(value)
        assert markup or text != expected(value), value


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), max_size=40)
    | st.builds(
        "".join, st.lists(st.sampled_from(["www", ".", ":", "//", "@", "#", "a", " ", "http"]), max_size=12)
    )
)
def test_any_text_renders_literally(value: str) -> None:
    text, markup = rendered(md(value), SCHEME_LINKS)
    assert markup == []
    assert not BARE_WWW.search(md(value))
    assert [t.split() for t in text] == [e.split() for e in expected(value)]


def test_a_pipe_stays_inside_its_table_cell() -> None:
    value = "a | b | c"
    tokens = PARSER.parse(f"| Name | Value |\n|---|---|\n| {md(value)} | x |\n")
    cells = [t.children for t in tokens if t.type == "inline" and t.children is not None][2:]
    texts = ["".join(c.content for c in cell if c.type in LITERAL) for cell in cells]
    assert texts == [value, "x"]
    raw = PARSER.parse(f"| Name | Value |\n|---|---|\n| {value} | x |\n")
    raw_cells = [t.children for t in raw if t.type == "inline" and t.children is not None][2:]
    assert [c[0].content for c in raw_cells if c] != texts  # unescaped, the row splits into other cells


def test_the_filter_blanks_exactly_the_control_characters_validation_refuses() -> None:
    every = "".join(chr(c) for c in range(0x3000))
    blanked = {c for c in every if md(c) == " " and c != " "}
    assert blanked == {c for c in every if CONTROL_CHARACTERS.fullmatch(c)}


LINE_STARTS = ["8. Dezember 2026", "3) x", "- Contoso", "+ Fabrikam", "---", "===", "1.", "12. März"]


@given(st.sampled_from(LINE_STARTS) | st.from_regex(r"\A(?:\d{1,3}[.)]|[-+=]+)(?: [a-zA-Zä ]{0,8})?\Z"))
def test_a_value_that_starts_a_line_renders_as_a_paragraph_of_its_text(value: str) -> None:
    """A date at a line's start ("8. Dezember 2026, connector-advisor ...", the German audit report) was a
    numbered list; "- Contoso" would be a bullet, "---" under a line a heading."""
    tokens = PARSER.parse(f"Before\n\n{md(value)}, after\n")
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"] * 2, value
    assert tokens[4].content.replace("\\", "") == f"{value}, after"
    assert "".join(c.content for c in tokens[4].children or []) == f"{value}, after"


def test_the_german_audit_report_starts_with_its_date_not_a_list(tmp_path) -> None:
    import json

    from tests.conftest import invoke

    export = tmp_path / "export.json"
    export.write_text(json.dumps({"inbound": [], "outbound": [], "accepted_domains": []}), encoding="utf-8")
    result = invoke(
        ["audit", str(export), "-f", "markdown", "--language", "de"], env={"SOURCE_DATE_EPOCH": "1796688000"}
    )
    tokens = PARSER.parse(result.out)
    assert "ordered_list_open" not in [t.type for t in tokens], result.out
    shown = "".join(c.content for t in tokens if t.type == "inline" for c in t.children or [])
    assert "8. Dezember 2026, connector-advisor" in shown
