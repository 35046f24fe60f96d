"""The README's command summary, generated from the command line itself (as sqlite-utils does with cog).

    python scripts/readme_commands.py            print the block
    python scripts/readme_commands.py --write    replace the block in README.md

The block stands between `<!-- commands: start -->` and `<!-- commands: end -->`; tests/cli/test_readme.py
fails when it differs from what this prints, so the README cannot drift from the commands and options.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- commands: start -->", "<!-- commands: end -->"
PROGRAM = "connector-advisor"
DOCUMENT_PANEL_NOTE = "[document options]"


def _option(param: object) -> str:
    """One option as the synopsis shows it: `[--force]`, `[--output FILE]`, `[--format table|json]`."""
    names = [n for n in getattr(param, "opts", []) if n.startswith("--")]
    name = names[0] if names else getattr(param, "opts", ["?"])[0]
    if getattr(param, "is_flag", False):
        shown = name
    else:
        choices = getattr(getattr(param, "type", None), "choices", None)
        value = "|".join(str(c) for c in choices) if choices else getattr(param, "metavar", None) or "VALUE"
        shown = f"{name} {value}"
        if getattr(param, "multiple", False):
            shown += " ..."
    return shown if getattr(param, "required", False) else f"[{shown}]"


def _argument(param: object) -> str:
    metavar = getattr(param, "metavar", None) or getattr(param, "name", "ARG").upper()
    if getattr(param, "nargs", 1) == -1 and not metavar.endswith("..."):
        metavar += "..."
    return metavar if getattr(param, "required", False) else f"[{metavar}]"


def _summary(text: str) -> str:
    """The help text up to its first full stop or colon outside brackets."""
    flat = " ".join(text.split())
    depth = 0
    for i, ch in enumerate(flat):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and ch in ".:" and flat[i + 1 : i + 2] in (" ", ""):
            return flat[:i]
    return flat


def _commands(group: object, prefix: str = "") -> list[tuple[str, object]]:
    """Every command, a group's own line before its subcommands (`document`, `document init`)."""
    found: list[tuple[str, object]] = []
    for name, command in getattr(group, "commands", {}).items():
        found.append((prefix + name, command))
        if getattr(command, "commands", None):
            found += _commands(command, prefix + name + " ")
    return found


def synopsis_lines() -> list[str]:
    """One comment and one synopsis line per command, in the order `--help` lists them."""
    import typer

    from advisor.cli.app import app
    from advisor.cli.options import DOCUMENT_PANEL

    group = typer.main.get_command(app)
    own = " ".join(_option(p) for p in group.params if "--help" not in p.opts)
    lines = [
        f"# Without a command, in a terminal: the wizard (as `{PROGRAM} wizard`)",
        f"{PROGRAM} {own}",
    ]
    for name, command in _commands(group):
        parts = [PROGRAM, name]
        params = getattr(command, "params", [])
        document = [p for p in params if getattr(p, "rich_help_panel", None) == DOCUMENT_PANEL]
        for param in params:
            if "--help" in getattr(param, "opts", []) or (len(document) > 1 and param in document):
                continue
            is_argument = getattr(param, "param_type_name", "") == "argument"
            parts.append(_argument(param) if is_argument else _option(param))
        if len(document) > 1:
            parts.append(DOCUMENT_PANEL_NOTE)
        lines += ["", f"# {_summary(getattr(command, 'help', None) or '')}", " ".join(parts)]
    return lines


def block() -> str:
    return "\n".join([START, "```sh", *synopsis_lines(), "```", END])


def readme_with_block(readme: str) -> str:
    start, end = readme.index(START), readme.index(END) + len(END)
    return readme[:start] + block() + readme[end:]


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        path = ROOT / "README.md"
        path.write_text(readme_with_block(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    if argv:
        print(__doc__, file=sys.stderr)
        return 2
    print(block())
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
