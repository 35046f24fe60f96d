"""Exports that are text rather than JSON: `Format-List` output pasted from a console or saved with Out-File,
and Microsoft365DSC configurations (`export_dsc.py`). Each becomes the records a JSON export holds, under the
same field names, so one reader (`exports.py`) reads them all. A file that is neither says what it looks like
and how to export properly.
"""

from __future__ import annotations

import re
from typing import Any

from advisor.errors import UserError

EXPORT_HINT = (
    "export with `connector-advisor collect` (a script that writes one JSON file), or with "
    "@(Get-InboundConnector) | ConvertTo-Json -Depth 4 (add -EnumsAsStrings on PowerShell 7)"
)
# `Name : value` as Format-List writes it: the name, spaces to align the colons, a colon, a space.
_LINE = re.compile(r"^(?P<key>[A-Za-z][\w.]*)\s*: ?(?P<value>.*)$")
_CONTINUED = re.compile(r"^\s+\S")
# Fields that tell a Format-List of connectors or accepted domains from any other Format-List.
_EXPORT_FIELDS = {
    "SenderDomains",
    "SenderIPAddresses",
    "TlsSenderCertificateName",
    "RecipientDomains",
    "SmartHosts",
    "TlsSettings",
    "DomainName",
    "DomainType",
}
DSC_RESOURCES = ("EXOInboundConnector", "EXOOutboundConnector", "EXOAcceptedDomain")


def decoded(path: str, raw: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM, as PowerShell 7 and Windows PowerShell 5.1 write."""
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 or UTF-16 text", EXPORT_HINT) from None
    if not text.strip():
        raise UserError(f"{path} is empty", EXPORT_HINT)
    return text


class CutOff(list[str]):
    """A list Format-List cut short (`{a, b, c, d...}`): $FormatEnumerationLimit shows 4 values by default."""


class Unclosed(str):
    """A Format-List list whose closing brace never came (`{a, b,` and nothing after): read as nothing."""


STRAY = "__stray__"  # lines of a record that are neither `Name : value` nor the rest of a wrapped value


def records_of_text(path: str, text: str) -> tuple[str, list[dict[str, Any]], list[str]]:
    """The shape of a text export, its records and notes on what was left out, or a UserError saying what
    the file looks like."""
    if any(re.search(rf"(?m)^\s*{name}\s+\S", text) for name in DSC_RESOURCES):
        from advisor.inputs.export_dsc import dsc_records

        records, notes = dsc_records(path, text)
        return "microsoft365dsc", records, notes
    records = format_list_records(text)
    if any(set(r) & _EXPORT_FIELDS for r in records):
        return "format-list", records, []
    raise UserError(f"{path} is not an export: {looks_like(text)}", EXPORT_HINT)


LOOKS_LIKE = (
    (r"^<objs|<objs version=", "it looks like Export-Clixml output (XML), which this tool does not read"),
    (r"^(<!doctype html|<html)", "it looks like a web page (HTML)"),
    (r"^<", "it looks like XML"),
    (
        r'^#type|^[^\n]*"[^\n]*,[^\n]*,',
        "it looks like Export-Csv output, which flattens lists (SenderDomains becomes System.String[]) "
        "and cannot be read back",
    ),
    (r"(?m)^\s*\w+\s*:\s", "it looks like Format-List text, but of no connector or accepted domain"),
    (r"(?m)^\s*(get|set|new|connect)-\w+", "it looks like a PowerShell script, not its output"),
)


def looks_like(text: str) -> str:
    """What a file that is no export seems to be, in a few words for the message."""
    start = text.lstrip()[:2000].lower()
    return next(
        (said for pattern, said in LOOKS_LIKE if re.search(pattern, start)),
        "it is not JSON, Format-List text or a Microsoft365DSC configuration",
    )


def format_list_records(text: str) -> list[dict[str, Any]]:
    """`Get-InboundConnector | Format-List` as records: `Name : value` lines, a value wrapped onto indented
    lines joined back, records separated by blank lines, `{a, b}` lists, True/False flags, empty as None."""
    lines = text.splitlines()
    width = max((len(line.rstrip()) for line in lines), default=0)  # the console's, as the text shows it
    records: list[dict[str, Any]] = []
    current: dict[str, str] = {}
    last: str | None = None
    previous = ""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if current:
                records.append({k: _value(v) for k, v in current.items()})
            current, last = {}, None
            continue
        found = _LINE.match(line)
        if found and not line[:1].isspace():
            last = found.group("key")
            current[last] = found.group("value").rstrip()
        elif last is not None and _CONTINUED.match(line):
            current[last] += _joined(current[last], line.strip(), full=len(previous.rstrip()) >= width)
        else:  # a console copy that lost the indentation, or text that is not Format-List
            current[STRAY] = current.get(STRAY, "") + f"\n{number}: {line.strip()}"
        previous = line
    if current:
        records.append({k: _value(v) for k, v in current.items()})
    return records


def _joined(before: str, more: str, full: bool) -> str:
    """A wrapped value's next piece. PowerShell breaks a long value at a space where it can (the space is
    dropped) and inside a word only where it must, filling the line to the console's width: a line that
    stops short of the width was broken at a space."""
    return more if full and not before.endswith(",") else " " + more


def _value(text: str) -> Any:
    value = text.strip()
    if value.startswith("{") and not value.endswith("}"):
        return Unclosed(value)
    if value.startswith("{") and value.endswith("}"):
        inner = value[1:-1].strip()
        cut = inner.endswith(("...", "…"))
        items = [part.strip() for part in inner.rstrip(".…").split(",") if part.strip()] if inner else []
        return CutOff(items) if cut else items
    if value in ("True", "False"):
        return value == "True"
    return value or None
