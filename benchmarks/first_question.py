"""Time to the wizard's first question against its floor, a bare questionary prompt (not a test).

Usage:  python benchmarks/first_question.py [--runs 20]

Both run in a pseudo-terminal (pexpect) on the same machine, alternately, so that load affects both; the
report is the median of each and their ratio. Target: the wizard's first question appears within
1.2x the time `python -c "import questionary; questionary.text('Name?').ask()"` takes to show its prompt.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

FLOOR = "import questionary; questionary.text('Name?').ask()"
TARGET = 1.2  # since 0.2.0 (1.3 before)


def time_to_prompt(args: list[str], expect: str, env: dict[str, str]) -> float:
    """Seconds until `expect` is on screen; args[0] "connector-advisor" is the command installed beside
    this interpreter (as the README's install leaves it), the rest are this interpreter's arguments."""
    import pexpect

    program = sys.executable
    if args[0] == "connector-advisor":
        program, args = str(Path(sys.executable).with_name("connector-advisor")), args[1:]
    start = time.perf_counter()
    child = pexpect.spawn(program, args, env=env, encoding="utf-8", dimensions=(40, 100), timeout=20)
    child.expect(expect)
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def main() -> None:
    from advisor.wizard.question_bank import question

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    first = question("organization.name").text[:30]
    with tempfile.TemporaryDirectory() as state:
        env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "TERM": "xterm-256color"}
        env["XDG_STATE_HOME"] = state
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        floor: list[float] = []
        plain: list[float] = []
        command: list[float] = []
        for i in range(args.runs + 1):
            samples = (
                time_to_prompt(["-c", FLOOR], "Name", env),
                time_to_prompt(["connector-advisor"], first, env),
                time_to_prompt(["connector-advisor", "wizard"], first, env),
            )
            if i:  # the first round warms the caches
                for found, sample in zip((floor, plain, command), samples, strict=True):
                    found.append(sample)
    f = statistics.median(floor)
    print(
        f"{args.runs} runs each, alternately, median; Python {sys.version.split()[0]}, {os.cpu_count()} cores"
    )
    print("| what | median | x floor | target |")
    print("|---|---:|---:|---|")
    print(f"| floor: a bare questionary text prompt | {f * 1000:.0f} ms | 1.00x | |")
    for label, samples, target in (
        ("`connector-advisor` (the wizard): first question", plain, TARGET),
        ("`connector-advisor wizard` (through the option parser)", command, None),
    ):
        w = statistics.median(samples)
        verdict = "" if target is None else f"<= {target}x " + ("met" if w / f <= target else "MISSED")
        print(f"| {label} | {w * 1000:.0f} ms | {w / f:.2f}x | {verdict} |")


if __name__ == "__main__":
    main()
