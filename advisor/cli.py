"""The command line: parse options, call the layers, map errors to exit codes.

Heavy modules (rich, jinja2, questionary, PyYAML) are imported inside the commands that use them, so
`--help` and `plan --format json` stay fast. This is the only place that maps errors to exit codes.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from advisor import __version__
from advisor.cli_options import (
    DEFAULT_RENDER_FORMATS,
    ClientContact,
    Company,
    DocStatus,
    DocumentFile,
    DocVersion,
    Logo,
    NoColor,
    PlanFormat,
    PreparedBy,
    RenderFormat,
    handout_document,
    listed,
)
from advisor.cli_options import (
    environment_of as _env,
)
from advisor.cli_tenant import register as register_tenant_commands
from advisor.environment import Environment
from advisor.errors import ExitCode, UserError

if TYPE_CHECKING:
    from advisor.model.plan import Plan
    from advisor.model.vocabulary import OutputFormat

app = typer.Typer(
    name="connector-advisor",
    help="Decide which Exchange Online / EOP mail-flow connectors you need, with the exact settings. "
    "Without a command, in a terminal, it starts the wizard.",
    epilog="\b\nExamples:\n"
    "  connector-advisor                                 answer questions (the wizard)\n"
    "  connector-advisor plan --example combined         a plan for a bundled example\n"
    "  connector-advisor plan acme.yaml -f html -o acme.html\n"
    "  connector-advisor render clients/ --out handouts/",
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"connector-advisor {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Decide which Exchange Online / EOP mail-flow connectors you need, with the exact settings."""
    if ctx.invoked_subcommand is None:
        _run_wizard(_env(ctx), None, None, force=False)


@app.command(
    epilog="\b\nExamples:\n"
    "  connector-advisor wizard                           new answers, saved at the end\n"
    "  connector-advisor wizard --answers acme.yaml       revise a client: straight to the review"
)
def wizard(
    ctx: typer.Context,
    answers: Annotated[
        str | None,
        typer.Option(
            "--answers",
            "-a",
            metavar="FILE",
            help="Start from this answers file or recovery file (never modified): a complete file goes "
            "straight to the review.",
        ),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option("--save", "-s", metavar="FILE", help="Save the answers here without asking."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files when saving.")] = False,
    no_color: NoColor = False,
) -> None:
    """Answer questions in the terminal; get the plan and an answers file to re-run."""
    env = _env(ctx, no_color)
    _run_wizard(env, answers, save, force)


def _run_wizard(env: Environment, answers: str | None, save: Path | None, force: bool) -> None:
    from advisor.wizard.session import start

    start(env, answers, save, force)


@app.command(
    epilog="\b\nExamples:\n"
    "  connector-advisor plan acme.yaml                   the plan in the terminal\n"
    "  connector-advisor plan acme.yaml -f powershell -o acme.ps1\n"
    "  connector-advisor plan --example hybrid -f json"
)
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
    output_format: Annotated[
        PlanFormat,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=listed(PlanFormat, {"testplan": "CSV"}) + ".",
        ),
    ] = PlanFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of standard output."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")] = False,
    no_color: NoColor = False,
    document: DocumentFile = None,
    prepared_by: PreparedBy = None,
    company: Company = None,
    client_contact: ClientContact = None,
    doc_version: DocVersion = None,
    status: DocStatus = None,
    logo: Logo = None,
) -> None:
    """Plan the connectors for FILE, an answers file (YAML or JSON; - reads standard input): what to do,
    the connectors with their cmdlet parameters, warnings, steps and sources."""
    env = _env(ctx, no_color)
    if (file is None) == (example is None):
        raise UserError(
            "give either an answers FILE or --example NAME",
            "for instance `connector-advisor plan --example combined`",
        )
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import load_answers, load_example

    answers = load_example(example) if example is not None else load_answers(file or "", env.stdin)
    result = decide(answers)
    if output_format is PlanFormat.table and output is None:
        from advisor.outputs.view import render_table

        render_table(result, env.console())
        return
    control = handout_document(
        [output_format.value], document, prepared_by, company, client_contact, doc_version, status, logo
    )
    _emit_plan(env, result, output_format, output, source_name=example or file, force=force, document=control)


def _emit_plan(
    env: Environment,
    result: Plan,
    output_format: PlanFormat,
    output: Path | None,
    source_name: str | None,
    force: bool,
    document: Any = None,
) -> None:
    """Write the plan to `output` (with the on-premises script beside a PowerShell one), or print it."""
    from advisor.outputs.documents import plan_text, write_plan

    if output is not None:
        written = write_plan(
            result,
            {output_format.value: output},
            today=env.today(),
            source_name=source_name,
            force=force,
            document=document,
        )
        from advisor.outputs.error_messages import printable

        for path in written:
            env.stderr.write(f"wrote {printable(str(path))}\n")
        return
    stem = Path(source_name).stem if source_name and source_name != "-" else "plan"
    text = plan_text(
        result,
        output_format.value,
        today=env.today(),
        source_name=source_name,
        script_name=f"{stem}.ps1",
        document=document,
    )
    env.stdout.write(text)
    env.stdout.flush()
    if output_format is PlanFormat.powershell:
        from advisor.outputs.powershell import onprem_script_needed

        if not onprem_script_needed(result):
            return
        env.stderr.write(
            f"note: the on-premises side is a second script, {stem}.onprem.ps1; write both with "
            f"--output {stem}.ps1\n"
        )


