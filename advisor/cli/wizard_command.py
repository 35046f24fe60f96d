"""`wizard`: answer questions in the terminal (also what `connector-advisor` alone starts)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from advisor.cli.options import NoColor, command, environment_of
from advisor.environment import Environment
from advisor.errors import UserError

EXAMPLES = (
    "\b\nExamples:\n"
    "  connector-advisor wizard                     new answers, saved at the end\n"
    "  connector-advisor wizard --answers acme.yaml\n"
    "      revise a client: straight to the review"
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
        typer.Option(
            "--save",
            "-s",
            metavar="FILE",
            help="Save the answers here without asking, and the script and handouts beside them "
            "(acme.yaml -> acme.ps1, acme.md, acme.html).",
        ),
    ] = None,
    answers_only: Annotated[
        bool, typer.Option("--answers-only", help="With --save: save the answers file alone.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace existing files when saving.")] = False,
    no_color: NoColor = False,
) -> None:
    """Answer questions in the terminal; get the plan and an answers file to re-run."""
    if answers_only and save is None:
        raise UserError("--answers-only goes with --save FILE", "add --save acme.yaml, say")
    run_wizard(environment_of(ctx, no_color), answers, save, force, answers_only)


def run_wizard(
    env: Environment, answers: str | None, save: Path | None, force: bool, answers_only: bool = False
) -> None:
    from advisor.wizard.session import start

    start(env, answers, save, force, answers_only)


def register(app: typer.Typer) -> None:
    command(
        app,
        "wizard",
        short_help="Answer questions; get the plan and an answers file.",
        examples=EXAMPLES,
        section="The wizard",
    )(wizard)
