"""Batch rendering benchmark (not a test): `connector-advisor render` over generated answers files.

Usage:  python benchmarks/batch_render.py [--files 1000] [--runs 3] [--pairs 9]

Generates varied, valid answers files (every scenario, devices, partners) in a temporary folder, then
times (1) reading, planning and rendering all three formats in one process without writing (the tool's own
cost: templates compiled once), and the whole `connector-advisor render FOLDER --out OUT` process writing
3,000 files (2) to a RAM disk (/dev/shm) and (3) to the working disk, whose file-creation speed varies a lot
on this machine (about 0.1 to 0.5 ms per file). Target (issue #4): 1,000 files to all three formats in
under 3 s.

Then the ratio to the I/O floor, measured alternately on the same disk: a minimal script that
reads the same 1,000 files with PyYAML's C loader and writes, with plain open().write(), as many bytes into
the same 3,000 file names as `render` does, in pairs run one after the other. Target: `render` within 2x the
floor (the median of the pairs' ratios).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SERVERS = [
    None,
    ("exchange-online", "exchange-2010-or-later", "not-run"),
    ("exchange-online", "exchange-2010-or-later", "minimal"),
    ("exchange-online", "exchange-2010-or-later", "full"),
    ("exchange-online", "exchange-2007-or-earlier", "not-run"),
    ("exchange-online", "non-microsoft", "not-run"),
    ("eop-standalone", "exchange-2010-or-later", "not-run"),
    ("eop-standalone", "non-microsoft", "not-run"),
]
DEVICES = [None, "auto", "smtp-relay", "direct-send"]
RESTRICTIONS = ["none", "certificate", "ip-addresses", "both"]


def answers(i: int, server, device, restrict: str) -> dict:
    data: dict = {
        "version": 1,
        "organization": {"name": f"Client {i}", "domains": [f"client{i}.com"]},
        "subscription": "exchange-online",
    }
    if server:
        subscription, kind, hybrid = server
        data["subscription"] = subscription
        data["on_premises"] = {
            "server": kind,
            "hybrid_wizard": hybrid,
            "identify_by": "certificate",
            "certificate_name": f"mail.client{i}.com",
            "smart_hosts": [f"mail.client{i}.com"],
        }
    if device:
        data["devices"] = {"present": True, "method": device, "ip_addresses": ["198.51.100.25"]}
    data["partners"] = [
        {
            "name": f"Bank {i}",
            "domains": [f"bank{i}.com"],
            "restrict_by": restrict,
            "certificate_name": f"mail.bank{i}.com",
            "ip_addresses": ["192.0.2.0/24"],
        }
    ]
    return data


def generate(folder: Path, count: int) -> None:
    combos = itertools.cycle(itertools.product(SERVERS, DEVICES, RESTRICTIONS))
    for i in range(count):
        server, device, restrict = next(combos)
        (folder / f"client-{i:04}.json").write_text(json.dumps(answers(i, server, device, restrict)), "utf-8")


def render_only(source: Path) -> float:
    """Seconds to read, plan and render every file to every format in this process, writing nothing."""
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import load_answers
    from advisor.outputs.engine.templating import environment
    from advisor.outputs.formats import TEMPLATED
    from advisor.outputs.views.plan_documents import render_document

    environment()
    start = time.perf_counter()
    for path in sorted(source.iterdir()):
        plan = decide(load_answers(str(path)))
        for output_format in TEMPLATED:
            render_document(plan, output_format, source_name=path.name, script_name=f"{path.stem}.ps1")
    return time.perf_counter() - start


def command(source: Path, out_root: Path, runs: int, count: int, env: dict[str, str]) -> float:
    samples = []
    for run in range(runs + 1):
        out = out_root / f"out-{run}"
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "advisor", "render", str(source), "--out", str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(proc.stderr[-2000:])
        assert len(list(out.iterdir())) >= 3 * count  # and .onprem.ps1 scripts
        if run:  # the first run compiles bytecode and warms caches
            samples.append(elapsed)
    return statistics.median(samples)


FLOOR = """
import sys, yaml
from pathlib import Path
source, out, sizes = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
loader = yaml.CSafeLoader
for path in sorted(source.iterdir()):
    yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
out.mkdir()
for line in Path(sizes).read_text().splitlines():
    name, size = line.split()
    with open(out / name, "w", encoding="utf-8") as handle:
        handle.write("x" * int(size))
