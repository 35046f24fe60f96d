"""How planning grows with the number of partners (not a test).

Usage:  python benchmarks/many_partners.py [--sizes 1000 2000 4000]

Each generated answers file has N partners with one sender address each (as a consultant's bulk import
might); the time is the whole `plan - --format json` process. Target (issue 10): 4,000 partners within 5x
the time of 1,000 (linear growth would be 4x).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000])
    args = parser.parse_args()
    results = [(n, timed(answers(n))) for n in args.sizes]
    base_n, base_t = results[0]
    print(f"partners -> seconds (whole process), Python {sys.version.split()[0]}, {os.cpu_count()} cores\n")
    print("| partners | time | x the first | growth if linear |")
    print("|---:|---:|---:|---:|")
    for n, t in results:
        print(f"| {n:,} | {t:.2f} s | {t / base_t:.2f}x | {n / base_n:.0f}x |")


if __name__ == "__main__":
    main()
