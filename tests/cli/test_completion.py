"""Shell completion through typer's protocol, in a subprocess as a shell runs it: the completion script calls
the program with no arguments and the words typed so far in environment variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def complete(shell: str, words: str, cwd: Path = ROOT) -> str:
    """What the program answers for `words` (what is typed so far), as `shell`'s completion script asks."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_CONNECTOR", "_TYPER", "COMP_"))}
    env["_CONNECTOR_ADVISOR_COMPLETE"] = f"complete_{shell}"
    env["PYTHONPATH"] = str(ROOT)
    if shell == "bash":
        typed = words.split()
        env["COMP_WORDS"] = words
        env["COMP_CWORD"] = str(len(typed) if words.endswith(" ") else len(typed) - 1)
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
        env["_TYPER_COMPLETE_WORD_TO_COMPLETE"] = "" if words.endswith(" ") else words.rsplit(maxsplit=1)[-1]
    result = subprocess.run(
        [sys.executable, "-m", "advisor"],  # no arguments, as every shell's script calls it
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert "wizard needs a terminal" not in result.stderr
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_commands_options_formats_and_examples_complete(shell: str) -> None:
    assert "plan" in complete(shell, "connector-advisor pl")
    assert "render" in complete(shell, "connector-advisor ")
    assert "--format" in complete(shell, "connector-advisor plan --fo")
    formats = complete(shell, "connector-advisor plan -f ")
    assert "html" in formats
    assert "docx" in formats
    assert "testplan" in formats
    assert "combined" in complete(shell, "connector-advisor plan --example com")
    assert "hybrid" in complete(shell, "connector-advisor example hy")
    assert "never" in complete(shell, "connector-advisor audit --fail-on ")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_file_arguments_complete_file_names(shell: str, tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text("version: 1\n", encoding="utf-8")
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "tenant.json").write_text("{}", encoding="utf-8")
    (tmp_path / ".hidden.yaml").write_text("", encoding="utf-8")
    assert "acme.yaml" in complete(shell, "connector-advisor plan ac", tmp_path)
    assert f"exports{os.sep}" in complete(shell, "connector-advisor audit ex", tmp_path)
    assert f"exports{os.sep}tenant.json" in complete(
        shell, f"connector-advisor audit exports{os.sep}", tmp_path
    )
    assert "acme.yaml" in complete(shell, "connector-advisor render ac", tmp_path)
    assert "acme.yaml" in complete(shell, "connector-advisor plan --document ac", tmp_path)
    assert ".hidden" not in complete(shell, "connector-advisor plan ", tmp_path)


def test_tab_with_no_command_typed_lists_commands_not_the_wizard() -> None:
    listed = complete("bash", "connector-advisor ").split()
    assert {"wizard", "plan", "audit", "cert"} <= set(listed)


def test_paths_never_fail_on_a_missing_folder() -> None:
    from advisor.cli.completion import paths

    assert paths(None, None, "/no/such/folder/x") == []


def test_a_bare_tilde_completes_into_the_home_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from advisor.cli.completion import paths

    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths(None, None, "~") == [f"~{os.sep}"]


def test_only_the_whole_app_builds_the_install_completion_options() -> None:
    """--install-completion is the root's own option: `connector-advisor plan ...` cannot take it, so a run of
    one command does not build it (typer inspects the shell for it)."""
    import typer

    from advisor.cli.app import build_app

    def names(only: str | None) -> set[str]:
        return {p.name for p in typer.main.get_command(build_app(only)).params if p.name}

    assert {"install_completion", "show_completion"} <= names(None)
    assert not {"install_completion", "show_completion"} & names("plan")
