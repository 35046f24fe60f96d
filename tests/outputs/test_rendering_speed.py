"""What makes rendering fast must not change what it renders: the compiled-template cache, the shortcuts in
the quoting filters and the diagram's line wrapping, and batch rendering's own way of writing files."""

from __future__ import annotations

import datetime
import errno
import os
import signal
import stat
import textwrap
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.errors import UserError
from advisor.inputs.examples import example_text
from advisor.model.validators import CONTROL_CHARACTERS
from advisor.outputs.engine import compiled_templates as cache
from advisor.outputs.engine.quoting import _MD_AUTOLINK, _MD_ESCAPES, md, ps_quote
from advisor.outputs.engine.templating import AUTOESCAPED, SETTINGS, build_environment
from advisor.outputs.formats import TEMPLATED
from advisor.outputs.views.diagram import wrap
from advisor.outputs.writing.files import stored, write_in_folder
from advisor.shell_words import _PS_DOUBLE
from tests.conftest import plan_for

if TYPE_CHECKING:
    from collections.abc import Iterator

    from advisor.outputs.writing.documents import WritingLock

TODAY = datetime.date(2026, 11, 27)
SETTINGS_KEY = {**SETTINGS, "autoescape": AUTOESCAPED}


def _rendered(env_cache: cache.CompiledTemplates | None) -> dict[str, str]:
    from advisor.outputs.engine import templating
    from advisor.outputs.writing.documents import plan_text

    env = build_environment(env_cache)
    original = templating.environment
    templating.environment = lambda: env  # type: ignore[assignment]
    try:
        plan = plan_for(yaml.safe_load(example_text("combined")))
        return {
            f: plan_text(plan, f, today=TODAY, source_name="combined.yaml", script_name="combined.ps1")
            for f in TEMPLATED
        }
    finally:
        templating.environment = original  # type: ignore[assignment]


# -- compiled templates kept between runs ---------------------------------------------------------------


