"""Answers given up front (`wizard --answers FILE`, a recovery file): taken where their questions accept them.

A complete answers file goes straight to the review; a partial one (a recovery file) resumes at its first
gap. A value its question refuses is asked again, with the reason, never a crash.
"""

from __future__ import annotations

from typing import Any

from advisor.errors import AnswersInvalid, Problem
from advisor.model.validation import validate_answers
from advisor.wizard.engine import Step, Wizard
from advisor.wizard.prompts import Prompt


def adopt_prefill(wizard: Wizard, partial: bool = False) -> None:
    """Answer every question the pre-filled answers fit, in order (each answer can change what matters). A
    complete answers file's missing keys take their defaults; `partial` answers (a recovery file's) leave the
    questions they do not answer to be asked."""
    if not wizard.prefill:
        return
    complete = not partial and _validates(wizard.prefill)
    adopted = True
    while adopted:
        adopted = False
        for step in wizard.pending():
            found, value = _adoptable(wizard, step, complete)
            if found:
                wizard.apply(step, value)
                adopted = True
                break


def _validates(data: dict[str, Any]) -> bool:
    try:
        validate_answers(data, "the answers file")
    except AnswersInvalid:
        return False
    return True


def _adoptable(wizard: Wizard, step: Step, complete: bool) -> tuple[bool, Any]:
    """(True, value) when the pre-filled answer fits the step; for a complete file, a key it leaves out takes
    its default (or stays unsaid)."""
    prompt = wizard.prompt_for(step)
    q = step.question
    if q is None or q.asks_for_section:  # another partner? a filtering service? as the file says
        given = (q.id if q is not None else step.section) in wizard.prefill or complete
        return (given, prompt.default if given else None)
    prefilled = wizard.prefilled(step)
    if prefilled is not None and not q.fits_shape(prefilled):
        return False, None  # asked again, with the file's value shown as a problem at the start
    if prompt.kind == "select":
        offered = [c.value for c in prompt.choices]
        if prefilled is not None:
            return (prompt.default in offered, prompt.default)
        # a key a complete file leaves out means what the file format says (the key's default), not what the
        # wizard suggests to someone answering afresh: revising a file never changes its plan unasked
        meant = q.field.default if q.field.default is not None and not q.asks_for_section else prompt.default
        return (complete, meant if meant in offered else None)
    if prefilled is None:
        return (complete and wizard.optional(step), None)
    return _fitting_text(prompt, prefilled)


def _fitting_text(prompt: Prompt, prefilled: Any) -> tuple[bool, Any]:
    """A pre-filled value taken as if typed: (True, parsed) when the question's validator accepts it."""
    text = ", ".join(str(v) for v in prefilled) if isinstance(prefilled, list) else str(prefilled)
    if prompt.validate is not None and prompt.validate(text) is not None:
        return False, None
    return True, prompt.parse(text) if prompt.parse is not None else text


def refused(wizard: Wizard) -> list[Problem]:
    """Values in the pre-filled answers that the file's own rules refuse (a wrong type, a bad address), in
    question words: the wizard asks those questions again and says why at the start."""
    if not wizard.prefill:
        return []
    try:
        validate_answers(wizard.prefill, "the answers file")
    except AnswersInvalid as exc:
        return [wizard.in_question_words(p) for p in exc.problems if p.has_value]
    return []
