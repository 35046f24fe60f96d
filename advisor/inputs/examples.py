"""The bundled example answers files (`examples/*.yaml`), one per scenario plus a combined one.

Adding an example is adding a file: its first line, `# Summary: ...`, is what `connector-advisor example`
lists.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from advisor.errors import UserError

EXAMPLE_DIR = Path(__file__).with_name("examples")
SUMMARY_PREFIX = "# Summary: "


@functools.cache
def names() -> tuple[str, ...]:
    """The examples' names, in order, without reading them (what `plan --example NAME` checks)."""
    return tuple(sorted(entry.name[:-5] for entry in os.scandir(EXAMPLE_DIR) if entry.name.endswith(".yaml")))


@functools.cache
def examples() -> dict[str, str]:
    """Example name -> one-line summary, in name order."""
    found: dict[str, str] = {}
    for name in names():
        with (EXAMPLE_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
            first = handle.readline().strip()
        found[name] = first.removeprefix(SUMMARY_PREFIX) if first.startswith(SUMMARY_PREFIX) else ""
    return found


def example_text(name: str) -> str:
    return example_path(name).read_text(encoding="utf-8")


def example_path(name: str) -> Path:
    """The example called `name`; a name that is not one is refused with the closest one."""
    if name not in names():
        import difflib

        close = difflib.get_close_matches(name, list(names()), n=1)
        raise UserError(
            f"no example called {name!r}" + (f"; did you mean {close[0]!r}?" if close else ""),
            "run `connector-advisor example` to list them: " + ", ".join(names()),
        )
    return EXAMPLE_DIR / f"{name}.yaml"
