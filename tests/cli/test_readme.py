"""The docs cannot drift from the code: the README's command block is generated from the commands, and every
file the docs name exists."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = ["README.md", "CONTRIBUTING.md", "benchmarks/README.md", "scripts/update_public_suffixes.py"]


def _readme_commands():  # the script, loaded as a module
    spec = importlib.util.spec_from_file_location("readme_commands", ROOT / "scripts" / "readme_commands.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_command_block_is_generated_from_the_commands() -> None:
    script = _readme_commands()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert script.readme_with_block(readme) == readme, (
        "README.md's command block is out of date: run `python scripts/readme_commands.py --write`"
    )


def test_the_command_block_names_every_command_and_option() -> None:
    """What the generator writes is the app's own list: a command or option it misses would fail here."""
    import typer

    from advisor.cli.app import app

    block = _readme_commands().block()
    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert f"connector-advisor {name}" in block, name
        for param in command.params:
            long = [o for o in getattr(param, "opts", []) if o.startswith("--")]
            if long and long[0] != "--help" and getattr(param, "rich_help_panel", None) is None:
                assert long[0] in block, (name, long[0])


PATH = re.compile(r"`((?:advisor|templates|tests|scripts|benchmarks)/[\w./-]+)`")


@pytest.mark.parametrize("doc", DOCS)
def test_every_file_the_docs_name_exists(doc: str) -> None:
    text = (ROOT / doc).read_text(encoding="utf-8")
    named = {m.group(1).rstrip(".") for m in PATH.finditer(text)}
    examples = {p for p in named if "my_scenario" in p or "my-scenario" in p}
    missing = sorted(p for p in named - examples if not (ROOT / p).exists() and not list(ROOT.glob(p)))
    assert not missing, f"{doc} names files that do not exist: {missing}"


def test_the_docs_name_no_command_that_does_not_exist() -> None:
    import typer

    from advisor.cli.app import app

    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    for doc in [*DOCS, *(str(p.relative_to(ROOT)) for p in (ROOT / "advisor").rglob("*.py"))]:
        text = (ROOT / doc).read_text(encoding="utf-8")
        for used in re.findall(r"`connector-advisor ([a-z][a-z-]+)\b(?! \d)", text):
            assert used in commands, f"{doc} names `connector-advisor {used}`, which is not a command"


def test_benchmark_tables_live_in_benchmarks_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Benchmarks") :]
    assert "|---" not in section, "benchmark tables belong in benchmarks/README.md"
    assert Path(ROOT / "benchmarks" / "README.md").exists()


def test_code_and_docs_cite_no_issue_tracker_that_is_not_in_the_repository() -> None:
    """ "(issue 19)" leaves a maintainer nowhere to look; facts.md keys and sources are cited instead."""
    places = [ROOT / d for d in DOCS] + [p for p in (ROOT / "advisor").rglob("*") if p.is_file()]
    places += list((ROOT / "templates").glob("*.j2"))
    cited = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in places
        if p.suffix in (".py", ".md", ".j2", ".yaml")
        for m in re.finditer(r"\bissues? \d+\b", p.read_text(encoding="utf-8"))
    ]
    assert not cited, cited
