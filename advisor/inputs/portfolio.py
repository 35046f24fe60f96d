"""The tenants of a consultant's folder for `audit --portfolio DIR`: each subfolder is one tenant (its export
files together), and each export file directly in DIR is one tenant of its own."""

from __future__ import annotations

import os
from pathlib import Path

from advisor.errors import UserError

EXPORT_SUFFIXES = (".json", ".txt", ".ps1")  # JSON exports, Format-List text, Microsoft365DSC configurations


def tenants_in(folder: Path) -> list[tuple[str, list[str]]]:
    """Each tenant's name (the subfolder's or the file's) and its export files, sorted by name. Hidden
    entries are left out; a subfolder without export files is a tenant with no files (its row says so)."""
    if not folder.is_dir():
        raise UserError(f"{folder} is not a folder", "give the folder that holds one subfolder per client")
    found: list[tuple[str, list[str]]] = []
    with os.scandir(folder) as entries:
        listed = sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name.lower())
    for entry in listed:
        path = Path(entry.path)
        if entry.is_dir():
            files = sorted(
                str(p)
                for p in path.iterdir()
                if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in EXPORT_SUFFIXES
            )
            found.append((entry.name, files))
        elif entry.is_file() and path.suffix.lower() in EXPORT_SUFFIXES:
            found.append((path.stem, [str(path)]))
    if not found:
        raise UserError(
            f"{folder} holds no tenants",
            "put each client's exports in a subfolder of its own (or one export file per client) in it",
        )
    return found
