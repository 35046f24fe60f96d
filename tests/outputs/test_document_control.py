"""Per-client document control: an answers file's `document:` section between the consultant's settings
and the command line's options; `document init`; every handout says who it was prepared for."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from advisor.inputs.examples import example_text
from tests.conftest import invoke

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def client(folder: Path, name: str, contact: str, extra: str = "") -> Path:
    path = folder / f"{name}.yaml"
    text = example_text("hybrid").replace("name: Contoso", f"name: {name.title()}", 1)
    path.write_text(text + f"document:\n  client_contact: {contact}\n{extra}", encoding="utf-8")
    return path


def test_render_of_a_folder_gives_each_client_its_own_contact(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    client(clients, "acme", "Ann Acme")
    client(clients, "globex", "Gus Globex", "  status: Final\n")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = invoke(["render", str(clients), "--out", str(tmp_path / "out"), "-f", "markdown"], env=env)
    assert result.code == 0, result.err
    acme = (tmp_path / "out" / "acme.md").read_text(encoding="utf-8")
    globex = (tmp_path / "out" / "globex.md").read_text(encoding="utf-8")
    assert "Prepared for: Acme, Ann Acme" in acme
    assert "Prepared for: Globex, Gus Globex" in globex
    assert "(Final)" in globex
    assert "(Draft)" in acme


def test_the_command_line_wins_over_the_answers_file_and_the_file_over_the_settings(tmp_path: Path) -> None:
    settings = tmp_path / "document.yaml"
    settings.write_text("prepared_by: Consultant\nclient_contact: From settings\n", encoding="utf-8")
    path = client(tmp_path, "acme", "From answers")
    shown = invoke(["plan", str(path), "-f", "markdown", "--document", str(settings)]).out
    assert "Prepared for: Acme, From answers" in shown
    assert "Prepared by: Consultant" in shown
    given = invoke(
        ["plan", str(path), "-f", "markdown", "--document", str(settings), "--client-contact", "Cli"]
    )
    assert "Prepared for: Acme, Cli" in given.out


def test_a_logo_in_the_answers_file_is_relative_to_it_and_a_bad_one_named_there(tmp_path: Path) -> None:
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "acme.png").write_bytes(PNG)
    path = client(tmp_path, "acme", "Ann", "  logo: logos/acme.png\n")
    page = invoke(["plan", str(path), "-f", "html"], env={"XDG_CONFIG_HOME": str(tmp_path / "c")}).out
    assert 'src="data:image/png;base64,' in page
    broken = client(tmp_path, "bad", "Ann", "  logo: logos/missing.png\n")
    result = invoke(["plan", str(broken), "-f", "html"], env={"XDG_CONFIG_HOME": str(tmp_path / "c")})
    assert result.code == 2
    assert "the answers file's document section" in result.err
    assert "document.logo" in result.err


def test_every_handout_says_who_it_was_prepared_for(tmp_path: Path) -> None:
    shown = invoke(
        ["plan", "--example", "hybrid", "-f", "markdown"], env={"XDG_CONFIG_HOME": str(tmp_path)}
    ).out
    assert "Prepared for: Contoso" in shown


def test_document_init_writes_a_commented_file_that_reads_and_names_the_logo(tmp_path: Path) -> None:
    target = tmp_path / "fabrikam.yaml"
    assert invoke(["document", "init", "-o", str(target)]).code == 0
    assert invoke(["document", "init", "-o", str(target)]).code == 2  # never replaced without --force
    assert invoke(["document", "init", "-o", str(target), "--force"]).code == 0
    assert invoke(["document", "--document", str(target)]).code == 0  # every line commented: it reads
    (tmp_path / "logo.png").write_bytes(PNG)
    target.write_text(target.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    shown = invoke(["document", "--document", str(target)]).out
    assert f"logo: {tmp_path / 'logo.png'} ({len(PNG)} bytes)" in shown


def test_a_revision_saved_by_the_wizard_keeps_the_document_section(tmp_path: Path) -> None:
    path = client(tmp_path, "acme", "Ann Acme")
    out = tmp_path / "acme-2.yaml"
    result = invoke(
        ["wizard", "--answers", str(path), "--save", str(out)],
        stdin="\n" * 5,
        env={"TERM": "dumb", "XDG_CONFIG_HOME": str(tmp_path / "c")},
        tty=True,
    )
    assert result.code == 0, result.err + result.out
    assert 'client_contact: "Ann Acme"' in out.read_text(encoding="utf-8")
    assert "Prepared for: Acme, Ann Acme" in (tmp_path / "acme-2.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("written", "shown"), [("draft", "Draft"), (" FINAL ", "Final"), ("Final", "Final"), ("drafted", None)]
)
def test_the_status_takes_the_same_values_wherever_it_is_set(
    tmp_path: Path, written: str, shown: str | None
) -> None:
    """The answers file's `document.status`, document.yaml's `status` and `--status` are one key with one
    rule: Draft or Final in any letter case (the answers file refused `draft` that document.yaml took)."""
    import jsonschema

    from advisor.model.schema import json_schema

    settings = tmp_path / "settings.yaml"
    settings.write_text(f"status: '{written}'\n", encoding="utf-8")
    answers = client(tmp_path, "acme", "Ann Acme", f"  status: '{written}'\n")
    plain = client(tmp_path, "globex", "Gus Globex")
    runs = {
        "answers file": invoke(["plan", str(answers), "-f", "markdown"]),
        "document.yaml": invoke(["plan", str(plain), "-f", "markdown", "--document", str(settings)]),
        "--status": invoke(["plan", str(plain), "-f", "markdown", "--status", written]),
    }
    for where, result in runs.items():
        if shown is None:
            assert result.code == 2, where
            assert "Draft" in result.err, where  # what is accepted
        else:
            assert result.code == 0, (where, result.err)
            assert f"({shown})" in result.out, where
    document = json_schema()["properties"]["document"]["anyOf"][0]  # the section, or null
    valid = jsonschema.Draft202012Validator(document["properties"]["status"]).is_valid(written)
    assert valid == (shown is not None)


@pytest.mark.parametrize(
    ("written", "heading"), [("De", "Nachrichtenfluss"), (" FR ", "flux de messagerie"), ("es", None)]
)
def test_the_language_takes_the_same_values_wherever_it_is_set(
    tmp_path: Path, written: str, heading: str | None
) -> None:
    """`document.language`, document.yaml's `language` and `--language`: en, de or fr in any letter case (the
    answers file and the option refused `De` that document.yaml took as ` de `, not as `De`)."""
    settings = tmp_path / "settings.yaml"
    settings.write_text(f"language: '{written}'\n", encoding="utf-8")
    answers = client(tmp_path, "acme", "Ann Acme", f"  language: '{written}'\n")
    plain = client(tmp_path, "globex", "Gus Globex")
    runs = {
        "answers file": invoke(["plan", str(answers), "-f", "markdown"]),
        "document.yaml": invoke(["plan", str(plain), "-f", "markdown", "--document", str(settings)]),
    }
    if written.strip() == written:  # an option's value has no spaces around it
        runs["--language"] = invoke(["plan", str(plain), "-f", "markdown", "--language", written])
    for where, result in runs.items():
        if heading is None:
            assert result.code == 2, where
        else:
            assert result.code == 0, (where, result.err)
            assert heading in result.out.splitlines()[0], where
