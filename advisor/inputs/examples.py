"""The bundled example answers files (`examples/*.yaml`), one per scenario plus a combined one.

Adding an example is adding a file: its first line, `# Summary: ...`, is what `connector-advisor example`
lists.
"""

from __future__ import annotations

import functools
from pathlib import Path

from advisor.errors import UserError

EXAMPLE_DIR = Path(__file__).with_name("examples")
SUMMARY_PREFIX = "# Summary: "


@functools.cache
def examples() -> dict[str, str]:
    """Example name -> one-line summary, in name order."""
    found: dict[str, str] = {}
    for path in sorted(EXAMPLE_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            first = handle.readline().strip()
        found[path.stem] = first.removeprefix(SUMMARY_PREFIX) if first.startswith(SUMMARY_PREFIX) else ""
    return found


def example_text(name: str) -> str:
    return example_path(name).read_text(encoding="utf-8")


def example_path(name: str) -> Path:
    """The example called `name`; a name that is not one is refused with the closest one."""
    if name not in examples():
        import difflib

        close = difflib.get_close_matches(name, list(examples()), n=1)
        raise UserError(
            f"no example called {name!r}" + (f"; did you mean {close[0]!r}?" if close else ""),
            "run `connector-advisor example` to list them: " + ", ".join(examples()),
        )
    return EXAMPLE_DIR / f"{name}.yaml"
