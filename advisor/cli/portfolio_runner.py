"""`audit --portfolio DIR`: every tenant in a consultant's folder audited, one summary row each. A tenant
whose files cannot be read is a row with the error; the others are still audited."""

from __future__ import annotations

from pathlib import Path

from advisor.environment import Environment
from advisor.errors import AdvisorError, AnswersInvalid, ExitCode
from advisor.model.vocabulary import SEVERITY_ORDER, Severity
from advisor.tenant.portfolio import TenantRow


def audit_portfolio(folder: Path) -> list[TenantRow]:
    """Each tenant of `folder` read and audited, worst first."""
    from advisor.inputs.exports import load_exports
    from advisor.inputs.portfolio import tenants_in
    from advisor.tenant.audit import audit
    from advisor.tenant.findings import entries
    from advisor.tenant.portfolio import failed, row, worst_first

    rows: list[TenantRow] = []
    for name, files, unreadable in tenants_in(folder):
        if unreadable:
            rows.append(failed(name, files, unreadable))
            continue
        if not files:
            rows.append(failed(name, files, str(entries()["portfolio"]["no-files"])))
            continue
        try:
            tenant = load_exports(files)
        except AdvisorError as error:
            rows.append(failed(name, files, _said(error)))
            continue
        rows.append(row(name, files, tenant, audit(tenant)))
    return worst_first(rows)


def _said(error: AdvisorError) -> str:
    """The error in one line for the row: its message, and the first problem with its place."""
    from advisor.outputs.terminal.error_messages import printable

    if isinstance(error, AnswersInvalid) and error.problems:
        first = error.problems[0]
        more = len(error.problems) - 1
        extra = f" (and {more} more)" if more else ""
        return printable(f"{first.path}: {first.message}{extra}")
    return printable(error.message)


def portfolio_text(env: Environment, rows: list[TenantRow], output_format: str) -> str | None:
    """The summary in `output_format`; None when the table was printed to the terminal."""
    from advisor.outputs.views import portfolio_report as report

    if output_format == "json":
        return report.portfolio_json(rows)
    if output_format == "csv":
        return report.portfolio_csv(rows)
    if output_format == "html":
        return report.portfolio_html(rows, env.today())
    report.render_portfolio_table(rows, env.console())
    return None


def portfolio_exit(rows: list[TenantRow], fail_on: Severity | None) -> int:
    """2 when a tenant could not be read (as `render` does for a file), 3 when a finding is at least as
    severe as `fail_on`, else 0."""
    if any(r.error for r in rows):
        return ExitCode.USAGE
    if fail_on is None:
        return ExitCode.OK
    limit = SEVERITY_ORDER.index(fail_on)
    counts = [(r.critical, r.warning, r.info) for r in rows]
    return ExitCode.FINDINGS if any(any(c[: limit + 1]) for c in counts) else ExitCode.OK
