"""Commands the tool suggests paste back as they were meant: every path one word, nothing run."""

from __future__ import annotations

import io
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advisor.environment import Environment, invocation
from advisor.shell_words import PS_SINGLE_QUOTES, program_words, shell_word
from advisor.wizard.recovery import resume_hint

WORDS = st.text(
    alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40
)


def powershell_string(literal: str) -> str:
    """What PowerShell reads from a single-quoted string: the text between the quotes, doubled quotes once."""
    assert literal[0] in PS_SINGLE_QUOTES
    assert literal[-1] in PS_SINGLE_QUOTES
    inner, out, i = literal[1:-1], [], 0
    while i < len(inner):
        if inner[i] in PS_SINGLE_QUOTES:
            assert inner[i + 1] in PS_SINGLE_QUOTES, f"a lone quote ends the string early: {literal!r}"
            i += 1
        out.append(inner[i])
        i += 1
    return "".join(out)


@given(WORDS)
def test_a_posix_shell_reads_each_word_back_as_it_was(word: str) -> None:
    assert shlex.split(shell_word(word, windows=False)) == [word]


@given(WORDS)
def test_powershell_reads_each_word_back_as_it_was(word: str) -> None:
    quoted = shell_word(word, windows=True)
    assert quoted == word or powershell_string(quoted) == word


@pytest.mark.parametrize("word", ["contoso.yaml", "out/acme-2026.ps1", "/home/ann/x_y%1+2=3:4"])
def test_plain_words_stay_as_they_are(word: str) -> None:
    assert shell_word(word, windows=False) == word
    assert shell_word(word, windows=True) == word


def test_a_quoted_program_is_run_with_the_call_operator_in_powershell() -> None:
    assert program_words("C:\\My Tools\\connector-advisor.exe", windows=True) == (
        "& 'C:\\My Tools\\connector-advisor.exe'"
    )
    assert (
        program_words("C:\\Tools\\connector-advisor.exe", windows=True) == "C:\\Tools\\connector-advisor.exe"
    )
    assert (
        program_words("/opt/my tools/connector-advisor", windows=False) == "'/opt/my tools/connector-advisor'"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="runs the suggestion in a POSIX shell")
def test_a_resume_hint_with_a_hostile_folder_runs_nothing_and_names_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "state $(touch pwned) `touch pwned2` it's"
    folder.mkdir()
    recovery = folder / "recovery-1.yaml"
    program = program_words(str(tmp_path / "my venv" / "bin" / "connector-advisor"), windows=False)
    hint = resume_hint(Environment(stdin=io.StringIO(), program=program), recovery)
    # the shell prints each word of the suggestion on its own line instead of running it
    shown = subprocess.run(
        ["sh", "-c", f"printf '%s\\n' {hint}"], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert shown.stdout.splitlines() == [
        str(tmp_path / "my venv" / "bin" / "connector-advisor"),
        "wizard",
        "--answers",
        str(recovery),
    ]
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "pwned2").exists()


def test_the_program_as_started_is_quoted_when_its_path_needs_it(tmp_path: Path) -> None:
    tool = tmp_path / "my venv" / "bin" / "connector-advisor"
    assert shlex.split(invocation(str(tool), sys.executable)) == [str(tool)]
    python = str(tmp_path / "py thon" / "python3")
    assert shlex.split(invocation("/x/advisor/__main__.py", python)) == [python, "-m", "advisor"]


def test_the_second_script_note_quotes_the_name_and_escapes_control_characters(tmp_path: Path) -> None:
    from advisor.cli.app import run
    from advisor.inputs.examples import example_text

    answers = tmp_path / "acme \x1b[2J $(x).yaml"
    answers.write_text(example_text("hybrid"), encoding="utf-8")
    err = io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=err, variables={})
    assert run(["plan", str(answers), "--format", "powershell"], env) == 0
    note = err.getvalue()
    assert "\x1b" not in note
    assert "--output 'acme \\x1b[2J $(x).ps1'" in note


@pytest.mark.skipif(sys.platform == "win32", reason="runs the suggestion in a POSIX shell")
def test_a_program_path_that_looks_like_an_assignment_is_still_run(tmp_path: Path) -> None:
    tool = tmp_path / "tools=2" / "connector-advisor"
    tool.parent.mkdir()
    tool.write_text('#!/bin/sh\necho ran "$@"\n', encoding="utf-8")
    tool.chmod(0o755)
    program = program_words("tools=2/connector-advisor", windows=False)
    assert program != "tools=2/connector-advisor"
    shown = subprocess.run(["sh", "-c", f"{program} wizard"], cwd=tmp_path, capture_output=True, text=True)
    assert shown.stdout == "ran wizard\n", shown.stderr


@pytest.mark.parametrize("word", ["@acme.yaml", "a,b.ps1"])
def test_powershell_quotes_what_would_splat_or_make_an_array(word: str) -> None:
    assert shell_word(word, windows=True) == f"'{word}'"
    assert shell_word(word, windows=False) == word  # nothing special to a POSIX shell


@given(WORDS)
def test_a_backslashed_word_reads_back_as_it_was(word: str) -> None:
    from advisor.shell_words import backslashed

    if word and "\n" not in word and not word.startswith("~"):  # a backslashed line break continues a line
        assert shlex.split(backslashed(word)) == [word]
