"""House rules: layers import only downwards, no cycles, small modules and functions, shared data in step."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from tests.conftest import CMDLET_PARAMETERS, ROOT, SHARED

PACKAGE = ROOT / "advisor"

# Each layer may import only layers with a lower rank (and itself). Top-level modules are the foundation.
LAYERS = {
    "advisor": 0,  # __init__, errors, environment
    "advisor.model": 1,
    "advisor.advice": 2,
    "advisor.inputs": 2,
    "advisor.tenant": 2.5,  # checks of existing tenants: may use the advice catalogue's sources
    "advisor.outputs": 3,
    "advisor.wizard": 4,
    "advisor.cli": 5,
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(module: str) -> str:
    """The layer a module belongs to: its sub-package, or 'advisor' for the foundation modules."""
    parts = module.split(".")
    if module == "advisor.__main__":
        return "advisor.cli"  # `python -m advisor` is the command line
    if len(parts) >= 2 and f"advisor.{parts[1]}" in LAYERS:  # advisor.<layer>
        return f"advisor.{parts[1]}"
    return "advisor"


def imports(path: Path) -> set[str]:
    """Every advisor module a file imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("advisor"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("advisor"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    known = {module_name(p) for p in PACKAGE.rglob("*.py")}
    return {m for m in found if m in known}


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_down(module: str) -> None:
    own = layer(module)
    upward = [
        target
        for target in imports(MODULES[module])
        if layer(target) != own and LAYERS[layer(target)] >= LAYERS[own]
    ]
    assert not upward, f"{module} ({own}) imports {upward}"


def test_no_import_cycles() -> None:
    graph = {name: imports(path) - {name} for name, path in MODULES.items()}
    state: dict[str, str] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycle = [*trail[trail.index(target) :], target] if target in trail else [node, target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_every_module_belongs_to_a_known_layer() -> None:
    for module in MODULES:
        assert layer(module) in LAYERS, module


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_and_functions_stay_small(module: str) -> None:
    source = MODULES[module].read_text(encoding="utf-8")
    assert len(source.splitlines()) <= MAX_MODULE_LINES, module
    long = [
        node.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (node.end_lineno or node.lineno) - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{module}: functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_reference_data_matches_shared() -> None:
    """The tests' copy of the cmdlet reference is the shared one, whenever ../shared is there."""
    shared = SHARED / "reference" / "cmdlet-parameters.json"
    if not shared.exists():
        pytest.skip("no ../shared beside this clone: the tests use their own copy")
    ours = json.loads(CMDLET_PARAMETERS.read_text(encoding="utf-8"))
    assert ours == json.loads(shared.read_text(encoding="utf-8")), (
        f"tests/data/{CMDLET_PARAMETERS.name} differs from {shared}: copy the shared file over it"
    )


def test_each_scenario_id_is_one_module_and_each_scenario_module_an_id() -> None:
    """advice/scenarios/ holds exactly the scenario modules, one per scenario id, each with `contribute`."""
    from advisor.advice.decide import scenario_module
    from advisor.model.vocabulary import SCENARIO_IDS

    expected = {scenario_module(s) for s in SCENARIO_IDS}
    in_folder = {name for name in MODULES if name.startswith("advisor.advice.scenarios.")}
    assert in_folder == expected
    without = [
        name for name in in_folder if "def contribute(" not in MODULES[name].read_text(encoding="utf-8")
    ]
    assert not without, f"scenario modules without contribute(): {without}"


def test_the_repository_root_holds_only_the_project() -> None:
    """The specified top level, and nothing a test or a trial left behind (an acme.html, a contoso.yaml)."""
    import shutil
    import subprocess

    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    top = {line.split("/", 1)[0] for line in listed.splitlines() if line}
    expected = {
        ".gitignore", ".ci", "CHANGELOG.md", "CONTRIBUTING.md", "README.md", "pyproject.toml",
        "advisor", "templates", "tests", "scripts", "benchmarks",
        "translations",  # the translators' glossaries (one CSV per language)
    }  # fmt: skip
    assert top <= expected, sorted(top - expected)
