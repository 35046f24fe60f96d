"""The command line: exit codes, messages, output files, and never a traceback."""

from __future__ import annotations

import io
import json
import re
import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.inputs.examples import example_text, examples
from advisor.model.answers import Answers
from advisor.model.fields import fields_of
from tests.conftest import invoke


def test_example_lists_and_prints() -> None:
    listing = invoke(["example"])
    assert listing.code == 0
    for name in examples():
        assert name in listing.out
    printed = invoke(["example", "hybrid"])
    assert printed.code == 0
    assert printed.out == example_text("hybrid")


def test_unknown_example_suggests() -> None:
    result = invoke(["example", "hybird"])
    assert result.code == 2
    assert "did you mean 'hybrid'" in result.err


def test_bad_file_lists_every_problem_with_exit_2(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "version: 1\norganization: {name: C, domains: [contoso.com]}\nsubscription: eop\n"
        "partners:\n  - {name: B, domains: [b.com], ip_adresses: [10.0.0.1]}\n",
        encoding="utf-8",
    )
    result = invoke(["plan", str(path)])
    assert result.code == 2
    assert "Traceback" not in result.err
    assert "subscription = 'eop': is not one of the choices" in result.err
    assert "partners[0].ip_adresses" in result.err
    assert "did you mean 'ip_addresses'" in result.err
    assert "accepted: one of: exchange-online, eop-standalone" in result.err


def test_missing_file_and_directory(tmp_path) -> None:
    assert invoke(["plan", str(tmp_path / "nope.yaml")]).code == 2
    result = invoke(["plan", str(tmp_path)])
    assert result.code == 2
    assert "directory" in result.err


def test_not_utf8(tmp_path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("organization: {name: Soci\xe9t\xe9}".encode("latin-1"))
    result = invoke(["plan", str(path)])
    assert result.code == 2
    assert "UTF-8" in result.err


def test_usage_errors_exit_2() -> None:
    assert invoke(["plan"]).code == 2
    assert invoke(["plan", "--example", "hybrid", "x.yaml"]).code == 2
    assert invoke(["plan", "--example", "hybrid", "--format", "xml"]).code == 2
    assert invoke(["no-such-command"]).code == 2


def test_help_and_version() -> None:
    from advisor import __version__

    result = invoke(["--help"])
    assert result.code == 0
    for command in ("plan", "wizard", "render", "example", "schema"):
        assert re.search(rf"^  {command} ", result.out, flags=re.M), command
    version = invoke(["--version"])
    assert (version.code, version.out.strip()) == (0, f"connector-advisor {__version__}")


class Terminal(io.StringIO):
    """A stdout that says it is a terminal, so rich would colour it."""

    def isatty(self) -> bool:
        return True


def table_in_terminal(args: list[str], variables: dict[str, str]) -> str:
    from advisor.cli.app import run
    from advisor.environment import Environment

    out = Terminal()
    env = Environment(
        stdin=io.StringIO(),
        stdout=out,
        stderr=io.StringIO(),
        variables=variables,
        stdin_isatty=False,
        stdout_isatty=True,
    )
    assert run(args, env) == 0
    return out.getvalue()


COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-7]|38;|9[0-7])[0-9;]*m")


def test_colour_only_without_no_color() -> None:
    args = ["plan", "--example", "combined"]
    assert COLOUR.search(table_in_terminal(args, {"TERM": "xterm-256color"}))
    assert not COLOUR.search(table_in_terminal(args, {"TERM": "xterm-256color", "NO_COLOR": "1"}))
    assert not COLOUR.search(table_in_terminal([*args, "--no-color"], {"TERM": "xterm-256color"}))


def test_table_fits_a_narrow_terminal() -> None:
    from rich.console import Console

    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import parse_text
    from advisor.model.validation import validate_answers
    from advisor.outputs.terminal.plan_table import render_table

    out = io.StringIO()
    plan = decide(validate_answers(parse_text(example_text("combined"), "combined")))
    render_table(plan, Console(file=out, width=60, no_color=True, highlight=False, emoji=False))
    lines = out.getvalue().splitlines()
    assert lines
    unbreakable = {s.url for s in plan.sources.values()} | {d.value for d in plan.dns}
    # prose fits; an address or record is kept whole on a line of its own (the terminal wraps it softly)
    assert max(len(line) for line in lines if line.strip() not in unbreakable) <= 60
    flat = " ".join(" ".join(lines).split())
    assert "From partner Contoso Bank to Office 365 (certificate)" in flat


def test_output_file_is_written_and_never_overwritten(tmp_path) -> None:
    target = tmp_path / "plan.json"
    assert invoke(["plan", "--example", "hybrid", "-f", "json", "-o", str(target)]).code == 0
    first = target.read_text(encoding="utf-8")
    assert json.loads(first)["verdict"] == "required"
    again = invoke(["plan", "--example", "cloud-only", "-f", "json", "-o", str(target)])
    assert again.code == 2
    assert "already exists" in again.err
    assert target.read_text(encoding="utf-8") == first
    assert invoke(["plan", "--example", "cloud-only", "-f", "json", "-o", str(target), "--force"]).code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["verdict"] == "not-needed"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]  # no temporary files left behind


