"""Writing output files atomically, never overwriting unless asked."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from advisor.environment import stopping_signals_held
from advisor.errors import UserError
from advisor.errors import environment_failure as write_failure

NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


def write_atomic(
    path: Path,
    text: str | bytes,
    force: bool = False,
    durable: bool = True,
    mode: int = 0o644,
    *,
    encoding: str = "utf-8",
    newline: str = "\n",
) -> None:
    """Write `text` to `path` in one step; an existing file is replaced only with `force`.

    `encoding` and `newline` are how the text is stored (PowerShell scripts: "utf-8-sig" and "\r\n").
    `durable=False` skips the fsync: still atomic for readers, not flushed to disk file by file.
    """
    _check_target(path, force)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise _missing_folder(directory)
    _write(path, directory, stored(text, encoding, newline), force, durable, mode)


def write_in_folder(path: Path, text: str | bytes, force: bool, *, encoding: str, newline: str) -> None:
    """Batch rendering's write, into a folder the caller created and listed once for all its files.

    Without `force` the file is created under its own name, exclusively (O_EXCL: a file or link already
    there, even one that appeared after the listing, is never touched or followed), filled in one write
    with the stopping signals held back until it is whole, and removed again if that write fails: a failed
    or stopped batch leaves no partial file. This is one metadata operation per file where a temporary
    file, a hard link and an unlink are three, and a batch creates thousands. What it gives up against
    `write_atomic`: for the moment of that one write another program could read a file still being filled;
    batch outputs are new files nobody reads yet. No fsync (3,000 of them cost seconds; outputs can always
    be rendered again), as with the temporary file, which a power cut could also leave empty.

    With `force` it is `write_atomic` without the fsync: only a regular file is replaced, by a rename."""
    data = stored(text, encoding, newline)
    if force:
        _check_target(path, force)
        _write(path, path.parent, data, force, False, 0o644)
        return
    with stopping_signals_held():  # an interrupt between creating the file and filling it would leave it
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise UserError(f"{path} already exists", "use --force to replace it") from None
        except OSError as exc:
            raise write_failure(path, exc) from None
        try:
            _fill(fd, data, durable=False)
        except BaseException as exc:  # the disk is full, or (where signals cannot be held) an interrupt
            with contextlib.suppress(OSError):
                os.unlink(path)
            if isinstance(exc, OSError):
                raise write_failure(path, exc) from None
            raise


def stored(text: str | bytes, encoding: str, newline: str) -> bytes:
    """The bytes of `text` as stored: each \\n as `newline` ("" or "\\n": as they are, as in `open()`),
    encoded (utf-8-sig adds the byte-order mark). A binary format's bytes (Word) are stored as they are."""
    if isinstance(text, bytes):
        return text
    return (text.replace("\n", newline) if newline not in ("", "\n") else text).encode(encoding)


def _write(path: Path, directory: Path, data: bytes, force: bool, durable: bool, mode: int) -> None:
    tmp = directory / f".{path.name}.{os.getpid()}.tmp"
    try:  # from before the temporary file exists: an interrupt at any point leaves none behind
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:  # left behind by a crashed run of this same process id
            os.unlink(tmp)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except OSError as exc:
            raise write_failure(directory, exc) from None
        _fill_and_link(fd, tmp, path, data, force, durable)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _fill_and_link(fd: int, tmp: Path, path: Path, data: bytes, force: bool, durable: bool) -> None:
    try:
        _fill(fd, data, durable)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file appeared meanwhile: never clobber
            except FileExistsError:
                raise UserError(f"{path} already exists", "use --force to replace it") from None
            except OSError as exc:
                if exc.errno not in NO_HARD_LINKS:
                    raise
                os.replace(tmp, path)  # a file system without hard links (FAT, some network shares)
    except OSError as exc:
        raise write_failure(path, exc) from None


def _fill(fd: int, data: bytes, durable: bool) -> None:
    """Write all of `data` to the open file `fd` (fsync'd if `durable`), and close it."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if durable:
            os.fsync(fd)
    finally:
        os.close(fd)


def _check_target(path: Path, force: bool) -> None:
    """Only a regular file is ever replaced: devices, FIFOs, folders and symbolic links are refused."""
    try:
        info = path.lstat()
    except (FileNotFoundError, NotADirectoryError):  # a missing folder is reported by the caller
        return
    except OSError as exc:
        raise write_failure(path, exc) from None
    if stat.S_ISLNK(info.st_mode):
        raise UserError(
            f"{path} is a symbolic link (to {os.readlink(path)}); links are not followed or replaced",
            "give the path of the file itself, or another path",
        )
    if stat.S_ISDIR(info.st_mode):
        raise UserError(f"{path} is a folder", "give a file path")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(
            f"{path} is not a regular file (a device, pipe or socket); only regular files are replaced",
            "give a file path, or leave out --output to print to the terminal",
        )
    if not force:
        raise UserError(f"{path} already exists", "use --force to replace it, or choose another path")


def _missing_folder(directory: Path) -> UserError:
    for parent in (directory, *directory.parents):
        if parent.exists() and not parent.is_dir():
            return UserError(f"{parent} is a file, not a folder", "choose a path in an existing folder")
    return UserError(f"folder {directory} does not exist", "create it first, or choose another path")


def check_writable(path: Path, force: bool = False) -> None:
    """What write_atomic would refuse, checked up front (the wizard's `--save`, before the first question)."""
    _check_target(path, force)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise _missing_folder(directory)
    if not os.access(directory, os.W_OK):
        raise UserError(f"cannot write {path}: permission denied", "choose a folder you can write to")
