"""`verify`: the plan's test plan filled in from message traces. Pure.

Each test is one planned connector. The messages it is about are those in the connector's direction whose far
domain it covers (the recipient's for an outbound connector, the sender's for an inbound one). A test passes
when such a message arrived through the connector; fails when one was seen through another connector, or
failed; is unconfirmed when one arrived but the export has no connector column (the admin center's report
has it); and is not seen otherwise.
"""

from __future__ import annotations

from typing import Any

from advisor.model.domains import covers, under
from advisor.model.plan import Connector, Plan
from advisor.model.trace import TraceMessage
from advisor.record import record

RESULTS = ("pass", "fail", "unconfirmed", "not-seen")


@record
class TestResult:
    number: int
    test: str
    expected_connector: str
    result: str  # one of RESULTS
    seen_connector: str | None = None
    status: str | None = None
    time: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "test": self.test,
            "number": self.number,
            "expected_connector": self.expected_connector,
            "result": self.result,
            "seen_connector": self.seen_connector,
            "status": self.status,
            "time": self.time,
        }


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].lower().rstrip(".")


def _ours(plan: Plan, address: str) -> bool:
    return any(under(_domain(address), d) for d in plan.domains)


def _direction(plan: Plan, m: TraceMessage) -> str | None:
    if m.direction:
        return m.direction
    sender, recipient = _ours(plan, m.sender), _ours(plan, m.recipient)
    return "outbound" if sender and not recipient else "inbound" if recipient and not sender else None


def _listed(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _about(plan: Plan, c: Connector, m: TraceMessage) -> bool:
    """The message is one this connector's test is about (test plan, handout.yaml `tests`)."""
    if c.direction == "outbound":
        return _direction(plan, m) in (None, "outbound") and _outbound_about(plan, c, m)
    patterns = _listed(c.parameters.get("SenderDomains")) or ["*"]
    if not any(d == "*" or covers(d, _domain(m.sender)) for d in patterns):
        return False
    if c.parameters.get("ConnectorType") == "OnPremises":
        # your server or devices send from your domains (a trace gives such mail either direction); the
        # server's test sends to an external address (relay), devices and returned mail go anywhere
        external = not _ours(plan, m.recipient) or c.scenario in ("device-relay", "processing-service")
        return _ours(plan, m.sender) and external
    return _direction(plan, m) in (None, "inbound") and _ours(plan, m.recipient)


def _outbound_about(plan: Plan, c: Connector, m: TraceMessage) -> bool:
    p = c.parameters
    if p.get("IsTransportRuleScoped"):
        return _ours(plan, m.sender)
    # mail to your own domains delivered without a connector is a cloud mailbox's, and without a connector
    # column cloud mail looks the same as mail to your server: no evidence either way
    cloud_like = not m.connector_column or (not m.connector and m.arrived)
    if p.get("ConnectorType") == "OnPremises" and _ours(plan, m.recipient) and cloud_like:
        return False
    if p.get("AllAcceptedDomains"):
        return _ours(plan, m.recipient)
    return any(d == "*" or covers(d, _domain(m.recipient)) for d in _listed(p.get("RecipientDomains")))


def verify(plan: Plan, messages: list[TraceMessage], titles: list[str]) -> list[TestResult]:
    """One result per planned connector (numbered like the connectors), `titles` the test plan's words."""
    results = []
    for number, (c, title) in enumerate(zip(plan.connectors, titles, strict=True), 1):
        about = sorted((m for m in messages if _about(plan, c, m)), key=lambda m: m.time, reverse=True)
        results.append(_result(number, title, c.name, about))
    return results


def _result(number: int, title: str, expected: str, about: list[TraceMessage]) -> TestResult:
    through = [m for m in about if m.connector and m.connector.lower() == expected.lower() and m.arrived]
    if through:
        return TestResult(
            number, title, expected, "pass", through[0].connector, through[0].status, through[0].time
        )
    seen = [m for m in about if m.connector_column]
    if seen:
        m = seen[0]
        return TestResult(number, title, expected, "fail", m.connector, m.status, m.time)
    failed = [m for m in about if not m.arrived and m.status]
    arrived = [m for m in about if m.arrived]
    if arrived:
        return TestResult(number, title, expected, "unconfirmed", None, arrived[0].status, arrived[0].time)
    if failed:
        return TestResult(number, title, expected, "fail", None, failed[0].status, failed[0].time)
    return TestResult(number, title, expected, "not-seen")


def counts(results: list[TestResult]) -> dict[str, int]:
    return {r: sum(1 for t in results if t.result == r) for r in RESULTS}
