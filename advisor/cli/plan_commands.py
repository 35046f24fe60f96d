"""`plan` and `render`: a plan for one answers file in any format, and the script and handouts for many."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor.cli.options import (
    DocumentOptions,
    NoColor,
    Output,
    command,
    environment_of,
    format_option,
    with_document_options,
)
from advisor.errors import ExitCode, UserError
from advisor.outputs.formats import BY_DEFAULT, FORMATS, RENDERED, SCRIPT

if TYPE_CHECKING:
    from advisor.environment import Environment
    from advisor.inputs.document_control import DocumentControl
    from advisor.model.answers import Answers
    from advisor.model.plan import Plan

PLAN_EXAMPLES = (
    "\b\nExamples:\n"
    "  connector-advisor plan acme.yaml             the plan in the terminal\n"
    "  connector-advisor plan acme.yaml -f powershell -o acme.ps1\n"
    "  connector-advisor plan --example hybrid -f json"
)
RENDER_EXAMPLES = (
    "\b\nExamples:\n"
    "  connector-advisor render clients/ --out handouts/\n"
    "      every answers file in a folder\n"
    "  connector-advisor render acme.yaml --out out/ -f html --force"
)


@with_document_options
def plan(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(metavar="FILE", hidden=True, show_default=False),
    ] = None,
    example: Annotated[
        str | None,
        typer.Option(
            "--example",
            "-e",
            metavar="NAME",
            help="Plan a bundled example instead of a file (see `connector-advisor example`).",
        ),
    ] = None,
    output_format: Annotated[str, format_option(tuple(FORMATS))] = "table",
    output: Output = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")] = False,
    no_color: NoColor = False,
    certificate: Annotated[
        str | None,
        typer.Option(
            "--certificate",
            metavar="FILE",
            help="The on-premises server's certificate (PEM or DER): the scripts set its TlsCertificateName "
            "as it is instead of looking it up on the server. Checked first, as `cert --plan` does.",
        ),
    ] = None,
    document: DocumentOptions = DocumentOptions(),  # noqa: B008 - filled by with_document_options
) -> None:
    """Plan the connectors for FILE, an answers file (YAML or JSON; - reads standard input): what to do,
    the connectors with their cmdlet parameters, warnings, steps and sources."""
    env = environment_of(ctx, no_color)
    if (file is None) == (example is None):
        raise UserError(
            "give either an answers FILE or --example NAME",
            "for instance `connector-advisor plan --example combined`",
        )
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import load_answers, load_example

    answers = load_example(example) if example is not None else load_answers(file or "", env.stdin)
    result = decide(answers)
    if certificate is not None:
        result = _with_certificate(env, answers, result, certificate)
    if output_format == "table" and output is None:
        from advisor.outputs.terminal.plan_table import render_table

        render_table(result, env.console())
        return
    client, base = client_document(answers, file)
    control = document.control([output_format], client, base)
    _emit_plan(env, (answers, result), output_format, output, example or file, force, control)


def client_document(answers: Answers, file: str | None) -> tuple[dict[str, Any] | None, Path | None]:
    """The answers file's `document` section as document settings, and the folder its logo is relative to."""
    if answers.document is None:
        return None, None
    from dataclasses import asdict

    base = Path(file).resolve().parent if file and file != "-" else Path.cwd()
    return {k: v for k, v in asdict(answers.document).items() if v is not None}, base


def _with_certificate(env: Environment, answers: Answers, plan: Plan, file: str) -> Plan:
    """The plan with the server certificate's TlsCertificateName, once the certificate is checked against
    it: a critical finding (the wrong name, not in an accepted domain, expired) is refused."""
    from dataclasses import replace

    from advisor.inputs.certificates import read_certificate
    from advisor.tenant.certificate_checks import check, expected_of

    if plan.on_premises_side is None or not plan.on_premises_side.certificate_lookup:
        raise UserError(
            "--certificate is for a plan whose on-premises server sends with a certificate",
            "this plan has no send connector that names one; use `connector-advisor cert FILE` to read it",
        )
    given = read_certificate(file)
    expected, accepted = expected_of(answers, plan)
    refused = [f for f in check(given, env.today(), expected, accepted) if f.severity == "critical"]
    if refused:
        raise UserError(f"{file}: " + " ".join(f.message for f in refused), refused[0].action)
    side = replace(plan.on_premises_side, tls_certificate_name=given.tls_certificate_name)
    return replace(plan, on_premises_side=side)


