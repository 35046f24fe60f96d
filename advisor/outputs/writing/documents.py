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
from advisor.outputs.formats import FORMATS, SCRIPT, storage
from advisor.outputs.writing.files import write_atomic, write_in_folder

if TYPE_CHECKING:
    from advisor.inputs.document_control import DocumentControl


def plan_text(
    plan: Plan,
    output_format: str,
    *,
    today: date,
    source_name: str | None = None,
    script_name: str | None = None,
    document: DocumentControl | None = None,
    localised: Plan | None = None,
) -> str | bytes:
    """The plan in one output format of the table (`advisor.outputs.formats`), as text. The format's renderer
    is imported only now: JSON needs no template engine, so `plan --format json` never loads Jinja2.

    A handout in another language than English is written from `localised`, the same plan in that language
    (`decide_in`); scripts and JSON are written from `plan`, in English."""
    import importlib

    from advisor.language import ENGLISH, speaking

    spoken = document.language if document is not None and FORMATS[output_format].localised else ENGLISH
    if spoken != ENGLISH and localised is None:
        raise ValueError(f"a handout in {spoken} needs the plan in {spoken}")
    module, _, function = FORMATS[output_format].renderer.partition(":")
    render = getattr(importlib.import_module(module), function)
    with speaking(spoken):
        text: str | bytes = render(
            plan if spoken == ENGLISH else localised,
            output_format,
            today=today,
            source_name=source_name,
            script_name=script_name,
            document=document,
        )
    return text


def check_available(formats: list[str]) -> None:
    """Refuse, before any work, a format whose optional install is missing (Word: python-docx), saying
    how to install it."""
    import importlib

    for name in formats:
        requires = FORMATS[name].requires
        if requires:
            module, _, function = requires.partition(":")
            getattr(importlib.import_module(module), function)()


def onprem_script_path(script: Path) -> Path:
    """acme.ps1 -> acme.onprem.ps1: the Exchange Management Shell script beside the Exchange Online one."""
    from advisor.outputs.views.powershell import onprem_script_name

    return script.with_name(onprem_script_name(script.name))


def write_plan(
    plan: Plan,
    targets: dict[str, Path],
    *,
    today: date,
    source_name: str | None,
    force: bool,
    batch: bool = False,
    document: DocumentControl | None = None,
    writing: WritingLock | None = None,
    localised: Plan | None = None,
) -> list[Path]:
    """Write the plan in each format to its path (atomically, or for `batch` as `files.write_in_folder`
    says; existing files only with `force`).

    The handouts name the script after the first target (acme.md -> acme.ps1). With the script comes
    `acme.onprem.ps1` where an Exchange server is on premises. Everything is rendered before the first file
    is written. `batch`: `render` writes into a folder it made and listed (`files.write_in_folder`), holding
    `writing` while it writes: its worker processes share one lock, as a file system creates the files of
    one folder one at a time, and two processes creating them at once only spend CPU waiting for each other.
    """
    script = targets.get(SCRIPT) or next(iter(targets.values())).with_suffix(FORMATS[SCRIPT].suffix)
    texts: list[tuple[Path, str | bytes, str]] = [
        (
            target,
            plan_text(
                plan,
                output_format,
                today=today,
                source_name=source_name,
                script_name=script.name,
                document=document,
                localised=localised,
            ),
            output_format,
        )
        for output_format, target in targets.items()
    ]
    from advisor.outputs.views.powershell import onprem_script_needed

    if SCRIPT in targets and onprem_script_needed(plan):
        from advisor.outputs.views.plan_documents import render_onprem_script

        onprem = render_onprem_script(plan, today=today, source_name=source_name, script_name=script.name)
        texts.append((onprem_script_path(script), onprem, SCRIPT))
    written: list[Path] = []
    with _writing_turn(writing):
        for target, text, output_format in texts:
            encoding, newline = storage(output_format)
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


def targets_beside(stem: Path, formats: list[str]) -> dict[str, Path]:
    """One file per format named after `stem` (acme -> acme.ps1, acme.md, acme.html)."""
    return {fmt: stem.with_name(stem.name + FORMATS[fmt].suffix) for fmt in formats}
