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
