"""Every help screen at 80 columns: summaries whole, usage without braces and named as the tool was started,
examples and a pointer to the README for every command, nothing wider than the terminal."""

from __future__ import annotations

import re

import pytest

from advisor.cli.app import app
from tests.conftest import ROOT, invoke


def commands() -> list[list[str]]:
    import typer

    group = typer.main.get_command(app)
    found = [[name] for name in group.commands]  # type: ignore[attr-defined]
    return [*found, ["document", "init"]]


def help_screen(args: list[str], program: str = "connector-advisor") -> str:
    import io

    from advisor.cli.app import run
    from advisor.environment import Environment

    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=out, stderr=err, variables={}, program=program)
    assert run([*args, "--help"], env) == 0, err.getvalue()
    return out.getvalue()


@pytest.fixture(autouse=True)
def eighty_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def test_the_command_list_never_cuts_a_summary() -> None:
    listed = help_screen([]).split("Commands:")[1].split("Examples:")[0]
    assert "..." not in listed
    assert set(re.findall(r"^  (\w+) ", listed, re.M)) == {c[0] for c in commands() if len(c) == 1}


@pytest.mark.parametrize("args", commands(), ids=" ".join)
def test_each_help_screen_fits_and_points_on(args: list[str]) -> None:
    screen = help_screen(args)
    usage = screen.splitlines()[0]
    assert "{" not in usage
    assert usage.startswith(f"Usage: connector-advisor {' '.join(args)}")
    assert "Examples:" in screen
    assert 'See also the README, section "' in screen
    section = screen.split('section "')[1].split('"')[0]
    assert f"## {section}" in (ROOT / "README.md").read_text(encoding="utf-8") or f"### {section}" in (
        ROOT / "README.md"
    ).read_text(encoding="utf-8")
    assert max(len(line) for line in screen.splitlines()) <= 80
    assert "(default)" not in screen or "[default:" not in screen  # a default is said once


def test_usage_names_the_program_as_it_was_started() -> None:
    screen = help_screen(["plan"], program=".venv/bin/connector-advisor")
    assert screen.startswith("Usage: .venv/bin/connector-advisor plan [OPTIONS] [FILE]")


def test_a_usage_error_hint_names_the_command_as_it_was_started() -> None:
    result = invoke(["plan", "--format", "nope"])
    assert "hint: `connector-advisor plan --help`" in result.err
    import io

    from advisor.cli.app import run
    from advisor.environment import Environment

    err = io.StringIO()
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=err, program="python -m advisor")
    assert run(["plan", "--format", "nope"], env) == 2
    assert "hint: `python -m advisor plan --help` lists the options" in err.getvalue()
