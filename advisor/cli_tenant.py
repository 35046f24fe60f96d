"""The commands for a tenant that already has connectors: collect, audit, diff, route (issue 12).

Part of the command-line layer; `register(app)` adds them to the one typer app. Everything runs offline
from an export; nothing here connects to a tenant.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from advisor import __version__
from advisor.cli_options import NoColor, listed
from advisor.cli_options import environment_of as _env
from advisor.environment import Environment
from advisor.errors import ExitCode, UserError

if TYPE_CHECKING:
    from advisor.model.tenant import Tenant
    from advisor.model.vocabulary import Severity


class AuditFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    powershell = "powershell"


class RouteFormat(StrEnum):
    table = "table"
    json = "json"


class FailOn(StrEnum):
    """`--fail-on`: a severity of the vocabulary, or never (typer needs an Enum; a test keeps them equal)."""

    info = "info"
    warning = "warning"
    critical = "critical"
    never = "never"


def _severity(level: FailOn) -> Severity:
    from advisor.model.vocabulary import SEVERITY_ORDER

    return next(s for s in SEVERITY_ORDER if s == level.value)


Output = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of standard output."),
]
Force = Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")]
Exports = Annotated[list[str], typer.Argument(metavar="EXPORT...", show_default=False)]


def _emit(env: Environment, text: str, output: Path | None, force: bool, script: bool = False) -> None:
    """To --output (atomically; a script as UTF-8 with BOM and CRLF) or to standard output."""
    if output is None:
        env.stdout.write(text)
        env.stdout.flush()
        return
    from advisor.outputs.documents import PLAIN, STORAGE
    from advisor.outputs.files import write_atomic

    encoding, newline = STORAGE["powershell"] if script else PLAIN
    from advisor.outputs.error_messages import printable

    write_atomic(output, text, force, encoding=encoding, newline=newline)
    env.stderr.write(f"wrote {printable(str(output))}\n")


def _tenant(sources: list[str], env: Environment) -> Tenant:
    """The tenant in the exports; what was merged while reading them (a file or connector twice) is said."""
    from advisor.inputs.exports import load_exports
    from advisor.outputs.error_messages import printable

    tenant = load_exports(sources)
    for note in tenant.notes:
        env.stderr.write(f"note: {printable(note)}\n")
    return tenant


def collect_command(ctx: typer.Context, output: Output = None, force: Force = False) -> None:
    """Write a read-only PowerShell script that exports the tenant's connectors and accepted domains to one
    JSON file (run it connected to Exchange Online; then `audit`, `diff` or `route` that file here)."""
    from advisor.outputs.templating import environment

    env = _env(ctx)
    name = output.name if output is not None else "collect-connectors.ps1"
    text = (
        environment()
        .get_template("collect.ps1.j2")
        .render(script_name=name, version=__version__, date=env.today().isoformat())
    )
    _emit(env, text, output, force, script=True)


def audit_command(
    ctx: typer.Context,
    exports: Exports,
    output_format: Annotated[
        AuditFormat, typer.Option("--format", "-f", metavar="FORMAT", help=listed(AuditFormat) + ".")
    ] = AuditFormat.table,
    output: Output = None,
    force: Force = False,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            metavar="LEVEL",
            help=f"Exit 3 when a finding is at least this severe: {listed(FailOn, {'warning': 'default'})}.",
        ),
    ] = FailOn.warning,
    no_color: NoColor = False,
) -> None:
    """Check the connectors in EXPORT (files from `collect`, ConvertTo-Json or ScubaGear) against the
    guidance: coded findings with severity, what to do and sources."""
    from advisor.tenant.audit import at_or_above, audit

    env = _env(ctx, no_color)
    tenant = _tenant(exports, env)
    findings = audit(tenant)
    if output_format is AuditFormat.table:
        from advisor.outputs.audit_report import audit_table_text, render_audit_table

        if output is None:
            render_audit_table(tenant, findings, env.console())
        else:
            _emit(env, audit_table_text(tenant, findings), output, force)
    elif output_format is AuditFormat.json:
        from advisor.outputs.audit_report import audit_json

        _emit(env, audit_json(tenant, findings), output, force)
    else:
        from advisor.outputs.audit_report import audit_document

        _emit(env, audit_document(tenant, findings, output_format.value, env.today()), output, force)
    if fail_on is not FailOn.never and at_or_above(findings, _severity(fail_on)):
        raise typer.Exit(ExitCode.FINDINGS)


def diff_command(
    ctx: typer.Context,
    answers: Annotated[str, typer.Argument(metavar="ANSWERS", show_default=False)],
    exports: Exports,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", metavar="FORMAT", help=listed(DiffFormat) + ".")
    ] = DiffFormat.table,
    output: Output = None,
    force: Force = False,
) -> None:
    """Compare the plan for ANSWERS with the connectors in EXPORT: missing, extra, and each planned setting
    that differs. `--format powershell` writes a script that converges (never removes). Exit 3 when not in
    step."""
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import load_answers
    from advisor.tenant.diff import compare

    env = _env(ctx)
    plan = decide(load_answers(answers, env.stdin))
    tenant = _tenant(exports, env)
    comparison = compare(plan, tenant)
    if output_format is DiffFormat.json:
        from advisor.outputs.quoting import json_text

        _emit(env, json_text(comparison.to_dict()), output, force)
    elif output_format is DiffFormat.powershell:
        from advisor.outputs.templating import environment

        name = output.name if output is not None else "converge.ps1"
        text = (
            environment()
            .get_template("diff.ps1.j2")
            .render(
                comparison=comparison,
                plan=plan,
                collected=tenant.collected,
                script_name=name,
                script_stem=name.removesuffix(".ps1"),
                version=__version__,
                date=env.today().isoformat(),
            )
        )
        _emit(env, text, output, force, script=True)
    else:
        from advisor.outputs.diff_report import diff_text

        _emit(env, diff_text(comparison), output, force)
    if not comparison.in_step:
        raise typer.Exit(ExitCode.FINDINGS)


To = Annotated[str | None, typer.Option("--to", metavar="ADDRESS", help="Outbound: the recipient.")]
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
    source: Annotated[str, typer.Argument(metavar="SOURCE", show_default=False)],
    to: To = None,
    sender: From = None,
    ip: Ip = None,
    certificate: Certificate = None,
    output_format: Annotated[
        RouteFormat, typer.Option("--format", "-f", metavar="FORMAT", help=listed(RouteFormat) + ".")
    ] = RouteFormat.table,
) -> None:
    """Which connector Exchange Online would use for a message, by Microsoft's documented rules. SOURCE is an
    answers file (its plan) or an export."""
    from advisor.tenant.route import route_inbound, route_outbound

    env = _env(ctx)
    if (to is None) == (sender is None):
        raise UserError("give either --to ADDRESS, or --from ADDRESS with --ip IP", "see `route --help`")
    if sender is not None and ip is None:
        raise UserError("--from needs --ip (the sending server's address)", "add --ip 203.0.113.10, say")
    to, sender, ip, certificate = _route_options(to, sender, ip, certificate)
    tenant = _route_source(source, env)
    if to is not None:
        result = route_outbound(tenant, to)
    else:
        result = route_inbound(tenant, sender or "", ip or "", certificate)
    if output_format is RouteFormat.json:
        from advisor.outputs.quoting import json_text

        env.stdout.write(json_text(result.to_dict()))
        return
    from advisor.outputs.diff_report import route_text

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


def _route_source(source: str, env: Environment) -> Tenant:
    """An answers file's plan (YAML, or JSON with `version` and `organization`), or an export."""
    from advisor.inputs.answers_file import load_answers

    path = Path(source)
    if path.suffix.lower() in (".yaml", ".yml") or source == "-" or _looks_like_answers(path):
        from advisor.advice.decide import decide
        from advisor.tenant.planned import tenant_from_plan

        return tenant_from_plan(decide(load_answers(source, env.stdin)))
    return _tenant([source], env)


