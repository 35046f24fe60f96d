"""Values from answers files and from the disk reach the terminal as text: never as rich markup, never as
control characters, never split into two completion candidates."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import yaml

from tests.conftest import answers, invoke, partner


def test_a_name_that_looks_like_markup_is_shown_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")
    path = tmp_path / "acme.yaml"
    data = answers(partners=[partner(name="Bank [/red] [b]x")])
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = invoke(["plan", str(path), "--no-color"], env={"COLUMNS": "250"})
    assert result.code == 0, result.err
    assert "Partner: Bank [/red] [b]x" in result.out


def test_the_line_by_line_prompter_shows_control_characters_escaped() -> None:
    from advisor.wizard.plain_prompter import PlainPrompter
    from advisor.wizard.prompts import Prompt

    stdout = io.StringIO()
    prompter = PlainPrompter(io.StringIO("x\n"), stdout)
    prompter.inform("folder nope\x1b[31m does not exist\nnext line")
    prompter.ask(Prompt("x", "text", "Name\x1b]0;TITLE\x07?", "", (), "d\x1b[0m"))
    shown = stdout.getvalue()
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert "\\x1b[31m" in shown
    assert "\nnext line" in shown  # the message's own lines stay lines


def test_a_refused_value_from_the_file_is_not_offered_again_as_the_default() -> None:
    from advisor.wizard.engine import Wizard, steps

    wizard = Wizard(prompter=None, prefill={"organization": {"name": "Bad\x1b[31m"}})  # type: ignore[arg-type]
    step = next(s for s in steps(wizard.state) if s.key == "organization.name")
    assert wizard.prompt_for(step).default == ""


def test_completion_skips_names_with_line_breaks_and_escapes_spaces_for_bash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.cli.completion import paths

    (tmp_path / "my answers.yaml").write_text("", encoding="utf-8")
    (tmp_path / "nl\nevil.yaml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("_CONNECTOR_ADVISOR_COMPLETE", "complete_bash")
    assert paths(None, None, "") == ["my\\ answers.yaml"]
    monkeypatch.setenv("_CONNECTOR_ADVISOR_COMPLETE", "complete_zsh")
    assert paths(None, None, "my") == ["my answers.yaml"]  # zsh quotes candidates itself
    assert os.sep not in paths(None, None, "my")[0]


def test_document_shows_the_language_and_the_templates_folder(tmp_path: Path) -> None:
    settings = tmp_path / "document.yaml"
    settings.write_text("language: de\n", encoding="utf-8")
    result = invoke(["document", "--document", str(settings)])
    assert result.code == 0, result.err
    assert "  language: de" in result.out
    assert "  templates: -" in result.out
