"""Writing output files atomically, never overwriting unless asked."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from advisor.errors import UserError


def write_atomic(path: Path, text: str, force: bool = False, durable: bool = True, mode: int = 0o644) -> None:
    """Write `text` to `path` in one step; an existing file is replaced only with `force`.

    `durable=False` skips the fsync: still atomic for readers, not flushed to disk one file at a time. Batch
    rendering uses it (3,000 fsyncs cost seconds; its outputs can always be rendered again).
    """
    if path.exists() and not force:
        raise UserError(f"{path} already exists", "use --force to replace it, or choose another path")
    if path.exists() and path.is_dir():
        raise UserError(f"{path} is a directory", "give a file path")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise UserError(f"folder {directory} does not exist", "create it first, or choose another path")
    tmp = directory / f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except FileExistsError:  # left behind by a crashed run of this same process id
        os.unlink(tmp)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    except OSError as exc:
        raise UserError(f"cannot write to {directory}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file appeared meanwhile: never clobber
            except FileExistsError:
                raise UserError(f"{path} already exists", "use --force to replace it") from None
            except OSError:
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