def _looks_like_answers(path: Path) -> bool:
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig")[:1_000_000])
    except (OSError, ValueError, RecursionError):  # not JSON one can read: the export reader says why
        return False
    return isinstance(data, dict) and "organization" in data and "version" in data


COLLECT_EXAMPLES = (
    "\b\nExample:\n  connector-advisor collect -o collect.ps1\n"
    "  then run .\\collect.ps1 in PowerShell connected to Exchange Online"
)
AUDIT_EXAMPLES = (
    "\b\nExamples:\n  connector-advisor audit connectors.json\n"
    "  connector-advisor audit connectors.json -f html -o audit.html --fail-on never"
)
DIFF_EXAMPLES = (
    "\b\nExample:\n  connector-advisor diff acme.yaml connectors.json -f powershell -o converge.ps1"
)
ROUTE_EXAMPLES = (
    "\b\nExamples:\n  connector-advisor route connectors.json --to john@sales.contoso.com\n"
    "  connector-advisor route acme.yaml --from printer@contoso.com --ip 198.51.100.25"
)


def register(app: typer.Typer) -> None:
    app.command("collect", epilog=COLLECT_EXAMPLES)(collect_command)
    app.command("audit", epilog=AUDIT_EXAMPLES)(audit_command)
    app.command("diff", epilog=DIFF_EXAMPLES)(diff_command)
    app.command("route", epilog=ROUTE_EXAMPLES)(route_command)
