"""The advisor's copy of the Public Suffix List is what scripts/update_public_suffixes.py makes from the
`publicsuffixlist` package pinned in the test extras (the script's docstring promised this test)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import ROOT


def test_public_suffixes_file_matches_the_pinned_list() -> None:
    pytest.importorskip("publicsuffixlist")
    spec = importlib.util.spec_from_file_location(
        "update_public_suffixes", ROOT / "scripts" / "update_public_suffixes.py"
    )
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    kept = (ROOT / "advisor" / "model" / "public_suffixes.txt").read_text(encoding="utf-8")
    assert kept == script.render(), "advisor/model/public_suffixes.txt is stale: run the script"


def test_only_whole_lines_of_the_list_are_rules() -> None:
    """The list's header comment ("# Public Suffix List rules from ...") holds words, not rules."""
    from advisor.model.validators import PUBLIC_SUFFIXES, is_public_suffix

    header = PUBLIC_SUFFIXES.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("#")
    assert not any(is_public_suffix(word.lower()) for word in header.split()[1:])
    assert is_public_suffix("co.uk")
    assert is_public_suffix("anything.kawasaki.jp")
    assert not is_public_suffix("city.kawasaki.jp")  # an exception (!) to the wildcard
