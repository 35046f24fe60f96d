"""`example` and `schema`: the bundled example answers files, and the answers file's JSON Schema."""

from __future__ import annotations

from typing import Annotated

import typer

from advisor.cli.options import command, environment_of

EXAMPLE_EXAMPLES = (
    "\b\nExamples:\n"
    "  connector-advisor example                    list the examples\n"
    "  connector-advisor example hybrid > acme.yaml\n"
    "      start a client's answers from one"
)
SCHEMA_EXAMPLES = "\b\nExamples:\n  connector-advisor schema > connector-advisor.schema.json"


def example_command(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(metavar="NAME", hidden=True, show_default=False),
    ] = None,
) -> None:
    """List the bundled example answers files, or print the one called NAME."""
    from advisor.inputs.examples import example_text, examples

    env = environment_of(ctx)
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


def schema_command(ctx: typer.Context) -> None:
    """Print the JSON Schema of the answers file, for editors."""
    from advisor.model.schema import schema_text

    environment_of(ctx).stdout.write(schema_text() + "\n")


def register(app: typer.Typer) -> None:
    answers = "The answers file (format version 1)"
    command(
        app,
        "example",
        short_help="List the bundled example answers files, or print one.",
        examples=EXAMPLE_EXAMPLES,
        section=answers,
    )(example_command)
    command(
        app,
        "schema",
        short_help="Print the answers file's JSON Schema, for editors.",
        examples=SCHEMA_EXAMPLES,
        section=answers,
    )(schema_command)
