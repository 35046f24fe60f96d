"""The wizard command's terminal handling, through the injectable Environment."""

from __future__ import annotations

import io

import pytest

from advisor.wizard.terminal_prompter import QuestionaryPrompter, can_encode
from tests.conftest import invoke


class AsciiStream(io.StringIO):
    encoding = "ascii"


def test_glyphs_fall_back_to_ascii() -> None:
    assert not can_encode(AsciiStream(), "»")
    prompter = QuestionaryPrompter(AsciiStream())
    assert (prompter.pointer, prompter.back_label) == (">", "<- Back")
    fancy = QuestionaryPrompter(type("U", (io.StringIO,), {"encoding": "utf-8"})())
    assert (fancy.pointer, fancy.back_label) == ("»", "← Back")


@pytest.mark.parametrize("args", [["wizard"], []])
def test_no_terminal_is_one_line_exit_2(args: list[str]) -> None:
    result = invoke(args, tty=False)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "plan FILE" in result.err
    assert "example" in result.err


def test_windows_console_without_buffer_gets_a_hint(monkeypatch) -> None:
    import advisor.wizard.session

    class NoConsoleScreenBufferError(Exception):
        pass

    def fail(*_args, **_kwargs):
        raise NoConsoleScreenBufferError("No Windows console found.")

    monkeypatch.setattr(advisor.wizard.session, "run_session", fail)
    result = invoke(["wizard"], tty=True)
    assert result.code == 2
    assert "Windows Terminal" in result.err
    assert "Traceback" not in result.err


def test_answers_file_problems_before_the_first_question(tmp_path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("version: [\n", encoding="utf-8")
    result = invoke(["wizard", "--answers", str(path)], tty=True)
    assert result.code == 2
    assert "not valid YAML" in result.err


def test_save_over_the_answers_file_is_refused(tmp_path) -> None:
    path = tmp_path / "client.yaml"
    path.write_text("version: 1\n", encoding="utf-8")
    result = invoke(["wizard", "--answers", str(path), "--save", str(path)], tty=True)
    assert result.code == 2
    assert "modified only when you say so" in result.err
    assert path.read_text(encoding="utf-8") == "version: 1\n"


def test_recovery_files_are_private_and_a_relative_state_home_is_ignored(tmp_path, monkeypatch) -> None:
    import io
    import stat

    from advisor.environment import Environment
    from advisor.wizard.recovery import recovery_dir, save_recovery

    monkeypatch.setenv("HOME", str(tmp_path))
    env = Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        variables={"XDG_STATE_HOME": "relative/state"},
    )
    assert recovery_dir(env) == tmp_path / ".local" / "state" / "connector-advisor"
    path = save_recovery({"version": 1}, env)
    assert path is not None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize("answers_only", [False, True])
def test_save_writes_the_script_and_handouts_beside_the_answers(tmp_path, answers_only: bool) -> None:
    """`wizard --save acme.yaml` leaves what the plan it showed says to run; `--answers-only` the answers."""
    from advisor.inputs.examples import example_text

    given = tmp_path / "in.yaml"
    given.write_text(example_text("hybrid"), encoding="utf-8")
    out = tmp_path / "acme.yaml"
    args = [
        "wizard",
        "--answers",
        str(given),
        "--save",
        str(out),
        *(["--answers-only"] if answers_only else []),
    ]
    result = invoke(
        args, stdin="\n" * 5, env={"TERM": "dumb", "XDG_CONFIG_HOME": str(tmp_path / "c")}, tty=True
    )
    assert result.code == 0, result.err + result.out
    written = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("acme"))
    if answers_only:
        assert written == ["acme.yaml"]
    else:
        assert written == ["acme.html", "acme.md", "acme.onprem.ps1", "acme.ps1", "acme.yaml"]
        assert ".\\acme.ps1 -WhatIf" in result.out


def test_answers_only_needs_save() -> None:
    result = invoke(["wizard", "--answers-only"], tty=True)
    assert result.code == 2
    assert "--answers-only goes with --save" in result.err


def _revise(tmp_path, *extra: str, stdin: str = "\n" * 8):
    from advisor.inputs.examples import example_text

    path = tmp_path / "acme.yaml"
    if not path.exists():
        path.write_text(example_text("hybrid") + "# Bob asked for this\n", encoding="utf-8")
    env = {"TERM": "dumb", "XDG_CONFIG_HOME": str(tmp_path / "c")}
    return path, invoke(["wizard", "--answers", str(path), *extra], stdin=stdin, env=env, tty=True)