def test_a_second_run_uses_the_compiled_templates_and_renders_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    folder = tmp_path / "templates"
    first = _rendered(cache.compiled_templates(SETTINGS_KEY, folder))
    kept = sorted(folder.iterdir())
    assert kept
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700  # loaded as code: the user's own

    def no_compiling(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("compiled although the cache holds it")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert _rendered(cache.compiled_templates(SETTINGS_KEY, folder)) == first
    assert sorted(folder.iterdir()) == kept


def test_damaged_compiled_templates_are_compiled_again(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    first = _rendered(cache.compiled_templates(SETTINGS_KEY, folder))
    for i, path in enumerate(sorted(folder.iterdir())):
        damage = [b"", b"garbage", path.read_bytes()[:40], path.read_bytes()[:-7]][i % 4]
        path.write_bytes(damage)
    assert _rendered(cache.compiled_templates(SETTINGS_KEY, folder)) == first


def test_other_settings_or_versions_do_not_share_compiled_templates(tmp_path: Path) -> None:
    ours = cache.compiled_templates(SETTINGS_KEY, tmp_path)
    other = cache.compiled_templates({**SETTINGS_KEY, "trim_blocks": False}, tmp_path)
    assert ours is not None
    assert other is not None
    assert ours.pattern != other.pattern


def test_storing_removes_what_other_versions_left_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir(mode=0o700)
    old = folder / "0123456789abcdef-5d17b34ca6dcf7c0.cache"
    old.write_bytes(b"an older version's")
    mine = folder / "notes.txt"
    mine.write_text("not a cache file", encoding="utf-8")
    _rendered(cache.compiled_templates(SETTINGS_KEY, folder))
    assert not old.exists()
    assert mine.exists()
    assert len(list(folder.glob("*.cache"))) >= len(TEMPLATED)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_an_unsafe_or_unusable_cache_folder_is_not_used(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    assert cache.compiled_templates(SETTINGS_KEY, a_file) is None
    assert cache.compiled_templates(SETTINGS_KEY, a_file / "below") is None
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)  # others could plant code in it
    assert cache.compiled_templates(SETTINGS_KEY, shared) is None
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir(mode=0o700)
    assert cache.compiled_templates(SETTINGS_KEY, link) is None


def test_a_cache_that_cannot_be_written_only_costs_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2.bccache

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    folder = tmp_path / "templates"
    compiled = cache.compiled_templates(SETTINGS_KEY, folder)
    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", full)
    assert _rendered(compiled) == _rendered(None)
    assert list(folder.iterdir()) == []


def test_the_cache_folder_follows_the_platform(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if os.name != "posix" or os.uname().sysname != "Linux":
        pytest.skip("XDG applies on Linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_folder() == tmp_path / "connector-advisor" / "templates"


# -- shortcuts that must not change a character ---------------------------------------------------------

TRIGGERS = st.text(alphabet=st.sampled_from("wW.:/@ a1\\`*_[]<>|~&$!#\n\x85\u2028'\u2018\u2019\u201a\u201bé"))
ANY_TEXT = st.one_of(TRIGGERS, st.text())


def _md_reference(value: str) -> str:
    """The Markdown filter as it was before its shortcuts: every step on every text."""
    text = CONTROL_CHARACTERS.sub(" ", value).translate(_MD_ESCAPES)
    return _MD_AUTOLINK.sub(lambda m: "\\" + m.group(0), text)


@settings(max_examples=400)
@given(ANY_TEXT)
def test_the_markdown_filter_shortcuts_change_nothing(text: str) -> None:
    assert md(text) == _md_reference(text)


@settings(max_examples=400)
@given(ANY_TEXT)
def test_the_powershell_quote_shortcut_changes_nothing(text: str) -> None:
    if not CONTROL_CHARACTERS.search(text):
        assert ps_quote(text) == "'" + text.translate(_PS_DOUBLE) + "'"


@settings(max_examples=400)
@given(st.one_of(st.text(alphabet=st.sampled_from(" ab\t\n\u2003\xa0-")), st.text()), st.integers(1, 80))
def test_diagram_wrapping_is_textwrap(text: str, width: int) -> None:
    assert list(wrap(text, width)) == textwrap.wrap(text, width)


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("{{ row.label }}", {"label": "Area"}),  # a dict: its key
        ("{{ row.items() | list }}", {"label": "Area"}),  # no such key: the dict's method, as in Jinja2
        ("{{ row.real }}", 3),  # an object: its attribute
        ("{{ row[0] }}|{{ row.0 }}", ["first"]),  # an item
        ("{{ row.name }}", SimpleNamespace(name="Contoso")),
    ],
)
def test_template_lookups_find_what_jinja2_finds(source: str, value: object) -> None:
    import jinja2

    ours = build_environment().from_string(source).render(row=value)
    plain = jinja2.Environment(
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=AUTOESCAPED, default=False),
    )
    assert plain.from_string(source).render(row=value) == ours


@pytest.mark.parametrize("value", [{"label": "Area"}, SimpleNamespace(label="Area"), 3])
def test_a_missing_key_or_attribute_is_still_an_error(value: object) -> None:
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        build_environment().from_string("{{ row.reason }}").render(row=value)


# -- batch writes --------------------------------------------------------------------------------------


@settings(max_examples=200)
@given(st.text(), st.sampled_from(["utf-8", "utf-8-sig"]), st.sampled_from(["", "\n", "\r\n"]))
def test_stored_bytes_are_what_open_would_write(text: str, encoding: str, newline: str) -> None:
    import io

    buffer = io.BytesIO()
    with io.TextIOWrapper(buffer, encoding=encoding, newline=newline, write_through=True) as handle:
        handle.write(text)
        handle.flush()
        written = buffer.getvalue()
    assert stored(text, encoding, newline) == written


def test_batch_writes_never_overwrite_without_force_and_leave_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "acme.ps1"
    target.write_text("mine\n", encoding="utf-8")  # appeared after the batch listed the folder
    with pytest.raises(UserError, match="already exists"):
        write_in_folder(target, "planned\n", False, encoding="utf-8-sig", newline="\r\n")
    assert target.read_text(encoding="utf-8") == "mine\n"
    write_in_folder(target, "planned\n", True, encoding="utf-8-sig", newline="\r\n")
    assert target.read_bytes() == b"\xef\xbb\xbfplanned\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["acme.ps1"]


def test_batch_writes_create_each_file_once_under_its_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.outputs.writing import files

    calls: list[str] = []
    for name in ("open", "link", "rename", "replace", "unlink"):
        real = getattr(os, name)

        def traced(*args: Any, _name: str = name, _real: Any = real, **kwargs: Any) -> Any:
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(files.os, name, traced)
    write_in_folder(tmp_path / "acme.md", "planned\n", False, encoding="utf-8", newline="\n")
    monkeypatch.undo()
    assert calls == ["open"]  # no temporary file, link or unlink: one metadata operation per output
    assert (tmp_path / "acme.md").read_text(encoding="utf-8") == "planned\n"


@pytest.mark.parametrize("failure", [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")])
def test_a_batch_write_that_fails_or_is_interrupted_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    from advisor.outputs.writing import files

    def failing(_fd: int, _data: object) -> int:
        raise failure

    monkeypatch.setattr(files.os, "write", failing)
    with pytest.raises((KeyboardInterrupt, UserError)):
        write_in_folder(tmp_path / "acme.html", "planned\n", False, encoding="utf-8", newline="\n")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def stops_on_sigterm() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt during the test, as it does in `render` and the wizard."""
    from advisor.environment import interrupt_on_stopping_signals

    previous = interrupt_on_stopping_signals()
    yield
    for sig, handler in previous.items():
        signal.signal(sig, handler)


def _write_in_batch(folder: Path, formats: list[str], lock: WritingLock) -> list[Path]:
    """The cloud-only example's plan written as `render` writes it, under `lock`."""
    from datetime import date

    from advisor.outputs.writing import documents

    plan = plan_for(yaml.safe_load(example_text("cloud-only")))
    targets = documents.targets_beside(folder / "acme", formats)
    return documents.write_plan(
        plan, targets, today=date(2026, 1, 1), source_name=None, force=False, batch=True, writing=lock
    )


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals are held on POSIX only")
def test_an_interrupt_the_moment_a_batch_output_is_created_comes_after_it_is_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stops_on_sigterm: None
) -> None:
    """Python runs the handler as soon as os.open returns, before any `try` could note the file as created;
    the stop must come once the file is whole (or never leave the file, as before: seen in a stopped
    `render`, an empty client000.ps1)."""
    from advisor.outputs.writing import files

    real_open = os.open

    def open_then_stop(*args: Any) -> int:
        fd = real_open(*args)
        os.kill(os.getpid(), signal.SIGTERM)
        return fd

    monkeypatch.setattr(files.os, "open", open_then_stop)
    with pytest.raises(KeyboardInterrupt):
        write_in_folder(tmp_path / "acme.md", "planned\n", False, encoding="utf-8", newline="\n")
    monkeypatch.undo()
    assert (tmp_path / "acme.md").read_text(encoding="utf-8") == "planned\n"


def test_a_batch_write_never_follows_a_link_that_appeared_in_its_place(tmp_path: Path) -> None:
    link = tmp_path / "acme.md"
    link.symlink_to(tmp_path / "elsewhere.txt")  # dangling: creating through it would make elsewhere.txt
    with pytest.raises(UserError, match="already exists"):
        write_in_folder(link, "planned\n", False, encoding="utf-8", newline="\n")
    assert [p.name for p in tmp_path.iterdir()] == ["acme.md"]


def test_batch_writes_with_force_still_never_replace_a_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep\n", encoding="utf-8")
    link = tmp_path / "acme.md"
    link.symlink_to(elsewhere)
    with pytest.raises(UserError, match="symbolic link"):
        write_in_folder(link, "planned\n", True, encoding="utf-8", newline="\n")
    assert link.is_symlink()
    assert elsewhere.read_text(encoding="utf-8") == "keep\n"


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals are held on POSIX only")
def test_an_interrupt_while_writing_waits_until_the_lock_is_released(
    tmp_path: Path, stops_on_sigterm: None
) -> None:
    """An interrupt right after the writing lock was taken would leave it taken, and every other worker of a
    batch waiting for ever (seen: `render` stopped by SIGTERM hung in 1 run of 15)."""
    events: list[str] = []

    class Lock:
        def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
            events.append("acquire")
            os.kill(os.getpid(), signal.SIGTERM)  # arrives the moment the lock is taken
            return True

        def release(self) -> None:
            events.append("release")

    with pytest.raises(KeyboardInterrupt):
        _write_in_batch(tmp_path, ["powershell", "markdown"], Lock())
    assert events == ["acquire", "release"]  # the files were written, the lock given back, then the stop
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.md", "acme.ps1"]


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="signals are held on POSIX only")
def test_an_interrupt_while_waiting_for_the_lock_stops_the_wait(
    tmp_path: Path, stops_on_sigterm: None
) -> None:
    from advisor.outputs.writing.documents import TURN_WAIT

    tries: list[float | None] = []

    class TakenLock:  # another worker holds it
        def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
            tries.append(timeout)
            if len(tries) == 2:
                os.kill(os.getpid(), signal.SIGTERM)
            assert len(tries) < 10, "the interrupt never got in"
            return False

        def release(self) -> None:
            raise AssertionError("never taken")

    with pytest.raises(KeyboardInterrupt):
        _write_in_batch(tmp_path, ["markdown"], TakenLock())
    assert tries == [TURN_WAIT, TURN_WAIT]  # each try bounded; stopped after the second
    assert list(tmp_path.iterdir()) == []


def test_batch_writes_happen_while_holding_the_shared_lock_after_everything_is_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from advisor.outputs.writing import documents

    events: list[str] = []

    class Lock:
        def acquire(self, block: bool = True, timeout: float | None = None) -> bool:
            events.append("acquire")
            return True

        def release(self) -> None:
            events.append("release")

    real_text, real_write = documents.plan_text, documents.write_in_folder

    def rendering(*args: object, **kwargs: object) -> str:
        events.append("render")
        return real_text(*args, **kwargs)  # type: ignore[arg-type]

    def writing(path: Path, *args: object, **kwargs: object) -> None:
        events.append(f"write {path.name}")
        real_write(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "plan_text", rendering)
    monkeypatch.setattr(documents, "write_in_folder", writing)
    plan = plan_for(yaml.safe_load(example_text("hybrid")))
    targets = documents.targets_beside(tmp_path / "acme", ["powershell", "markdown", "html"])
    written = documents.write_plan(
        plan, targets, today=date(2026, 1, 1), source_name=None, force=False, batch=True, writing=Lock()
    )
    assert [p.name for p in written] == ["acme.ps1", "acme.md", "acme.html", "acme.onprem.ps1"]
    assert events == [
        "render",
        "render",
        "render",
        "acquire",
        "write acme.ps1",
        "write acme.md",
        "write acme.html",
        "write acme.onprem.ps1",
        "release",
    ]
