"""A plain wheel carries everything the tool needs and runs outside the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (path,) = out.glob("connector_advisor-*.whl")
    return path


def test_wheel_contains_every_package_file(wheel: Path) -> None:
    """Templates, the advice catalogue, the examples and py.typed ship with the code."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert any(n.endswith("entry_points.txt") for n in names)
    package = ROOT / "advisor"
    shipped = [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert {p.suffix for p in shipped} >= {".py", ".j2", ".yaml", ".typed"}
    missing = [p for p in shipped if p.relative_to(ROOT).as_posix() not in names]
    assert not missing


def test_wheel_runs_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    work = tmp_path / "elsewhere"
    work.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "advisor", "plan", "--example", "combined", "--format", "json"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"verdict": "required"' in proc.stdout
    handout = subprocess.run(
        [sys.executable, "-m", "advisor", "plan", "--example", "combined", "--format", "markdown"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert handout.returncode == 0, handout.stderr
    assert "Identify the sender by the subject name on the certificate" in handout.stdout  # catalogue labels
    probe = subprocess.run(
        [sys.executable, "-c", "import advisor; print(advisor.__file__)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.strip().startswith(str(site))
