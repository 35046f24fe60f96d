"""`audit` results as JSON, a terminal table, or Markdown/HTML handouts in the plan handouts' look."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.model.tenant import Tenant
from advisor.model.vocabulary import SEVERITY_ORDER
from advisor.tenant.audit import cited
from advisor.tenant.findings import Finding

if TYPE_CHECKING:
    from rich.console import Console


def audit_dict(tenant: Tenant, findings: list[Finding]) -> dict[str, Any]:
    """The JSON contract (README): advisor_version, sources, tenant, findings."""
    from advisor.advice import catalogue

    sources = catalogue.sources(cited(findings))
    return {
        "advisor_version": __version__,
        "tenant": tenant.summary(),
        "findings": [f.to_dict() for f in findings],
        "counts": {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_ORDER},
        "sources": {key: {"title": s.title, "url": s.url} for key, s in sources.items()},
    }


def audit_json(tenant: Tenant, findings: list[Finding]) -> str:
    from advisor.outputs.engine.quoting import json_text

    return json_text(audit_dict(tenant, findings))


def audit_document(tenant: Tenant, findings: list[Finding], output_format: str, today: date) -> str:
    """Markdown or HTML: findings grouped by severity, each with what to do and its sources."""
    from advisor.language import tag
    from advisor.outputs.engine.templating import environment
    from advisor.outputs.views.plain_words import spoken_date

    data = audit_dict(tenant, findings)
    template = environment().get_template("audit.md.j2" if output_format == "markdown" else "audit.html.j2")
    groups = [(s, [f for f in findings if f.severity == s]) for s in SEVERITY_ORDER]
    return template.render(
        tenant=tenant,
        groups=[g for g in groups if g[1]],
        data=data,
        words=report_words(),
        counts=counts_line(tenant),
        read=read_lines(tenant),
        date=spoken_date(today),  # 7. Dezember 2026 in a German report, as the handouts write it
        version=__version__,
        language=tag(),
    )


def report_words() -> dict[str, str]:
    """The report's headings and fixed sentences (findings.yaml, `report`)."""
    from advisor.tenant.findings import entries

    return dict(entries()["report"])


def counts_line(tenant: Tenant) -> str:
    words = report_words()
    domains = tenant.accepted_domains
    counted = words["domains"].format(count=len(domains)) if domains is not None else words["no-domains"]
    return words["counts"].format(inbound=len(tenant.inbound), outbound=len(tenant.outbound), domains=counted)


def read_lines(tenant: Tenant) -> list[str]:
    """What was read from each file: its shape and what it gave (nothing unread is reported clean)."""
    words = report_words()
    shapes: dict[str, str] = words["shapes"]  # type: ignore[assignment]
    return [
        words["read"].format(
            file=r.file,
            shape=shapes.get(r.shape, r.shape),
            inbound=r.inbound,
            outbound=r.outbound,
            domains=words["read-domains"].format(count=r.accepted_domains)
            if r.accepted_domains is not None
            else words["read-no-domains"],
        )
        for r in tenant.read
    ]


def audit_table_text(tenant: Tenant, findings: list[Finding]) -> str:
    """The terminal table as plain text (for --output), at the width the plan's text table uses."""
    from io import StringIO

    from rich.console import Console

    from advisor.outputs.terminal.plan_table import TABLE_WIDTH

    buffer = StringIO()
    render_audit_table(
        tenant, findings, Console(file=buffer, no_color=True, width=TABLE_WIDTH, highlight=False, emoji=False)
    )
    return buffer.getvalue()


def render_audit_table(tenant: Tenant, findings: list[Finding], console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from advisor.outputs.terminal.error_messages import printable
    from advisor.outputs.terminal.plan_table import SEVERITY_STYLE

    words = report_words()
    console.print(Text(counts_line(tenant), style="bold"))
    console.print(Text(words["read-heading"]))
    for line in read_lines(tenant):
        console.print(Text(f"  {printable(line)}"))
    if not findings:
        console.print(Text(words["no-findings"], style="green"))
        return
    table = Table(box=box.SIMPLE_HEAD, expand=True, show_lines=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Connector")
    table.add_column("Finding")
    for f in findings:
        body = Text(printable(f.message) + "\n")
        body.append(f"{words['what-to-do']} {printable(f.action)}", style="bold")
        body.append(f"  [{f.source}] ({f.code})", style="dim")
        who = printable(f.connector) if f.connector else words["the-tenant"]
        table.add_row(Text(f.severity, style=SEVERITY_STYLE[f.severity]), Text(who), body)
    console.print(table)
    from advisor.advice import catalogue
    from advisor.outputs.terminal.plan_table import render_sources

    render_sources(catalogue.sources(cited(findings)), console)  # as the plan and the handouts list them