"""


def _cpu() -> tuple[float, float]:
    """User and system CPU seconds of every child process waited for so far (render's workers included)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime, used.ru_stime


def against_floor(
    source: Path,
    work: Path,
    runs: int,
    files: int,
    env: dict[str, str],
    cpu: dict[str, list[tuple[float, float]]],
) -> tuple[list[float], list[float]]:
    """Times of the floor script and of `render`, run alternately into fresh folders on one disk: each pair
    a few seconds apart, so a pair's ratio is little affected by how fast the disk is at the moment (on
    this machine creating a file costs 0.05 to 0.5 ms, and that drifts over minutes)."""
    first = work / "sizes-from"
    subprocess.run(
        [sys.executable, "-m", "advisor", "render", str(source), "--out", str(first)],
        env=env,
        check=True,
        capture_output=True,
    )
    sizes = work / "sizes.txt"
    sizes.write_text(
        "".join(f"{p.name} {p.stat().st_size}\n" for p in sorted(first.iterdir()))  # bytes, not characters
    )
    script = work / "floor.py"
    script.write_text(FLOOR, encoding="utf-8")
    commands = {
        "floor": lambda out: [sys.executable, str(script), str(source), str(out), str(sizes)],
        "render": lambda out: [sys.executable, "-m", "advisor", "render", str(source), "--out", str(out)],
    }
    times: dict[str, list[float]] = {"floor": [], "render": []}
    for run in range(runs):
        # Each pair in turn starts with the other, and each run starts with the disk's queue empty: the files
        # of the run before are deleted and flushed first, so neither pays for the other's writing.
        for name in ("floor", "render") if run % 2 == 0 else ("render", "floor"):
            out = work / f"{name}-{run}"
            os.sync()
            used, start = _cpu(), time.perf_counter()
            subprocess.run(commands[name](out), env=env, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
            cpu[name].append(tuple(b - a for a, b in zip(used, _cpu(), strict=True)))  # type: ignore[arg-type]
            assert len(list(out.iterdir())) >= 3 * files  # and .onprem.ps1 scripts
            shutil.rmtree(out)
    floor, render = times["floor"], times["render"]
    return floor, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=9, help="floor/render pairs, alternately (default 9)")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "answers"
        source.mkdir()
        generate(source, args.files)
        rows.append(
            (
                "read, plan and render all formats in one process (no writing)",
                statistics.median(render_only(source) for _ in range(args.runs)),
            )
        )
        if Path("/dev/shm").is_dir():
            with tempfile.TemporaryDirectory(dir="/dev/shm") as ram:
                rows.append(
                    (
                        "`render` command, whole process, writing to RAM disk",
                        command(source, Path(ram), args.runs, args.files, env),
                    )
                )
        rows.append(
            (
                "`render` command, whole process, writing to the working disk",
                command(source, Path(tmp), args.runs, args.files, env),
            )
        )
        cpu: dict[str, list[tuple[float, float]]] = {"floor": [], "render": []}
        floors, renders = against_floor(source, Path(tmp), args.pairs, args.files, env, cpu)
    outputs = 3 * args.files
    print(f"{args.files} answers files -> {outputs} outputs (ps1, md, html); median of {args.runs} runs\n")
    print("| what | time | target < 3 s |")
    print("|---|---:|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} s | {'met' if seconds < 3 else 'missed'} |")
    floor, render = statistics.median(floors), statistics.median(renders)
    ratios = sorted(r / f for f, r in zip(floors, renders, strict=True))
    ratio = statistics.median(ratios)
    cores = os.cpu_count()
    print(
        f"\nAgainst the I/O floor on the working disk ({args.pairs} pairs run alternately; medians; "
        f"{cores} cores):\n"
    )
    print("| what | time | x floor | target |")
    print("|---|---:|---:|---|")
    floor_label = "floor: read 1,000 files (C loader), write the same bytes to 3,000 names"
    print(f"| {floor_label} | {floor:.2f} s | 1.00x | |")
    verdict = "met" if ratio <= 2 else "MISSED"
    print(f"| `connector-advisor render` | {render:.2f} s | {ratio:.2f}x | <= 2x {verdict} |")
    print(
        f"\nPer pair: render / floor from {ratios[0]:.2f}x to {ratios[-1]:.2f}x "
        f"(floor {min(floors):.2f} to {max(floors):.2f} s, "
        f"render {min(renders):.2f} to {max(renders):.2f} s)."
    )
    print("\nCPU time (medians of the same pairs; render's includes its worker processes):\n")
    print("| what | user | system (mostly the file system) |")
    print("|---|---:|---:|")
    for name in ("floor", "render"):
        user = statistics.median(u for u, _ in cpu[name])
        system = statistics.median(s for _, s in cpu[name])
        print(f"| {name} | {user:.2f} s | {system:.2f} s |")


if __name__ == "__main__":
    main()
