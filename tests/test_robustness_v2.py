"""Issue 19 (robustness v2): each problem the second hostile round found, with the nearest right case."""

from __future__ import annotations

import base64
import io
import os
import re
import stat
import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.environment import Environment
from advisor.errors import AnswersInvalid, Interrupted
from advisor.inputs.examples import example_text
from advisor.outputs import document_control
from advisor.wizard.session import save_recovery
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
    assert name in result.err
    assert "not rendered" in result.err
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
    [
        ("Acme.yaml", "acme.yaml"),
        (unicodedata.normalize("NFC", "Café.yaml"), unicodedata.normalize("NFD", "Café.yaml")),
    ],
)
def test_names_that_are_one_file_on_a_case_insensitive_disk_are_reported(
    tmp_path: Path, first: str, second: str
) -> None:
    for folder, name in (("a", first), ("b", second)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(example_text("cloud-only"), encoding="utf-8")
    result = invoke(["render", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "o")])
    assert result.code == 2
    assert "would also be written" in result.err
    assert "differ only in case" in result.err
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


# -- 2. the logo is the image it claims to be ------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _settings(folder: Path, logo: str) -> Path:
    file = folder / "document.yaml"
    file.write_text(f"logo: {logo}\n", encoding="utf-8")
    return file


def _logo_problem(file: Path) -> str:
    with pytest.raises(AnswersInvalid) as caught:
        document_control.load(file)
    (problem,) = caught.value.problems
    assert problem.path == "logo"
    return problem.accepted


def test_a_real_png_beside_the_settings_is_embedded(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    control = document_control.load(_settings(tmp_path, "logo.png"))
    assert control.logo == "data:image/png;base64," + base64.b64encode(PNG).decode()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="links")
def test_a_link_out_of_the_settings_folder_is_refused_and_named(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "shadow").write_bytes(PNG + b"root:$6$secret")
    folder = tmp_path / "settings"
    folder.mkdir()
    (folder / "logo.png").symlink_to(secret / "shadow")
    why = _logo_problem(_settings(folder, "logo.png"))
    assert str(secret / "shadow") in why
    assert "outside" in why
    result = invoke(
        ["plan", "--example", "hybrid", "-f", "html", "--document", str(folder / "document.yaml")]
    )
    assert result.code == 2
    assert "document.yaml" in result.err
    assert "logo" in result.err
    assert "secret" not in result.out  # nothing of it embedded


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="links")
def test_a_link_inside_the_settings_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "brand-2026.png").write_bytes(PNG)
    (tmp_path / "logo.png").symlink_to(tmp_path / "brand-2026.png")
    assert document_control.load(_settings(tmp_path, "logo.png")).logo is not None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"root:x:0:0:root:/root:/bin/bash\n"),
        ("logo.jpg", PNG),
        ("logo.gif", b"GIF88a"),
        ("logo.webp", b"RIFF\x00\x00\x00\x00WAVE"),
        ("logo.svg", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b"not xml at all"),
        (
            "logo.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        ),
    ],
)
def test_content_that_is_not_the_image_its_name_says_is_refused(
    tmp_path: Path, name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    why = _logo_problem(_settings(tmp_path, name))
    assert why


def test_a_huge_logo_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "logo.png"
    with huge.open("wb") as handle:  # sparse: 3 GB that takes no disk
        handle.write(PNG)
        handle.truncate(3 * 1024**3)
    assert "KB" in _logo_problem(_settings(tmp_path, "logo.png"))


def test_an_svg_is_embedded_without_scripts_handlers_or_outside_references(tmp_path: Path) -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' onload="alert(1)">'
        b"<script>alert(2)</script><style>@import url(https://evil.example/x.css);</style>"
        b'<a href="javascript:alert(3)"><rect width="10" height="10" fill="url(#g)" onclick="x()"/></a>'
        b'<image xlink:href="https://evil.example/track.png"/><use href="#shape"/>'
        b'<foreignObject><iframe src="https://evil.example"/></foreignObject></svg>'
    )
    (tmp_path / "logo.svg").write_bytes(svg)
    control = document_control.load(_settings(tmp_path, "logo.svg"))
    assert control.logo is not None
    cleaned = base64.b64decode(control.logo.split(",", 1)[1]).decode()
    for gone in ("script", "alert", "evil.example", "onload", "onclick", "iframe", "@import"):
        assert gone not in cleaned
    assert 'fill="url(#g)"' in cleaned  # internal references stay
    assert 'href="#shape"' in cleaned
    assert "<rect" in cleaned


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.binary(max_size=300), st.sampled_from(["logo.png", "logo.svg", "logo.gif", "logo.jpeg", "logo.webp"])
)
def test_any_bytes_as_a_logo_are_embedded_as_checked_or_refused(
    tmp_path: Path, data: bytes, name: str
) -> None:
    (tmp_path / name).write_bytes(data)
    try:
        control = document_control.load(_settings(tmp_path, name))
    except AnswersInvalid as refused:
        problems = [p.path for p in refused.problems]
        control = None
    else:
        problems = []
    if control is None:
        assert problems == ["logo"]
        return
    assert control.logo is not None
    embedded = base64.b64decode(control.logo.split(",", 1)[1])
    if name.endswith(".svg"):
        assert b"<script" not in embedded.lower()
    else:
        assert embedded == data


# -- 5. the recovery file is never lost ------------------------------------------------------------------


def _environment(tmp_path: Path) -> Environment:
    return Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        variables={"XDG_STATE_HOME": str(tmp_path / "state")},
    )


def _failing_under(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import advisor.outputs.files

    real = advisor.outputs.files.write_atomic

    def write(path: Path, *args: object, **kwargs: object) -> None:
        if path.is_relative_to(folder):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(advisor.outputs.files, "write_atomic", write)


def test_a_full_or_read_only_state_folder_falls_back_to_a_private_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _environment(tmp_path)
    (tmp_path / "state" / "connector-advisor").mkdir(parents=True)
    _failing_under(tmp_path / "state", monkeypatch)
    kept = save_recovery({"version": 1, "organization": {"name": "Contoso"}}, env)
    assert kept is not None
    assert not kept.is_relative_to(tmp_path / "state")
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert "Contoso" in kept.read_text(encoding="utf-8")


def test_when_no_folder_can_be_written_the_answers_are_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    env = _environment(tmp_path)
    _failing_under(Path("/"), monkeypatch)
    monkeypatch.setattr(tempfile, "mkdtemp", lambda **_: str(tmp_path / "also-full"))
    assert save_recovery({"version": 1, "organization": {"name": "Contoso"}}, env) is None
    assert "Contoso" in env.stderr.getvalue()  # type: ignore[attr-defined]


def test_ctrl_c_with_a_full_state_folder_exits_130_with_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.wizard import session

    _failing_under(tmp_path / "state", monkeypatch)

    class Stopped:
        def inform(self, _text: str) -> None:
            pass

        def ask(self, _prompt: object) -> object:
            raise KeyboardInterrupt

    env = _environment(tmp_path)
    with pytest.raises(Interrupted) as caught:
        session.run_session(env, Stopped(), None, None, False)  # type: ignore[arg-type]
    (kept,) = re.findall(r"are in (\S+) ", caught.value.message)
    assert Path(kept).is_file()
    assert not Path(kept).is_relative_to(tmp_path / "state")
    assert caught.value.exit_code == 130