def test_a_revision_is_saved_back_by_default_with_the_previous_version_kept(tmp_path) -> None:
    path, result = _revise(tmp_path)
    assert result.code == 0, result.err + result.out
    backup = tmp_path / "acme.yaml.bak"
    assert "# Bob asked for this" in backup.read_text(encoding="utf-8")
    assert "# Bob asked for this" not in path.read_text(encoding="utf-8")
    said = " ".join(result.out.split())  # as read: the lines are wrapped at the terminal's width
    assert "the previous version is acme.yaml.bak" in said
    assert "comment(s) you wrote in it are not carried over" in said
    _path, again = _revise(tmp_path)
    assert again.code == 0, again.err
    assert (tmp_path / "acme.yaml.1.bak").exists()  # a second revision never replaces the first backup


def test_a_revision_can_go_to_a_new_file_and_leave_the_original(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the new name is typed relative to where the user is
    path, before = _revise(tmp_path, stdin="\n\n2\nacme-2.yaml\n\n\n")
    assert before.code == 0, before.err + before.out
    assert (tmp_path / "acme-2.yaml").exists()
    assert not (tmp_path / "acme.yaml.bak").exists()
    assert "# Bob asked for this" in path.read_text(encoding="utf-8")


def test_save_over_the_answers_file_needs_force_and_keeps_a_backup(tmp_path) -> None:
    path, refused = _revise(tmp_path, "--save", str(tmp_path / "acme.yaml"))
    assert refused.code == 2
    assert "--force" in refused.err
    assert not (tmp_path / "acme.yaml.bak").exists()
    _path, replaced = _revise(tmp_path, "--save", str(path), "--force")
    assert replaced.code == 0, replaced.err + replaced.out
    assert (tmp_path / "acme.yaml.bak").exists()


def _dumb(stdin: str, columns: int, tmp_path) -> str:
    env = {"TERM": "dumb", "COLUMNS": str(columns), "XDG_STATE_HOME": str(tmp_path / "s")}
    return invoke(["wizard"], stdin=stdin, env=env, tty=True).out


@pytest.mark.parametrize("columns", [60, 80])
def test_term_dumb_wraps_at_the_width_between_words_and_keeps_choice_descriptions(tmp_path, columns) -> None:
    out = _dumb("Contoso\ncontoso.com\n", columns, tmp_path)
    lines = out.splitlines()
    # (a question's line runs on into the next one here only because the test's typing is not echoed)
    assert max(len(line) for line in lines if "to go back)" not in line) <= columns
    words = set(" ".join(lines).split())
    assert "Standalone" in words
    assert "filters" in words
    # the subscription question's choices come with their descriptions
    assert "Exchange Online" in out
    from advisor.model.answers import field_at

    choices = field_at("subscription").choices
    assert choices is not None
    described = next(iter(choices.values())).description
    assert " ".join(described.split()[:4]) in " ".join(out.split())


def test_term_dumb_takes_y_yes_n_no_where_the_choice_is_yes_or_no() -> None:
    from advisor.wizard.plain_prompter import PlainPrompter
    from advisor.wizard.prompts import YES_NO, Prompt

    for reply, expected in (("y", True), ("YES", True), ("n", False), ("no", False)):
        stdout = io.StringIO()
        prompter = PlainPrompter(io.StringIO(reply + "\n"), stdout)
        assert prompter.ask(Prompt("x", "select", "Go on?", "", YES_NO, True)) is expected
    other = PlainPrompter(io.StringIO("y\n2\n"), io.StringIO())
    server = Prompt("x", "select", "Pick", "", (YES_NO[0].__class__("a", "A"), YES_NO[0].__class__("b", "B")))
    assert other.ask(server) == "b"  # y is no answer to a choice that is not yes or no


def test_commands_the_wizard_suggests_are_written_as_the_tool_was_started() -> None:
    """A command the wizard suggests pastes back as typed after `python -m advisor`."""
    from advisor.environment import Environment
    from advisor.wizard.session import CheckedAfterFirstAnswer

    told: list[str] = []

    class Telling:
        def inform(self, message: str) -> None:
            told.append(message)

    env = Environment(
        stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), program="python -m advisor"
    )
    prompter = CheckedAfterFirstAnswer(Telling(), lambda: None, env.as_started)  # type: ignore[arg-type]
    prompter.inform("How to find out: run `connector-advisor collect -o collect.ps1`.")
    assert told == ["How to find out: run `python -m advisor collect -o collect.ps1`."]
