"""Typed reads of one export record's fields: a value of the wrong shape is a problem with its place, an
absent one is None. Shared by every shape the export reader knows (JSON, Format-List, Microsoft365DSC)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from advisor.inputs.export_text import CutOff, Unclosed

Report = Callable[[str, str, object, str], None]  # (place, message, value, what is accepted)
_SENDER_DOMAIN = re.compile(r"(?i)^smtp:(.*?)(?:;\d*)?$")
MS_DATE_DIGITS = 15  # milliseconds since 1970: 15 digits reach past the year 9999
_MS_DATE = re.compile(r"^/Date\((-?\d+)\)/$")
_TRUNCATED = ("System.", "Microsoft.Exchange.")


class Fields:
    """Typed reads of one record's fields; a value of the wrong shape is a problem, absent is None."""

    def __init__(self, report: Report, item: dict[str, Any], place: str) -> None:
        self.report, self.item, self.place = report, item, place

    def bad(self, key: str, value: object, accepted: str, message: str = "not accepted") -> None:
        self.report(f"{self.place}.{key}", message, value, accepted)

    def text(self, key: str) -> str | None:
        value = self.item.get(key)
        if value is None or isinstance(value, str):
            return value or None
        if isinstance(value, dict) and isinstance(value.get("Name"), str):  # a serialised object with a name
            return str(value["Name"])
        self.bad(key, value, "text")
        return None

    def flag(self, key: str) -> bool | None:
        value = self.item.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.bad(key, value, "true or false")
        return None

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.item.get(key)
        if value is None or self._cut(key, value):
            return ()
        if isinstance(value, str):
            if value.startswith(_TRUNCATED):
                self.bad(
                    key, value, "a list; export with ConvertTo-Json -Depth 4", "cut off by a too small -Depth"
                )
                return ()
            return (value,) if value else ()
        if isinstance(value, list) and all(isinstance(v, str) or v is None for v in value):
            return tuple(v for v in value if v)
        self.bad(key, value, "a list of text values")
        return ()

    def _cut(self, key: str, value: object) -> bool:
        """A Format-List list cut short or missing its end: said, and read as nothing."""
        if isinstance(value, Unclosed):
            accepted = (
                "a list that ends with }: copy the text with its indentation, or export with ConvertTo-Json"
            )
            self.bad(key, value[:80], accepted, "a list whose end is missing")
        elif isinstance(value, CutOff):
            accepted = (
                "every value: set $FormatEnumerationLimit = -1 before Format-List, or export with "
                "ConvertTo-Json"
            )
            self.bad(key, "{" + ", ".join(value) + "...}", accepted, "cut off after 4 values by Format-List")
        return isinstance(value, Unclosed | CutOff)

    def choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self.item.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            self.bad(
                key,
                value,
                f"one of {', '.join(allowed)}; export with -EnumsAsStrings",
                "a number, not a name",
            )
            return None
        if value is None:
            return None
        match = next((a for a in allowed if isinstance(value, str) and a.lower() == value.lower()), None)
        if match is None:
            self.bad(key, value, ", ".join(allowed))
        return match

    def date(self, key: str) -> str | None:
        value = self.item.get(key)
        if not isinstance(value, str) or not value:
            return None
        found = _MS_DATE.match(value.replace("\\/", "/"))
        if not found:
            return value
        accepted = "a /Date(milliseconds since 1970)/ between 1970 and 9999"
        digits = found.group(1)
        if digits.startswith("-") or len(digits) > MS_DATE_DIGITS:
            self.bad(key, value[:40], accepted)
            return None
        try:
            when = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(digits))
        except OverflowError:
            self.bad(key, value[:40], accepted)
            return None
        return when.isoformat().replace("+00:00", "Z")


def sender_domain(value: str) -> str:
    """`smtp:contoso.com;1` -> contoso.com (both forms are accepted: exports.md field notes). An empty domain
    (`smtp:;1`, written by an old Microsoft365DSC) is kept as written: it is a connector that never applies,
    not a connector for every domain."""
    found = _SENDER_DOMAIN.match(value.strip())
    if found and not found.group(1):
        return value.strip()
    return (found.group(1) if found else value.strip()).lower()
