"""Revising a client in place: the answers saved back over the file they came from, the previous version
kept beside it (`acme.yaml.bak`, or numbered when one exists), and said. The file is replaced only when the
user chose it (the save step's default when revising, or `--save` of the same file with `--force`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from advisor.wizard.prompts import Prompt, PromptChoice

MAX_BACKUPS = 1000


def backup_path(path: Path) -> Path:
    """acme.yaml -> acme.yaml.bak, or acme.yaml.1.bak, .2.bak ... when that exists."""
    first = path.with_name(path.name + ".bak")
    if not first.exists():
        return first
    for number in range(1, MAX_BACKUPS):
        candidate = path.with_name(f"{path.name}.{number}.bak")
        if not candidate.exists():
            return candidate
    raise FileExistsError(f"{path}: {MAX_BACKUPS} backups already")


def keep_previous(path: Path) -> Path:
    """Copy `path` to its backup, never over an existing file; returns the backup's path."""
    target = backup_path(path)
    data = path.read_bytes()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return target


def own_comments(previous: str, saved: str) -> list[str]:
    """The comments the user wrote in the previous version that the saved file does not carry (the answers
    file is written anew, with a comment per key of its own)."""
    kept = {line.strip() for line in saved.splitlines()}
    found = []
    for line in previous.splitlines():
        text = line.strip()
        comment = text if text.startswith("#") else (text.split(" #", 1)[1] if " #" in text else "")
        if comment and text not in kept:
            found.append(comment.lstrip("# ").strip())
    return [c for c in found if c]


def where_prompt(path: Path) -> Prompt:
    """Save back over the file revised (the default), or under a new name."""
    backup = backup_path(path).name
    return Prompt(
        "save.where",
        "select",
        f"Save the revision back to {path.name}?",
        "",
        (
            PromptChoice("back", f"Yes, replace {path.name}", f"The previous version is kept as {backup}."),
            PromptChoice("new", "No, save it under a new name", f"{path.name} stays as it is."),
        ),
        "back",
    )


def replaced_note(path: Path, backup: Path, lost: list[Any]) -> str:
    note = f"Saved over {path.name}; the previous version is {backup.name}."
    if lost:
        note += (
            f" {len(lost)} comment(s) you wrote in it are not carried over (the file is written anew, with a "
            f"comment for each key); they are in {backup.name}."
        )
    return note
