"""Where a command's report goes: a file given with --output (atomically, stored as its format says), or
standard output; a table is drawn on the terminal and written as text to a file. One place for the tenant
and proof commands alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.environment import Environment


def emit(env: Environment, text: str, output: Path | None, force: bool, stored_as: str | None = None) -> None:
    """`text` to --output (atomically; stored as the output format `stored_as` is, for example a script as
    UTF-8 with BOM and CRLF, or the test plan's CSV; else UTF-8 with \\n) or to standard output."""
    if output is None:
        env.stdout.write(text)
        env.stdout.flush()
        return
    from advisor.outputs.formats import PLAIN, storage
    from advisor.outputs.terminal.error_messages import report_written
    from advisor.outputs.writing.files import write_atomic

    encoding, newline = storage(stored_as) if stored_as else PLAIN
    write_atomic(output, text, force, encoding=encoding, newline=newline)
    report_written(env.stderr, [output])


def emit_table(
    env: Environment,
    output: Path | None,
    force: bool,
    draw: Callable[[Console], None],
    text: Callable[[], str],
) -> None:
    """A report's table: drawn on the terminal (`draw`), or its plain text (`text`) written to --output."""
    if output is None:
        draw(env.console())
    else:
        emit(env, text(), output, force)
