"""The plan's parts in the client's words (`handout.yaml`), for the handouts and the terminal alike: what each
part is about, the verdict as planned, and notes where the admin center's own labels read oddly.

Small on purpose: the terminal view imports it without the handouts' heavier views.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from advisor import language
from advisor.language import wording
from advisor.model.plan import Connector, Plan, Scenario
from advisor.model.vocabulary import YOUR_SERVER

WORDS_FILE = Path(__file__).with_name("handout.yaml")


def words() -> dict[str, Any]:
    """The handout wording in the language being written (`advisor.language`), each language loaded once."""
    return wording(WORDS_FILE, language.current())


def verdict_label(plan: Plan, s: Scenario) -> str:
    """The verdict in plain words, as planned: an optional part with no connector of its own says so."""
    planned = any(c.scenario == s.id and (s.partner is None or c.party == s.partner) for c in plan.connectors)
    key = "optional-nothing-to-create" if s.verdict == "optional" and not planned else s.verdict
    return str(words()["verdicts"][key])


def scenario_label(s: Scenario) -> str:
    """What a part of the plan is about, in the handouts' words, with the devices' method where one is
    chosen ("Printers, scanners and applications: SMTP AUTH client submission")."""
    from advisor.model.devices import DEVICE_METHOD

    label = str(words()["areas"][s.id]).format(partner=s.partner or "")
    method = DEVICE_METHOD.get(s.method) if s.method else None
    return f"{label}: {method.label}" if method is not None else label


def endpoint_note(connector: Connector) -> str | None:
    """A note where the admin center's label for an end of the connector reads oddly for what is there: a
    relay connector "from Your organization's email server" for a firm whose only sender is a scanner."""
    note = words()["endpoint-notes"].get(connector.scenario)
    if note is None or YOUR_SERVER not in (connector.from_, connector.to):
        return None
    return str(note).format(party=connector.party or "")


def spoken_date(day: date) -> str:
    """A date as the handouts write it in the language being written (English: 2026-12-07)."""
    spelled = words()["date"]
    number = str(spelled["first-day"]) if day.day == 1 else str(day.day)
    month = str(spelled["months"][day.month - 1])
    return str(spelled["format"]).format(iso=day.isoformat(), day=number, month=month, year=day.year)


def spoken_status(status: str) -> str:
    """Draft or Final in the language being written."""
    return str(words()["statuses"].get(status, status))
