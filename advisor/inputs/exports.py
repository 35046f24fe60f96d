"""Reading tenant exports into the Tenant model, whatever shape they come in (exports.md).

Accepted: the file `connector-advisor collect` makes; a plain `Get-InboundConnector | ConvertTo-Json`,
`Get-OutboundConnector | ConvertTo-Json` or `Get-AcceptedDomain | ConvertTo-Json` (an array or one object,
recognised by its fields); ScubaGear's `ProviderSettingsExport.json` (`inbound_connectors`,
`outbound_connectors`, `accepted_domains` among many other keys); the Exchange admin REST response
(`{"@odata.context": ..., "value": [...]}`); `Format-List` text and Microsoft365DSC configurations
(`export_text.py`, `export_dsc.py`); several files at once. UTF-8 (with or without BOM) or UTF-16 (what
Windows PowerShell 5.1's Out-File writes). Every problem in every file is reported at once, with the file,
the place in it and what is expected (exit 2). A file that holds connector records this reader did not read
is a problem too: nothing unread is ever reported as a tenant without connectors.
"""

from __future__ import annotations

import json
import os
from typing import Any

from advisor.errors import AnswersInvalid, Problem, UserError
from advisor.inputs.export_dsc import UNRESOLVED
from advisor.inputs.export_fields import Fields, sender_domain
from advisor.inputs.export_text import EXPORT_HINT, STRAY, decoded, records_of_text
from advisor.model.tenant import (
    INBOUND_PARAMETERS,
    OUTBOUND_PARAMETERS,
    ExistingConnector,
    FileRead,
    Tenant,
    connector_from_parameters,
)
from advisor.model.vocabulary import CONNECTOR_TYPES, TLS_SETTINGS

MAX_EXPORT_BYTES = 64 * 1024 * 1024
# Fields the audit's checks read beyond the settings the scripts write (INBOUND_/OUTBOUND_PARAMETERS).
EXTRA_READ = ("EFTestMode", "EFUsers", "TreatMessagesAsInternal")
LAYOUT_KEYS = {
    "inbound",
    "outbound",
    "accepted_domains",
    "inbound_connectors",
    "outbound_connectors",
    "collected",
}
REST_KEYS = {"@odata.context", "@odata.nextLink", "@odata.count", "value"}
MAX_UNREAD_NAMED = 5
INBOUND_FIELDS = {
    "SenderDomains",
    "SenderIPAddresses",
    "TlsSenderCertificateName",
    "RestrictDomainsToIPAddresses",
}
OUTBOUND_FIELDS = {"RecipientDomains", "SmartHosts", "UseMXRecord", "TlsSettings", "IsTransportRuleScoped"}
DOMAIN_FIELDS = {"DomainName", "DomainType"}


def load_exports(paths: list[str]) -> Tenant:
    """Every export named, read into one tenant (connectors of all files, accepted domains merged).

    A file named twice is read once; a connector found again (the same direction and name, as in two exports
    of one tenant) is kept once, from the first file, and each is said in `Tenant.notes`."""
    problems: list[Problem] = []
    connectors: list[ExistingConnector] = []
    seen: dict[tuple[str, str], ExistingConnector] = {}
    domains: dict[str, None] | None = None
    collected: str | None = None
    notes: list[str] = []
    read: list[FileRead] = []
    files: dict[str, str] = {}  # the file as the disk knows it -> as it was named
    for path in paths:
        key = os.path.realpath(path)
        if key in files:
            same = path == files[key]
            notes.append(f"{path} named twice: read once" if same else f"{path} is {files[key]}: read once")
            continue
        files[key] = path
        shape, data, left_out = _parse(path)
        notes += left_out
        reader = _Reader(path, problems, shape)
        reader.read(data)
        reader.check_everything_read()
        read.append(reader.summary())
        for c in reader.connectors:
            identity = (c.direction, c.name.lower())
            if identity in seen:
                kept = seen[identity].where
                notes.append(f"{c.where}: the {c.direction} connector {c.name} again; kept {kept}")
                continue
            seen[identity] = c
            connectors.append(c)
        if reader.domains is not None:
            domains = {**(domains or {}), **dict.fromkeys(reader.domains)}
        collected = collected or reader.collected
    if problems:
        error = AnswersInvalid(problems, ", ".join(paths))
        error.hint = EXPORT_HINT
        raise error
    accepted = list(domains) if domains is not None else None
    return Tenant(connectors, accepted, collected, list(files.values()), notes, read)


