"""Layer 3: the wizard end to end in a real pseudo-terminal (pexpect)."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from advisor.wizard.question_bank import QUESTIONS, question
from tests.conftest import ROOT

DOWN, UP, ENTER, CLEAR = "\x1b[B", "\x1b[A", "\r", "\x15"
QUESTION_PREFIX = 40  # characters matched on screen: unique per question, and never wrapped at 60 columns


def spawn(tmp_path: Path, *args: str, columns: int = 100) -> pexpect.spawn:
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "NO_COLOR": "1",
        "TERM": "xterm-256color",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PYTHONPATH": str(ROOT),
        "COLUMNS": str(columns),
    }
    return pexpect.spawn(
        sys.executable,
        ["-m", "advisor", "wizard", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        dimensions=(40, columns),
        timeout=20,
    )


def step(child: pexpect.spawn, expect: str, keys: str) -> None:
    child.expect(expect)
    child.send(keys)


def answer(child: pexpect.spawn, question_id: str, keys: str) -> None:
    """Wait for the question with this id (its text from the question bank), then type `keys`."""
    step(child, re.escape(question(question_id).text[:QUESTION_PREFIX]), keys)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def plan_json(path: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "advisor", "plan", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_happy_path_saves_an_answers_file_that_plans_the_same(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer(child, "organization.name", "Contoso" + ENTER)
    answer(child, "organization.domains", "contoso.com" + ENTER)
    answer(child, "subscription", ENTER)
    answer(child, "on_premises.server", ENTER)
    answer(child, "filtering_service", ENTER)  # No (the default)
    answer(child, "devices.present", UP + ENTER)  # Yes
    answer(child, "devices.external_recipients", ENTER)  # Yes
    answer(child, "devices.supports_smtp_auth", ENTER)  # No (the default)
    answer(child, "devices.ports", ENTER)  # not sure (the default)
    answer(child, "devices.third_party_hosted", ENTER)  # No (the default)
    answer(child, "devices.method", ENTER)  # let the advisor choose
    answer(child, "devices.identify_by", ENTER)  # by IP address
    answer(child, "devices.ip_addresses", "198.51.100.25" + ENTER)
    step(child, "Add a partner", UP + ENTER)  # Yes
    answer(child, "partners.name", "Contoso Bank" + ENTER)
    answer(child, "partners.domains", "contosobank.com" + ENTER)
    answer(child, "partners.direction", ENTER)  # both
    answer(child, "partners.on_microsoft_365", ENTER)  # No (the default)
    answer(child, "partners.require_tls", ENTER)  # yes
    answer(child, "partners.restrict_by", ENTER)  # none
    answer(child, "partners.outbound_tls", ENTER)  # certificate validation
    answer(child, "partners.smart_hosts", ENTER)  # MX
    step(child, "Add another partner", ENTER)  # No
    step(child, "Does a service take", ENTER)  # No
    step(child, "Review your answers", ENTER)
    child.expect("From devices and applications to Office 365")
    step(child, "Save these answers", ENTER)
    step(child, "Save the answers file as", ENTER)
    child.expect("wrote contoso.yaml")
    step(child, "PowerShell script and the handouts", ENTER)
    child.expect("wrote contoso.html")
    assert finish(child) == 0
    assert {p.name for p in tmp_path.iterdir()} >= {
        "contoso.yaml",
        "contoso.ps1",
        "contoso.md",
        "contoso.html",
        "connector-advisor.schema.json",
    }
    # the folder the wizard saved into (answers and their schema) renders as it is
    rendered = subprocess.run(
        [sys.executable, "-m", "advisor", "render", str(tmp_path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert rendered.returncode == 0, rendered.stderr
    assert "1 written" in rendered.stderr

    saved = tmp_path / "contoso.yaml"
    assert "yaml-language-server: $schema=connector-advisor.schema.json" in saved.read_text(encoding="utf-8")
    assert (tmp_path / "connector-advisor.schema.json").exists()
    plan = plan_json(saved)
    assert plan["verdict"] == "optional"
    assert [c["parameters"]["Name"] for c in plan["connectors"]] == [
        "From devices and applications to Office 365",
        "From partner Contoso Bank to Office 365",
        "From Office 365 to partner Contoso Bank",
    ]
    assert yaml.safe_load(saved.read_text(encoding="utf-8"))["devices"]["ip_addresses"] == ["198.51.100.25"]


def test_validation_retry_shows_why(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--save", "out.yaml")
    answer(child, "organization.name", "Contoso" + ENTER)
    answer(child, "organization.domains", "contoso.com" + ENTER)
    answer(child, "subscription", ENTER)
    answer(child, "on_premises.server", DOWN * 3 + ENTER)  # non-Microsoft server
    answer(child, "on_premises.relays_for_others", DOWN + ENTER)  # (Yes, No, Back): No
    answer(child, "on_premises.identify_by", DOWN + ENTER)  # IP addresses
    answer(child, "on_premises.ip_addresses", "10.0.0.5" + ENTER)
    child.expect("private address")
    child.send(CLEAR + "203.0.113.10" + ENTER)
    answer(child, "on_premises.smart_hosts", "mail.contoso.com" + ENTER)
    answer(child, "on_premises.centralized_mail_transport", ENTER)
    answer(child, "filtering_service", ENTER)  # No
    answer(child, "organization.mx", ENTER)  # Microsoft 365 (the default)
    answer(child, "on_premises.send_connector_scope", ENTER)  # only mail for cloud mailboxes (the default)
    answer(child, "organization.tenant_domain", "contoso.onmicrosoft.com" + ENTER)
    answer(child, "devices.present", ENTER)
    step(child, "Add a partner", ENTER)
    step(child, "Does a service take", ENTER)
    step(child, "Review your answers", ENTER)
    child.expect("wrote out.yaml")
    assert finish(child) == 0
    assert plan_json(tmp_path / "out.yaml")["verdict"] == "required"


def test_back_navigation_changes_an_earlier_answer(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--save", "out.yaml")
    answer(child, "organization.name", "Contoso" + ENTER)
    answer(child, "organization.domains", "contoso.com" + ENTER)
    answer(child, "subscription", ENTER)
    answer(child, "on_premises.server", ENTER)  # none
    answer(child, "filtering_service", DOWN + ENTER)  # (Yes, [No], Back): Back
    answer(child, "on_premises.server", DOWN + ENTER)  # Exchange 2010 or later
    answer(
        child, "on_premises.exchange_version", DOWN * 4 + ENTER
    )  # ([2010], 2013, 2016, 2019, SE, Back): SE
    answer(child, "on_premises.exchange_updates_current", ENTER)  # Yes
    answer(child, "on_premises.hybrid_wizard", DOWN + ENTER)  # full
    answer(child, "filtering_service", ENTER)  # No
    answer(child, "organization.mx", ENTER)  # Microsoft 365
    answer(child, "devices.present", ENTER)
    step(child, "Add a partner", ENTER)
    step(child, "Does a service take", ENTER)
    step(child, "Review your answers", ENTER)
    child.expect("No connector to create")
    assert finish(child) == 0
    assert plan_json(tmp_path / "out.yaml")["verdict"] == "managed-by-hybrid-wizard"


def test_ctrl_c_exits_130_and_keeps_the_answers(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    answer(child, "organization.name", "Contoso" + ENTER)
    answer(child, "organization.domains", "contoso.com" + ENTER)
    answer(child, "subscription", "\x03")
    child.expect("interrupted; your answers so far are in (\\S+) ")
    recovery = Path(child.match.group(1))
    assert finish(child) == 130
    saved = yaml.safe_load(recovery.read_text(encoding="utf-8"))
    assert saved["organization"] == {"name": "Contoso", "domains": ["contoso.com"]}

    resumed = spawn(tmp_path, "--answers", str(recovery), "--save", "resumed.yaml")
    answer(resumed, "subscription", ENTER)  # the first unanswered question
    assert question("organization.name").text not in resumed.before  # answered ones are not asked again
    answer(resumed, "on_premises.server", ENTER)
    answer(resumed, "filtering_service", ENTER)
    answer(resumed, "devices.present", ENTER)
    step(resumed, "Add a partner", ENTER)
    step(resumed, "Does a service take", ENTER)
    step(resumed, "Review your answers", ENTER)
    resumed.expect("wrote resumed.yaml")
    assert finish(resumed) == 0
    assert recovery.read_text(encoding="utf-8").count("Contoso") == 1  # the input file is untouched


def test_narrow_terminal_stays_readable(tmp_path: Path) -> None:
    from advisor.inputs.examples import example_text

    (tmp_path / "in.yaml").write_text(example_text("combined"), encoding="utf-8")
    child = spawn(tmp_path, "--answers", "in.yaml", "--save", "out.yaml", columns=60)
    for _ in range(len(QUESTIONS) * 3):  # every question, each partner asked again
        index = child.expect(["Review your answers", r"\? "])
        if index == 0:
            break
        child.send(ENTER)
    child.send(ENTER)
    child.expect("wrote out.yaml")
    assert finish(child) == 0
    assert plan_json(tmp_path / "out.yaml") == plan_json(tmp_path / "in.yaml")


@pytest.mark.parametrize("args", [["wizard"], []])
def test_without_a_terminal_exits_2_with_one_line(args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "plan FILE" in lines[0]
    assert "example" in lines[0]


def test_question_prefixes_identify_each_question() -> None:
    prefixes = [q.text[:QUESTION_PREFIX] for q in QUESTIONS]
    assert len(set(prefixes)) == len(prefixes)


def test_back_at_the_save_step_returns_to_the_review_with_every_answer(tmp_path: Path) -> None:
    from advisor.inputs.examples import example_text

    (tmp_path / "in.yaml").write_text(example_text("partner-tls"), encoding="utf-8")
    child = spawn(tmp_path, "--answers", "in.yaml")
    step(child, "Review your answers", ENTER)  # straight to the review: every answer came from the file
    step(child, "Save these answers to a file", DOWN * 2 + ENTER)  # (Yes, No, Back): Back
    step(child, "Review your answers", ENTER)  # the review again, answers kept
    step(child, "Save these answers to a file", ENTER)  # Yes
    step(child, "Save the revision back to in.yaml", DOWN + ENTER)  # No: under a new name
    step(child, "Save the answers file as", CLEAR + "again.yaml" + ENTER)
    child.expect("wrote again.yaml")
    step(child, "PowerShell script and the handouts", DOWN + ENTER)  # No
    assert finish(child) == 0
    assert plan_json(tmp_path / "again.yaml") == plan_json(tmp_path / "in.yaml")


def test_declining_to_save_says_where_the_answers_are(tmp_path: Path) -> None:
    from advisor.inputs.examples import example_text

    (tmp_path / "in.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    child = spawn(tmp_path, "--answers", "in.yaml")
    step(child, "Review your answers", ENTER)
    step(child, "Save these answers to a file", DOWN + ENTER)  # No
    child.expect(r"Not saved\. Your answers are kept in:\s+(\S+)\s+Save them later with:")
    recovery = Path(child.match.group(1))
    assert finish(child) == 0
    assert yaml.safe_load(recovery.read_text(encoding="utf-8"))["organization"]["name"] == "Contoso"


def test_dumb_terminal_gets_plain_lines_without_escape_sequences(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.close()
    env = {
        **os.environ,
        "TERM": "dumb",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PROMPT_TOOLKIT_NO_CPR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "advisor", "wizard", "--save", "plain.yaml"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
    )
    replies = {
        "organization.name": "Contoso",
        "organization.domains": "contoso.com",
        "subscription": "",  # the default
        "on_premises.server": "",
        "filtering_service": "",
        "devices.present": "",
    }
    seen = ""
    for question_id, reply in replies.items():
        child.expect(re.escape(question(question_id).text[:QUESTION_PREFIX]))
        seen += child.before
        child.expect(r"(\(< to go back\)|\]|:) $")  # the end of the prompt line
        child.sendline(reply)
    for control in ("Add a partner", "Does a service take"):
        child.expect(control)
        child.expect(": $")
        child.sendline("")  # No (the default)
    child.expect("Review your answers")
    child.expect(": $")
    child.sendline("")  # looks right
    child.expect("wrote plain.yaml")
    seen += child.before
    assert finish(child) == 0
    assert "\x1b" not in seen
    assert plan_json(tmp_path / "plain.yaml")["verdict"] == "not-needed"


def test_a_long_refusal_wraps_instead_of_being_cut(tmp_path: Path) -> None:
    child = spawn(tmp_path, columns=50)
    answer(child, "organization.name", "Contoso" + ENTER)
    answer(child, "organization.domains", "con\u200btoso.com" + ENTER)
    child.expect("invisible character")
    child.expect("type the domain again")  # past the 50th column: cut off before the toolbar wrapped
    child.sendcontrol("c")
    assert finish(child) == 130


def test_a_typed_or_pasted_escape_sequence_is_dropped_and_ctrl_c_still_works(tmp_path: Path) -> None:
    """Issue 19 item 8: `ESC[31m` once printed prompt_toolkit's traceback and ignored Ctrl-C until Enter."""
    child = spawn(tmp_path)
    seen = io.StringIO()
    child.logfile_read = seen
    answer(child, "organization.name", "\x1b[31mContoso" + ENTER)
    answer(child, "organization.domains", "\x1b[31m")
    child.send("\x03")
    child.expect("interrupted; your answers so far are in (\\S+) ")
    recovery = Path(child.match.group(1))
    assert finish(child) == 130
    assert "Traceback" not in seen.getvalue()
    assert "Press ENTER" not in seen.getvalue()
    assert yaml.safe_load(recovery.read_text(encoding="utf-8"))["organization"]["name"] == "Contoso"


@pytest.mark.parametrize("columns", [60, 80])
def test_the_review_shows_every_answer_whole_at_the_width(tmp_path: Path, columns: int) -> None:
    """Choice labels are cut at the terminal's edge; the answers above the review are wrapped, never cut."""
    from advisor.inputs.examples import example_text

    (tmp_path / "in.yaml").write_text(example_text("hybrid"), encoding="utf-8")
    child = spawn(tmp_path, "--answers", "in.yaml", columns=columns)
    child.expect("Review your answers")
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before)
    child.sendcontrol("c")
    finish(child)
    lines = [line.rstrip() for line in screen.replace("\r", "").split("\n")]
    summary = lines[next(i for i, x in enumerate(lines) if x.strip() == "Your answers:") :]
    assert max(len(line) for line in summary) <= columns
    said = " ".join(" ".join(summary).split())
    for whole in (
        "How should Microsoft 365 recognise mail from your server? → By its TLS certificate (recommended)",
        "Which Exchange Server version runs on premises?",
        "Where should Microsoft 365 deliver mail for your server? → mail.contoso.com",
    ):
        assert whole in said, whole
