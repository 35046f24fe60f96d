"""Start-up benchmark (not a test): connector-advisor against `python -c "import typer"`.

Usage:  python benchmarks/startup.py [--runs N]

Also times how long the wizard takes to show its first question in a pseudo-terminal (issue #3:
within 300 ms), and needs pexpect for that (installed with the test extras).

Times whole processes, the way a user meets them: the installed `connector-advisor` command (what the
README's install puts on the venv's PATH), and `python -m advisor` for comparison (runpy adds its own
imports). Prints a Markdown table for benchmarks/README.md. Targets (issue #2): --help <= 1.5x and
`plan --format json` <= 2.5x the baseline; since 0.2.0 `plan --format json` <= 1.2x the floor below.
The "typer command floor" row is a one-command typer app: typer >= 0.29 builds a pydantic TypeAdapter
for every parameter when a command runs, so no typer command can start faster than it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR_APP = """
import typer
app = typer.Typer(add_completion=False)
@app.command()
def plan(file: str = "", output_format: str = "json", force: bool = False) -> None:
    print("{}")
@app.command()
def other() -> None:
    pass
app()
"""


FLOOR_TARGET = 1.2  # `plan --format json` against the one-command typer app (version 0.2.0)


def timed(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[list[float]]:
    """Each command's wall times, run in turn (one of each, then again) so that the machine's drift over
    the minutes of a run weighs on every command alike."""
    for command in commands:
        subprocess.run(command, env=env, capture_output=True, check=False)  # warm the OS cache and bytecode
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, found in zip(commands, samples, strict=True):
            start = time.perf_counter()
            proc = subprocess.run(command, env=env, capture_output=True, check=False)
            found.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"{' '.join(command)} failed:\n{proc.stderr.decode()}")
    return samples


def first_question(runs: int, env: dict[str, str]) -> list[float]:
    """Seconds from spawning `connector-advisor wizard` in a pty until its first question is on screen."""
    import pexpect

    env = {**env, "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"}
    samples = []
    for i in range(runs + 1):
        start = time.perf_counter()
        child = pexpect.spawn(
            tool()[0],
            [*tool()[1:], "wizard"],
            env=env,
            encoding="utf-8",
            dimensions=(40, 100),
            timeout=10,
        )
        child.expect("organization's name")
        elapsed = time.perf_counter() - start
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
        child.close()
        if i:  # the first run warms caches
            samples.append(elapsed)
    return samples


def tool() -> list[str]:
    """The installed command beside this interpreter, else `python -m advisor`."""
    installed = Path(sys.executable).with_name("connector-advisor")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "advisor"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        floor = Path(tmp) / "floor.py"
        floor.write_text(FLOOR_APP, encoding="utf-8")
        cases = [
            ("baseline: python -c 'import typer'", [py, "-c", "import typer"], None),
            ("typer command floor (one-command app)", [py, str(floor), "plan"], None),
            ("connector-advisor --help", [*tool(), "--help"], 1.5),
            (
                "connector-advisor plan --example combined --format json",
                [*tool(), "plan", "--example", "combined", "--format", "json"],
                2.5,
            ),
            (
                "python -m advisor plan --example combined --format json",
                [py, "-m", "advisor", "plan", "--example", "combined", "--format", "json"],
                None,
            ),
            (
                "connector-advisor plan --example combined (table)",
                [*tool(), "plan", "--example", "combined", "--no-color"],
                None,
            ),
        ]
        timings = timed([command for _, command, _ in cases], args.runs, env)
        results = [(label, found, target) for (label, _, target), found in zip(cases, timings, strict=True)]
        with tempfile.TemporaryDirectory() as state:
            wizard_env = {**env, "XDG_STATE_HOME": state}
            wizard = first_question(args.runs, wizard_env)
    base = statistics.median(results[0][1])
    floor = statistics.median(results[1][1])
    print(
        f"{args.runs} runs each, median wall time, Python {sys.version.split()[0]}, {os.cpu_count()} cores\n"
    )
    print("| command | median | x baseline | x one-command floor | target |")
    print("|---|---:|---:|---:|---:|")
    for label, samples, target in results:
        median = statistics.median(samples)
        ratio = median / base
        verdict = "" if target is None else (f"<= {target}x " + ("met" if ratio <= target else "MISSED"))
        if label.startswith("connector-advisor plan") and "--format json" in label:  # 1.2x the floor (0.2.0)
            verdict += f"; <= {FLOOR_TARGET}x floor " + (
                "met" if median / floor <= FLOOR_TARGET else "MISSED"
            )
        print(f"| {label} | {median * 1000:.0f} ms | {ratio:.2f}x | {median / floor:.2f}x | {verdict} |")
    median = statistics.median(wizard)
    verdict = "<= 300 ms " + ("met" if median <= 0.300 else "MISSED")
    label = "wizard: first question on screen (pty)"
    print(f"| {label} | {median * 1000:.0f} ms | {median / base:.2f}x | {verdict} |")


if __name__ == "__main__":
    main()
