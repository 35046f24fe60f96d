"""One interactive session: pre-fill, ask, show the plan, offer to save. Called by the CLI."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from advisor.environment import Environment, stopping_signals_interrupt
from advisor.errors import Interrupted, Problem, UserError
from advisor.outputs.writing.files import check_writable
from advisor.shell_words import shell_word
from advisor.wizard.engine import Wizard
from advisor.wizard.introduction import intro, more_by_topic
from advisor.wizard.introduction import not_taken as describe_not_taken
from advisor.wizard.prefill import adopt_prefill, refused
from advisor.wizard.prompts import BACK, YES_NO, Prompt, Prompter
from advisor.wizard.recovery import is_recovery, kept_in, resume_hint, save_recovery
from advisor.wizard.saving import default_save_path, next_step, save_path_prompt

if TYPE_CHECKING:
    from advisor.model.answers import Answers
    from advisor.model.plan import Plan

SCHEMA_FILE = "connector-advisor.schema.json"


class AnswersKept(UserError):
    """A failure whose message already says where the answers were kept."""


def no_terminal(env: Environment) -> str:
    return (
        f"the wizard needs a terminal; run non-interactively with `{env.command('plan FILE')}` "
        f"(`{env.command('example NAME')}` prints an answers file to start from)"
    )


def load_prefill(path: str, env: Environment) -> tuple[dict[str, Any], bool]:
    """Raw answers to pre-fill from, never modified; and whether they are a recovery file's (answers so far:
    the questions they leave out are asked, not defaulted)."""
    from advisor.inputs.answers_file import parse_text, read_text

    text = read_text(path, env.stdin)
    data = parse_text(text, path)
    if not isinstance(data, dict):
        raise UserError(f"{path} is not an answers file (it is not a mapping of keys)")
    return data, is_recovery(text)


def save_answers(data: dict[str, Any], path: Path, force: bool) -> list[Path]:
    """Write the answers file (and the JSON Schema beside it, if not there yet). Returns what was written."""
    from advisor.model.schema import schema_text
    from advisor.outputs.views.answers_file import render_answers
    from advisor.outputs.writing.files import write_atomic

    write_atomic(path, render_answers(data, SCHEMA_FILE), force)
    written = [path]
    schema = path.parent / SCHEMA_FILE
    if not schema.exists():
        write_atomic(schema, schema_text() + "\n")
        written.append(schema)
    return written


def output_paths(answers_path: Path) -> list[Path]:
    """The files written beside an answers file (acme.ps1, acme.md, acme.html, acme.onprem.ps1)."""
    from advisor.outputs.formats import BY_DEFAULT
    from advisor.outputs.writing.documents import onprem_script_path, targets_beside

    targets = list(targets_beside(answers_path.with_suffix(""), list(BY_DEFAULT)).values())
    return [*targets, onprem_script_path(answers_path.with_suffix(".ps1"))]


def write_outputs(
    plan: Plan,
    answers: Answers,
    answers_path: Path,
    force: bool,
    env: Environment,
    client: dict[str, Any] | None = None,
    client_base: Path | None = None,
) -> list[Path]:
    """The PowerShell script and both handouts, named after the answers file (acme.yaml -> acme.ps1...), with
    the consultant's document.yaml and the answers' own `document` section (`client`)."""
    from advisor.advice.decide import localised_plan
    from advisor.inputs import document_control
    from advisor.outputs.formats import BY_DEFAULT
    from advisor.outputs.writing.documents import targets_beside, write_plan

    targets = targets_beside(answers_path.with_suffix(""), list(BY_DEFAULT))
    document = document_control.load(None, None, client, client_base or answers_path.parent)
    localised = localised_plan(answers, plan, document.language)  # the handouts in document.yaml's language
    return write_plan(
        plan,
        targets,
        today=env.today(),
        source_name=answers_path.name,
        force=force,
        document=document,
        localised=localised,
    )


def _save_or_keep(
    env: Environment, wizard: Wizard, data: dict[str, Any], path: Path, force: bool
) -> list[Path]:
    """Save the answers; when that fails (exists, no folder, permission, disk full) keep them in the recovery
    file and say where, so nothing typed is lost."""
    try:
        return save_answers(data, path, force)
    except UserError as exc:
        kept = save_recovery(wizard.answers_so_far(), env)
        raise AnswersKept(
            f"{exc.message}; your answers are kept in {kept_in(kept)}",
            f"save them with `{resume_hint(env, kept, save=True)}`",
        ) from None


def start(
    env: Environment, answers: str | None, save: Path | None, force: bool, answers_only: bool = False
) -> None:
    """Open the wizard in the terminal it was started from, with the prompter that terminal can show."""
    if not env.interactive:
        raise UserError(no_terminal(env))
    if env.variables.get("TERM") == "dumb":  # no cursor movement: plain lines, no escape sequences
        from advisor.wizard.plain_prompter import PlainPrompter

        run_session(
            env, PlainPrompter(env.stdin, env.stdout, env.columns), answers, save, force, answers_only
        )
        return
    if env.no_color:
        os.environ["NO_COLOR"] = "1"  # prompt_toolkit reads it when it builds its output
    try:
        from advisor.wizard.terminal_prompter import QuestionaryPrompter

        run_session(env, QuestionaryPrompter(env.stdout, env.no_color), answers, save, force, answers_only)
    except Exception as exc:
        if type(exc).__name__ == "NoConsoleScreenBufferError":  # Windows console without a screen buffer
            raise UserError(
                "this console cannot run the interactive wizard; use Windows Terminal or a PowerShell "
                f"console, or run `{env.command('plan FILE')}`"
            ) from None
        raise


def run_session(
    env: Environment,
    prompter: Prompter,
    answers_path: str | None,
    save_path: Path | None,
    force: bool,
    answers_only: bool = False,
) -> int:
    """Run the wizard end to end. Ctrl-C anywhere keeps the answers so far in a recovery file. With
    `save_path`, the answers are saved there and, unless `answers_only`, the script and handouts beside
    them."""
    prefill, partial = load_prefill(answers_path, env) if answers_path else ({}, False)
    protected = {Path(answers_path).resolve()} if answers_path and answers_path != "-" else set()
    if save_path is not None and save_path.resolve() in protected and not force:
        raise UserError(
            f"--save {save_path} is the file given to --answers; it is modified only when you say so",
            "add --force to save the revision over it (the previous version is kept beside it as .bak), or "
            "save it under a new name",
        )
    if save_path is not None and save_path.resolve() not in protected:
        check_writable(save_path, force)  # before the first question, not after the last
    # A broken document.yaml is reported after the first answer, not after the last question; reading it
    # (and loading PyYAML) before the first question would delay that question by 20 to 30 ms.
    prompter = CheckedAfterFirstAnswer(prompter, _check_document_settings, env.as_started)
    wizard = Wizard(prompter, prefill=prefill)
    adopt_prefill(wizard, partial)
    prompter.inform(intro(len(wizard.pending()), more_by_topic({s.key for s in wizard.pending()})))
    not_taken = refused(wizard)
    if not_taken:
        prompter.inform(describe_not_taken(not_taken))
    saved_to: list[Path] = []  # where the answers were saved, once they are
    try:
        with stopping_signals_interrupt():  # a closed terminal or `kill` keeps the answers as Ctrl-C does
            while True:  # each pass ends at the save step; Back there returns to the review
                data = wizard.run()
                saved = _show_and_save(
                    env, prompter, wizard, data, (save_path, answers_only, saved_to), protected, force
                )
                if saved is not BACK:
                    return 0
    except KeyboardInterrupt:
        if saved_to:
            raise Interrupted(f"interrupted; {_saved_note(env, saved_to[-1])}") from None
        path = save_recovery(wizard.answers_so_far(), env)
        raise Interrupted(
            f"interrupted; your answers so far are in {kept_in(path)} "
            f"(resume with `{resume_hint(env, path)}`)"
        ) from None
    except AnswersKept:
        raise
    except Exception as exc:  # an internal error, a closed terminal, a failed write: keep what was typed
        if saved_to:  # writing the outputs failed: the answers are in their file, not in a recovery file
            exc.add_note(_saved_note(env, saved_to[-1]))
        elif wizard.answered:
            path = save_recovery(wizard.answers_so_far(), env)
            exc.add_note(
                f"your answers so far are in {kept_in(path)} (resume with `{resume_hint(env, path)}`)"
            )
        raise


def _saved_note(env: Environment, path: Path) -> str:
    """Where the answers are when the session ends after saving them, and how to write the rest."""
    folder = path.parent if str(path.parent) not in ("", ".") else Path(".")
    return (
        f"your answers are saved in {path} (write the script and handouts with "
        f"`{env.command(f'render {shell_word(str(path))} --out {shell_word(str(folder))}')}`)"
    )


def _show_and_save(
    env: Environment,
    prompter: Prompter,
    wizard: Wizard,
    data: dict[str, Any],
    save: tuple[Path | None, bool, list[Path]],
    protected: set[Path],
    force: bool,
) -> Any:
    """Show the plan and save what was asked for (`save`: the --save path, whether only the answers, and the
    list that records where the answers were saved);
    BACK when the user goes back to the review. Sections the wizard never asks (the handouts' document
    control) are kept from the answers file as they were."""
    save_path, answers_only, saved_to = save
    client, base = _kept_sections(wizard, data, protected)
    from advisor.advice.decide import decide
    from advisor.model.validation import validate_answers
    from advisor.outputs.terminal.plan_table import render_table

    answers = validate_answers(data, "your answers")
    plan = decide(answers)
    console = env.console()
    console.print()
    render_table(plan, console)
    if save_path is not None:
        _write(env, _saved(env, prompter, wizard, data, save_path, protected, force))
        saved_to.append(save_path)
        if not answers_only:
            written = write_outputs(plan, answers, save_path, force, env, client, base)
            _write(env, written)
            prompter.inform(next_step(written, plan))
        return None
    prompter.inform(plan.summary)
    choice = prompter.ask(Prompt("save", "select", "Save these answers to a file?", "", YES_NO, True))
    if choice is BACK:
        return BACK
    if choice is not True:
        path = save_recovery(wizard.answers_so_far(), env)
        prompter.inform(
            f"Not saved. Your answers are kept in:\n  {kept_in(path)}\nSave them later with:\n"
            f"  {resume_hint(env, path, save=True)}"
        )
        return None
    target = _where(env, prompter, data, protected, force)
    if target is None:
        return BACK
    _write(env, _saved(env, prompter, wizard, data, target, protected, force))
    saved_to.append(target)
    existing = [p.name for p in output_paths(target) if p.exists()]
    if prompter.ask(_outputs_prompt(existing)) is True:  # a yes to replacing them is the user's say-so
        written = write_outputs(plan, answers, target, force or bool(existing), env, client, base)
        _write(env, written)
        prompter.inform(next_step(written, plan))
    return None


def _outputs_prompt(existing: list[str]) -> Prompt:
    replacing = f" (replacing {', '.join(existing)})" if existing else ""
    return Prompt(
        "outputs",
        "select",
        f"Also write the PowerShell script and the handouts next to it{replacing}?",
        "",
        YES_NO,
        True,
        allow_back=False,
    )


def _where(
    env: Environment, prompter: Prompter, data: dict[str, Any], protected: set[Path], force: bool
) -> Path | None:
    """Where to save: back over the file revised (the default when revising) or a new name; None: Back."""
    from advisor.wizard.revision import where_prompt

    if protected:
        original = next(iter(protected))
        choice = prompter.ask(where_prompt(original))
        if choice is BACK:
            return None
        if choice == "back":
            return original
    reply = prompter.ask(save_path_prompt(default_save_path(data, protected), protected, force, env))
    return Path(reply.strip()).expanduser() if isinstance(reply, str) else None


def _saved(
    env: Environment,
    prompter: Prompter,
    wizard: Wizard,
    data: dict[str, Any],
    path: Path,
    protected: set[Path],
    force: bool,
) -> list[Path]:
    """Save the answers at `path`: over the file revised with its previous version kept and said, else as a
    new file."""
    if path.resolve() not in protected:
        return _save_or_keep(env, wizard, data, path, force)
    from advisor.outputs.views.answers_file import render_answers
    from advisor.wizard.revision import keep_previous, own_comments, replaced_note

    previous = path.read_text(encoding="utf-8", errors="replace")
    backup = keep_previous(path)
    written = _save_or_keep(env, wizard, data, path, True)
    lost = own_comments(previous, render_answers(data, SCHEMA_FILE))
    prompter.inform(replaced_note(path, backup, lost))
    return [backup, *written]


def _kept_sections(
    wizard: Wizard, data: dict[str, Any], protected: set[Path]
) -> tuple[dict[str, Any] | None, Path | None]:
    """The sections the wizard never asks, kept in `data` from the file as they were; the handouts' document
    control among them, and the folder its logo is relative to (the answers file's)."""
    from advisor.model.answers import FILE_ONLY_SECTIONS

    for key in FILE_ONLY_SECTIONS:
        if key in wizard.prefill and key not in data:
            data[key] = wizard.prefill[key]
    client = data.get("document") if isinstance(data.get("document"), dict) else None
    return client, next(iter(protected)).parent if protected else None


def _write(env: Environment, paths: list[Path]) -> None:
    from advisor.outputs.terminal.error_messages import report_written

    report_written(env.stderr, paths)


def _check_document_settings() -> None:
    from advisor.inputs import document_control

    document_control.load()


class CheckedAfterFirstAnswer:
    """A prompter that runs `check` once, before the second question: after the first answer is in and kept
    by the wizard, so a failure keeps it in the recovery file, as any failure after the first answer does
    (the outputs read the document settings again when they are written)."""

    def __init__(
        self, inner: Prompter, check: Callable[[], None], as_started: Callable[[str], str] = str
    ) -> None:
        self.inner = inner
        self.check: Callable[[], None] | None = check
        self.answered = False
        self.as_started = as_started  # commands the wizard suggests, written as the user started the tool

    def ask(self, prompt: Prompt) -> Any:
        if self.check is not None and self.answered:  # the first answer is applied by now: a failure keeps it
            check, self.check = self.check, None
            check()
        value = self.inner.ask(prompt)
        self.answered = True
        return value

    def show_problems(self, problems: list[Problem]) -> None:
        self.inner.show_problems(problems)

    def inform(self, message: str) -> None:
        self.inner.inform(self.as_started(message))