def _emit_plan(
    env: Environment,
    planned: tuple[Answers, Plan],
    output_format: str,
    output: Path | None,
    source_name: str | None,
    force: bool,
    document: DocumentControl | None = None,
) -> None:
    """Write the plan to `output` (with the on-premises script beside a PowerShell one), or print it; a
    handout in the document control's language."""
    from advisor.advice.decide import localised_plan
    from advisor.outputs.writing.documents import check_available, plan_text, write_plan

    answers, result = planned
    localised = localised_plan(answers, result, document.language if document else None)

    check_available([output_format])
    if output is None and FORMATS[output_format].binary:
        raise UserError(
            f"the {output_format} format is a file, not text to print",
            f"write it with --output FILE{FORMATS[output_format].suffix}",
        )

    if output is not None:
        from advisor.outputs.terminal.error_messages import report_written

        written = write_plan(
            result,
            {output_format: output},
            today=env.today(),
            source_name=source_name,
            force=force,
            document=document,
            localised=localised,
        )
        report_written(env.stderr, written)
        return
    stem = Path(source_name).stem if source_name and source_name != "-" else "plan"
    text = plan_text(
        result,
        output_format,
        today=env.today(),
        source_name=source_name,
        script_name=f"{stem}{FORMATS[SCRIPT].suffix}",
        document=document,
        localised=localised,
    )
    assert isinstance(text, str)  # binary formats were refused above
    env.stdout.write(text)
    env.stdout.flush()
    if output_format == SCRIPT:
        _second_script_note(env, result, stem)


def _second_script_note(env: Environment, result: Plan, stem: str) -> None:
    """Standard output has the Exchange Online script; the on-premises one needs --output to be written."""
    from advisor.outputs.terminal.error_messages import printable
    from advisor.outputs.views.powershell import onprem_script_needed
    from advisor.shell_words import shell_word

    if onprem_script_needed(result):
        note = (
            f"note: the on-premises side is a second script, {stem}.onprem.ps1; write both with "
            f"--output {shell_word(f'{stem}.ps1')}"
        )
        env.stderr.write(printable(note) + "\n")


@with_document_options
def render_command(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(metavar="FILE_OR_FOLDER", hidden=True, show_default=False),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="DIR", help="Folder for the outputs (created if missing).")
    ],
    formats: Annotated[
        list[str] | None,
        format_option(RENDERED, f"; repeat for several (default: {', '.join(BY_DEFAULT)})"),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files.")] = False,
    no_color: NoColor = False,
    document: DocumentOptions = DocumentOptions(),  # noqa: B008 - filled by with_document_options
) -> None:
    """Write the PowerShell script and handouts for each answers file (FILE_OR_FOLDER: answers files, or
    folders of *.yaml, *.yml and *.json files): acme.yaml -> acme.ps1 (and acme.onprem.ps1 where an
    Exchange server is on premises), acme.md, acme.html. Existing outputs are skipped unless --force; the
    exit code is 2 only when a file failed."""
    from advisor.cli.render_runner import render_files
    from advisor.outputs.writing.documents import check_available

    env = environment_of(ctx, no_color)
    chosen = list(dict.fromkeys(formats or BY_DEFAULT))
    check_available(chosen)
    failed = render_files(
        env, files, out, chosen, force, document.control(chosen), (document.file, document.overrides())
    )
    if failed:
        raise typer.Exit(ExitCode.USAGE)


def register(app: typer.Typer) -> None:
    command(
        app,
        "plan",
        short_help="Plan the connectors for an answers file, in any format.",
        examples=PLAN_EXAMPLES,
        section="What the outputs contain",
    )(plan)
    command(
        app,
        "render",
        short_help="Write the script and handouts for answers files.",
        examples=RENDER_EXAMPLES,
        section="What the outputs contain",
    )(render_command)
