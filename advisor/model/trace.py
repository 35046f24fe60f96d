"""A message trace as the admin exports it, one row per message and recipient: who sent it to whom, when,
with what status, and, where the export says, in which direction and through which connector."""

from __future__ import annotations

from typing import Any

from advisor.record import record


@record
class TraceMessage:
    time: str
    sender: str
    recipient: str
    status: str  # Delivered, Sent, Failed, Pending, Expanded, Quarantined, ... as the export names it
    direction: str | None = None  # inbound or outbound where the export says (directionality)
    connector: str | None = None  # the connector's name (connector_id), where the export has the column
    connector_column: bool = False  # the export has a connector column at all
    place: str = ""  # the file and row, for messages

    @property
    def arrived(self) -> bool:
        return self.status.lower() in ("delivered", "sent", "expanded")

    def to_dict(self) -> dict[str, Any]:
        return {
            "time": self.time,
            "sender": self.sender,
            "recipient": self.recipient,
            "status": self.status,
            "direction": self.direction,
            "connector": self.connector,
        }
