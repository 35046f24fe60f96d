"""Start-up stays lean: --help and JSON planning import nothing they do not use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # every test starts the tool in a fresh interpreter

PROBE = """
import json, sys
from advisor.cli.app import run
code = run(sys.argv[1:])
loaded = sorted({m.split('.')[0] for m in sys.modules})
ours = sorted(m for m in sys.modules if m.startswith('advisor.'))
print(json.dumps({"code": code, "modules": loaded, "advisor": ours}), file=sys.stderr)
"""

HEAVY_FOR_PLANNING = {
    "questionary",
    "prompt_toolkit",
    "jinja2",
    "markupsafe",
    "cryptography",  # cert only
    "dns",  # dnspython, dns only
    "tree_sitter",  # Microsoft365DSC exports only
    "docx",  # the Word handout only
    "resvg_py",  # its diagram picture only
}


def loaded_modules(*args: str, ours: bool = False) -> set[str]:
    """The top-level modules a run loads (or, with `ours`, the advisor's own modules)."""
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, proc.stderr
    return set(report["advisor" if ours else "modules"])


def test_help_imports_only_the_cli() -> None:
    modules = loaded_modules("--help")
    assert not modules & (HEAVY_FOR_PLANNING | {"rich", "yaml", "pydantic"}), modules & (
        HEAVY_FOR_PLANNING | {"rich", "yaml", "pydantic"}
    )


@pytest.mark.parametrize("example", ["combined", "cloud-only"])
def test_plan_json_imports_no_prompt_toolkit_and_no_template_engine(example: str) -> None:
    modules = loaded_modules("plan", "--example", example, "--format", "json")
    # idna: only for internationalised domain names; the examples' domains are plain ASCII. yaml: the bundled
    # catalogue and examples are read from their JSON twins
    unneeded = HEAVY_FOR_PLANNING | {"rich", "idna", "yaml"}
    assert not modules & unneeded, modules & unneeded


def test_plan_json_loads_none_of_the_script_handout_or_tenant_code() -> None:
    ours = loaded_modules("plan", "--example", "combined", "--format", "json", ours=True)
    only_for_others = {
        "advisor.outputs.views.powershell",
        "advisor.inputs.document_control",
        "advisor.outputs.views.handout",
        "advisor.outputs.views.diagram",
        "advisor.outputs.engine.templating",
        "advisor.inputs.exports",
        "advisor.tenant",
        # the other commands' modules: a run builds only the command it invokes
        "advisor.cli.tenant_commands",
        "advisor.cli.proof_commands",
        "advisor.cli.reference_commands",
        "advisor.cli.document_command",
        "advisor.cli.wizard_command",
    }
    assert not ours & only_for_others, ours & only_for_others


def test_idna_is_loaded_for_an_internationalised_domain(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "version: 1\norganization: {name: M, domains: [müller.de]}\nsubscription: exchange-online\n",
        encoding="utf-8",
    )
    assert "idna" in loaded_modules("plan", str(answers), "--format", "json")


def test_schema_imports_no_template_engine() -> None:
    assert not loaded_modules("schema") & HEAVY_FOR_PLANNING


def test_the_wizard_starts_without_the_command_line_parser() -> None:
    """`connector-advisor` alone opens the wizard without typer (its per-option validators would double the
    time to the first question); without a terminal it still says how to run non-interactively."""
    probe = (
        "import sys, json\n"
        "sys.argv = ['connector-advisor']\n"
        "from advisor.cli import launch\n"
        "code = launch.started()\n"
        "print(json.dumps({'code': code, 'typer': 'typer' in sys.modules}), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report == {"code": 2, "typer": False}
    assert "the wizard needs a terminal" in proc.stderr


@pytest.mark.parametrize("settings", [False, True], ids=["no-document-yaml", "document-yaml"])
def test_the_wizard_loads_nothing_its_first_question_does_not_need(tmp_path: Path, settings: bool) -> None:
    """Up to the first question: no template engine, parser, YAML or suggestion code (difflib); each would
    add to the time before the wizard answers (the target is 1.3x a bare questionary prompt)."""
    probe = (
        "import sys, json\n"
        "from advisor.environment import Environment\n"
        "from advisor.wizard.terminal_prompter import QuestionaryPrompter\n"
        "from advisor.wizard.session import run_session\n"
        "class FirstQuestion(QuestionaryPrompter):\n"
        "    def ask(self, prompt):\n"
        "        loaded = sorted({m.split('.')[0] for m in sys.modules})\n"
        "        print(json.dumps({'question': prompt.key, 'modules': loaded}), file=sys.stderr)\n"
        "        raise SystemExit(0)\n"
        "run_session(Environment(), FirstQuestion(sys.stdout), None, None, False)\n"
    )
    if settings:  # read after the first answer, so YAML loads after the first question either way
        (tmp_path / "connector-advisor").mkdir()
        (tmp_path / "connector-advisor" / "document.yaml").write_text("company: Fabrikam\n", encoding="utf-8")
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path
    )
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["question"] == "organization.name", proc.stderr
    unneeded = {"jinja2", "markupsafe", "typer", "click", "rich", "yaml", "difflib", "pydantic"}
    assert not set(report["modules"]) & unneeded, set(report["modules"]) & unneeded


def test_planning_tokenizes_no_python_source() -> None:
    """inspect.signature of a class without __init__ or docstring tokenizes a signature text (4 ms the first
    time): dataclass does it for each undocumented class to write its docstring."""
    probe = (
        "import sys, tokenize\n"
        "from advisor.cli.app import run\n"
        "code = run(['plan', '--example', 'combined', '--format', 'json'])\n"
        "print(code, tokenize._compile.cache_info().currsize, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert proc.stderr.split()[-2:] == ["0", "0"], proc.stderr


@pytest.mark.parametrize("name", ["plan", "render", "audit", "schema"])
def test_a_command_runs_alone_without_the_root_group(name: str) -> None:
    """A run of one command builds that command only, as typer's one-command app: no group to build, parse
    and invoke first (its help and errors read as before: tests/cli/test_help_screens.py)."""
    import typer

    from advisor.cli.app import build_app

    built = typer.main.get_command(build_app(name))
    assert not isinstance(built, typer.core.TyperGroup)
    assert built.name == name
    assert isinstance(
        typer.main.get_command(build_app("document")), typer.core.TyperGroup
    )  # a group stays one


def test_a_run_of_one_command_builds_no_group(monkeypatch: pytest.MonkeyPatch) -> None:
    """What `run` does with it: `plan` parses and runs without a root group around it; the root's own runs
    (--version) and a command with commands of its own (document) still build one."""
    import io

    import typer

    from advisor.cli.app import run
    from advisor.environment import Environment

    groups: list[str] = []
    real = typer.main.get_group

    def counted(app: typer.Typer) -> typer.core.TyperGroup:
        groups.append(str(app.info.name))
        return real(app)

    monkeypatch.setattr(typer.main, "get_group", counted)

    def ran(*argv: str) -> int:
        env = Environment(stdin=io.StringIO(), stdout=io.StringIO(), stderr=io.StringIO(), variables={})
        return run(list(argv), env)

    assert ran("plan", "--example", "cloud-only", "--format", "json") == 0
    assert groups == []
    assert ran("--version") == 0
    assert groups
