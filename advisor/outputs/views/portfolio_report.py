"""`audit --portfolio` as a terminal table, JSON, CSV (for a spreadsheet) or an HTML page: one row per tenant,
worst first. Names and errors come from the consultant's folders and exports: every value goes through its
format's filter (printable, JSON, the spreadsheet guard, HTML autoescape)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.tenant.portfolio import TenantRow

if TYPE_CHECKING:
    from rich.console import Console


def columns() -> dict[str, str]:
    """The columns, in order, with their headings (findings.yaml, `portfolio`)."""
    from advisor.tenant.findings import entries

    return {str(k): str(v) for k, v in entries()["portfolio"]["columns"].items()}


def portfolio_dict(rows: list[TenantRow]) -> dict[str, Any]:
    return {"advisor_version": __version__, "tenants": [r.to_dict() for r in rows]}


def portfolio_json(rows: list[TenantRow]) -> str:
    from advisor.outputs.engine.quoting import json_text

    return json_text(portfolio_dict(rows))


def worst_text(r: TenantRow) -> str:
    if r.worst is None:
        return ""
    where = f" ({r.worst.connector})" if r.worst.connector else ""
    return f"{r.worst.severity}: {r.worst.code}{where}"


def cells(r: TenantRow) -> dict[str, str]:
    """The row as text, under the keys of `columns()`."""
    return {
        "name": r.name,
        "critical": "" if r.error else str(r.critical),
        "warning": "" if r.error else str(r.warning),
        "info": "" if r.error else str(r.info),
        "connectors": "" if r.error else str(r.connectors),
        "hybrid_wizard_connectors": "" if r.error else str(r.hybrid_wizard),
        "filtering_service": r.filtering_service or "",
        "worst": worst_text(r),
        "error": r.error or "",
    }


def portfolio_csv(rows: list[TenantRow]) -> str:
    import csv
    import io

    from advisor.outputs.engine.quoting import spreadsheet_safe

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns().values())
    for r in rows:
        writer.writerow(spreadsheet_safe(value) for value in cells(r).values())
    return buffer.getvalue()


def portfolio_html(rows: list[TenantRow], today: date) -> str:
    from advisor.language import tag
    from advisor.outputs.engine.templating import environment
    from advisor.outputs.views.plain_words import spoken_date
    from advisor.tenant.findings import entries

    template = environment().get_template("portfolio.html.j2")
    return template.render(
        rows=[cells(r) for r in rows],
        columns=columns(),
        words=entries()["portfolio"],
        date=spoken_date(today),
        version=__version__,
        language=tag(),
    )


def portfolio_table_text(rows: list[TenantRow]) -> str:
    """The terminal table as plain text (for --output)."""
    from io import StringIO

    from rich.console import Console

    from advisor.outputs.terminal.plan_table import TABLE_WIDTH

    buffer = StringIO()
    console = Console(file=buffer, no_color=True, width=TABLE_WIDTH, highlight=False, emoji=False)
    render_portfolio_table(rows, console)
    return buffer.getvalue()


def render_portfolio_table(rows: list[TenantRow], console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from advisor.outputs.terminal.error_messages import printable
    from advisor.outputs.terminal.plan_table import SEVERITY_STYLE

    table = Table(box=box.SIMPLE_HEAD, expand=True)
    headings = columns()
    for key in ("name", "critical", "warning", "info", "connectors", "worst"):
        table.add_column(headings[key], overflow="fold")
    for r in rows:
        shown = cells(r)
        worst = Text(printable(shown["worst"] or shown["error"]))
        if r.error:
            worst.stylize("bold red")
        elif r.worst is not None:
            worst.stylize(SEVERITY_STYLE[r.worst.severity])
        table.add_row(
            Text(printable(r.name)),
            Text(shown["critical"], style="bold red" if r.critical else ""),
            Text(shown["warning"], style="yellow" if r.warning else ""),
            Text(shown["info"]),
            Text(shown["connectors"]),
            worst,
        )
    console.print(table)
