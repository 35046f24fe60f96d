"""Regenerate advisor/model/public_suffixes.txt from the Public Suffix List shipped in `publicsuffixlist`.

Usage: python scripts/update_public_suffixes.py   (needs the test extras: pip install -e '.[test]')

The advisor refuses an organisation domain that is itself a public suffix (co.uk, com, github.io): nobody
registers those. Reading the packaged list takes about 50 ms, too slow for every plan, so the rules are kept
here in the advisor's own form: one per line, lower-case A-labels, `*.x` for wildcard and `!x` for
exception rules. `tests/model/test_public_suffixes.py` checks the file against the installed list.
"""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "advisor" / "model" / "public_suffixes.txt"


def a_label(label: str) -> str:
    if label == "*" or label.isascii():
        return label.lower()
    return label.encode("idna").decode("ascii")


def rules_from(source: Path) -> list[str]:
    rules: set[str] = set()
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        rule = line.split()[0]
        prefix = "!" if rule.startswith("!") else ""
        try:
            rules.add(prefix + ".".join(a_label(label) for label in rule.lstrip("!").split(".")))
        except UnicodeError:
            continue  # not expressible as IDNA 2003; such a name cannot be typed as a domain here either
    return sorted(rules)


def render() -> str:
    import publicsuffixlist

    header = f"# Public Suffix List rules from publicsuffixlist {version('publicsuffixlist')}"
    return (
        header
        + " (scripts/update_public_suffixes.py)\n"
        + "\n".join(rules_from(Path(publicsuffixlist.PSLFILE)))
        + "\n"
    )


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET}\n")