def test_output_into_missing_folder(tmp_path) -> None:
    result = invoke(["plan", "--example", "hybrid", "-o", str(tmp_path / "no" / "x.txt")])
    assert result.code == 2
    assert "does not exist" in result.err


def test_table_output_names_every_connector() -> None:
    result = invoke(["plan", "--example", "combined", "--no-color"])
    assert result.code == 0
    data = json.loads(invoke(["plan", "--example", "combined", "-f", "json"]).out)
    flat = " ".join(result.out.split())
    for connector in data["connectors"]:
        assert connector["parameters"]["Name"] in flat
    for warning in data["warnings"]:
        assert warning["code"] in flat
    assert "\x1b[" not in result.out


def test_answers_file_is_never_modified(tmp_path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(example_text("combined"), encoding="utf-8")
    before = path.read_bytes(), path.stat().st_mtime_ns
    assert invoke(["plan", str(path), "-f", "json"]).code == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_schema_is_json() -> None:
    result = invoke(["schema"])
    assert result.code == 0
    schema = json.loads(result.out)
    assert schema["properties"]["subscription"]["enum"] == ["exchange-online", "eop-standalone"]


def test_unexpected_errors_exit_1_without_traceback(monkeypatch) -> None:
    import advisor.advice.decide

    def boom(_answers):
        raise RuntimeError("kaput")

    monkeypatch.setattr(advisor.advice.decide, "decide", boom)
    result = invoke(["plan", "--example", "hybrid"])
    assert result.code == 1
    assert "internal error: RuntimeError: kaput" in result.err
    assert "Traceback" not in result.err


def test_keyboard_interrupt_exits_130(monkeypatch) -> None:
    import advisor.advice.decide

    def interrupt(_answers):
        raise KeyboardInterrupt

    monkeypatch.setattr(advisor.advice.decide, "decide", interrupt)
    result = invoke(["plan", "--example", "hybrid"])
    assert result.code == 130
    assert result.err.strip() == "interrupted"
    assert "Traceback" not in result.err


# -- generated answers files: only ever exit 0 or 2 ------------------------------------------------

WORDS = st.sampled_from(
    [
        "exchange-online",
        "eop-standalone",
        "none",
        "exchange-2010-or-later",
        "exchange-2007-or-earlier",
        "non-microsoft",
        "not-run",
        "full",
        "minimal",
        "certificate",
        "ip-addresses",
        "auto",
        "smtp-relay",
        "direct-send",
        "smtp-auth",
        "both",
        "inbound",
        "outbound",
        "encryption-only",
        "certificate-validation",
        "domain-validation",
        "contoso.com",
        "mail.contoso.com",
        "*.contoso.com",
        "fabrikam.com",
        "203.0.113.10",
        "10.0.0.1",
        "192.0.2.0/24",
        "8.8.8.0/20",
        "",
        "Contoso",
        "x" * 70,
    ]
)
SCALARS = st.one_of(
    WORDS, st.booleans(), st.integers(-2, 3), st.none(), st.text(string.printable, max_size=12)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(WORDS, inner, max_size=3)),
    max_leaves=8,
)


def section(keys: list[str]) -> st.SearchStrategy:
    return st.fixed_dictionaries(
        {}, optional={k: st.one_of(WORDS, VALUES, st.lists(WORDS, max_size=3)) for k in keys}
    )


def keys(table) -> list[str]:
    """Every key of a section, from the answers table itself (so new fields are fuzzed too), plus a typo."""
    return [f.name for f in table] + ["sever"]


