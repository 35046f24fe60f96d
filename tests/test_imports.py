"""Start-up stays lean: --help and JSON planning import nothing they do not use."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from advisor.cli import run
code = run(sys.argv[1:])
loaded = sorted({m.split('.')[0] for m in sys.modules})
print(json.dumps({"code": code, "modules": loaded}), file=sys.stderr)
"""

HEAVY_FOR_PLANNING = {"questionary", "prompt_toolkit", "jinja2", "markupsafe"}


def loaded_modules(*args: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, proc.stderr
    return set(report["modules"])


def test_help_imports_only_the_cli() -> None:
    modules = loaded_modules("--help")
    assert not modules & (HEAVY_FOR_PLANNING | {"rich", "yaml", "pydantic"}), modules & (
        HEAVY_FOR_PLANNING | {"rich", "yaml", "pydantic"}
    )


@pytest.mark.parametrize("example", ["combined", "cloud-only"])
def test_plan_json_imports_no_prompt_toolkit_and_no_template_engine(example: str) -> None:
    modules = loaded_modules("plan", "--example", example, "--format", "json")
    assert not modules & (HEAVY_FOR_PLANNING | {"rich"}), modules & (HEAVY_FOR_PLANNING | {"rich"})


def test_schema_imports_no_template_engine() -> None:
    assert not loaded_modules("schema") & HEAVY_FOR_PLANNING