@app.command(
    "render",
    epilog="\b\nExamples:\n"
    "  connector-advisor render clients/ --out handouts/  every answers file in a folder\n"
    "  connector-advisor render acme.yaml --out out/ -f html --force",
)
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
        list[RenderFormat] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=listed(RenderFormat, {"testplan": "CSV"})
            + "; repeat for several (default: the first three).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace existing output files.")] = False,
    no_color: NoColor = False,
    document: DocumentFile = None,
    prepared_by: PreparedBy = None,
    company: Company = None,
    client_contact: ClientContact = None,
    doc_version: DocVersion = None,
    status: DocStatus = None,
    logo: Logo = None,
) -> None:
    """Write the PowerShell script and handouts for each answers file (FILE_OR_FOLDER: answers files, or
    folders of *.yaml, *.yml and *.json files): acme.yaml -> acme.ps1 (and acme.onprem.ps1 where an
    Exchange server is on premises), acme.md, acme.html. Existing outputs are skipped unless --force; the
    exit code is 2 only when a file failed."""
    from advisor.outputs.batch import render_files

    env = _env(ctx, no_color)
    chosen: list[OutputFormat] = list(dict.fromkeys(f.value for f in (formats or DEFAULT_RENDER_FORMATS)))
    control = handout_document(
        list(chosen), document, prepared_by, company, client_contact, doc_version, status, logo
    )
    failed = render_files(env, files, out, chosen, force, control)
    if failed:
        raise typer.Exit(ExitCode.USAGE)


@app.command("example")
def example_command(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(metavar="NAME", hidden=True, show_default=False),
    ] = None,
) -> None:
    """List the bundled example answers files, or print the one called NAME."""
    from advisor.inputs.examples import example_text, examples

    env = _env(ctx)
    if name is None:
        width = max(len(n) for n in examples())
        for key, summary in examples().items():
            env.stdout.write(f"{key:<{width}}  {summary}\n")
        env.stdout.write(
            "\nPrint one with `connector-advisor example NAME`, plan it with "
            "`connector-advisor plan --example NAME`.\n"
        )
        return
    env.stdout.write(example_text(name))


@app.command("document")
def document_command(
    ctx: typer.Context,
    document: DocumentFile = None,
) -> None:
    """Show where the handouts' document settings are read from, and the values they give."""
    from advisor.outputs import document_control

    env = _env(ctx)
    path = document or document_control.default_path()
    control = document_control.load(document)
    state = "" if path.is_file() else " (not there: defaults below)"
    from advisor.outputs.error_messages import printable

    env.stdout.write(f"document settings: {printable(str(path))}{state}\n")
    for key in ("prepared_by", "company", "client_contact", "version", "status"):
        env.stdout.write(f"  {key}: {getattr(control, key) or '-'}\n")
    env.stdout.write(f"  logo: {'embedded' if control.logo else '-'}\n")


register_tenant_commands(app)


@app.command("schema")
def schema_command(ctx: typer.Context) -> None:
    """Print the JSON Schema of the answers file, for editors."""
    from advisor.model.schema import schema_text

    _env(ctx).stdout.write(schema_text() + "\n")


# ---------------------------------------------------------------------------------------------
# The error boundary.


def _click_exception() -> type[Exception]:
    try:
        from typer._click.exceptions import ClickException  # typer >= 0.29 vendors click
    except ImportError:  # pragma: no cover - older typer
        from click.exceptions import ClickException  # type: ignore[import-not-found, no-redef]
    return ClickException


def _show_usage_error(exc: Any, env: Environment) -> None:
    """A bad option or argument, in plain words (typer's "Value error, " dropped), and where help is."""
    message = str(exc.format_message()).replace("Value error, ", "")
    context = getattr(exc, "ctx", None)
    command = context.command_path if context is not None else "connector-advisor"
    env.stderr.write(f"error: {message}\nhint: `{command} --help` lists the options, with examples\n")


def run(argv: list[str] | None = None, env: Environment | None = None) -> int:
    """Run the CLI and return its exit code (tests call this with an injected Environment)."""
    from advisor.error_boundary import guarded

    environment = env or Environment()
    click_exception: Any = _click_exception()
    command = typer.main.get_command(app)

    def action() -> int:
        with contextlib.redirect_stdout(environment.stdout), contextlib.redirect_stderr(environment.stderr):
            result = command.main(
                args=argv, prog_name="connector-advisor", standalone_mode=False, obj=environment
            )
        code = result if isinstance(result, int) else ExitCode.OK
        if code == ExitCode.INTERRUPTED:  # typer turns Ctrl-C into a silent Exit(130)
            environment.stderr.write("\ninterrupted\n")
        return code

    def command_line_errors(exc: BaseException) -> int | None:
        if isinstance(exc, typer.Exit):
            return int(exc.exit_code)
        if isinstance(exc, typer.Abort):
            environment.stderr.write("\ninterrupted\n")
            return ExitCode.INTERRUPTED
        if isinstance(exc, click_exception):
            _show_usage_error(exc, environment)
            return ExitCode.USAGE
        return None

    return guarded(environment, action, command_line_errors)
