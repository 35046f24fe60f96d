"""How planning grows with the number of partners (not a test).

Usage:  python benchmarks/many_partners.py [--sizes 1000 4000 16000]

Each generated answers has N partners with one domain and one sender address each (as a consultant's bulk
import might). Two timings: planning in this process (validate, decide, JSON; no startup), for every size,
and the whole `plan - --format json` process for the sizes whose file fits the 1 MB input cap (16,000
partners do not: about 2 MB). Target: 4,000 partners within 5x the time of 1,000 (linear growth
would be 4x).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time


def answers(count: int) -> str:
    partners = [
        {
            "name": f"Partner {i}",
            "domains": [f"partner{i}.example"],
            "direction": "inbound",
            "restrict_by": "ip-addresses",
            "ip_addresses": [f"{20 + i // 65536}.{(i // 256) % 256}.{i % 256}.1"],
        }
        for i in range(count)
    ]
    data = {
        "version": 1,
        "organization": {"name": "C", "domains": ["contoso.com"]},
        "subscription": "exchange-online",
    }
    return json.dumps({**data, "partners": partners})


def timed(text: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "advisor", "plan", "-", "--format", "json"],
        input=text.encode(),
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr.decode()[-2000:])
    return time.perf_counter() - start


def in_process(text: str) -> float:
    from advisor.advice.decide import decide
    from advisor.model.validation import validate_answers

    start = time.perf_counter()
    plan = decide(validate_answers(json.loads(text)))
    json.dumps(plan.to_dict())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    args = parser.parse_args()
    from advisor.inputs.answers_file import MAX_BYTES

    texts = {n: answers(n) for n in args.sizes}
    planned = {n: min(in_process(texts[n]) for _ in range(3)) for n in args.sizes}
    whole = {n: timed(texts[n]) for n in args.sizes if len(texts[n].encode()) <= MAX_BYTES}
    base = args.sizes[0]
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; planning: best of 3\n")
    print("| partners | file | planning | x the first | whole process | growth if linear |")
    print("|---:|---:|---:|---:|---:|---:|")
    for n in args.sizes:
        size = len(texts[n].encode()) / 1000
        process = f"{whole[n]:.2f} s" if n in whole else "over the 1 MB cap"
        print(
            f"| {n:,} | {size:,.0f} KB | {planned[n]:.2f} s | {planned[n] / planned[base]:.2f}x | {process} "
            f"| {n / base:.0f}x |"
        )


if __name__ == "__main__":
    main()
