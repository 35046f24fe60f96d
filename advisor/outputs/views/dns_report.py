"""`dns` as JSON or in the terminal: the zones read, then each finding with its domain. Names come from the
zone files: the terminal gets them through `printable`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.model.zone import Zone
from advisor.tenant.findings import Finding

if TYPE_CHECKING:
    from rich.console import Console


def dns_dict(zones: list[Zone], findings: list[Finding]) -> dict[str, Any]:
    return {
        "advisor_version": __version__,
        "zones": [{"file": z.file, "origin": z.origin, "records": len(z.records)} for z in zones],
        "findings": [{**f.to_dict(), "domain": f.connector} for f in findings],
    }


def dns_json(zones: list[Zone], findings: list[Finding]) -> str:
    from advisor.outputs.engine.quoting import json_text

    return json_text(dns_dict(zones, findings))


def dns_text(zones: list[Zone], findings: list[Finding]) -> str:
    from io import StringIO

    from rich.console import Console

    from advisor.outputs.terminal.plan_table import TABLE_WIDTH

    buffer = StringIO()
    render_dns(zones, findings, Console(file=buffer, no_color=True, width=TABLE_WIDTH, highlight=False))
    return buffer.getvalue()


def render_dns(zones: list[Zone], findings: list[Finding], console: Console) -> None:
    from rich.text import Text

    from advisor.outputs.terminal.error_messages import printable
    from advisor.outputs.terminal.plan_table import SEVERITY_STYLE
    from advisor.tenant.findings import entries

    words = entries()["report"]
    console.print(Text(words["read-heading"]))
    for z in zones:
        console.print(
            Text(printable(f"  {z.file}: {words['zone'].format(origin=z.origin, count=len(z.records))}"))
        )
    for f in findings:
        line = Text(f"{f.severity}: ", style=SEVERITY_STYLE[f.severity])
        line.append(
            f"{printable(f.message)} {words['what-to-do']} {printable(f.action)} [{f.source}] ({f.code})"
        )
        console.print(line)
    if not findings:
        console.print(Text(words["no-dns-findings"], style="green"))
