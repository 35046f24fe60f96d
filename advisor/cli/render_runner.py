"""Batch rendering for consultants: many answers files -> script and handouts each.

A bad file is reported and does not stop the others; outputs that exist are skipped unless `--force`; files
that are not answers files (the JSON Schema the wizard saves beside answers) are skipped and named. Many
files are rendered on every core: planning and templating are CPU work, files are independent.
"""

from __future__ import annotations

import io
import os
import stat
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from advisor.environment import Environment, interrupt_on_stopping_signals, stopping_signals_interrupt
from advisor.errors import AdvisorError, UserError, environment_failure
from advisor.inputs.document_control import DocumentControl
from advisor.outputs.terminal.error_messages import printable, report_error
from advisor.record import record

if TYPE_CHECKING:
    from advisor.model.answers import Answers
    from advisor.outputs.writing.documents import WritingLock

ANSWERS_SUFFIXES = (".yaml", ".yml", ".json")
PROGRESS_FROM = 10  # files; fewer finish before a bar would be worth drawing
PARALLEL_FROM = 100  # files; fewer finish before worker processes would pay for their start
CHUNK = 25  # files per task handed to a worker
META_SCHEMAS = ("http://json-schema.org/", "https://json-schema.org/")

Status = Literal["written", "exists", "not-answers", "skipped", "failed"]


@record(frozen=False)
class Outcome:
    source: Path
    status: Status = "written"
    written: list[Path] = field(default_factory=list)
    error: str = ""  # the error as the user reads it (formatted where it happened, even in a worker)


@record
class Job:
    """One answers file to render, with everything a worker process needs (no streams, no environment)."""

    source: Path
    targets: dict[str, Path]
    force: bool
    outputs_exist: bool  # some of its targets were in the output folder when the batch started
    today: date
    program: str
    document: DocumentControl | None = None
    # the settings file and the options, to read again for a client whose answers have a `document` section
    settings: tuple[Path | None, dict[str, str | None]] | None = None


def collect(inputs: list[str]) -> tuple[list[Path], list[Outcome]]:
    """The answers files named, with folders expanded to the .yaml, .yml and .json files in them; each file
    once, however it was named (`a.yaml`, `./a.yaml`, a folder holding it). Besides them, what a folder held
    that looks like an answers file but is not rendered (a hidden or empty name, not a regular file), each
    with why. A named input that is not a regular file (a pipe, a device) is refused before anything starts:
    reading one could wait for ever."""
    found: list[Path] = []
    skipped: list[Outcome] = []
    seen: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            folder = path.resolve()  # once per folder, not per file: a batch may hold thousands
            listed = []
            for entry, why in _folder_entries(path):
                if why:
                    skipped.append(Outcome(path / entry, "skipped", error=why))
                else:
                    listed.append((path / entry, folder / entry))
        else:
            _refuse_unless_regular(path)
            listed = [(path, path.resolve() if path.exists() else path)]
        for named, key in listed:
            if key not in seen:
                seen.add(key)
                found.append(named)
    return found, skipped


def _folder_entries(folder: Path) -> list[tuple[str, str]]:
    """Each file in `folder` with an answers-file suffix, sorted, and why it is skipped ("" if it is not)."""
    entries: list[tuple[str, str]] = []
    with os.scandir(folder) as listing:
        for e in listing:
            if e.name.lower().endswith(ANSWERS_SUFFIXES) and not e.is_dir():
                why = unsafe_stem(e.name) or ("" if e.is_file() else "not a regular file")
                entries.append((e.name, why))
    return sorted(entries)


def unsafe_stem(name: str) -> str:
    """Why outputs cannot be named after this answers file (its name less the suffix), or ""."""
    stem = _stem(name)
    if stem in ("", ".", ".."):
        return "its name without the suffix is empty, '.' or '..': outputs could not be named after it"
    if stem.startswith("."):
        return "a hidden file (its name starts with a dot): its outputs would be hidden too"
    return ""


def _refuse_unless_regular(path: Path) -> None:
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing or unreadable: reported with the file's other problems when it is read
    if not stat.S_ISREG(mode):
        raise UserError(
            f"{printable(str(path))} is not a regular file",
            "name answers files (.yaml, .yml, .json) or folders holding them; a pipe or device is never read",
        )


def is_json_schema(data: object) -> bool:
    """A JSON Schema (like connector-advisor.schema.json), or a file holding nothing but `$schema`."""
    if not isinstance(data, dict):
        return False
    meta = str(data.get("$schema", ""))
    return "$id" in data or set(data) == {"$schema"} or meta.startswith(META_SCHEMAS)