def _parse(path: str) -> tuple[str | None, Any, list[str]]:
    """The file's shape when its text says it (Format-List, Microsoft365DSC), and its data: JSON as parsed,
    text formats as the records they hold. A file that is none of these says what it looks like."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_EXPORT_BYTES + 1)
    except OSError as exc:
        raise UserError(
            f"cannot read {path}: {exc.strerror or exc}", "give the path of an export file"
        ) from None
    if len(raw) > MAX_EXPORT_BYTES:
        raise UserError(
            f"{path} is over {MAX_EXPORT_BYTES // (1024 * 1024)} MB", "export only the connectors"
        )
    text = decoded(path, raw)
    if not text.lstrip().startswith(("{", "[")):
        return records_of_text(path, text)
    try:
        # a number too long for int() (over 4,300 digits) is read as a float, then refused where it stands
        return None, json.loads(text, parse_int=_integer), []
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise UserError(f"{path} is not JSON{where}", EXPORT_HINT) from None


LONGEST_INTEGER = 100  # digits; int() refuses over 4,300, and no export field needs more than 20


def _integer(digits: str) -> int | float:
    return int(digits) if len(digits) <= LONGEST_INTEGER else float(digits)


class _Reader:
    """One file's records; problems are added to the shared list with the file and the path inside it."""

    def __init__(self, path: str, problems: list[Problem], shape: str | None = None) -> None:
        self.path, self.problems, self.shape = path, problems, shape or "convertto-json"
        self.connectors: list[ExistingConnector] = []
        self.domains: list[str] | None = None
        self.collected: str | None = None
        self.seen: set[int] = set()  # the records read (by id), good or bad: the rest must not be connectors
        self.parsed: Any = None

    def problem(self, where: str, message: str, value: object, accepted: str) -> None:
        self.problems.append(
            Problem(f"{self.path}: {where}" if where else self.path, message, value, accepted)
        )

    def read(self, data: Any) -> None:
        if isinstance(data, dict) and any(_layout_key(k) and k != k.lower() for k in data):
            data = {(k.lower() if _layout_key(k) else k): v for k, v in data.items()}
        self.parsed = data  # what check_everything_read walks: the records read are these very objects
        keys = set(data) if isinstance(data, dict) else set()
        if self.shape in ("format-list", "microsoft365dsc"):
            self.records(data, "", None)
        elif "@odata.context" in keys or (keys and keys <= REST_KEYS and isinstance(data.get("value"), list)):
            self.shape = "rest"
            self.records(data.get("value"), "value", None)
        elif keys & {"inbound_connectors", "outbound_connectors"}:  # ScubaGear: before `accepted_domains`
            self.shape = "scubagear"
            self.records(data.get("inbound_connectors"), "inbound_connectors", "inbound")
            self.records(data.get("outbound_connectors"), "outbound_connectors", "outbound")
            if "accepted_domains" in data:
                self.records(data.get("accepted_domains"), "accepted_domains", "domain")
        elif keys & {"inbound", "outbound", "accepted_domains"}:
            self.shape = "collect"
            self.collected = data.get("collected") if isinstance(data.get("collected"), str) else None
            self.records(data.get("inbound"), "inbound", "inbound")
            self.records(data.get("outbound"), "outbound", "outbound")
            if "accepted_domains" in data:
                self.records(data.get("accepted_domains"), "accepted_domains", "domain")
        elif isinstance(data, dict) and _kind(data) is None:
            if not _records_within(data):  # connector records inside are named by check_everything_read
                self.problem(
                    "",
                    "neither an export nor a connector or accepted-domain record",
                    _keys(data),
                    EXPORT_HINT,
                )
        elif isinstance(data, list | dict):
            self.records(data, "", None)
        else:
            self.problem("", "not an export", data, EXPORT_HINT)

    def check_everything_read(self) -> None:
        """A connector-shaped record anywhere in the file that was not read is a problem (never an empty
        tenant): the first few are named with their place."""
        unread = [place for place, item in _records_within(self.parsed) if id(item) not in self.seen]
        for place in unread[:MAX_UNREAD_NAMED]:
            self.problems.append(
                Problem(
                    f"{self.path}: {place or '(top level)'}",
                    "a connector record this reader did not read (an unknown layout)",
                    has_value=False,
                )
            )
        if len(unread) > MAX_UNREAD_NAMED:
            more = len(unread) - MAX_UNREAD_NAMED
            self.problem("", f"and {more} more connector records not read", None, "")

    def unread(self, item: dict[str, Any], read: tuple[str, ...]) -> frozenset[str]:
        """The settings this record does not say. A Microsoft365DSC export leaves out what is null, so there
        only the settings given by a variable are unread; elsewhere every absent field is."""
        if self.shape == "microsoft365dsc":
            return frozenset(k for k in item.get(UNRESOLVED, ()) if k in read or k in EXTRA_READ)
        return frozenset(k for k in (*read, *EXTRA_READ) if k not in item)

    def summary(self) -> FileRead:
        inbound = sum(1 for c in self.connectors if c.direction == "inbound")
        domains = len(self.domains) if self.domains is not None else None
        return FileRead(self.path, self.shape, inbound, len(self.connectors) - inbound, domains)

    def records(self, value: Any, where: str, kind: str | None) -> None:
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            place = f"{where}[{i}]" if isinstance(value, list) else where or "(top level)"
            if item is None:  # ScubaGear writes [ null ] for none
                continue
            self.seen.add(id(item))
            if not isinstance(item, dict):
                self.problem(place, "not a record", item, "an object of connector or accepted-domain fields")
                continue
            found = kind or _kind(item)
            if found == "domain":
                self.domain(item, place)
            elif found in ("inbound", "outbound"):
                self.connector(item, place, found)
            elif found == "connector":
                self.problem(
                    place,
                    "a connector whose direction its fields do not say (no sender or recipient domains)",
                    _keys(item),
                    "export inbound and outbound connectors separately, or with connector-advisor collect",
                )
            else:
                self.problem(place, "neither a connector nor an accepted domain", _keys(item), EXPORT_HINT)

    def domain(self, item: dict[str, Any], place: str) -> None:
        name = item.get("DomainName", item.get("Name"))
        if isinstance(name, dict):
            name = name.get("Domain") or name.get("Address")
        if not isinstance(name, str) or not name:
            self.problem(f"{place}.DomainName", "not a domain name", name, "a domain name, as text")
            return
        if self.domains is None:
            self.domains = []
        self.domains.append(name.lower().rstrip("."))

    def connector(self, item: dict[str, Any], place: str, direction: str) -> None:
        get = Fields(self.problem, item, place)
        for stray in str(item.get(STRAY) or "").strip().splitlines():
            number, _, line = stray.partition(": ")
            self.problem(
                f"{place} (line {number})",
                "neither `Name : value` nor the indented rest of a wrapped value",
                line[:80],
                "Format-List text as PowerShell writes it (copy it with its indentation)",
            )
        name = get.text("Name") or get.text("Identity")
        if not name:
            self.problem(f"{place}.Name", "no connector name", None, "the connector's Name")
            return
        if direction == "inbound":
            values: dict[str, Any] = {
                "SenderDomains": [sender_domain(d) for d in get.texts("SenderDomains")],
                "SenderIPAddresses": list(get.texts("SenderIPAddresses")),
                "TlsSenderCertificateName": get.text("TlsSenderCertificateName"),
                "RequireTls": get.flag("RequireTls"),
                "RestrictDomainsToIPAddresses": get.flag("RestrictDomainsToIPAddresses"),
                "RestrictDomainsToCertificate": get.flag("RestrictDomainsToCertificate"),
                "EFSkipLastIP": get.flag("EFSkipLastIP"),
                "EFSkipIPs": list(get.texts("EFSkipIPs")),
                "AssociatedAcceptedDomains": list(get.texts("AssociatedAcceptedDomains")),
                "CloudServicesMailEnabled": get.flag("CloudServicesMailEnabled"),
                "EFTestMode": get.flag("EFTestMode"),
                "EFUsers": list(get.texts("EFUsers")),
                "TreatMessagesAsInternal": get.flag("TreatMessagesAsInternal"),
            }
        else:
            values = {
                "RecipientDomains": list(get.texts("RecipientDomains")),
                "SmartHosts": list(get.texts("SmartHosts")),
                "UseMXRecord": get.flag("UseMXRecord"),
                "TlsSettings": get.choice("TlsSettings", TLS_SETTINGS),
                "TlsDomain": get.text("TlsDomain"),
                "IsTransportRuleScoped": get.flag("IsTransportRuleScoped"),
                "AllAcceptedDomains": get.flag("AllAcceptedDomains"),
                "RouteAllMessagesViaOnPremises": get.flag("RouteAllMessagesViaOnPremises"),
                "TestMode": get.flag("TestMode"),
                "CloudServicesMailEnabled": get.flag("CloudServicesMailEnabled"),
            }
        values["ConnectorType"] = get.choice("ConnectorType", CONNECTOR_TYPES) or "OnPremises"
        values["Comment"] = get.text("Comment") or ""
        read = INBOUND_PARAMETERS if direction == "inbound" else OUTBOUND_PARAMETERS
        self.connectors.append(
            connector_from_parameters(
                "inbound" if direction == "inbound" else "outbound",
                name,
                values,
                source=get.text("ConnectorSource"),
                enabled=get.flag("Enabled") is not False,
                changed=get.date("WhenChangedUTC") or get.date("WhenChanged"),
                where=f"{self.path}: {place}",
                unread=self.unread(item, read),
            )
        )


def _layout_key(key: object) -> bool:
    return isinstance(key, str) and key.lower() in LAYOUT_KEYS


def _records_within(data: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every connector-shaped record in parsed JSON, with its place (walked without recursion)."""
    found: list[tuple[str, dict[str, Any]]] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        place, value = stack.pop()
        if isinstance(value, dict):
            if _kind(value) in ("inbound", "outbound", "connector"):
                found.append((place, value))
                continue
            stack += [(f"{place}.{k}" if place else str(k), v) for k, v in reversed(list(value.items()))]
        elif isinstance(value, list):
            stack += [(f"{place}[{i}]", v) for i, v in reversed(list(enumerate(value)))]
    return found


def _kind(item: dict[str, Any]) -> str | None:
    keys = set(item)
    if keys & INBOUND_FIELDS:
        return "inbound"
    if keys & OUTBOUND_FIELDS:
        return "outbound"
    if "ConnectorType" in keys and keys & {"Name", "Identity"}:
        return "connector"  # a connector, but which direction its record does not say
    if keys & DOMAIN_FIELDS:
        return "domain"
    return None


def _keys(item: dict[str, Any]) -> str:
    return ", ".join(sorted(str(k) for k in item)[:8]) or "(no fields)"
