"""Leaving at once: `main` flushes what was written and runs exit handlers, then skips the interpreter's
teardown; the garbage collector is off while start-up loads code, and on (start-up frozen) for the command."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest

from advisor.cli.app import run
from advisor.environment import Environment

pytestmark = pytest.mark.slow  # every test starts the tool in a fresh interpreter

PROBE = """
import atexit, gc, json, os, sys
def report():
    print(json.dumps({"collecting": gc.isenabled(), "frozen": gc.get_freeze_count()}), file=sys.stderr)
atexit.register(report)
real_exit, real_freeze = os._exit, gc.freeze
def leaving(code):
    print(f"left at once with {code}", file=sys.stderr)
    sys.stderr.flush()
    real_exit(code)
def freezing():
    print(f"collecting while loading: {gc.isenabled()}", file=sys.stderr)
    real_freeze()
os._exit, gc.freeze = leaving, freezing
sys.argv = ["connector-advisor", *sys.argv[1:]]
from advisor.cli.launch import main
main()
print("never reached", file=sys.stderr)
"""


def started(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


def in_process(*args: str) -> str:
    out = io.StringIO()
    assert run(list(args), Environment(stdout=out, stderr=io.StringIO(), stdin_isatty=False)) == 0
    return out.getvalue()


@pytest.mark.parametrize("output_format", ["json", "powershell", "markdown"])
def test_every_byte_written_is_flushed_before_leaving(output_format: str) -> None:
    args = ("plan", "--example", "combined", "--format", output_format)
    proc = started(*args)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == in_process(*args)
    assert "never reached" not in proc.stderr
    assert "left at once with 0" in proc.stderr  # without freeing every module and object
    assert "collecting while loading: False" in proc.stderr


def test_exit_handlers_run_and_see_collection_on_with_start_up_frozen() -> None:
    proc = started("plan", "--example", "cloud-only", "--format", "json")
    report = json.loads(proc.stderr.strip().splitlines()[-2])  # before "left at once"
    assert report["collecting"] is True
    assert report["frozen"] > 10_000  # the modules, classes and functions start-up loaded


@pytest.mark.parametrize(
    ("args", "code"),
    [(("plan", "missing.yaml"), 2), (("plan", "--format", "nonsense"), 2), (("plan", "-"), 2)],
)
def test_the_exit_code_and_message_survive_leaving_at_once(args: tuple[str, ...], code: int) -> None:
    proc = started(*args, stdin="version: 1\n")
    assert proc.returncode == code
    lines = proc.stderr.splitlines()
    assert lines[0] == "collecting while loading: False"
    assert lines[1].startswith("error:"), proc.stderr
    assert '"collecting": true' in proc.stderr  # the exit handlers ran after the message
    assert proc.stderr.rstrip().endswith(f"left at once with {code}")


def test_the_wizard_path_leaves_the_same_way() -> None:
    proc = started()  # no terminal: the wizard says so and exits 2
    assert proc.returncode == 2
    assert "the wizard needs a terminal" in proc.stderr
    assert '"collecting": true' in proc.stderr
    assert "collecting while loading: False" in proc.stderr
    assert proc.stderr.rstrip().endswith("left at once with 2")
