"""Hostile and unlucky input: each case ends in exit 2 with a reason, quickly, never a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, invoke, run_advisor


def alias_bomb(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        previous = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([previous] * 9)}]")
    return "version: 1\n" + "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_is_refused_at_once() -> None:
    start = time.perf_counter()
    result = invoke(["plan", "-"], stdin=alias_bomb())
    assert time.perf_counter() - start < 1
    assert result.code == 2
    assert "anchor or alias" in result.err
    assert result.err.count("\n") < 10


def test_anchors_are_refused_with_their_position() -> None:
    result = invoke(["plan", "-"], stdin="version: 1\norganization: &org {name: C, domains: [c.com]}\n")
    assert result.code == 2
    assert "line 2 column 15: uses a YAML anchor or alias" in result.err


@pytest.mark.parametrize(
    "text",
    [
        '{"version": 1, "organization": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "version: 1\norganization: " + "[" * 100_000 + "]" * 100_000 + "\n",
    ],
    ids=["json", "yaml"],
)
def test_nesting_deeper_than_the_interpreter_allows_is_bad_input(text: str) -> None:
    result = invoke(["plan", "-"], stdin=text)
    assert result.code == 2, result.err
    assert "internal error" not in result.err


def test_a_number_of_thousands_of_digits_is_bad_input() -> None:
    result = invoke(["plan", "-"], stdin='{"version": ' + "9" * 5000 + "}")
    assert result.code == 2, result.err
    assert "internal error" not in result.err


def test_a_huge_value_is_shown_shortened_without_being_written_out_whole() -> None:
    nested = "[" * 900 + "1" + "]" * 900
    start = time.perf_counter()
    result = invoke(["plan", "-"], stdin='{"version": 1, "subscription": ' + nested + "}")
    assert time.perf_counter() - start < 1
    assert result.code == 2
    (line,) = [line for line in result.err.splitlines() if line.startswith("  subscription = ")]
    assert len(line) < 140


# -- the same in a real process, where streams, encodings and pipes are the operating system's --------------


GOOD = (
    '{"version": 1, "organization": {"name": "%s", "domains": ["c.com"]}, "subscription": "exchange-online"}'
)


def advisor(
    *args: str, stdin: bytes | None = b"", env: dict[str, str] | None = None, close_stdin: bool = False
):
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        input=None if close_stdin else stdin,
        stdin=subprocess.DEVNULL if close_stdin else None,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=60,
    )


def test_standard_input_that_is_not_utf8_is_bad_input() -> None:
    proc = advisor("plan", "-", stdin=b"\xff\xfe not utf-8")
    assert (proc.returncode, proc.stderr.decode()) == (
        2,
        "error: standard input is not UTF-8 text\nhint: save the answers file as UTF-8\n",
    )


def test_standard_input_over_the_size_cap_says_so() -> None:
    proc = advisor("plan", "-", stdin=b"#" * 1_000_001)
    assert proc.returncode == 2
    assert "larger than 1 MB" in proc.stderr.decode()


@pytest.mark.parametrize(("size", "too_large"), [(1_000_000, False), (1_000_001, True), (3_000_000, True)])
def test_an_answers_file_is_read_whole_up_to_the_size_cap(tmp_path: Path, size: int, too_large: bool) -> None:
    from advisor.errors import UserError
    from advisor.inputs.answers_file import read_text

    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (size - 1) + b"\n")
    if too_large:
        with pytest.raises(UserError, match="larger than 1 MB"):
            read_text(str(path))
    else:
        assert len(read_text(str(path))) == size


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_answers_file_from_a_pipe_is_read_whole(tmp_path: Path) -> None:
    """`plan <(generate-answers)`: a FIFO has no size to trust; it is read to its end in pieces."""
    import threading

    from advisor.inputs.answers_file import read_text

    fifo = tmp_path / "answers.yaml"
    os.mkfifo(fifo)
    text = "# " + "x" * 200_000 + "\norganization: {name: Contoso}\n"

    def write() -> None:
        with open(fifo, "w", encoding="utf-8") as handle:
            for i in range(0, len(text), 4096):  # in small pieces, as a program would
                handle.write(text[i : i + 4096])
                handle.flush()

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert read_text(str(fifo)) == text
    finally:
        writer.join(timeout=10)


def test_a_lone_surrogate_is_refused_not_written() -> None:
    proc = advisor("plan", "-", "--format", "markdown", stdin=(GOOD % "\\ud800").encode())
    assert proc.returncode == 2
    assert "lone UTF-16 surrogate" in proc.stderr.decode()


def test_output_is_utf8_whatever_the_console_encoding() -> None:
    name = "Zürcher Bänk 東京"
    proc = advisor(
        "plan", "-", "--format", "json", stdin=(GOOD % name).encode(), env={"PYTHONIOENCODING": "cp1252"}
    )
    assert proc.returncode == 0, proc.stderr
    assert name in proc.stdout.decode("utf-8")


@pytest.mark.slow  # runs the tool in subprocesses
@pytest.mark.parametrize("output_format", ["table", "json", "html", "markdown", "powershell"])
def test_a_reader_that_stops_reading_is_not_an_error(output_format: str) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "advisor", "plan", "--example", "combined", "--format", output_format],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as proc:
        assert proc.stdout is not None
        proc.stdout.read(10)
        proc.stdout.close()  # like `| head -c 10`
        assert proc.wait(timeout=60) == 0
        assert proc.stderr is not None
        assert b"Traceback" not in proc.stderr.read()


def test_a_closed_standard_input_is_bad_input() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "advisor", "plan", "-"],
        capture_output=True,
        preexec_fn=lambda: os.close(0),
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert b"standard input is closed" in proc.stderr


def test_prefilled_values_of_the_wrong_type_are_asked_again_with_the_reason(tmp_path: Path) -> None:

    from advisor.wizard.session import run_session
    from tests.robustness.test_faults import Prompted, quiet_environment
    from tests.wizard.test_wizard_engine import CLOUD_ONLY

    answers = tmp_path / "in.yaml"
    answers.write_text(
        "version: 1\norganization:\n  name: [a, b]\n  domains: {x: 1}\nsubscription: [exchange-online]\n"
        "on_premises:\n  server: {a: 1}\ndevices:\n  present: [1]\n",
        encoding="utf-8",
    )
    prompter = Prompted({**CLOUD_ONLY, "save": False})
    env = quiet_environment(tmp_path)
    assert run_session(env, prompter, str(answers), None, force=False) == 0
    assert prompter.asked[:6] == [
        "organization.name",
        "organization.domains",
        "subscription",
        "on_premises.server",
        "filtering_service",
        "devices.present",
    ]
    [told] = [t for t in prompter.told if t.startswith("Not taken from the file")]
    assert 'must be text, not a list (the file has ["a", "b"])' in told
    assert '(the file has {"a": 1})' in told


@pytest.mark.parametrize(
    ("check", "value", "reason"),
    [
        ("sender_ip", "8.8.8.8/-1", "/-1 is not a prefix length"),
        ("sender_ip", "8.8.8.8/33", "/33 is not a prefix length"),
        ("sender_ip", "192.0.2.10:25", "has a port (:25)"),
        ("smart_host", "mail.contoso.com:25", "has a port (:25); connectors take no port"),
        ("sender_ip", "192.0.2.1-192.0.2.9", "address ranges (a-b) are not accepted"),
    ],
)
def test_messages_say_what_is_actually_wrong(check: str, value: str, reason: str) -> None:
    from advisor.model import validators

    with pytest.raises(validators.InvalidValue) as caught:
        getattr(validators, check)(value)
    assert reason in caught.value.reason


def test_an_empty_file_name_is_not_standard_input() -> None:
    result = invoke(["plan", ""], stdin="version: 1\n")
    assert result.code == 2
    assert "the file name is empty" in result.err


@pytest.mark.parametrize(
    ("value", "result"),
    [
        ("straße.de", "xn--strae-oqa.de"),  # IDNA 2008: not strasse.de (IDNA 2003 folded it)
        ("müller.de", "xn--mller-kva.de"),
        ("XN--MLLER-KVA.DE", "xn--mller-kva.de"),
        ("contoso.com.", "contoso.com"),  # one root dot
    ],
)
def test_international_domains_are_idna_2008(value: str, result: str) -> None:
    from advisor.model.validators import domain

    assert domain(value) == result


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("con\u200btoso.com", "invisible character (U+200B)"),
        ("contoso\u200d.com", "invisible character (U+200D)"),
        ("\U0001f600.com", "IDNA 2008 (Codepoint U+1F600"),
        ("xn--abc.com", "is not a valid internationalised domain"),
        ("xn--.com", "is not a valid internationalised domain"),
        ("contoso.com..", "empty label"),
    ],
)
def test_domains_idna_2008_refuses(value: str, reason: str) -> None:
    from advisor.model.validators import InvalidValue, domain

    with pytest.raises(InvalidValue) as caught:
        domain(value)
    assert reason in caught.value.reason
    assert "\x82" not in caught.value.reason  # idna's quoted text is not echoed


def test_rules_compare_domains_in_their_ascii_form() -> None:
    from advisor.errors import AnswersInvalid
    from tests.conftest import answers, partner, plan_for

    data = answers(
        organization={"name": "Müller", "domains": ["müller.de"]},
        partners=[partner(domains=["xn--mller-kva.de"])],
    )
    with pytest.raises(AnswersInvalid) as caught:
        plan_for(data)
    assert [p.path for p in caught.value.problems] == ["partners[0].domains[0]"]
    assert "your own accepted domains" in caught.value.problems[0].message

    twice = answers(organization={"name": "Müller", "domains": ["müller.de", "XN--MLLER-KVA.de"]})
    with pytest.raises(AnswersInvalid) as caught:
        plan_for(twice)
    assert [p.path for p in caught.value.problems] == ["organization.domains[1]"]


def test_unicode_digits_in_the_environment_are_not_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "\u00b2")  # "²".isdigit() is True, int("²") fails
    monkeypatch.setenv("LINES", "\u00b2")
    result = invoke(["plan", "--example", "cloud-only"], env={"SOURCE_DATE_EPOCH": "\u00b2"})
    assert result.code == 0, result.err
    result = invoke(
        ["plan", "--example", "cloud-only", "-f", "markdown"], env={"SOURCE_DATE_EPOCH": "\u00b2"}
    )
    assert result.code == 0, result.err


def test_a_unicode_digit_is_not_a_choice_number_in_the_plain_wizard() -> None:
    import io

    from advisor.wizard.plain_prompter import PlainPrompter
    from tests.wizard.test_terminal_prompter import SELECT

    out = io.StringIO()
    assert PlainPrompter(io.StringIO("\u00b2\n2\n"), out).ask(SELECT) == "eop-standalone"


@pytest.mark.parametrize(
    "args",
    [["--help"], ["plan", "--example", "cloud-only"], ["plan", "--example", "cloud-only", "-f", "json"]],
)
def test_a_closed_standard_output_is_bad_usage_not_a_traceback(args: list[str]) -> None:
    proc = run_advisor(args, preexec_fn=lambda: os.close(1))
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == "error: standard output is closed"
    assert "Traceback" not in proc.stderr


def test_prefilled_types_follow_the_answers_file_rules(tmp_path: Path) -> None:
    """A number where text belongs is asked again (the file's validation refuses it too); a choice written
    as a number, as YAML reads `exchange_version: 2016`, is taken as the file's validation takes it."""

    from advisor.inputs.examples import example_text
    from advisor.wizard.session import run_session
    from tests.robustness.test_faults import Prompted, quiet_environment
    from tests.wizard.test_wizard_engine import ANY, DEFAULT

    hybrid = example_text("hybrid")
    assert "  name: Contoso\n" in hybrid
    assert 'exchange_version: "2016"' in hybrid
    answers = tmp_path / "in.yaml"
    answers.write_text(
        hybrid.replace("  name: Contoso\n", "  name: 123\n").replace('"2016"', "2016"), encoding="utf-8"
    )
    prompter = Prompted({"organization.name": "Contoso", ANY: DEFAULT, "save": False})
    env = quiet_environment(tmp_path)
    assert run_session(env, prompter, str(answers), None, force=False) == 0
    assert prompter.asked[0] == "organization.name"
    assert "on_premises.exchange_version" not in prompter.asked
    [told] = [t for t in prompter.told if t.startswith("Not taken from the file")]
    assert "must be text, not a number (the file has 123)" in told
