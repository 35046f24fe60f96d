"""The one way a plan becomes text and files, for `plan`, `render` and the wizard alike.

`plan_text` renders any output format; `write_plan` writes several formats to their files. JSON needs no
template engine, so `plan --format json` never loads Jinja2.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from advisor.environment import stopping_signals_held
from advisor.model.plan import Plan
from advisor.model.vocabulary import DocumentFormat, OutputFormat
from advisor.outputs.files import write_atomic, write_in_folder

if TYPE_CHECKING:
    from advisor.outputs.document_control import DocumentControl

SUFFIXES: dict[OutputFormat, str] = {
    "powershell": ".ps1",
    "markdown": ".md",
    "html": ".html",
    "json": ".json",
    "table": ".txt",
    "testplan": ".testplan.csv",
}
TABLE_WIDTH = 100  # the plain-text table written to a file
# How each format is stored. Scripts are UTF-8 with a byte-order mark, or Windows PowerShell 5.1 reads them
# in the ANSI code page and garbles every non-ASCII name (facts 6.13), and Windows line endings.
# The test plan is CSV with a BOM too, so spreadsheet programs read its UTF-8 as such.
STORAGE: dict[OutputFormat, tuple[str, str]] = {
    "powershell": ("utf-8-sig", "\r\n"),
    "testplan": ("utf-8-sig", ""),  # the CSV writer ends rows with CRLF itself
}
PLAIN = ("utf-8", "\n")


def plan_text(
    plan: Plan,
    output_format: OutputFormat,
    *,
    today: date,
    source_name: str | None = None,
    script_name: str | None = None,
    document: DocumentControl | None = None,
) -> str:
    """The plan in one output format, as text."""
    if output_format == "json":
        from advisor.outputs.quoting import json_text

        return json_text(plan.to_dict())
    if output_format == "testplan":
        from advisor.outputs.handout import test_plan_csv

        return test_plan_csv(plan)
    if output_format == "table":
        from io import StringIO

        from rich.console import Console

        from advisor.outputs.view import render_table

        buffer = StringIO()
        render_table(
            plan, Console(file=buffer, no_color=True, width=TABLE_WIDTH, highlight=False, emoji=False)
        )
        return buffer.getvalue()
    from advisor.outputs.templating import render_document

    chosen: DocumentFormat = output_format
    return render_document(
        plan, chosen, today=today, source_name=source_name, script_name=script_name, document=document
    )


def onprem_script_path(script: Path) -> Path:
    """acme.ps1 -> acme.onprem.ps1: the Exchange Management Shell script beside the Exchange Online one."""
    from advisor.outputs.powershell import onprem_script_name

    return script.with_name(onprem_script_name(script.name))


def write_plan(
    plan: Plan,
    targets: dict[OutputFormat, Path],
    *,
    today: date,
    source_name: str | None,
    force: bool,
    batch: bool = False,
    document: DocumentControl | None = None,
    writing: WritingLock | None = None,
) -> list[Path]:
    """Write the plan in each format to its path (atomically, or for `batch` as `files.write_in_folder`
    says; existing files only with `force`).

    The handouts name the script after the first target (acme.md -> acme.ps1). With the script comes
    `acme.onprem.ps1` where an Exchange server is on premises. Everything is rendered before the first file
    is written. `batch`: `render` writes into a folder it made and listed (`files.write_in_folder`), holding
    `writing` while it writes: its worker processes share one lock, as a file system creates the files of
    one folder one at a time, and two processes creating them at once only spend CPU waiting for each other.
    """
    script = targets.get("powershell") or next(iter(targets.values())).with_suffix(SUFFIXES["powershell"])
    texts: list[tuple[Path, str, OutputFormat]] = [
        (
            target,
            plan_text(
                plan,
                output_format,
                today=today,
                source_name=source_name,
                script_name=script.name,
                document=document,
            ),
            output_format,
        )
        for output_format, target in targets.items()
    ]
    from advisor.outputs.powershell import onprem_script_needed

    if "powershell" in targets and onprem_script_needed(plan):
        from advisor.outputs.templating import render_onprem_script

        text = render_onprem_script(plan, today=today, source_name=source_name, script_name=script.name)
        texts.append((onprem_script_path(script), text, "powershell"))
    written: list[Path] = []
    with _writing_turn(writing):
        for target, text, output_format in texts:
            encoding, newline = STORAGE.get(output_format, PLAIN)
            if batch:
                write_in_folder(target, text, force, encoding=encoding, newline=newline)
            else:
                write_atomic(target, text, force, encoding=encoding, newline=newline)
            written.append(target)
    return written


class WritingLock(Protocol):
    """The lock `render`'s worker processes take in turn to write (a multiprocessing.Lock)."""

    def acquire(self, block: bool = True, timeout: float | None = None) -> bool: ...

    def release(self) -> None: ...


TURN_WAIT = 0.05  # seconds between tries to take the writing lock, when an interrupt can come in


@contextlib.contextmanager
def _writing_turn(lock: WritingLock | None) -> Iterator[None]:
    """`lock` taken while a plan's files are written, with interrupts held back from taking it to releasing
    it: an interrupt landing right after it was taken would leave it taken and every other worker waiting
    for ever. A waiting interrupt gets in between tries, while the lock is not held, and otherwise once the
    files are written and the lock is released."""
    if lock is None:
        yield
        return
    while True:
        with stopping_signals_held():
            if not lock.acquire(timeout=TURN_WAIT):
                continue  # leaving the `with` lets a waiting interrupt in
            try:
                yield
            finally:
                lock.release()
            return


def targets_beside(stem: Path, formats: list[OutputFormat]) -> dict[OutputFormat, Path]:
    """One file per format named after `stem` (acme -> acme.ps1, acme.md, acme.html)."""
    return {fmt: stem.with_name(stem.name + SUFFIXES[fmt]) for fmt in formats}
