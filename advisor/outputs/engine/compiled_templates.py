"""Compiled templates kept between runs, in the user's cache folder.

Compiling the templates costs about 0.13 s a run, more than planning a client. Jinja2 stores the compiled
code of each template (Python's marshal format) and uses it only while the template's source, the Python
version and Jinja2's own format are unchanged. The file names also carry the tool's version and the
environment's settings, which the compiled code depends on too.

The cache only saves time: a folder that cannot be created or is not safely the user's own, a file that
cannot be written, or a damaged one means compiling as before, silently.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from advisor import __version__

APP = "connector-advisor"


def cache_folder() -> Path:
    """Where compiled templates go: the platform's cache folder (XDG_CACHE_HOME or ~/.cache on Linux,
    %LOCALAPPDATA% on Windows, ~/Library/Caches on macOS)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False)) / "templates"


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja2's file-system bytecode cache that never fails a render, and that removes what another version
    or other settings left behind whenever it stores something (after an upgrade, on the first run)."""

    def __init__(self, directory: str, key: str) -> None:
        super().__init__(directory, f"{key}-%s.cache")
        self.key = key
        self._pruned = False

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged or foreign file (pickle and marshal raise many kinds): compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a full disk, a read-only folder: the next run compiles again
            super().dump_bytecode(bucket)
        if not self._pruned:
            self._pruned = True
            self._prune()

    def _prune(self) -> None:
        """Remove compiled templates of other versions or settings (never anything else in the folder)."""
        with contextlib.suppress(OSError), os.scandir(self.directory) as entries:
            for entry in entries:
                name = entry.name
                if name.endswith(".cache") and not name.startswith(f"{self.key}-") and entry.is_file():
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def compiled_templates(settings: dict[str, Any], folder: Path | None = None) -> CompiledTemplates | None:
    """A cache for an environment built with `settings`, or None when `folder` (by default `cache_folder()`)
    cannot be used safely: it must be a real folder owned by this user and closed to others, since the files
    in it are loaded as code."""
    try:
        folder = folder or cache_folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except (OSError, RuntimeError):  # RuntimeError: no home folder to put it in
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077):
        return None
    key = hashlib.sha256(
        repr((__version__, jinja2.__version__, sorted(settings.items()))).encode()
    ).hexdigest()
    return CompiledTemplates(str(folder), key[:16])
