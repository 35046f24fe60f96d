"""The commented document settings file `document init` writes (templates/document.yaml.j2)."""

from __future__ import annotations

from advisor.outputs.engine.templating import environment


def settings_template() -> str:
    return environment().get_template("document.yaml.j2").render()
