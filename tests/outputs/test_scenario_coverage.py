"""Every scenario is known to each place that lists scenarios: a new scenario id that one of them misses
fails here, not in front of a client (CONTRIBUTING, "Adding a scenario")."""

from __future__ import annotations

import pytest

from advisor.inputs.examples import examples
from advisor.model.vocabulary import SCENARIO_IDS
from advisor.outputs.views.diagram import SCENARIO_BOXES
from advisor.outputs.views.plain_words import words
from advisor.wizard.introduction import SCENARIO_TOPICS


@pytest.mark.parametrize(
    ("place", "keys"),
    [
        ("handout areas (advisor/outputs/views/handout.yaml)", lambda: set(words()["areas"])),
        ("diagram layout (advisor/outputs/views/diagram.py SCENARIO_BOXES)", lambda: set(SCENARIO_BOXES)),
        ("wizard topics (advisor/wizard/introduction.py SCENARIO_TOPICS)", lambda: set(SCENARIO_TOPICS)),
        ("bundled examples (advisor/inputs/examples/)", lambda: set(examples())),
    ],
)
def test_every_scenario_is_in(place: str, keys) -> None:
    assert keys() >= set(SCENARIO_IDS), f"{place} lacks {sorted(set(SCENARIO_IDS) - keys())}"
    extra = keys() - set(SCENARIO_IDS) - {"combined"}
    assert not extra, f"{place} names scenarios that do not exist: {sorted(extra)}"


def test_each_wizard_topic_is_an_answers_section_with_questions() -> None:
    from advisor.wizard.question_bank import QUESTIONS

    sections = {q.id.split(".")[0] for q in QUESTIONS}
    for scenario, topic in SCENARIO_TOPICS.items():
        assert topic is None or topic[0] in sections, (scenario, topic)
