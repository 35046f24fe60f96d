from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.decide import decide
from advisor.cli.app import run
from advisor.environment import Environment
from advisor.model.plan import Plan
from advisor.model.validation import validate_answers

ROOT = Path(__file__).resolve().parent.parent
# Compiled templates (advisor/outputs/engine/compiled_templates.py) go to this run's own cache folder, not the
# user's; the commands the tests run in subprocesses inherit it.
_CACHE = tempfile.TemporaryDirectory(prefix="connector-advisor-tests-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE.name
SHARED = ROOT.parent / "shared"
# The tests' own copy of ../shared/reference/cmdlet-parameters.json (test_reference_data keeps them equal).
CMDLET_PARAMETERS = Path(__file__).resolve().parent / "data" / "cmdlet-parameters.json"

BASE: dict[str, Any] = {
    "version": 1,
    "organization": {"name": "Contoso", "domains": ["contoso.com"]},
    "subscription": "exchange-online",
}


def answers(**changes: Any) -> dict[str, Any]:
    """A valid cloud-only answers dict with top-level keys replaced."""
    data = copy.deepcopy(BASE)
    data.update(copy.deepcopy(changes))
    return data


def on_prem(**changes: Any) -> dict[str, Any]:
    section = {
        "server": "exchange-2010-or-later",
        "hybrid_wizard": "not-run",
        "identify_by": "certificate",
        "certificate_name": "mail.contoso.com",
        "smart_hosts": ["mail.contoso.com"],
    }
    section.update(changes)
    return section


def devices(**changes: Any) -> dict[str, Any]:
    section = {
        "present": True,
        "method": "auto",
        "external_recipients": True,
        "supports_smtp_auth": False,
        "identify_by": "ip-addresses",
        "ip_addresses": ["198.51.100.25"],
    }
    section.update(changes)
    return section


def partner(**changes: Any) -> dict[str, Any]:
    section = {
        "name": "Contoso Bank",
        "domains": ["contosobank.com"],
        "direction": "both",
        "require_tls": True,
        "restrict_by": "none",
    }
    section.update(changes)
    return section


def plan_for(data: dict[str, Any]) -> Plan:
    return decide(validate_answers(data))


@pytest.fixture(scope="session")
def cmdlet_parameters() -> dict[str, Any]:
    return json.loads(CMDLET_PARAMETERS.read_text(encoding="utf-8"))["cmdlets"]


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


def invoke(args: list[str], stdin: str = "", env: dict[str, str] | None = None, tty: bool = False) -> Result:
    """Run the CLI in-process with an injected environment."""
    out, err = io.StringIO(), io.StringIO()
    environment = Environment(
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
        variables=env or {},
        stdin_isatty=tty,
        stdout_isatty=tty,
    )
    code = run(args, environment)
    return Result(code, out.getvalue(), err.getvalue())


def run_advisor(args: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    """The tool in a process of its own (for what only a real process shows: closed or full streams,
    signals), from this checkout, with text output and stderr captured unless `options` say otherwise."""
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
        **options,
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/* from the current output (review the diff!).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


# -- the `slow` marker: `pytest -m "not slow"` is the inner loop; CI runs everything ------------------------

SLOW_MODULES = {
    "test_wizard_pty",
    "test_fuzz",
    "test_packaging",
}  # pseudo-terminals, fuzzing, building a wheel


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "slow: pseudo-terminal, fuzz (hypothesis), packaging and subprocess-heavy tests"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark as slow every test of the slow modules, every hypothesis test (each runs its function many
    times), and every test marked `slow` by hand."""
    for item in items:
        module = getattr(item, "module", None)
        name = module.__name__.rsplit(".", 1)[-1] if module is not None else ""
        if name in SLOW_MODULES or getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)
