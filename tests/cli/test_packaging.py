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
    """The advice catalogue, the examples, py.typed and the top-level templates/ ship with the code (the
    templates inside the package, as advisor/templates/)."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert any(n.endswith("entry_points.txt") for n in names)
    package = ROOT / "advisor"
    shipped = [
        p.relative_to(ROOT).as_posix()
        for p in package.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ]
    templates = sorted((ROOT / "templates").glob("*.j2"))
    assert templates
    shipped += [f"advisor/templates/{p.name}" for p in templates]
    assert {Path(p).suffix for p in shipped} >= {".py", ".j2", ".yaml", ".typed"}
    missing = [p for p in shipped if p not in names]
    assert not missing


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory) -> Path:
    """The wheel installed as pip installs it (not editable), into a folder of its own."""
    site = tmp_path_factory.mktemp("site")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return site


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed tool, dated as the goldens are and with no document settings of the user's."""
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "SOURCE_DATE_EPOCH": "1795737600",  # 2026-11-27, the goldens' date
        "XDG_CONFIG_HOME": str(cwd / "no-config"),
    }
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_installed_wheel_runs_from_another_directory(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "elsewhere"
    work.mkdir()
    proc = _run(installed, work, "plan", "--example", "combined", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert '"verdict": "required"' in proc.stdout
    handout = _run(installed, work, "plan", "--example", "combined", "--format", "markdown")
    assert handout.returncode == 0, handout.stderr
    assert "Identify the sender by the subject name on the certificate" in handout.stdout  # catalogue labels
    probe = _run(installed, work, "--version")
    assert probe.returncode == 0, probe.stderr
    where = subprocess.run(
        [sys.executable, "-c", "import advisor.outputs.engine.templating as t; print(t.TEMPLATES_DIR)"],
        cwd=work,
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.stdout.strip() == str(installed / "advisor" / "templates"), where.stderr


def test_installed_wheel_renders_every_format(installed: Path, tmp_path: Path) -> None:
    """Every format `plan` and `render` write, from the installed package's own templates, from another
    folder: the same text as the checkout renders (the goldens)."""
    from advisor.outputs.formats import FORMATS, RENDERED, storage

    work = tmp_path / "elsewhere"
    work.mkdir()
    example = _run(installed, work, "example", "combined")
    (work / "combined.yaml").write_text(example.stdout, encoding="utf-8")
    out = work / "out"
    formats = [a for f in RENDERED for a in ("--format", f)]
    proc = _run(installed, work, "render", "combined.yaml", "--out", str(out), *formats)
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(["combined.onprem.ps1", *(f"combined{FORMATS[f].suffix}" for f in RENDERED)]), (
        written
    )
    for name, output_format in (
        ("combined.ps1", "powershell"),
        ("combined.md", "markdown"),
        ("combined.html", "html"),
        ("combined.onprem.ps1", "powershell"),
    ):
        encoding, newline = storage(output_format)
        golden = (ROOT / "tests" / "golden" / name).read_text(encoding="utf-8")
        assert (out / name).read_bytes() == golden.replace("\n", newline).encode(encoding), name
    for name in FORMATS:
        proc = _run(installed, work, "plan", "combined.yaml", "--format", name)
        if FORMATS[name].binary:  # written with --output only (rendered above)
            assert proc.returncode == 2, name
            assert "--output" in proc.stderr, name
            continue
        assert proc.returncode == 0, (name, proc.stderr)
        assert proc.stdout.strip(), name
