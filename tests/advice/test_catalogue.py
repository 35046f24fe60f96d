"""The advice catalogue and the engine agree: entries used exist, placeholders are filled, nothing is dead.

The engine's calls are read from its source (`catalogue.text/reason/step/warning` with literal keys), so a
sentence that only some rare answers reach is checked as well as a common one.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from advisor.advice import catalogue
from advisor.model.vocabulary import SEVERITY_ORDER

ADVICE = Path(catalogue.__file__).parent
CALLS = {"text": "", "reason": "", "step": "", "warning": "warnings."}  # function -> key prefix
GROUPS_READ_WHOLE = {"sources", "admin-center", "answer-words"}  # read by verdict or by citation, not by key
SOURCE_KEY = re.compile(r"\bS\d+\b")


@dataclass(frozen=True)
class Use:
    where: str
    function: str
    key: str
    values: frozenset[str]
    severity: bool


def _literal_keys(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_keys(node.body), _literal_keys(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def catalogue_uses() -> list[Use]:
    uses: list[Use] = []
    for path in sorted(ADVICE.rglob("*.py")):
        if path.name == "catalogue.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if not (isinstance(node.func.value, ast.Name) and node.func.value.id == "catalogue"):
                continue
            function = node.func.attr
            if function not in CALLS:
                continue
            where = f"{path.name}:{node.lineno}"
            keys = _literal_keys(node.args[0]) if node.args else None
            assert keys is not None, f"{where}: catalogue keys must be literal strings"
            assert all(k.arg is not None for k in node.keywords), f"{where}: no **values, name each value"
            names = frozenset(k.arg for k in node.keywords if k.arg and k.arg != "severity")
            severity = any(k.arg == "severity" for k in node.keywords)
            uses += [Use(where, function, CALLS[function] + key, names, severity) for key in keys]
    return uses


USES = catalogue_uses()


def entry_placeholders(found: object) -> frozenset[str]:
    if isinstance(found, str):
        return catalogue.placeholders(found)
    assert isinstance(found, dict)
    texts = [v for k, v in found.items() if k in ("text", "title", "detail", "message")]
    return frozenset().union(*(catalogue.placeholders(t) for t in texts))


def test_the_scan_finds_the_engine_calls() -> None:
    assert len(USES) > 50
    assert {u.function for u in USES} == set(CALLS)


@pytest.mark.parametrize("use", USES, ids=lambda u: f"{u.where}:{u.key}")
def test_every_key_used_exists_and_its_placeholders_are_filled(use: Use) -> None:
    found = catalogue.entry(use.key)
    assert entry_placeholders(found) == use.values, f"{use.where}: {use.key}"
    if use.function == "warning":
        assert (found["severity"] == "{severity}") == use.severity, use.key
    if use.function in ("reason", "warning"):
        assert SOURCE_KEY.findall(found["source"]), use.key


def test_every_entry_is_used() -> None:
    used = {u.key for u in USES}
    entries = catalogue.entries()
    unused = [
        f"{group}.{name}"
        for group, table in entries.items()
        if group not in GROUPS_READ_WHOLE
        for name in table
        if f"{group}.{name}" not in used
    ]
    assert not unused, f"catalogue entries no code uses: {unused}"


def test_severities_are_known() -> None:
    for code, found in catalogue.entries()["warnings"].items():
        assert found["severity"] in (*SEVERITY_ORDER, "{severity}"), code


def test_every_source_is_cited_and_every_citation_is_known() -> None:
    entries = catalogue.entries()
    cited = set(SOURCE_KEY.findall(" ".join(str(v) for v in _all_sources(entries))))
    for path in ADVICE.rglob("*.py"):
        cited |= set(SOURCE_KEY.findall(path.read_text(encoding="utf-8")))
    assert cited <= set(entries["sources"]), cited - set(entries["sources"])
    assert set(entries["sources"]) <= cited, set(entries["sources"]) - cited


def _all_sources(entries: dict[str, dict[str, object]]) -> list[object]:
    return [
        found["source"]
        for group, table in entries.items()
        if group != "sources"
        for found in table.values()
        if isinstance(found, dict) and "source" in found
    ]


def test_filling_is_strict() -> None:
    with pytest.raises(catalogue.CatalogueError, match="no entry"):
        catalogue.entry("phrases.no-such-phrase")
    with pytest.raises(catalogue.CatalogueError, match=r"not filled \['addresses'\]"):
        catalogue.text("phrases.server-by-addresses")
    with pytest.raises(catalogue.CatalogueError, match=r"values unused \['extra'\]"):
        catalogue.text("phrases.end", extra="x")
    with pytest.raises(catalogue.CatalogueError, match="severity"):
        catalogue.warning("graylisting", severity="critical")


@pytest.mark.parametrize("key", sorted(catalogue.entries()["sources"]))
def test_every_source_has_a_title_and_one_address(key: str) -> None:
    found = catalogue.entries()["sources"][key]
    assert found["title"].strip() == found["title"]
    assert re.fullmatch(r"https://\S+", found["url"]), found["url"]


def test_the_answer_words_are_the_wizards_labels() -> None:
    """The advice quotes an answer as the wizard offered it: the English answer words are the model's."""
    from advisor.model.devices import DEVICE_METHOD
    from advisor.model.partners import OUTBOUND_TLS, PARTNER_RESTRICTION

    words = catalogue.entries()["answer-words"]
    for group, options in (
        ("restriction", PARTNER_RESTRICTION),
        ("outbound-tls", OUTBOUND_TLS),
        ("method", DEVICE_METHOD),
    ):
        assert words[group] == {value: option.label for value, option in options.items()}, group
    from advisor.model.answers import Answers
    from advisor.model.fields import fields_of

    labelled = {
        f"{section.name}.{key.name}": key.label
        for section in fields_of(Answers)
        for key in section.table
        if key.label
    }
    assert words["field"] == labelled
