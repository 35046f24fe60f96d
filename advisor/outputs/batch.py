"""Batch rendering for consultants: many answers files -> script and handouts each.

A bad file is reported and does not stop the others; outputs that exist are skipped unless `--force`; files
that are not answers files (the JSON Schema the wizard saves beside answers) are skipped and named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from advisor.environment import Environment
from advisor.errors import AdvisorError, UserError
from advisor.model.vocabulary import DocumentFormat
from advisor.outputs.error_messages import report_error

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
PROGRESS_FROM = 10  # files; fewer finish before a bar would be worth drawing
META_SCHEMAS = ("http://json-schema.org/", "https://json-schema.org/")

Status = Literal["written", "exists", "not-answers", "failed"]


@dataclass
class Outcome:
    source: Path
    status: Status = "written"
    written: list[Path] = field(default_factory=list)
    error: AdvisorError | None = None


def collect(inputs: list[str]) -> list[Path]:
    """The answers files named, with folders expanded to the .yaml, .yml and .json files in them."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in ANSWERS_SUFFIXES)
        else:
            found.append(path)
    return found


def is_json_schema(data: object) -> bool:
    """A JSON Schema (like connector-advisor.schema.json), or a file holding nothing but `$schema`."""
    if not isinstance(data, dict):
        return False
    meta = str(data.get("$schema", ""))
    return "$id" in data or set(data) == {"$schema"} or meta.startswith(META_SCHEMAS)


def render_one(
    path: Path,
    out: Path,
    formats: list[DocumentFormat],
    force: bool,
    env: Environment,
    taken: dict[Path, Path],
) -> Outcome:
    from advisor.advice.decide import decide
    from advisor.inputs.answers_file import parse_text, read_text
    from advisor.model.validation import validate_answers
    from advisor.outputs.documents import targets_beside, write_plan

    outcome = Outcome(path)
    try:
        data = parse_text(read_text(str(path)), str(path))
        if is_json_schema(data):
            outcome.status = "not-answers"
            return outcome
        plan = decide(validate_answers(data, str(path)))
        targets = targets_beside(out / path.stem, formats)
        for target in targets.values():
            if target in taken:
                raise UserError(
                    f"{target} would also be written for {taken[target]}",
                    "give the answers files different names",
                )
            taken[target] = path
        if not force and any(target.exists() for target in targets.values()):
            outcome.status = "exists"
            return outcome
        outcome.written = write_plan(
            plan, targets, today=env.today(), source_name=path.name, force=force, durable=False
        )
    except AdvisorError as exc:
        outcome.status, outcome.error = "failed", exc
    return outcome


def render_files(
    env: Environment, inputs: list[str], out: Path, formats: list[DocumentFormat], force: bool
) -> int:
    """Render every answers file; report failed and skipped ones, then one line of totals. Returns the
    number that failed."""
    paths = collect(inputs)
    if not paths:
        raise UserError("no answers files found", "name .yaml, .yml or .json files, or folders holding them")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create {out}: {exc.strerror or exc}") from None
    taken: dict[Path, Path] = {}
    if len(paths) >= PROGRESS_FROM and env.stderr_isatty:
        outcomes = _with_progress(env, paths, lambda p: render_one(p, out, formats, force, env, taken))
    else:
        outcomes = [render_one(path, out, formats, force, env, taken) for path in paths]
    _report(env, outcomes, out)
    return sum(1 for o in outcomes if o.status == "failed")


def _with_progress(env: Environment, paths: list[Path], render: Any) -> list[Outcome]:
    from rich.progress import Progress

    outcomes = []
    with Progress(console=env.console(stderr=True), transient=True) as progress:
        task = progress.add_task("Rendering", total=len(paths))
        for path in paths:
            outcomes.append(render(path))
            progress.advance(task)
    return outcomes


def _report(env: Environment, outcomes: list[Outcome], out: Path) -> None:
    """One line per file that failed or was skipped, then the totals with the output folder."""
    for o in outcomes:
        if o.status == "failed" and o.error is not None:
            env.stderr.write(f"{o.source}: ")
            report_error(o.error, env.stderr)
        elif o.status == "not-answers":
            env.stderr.write(f"skipped {o.source}: a JSON Schema, not an answers file\n")
    exists = [o for o in outcomes if o.status == "exists"]
    if 0 < len(exists) <= PROGRESS_FROM:
        for o in exists:
            env.stderr.write(
                f"skipped {o.source}: its outputs exist in {out} (use --force to replace them)\n"
            )
    counts = {
        status: sum(1 for o in outcomes if o.status == status)
        for status in ("exists", "not-answers", "failed")
    }
    written = sum(1 for o in outcomes if o.status == "written")
    parts = [f"{written} written to {out.as_posix().rstrip('/')}/"]
    if counts["exists"]:
        parts.append(f"{counts['exists']} skipped (outputs exist: use --force)")
    if counts["not-answers"]:
        parts.append(f"{counts['not-answers']} skipped (not answers files)")
    if counts["failed"]:
        parts.append(f"{counts['failed']} failed")
    env.stderr.write(", ".join(parts) + "\n")
