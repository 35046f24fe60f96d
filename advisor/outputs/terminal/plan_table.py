"""The rich terminal view of a Plan (`plan --format table` and the wizard's result)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from advisor.model.plan import Plan, SourceRef
from advisor.outputs.engine.templating import shown
from advisor.outputs.views.plain_words import endpoint_note, scenario_label, verdict_label

if TYPE_CHECKING:
    from rich.console import Console

VERDICT_STYLE = {
    "required": "bold red",
    "managed-by-hybrid-wizard": "bold cyan",
    "optional": "bold yellow",
    "not-needed": "bold green",
}
SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow", "info": "cyan"}
TABLE_WIDTH = 100  # the plain-text table written to a file


def plan_table_text(plan: Plan, output_format: str = "table", **_context: object) -> str:
    """The terminal view as plain text, for `plan --format table --output FILE`."""
    from io import StringIO

    from rich.console import Console

    buffer = StringIO()
    render_table(plan, Console(file=buffer, no_color=True, width=TABLE_WIDTH, highlight=False, emoji=False))
    return buffer.getvalue()


def render_table(plan: Plan, console: Console) -> None:
    """Print the plan: verdict, scenarios, one panel per connector, warnings, next steps."""
    from rich import box
    from rich.panel import Panel
    from rich.text import Text

    style, sentence = VERDICT_STYLE[plan.verdict], plan.summary
    title = Text(f"Mail-flow connectors for {plan.organization}", style="bold")
    console.print(Panel(Text(sentence, style=style), title=title, title_align="left", box=box.ROUNDED))
    _scenarios(plan, console)
    _connectors(plan, console)
    _rules(plan, console)
    _warnings(plan, console)
    _steps_and_dns(plan, console)
    render_sources(plan.sources, console)


def render_sources(sources: Mapping[str, SourceRef], console: Console) -> None:
    """Every source cited, with its title and address (the plan's and the audit's alike)."""
    from rich.text import Text

    console.print()
    console.print(Text("Sources", style="bold underline"))
    for key, source in sources.items():
        console.print(Text(f"  [{key}] {source.title}"))
        # an address on a line of its own, never broken: copy-paste keeps working (a link where supported)
        console.print(Text(f"      {source.url}", style=f"link {source.url}"), soft_wrap=True)


def _scenarios(plan: Plan, console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    scenarios = Table(
        title="What is needed", title_justify="left", box=box.SIMPLE_HEAD, expand=True, show_lines=False
    )
    scenarios.add_column("What", ratio=2, min_width=12)
    scenarios.add_column("Verdict", ratio=1, min_width=12)
    scenarios.add_column("Why", ratio=4)
    for s in plan.scenarios:  # in the handouts' words: scenario ids are for --format json
        # Text, never a markup string: a partner's name such as "Bank [/red]" is shown as it is
        scenarios.add_row(
            Text(scenario_label(s)), Text(verdict_label(plan, s)), Text(f"{s.reason} [{s.source}]")
        )
    console.print(scenarios)


def _connectors(plan: Plan, console: Console) -> None:
    from rich import box
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    if not plan.connectors:
        console.print(Text("No connector to create.", style="bold"))
    for c in plan.connectors:
        table = Table(box=box.SIMPLE, show_header=False, expand=True, padding=(0, 1))
        table.add_column("Setting", style="bold", no_wrap=True)
        table.add_column("Value", overflow="fold")
        table.add_row("From", c.from_)
        table.add_row("To", c.to)
        note = endpoint_note(c)
        if note is not None:
            table.add_row("", Text(note, style="italic"))
        table.add_row("Cmdlet", c.cmdlet)
        for key, value in c.parameters.items():
            if key != "Name":
                table.add_row(key, Text(shown(value)))
        table.add_row("Why", Text(f"{c.reason} [{c.source}]"))
        console.print(Panel(table, title=Text(c.name, style="bold"), title_align="left", box=box.ROUNDED))


def _rules(plan: Plan, console: Console) -> None:
    from rich import box
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    for r in plan.rules:
        table = Table(box=box.SIMPLE, show_header=False, expand=True, padding=(0, 1))
        table.add_column("Setting", style="bold", no_wrap=True)
        table.add_column("Value", overflow="fold")
        table.add_row("Cmdlet", r.cmdlet)
        for key, value in r.parameters.items():
            if key != "Name":
                table.add_row(key, Text(shown(value)))
        table.add_row("Why", Text(f"{r.reason} [{r.source}]"))
        title = Text(f"Mail flow rule: {r.name}", style="bold")
        console.print(Panel(table, title=title, title_align="left", box=box.ROUNDED))


def _warnings(plan: Plan, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    if not plan.warnings:
        return
    warnings = Table.grid(padding=(0, 1), expand=True)
    warnings.add_column(no_wrap=True)
    warnings.add_column(ratio=1)
    for w in plan.warnings:
        body = Text()
        body.append(f"{w.code}: ", style="bold")
        body.append(f"{w.message} [{w.source}]")
        warnings.add_row(Text(w.severity.upper(), style=SEVERITY_STYLE[w.severity]), body)
    console.print(Text("Warnings", style="bold underline"))
    console.print(warnings)
    console.print()


def _steps_and_dns(plan: Plan, console: Console) -> None:
    from rich.table import Table
    from rich.text import Text

    if plan.steps:
        steps = Table.grid(padding=(0, 1), expand=True)
        steps.add_column(no_wrap=True, justify="right")
        steps.add_column(ratio=1)
        for number, step in enumerate(plan.steps, 1):
            body = Text()
            body.append(f"{step.title}: ", style="bold")
            body.append(step.detail)
            steps.add_row(f"{number}.", body)
        console.print(Text("Next steps", style="bold underline"))
        console.print(steps)
    if plan.dns:
        console.print()
        console.print(Text("DNS records", style="bold underline"))
        for record in plan.dns:
            console.print(Text(f"  {record.type:4} {record.name} ({record.note}):"))
            console.print(
                Text(f"      {record.value}"), soft_wrap=True
            )  # never broken: it is pasted into DNS
