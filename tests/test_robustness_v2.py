"""Issue 19 (robustness v2): each problem the second hostile round found, with the nearest right case."""

from __future__ import annotations

import os
import threading
import unicodedata
from pathlib import Path

import pytest

from advisor.inputs.examples import example_text
from tests.conftest import invoke

# -- 3. render writes only inside --out ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["..yaml", ".yaml", ".hidden.yaml", "..json", ".YML"])
def test_render_refuses_answers_files_whose_outputs_could_not_be_named(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text(example_text("cloud-only"), encoding="utf-8")
    out = tmp_path / "o"
    before = set(tmp_path.iterdir())
    result = invoke(["render", str(source), "--out", str(out), "--force"])
    assert result.code == 2, result.err
    assert name in result.err and "not rendered" in result.err
    assert set(tmp_path.iterdir()) - before == {out}  # nothing beside the output folder
    assert list(out.iterdir()) == []


def test_render_never_replaces_a_file_beside_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "..yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    beside = tmp_path / "o.html"
    beside.write_text("the client's own file", encoding="utf-8")
    result = invoke(["render", str(tmp_path / "..yaml"), "--out", str(tmp_path / "o"), "--force"])
    assert result.code == 2
    assert beside.read_text(encoding="utf-8") == "the client's own file"


def test_an_ordinary_name_is_still_rendered(tmp_path: Path) -> None:
    (tmp_path / "a.b.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    result = invoke(["render", str(tmp_path / "a.b.yaml"), "--out", str(tmp_path / "o"), "-f", "markdown"])
    assert result.code == 0, result.err
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["a.b.md"]


@pytest.mark.parametrize(
    ("first", "second"),
    [("Acme.yaml", "acme.yaml"), (unicodedata.normalize("NFC", "Café.yaml"), unicodedata.normalize("NFD", "Café.yaml"))],
)
def test_names_that_are_one_file_on_a_case_insensitive_disk_are_reported(
    tmp_path: Path, first: str, second: str
) -> None:
    for folder, name in (("a", first), ("b", second)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(example_text("cloud-only"), encoding="utf-8")
    result = invoke(["render", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "o")])
    assert result.code == 2
    assert "would also be written" in result.err and "differ only in case" in result.err
    assert len(list((tmp_path / "o").iterdir())) == 3  # the first one's script and handouts, once


# -- 9. a named pipe among render's inputs ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_render_refuses_a_named_pipe_before_starting(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    done: list[int] = []
    thread = threading.Thread(
        target=lambda: done.append(
            invoke(["render", str(tmp_path / "good.yaml"), str(pipe), "--out", str(tmp_path / "o")]).code
        ),
        daemon=True,
    )
    thread.start()
    thread.join(20)
    assert done == [2], "render waited on the pipe"
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []


# -- 12. what a folder render skips is named ---------------------------------------------------------------


def test_a_folder_render_names_what_it_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "acme.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    for name in ("..yaml", ".yaml", ".old.yml"):
        (folder / name).write_text(example_text("cloud-only"), encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.json")
    result = invoke(["render", str(folder), "--out", str(tmp_path / "o"), "-f", "markdown"])
    assert result.code == 0, result.err
    for name in ("..yaml", ".yaml", ".old.yml"):
        assert f"skipped {folder / name}:" in result.err
    if hasattr(os, "mkfifo"):
        assert f"skipped {folder / 'fifo.json'}: not a regular file" in result.err
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["acme.md"]
    assert "skipped (named above)" in result.err.splitlines()[-1]
