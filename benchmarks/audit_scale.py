"""How `audit` grows with the size of the export (not a test).

Usage:  python benchmarks/audit_scale.py [--sizes 1000 10000] [--overlapping 400 1000] [--domains 40000]

Three shapes, each read from a generated export (JSON as `collect` writes it) and audited in this process,
best of 3:
- N ordinary connectors: half inbound Partner connectors (some restricting by IP), half outbound, each with
  its own domain, beside as many accepted domains. Target: 10,000 within 5x the time of 1,000.
- N hostile outbound connectors that all claim the same two domains (every pair overlaps), plus an
  all-accepted-domains connector and wildcard ones. Target: linear too (1,000 within 5x of 400 x 2.5).
- one connector beside D accepted domains, the merge of accepted domains alone.
Each is timed in this process and as the whole `connector-advisor audit EXPORT -f json` process; the
targets are on the whole process, as a user waits for it.

The floor, measured in the same run, is reading the same export (JSON parsing and normalising every record)
without auditing it: the audit's own cost is the difference.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def ordinary(count: int) -> dict[str, object]:
    inbound = [
        {
            "Name": f"Partner {i}",
            "Enabled": True,
            "ConnectorType": "Partner",
            "SenderDomains": [f"smtp:partner{i}.example;1"],
            "SenderIPAddresses": [f"{20 + i // 65536}.{(i // 256) % 256}.{i % 256}.1"] if i % 3 == 0 else [],
            "RequireTls": True,
            "RestrictDomainsToIPAddresses": i % 3 == 0,
            "RestrictDomainsToCertificate": False,
        }
        for i in range(count // 2)
    ]
    outbound = [
        {
            "Name": f"To {i}",
            "Enabled": True,
            "ConnectorType": "Partner",
            "RecipientDomains": [f"partner{i}.example", f"*.sub{i}.example"],
            "UseMXRecord": True,
            "TlsSettings": "DomainValidation",
            "TlsDomain": f"mx.partner{i}.example",
            "IsTransportRuleScoped": False,
        }
        for i in range(count // 2)
    ]
    domains = [{"DomainName": f"d{i}.contoso.com", "DomainType": "Authoritative"} for i in range(count)]
    return {"inbound": inbound, "outbound": outbound, "accepted_domains": domains}


def hostile(count: int) -> dict[str, object]:
    outbound = [
        {
            "Name": f"Relay {i}",
            "Enabled": True,
            "ConnectorType": "OnPremises",
            "RecipientDomains": ["fabrikam.com", "*.contoso.com"],
            "AllAcceptedDomains": i % 10 == 0,
            "UseMXRecord": False,
            "SmartHosts": ["relay.contoso.net"],
            "TlsSettings": "CertificateValidation",
            "IsTransportRuleScoped": False,
        }
        for i in range(count)
    ]
    domains = [{"DomainName": f"s{i}.contoso.com", "DomainType": "Authoritative"} for i in range(50)]
    return {"inbound": [], "outbound": outbound, "accepted_domains": domains}


def many_domains(count: int) -> dict[str, object]:
    domains = [{"DomainName": f"d{i}.contoso.com", "DomainType": "Accepted"} for i in range(count)]
    return {"inbound": [], "outbound": [], "accepted_domains": domains}


def process(path: Path) -> float:
    """The whole `connector-advisor audit EXPORT --format json` process, best of 3."""
    import subprocess

    runs = []
    for _ in range(3):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "advisor", "audit", str(path), "--format", "json"],
            capture_output=True,
            check=False,
            cwd=Path(__file__).resolve().parent.parent,
        )
        runs.append(time.perf_counter() - start)
        if proc.returncode not in (0, 3):
            raise SystemExit(proc.stderr.decode()[-2000:])
    return min(runs)


def timed(data: dict[str, object], folder: Path) -> tuple[float, float, int, float]:
    """(reading alone, reading and auditing, findings, the whole process), best of 3 each."""
    from advisor.inputs.exports import load_exports
    from advisor.tenant.audit import audit

    path = folder / "export.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    reading, whole, found = [], [], 0
    for _ in range(3):
        start = time.perf_counter()
        load_exports([str(path)])
        reading.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = len(audit(load_exports([str(path)])))
        whole.append(time.perf_counter() - start)
    return min(reading), min(whole), found, process(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--overlapping", type=int, nargs="+", default=[400, 1000])
    parser.add_argument("--domains", type=int, default=40000)
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; best of 3\n")
    print(
        "| export | reading (floor) | reading and audit | audit alone | findings | x the first | "
        "whole process | x the first |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for label, shape, sizes in (
            ("connectors", ordinary, args.sizes),
            ("overlapping outbound", hostile, args.overlapping),
            ("accepted domains", many_domains, [args.domains]),
        ):
            first = first_process = None
            for n in sizes:
                reading, whole, found, total = timed(shape(n), folder)
                first, first_process = first or whole, first_process or total
                print(
                    f"| {n:,} {label} | {reading:.3f} s | {whole:.3f} s | {whole - reading:.3f} s "
                    f"| {found:,} "
                    f"| {whole / first:.2f}x (linear: {n / sizes[0]:.1f}x) | {total:.2f} s "
                    f"| {total / first_process:.2f}x |"
                )


if __name__ == "__main__":
    main()
