"""Where the wizard saves: the default file name from the organization's, the save-as prompt, and what to do
with the files just written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.environment import Environment
from advisor.wizard.prompts import Prompt

if TYPE_CHECKING:
    from advisor.model.plan import Plan


def slug(name: str) -> str:
    """A file name from an organization's name: accents dropped (Zürcher Bänk -> zurcher-bank), the rest
    of what is not a letter or digit a dash."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    return text[:40] or "answers"


def default_save_path(data: dict[str, Any], taken: set[Path]) -> Path:
    stem = slug(str((data.get("organization") or {}).get("name", "answers")))
    candidate = Path(f"{stem}.yaml")
    counter = 2
    while candidate.exists() or candidate.resolve() in taken:
        candidate = Path(f"{stem}-{counter}.yaml")
        counter += 1
    return candidate


def save_path_prompt(default: Path, protected: set[Path], force: bool, env: Environment) -> Prompt:
    def validate(text: str) -> str | None:
        value = text.strip()
        if not value:
            return "give a file name, for example contoso.yaml"
        path = Path(value).expanduser()
        if path.resolve() in protected:
            return "that is the answers file you started from; it is never modified: choose a new name"
        if path.is_dir():
            return "that is a folder; give a file name"
        if not path.parent.is_dir():
            return f"folder {path.parent} does not exist"
        if path.exists() and not force:
            return "that file exists; choose another name (or run with --force to replace files)"
        return None

    return Prompt(
        "save.path",
        "text",
        "Save the answers file as:",
        f"Re-run it later with `{env.command('plan FILE')}`, or revise it with "
        f"`{env.command('wizard --answers FILE')}`.",
        default=str(default),
        validate=validate,
        parse=str.strip,
    )


def next_step(written: list[Path], plan: Plan | None = None) -> str:
    """What to do with the files just written: read the handout, run the script(s) with -WhatIf first. A plan
    with no connector but a checklist (devices that sign in or use direct send) starts with its first step,
    the devices' settings: its script only lists the connectors the organization has."""
    script, *onprem = [p for p in written if p.suffix == ".ps1"]
    if plan is not None and not plan.connectors and plan.steps:
        first = plan.steps[0]
        return (
            f"Next: {first.title}: {first.detail}\nThe rest is in {script.with_suffix('.html').name}; "
            f"{script.name} only lists the connectors your organization already has."
        )
    later = (
        f"\nThen, in the Exchange Management Shell on your server:\n  .\\{onprem[0].name} -WhatIf"
        if onprem
        else ""
    )
    return (
        f"Next: read {script.with_suffix('.html').name} and the script, then run the script in "
        f"PowerShell connected to Exchange Online, with -WhatIf first:\n  .\\{script.name} -WhatIf{later}"
    )
