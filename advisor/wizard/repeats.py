"""The lists of sections the wizard fills entry by entry (partners, processing services): the "add one?"
question of each, and which questions of the bank are asked per entry."""

from __future__ import annotations

from advisor.record import record
from advisor.wizard.question import Question


@record
class Repeat:
    """A list of sections the wizard fills entry by entry: "add one?", its questions, "add another?"."""

    section: str  # the answers-file key (partners)
    add_key: str  # the step key of the "add one?" question: add-partner[0], add-partner[1], ...
    first: str
    another: str
    help: str
    label: str  # names an entry in its questions: "Partner 1: ..."

    @property
    def questions(self) -> tuple[Question, ...]:
        from advisor.wizard.question_bank import QUESTIONS

        return tuple(q for q in QUESTIONS if q.repeated and q.section == self.section)


ADD_PARTNER = "Add a partner organization that needs TLS or restricted mail flow?"
ADD_ANOTHER_PARTNER = "Add another partner organization?"
REPEATS: tuple[Repeat, ...] = (
    Repeat(
        "partners",
        "add-partner",
        ADD_PARTNER,
        ADD_ANOTHER_PARTNER,
        "Partner connectors are optional: they force TLS or lock the partner's source.",
        "Partner",
    ),
    Repeat(
        "processing_services",
        "add-processing-service",
        "Does a service take your mail from Exchange Online and hand it back?",
        "Add another service that hands mail back?",
        "Server-side signatures (Exclaimer, CodeTwo), some DLP or encryption services. Each needs two "
        "connectors and a mail flow rule; a filtering service that delivers to the internet is asked about "
        "above.",
        "Service",
    ),
)
PARTNER_QUESTIONS = REPEATS[0].questions


def repeat(section: str) -> Repeat:
    return next(r for r in REPEATS if r.section == section)
