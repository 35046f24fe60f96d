"""`verify` as JSON, the filled test plan (CSV for the sign-off) or in the terminal. Addresses and connector
names come from trace exports: each format's filter applies (JSON, the spreadsheet guard, printable)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.model.plan import Plan
from advisor.tenant.verify import TestResult, counts

if TYPE_CHECKING:
    from rich.console import Console


def said(r: TestResult) -> str:
    """A result in words (findings.yaml, `verify`)."""
    from advisor.tenant.findings import entries

    words = entries()["verify"]
    key = r.result
    if key == "fail" and not r.seen_connector:
        key = "fail-no-connector"
    return str(words[key]).format(
        status=r.status or "", connector=r.seen_connector or words["no-connector"], time=r.time or ""
    )


def verify_json(results: list[TestResult]) -> str:
    from advisor.outputs.engine.quoting import json_text

    data: dict[str, Any] = {
        "advisor_version": __version__,
        "tests": [r.to_dict() for r in results],
        "counts": counts(results),
    }
    return json_text(data)


def verify_csv(plan: Plan, results: list[TestResult]) -> str:
    """The plan's test plan spreadsheet with each test's result filled in."""
    from advisor.outputs.views.handout import filled_test_plan

    return filled_test_plan(plan, [said(r) for r in results])


def verify_document(plan: Plan, results: list[TestResult], output_format: str, today: date) -> str:
    """The results as a Markdown or HTML page to file with the change."""
    from advisor.outputs.engine.templating import environment
    from advisor.tenant.findings import entries

    template = environment().get_template("verify.md.j2" if output_format == "markdown" else "verify.html.j2")
    rows = [
        {
            "number": r.number,
            "test": r.test,
            "connector": r.expected_connector,
            "result": said(r),
            "kind": r.result,
        }
        for r in results
    ]
    return template.render(
        organization=plan.organization,
        rows=rows,
        words=entries()["verify"],
        counts=counts_line(results),
        date=today.isoformat(),
        version=__version__,
    )


def counts_line(results: list[TestResult]) -> str:
    from advisor.tenant.findings import entries

    c = counts(results)
    return str(entries()["verify"]["counts"]).format(
        **{"pass": c["pass"], "fail": c["fail"], "unconfirmed": c["unconfirmed"], "not_seen": c["not-seen"]}
    )


def render_verify(results: list[TestResult], console: Console) -> None:
    from rich.text import Text

    from advisor.outputs.terminal.error_messages import printable

    style = {"pass": "green", "fail": "bold red", "unconfirmed": "yellow", "not-seen": "dim"}
    for r in results:
        line = Text(f"{r.number}. {printable(r.test)} ({printable(r.expected_connector)}): ")
        line.append(printable(said(r)), style=style[r.result])
        console.print(line)
    console.print(Text(counts_line(results), style="bold"))


def verify_text(results: list[TestResult]) -> str:
    from io import StringIO

    from rich.console import Console

    from advisor.outputs.terminal.plan_table import TABLE_WIDTH

    buffer = StringIO()
    render_verify(results, Console(file=buffer, no_color=True, width=TABLE_WIDTH, highlight=False))
    return buffer.getvalue()
