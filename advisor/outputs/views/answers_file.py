"""An answers file as the wizard saves it: every key with its description as a comment."""

from __future__ import annotations

from typing import Any

from advisor import __version__
from advisor.model.answers import ANSWERS
from advisor.outputs.engine.templating import environment


def render_answers(data: dict[str, Any], schema_ref: str | None = None) -> str:
    """An answers file (complete or partial) with a comment per key."""
    return (
        environment()
        .get_template("answers.yaml.j2")
        .render(fields=ANSWERS, data=data, schema_ref=schema_ref, version=__version__)
    )
