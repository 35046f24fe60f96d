"""The wizard engine: walks the question bank with a Prompter, with back, review and pre-filled answers.

It knows nothing about terminals: a Prompter shows each `Prompt` and returns the chosen value, `BACK`,
or raises KeyboardInterrupt. Tests drive it with a scripted prompter; the CLI with questionary.
The engine only collects answers: `Wizard.answers()` is exactly the answers-file data `plan` reads.
"""

from __future__ import annotations

import copy
from dataclasses import field, replace
from typing import Any

from advisor.errors import AnswersInvalid, Problem
from advisor.model.answers import FORMAT_VERSION, Answers, rule_problems
from advisor.model.fields import NOT_SURE, fields_of
from advisor.model.validation import validate_answers
from advisor.model.validators import InvalidValue
from advisor.record import record
from advisor.wizard.answer_paths import delete_path as _delete_path
from advisor.wizard.answer_paths import entries as _entries
from advisor.wizard.answer_paths import get_path as _get_path
from advisor.wizard.answer_paths import set_path as _set_path
from advisor.wizard.prompts import BACK, DONE, YES_NO, Prompt, PromptChoice, Prompter
from advisor.wizard.question import Question, State
from advisor.wizard.question_bank import QUESTIONS
from advisor.wizard.repeats import REPEATS, repeat


@record
class Step:
    """One place in the wizard's walk: a question, or the choice of adding another entry to a list of
    sections (another partner, another processing service)."""

    key: str  # unique per step: the answers path, or add-partner[i]
    question: Question | None
    partner: int | None  # the entry's index in its list (partners, processing_services); None elsewhere
    section: str = "partners"  # the list the entry is in

    @property
    def entries(self) -> str:
        return self.question.section if self.question is not None else self.section


def steps(state: State) -> list[Step]:
    """The questions that can matter for these answers, in order."""
    out: list[Step] = []
    for q in QUESTIONS:
        if not q.repeated and q.when(state, {}):
            out.append(Step(q.id, q, None))
    for entries in REPEATS:
        listed = state.get(entries.section) or []
        for i in range(len(listed) + 1):
            out.append(Step(f"{entries.add_key}[{i}]", None, i, entries.section))
            if i < len(listed):
                for q in entries.questions:
                    if q.when(state, listed[i]):
                        out.append(Step(f"{entries.section}[{i}].{q.key}", q, i, entries.section))
    return out


def answers_from_state(state: State) -> dict[str, Any]:
    """The answers-file data for what has been answered so far (complete or not)."""
    data: dict[str, Any] = {"version": FORMAT_VERSION}
    for key in (f.name for f in fields_of(Answers) if f.name != "version"):
        if key in state:
            data[key] = copy.deepcopy(state[key])
    if (data.get("on_premises") or {}).get("server") == "none":
        del data["on_premises"]
    for entries in REPEATS:
        if data.get(entries.section) == []:
            del data[entries.section]
    return data


def _asked(step: Step) -> str:
    """The question in its own words (with the partner's number for partner questions)."""
    assert step.question is not None
    if step.partner is not None:
        return f"{repeat(step.entries).label} {step.partner + 1}: {step.question.text}"
    return step.question.text


def _display(value: Any, q: Question | None, state: State, partner: State | None) -> str:
    if q is not None and q.asks_for_section:
        return "Yes" if isinstance(value, dict) else "No"
    if isinstance(value, bool):
        return "Yes" if value else "No"  # as the choices read
    if value == NOT_SURE:
        return "Not sure"
    if isinstance(value, list):
        return ", ".join(value) if value else "(none)"
    choices = q.field.choices if q is not None else None
    if choices is not None and value in choices:
        return choices[value].label
    return "(none)" if value is None else str(value)


