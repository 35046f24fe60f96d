"""The JSON twins of the bundled YAML files (start-up without a YAML parser) are made from the YAML as it is,
and an edited YAML is read instead of a stale twin."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from advisor.bundled_data import load_mapping, parse_yaml, twin_of
from tests.conftest import ROOT


def test_every_bundled_yaml_has_a_current_twin() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bundled_json.py")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, f"run scripts/bundled_json.py --write:\n{proc.stdout}"


def test_a_twin_gives_what_the_yaml_says() -> None:
    path = ROOT / "advisor" / "advice" / "catalogue.yaml"
    assert load_mapping(path) == parse_yaml(path.read_bytes())


def test_a_current_twin_is_what_is_read(tmp_path: Path) -> None:
    """The twin is read, not the YAML, when it was made from the YAML as it is (a twin whose data differs
    shows it)."""
    import json

    source = ROOT / "advisor" / "outputs" / "views" / "handout.yaml"
    copy = tmp_path / "handout.yaml"
    shutil.copy(source, copy)
    twin = json.loads(twin_of(source).read_text(encoding="utf-8"))
    twin["data"]["verdicts"]["required"] = "From the twin"
    twin_of(copy).write_text(json.dumps(twin), encoding="utf-8")
    assert load_mapping(copy)["verdicts"]["required"] == "From the twin"


def test_an_edited_yaml_is_read_instead_of_its_stale_twin(tmp_path: Path) -> None:
    source = ROOT / "advisor" / "outputs" / "views" / "handout.yaml"
    copy = tmp_path / "handout.yaml"
    shutil.copy(source, copy)
    shutil.copy(twin_of(source), twin_of(copy))
    assert load_mapping(copy)["verdicts"]["required"] == "Needed"
    copy.write_text(
        copy.read_text(encoding="utf-8").replace("required: Needed", "required: Required"), "utf-8"
    )
    assert load_mapping(copy)["verdicts"]["required"] == "Required"
