"""Reading message trace exports: the admin center's downloadable enhanced summary report
(`origin_timestamp_utc`, `sender_address`, `recipient_status` as `address##events` with several recipients
separated by `;`, `directionality`, `connector_id`, ...) and `Get-MessageTraceV2 | Export-Csv` (Windows
PowerShell 5.1 writes a `#TYPE` line and ASCII; PowerShell 7 no `#TYPE` and UTF-8; `Received`,
`SenderAddress`, `RecipientAddress`, `Status`, ...). UTF-8 with or without BOM or UTF-16, commas, semicolons
or tabs as the exporting culture or program wrote them; columns read by name, extra columns allowed. Every
problem is listed with its place."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from advisor.errors import AnswersInvalid, Problem, UserError
from advisor.model.trace import TraceMessage

MAX_TRACE_BYTES = 64 * 1024 * 1024
TRACE_HINT = (
    "download the enhanced summary report from the Exchange admin center (Mail flow > Message trace), or run "
    "Get-MessageTraceV2 ... | Export-Csv trace.csv -NoTypeInformation"
)
ADMIN_CENTER = ("sender_address", "recipient_status")
POWERSHELL = ("senderaddress", "recipientaddress", "status")
DIRECTIONS = {"1": "inbound", "2": "outbound", "inbound": "inbound", "outbound": "outbound"}
# The last event of a recipient in the admin center's report, as the status Get-MessageTraceV2 gives.
EVENT_STATUS = {
    "deliver": "Delivered",
    "send": "Sent",
    "fail": "Failed",
    "drop": "Failed",
    "defer": "Pending",
    "receive": "Pending",
    "expand": "Expanded",
    "quarantine": "Quarantined",
}


def read_traces(paths: list[str]) -> list[TraceMessage]:
    messages: list[TraceMessage] = []
    problems: list[Problem] = []
    for path in paths:
        header, rows = _rows(path)
        columns = {c.lower().strip(): c for c in header}
        long = [i for i, row in enumerate(rows, 2) if None in row]  # more fields than the header
        problems += [
            Problem(f"{path}: line {i}", "more fields than the header has columns", has_value=False)
            for i in long[:5]
        ]
        if long:
            continue
        if all(c in columns for c in ADMIN_CENTER):
            messages += _admin_center(path, rows, columns, problems)
        elif all(c in columns for c in POWERSHELL):
            messages += _powershell(path, rows, columns)
        else:
            problems.append(
                Problem(
                    path,
                    "neither the admin center's message trace report nor Get-MessageTraceV2 output",
                    ", ".join(list(columns)[:8]) or "(no columns)",
                    "columns sender_address and recipient_status, or SenderAddress, RecipientAddress, Status",
                )
            )
    if problems:
        error = AnswersInvalid(problems, ", ".join(paths))
        error.hint = TRACE_HINT
        raise error
    return messages


def _rows(path: str) -> tuple[list[str], list[dict[str, str]]]:
    file = Path(path)
    try:
        if file.stat().st_size > MAX_TRACE_BYTES:
            raise UserError(f"{path} is over 64 MB", "export a shorter period")
        raw = file.read_bytes()
    except OSError as exc:
        raise UserError(
            f"cannot read {path}: {exc.strerror or exc}", "give the path of a trace export"
        ) from None
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        text = raw.decode("cp1252")  # Windows PowerShell 5.1's Export-Csv default (ASCII, or the ANSI page)
    lines = text.splitlines()
    if lines and lines[0].startswith("#TYPE"):
        lines = lines[1:]
    if not lines:
        raise UserError(f"{path} is empty", TRACE_HINT)
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        raise UserError(f"{path} is not CSV", TRACE_HINT) from None
    try:
        reader = csv.DictReader(io.StringIO("\n".join(lines)), dialect=dialect)
        return [name for name in reader.fieldnames or [] if name], list(reader)
    except csv.Error as exc:
        raise UserError(f"{path} is not CSV: {exc}", TRACE_HINT) from None


def _get(row: dict[str, str], columns: dict[str, str], *names: str) -> str:
    for name in names:
        if name in columns:
            return (row.get(columns[name]) or "").strip()
    return ""


def _admin_center(
    path: str, rows: list[dict[str, str]], columns: dict[str, str], problems: list[Problem]
) -> list[TraceMessage]:
    found = []
    has_connector = "connector_id" in columns
    for i, row in enumerate(rows, 2):  # the header is line 1
        place = f"{path}: line {i}"
        sender = _get(row, columns, "sender_address")
        direction = DIRECTIONS.get(_get(row, columns, "directionality").lower())
        for entry in filter(None, (e.strip() for e in _get(row, columns, "recipient_status").split(";"))):
            recipient, _, events = entry.partition("##")
            if not events:
                problems.append(
                    Problem(
                        f"{place}.recipient_status",
                        "not address##events",
                        entry,
                        "john@contoso.com##Receive, Deliver",
                    )
                )
                continue
            last = events.split(",")[-1].strip().lower()
            found.append(
                TraceMessage(
                    _get(row, columns, "origin_timestamp_utc", "origin_timestamp"),
                    sender.lower(),
                    recipient.strip().lower(),
                    EVENT_STATUS.get(last, last.title()),
                    direction,
                    _get(row, columns, "connector_id") or None,
                    has_connector,
                    place,
                )
            )
    return found


def _powershell(path: str, rows: list[dict[str, str]], columns: dict[str, str]) -> list[TraceMessage]:
    return [
        TraceMessage(
            _get(row, columns, "received"),
            _get(row, columns, "senderaddress").lower(),
            _get(row, columns, "recipientaddress").lower(),
            _get(row, columns, "status"),
            place=f"{path}: line {i}",
        )
        for i, row in enumerate(rows, 2)
    ]
