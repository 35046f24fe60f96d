"""Batch rendering for consultants: many answers files -> script and handouts each."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.environment import Environment
from advisor.errors import AdvisorError, UserError
from advisor.model.vocabulary import DocumentFormat
from advisor.outputs.error_messages import report_error

if TYPE_CHECKING:
    from rich.console import Console

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
PROGRESS_FROM = 10  # files; fewer finish before a bar would be worth drawing


@dataclass
class Outcome:
    source: str
    verdict: str | None = None
    written: list[Path] = field(default_factory=list)
    error: AdvisorError | None = None


def collect(inputs: list[str]) -> list[Path]:
    """The answers files named, with folders expanded to the answers files in them."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ANSWERS_SUFFIXES)
        else:
            found.append(path)
    return found


def render_one(
    path: Path,
    out: Path,
    formats: list[DocumentFormat],
    force: bool,
    env: Environment,
    taken: dict[Path, str],
) -> Outcome:
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import load_answers
    from advisor.outputs.documents import targets_beside, write_plan

    outcome = Outcome(str(path))
    try:
        plan = decide(load_answers(str(path)))
        outcome.verdict = plan.verdict
        targets = targets_beside(out / path.stem, formats)
        for target in targets.values():
            if target in taken:
                raise UserError(
                    f"{target} would also be written for {taken[target]}",
                    "give the answers files different names",
                )
            taken[target] = str(path)
        outcome.written = write_plan(
            plan, targets, today=env.today(), source_name=path.name, force=force, durable=False
        )
    except AdvisorError as exc:
        outcome.error = exc
    return outcome


def render_files(
    env: Environment, inputs: list[str], out: Path, formats: list[DocumentFormat], force: bool
) -> int:
    """Render every answers file; report bad ones without stopping. Returns how many failed."""
    paths = collect(inputs)
    if not paths:
        raise UserError("no answers files found", "name .yaml, .yml or .json files, or folders holding them")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create {out}: {exc.strerror or exc}") from None
    console = env.console(stderr=True)
    taken: dict[Path, str] = {}
    outcomes: list[Outcome] = []
    if len(paths) >= PROGRESS_FROM and console.is_terminal:
        from rich.progress import Progress

        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("Rendering", total=len(paths))
            for path in paths:
                outcomes.append(render_one(path, out, formats, force, env, taken))
                progress.advance(task)
    else:
        outcomes = [render_one(path, out, formats, force, env, taken) for path in paths]

    for outcome in outcomes:
        if outcome.error is not None:
            env.stderr.write(f"\n{outcome.source}:\n")
            report_error(outcome.error, env.stderr)
    summarise(outcomes, console)
    return sum(1 for o in outcomes if o.error is not None)


def summarise(outcomes: list[Outcome], console: Console) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    failed = [o for o in outcomes if o.error is not None]
    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"{len(outcomes) - len(failed)} rendered, {len(failed)} failed",
        title_justify="left",
    )
    table.add_column("Answers file", overflow="fold")
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Result", overflow="fold")
    for o in outcomes:
        if o.error is not None:
            table.add_row(o.source, "", Text("failed: " + o.error.message, style="red"))
        else:
            table.add_row(o.source, o.verdict or "", ", ".join(p.name for p in o.written))
    console.print(table)