def render_one(job: Job) -> Outcome:
    from advisor.advice.decide import decide, localised_plan
    from advisor.inputs.answers_file import parse_text, read_text
    from advisor.model.validation import validate_answers
    from advisor.outputs.writing.documents import write_plan

    outcome = Outcome(job.source)
    try:
        data = parse_text(read_text(str(job.source)), str(job.source))
        if is_json_schema(data):
            outcome.status = "not-answers"
            return outcome
        answers = validate_answers(data, str(job.source))
        plan = decide(answers)
        if not job.force and job.outputs_exist:
            outcome.status = "exists"
            return outcome
        document = _document_of(job, answers)
        outcome.written = write_plan(
            plan,
            job.targets,
            today=job.today,
            source_name=job.source.name,
            force=job.force,
            batch=True,
            document=document,
            writing=_WRITING[0] if _WRITING else None,
            localised=localised_plan(answers, plan, document.language if document else None),
        )
    except AdvisorError as exc:
        outcome.status, outcome.error = "failed", _formatted(exc, job.program)
    except OSError as exc:  # the disk or permissions: this file failed, the others go on
        failure = environment_failure(exc.filename or job.source, exc, doing="use")  # writes are UserErrors
        outcome.status, outcome.error = "failed", _formatted(failure, job.program)
    return outcome


def _document_of(job: Job, answers: Answers) -> DocumentControl | None:
    """The client's own document control where its answers have a `document` section: the settings file,
    then the section (its logo relative to the answers file), then the command line's options."""
    if job.document is None or answers.document is None or job.settings is None:
        return job.document
    from dataclasses import asdict

    from advisor.inputs import document_control

    client = {k: v for k, v in asdict(answers.document).items() if v is not None}
    file, overrides = job.settings
    return document_control.load(file, overrides, client, job.source.resolve().parent)


def _all_targets(targets: dict[str, Path]) -> list[Path]:
    """The files a job may write: its targets, and the on-premises script beside the PowerShell one."""
    from advisor.outputs.writing.documents import onprem_script_path

    paths = list(targets.values())
    if "powershell" in targets:
        paths.append(onprem_script_path(targets["powershell"]))
    return paths


def _formatted(error: AdvisorError, program: str) -> str:
    text = io.StringIO()
    report_error(error, text, program)
    return text.getvalue()


# In a worker process: the lock the workers take in turn to write their files (see `write_plan`).
_WRITING: list[WritingLock] = []


def _worker_start(writing: WritingLock) -> None:
    """A worker stops on SIGTERM/SIGHUP as on Ctrl-C, so the file it is writing leaves no partial file;
    it writes only while it holds the shared lock."""
    interrupt_on_stopping_signals()
    _WRITING[:] = [writing]


def _load_before_forking() -> None:
    """What every worker needs, loaded once in this process: forked workers inherit it instead of each
    importing the modules, reading the catalogue and the wording, and compiling the templates."""
    from advisor.advice import catalogue
    from advisor.advice.decide import decide  # noqa: F401 (imported for the workers)
    from advisor.inputs.answers_file import parse_text  # noqa: F401
    from advisor.model.validation import validate_answers  # noqa: F401
    from advisor.outputs.engine.templating import load_templates
    from advisor.outputs.views.plain_words import words
    from advisor.outputs.writing.documents import write_plan  # noqa: F401

    catalogue.entries()
    words()
    load_templates()


def _render_chunk(jobs: list[Job]) -> list[Outcome]:
    return [render_one(job) for job in jobs]


def _jobs(
    env: Environment,
    paths: list[Path],
    out: Path,
    formats: list[str],
    force: bool,
    document: DocumentControl | None,
    settings: tuple[Path | None, dict[str, str | None]] | None = None,
) -> tuple[list[Job], list[Outcome]]:
    """A job per answers file, and a failure for each whose outputs another file would also write."""
    from advisor.outputs.writing.documents import targets_beside

    try:
        present = set(os.listdir(out))  # one listing for the whole batch, not a stat per output
    except OSError as exc:
        raise UserError(f"cannot read {out}: {exc.strerror or exc}") from None
    today = env.today()
    inside = out.resolve()
    taken: dict[str, Path] = {}  # output file name, case-folded and NFC -> the answers file it is for
    jobs, clashes = [], []
    for path in paths:
        why = unsafe_stem(path.name)
        targets = targets_beside(out / _stem(path.name), formats) if not why else {}
        if not why and any(t.resolve().parent != inside for t in _all_targets(targets)):
            why = f"its outputs would be written outside {out}"
        if why:
            refusal = UserError(f"not rendered: {why}", "rename the answers file")
            clashes.append(Outcome(path, "failed", error=_formatted(refusal, env.program)))
            continue
        names = [t.name for t in _all_targets(targets)]
        keys = [_folded(name) for name in names]
        clash = next((i for i, key in enumerate(keys) if key in taken), None)
        if clash is not None:
            error = UserError(
                f"{out / names[clash]} would also be written for {taken[keys[clash]]}",
                "give the answers files different names (names that differ only in case or in how an "
                "accented letter is encoded are one file on many disks)",
            )
            clashes.append(Outcome(path, "failed", error=_formatted(error, env.program)))
            continue
        taken.update(dict.fromkeys(keys, path))
        exist = not present.isdisjoint(names)
        jobs.append(Job(path, targets, force, exist, today, env.program, document, settings))
    return jobs, clashes


