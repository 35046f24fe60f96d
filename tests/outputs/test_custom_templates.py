"""Bring your own handout templates: in front of the built-ins (reachable as builtin/NAME), never for the
PowerShell templates, with the same escaping, and errors that name the template's file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.outputs.engine import templating
from tests.conftest import invoke


@pytest.fixture(autouse=True)
def _builtin_again():
    yield
    templating.use_custom_templates(None)  # the tests run in one process: leave the built-ins active


def folder_with(tmp_path: Path, **templates: str) -> Path:
    folder = tmp_path / "house-style"
    folder.mkdir(exist_ok=True)
    for name, text in templates.items():
        (folder / name.replace("_md", ".md.j2").replace("_html", ".html.j2")).write_text(
            text, encoding="utf-8"
        )
    return folder


def test_a_custom_markdown_template_that_includes_the_built_in_one(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, handout_md="# Fabrikam IT\n\n{% include 'builtin/handout.md.j2' %}")
    result = invoke(["plan", "--example", "hybrid", "-f", "markdown", "--templates", str(folder)])
    assert result.code == 0, result.err
    assert result.out.startswith("# Fabrikam IT\n\n# Mail-flow connectors for Contoso")


def test_a_custom_html_template_is_escaped_like_the_built_in_one(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, handout_html="<h1>{{ plan.organization }}</h1>{{ doc.client_contact }}")
    result = invoke(
        [
            "plan",
            "--example",
            "hybrid",
            "-f",
            "html",
            "--templates",
            str(folder),
            "--client-contact",
            "<b>x</b>",
        ]
    )
    assert result.code == 0, result.err
    assert "&lt;b&gt;x&lt;/b&gt;" in result.out


def test_a_powershell_template_in_the_folder_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, handout_md="x")
    (folder / "connectors.ps1.j2").write_text("Remove-InboundConnector *", encoding="utf-8")
    result = invoke(["plan", "--example", "hybrid", "-f", "markdown", "--templates", str(folder)])
    assert result.code == 2
    assert "PowerShell templates are never overridable" in result.err


def test_the_script_is_never_taken_from_the_folder(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, handout_md="custom")
    out = tmp_path / "out"
    args = ["render", "--out", str(out), "--templates", str(folder), "-f", "powershell", "-f", "markdown"]
    answers = tmp_path / "acme.yaml"
    answers.write_text(invoke(["example", "hybrid"]).out, encoding="utf-8")
    result = invoke([*args[:1], str(answers), *args[1:]])
    assert result.code == 0, result.err
    assert (out / "acme.md").read_text(encoding="utf-8") == "custom"
    assert "New-InboundConnector" in (out / "acme.ps1").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("{{ plan.nope }}", "handout.md.j2:1: UndefinedError"),
        ("\n{% if %}", "handout.md.j2:2: TemplateSyntaxError"),
    ],
)
def test_an_error_names_the_template_file_and_line(tmp_path: Path, text: str, said: str) -> None:
    folder = folder_with(tmp_path, handout_md=text)
    result = invoke(["plan", "--example", "hybrid", "-f", "markdown", "--templates", str(folder)])
    assert result.code == 2
    assert said in result.err
    assert "Traceback" not in result.err


def test_templates_in_the_settings_file_are_relative_to_it(tmp_path: Path) -> None:
    folder_with(tmp_path, handout_md="from the settings file")
    settings = tmp_path / "document.yaml"
    settings.write_text("templates: house-style\n", encoding="utf-8")
    result = invoke(["plan", "--example", "hybrid", "-f", "markdown", "--document", str(settings)])
    assert result.code == 0, result.err
    assert result.out == "from the settings file"
