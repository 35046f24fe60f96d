"""A DNS zone as its host exports it, reduced to what the plan's DNS checks read: each record's owner name,
type, TTL and value (TXT strings joined, as a resolver hands them to SPF and DMARC)."""

from __future__ import annotations

from advisor.record import record


@record
class ZoneRecord:
    name: str  # absolute, lower case, without the final dot
    type: str  # MX, TXT, CNAME, ...
    ttl: int
    value: str  # MX: the host (lower case, no final dot); TXT: the strings joined; CNAME: the target


@record
class Zone:
    file: str
    origin: str
    records: tuple[ZoneRecord, ...]

    def at(self, name: str, record_type: str) -> list[ZoneRecord]:
        name = name.lower().rstrip(".")
        return [r for r in self.records if r.name == name and r.type == record_type]

    def holds(self, name: str) -> bool:
        """`name` is in this zone: the origin or a name under it that is not delegated to another zone (an NS
        record below the origin cuts it off)."""
        name = name.lower().rstrip(".")
        if not (name == self.origin or name.endswith("." + self.origin)):
            return False
        cuts = {r.name for r in self.records if r.type == "NS" and r.name != self.origin}
        return not any(name == cut or name.endswith("." + cut) for cut in cuts)
