"""What the wizard says before the first question: how many questions there are and what each topic can add,
and which answers of a file it could not take."""

from __future__ import annotations

from typing import TYPE_CHECKING

from advisor.errors import Problem

if TYPE_CHECKING:
    from advisor.model.vocabulary import ScenarioId


def not_taken(problems: list[Problem]) -> str:
    from advisor.outputs.terminal.error_messages import show_value

    lines = [f"  {p.path}: {p.message} (the file has {show_value(p.value)})" for p in problems]
    return "\n".join(["Not taken from the file (asked again):", *lines])


# What the intro says each scenario can add to the questions: the answers section whose questions ask about
# it, and the words for it ("each" when the section repeats). A test keeps every scenario id here.
SCENARIO_TOPICS: dict[ScenarioId, tuple[str, str] | None] = {
    "cloud-only": None,  # the first questions decide it
    "standalone-eop": ("on_premises", "your own server"),
    "hybrid": ("on_premises", "your own server"),
    "device-relay": ("devices", "devices"),
    "filtering-service": ("filtering_service", "a filtering service"),
    "partner-tls": ("partners", "each partner"),
    "processing-service": ("processing_services", "each service that hands mail back"),
}


def more_by_topic(first: set[str]) -> dict[str, int]:
    """How many questions each topic can add after the first ones (a repeated section's count is per item)."""
    from advisor.wizard.question_bank import QUESTIONS
    from advisor.wizard.repeats import REPEATS, repeat

    more: dict[str, int] = {}
    for section, label in dict.fromkeys(t for t in SCENARIO_TOPICS.values() if t):
        if any(r.section == section for r in REPEATS):
            more[label] = len(repeat(section).questions)
        else:
            more[label] = sum(1 for q in QUESTIONS if q.id.startswith(f"{section}.") and q.id not in first)
    return more


def intro(questions: int, more: dict[str, int] | None = None) -> str:
    if questions == 0:
        return "Your answers are filled in from the file: review them, change any, then see the plan."
    follow = ""
    if more:
        parts = [
            f"{n} for {label}" if label.startswith("each ") else f"{n} about {label}"
            for label, n in more.items()
        ]
        follow = " Only what matters follows: up to " + ", ".join(parts) + "."
    return (
        f"About {questions} questions to start, in Microsoft's decision order.{follow} Type < (or choose "
        "Back) to go back; Ctrl-C keeps your answers in a recovery file."
    )