ANSWER_FILES = st.fixed_dictionaries(
    {
        "version": st.sampled_from([1, 1, 1, 2, "1"]),
        "organization": st.fixed_dictionaries(
            {"name": st.sampled_from(["Contoso", "", "A&B <x>"]), "domains": st.lists(WORDS, max_size=3)}
        ),
    },
    optional={
        "subscription": WORDS,
        # every optional section of the model, so a new section is fuzzed without editing this test
        **{
            f.name: st.lists(section(keys(f.table)), max_size=3)
            if f.kind == "sections"
            else section(keys(f.table))
            for f in fields_of(Answers)
            if f.section is not None and not f.required
        },
        "extra": VALUES,
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANSWER_FILES)
def test_generated_answers_exit_0_or_2(data: dict) -> None:
    result = invoke(["plan", "-", "--format", "json"], stdin=json.dumps(data))
    assert result.code in (0, 2), result.err
    if result.code == 0:
        json.loads(result.out)
    else:
        assert result.err.startswith("error: ")
        assert "Traceback" not in result.err


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_exits_0_or_2(text: str) -> None:
    result = invoke(["plan", "-"], stdin=text)
    assert result.code in (0, 2), result.err


def test_suggested_commands_use_the_way_the_tool_was_run(tmp_path, monkeypatch) -> None:
    import os
    import sys

    from advisor.environment import invocation

    tool = tmp_path / "venv" / "bin" / "connector-advisor"
    tool.parent.mkdir(parents=True)
    tool.write_text("#!/bin/sh\n", encoding="utf-8")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", "/usr/bin")
    assert invocation(str(tool), sys.executable) == str(tool)  # not on PATH: the path as typed
    monkeypatch.setenv("PATH", str(tool.parent) + os.pathsep + "/usr/bin")
    assert invocation(str(tool), sys.executable) == "connector-advisor"
    assert invocation("/x/advisor/__main__.py", sys.executable).endswith(" -m advisor")


def test_hints_are_written_as_the_tool_was_run(tmp_path) -> None:
    from advisor.cli.app import run
    from advisor.environment import Environment

    out, err = io.StringIO(), io.StringIO()
    env = Environment(
        stdin=io.StringIO(""), stdout=out, stderr=err, variables={}, program=".venv/bin/connector-advisor"
    )
    assert run(["plan", str(tmp_path / "missing.yaml")], env) == 2
    assert "`.venv/bin/connector-advisor example`" in err.getvalue()


@pytest.mark.parametrize("command", [[], ["wizard"], ["plan"], ["render"]])
def test_help_has_examples_and_no_type_names(command: list[str]) -> None:
    result = invoke([*command, "--help"])
    assert result.code == 0
    assert "Examples:" in result.out
    assert not re.search(r"<(str|path|list\[str\])>", result.out), result.out


def test_top_level_help_says_no_command_opens_the_wizard() -> None:
    assert "Without a command, in a terminal, it starts the wizard" in invoke(["--help"]).out
    assert "--install-completion" in invoke(["--help"]).out


def test_bad_option_values_are_explained_in_plain_words() -> None:
    result = invoke(["plan", "--example", "combined", "--format", "pdf"])
    assert result.code == 2
    assert "Value error" not in result.err
    assert "'pdf' is not one of 'table', 'json', 'powershell', 'markdown', 'html'" in result.err
    assert "`connector-advisor plan --help`" in result.err


def test_addresses_and_records_are_never_broken_across_lines() -> None:
    out = invoke(["plan", "--example", "filtering-service"]).out
    lines = out.splitlines()
    plan = json.loads(invoke(["plan", "--example", "filtering-service", "--format", "json"]).out)
    for source in plan["sources"].values():
        assert any(line.strip() == source["url"] for line in lines), source["url"]
    for record in plan["dns"]:
        assert any(line.strip() == record["value"] for line in lines), record["value"]
    assert max(len(line) for line in lines) > 80  # piped output is not cut at 80 columns


def test_the_format_options_offer_exactly_the_format_tables_formats() -> None:
    """`plan -f` accepts every format of the table, `render -f` every one written as a file per answers file
    (not the terminal table or the JSON plan); nothing else is accepted."""
    from advisor.outputs.formats import FORMATS, RENDERED

    for name in FORMATS:
        if FORMATS[name].binary:  # a Word file is written, never printed
            refused = invoke(["plan", "--example", "cloud-only", "-f", name])
            assert refused.code == 2, name
            assert "--output" in refused.err, name
            continue
        assert invoke(["plan", "--example", "cloud-only", "-f", name]).code == 0, name
    assert tuple(n for n in FORMATS if n not in ("table", "json")) == RENDERED
    refused = invoke(["render", "x.yaml", "--out", "o", "-f", "json"])
    assert refused.code == 2
    assert "'json' is not one of" in refused.err


def test_each_format_option_help_names_every_choice() -> None:
    from advisor.cli.options import FAIL_ON
    from advisor.cli.tenant_commands import AUDIT_FORMATS, DIFF_FORMATS, ROUTE_FORMATS
    from advisor.outputs.formats import FORMATS, RENDERED

    for command, choices in (
        (["plan"], tuple(FORMATS)),
        (["render"], RENDERED),
        (["audit"], AUDIT_FORMATS),
        (["diff"], DIFF_FORMATS),
        (["route"], ROUTE_FORMATS),
        (["audit"], FAIL_ON),
    ):
        shown = " ".join(invoke([*command, "--help"], env={"COLUMNS": "200"}).out.split())
        assert all(c in shown for c in choices), (command, choices)


def test_a_usage_error_shows_the_program_escaped() -> None:
    """The program's path as started reaches the hint through the terminal filter, as every message does."""
    from advisor.cli.app import run
    from advisor.environment import Environment

    err = io.StringIO()
    program = "./bin\x1b[31mX/connector-advisor"
    env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=err, variables={}, program=program)
    assert run(["plan", "--format", "nope"], env) == 2
    assert "\x1b" not in err.getvalue()
    assert "hint: `./bin\\x1b[31mX/connector-advisor plan --help`" in err.getvalue()