@record(frozen=False)
class Wizard:
    """The wizard's state: answers so far and the walk through the questions, with Back and review."""

    prompter: Prompter
    prefill: State = field(default_factory=dict)
    state: State = field(default_factory=dict)
    answered: list[str] = field(default_factory=list)  # step keys, in the order they were answered

    # -- one step -----------------------------------------------------------------------------------

    def prefilled(self, step: Step) -> Any:
        if step.question is None:
            return None
        if step.partner is not None:
            partners = self.prefill.get(step.entries)
            if (
                isinstance(partners, list)
                and step.partner < len(partners)
                and isinstance(partners[step.partner], dict)
            ):
                return partners[step.partner].get(step.question.key)
            return None
        return _get_path(self.prefill, step.question, None)

    def _default(self, step: Step) -> Any:
        q = step.question
        if q is None:  # add a partner (a service)?
            prefilled = self.prefill.get(step.section)
            count = len(prefilled) if isinstance(prefilled, list) else 0
            return step.partner is not None and step.partner < max(
                count, len(self.state.get(step.section) or [])
            )
        current = _get_path(self.state, q, step.partner)
        if q.asks_for_section:  # yes when the section is there (answered, or in the file being revised)
            shown = current if step.key in self.answered else self.prefilled(step)
            return isinstance(shown, dict) if shown is not None or q.default is None else q.default
        if current is not None:
            return current
        prefilled = self.prefilled(step)
        if prefilled is not None and q.fits_shape(prefilled):
            return prefilled
        if q.default is not None:
            return q.default(self.state, self._partner_state(step)) if callable(q.default) else q.default
        return None if q.field.default in ((), None) else q.field.default

    def _partner_state(self, step: Step) -> State:
        return self.state[step.entries][step.partner] if step.partner is not None else {}

    def optional(self, step: Step) -> bool:
        q = step.question
        assert q is not None
        return q.optional(self.state, self._partner_state(step))

    def prompt_for(self, step: Step) -> Prompt:
        default = self._default(step)
        if step.question is None:
            entries = repeat(step.section)
            return Prompt(
                step.key,
                "select",
                entries.first if step.partner == 0 else entries.another,
                entries.help,
                YES_NO,
                bool(default),
            )
        q = step.question
        label = step.key
        if q.kind == "confirm":
            answers: tuple[PromptChoice, ...] = YES_NO
            if q.options is not None:
                offered = q.options(self.state, self._partner_state(step))
                answers = tuple(PromptChoice(k, o.label, o.description) for k, o in offered.items())
            if q.not_sure and q.field.unsure:
                how = q.not_sure[:1].upper() + q.not_sure[1:]
                answers = (*answers, PromptChoice(NOT_SURE, "Not sure", f"How to find out: {how}"))
            known = isinstance(default, bool) or (default == NOT_SURE and q.field.unsure)
            return Prompt(label, "select", q.text, q.help, answers, default if known else None)
        if q.kind == "select":
            options = q.choices_for(self.state, self._partner_state(step))
            choices = tuple(PromptChoice(k, o.label, o.description) for k, o in options.items())
            if isinstance(default, int) and not isinstance(default, bool):
                default = str(default)  # exchange_version: 2016, as the answers file accepts it
            is_offered = isinstance(default, str) and default in options
            return Prompt(label, "select", q.text, q.help, choices, default if is_offered else None)
        optional = self.optional(step)

        def parse(text: str) -> Any:
            return q.parse(text, optional) if not optional or text.strip() else None

        def validate(text: str) -> str | None:
            try:
                value = parse(text)
            except InvalidValue as exc:
                return exc.reason
            return self._rule_problem(step, value)

        if isinstance(default, list):
            default_text = ", ".join(str(v) for v in default)
        else:
            default_text = "" if default is None else str(default)
        if default_text and validate(default_text) is not None:
            default_text = ""  # a value the question refuses (from the file) is never offered again
        return Prompt(label, "text", q.text, q.help, (), default_text, validate, parse)

    def _rule_problem(self, step: Step, value: Any) -> str | None:
        """A cross-field problem this answer causes right now (e.g. a partner domain that is yours)."""
        assert step.question is not None
        trial = copy.deepcopy(self.state)
        if value is None:
            _delete_path(trial, step.question, step.partner)
        else:
            _set_path(trial, step.question, step.partner, value)
        for problem in rule_problems(answers_from_state(trial)):
            if problem.has_value and (problem.path == step.key or problem.path.startswith(step.key + "[")):
                return problem.message
        return None

    def apply(self, step: Step, value: Any) -> None:
        if step.question is None:
            partners = self.state.setdefault(step.section, [])
            assert step.partner is not None
            if value:
                while len(partners) <= step.partner:
                    partners.append({})
            else:
                del partners[step.partner :]
        elif step.question.asks_for_section:
            if value is True:
                self.state.setdefault(step.question.id, {})
            else:
                self.state.pop(step.question.id, None)
        elif value is None:
            _delete_path(self.state, step.question, step.partner)
        else:
            _set_path(self.state, step.question, step.partner, value)
        if step.key in self.answered:
            self.answered.remove(step.key)
        self.answered.append(step.key)
        self.prune()

    def prune(self) -> None:
        """Drop answers to questions that can no longer matter."""
        live = {s.key: s for s in steps(self.state)}
        for key in list(self.answered):
            if key not in live:
                self.answered.remove(key)
        for q in QUESTIONS:
            if q.repeated:
                for i, partner in enumerate(_entries(self.state, q)):
                    key = f"{q.section}[{i}].{q.key}"
                    if key not in live or not self._still_offered(q, partner.get(q.key), partner):
                        self._forget(q, i, key)
            elif q.id not in live or not self._still_offered(q, _get_path(self.state, q, None), None):
                self._forget(q, None, q.id)
        asked_for = {q.id for q in QUESTIONS if q.asks_for_section}
        for f in fields_of(Answers):
            if f.kind == "section" and f.name not in asked_for and self.state.get(f.name) == {}:
                del self.state[f.name]  # every question in it was dropped

    def answers_so_far(self) -> dict[str, Any]:
        """The answers given so far, for a recovery file: a section answered No is kept as `null` and a list
        of sections answered "no more" as `[]`, so resuming does not ask them again (an answers file leaves
        them out)."""
        data = answers_from_state(self.state)
        for q in QUESTIONS:
            if q.asks_for_section and q.id in self.answered and q.id not in data:
                data[q.id] = None
        for entries in REPEATS:
            if f"{entries.add_key}[0]" in self.answered and entries.section not in data:
                data[entries.section] = []
        return data

    def _still_offered(self, q: Question, value: Any, partner: State | None) -> bool:
        return value is None or q.options is None or value in q.choices_for(self.state, partner)

    def _forget(self, q: Question, partner: int | None, key: str) -> None:
        _delete_path(self.state, q, partner)
        if key in self.answered:
            self.answered.remove(key)

    # -- pre-filled answers (--answers FILE, a recovery file) ----------------------------------------

    def pending(self) -> list[Step]:
        """The questions that can matter and have no answer yet, in order."""
        return [s for s in steps(self.state) if s.key not in self.answered]

    # -- the walk -------------------------------------------------------------------------------------

    def fill(self) -> bool:
        """Ask every question that can matter and has no answer yet, in order, with Back.

        Returns False when the user goes back past the first question of this pass.
        """
        history: list[str] = []
        while True:
            pending = [s for s in steps(self.state) if s.key not in self.answered]
            if not pending:
                return True
            step = pending[0]
            prompt = self.prompt_for(step)
            if (
                step.question is not None
                and step.question.kind in ("select", "confirm")
                and len(prompt.choices) == 1
            ):
                self.apply(step, prompt.choices[0].value)  # narrowed to one choice: nothing to ask
                continue
            value = self.prompter.ask(prompt)
            if value is BACK:
                if not history:
                    return False
                previous = history.pop()
                if previous in self.answered:
                    self.answered.remove(previous)
                continue
            if prompt.parse is not None and isinstance(value, str):
                value = prompt.parse(value)
            self.apply(step, value)
            if value == NOT_SURE and step.question is not None and step.question.not_sure:
                self.prompter.inform(f"How to find out: {step.question.not_sure}")
            history.append(step.key)

    def review_prompt(self, problems: list[Problem]) -> Prompt:
        rows = []
        summary = []
        for step in steps(self.state):
            if step.question is None:
                continue
            value = _get_path(self.state, step.question, step.partner)
            text = _display(value, step.question, self.state, self._partner_state(step))
            # The label may be cut at the terminal's edge; the description (wrapped) shows the answer whole.
            about = f"{step.question.help} Answer: {text}" if step.question.help else f"Answer: {text}"
            rows.append(PromptChoice(step.key, f"{_asked(step)} {text}", about))
            summary.append((_asked(step), text))
        note = f" ({len(problems)} problem{'s' if len(problems) != 1 else ''} to fix)" if problems else ""
        done = PromptChoice(DONE, "Looks right: show the plan", "Plan the connectors for these answers.")
        return Prompt(
            "review",
            "select",
            "Review your answers; pick one to change" + note,
            "Answers that no longer apply after a change are dropped.",
            (done, *rows),
            DONE,
            summary=tuple(summary),
        )

    def in_question_words(self, problem: Problem) -> Problem:
        """A problem about an answer, named by the question that asked it (key paths are for files)."""
        for step in steps(self.state):
            if step.question is not None and (
                problem.path == step.key or problem.path.startswith(step.key + "[")
            ):
                return replace(problem, path=_asked(step))
        return problem

    def change(self, key: str) -> None:
        """Re-ask one answer, then whatever newly applies; Back from it returns to the review."""
        if key in self.answered:
            self.answered.remove(key)
        self.fill()
        if key not in self.answered:  # went back from the changed question: keep the old answer
            self.answered.append(key)
            self.fill()

    def run(self) -> dict[str, Any]:
        """Ask, review, and return answers that validate. Raises KeyboardInterrupt on Ctrl-C."""
        while not self.fill():
            pass  # Back on the very first question: stay on it
        problems: list[Problem] = []
        while True:
            choice = self.prompter.ask(self.review_prompt(problems))
            if choice is BACK:
                if self.answered:
                    self.answered.pop()
                while not self.fill():
                    pass
                continue
            if choice != DONE:
                self.change(choice)
                continue
            data = answers_from_state(self.state)
            try:
                validate_answers(data, "your answers")
            except AnswersInvalid as exc:
                problems = exc.problems
                self.prompter.show_problems([self.in_question_words(p) for p in problems])
                continue
            return data
