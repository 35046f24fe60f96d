"""The commands for a tenant that already has connectors: collect, audit, diff, route.

Everything runs offline from an export; nothing here connects to a tenant.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor.cli.emitting import emit, emit_table
from advisor.cli.options import (
    FailOn,
    Force,
    NoColor,
    Output,
    choice,
    command,
    environment_of,
    exit_on_findings,
    listed,
)
from advisor.environment import Environment
from advisor.errors import ExitCode, UserError
from advisor.language import LANGUAGES
from advisor.model.vocabulary import SEVERITY_ORDER
from advisor.outputs.formats import SCRIPT

if TYPE_CHECKING:
    from datetime import date

    from advisor.model.tenant import Tenant
    from advisor.model.vocabulary import Severity

ReportLanguage = Annotated[
    str,
    typer.Option(
        "--language",
        metavar="LANG",
        click_type=choice(tuple(LANGUAGES), any_case=True),
        help=f"The Markdown or HTML report's language (the portfolio's HTML page too): "
        f"{listed(tuple(LANGUAGES))}; the table, JSON and CSV stay English.",
    ),
]
AUDIT_FORMATS = ("table", "json", "markdown", "html", "csv")  # csv: with --portfolio
PORTFOLIO_FORMATS = ("table", "json", "csv", "html")  # what --portfolio writes
DIFF_FORMATS = ("table", "json", "powershell")
ROUTE_FORMATS = ("table", "json")


def _format_option(names: tuple[str, ...]) -> Any:
    return typer.Option(
        "--format", "-f", metavar="FORMAT", click_type=choice(names), help=listed(names) + "."
    )


Exports = Annotated[list[str], typer.Argument(metavar="EXPORT...", show_default=False)]


def _tenant(sources: list[str], env: Environment) -> Tenant:
    """The tenant in the exports; what was merged while reading them (a file or connector twice) is said."""
    from advisor.inputs.exports import load_exports
    from advisor.outputs.terminal.error_messages import printable

    tenant = load_exports(sources)
    for note in tenant.notes:
        env.stderr.write(f"note: {printable(note)}\n")
    return tenant


def collect_command(ctx: typer.Context, output: Output = None, force: Force = False) -> None:
    """Write a read-only PowerShell script that exports the tenant's connectors and accepted domains to one
    JSON file (run it connected to Exchange Online; then `audit`, `diff` or `route` that file here)."""
    from advisor.outputs.views.tenant_scripts import COLLECT_SCRIPT, collect_script

    env = environment_of(ctx)
    text = collect_script(env.today(), output.name if output is not None else COLLECT_SCRIPT)
    emit(env, text, output, force, stored_as=SCRIPT)


def audit_command(
    ctx: typer.Context,
    exports: Annotated[list[str] | None, typer.Argument(metavar="EXPORT...", show_default=False)] = None,
    output_format: Annotated[str, _format_option(AUDIT_FORMATS)] = "table",
    output: Output = None,
    force: Force = False,
    fail_on: FailOn = "warning",
    portfolio: Annotated[
        Path | None,
        typer.Option(
            "--portfolio",
            metavar="DIR",
            help="Audit every tenant in DIR (a subfolder of exports, or one export file, per client) and "
            f"print one row per tenant: {listed(PORTFOLIO_FORMATS)}.",
        ),
    ] = None,
    no_color: NoColor = False,
    language: ReportLanguage = "en",
) -> None:
    """Check the connectors in EXPORT (files from `collect`, ConvertTo-Json, Format-List, Microsoft365DSC or
    ScubaGear) against the guidance: coded findings with severity, what to do and sources."""
    from advisor.tenant.audit import audit

    env = environment_of(ctx, no_color)
    if (portfolio is None) == (not exports):
        raise UserError("give either EXPORT files or --portfolio DIR", "see `audit --help`")
    severity = next((s for s in SEVERITY_ORDER if s == fail_on), None)
    if portfolio is not None:
        from advisor.language import speaking

        with speaking(language if output_format == "html" else None):  # the page; table, CSV, JSON: English
            _portfolio(env, portfolio, output_format, output, force, severity)
        return
    if output_format == "csv":
        raise UserError(
            "csv is the portfolio's format",
            f"use --portfolio DIR, or {listed(tuple(f for f in AUDIT_FORMATS if f != 'csv'))}",
        )
    tenant = _tenant(exports or [], env)
    findings = audit(tenant)
    if output_format == "table":
        from advisor.outputs.views.audit_report import audit_table_text, render_audit_table

        emit_table(
            env,
            output,
            force,
            lambda console: render_audit_table(tenant, findings, console),
            lambda: audit_table_text(tenant, findings),
        )
    elif output_format == "json":
        from advisor.outputs.views.audit_report import audit_json

        emit(env, audit_json(tenant, findings), output, force)
    else:
        emit(env, _report(tenant, output_format, env.today(), language), output, force)
    exit_on_findings(findings, fail_on)


def _report(tenant: Tenant, output_format: str, today: date, language: str) -> str:
    """The Markdown or HTML audit report in `language`: the findings' words are that language's."""
    from advisor.language import speaking
    from advisor.outputs.views.audit_report import audit_document
    from advisor.tenant.audit import audit

    with speaking(language):
        return audit_document(tenant, audit(tenant), output_format, today)


def _portfolio(
    env: Environment,
    folder: Path,
    output_format: str,
    output: Path | None,
    force: bool,
    fail_on: Severity | None,
) -> None:
    from advisor.cli.portfolio_runner import (
        audit_portfolio,
        portfolio_exit,
        portfolio_text,
    )

    if output_format not in PORTFOLIO_FORMATS:
        raise UserError(
            f"--portfolio writes {', '.join(PORTFOLIO_FORMATS)}, not {output_format}", "choose one of them"
        )
    rows = audit_portfolio(folder)
    if output_format == "table" and output is None:
        portfolio_text(env, rows, output_format)
    else:
        text = portfolio_text(env, rows, output_format) if output_format != "table" else None
        if text is None:
            from advisor.outputs.views.portfolio_report import portfolio_table_text

            text = portfolio_table_text(rows)
        emit(env, text, output, force)
    code = portfolio_exit(rows, fail_on)
    if code:
        raise typer.Exit(code)


def diff_command(
    ctx: typer.Context,
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", show_default=False)],
    exports: Exports,
    output_format: Annotated[str, _format_option(DIFF_FORMATS)] = "table",
    output: Output = None,
    force: Force = False,
) -> None:
    """Compare the plan for ANSWERS with the connectors in EXPORT: missing, extra, and each planned setting
    that differs. `--format powershell` writes a script that converges (never removes). Exit 3 when not in
    step."""
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import load_answers
    from advisor.tenant.diff import compare

    env = environment_of(ctx)
    plan = decide(load_answers(answers, env.stdin))
    tenant = _tenant(exports, env)
    comparison = compare(plan, tenant)
    if output_format == "json":
        from advisor.outputs.engine.quoting import json_text

        emit(env, json_text(comparison.to_dict()), output, force)
    elif output_format == "powershell":
        from advisor.outputs.views.tenant_scripts import CONVERGE_SCRIPT, converge_script

        name = output.name if output is not None else CONVERGE_SCRIPT
        emit(
            env, converge_script(comparison, plan, tenant.collected, env.today(), name), output, force, SCRIPT
        )
    else:
        from advisor.outputs.views.diff_report import diff_text

        emit(env, diff_text(comparison), output, force)
    if not comparison.in_step:
        raise typer.Exit(ExitCode.FINDINGS)


To = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="ADDRESS",
        help="The recipient: alone, outbound mail; with --from, whether inbound mail is delivered to a "
        "mailbox of yours or relayed.",
    ),
]
From = Annotated[str | None, typer.Option("--from", metavar="ADDRESS", help="Inbound: the envelope sender.")]
Ip = Annotated[
    str | None, typer.Option("--ip", metavar="IP", help="Inbound: the sending server's IP address.")
]
Certificate = Annotated[
    str | None,
    typer.Option(
        "--certificate", metavar="NAME", help="Inbound: the name on the sending server's certificate."
    ),
]


def route_command(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(metavar="SOURCE...", show_default=False)],
    to: To = None,
    sender: From = None,
    ip: Ip = None,
    certificate: Certificate = None,
    output_format: Annotated[str, _format_option(ROUTE_FORMATS)] = "table",
) -> None:
    """Which connector Exchange Online would use for a message, by Microsoft's documented rules. SOURCE is an
    answers file (its plan), or one or more exports of the same tenant."""
    from advisor.tenant.route import route_inbound, route_outbound

    env = environment_of(ctx)
    if to is None and sender is None:
        raise UserError(
            "give --to ADDRESS (outbound), or --from ADDRESS with --ip IP (inbound)", "see `route --help`"
        )
    if sender is not None and ip is None:
        raise UserError("--from needs --ip (the sending server's address)", "add --ip 203.0.113.10, say")
    to, sender, ip, certificate = _route_options(to, sender, ip, certificate)
    tenant = _route_source(sources, env)
    if sender is None:
        result = route_outbound(tenant, to or "")
    else:
        result = route_inbound(tenant, sender, ip or "", certificate, recipient=to)
    if output_format == "json":
        from advisor.outputs.engine.quoting import json_text

        env.stdout.write(json_text(result.to_dict()))
        return
    from advisor.outputs.views.diff_report import route_text

    env.stdout.write(route_text(result))


def _route_options(
    to: str | None, sender: str | None, ip: str | None, certificate: str | None
) -> tuple[str | None, str | None, str | None, str | None]:
    """The options as route reads them (spaces people paste removed), or every one it cannot read, at once."""
    from advisor.errors import AnswersInvalid, Problem
    from advisor.model.mail_validators import route_address, route_ip
    from advisor.model.validators import InvalidValue, certificate_name

    given = {"--to": (to, route_address), "--from": (sender, route_address), "--ip": (ip, route_ip)}
    given["--certificate"] = (certificate, certificate_name)
    read: dict[str, str | None] = {}
    problems = []
    for option, (value, check) in given.items():
        try:
            read[option] = None if value is None else check(value)
        except InvalidValue as refused:
            problems.append(Problem(option, refused.reason, value, refused.accepted))
    if problems:
        error = AnswersInvalid(problems, "the command line")
        error.hint = "give the options as `route --help` shows them"
        raise error
    return read["--to"], read["--from"], read["--ip"], read["--certificate"]


def _route_source(sources: list[str], env: Environment) -> Tenant:
    """An answers file's plan (YAML, or JSON with `version` and `organization`), or the exports."""
    from advisor.inputs.answers_file import load_answers

    answers = [
        s
        for s in sources
        if Path(s).suffix.lower() in (".yaml", ".yml") or s == "-" or _looks_like_answers(Path(s))
    ]
    if answers and len(sources) > 1:
        raise UserError(
            f"{answers[0]} is an answers file: route reads one answers file, or one or more exports",
            "give the answers file alone, or only exports",
        )
    if answers:
        from advisor.advice.decide import decide
        from advisor.tenant.planned import tenant_from_plan

        return tenant_from_plan(decide(load_answers(answers[0], env.stdin)))
    return _tenant(sources, env)


