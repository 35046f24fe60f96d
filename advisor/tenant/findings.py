"""A finding of `audit`: its code, severity, the connector it is about, what is wrong and what to do, in the
words of `findings.yaml` beside this module (one entry per code, each with its sources)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advisor import language
from advisor.advice import catalogue
from advisor.language import wording
from advisor.model.tenant import ExistingConnector
from advisor.model.vocabulary import Direction, Severity
from advisor.record import record

FINDINGS_FILE = Path(__file__).with_name("findings.yaml")
HYBRID_WIZARD = "hybridwizard"  # ConnectorSource of what the Hybrid Configuration Wizard made


@record
class Finding:
    code: str
    severity: Severity
    connector: str | None
    direction: Direction | None
    message: str
    action: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "connector": self.connector,
            "direction": self.direction,
            "message": self.message,
            "action": self.action,
            "source": self.source,
        }


def entries() -> dict[str, Any]:
    """The findings' words in the language being written (`advisor.language`)."""
    return wording(FINDINGS_FILE, language.current())


def finding(code: str, connector: ExistingConnector | None = None, **values: str) -> Finding:
    """The finding `code` about `connector`. Where the Hybrid Configuration Wizard owns the connector and the
    entry has an `action-hybrid-wizard`, that is the action: changing such a connector by hand is undone by
    the wizard's next run, so the fix is re-running it."""
    entry = entries()[code]
    key = f"findings.{code}"
    owned = connector is not None and (connector.source or "").lower() == HYBRID_WIZARD
    action = entry["action-hybrid-wizard"] if owned and "action-hybrid-wizard" in entry else entry["action"]
    return Finding(
        code,
        entry["severity"],
        connector.name if connector else None,
        connector.direction if connector else None,
        catalogue.fill(key, entry["message"], values),
        catalogue.fill(key, action, {k: v for k, v in values.items() if f"{{{k}}}" in action}),
        entry["source"],
    )
