"""The disk, permissions and signals: a failure of the environment is exit 2 with the path and the reason,
nothing the user typed is lost, and nothing but a regular file is ever replaced."""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from advisor.environment import Environment, stopping_signals_interrupt
from advisor.errors import ExitCode, UserError, environment_failure
from advisor.outputs.writing import files
from advisor.outputs.writing.files import write_atomic
from tests.conftest import ROOT, invoke, run_advisor
from tests.wizard.test_wizard_engine import CLOUD_ONLY, Scripted


class Prompted(Scripted):
    """The scripted prompter, keeping what the session tells the user between questions."""

    def __init__(self, script: dict[str, object]) -> None:
        super().__init__(script)
        self.told: list[str] = []

    def inform(self, message: str) -> None:
        self.told.append(message)


def quiet_environment(tmp_path: Path) -> Environment:
    """No terminal, output kept in memory, recovery files under tmp_path."""
    return Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        variables={"XDG_STATE_HOME": str(tmp_path / "state")},
    )


EXAMPLE = ["plan", "--example", "cloud-only", "--format", "markdown"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("output_format", ["table", "json", "markdown"])
def test_a_full_disk_behind_a_redirect_is_exit_2_with_the_reason(output_format: str) -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        proc = run_advisor(["plan", "--example", "combined", "--format", output_format], stdout=full)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines()[0] == "error: cannot write the output: the disk is full"
    assert "Traceback" not in proc.stderr


def test_force_never_replaces_a_device() -> None:
    before = os.stat(os.devnull)
    result = invoke([*EXAMPLE, "--output", os.devnull, "--force"])
    assert result.code == 2
    assert "is not a regular file" in result.err
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert os.stat(os.devnull).st_ino == before.st_ino


def test_force_never_replaces_a_fifo_a_folder_or_a_symlink(tmp_path: Path) -> None:
    fifo, folder, target, link = (
        tmp_path / "fifo",
        tmp_path / "folder",
        tmp_path / "real.md",
        tmp_path / "l.md",
    )
    os.mkfifo(fifo)
    folder.mkdir()
    target.write_text("mine\n", encoding="utf-8")
    link.symlink_to(target)
    for path, reason in [
        (fifo, "is not a regular file"),
        (folder, "is a folder"),
        (link, f"is a symbolic link (to {target}); links are not followed or replaced"),
    ]:
        result = invoke([*EXAMPLE, "--output", str(path), "--force"])
        assert result.code == 2, path
        assert reason in result.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_a_regular_file_is_replaced_with_force(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text("old\n", encoding="utf-8")
    assert invoke([*EXAMPLE, "--output", str(path)]).code == 2
    assert invoke([*EXAMPLE, "--output", str(path), "--force"]).code == 0
    assert path.read_text(encoding="utf-8").startswith("# ")


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x\n", encoding="utf-8")
    result = invoke([*EXAMPLE, "--output", str(tmp_path / "a.yaml" / "x.md")])
    assert result.code == 2
    assert f"{tmp_path / 'a.yaml'} is a file, not a folder" in result.err


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "permission denied"),
        (errno.EPERM, "the operation is not permitted"),
    ],
)
def test_a_failed_write_names_the_file_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    def failing(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files.os, "fsync", failing)
    with pytest.raises(UserError) as caught:
        write_atomic(tmp_path / "plan.ps1", "text")
    assert caught.value.message == f"cannot write {tmp_path / 'plan.ps1'}: {reason}"
    assert list(tmp_path.iterdir()) == []


def test_render_counts_a_failed_write_as_one_failed_file_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.inputs.examples import example_text

    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    real_open, real_write = os.open, os.write
    opened: dict[int, str] = {}

    def open_(path: str, *args: int) -> int:
        fd = real_open(path, *args)
        opened[fd] = Path(path).name
        return fd

    def write(fd: int, data: bytes) -> int:
        if opened.get(fd) == "b.html":  # created, then the disk fills up: the partial file is removed
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(files.os, "open", open_)
    monkeypatch.setattr(files.os, "write", write)
    result = invoke(
        [
            "render",
            str(tmp_path / "a.yaml"),
            str(tmp_path / "b.yaml"),
            str(tmp_path / "c.yaml"),
            "--out",
            str(tmp_path / "out"),
            "-f",
            "html",
        ]
    )
    assert result.code == 2
    assert "cannot write" in result.err
    assert "b.html: the disk is full" in result.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.html", "c.html"]


