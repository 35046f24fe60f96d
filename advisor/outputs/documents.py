"""The one way a plan becomes text and files, for `plan`, `render` and the wizard alike.

`plan_text` renders any output format; `write_plan` writes several formats to their files. JSON needs no
template engine, so `plan --format json` never loads Jinja2.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from advisor.model.plan import Plan
from advisor.model.vocabulary import DocumentFormat, OutputFormat
from advisor.outputs.files import write_atomic

SUFFIXES: dict[OutputFormat, str] = {
    "powershell": ".ps1",
    "markdown": ".md",
    "html": ".html",
    "json": ".json",
    "table": ".txt",
}
TABLE_WIDTH = 100  # the plain-text table written to a file


def plan_text(
    plan: Plan,
    output_format: OutputFormat,
    *,
    today: date,
    source_name: str | None = None,
    script_name: str | None = None,
) -> str:
    """The plan in one output format, as text."""
    if output_format == "json":
        return json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if output_format == "table":
        from io import StringIO

        from rich.console import Console

        from advisor.outputs.view import render_table

        buffer = StringIO()
        render_table(
            plan, Console(file=buffer, no_color=True, width=TABLE_WIDTH, highlight=False, emoji=False)
        )
        return buffer.getvalue()
    from advisor.outputs.templating import render_document

    document: DocumentFormat = output_format
    return render_document(plan, document, today=today, source_name=source_name, script_name=script_name)


def write_plan(
    plan: Plan,
    targets: dict[OutputFormat, Path],
    *,
    today: date,
    source_name: str | None,
    force: bool,
    durable: bool = True,
) -> list[Path]:
    """Write the plan in each format to its path (atomically; existing files only with `force`).

    The handouts name the script after the first target (acme.md -> acme.ps1).
    """
    script = next(iter(targets.values())).with_suffix(SUFFIXES["powershell"])
    written: list[Path] = []
    for output_format, target in targets.items():
        text = plan_text(plan, output_format, today=today, source_name=source_name, script_name=script.name)
        write_atomic(target, text, force, durable=durable)
        written.append(target)
    return written


def targets_beside(stem: Path, formats: list[DocumentFormat]) -> dict[OutputFormat, Path]:
    """One file per format named after `stem` (acme -> acme.ps1, acme.md, acme.html)."""
    return {fmt: stem.with_name(stem.name + SUFFIXES[fmt]) for fmt in formats}
