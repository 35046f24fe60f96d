"""The tenants of a consultant's folder for `audit --portfolio DIR`: each subfolder is one tenant (its export
files together), and each export file directly in DIR is one tenant of its own."""

from __future__ import annotations

import os
from pathlib import Path

from advisor.errors import UserError

EXPORT_SUFFIXES = (".json", ".txt", ".ps1")  # JSON exports, Format-List text, Microsoft365DSC configurations


def tenants_in(folder: Path) -> list[tuple[str, list[str], str | None]]:
    """Each tenant's name (the subfolder's or the file's), its export files, and why it cannot be read (None
    when it can), sorted by name. Hidden entries are left out; a subfolder without export files, one that
    cannot be listed, and a link to nothing are tenants whose rows say so: nothing in the folder is skipped
    without a word."""
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder", "give the folder that holds one subfolder per client")
    found: list[tuple[str, list[str], str | None]] = []
    with os.scandir(folder) as entries:
        listed = sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name.lower())
    for entry in listed:
        path = Path(entry.path)
        if entry.is_dir():
            try:
                files = sorted(
                    str(p)
                    for p in path.iterdir()
                    if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in EXPORT_SUFFIXES
                )
            except OSError as exc:
                found.append((entry.name, [], f"cannot list the folder: {exc.strerror or exc}"))
                continue
            found.append((entry.name, files, None))
        elif path.suffix.lower() in EXPORT_SUFFIXES:
            why = None if entry.is_file() else "a link to a file that is not there, or not a file"
            found.append((path.stem, [str(path)], why))
    if not found:
        raise UserError(
            f"{folder} holds no tenants",
            "put each client's exports in a subfolder of its own (or one export file per client) in it",
        )
    return found
