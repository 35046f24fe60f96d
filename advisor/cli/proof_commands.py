"""Proof from the admin's own files, offline: `cert` (a certificate against the plan it is for) and `dns` (the
zone files of the plan's domains against its DNS section and runbook), `verify` (message traces against
the test plan)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from advisor.errors import ExitCode, UserError

if TYPE_CHECKING:
    from advisor.environment import Environment
    from advisor.outputs.views.certificate_report import Checked

CERT_FORMATS = ("table", "json")
NEEDS_PLAN = ("certificate-name-mismatch", "certificate-not-accepted-domain")
CERT_EXAMPLES = (
    "\b\nExamples:\n  connector-advisor cert mail.contoso.com.cer\n"
    "  connector-advisor cert renewed.pem --plan acme.yaml --cut-over 2027-01-15\n"
    "  connector-advisor cert chain.pem -f json -o cert.json"
)


PlanOption = Annotated[
    str | None,
    typer.Option(
        "--plan",
        metavar="ANSWERS",
        help="The answers file the certificate is for: checks the names its connectors expect and its "
        "accepted domains.",
    ),
]
CutOver = Annotated[
    str | None,
    typer.Option(
        "--cut-over", metavar="DATE", help="The change window (YYYY-MM-DD): expiry before it is a warning."
    ),
]
CertFormat = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="FORMAT", click_type=choice(CERT_FORMATS), help=listed(CERT_FORMATS) + "."
    ),
]


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(
            f"{option} {value!r} is not a date", "give it as YYYY-MM-DD, say 2027-01-15"
        ) from None


def cert_command(
    ctx: typer.Context,
    files: Annotated[list[str], typer.Argument(metavar="FILE...", show_default=False)],
    plan: PlanOption = None,
    cut_over: CutOver = None,
    output_format: CertFormat = "table",
    output: Output = None,
    force: Force = False,
    fail_on: FailOn = "warning",
    no_color: NoColor = False,
) -> None:
    """Read X.509 certificates (PEM with or without a chain, or DER) and show their names, validity and the
    exact TlsCertificateName for the send connector, checked against the plan: the name the connectors expect,
    accepted domains, expiry, self-signed."""
    from advisor.inputs.certificates import read_certificate
    from advisor.tenant.certificate_checks import check

    env = environment_of(ctx, no_color)
    when = _date(cut_over, "--cut-over")
    expected, accepted = _from_plan(plan, env) if plan else (None, None)
    checked: Checked = []
    for file in files:
        certificate = read_certificate(file)
        checked.append((certificate, check(certificate, env.today(), expected, accepted, when)))
    _show(env, checked, [] if plan else list(NEEDS_PLAN), output_format, output, force)
    exit_on_findings([f for _c, found in checked for f in found], fail_on)


def _show(
    env: Environment,
    checked: Checked,
    unchecked: list[str],
    output_format: str,
    output: Path | None,
    force: bool,
) -> None:
    from advisor.outputs.views import certificate_report as report

    if output_format == "json":
        emit(env, report.certificates_json(checked, unchecked), output, force)
    else:
        emit_table(
            env,
            output,
            force,
            lambda console: report.render_certificates(checked, unchecked, console),
            lambda: report.certificates_text(checked, unchecked),
        )


def _from_plan(answers: str, env: Environment) -> tuple[list[str], list[str]]:
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import load_answers
    from advisor.tenant.certificate_checks import expected_of

    given = load_answers(answers, env.stdin)
    return expected_of(given, decide(given))


DNS_EXAMPLES = (
    "\b\nExamples:\n  connector-advisor dns acme.yaml contoso.com.zone\n"
    "  connector-advisor dns acme.yaml contoso.com.txt contoso.co.uk.txt -f json"
)


def dns_command(
    ctx: typer.Context,
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", show_default=False)],
    zones: Annotated[list[str], typer.Argument(metavar="ZONEFILE...", show_default=False)],
    output_format: CertFormat = "table",
    output: Output = None,
    force: Force = False,
    fail_on: FailOn = "warning",
    no_color: NoColor = False,
) -> None:
    """Check each domain of the plan for ANSWERS in BIND zone files exported from its DNS host (never a DNS
    query): MX and its TTL against the runbook, SPF (one record, the plan's senders, at most 10 lookups),
    DKIM for Exchange Online, DMARC and MTA-STS."""
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import load_answers
    from advisor.inputs.zones import read_zone
    from advisor.outputs.views import dns_report as report
    from advisor.tenant.dns_checks import check

    env = environment_of(ctx, no_color)
    plan = decide(load_answers(answers, env.stdin))
    read = [read_zone(z, plan.domains) for z in zones]
    findings = check(plan, read)
    if output_format == "json":
        emit(env, report.dns_json(read, findings), output, force)
    else:
        emit_table(
            env,
            output,
            force,
            lambda console: report.render_dns(read, findings, console),
            lambda: report.dns_text(read, findings),
        )
    exit_on_findings(findings, fail_on)


VERIFY_FORMATS = ("table", "json", "csv", "markdown", "html")
VERIFY_EXAMPLES = (
    "\b\nExamples:\n  connector-advisor verify acme.yaml MTSummary_Report.csv\n"
    "  connector-advisor verify acme.yaml trace.csv -f csv -o signed.csv"
)


def verify_command(
    ctx: typer.Context,
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", show_default=False)],
    traces: Annotated[list[str], typer.Argument(metavar="TRACE...", show_default=False)],
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            click_type=choice(VERIFY_FORMATS),
            help=listed(VERIFY_FORMATS, {"csv": "the filled test plan"}) + ".",
        ),
    ] = "table",
    output: Output = None,
    force: Force = False,
    no_color: NoColor = False,
) -> None:
    """Fill in the test plan of ANSWERS from message trace exports (the admin center's report, or
    Get-MessageTraceV2 | Export-Csv): each test passes, fails (another connector, or failed), is unconfirmed
    (no connector column) or not seen. Exit 3 when a test fails."""
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import load_answers
    from advisor.inputs.traces import read_traces
    from advisor.outputs.views import verify_report as report
    from advisor.outputs.views.handout import tests
    from advisor.tenant.verify import verify

    env = environment_of(ctx, no_color)
    plan = decide(load_answers(answers, env.stdin))
    results = verify(plan, read_traces(traces), [str(t["title"]) for t in tests(plan)])
    if output_format == "json":
        emit(env, report.verify_json(results), output, force)
    elif output_format == "csv":
        emit(env, report.verify_csv(plan, results), output, force, stored_as="testplan")
    elif output_format in ("markdown", "html"):
        emit(env, report.verify_document(plan, results, output_format, env.today()), output, force)
    else:
        emit_table(
            env,
            output,
            force,
            lambda console: report.render_verify(results, console),
            lambda: report.verify_text(results),
        )
    if any(r.result == "fail" for r in results):
        raise typer.Exit(ExitCode.FINDINGS)


def register(app: typer.Typer) -> None:
    proof = "Prove it with your own files"
    command(
        app,
        "cert",
        short_help="Check certificates and give the exact TlsCertificateName.",
        examples=CERT_EXAMPLES,
        section=proof,
    )(cert_command)
    command(
        app,
        "dns",
        short_help="Check zone files against the plan's DNS records.",
        examples=DNS_EXAMPLES,
        section=proof,
    )(dns_command)
    command(
        app,
        "verify",
        short_help="Fill in the test plan from message trace exports.",
        examples=VERIFY_EXAMPLES,
        section=proof,
    )(verify_command)
