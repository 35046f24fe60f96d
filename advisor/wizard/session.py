"""One interactive session: pre-fill, ask, show the plan, offer to save. Called by the CLI."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from advisor.environment import Environment
from advisor.errors import Interrupted, UserError
from advisor.model.plan import Plan
from advisor.wizard.engine import Wizard
from advisor.wizard.prompts import YES_NO, Prompt, Prompter

SCHEMA_FILE = "connector-advisor.schema.json"
NO_TERMINAL = (
    "the wizard needs a terminal; run non-interactively with `connector-advisor plan FILE` "
    "(`connector-advisor example NAME` prints an answers file to start from)"
)


def recovery_dir(env: Environment) -> Path:
    base = env.variables.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "connector-advisor"


def load_prefill(path: str, env: Environment) -> dict[str, Any]:
    """Raw answers to pre-fill from (may be partial, like a recovery file); never modified."""
    from advisor.inputs.answers_file import parse_text, read_text

    data = parse_text(read_text(path, env.stdin), path)
    if not isinstance(data, dict):
        raise UserError(f"{path} is not an answers file (it is not a mapping of keys)")
    return data


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:40] or "answers"


def default_save_path(data: dict[str, Any], taken: set[Path]) -> Path:
    stem = slug(str((data.get("organization") or {}).get("name", "answers")))
    candidate = Path(f"{stem}.yaml")
    counter = 2
    while candidate.exists() or candidate.resolve() in taken:
        candidate = Path(f"{stem}-{counter}.yaml")
        counter += 1
    return candidate


def save_answers(data: dict[str, Any], path: Path, force: bool) -> list[Path]:
    """Write the answers file (and the JSON Schema beside it, if not there yet). Returns what was written."""
    from advisor.model.schema import schema_text
    from advisor.outputs.files import write_atomic
    from advisor.outputs.templating import render_answers

    write_atomic(path, render_answers(data, SCHEMA_FILE), force)
    written = [path]
    schema = path.parent / SCHEMA_FILE
    if not schema.exists():
        write_atomic(schema, schema_text() + "\n")
        written.append(schema)
    return written


def write_outputs(plan: Plan, answers_path: Path, force: bool, env: Environment) -> list[Path]:
    """The PowerShell script and both handouts, named after the answers file (acme.yaml -> acme.ps1...)."""
    from advisor.model.vocabulary import DOCUMENT_FORMATS
    from advisor.outputs.documents import targets_beside, write_plan

    targets = targets_beside(answers_path.with_suffix(""), list(DOCUMENT_FORMATS))
    return write_plan(plan, targets, today=env.today(), source_name=answers_path.name, force=force)


def save_recovery(data: dict[str, Any], env: Environment) -> Path:
    from advisor.outputs.files import write_atomic
    from advisor.outputs.templating import render_answers

    folder = recovery_dir(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        import tempfile

        folder = Path(tempfile.gettempdir())
    path = folder / f"recovery-{time.strftime('%Y%m%d-%H%M%S')}.yaml"
    counter = 2
    while path.exists():
        path = folder / f"recovery-{time.strftime('%Y%m%d-%H%M%S')}-{counter}.yaml"
        counter += 1
    write_atomic(path, render_answers(data))
    return path


def _save_path_prompt(default: Path, protected: set[Path], force: bool) -> Prompt:
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
        "Re-run it later with `connector-advisor "
        "plan FILE`, or revise it with `connector-advisor wizard --answers FILE`.",
        default=str(default),
        validate=validate,
        parse=str.strip,
    )


def run_session(
    env: Environment, prompter: Prompter, answers_path: str | None, save_path: Path | None, force: bool
) -> int:
    """Run the wizard end to end. Ctrl-C anywhere keeps the answers so far in a recovery file."""
    from advisor.advice.decide import decide
    from advisor.model.validation import validate_answers
    from advisor.outputs.view import render_table

    prefill = load_prefill(answers_path, env) if answers_path else {}
    protected = {Path(answers_path).resolve()} if answers_path and answers_path != "-" else set()
    if save_path is not None and save_path.resolve() in protected:
        raise UserError(
            f"--save {save_path} is the file given to --answers; it is never modified",
            "save the revised answers under a new name",
        )
    wizard = Wizard(prompter, prefill=prefill)
    try:
        data = wizard.run()
        plan = decide(validate_answers(data, "your answers"))
        console = env.console()
        console.print()
        render_table(plan, console)
        interactive_save = save_path is None
        if save_path is None:
            if (
                prompter.ask(Prompt("save", "select", "Save these answers to a file?", "", YES_NO, True))
                is not True
            ):
                return 0
            reply = prompter.ask(_save_path_prompt(default_save_path(data, protected), protected, force))
            if not isinstance(reply, str):  # Back: do not save
                return 0
            save_path = Path(reply.strip()).expanduser()
        for path in save_answers(data, save_path, force):
            env.stderr.write(f"wrote {path}\n")
        if interactive_save:
            ask_outputs = Prompt(
                "outputs",
                "select",
                "Also write the PowerShell script and the handouts next to it?",
                "",
                YES_NO,
                True,
                allow_back=False,
            )
            if prompter.ask(ask_outputs) is True:
                for path in write_outputs(plan, save_path, force, env):
                    env.stderr.write(f"wrote {path}\n")
        return 0
    except KeyboardInterrupt:
        path = save_recovery(wizard.answers_so_far(), env)
        raise Interrupted(
            f"interrupted; your answers so far are in {path} "
            f"(resume with `connector-advisor wizard --answers {path}`)"
        ) from None
