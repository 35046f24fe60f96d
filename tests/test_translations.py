"""Each wording file's translations against the English reference: the same keys (less the sections that stay
English), the same {placeholders} in every text, the same values where a value is not prose, and none of
the words the language's glossary says to avoid."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.language import ENGLISH, ENGLISH_ONLY_SECTIONS, LANGUAGES, translation_of
from tests.conftest import ROOT

WORDING_FILES = [
    ROOT / "advisor" / "advice" / "catalogue.yaml",
    ROOT / "advisor" / "outputs" / "views" / "handout.yaml",
    ROOT / "advisor" / "tenant" / "findings.yaml",
]
TRANSLATED = [code for code in LANGUAGES if code != ENGLISH]
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
NOT_PROSE = {"source", "severity", "id", "only", "url"}  # kept as they are in every language
# How a date is written: any of the names the date formatter fills, in the language's order.
DATE_NAMES = {"{iso}", "{day}", "{month}", "{year}"}
CASES = [(path, code) for path in WORDING_FILES for code in TRANSLATED]


def values(data: Any, path: str = "") -> dict[str, Any]:
    """Every leaf of `data` by its path (`warnings.open-relay.message`, `runbook[2].action`)."""
    if isinstance(data, dict):
        found: dict[str, Any] = {}
        for key, value in data.items():
            found |= values(value, f"{path}.{key}" if path else str(key))
        return found
    if isinstance(data, list):
        found = {}
        for i, value in enumerate(data):
            found |= values(value, f"{path}[{i}]")
        return found
    return {path: data}


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


def ids(case: tuple[Path, str]) -> str:
    return f"{case[0].stem}.{case[1]}"


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_a_translation_has_exactly_the_english_keys(case: tuple[Path, str]) -> None:
    english, code = case
    translated = translation_of(english, code)
    assert translated.is_file(), f"{translated.name} is missing"
    reference = {k: v for k, v in load(english).items() if k not in ENGLISH_ONLY_SECTIONS}
    theirs = load(translated)
    assert not set(theirs) & ENGLISH_ONLY_SECTIONS, "sections that stay English are left out"
    want, have = values(reference), values(theirs)
    assert sorted(set(want) - set(have)) == [], "missing in the translation"
    assert sorted(set(have) - set(want)) == [], "not in the English (extra)"


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_placeholders_and_non_prose_values_are_the_englishs(case: tuple[Path, str]) -> None:
    english, code = case
    want, have = values(load(english)), values(load(translation_of(english, code)))
    for key in sorted(set(want) & set(have)):
        last = key.rsplit(".", 1)[-1]
        if last in NOT_PROSE or not isinstance(want[key], str):
            assert have[key] == want[key], key
        elif key == "date.format":
            assert set(PLACEHOLDER.findall(have[key])) <= DATE_NAMES, key
        else:
            assert sorted(PLACEHOLDER.findall(have[key])) == sorted(PLACEHOLDER.findall(want[key])), key


def glossary(code: str) -> list[dict[str, str]]:
    with (ROOT / "translations" / f"glossary.{code}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("code", TRANSLATED)
def test_the_glossarys_terms_are_used_and_what_it_avoids_is_not(code: str) -> None:
    texts = " ".join(
        str(v)
        for path in WORDING_FILES
        for v in values(load(translation_of(path, code))).values()
        if isinstance(v, str)
    )
    entries = glossary(code)
    assert len(entries) >= 20
    for entry in entries:
        for avoided in filter(None, (a.strip() for a in entry["avoid"].split("|"))):
            assert not re.search(rf"(?<!\w){re.escape(avoided)}(?!\w)", texts), (entry["english"], avoided)


def test_every_language_is_offered_everywhere() -> None:
    """--language, document.yaml and the answers file's document.language take the same languages."""
    from advisor.model.document import LANGUAGE

    assert set(LANGUAGE) == set(LANGUAGES)