def test_render_takes_each_file_and_format_once(tmp_path: Path) -> None:
    from advisor.inputs.examples import example_text

    (tmp_path / "a.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    named = [str(tmp_path / "a.yaml"), str(tmp_path / "." / "a.yaml"), str(tmp_path)]
    result = invoke(["render", *named, "--out", str(tmp_path / "out"), "-f", "html", "-f", "html"])
    assert result.code == 0, result.err
    assert "1 written" in result.err + result.out
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.html"]


def test_wizard_save_is_checked_before_the_first_question(tmp_path: Path) -> None:
    existing = tmp_path / "acme.yaml"
    existing.write_text("mine\n", encoding="utf-8")
    for path, reason in [(existing, "already exists"), (tmp_path / "no" / "x.yaml", "does not exist")]:
        result = invoke(["wizard", "--save", str(path)], env={"TERM": "dumb"}, tty=True)
        assert result.code == 2
        assert reason in result.err
        assert "Organization" not in result.out  # no question was asked
    assert existing.read_text(encoding="utf-8") == "mine\n"


def test_a_save_that_fails_after_the_plan_keeps_the_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.wizard import session

    def full(*_args: object) -> list[Path]:
        raise environment_failure(tmp_path / "acme.yaml", OSError(errno.ENOSPC, "full"))

    monkeypatch.setattr(session, "save_answers", full)
    env = quiet_environment(tmp_path)
    with pytest.raises(UserError) as caught:
        session.run_session(env, Prompted(dict(CLOUD_ONLY)), None, tmp_path / "acme.yaml", force=False)
    message = caught.value.message
    assert message.startswith(
        f"cannot write {tmp_path / 'acme.yaml'}: the disk is full; your answers are kept"
    )
    kept = Path(message.rsplit(" ", 1)[1])
    assert yaml.safe_load(kept.read_text(encoding="utf-8"))["organization"]["name"] == "Contoso"
    assert "--answers" in (caught.value.hint or "")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_stopping_signals_act_as_ctrl_c_and_are_restored(name: str) -> None:
    sig = getattr(signal, name)
    before = signal.getsignal(sig)

    def kill_self() -> None:
        with stopping_signals_interrupt():
            os.kill(os.getpid(), sig)
            for _ in range(1000):  # the handler runs between bytecodes
                pass

    with pytest.raises(KeyboardInterrupt):
        kill_self()
    assert signal.getsignal(sig) == before


@pytest.mark.slow  # runs the tool in subprocesses
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_killed_wizard_keeps_the_answers(tmp_path: Path, name: str) -> None:
    from tests.wizard.test_wizard_pty import ENTER, answer, finish, spawn

    child = spawn(tmp_path)
    answer(child, "organization.name", "Contoso" + ENTER)
    answer(child, "organization.domains", "")
    child.kill(getattr(signal, name))
    child.expect("interrupted; your answers so far are in (\\S+) ")
    recovery = Path(child.match.group(1))
    assert finish(child) == 130
    assert yaml.safe_load(recovery.read_text(encoding="utf-8"))["organization"]["name"] == "Contoso"


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt  # what SIGTERM becomes inside render and the wizard

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "plan.ps1", "text")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow  # runs the tool in subprocesses
def test_render_stopped_by_sigterm_leaves_no_temporary_or_partial_files(tmp_path: Path) -> None:
    import time

    from advisor.inputs.examples import example_text

    answers = tmp_path / "in"
    answers.mkdir()
    text = example_text("combined")
    for i in range(800):
        (answers / f"client{i:03}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "advisor", "render", str(answers), "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while not (out.is_dir() and any(out.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGTERM)  # the whole group, workers too, as a closing terminal would
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    # Every output there is whole: the answers files differ only in their names' digits, so each output of
    # a kind has exactly the size of the same output rendered alone.
    whole = tmp_path / "whole"
    alone = subprocess.run(
        [sys.executable, "-m", "advisor", "render", str(answers / "client000.yaml"), "--out", str(whole)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert alone.returncode == 0, alone.stderr
    sizes = {p.name.removeprefix("client000"): p.stat().st_size for p in whole.iterdir()}
    left = {p.name: p.stat().st_size for p in out.iterdir()}
    assert left  # the batch was stopped after it had written something
    assert {name: size for name, size in left.items() if size != sizes[name[len("client000") :]]} == {}


def test_a_file_name_cannot_send_escape_sequences_to_the_terminal(tmp_path: Path) -> None:
    hostile = tmp_path / "a\x1b]0;owned\x07\x1b[2J.md"
    hostile.write_text("mine\n", encoding="utf-8")
    result = invoke([*EXAMPLE, "--output", str(hostile)])
    assert result.code == 2
    assert "\x1b" not in result.err
    assert "\x07" not in result.err
    assert "a\\x1b]0;owned\\x07\\x1b[2J.md already exists" in result.err


@pytest.mark.parametrize(
    "command",
    [
        [*EXAMPLE, "--format", "markdown", "--output"],
        ["collect", "--output"],
        ["document", "--document"],
    ],
)
def test_a_path_the_tool_names_back_cannot_send_escape_sequences(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "a\x1b]0;owned\x07.txt"
    if command[0] == "document":  # names the settings file it reads
        target.write_text("prepared_by: Ann Admin\n", encoding="utf-8")
    result = invoke([*command, str(target)])
    assert result.code == 0, result.err
    assert "\x1b" not in result.out + result.err
    assert "a\\x1b]0;owned\\x07.txt" in result.out + result.err


def test_the_wizard_names_what_it_wrote_without_escape_sequences() -> None:
    import io

    from advisor.environment import Environment
    from advisor.wizard import session

    err = io.StringIO()
    session._write(Environment(stderr=err), [Path("a\x1b[2J.yaml")])
    assert err.getvalue() == "wrote a\\x1b[2J.yaml\n"


def test_render_names_files_from_a_folder_without_their_escape_sequences(tmp_path: Path) -> None:
    (tmp_path / "bad\x1b[2J.yaml").write_text("version: [\n", encoding="utf-8")
    result = invoke(["render", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.code == 2
    assert "\x1b" not in result.err
    assert "bad\\x1b[2J.yaml" in result.err


def test_render_turns_any_refusal_by_the_system_into_one_failed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.inputs.examples import example_text
    from advisor.outputs.writing import documents

    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    real = documents.write_plan

    def refused(plan: object, targets: dict[str, Path], **options: object) -> list[Path]:
        if "a" in {t.stem for t in targets.values()}:
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "locked"))
        return real(plan, targets, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(documents, "write_plan", refused)
    result = invoke(["render", str(tmp_path), "--out", str(tmp_path / "out"), "-f", "html"])
    assert result.code == 2
    assert f"cannot use {tmp_path / 'locked'}: permission denied" in result.err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["b.html"]


class FailsAfter(Prompted):
    """The scripted prompter, then `failure` once the answers run out (a closed terminal, a broken prompt)."""

    def __init__(self, script: dict[str, object], failure: BaseException) -> None:
        super().__init__(script)
        self.failure = failure

    def ask(self, prompt):  # type: ignore[no-untyped-def]
        if prompt.key == "review" or prompt.key not in self.replies:
            raise self.failure
        return super().ask(prompt)


def _kept_by_the_boundary(env: Environment, action) -> tuple[int, Path]:  # type: ignore[no-untyped-def]
    from advisor.cli.error_boundary import guarded

    code = guarded(env, action, lambda _exc: None)
    err = env.stderr.getvalue()  # type: ignore[attr-defined]
    assert "Traceback" not in err
    (line,) = [x for x in err.splitlines() if x.startswith("note: your answers so far are in ")]
    kept = Path(line.split(" are in ", 1)[1].split(" (resume", 1)[0])
    assert "wizard --answers" in line
    return code, kept


def test_an_internal_error_in_the_plan_step_keeps_the_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.advice import decide
    from advisor.wizard import session

    def broken(_answers: object) -> object:
        raise RuntimeError("a bug in the plan step")

    monkeypatch.setattr(decide, "decide", broken)
    env = quiet_environment(tmp_path)
    code, kept = _kept_by_the_boundary(
        env, lambda: session.run_session(env, Prompted(dict(CLOUD_ONLY)), None, None, force=False)
    )
    assert code == ExitCode.UNEXPECTED
    assert "internal error: RuntimeError: a bug in the plan step" in env.stderr.getvalue()  # type: ignore[attr-defined]
    assert yaml.safe_load(kept.read_text(encoding="utf-8"))["organization"]["name"] == "Contoso"


@pytest.mark.parametrize("failure", [EOFError(), OSError(errno.EIO, "Input/output error")])
def test_a_terminal_that_goes_away_keeps_the_answers(tmp_path: Path, failure: BaseException) -> None:
    from advisor.wizard import session

    env = quiet_environment(tmp_path)
    _code, kept = _kept_by_the_boundary(
        env, lambda: session.run_session(env, FailsAfter(dict(CLOUD_ONLY), failure), None, None, False)
    )
    assert yaml.safe_load(kept.read_text(encoding="utf-8"))["organization"]["name"] == "Contoso"


def test_nothing_is_kept_before_the_first_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from advisor.cli.error_boundary import guarded
    from advisor.wizard import session

    env = quiet_environment(tmp_path)
    code = guarded(
        env,
        lambda: session.run_session(env, FailsAfter({}, RuntimeError("at once")), None, None, False),
        lambda _exc: None,
    )
    assert code == ExitCode.UNEXPECTED
    assert "note:" not in env.stderr.getvalue()  # type: ignore[attr-defined]
    assert not (tmp_path / "state").exists()


def test_a_failure_after_the_answers_were_saved_points_at_them_not_at_a_recovery_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.cli.error_boundary import guarded
    from advisor.wizard import session

    def broken(*_args: object) -> list[Path]:
        raise RuntimeError("the outputs could not be written")

    monkeypatch.setattr(session, "write_outputs", broken)
    env = quiet_environment(tmp_path)
    saved = tmp_path / "acme.yaml"
    code = guarded(
        env,
        lambda: session.run_session(env, Prompted(dict(CLOUD_ONLY)), None, saved, force=False),
        lambda _exc: None,
    )
    err = env.stderr.getvalue()  # type: ignore[attr-defined]
    assert code == ExitCode.UNEXPECTED
    assert saved.is_file()
    assert f"note: your answers are saved in {saved}" in err
    assert "render" in err
    assert not (tmp_path / "state").exists()  # no recovery file: the answers are where they were saved


class Asking(Prompted):
    """The scripted prompter, keeping the keys of the questions asked."""


def test_resuming_a_recovery_file_asks_every_question_not_answered_yet(tmp_path: Path) -> None:
    """A recovery file can validate as an answers file (every key it lacks has a default); resuming it must
    still ask what was never answered, not take the defaults (a hybrid organization planned without its
    answers otherwise)."""
    import re

    from advisor.errors import Interrupted
    from advisor.wizard import session

    first = {
        **{
            k: v
            for k, v in CLOUD_ONLY.items()
            if k in ("organization.name", "organization.domains", "subscription")
        },
        "on_premises.server": "non-microsoft",
        "on_premises.relays_for_others": True,
        "on_premises.identify_by": "ip-addresses",
        "on_premises.ip_addresses": "203.0.113.10",
        "on_premises.smart_hosts": "mail.contoso.com",
        "on_premises.centralized_mail_transport": False,
        "filtering_service": False,
        "organization.mx": "microsoft-365",
        "on_premises.send_connector_scope": KeyboardInterrupt,
    }
    env = quiet_environment(tmp_path)
    with pytest.raises(Interrupted) as caught:
        session.run_session(env, Prompted(first), None, None, False)
    (kept,) = re.findall(r"are in (\S+) ", caught.value.message)
    assert Path(kept).read_text(encoding="utf-8").startswith("# connector-advisor recovery file")
    resumed = Asking(
        {
            "on_premises.send_connector_scope": "all-internet-mail",
            "devices.present": False,
            "add-partner[0]": False,
            "add-processing-service[0]": False,
            "review": "__done__",
            "save": False,
        }
    )
    session.run_session(quiet_environment(tmp_path), resumed, kept, None, False)
    assert resumed.asked[:2] == ["on_premises.send_connector_scope", "devices.present"]
    assert "organization.name" not in resumed.asked


def test_a_broken_document_yaml_is_reported_after_the_first_answer_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """document.yaml is read after the first answer (not before the first question, which it would delay):
    a broken one is still reported, and the answer given is kept."""
    from advisor.cli.error_boundary import guarded
    from advisor.wizard import session

    settings = tmp_path / "config" / "connector-advisor"
    settings.mkdir(parents=True)
    (settings / "document.yaml").write_text("status: [\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    env = quiet_environment(tmp_path)
    prompter = Asking(dict(CLOUD_ONLY))
    code = guarded(env, lambda: session.run_session(env, prompter, None, None, False), lambda _exc: None)
    err = env.stderr.getvalue()  # type: ignore[attr-defined]
    assert code == 2
    assert "not valid YAML" in err
    assert prompter.asked == ["organization.name"]  # after the first answer, not before the first question
    assert "note: your answers so far are in" in err