def _stem(name: str) -> str:
    """acme.yaml -> acme; the suffix matched without regard to case (ACME.YAML -> ACME)."""
    suffix = next(x for x in (*ANSWERS_SUFFIXES, "") if name.lower().endswith(x))
    return name[: len(name) - len(suffix)] if suffix else Path(name).stem


def _folded(name: str) -> str:
    """A file name as a case-insensitive, normalising disk (macOS, Windows) compares it."""
    return unicodedata.normalize("NFC", name).casefold()


def render_files(
    env: Environment,
    inputs: list[str],
    out: Path,
    formats: list[str],
    force: bool,
    document: DocumentControl | None = None,
    settings: tuple[Path | None, dict[str, str | None]] | None = None,
) -> int:
    """Render every answers file; report failed and skipped ones, then one line of totals. Returns the
    number that failed. `settings` (the settings file and the options) are read again for each client whose
    answers have a `document` section."""
    paths, skipped = collect(inputs)
    if not paths:
        for o in skipped:
            env.stderr.write(f"skipped {printable(str(o.source))}: {o.error}\n")
        raise UserError("no answers files found", "name .yaml, .yml or .json files, or folders holding them")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create {out}: {exc.strerror or exc}") from None
    jobs, outcomes = _jobs(env, paths, out, formats, force, document, settings)
    chunks = [jobs[i : i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    workers = min(os.cpu_count() or 1, len(chunks)) if len(jobs) >= PARALLEL_FROM else 1
    with stopping_signals_interrupt():  # SIGTERM/SIGHUP: stop as Ctrl-C does, no partial file left
        if workers > 1:
            import multiprocessing

            _load_before_forking()
            context = multiprocessing.get_context()
            with ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_worker_start, initargs=(context.Lock(),)
            ) as pool:
                try:
                    outcomes += _progress(
                        env, len(jobs), (o for chunk in pool.map(_render_chunk, chunks) for o in chunk)
                    )
                except KeyboardInterrupt:  # stop now: the chunks not started are dropped, not rendered
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
        else:
            outcomes += _progress(env, len(jobs), (render_one(job) for job in jobs))
    order = {path: i for i, path in reversed(list(enumerate(paths)))}
    outcomes.sort(key=lambda o: order[o.source])
    _report(env, [*skipped, *outcomes], out)
    return sum(1 for o in outcomes if o.status == "failed")


def _progress(env: Environment, total: int, results: Iterator[Outcome]) -> list[Outcome]:
    """Collect the results, with a progress bar on a terminal for many files."""
    if total < PROGRESS_FROM or not env.stderr_isatty:
        return list(results)
    from rich.progress import Progress

    outcomes = []
    with Progress(console=env.console(stderr=True), transient=True) as progress:
        task = progress.add_task("Rendering", total=total)
        for outcome in results:
            outcomes.append(outcome)
            progress.advance(task)
    return outcomes


def _report(env: Environment, outcomes: list[Outcome], out: Path) -> None:
    """One line per file that failed or was skipped, then the totals with the output folder. File names come
    from folder listings, so they are written through `printable`."""
    for o in outcomes:
        if o.status == "failed":
            env.stderr.write(f"{printable(str(o.source))}: {o.error}")
        elif o.status == "not-answers":
            env.stderr.write(f"skipped {printable(str(o.source))}: a JSON Schema, not an answers file\n")
        elif o.status == "skipped":
            env.stderr.write(f"skipped {printable(str(o.source))}: {o.error}\n")
    exists = [o for o in outcomes if o.status == "exists"]
    if 0 < len(exists) <= PROGRESS_FROM:
        for o in exists:
            env.stderr.write(
                f"skipped {printable(str(o.source))}: its outputs exist in {printable(str(out))} "
                "(use --force to replace them)\n"
            )
    counts = {
        s: sum(1 for o in outcomes if o.status == s)
        for s in ("written", "exists", "not-answers", "skipped", "failed")
    }
    parts = [f"{counts['written']} written to {printable(out.as_posix().rstrip('/'))}/"]
    if counts["exists"]:
        parts.append(f"{counts['exists']} skipped (outputs exist: use --force)")
    if counts["not-answers"]:
        parts.append(f"{counts['not-answers']} skipped (not answers files)")
    if counts["skipped"]:
        parts.append(f"{counts['skipped']} skipped (named above)")
    if counts["failed"]:
        parts.append(f"{counts['failed']} failed")
    env.stderr.write(", ".join(parts) + "\n")
