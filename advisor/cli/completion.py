"""Shell completion (bash, zsh, fish, PowerShell): commands, options and `--format` values come from typer;
this adds file names for every parameter whose metavar names a file or folder, and the bundled examples'
names for `--example` and `example NAME`.

Completion works through typer's protocol: the shell's completion script runs the program with
`_CONNECTOR_ADVISOR_COMPLETE` set (and the words typed so far in other variables). The launcher sends such a
run to the command line even without arguments, so Tab never starts the wizard.
"""

from __future__ import annotations

import os
from typing import Any

COMPLETE_VARIABLE = "_CONNECTOR_ADVISOR_COMPLETE"
# Parameters whose values are files or folders, by their metavar (FILE..., EXPORT..., DIR).
PATH_METAVARS = frozenset(
    {"FILE", "FILE_OR_FOLDER", "DIR", "ANSWERS", "EXPORT", "ZONEFILE", "TRACE", "SOURCE", "LOGO"}
)
EXAMPLE_PARAMETERS = frozenset({"example", "name"})  # `plan --example NAME`, `example NAME`


def completing(variables: dict[str, str] | os._Environ[str]) -> bool:
    """Whether this run answers a shell's completion request."""
    return bool(variables.get(COMPLETE_VARIABLE))


def paths(_ctx: Any, _param: Any, incomplete: str) -> list[str]:
    """Files and folders that start with what was typed (folders end in a slash so Tab goes on into them);
    hidden ones only when a dot was typed. Never raises: an unreadable folder completes nothing."""
    from advisor.model.validators import has_control_characters

    expanded = os.path.expanduser(incomplete)
    if incomplete.startswith("~") and os.sep not in incomplete and os.path.isdir(expanded):
        return [incomplete + os.sep]  # ~ (or ~user) alone: into the home folder, as the shell would
    folder, start = os.path.split(expanded)
    try:
        entries = sorted(os.scandir(folder or "."), key=lambda e: e.name)
    except OSError:
        return []
    found = []
    for entry in entries:
        if not entry.name.startswith(start) or (entry.name.startswith(".") and not start.startswith(".")):
            continue
        if has_control_characters(entry.name):  # one candidate a line: a line break would make two
            continue
        shown = os.path.join(os.path.split(incomplete)[0], entry.name)
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        found.append(completed_word(shown + os.sep if is_folder else shown))
    return found


def completed_word(name: str) -> str:
    """A file name as bash's completion inserts it: typer's script puts each candidate in literally, so a
    space or a shell character is escaped here (`my\\ answers.yaml`). Other shells quote candidates
    themselves."""
    if os.environ.get(COMPLETE_VARIABLE) != "complete_bash":
        return name
    from advisor.shell_words import backslashed

    return backslashed(name)


def example_names(_ctx: Any, _param: Any, incomplete: str) -> list[str]:
    from advisor.inputs.examples import names

    return [name for name in names() if name.startswith(incomplete)]


def _metavar(param: Any) -> str:
    return str(getattr(param, "metavar", None) or "").removesuffix("...")


def attach(command: Any) -> None:
    """Give every parameter of `command` and its subcommands the completion its metavar calls for."""
    for param in getattr(command, "params", []):
        if getattr(param, "_custom_shell_complete", None) is not None:
            continue
        if param.name in EXAMPLE_PARAMETERS and _metavar(param) == "NAME":
            param._custom_shell_complete = example_names
        elif _metavar(param) in PATH_METAVARS:
            param._custom_shell_complete = paths
    for sub in getattr(command, "commands", {}).values():
        attach(sub)