def _looks_like_answers(path: Path) -> bool:
    """A JSON answers file, told from an export by its keys; read no further than an answers file can be
    long (an export of 60 MB is read once, by the export reader)."""
    import json

    from advisor.inputs.answers_file import MAX_BYTES

    try:
        with path.open("rb") as handle:
            head = handle.read(MAX_BYTES + 1)
        if len(head) > MAX_BYTES:
            return False  # longer than any answers file
        data = json.loads(head.decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):  # not JSON one can read: the export reader says why
        return False
    return isinstance(data, dict) and "organization" in data and "version" in data


COLLECT_EXAMPLES = (
    "\b\nExamples:\n  connector-advisor collect -o collect.ps1\n"
    "  then run .\\collect.ps1 in PowerShell connected to Exchange Online"
)
AUDIT_EXAMPLES = (
    "\b\nExamples:\n  connector-advisor audit connectors.json\n"
    "  connector-advisor audit connectors.json -f html -o audit.html\n"
    "  connector-advisor audit connectors.json --fail-on critical\n"
    "  connector-advisor audit --portfolio clients/ -f csv -o portfolio.csv"
)
DIFF_EXAMPLES = (
    "\b\nExamples:\n  connector-advisor diff acme.yaml connectors.json\n"
    "  connector-advisor diff acme.yaml connectors.json -f powershell -o fix.ps1"
)
ROUTE_EXAMPLES = (
    "\b\nExamples:\n  connector-advisor route connectors.json --to john@sales.contoso.com\n"
    "  connector-advisor route in.txt out.txt domains.json --to john@fabrikam.com\n"
    "  connector-advisor route acme.yaml --from scan@contoso.com --ip 198.51.100.25\n"
    "  connector-advisor route connectors.json --from news@contoso.com \\\n"
    "      --ip 203.0.113.5 --to ann@contoso.com"
)


def register(app: typer.Typer) -> None:
    tenant = "Check an existing tenant"
    command(
        app,
        "collect",
        short_help="Write the read-only script that exports a tenant's connectors.",
        examples=COLLECT_EXAMPLES,
        section=tenant,
    )(collect_command)
    command(
        app,
        "audit",
        short_help="Check a tenant's connectors against Microsoft's guidance.",
        examples=AUDIT_EXAMPLES,
        section=tenant,
    )(audit_command)
    command(
        app,
        "diff",
        short_help="Compare a plan with the connectors a tenant has.",
        examples=DIFF_EXAMPLES,
        section=tenant,
    )(diff_command)
    command(
        app,
        "route",
        short_help="Which connector Exchange Online would use for a message.",
        examples=ROUTE_EXAMPLES,
        section=tenant,
    )(route_command)
