"""The terminal plan speaks the handouts' plain words: no scenario ids outside --format json, verdicts that
say what is planned, and a note where the admin center's own label reads oddly for the organization."""

from __future__ import annotations

import re

import pytest

from advisor.inputs.examples import examples
from advisor.model.vocabulary import SCENARIO_IDS
from tests.conftest import answers, devices, invoke


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # a cell's sentence on one line


def screen(*args: str) -> str:
    result = invoke(["plan", *args, "--no-color"], env={"COLUMNS": "250"})
    assert result.code == 0, result.err
    return result.out


def table(*args: str) -> str:
    return " ".join(screen(*args).split())


@pytest.mark.parametrize("name", sorted(examples()))
def test_no_scenario_id_reaches_the_terminal(name: str) -> None:
    ids = "|".join(re.escape(i) for i in (*SCENARIO_IDS, "smtp-auth", "smtp-relay", "direct-send"))
    shown = [line for line in screen("--example", name).splitlines() if re.match(rf"^\s*({ids})\b", line)]
    assert shown == []
    verdict_cells = r"\s{2}(optional|required|not-needed|managed-by-hybrid-wizard)\s{2}"
    assert not re.search(verdict_cells, screen("--example", name))


def test_the_verdict_says_when_nothing_is_planned(tmp_path) -> None:
    import yaml

    path = tmp_path / "scanner.yaml"
    data = answers(devices=devices(supports_smtp_auth=True, supports_oauth=True, ip_addresses=[]))
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    said = table(str(path))
    assert "Printers, scanners and applications: SMTP AUTH client submission" in said
    assert "Optional, no connector to create" in said
    assert "Optional, planned" not in said


def test_a_relay_connector_for_devices_explains_the_admin_centers_label() -> None:
    said = table("--example", "device-relay")
    assert "Optional, planned" in said
    assert (
        "is the admin center's own label for this end of the connector; here it means your printers" in said
    )
