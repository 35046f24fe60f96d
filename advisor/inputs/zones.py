"""Reading BIND zone files as DNS hosts export them (Cloudflare, Azure DNS, Google Cloud DNS, most others)
with dnspython, loaded only by `dns`: `$ORIGIN`/`$TTL` with relative names, or absolute names with an SOA
and no `$ORIGIN`; TXT records split into several strings are joined. The tool never queries DNS."""

from __future__ import annotations

import re
from pathlib import Path

from advisor.errors import UserError
from advisor.model.zone import Zone, ZoneRecord

MAX_ZONE_BYTES = 16 * 1024 * 1024
ZONE_HINT = (
    "export the zone from your DNS host as a BIND zone file (Cloudflare: DNS > Records > Export; Azure: "
    "az network dns zone export; Google Cloud: gcloud dns record-sets export --zone-file-format)"
)
_SOA_OWNER = re.compile(r"(?mi)^([^\s;$]+\.)\s+(?:\d+\s+)?(?:IN\s+)?(?:\d+\s+)?SOA\s")


def read_zone(path: str, domains: list[str]) -> Zone:
    """The zone in `path`. Without `$ORIGIN`, the origin is the SOA's owner, else the plan's domain the file
    is named after (`contoso.com.txt`)."""
    import dns.exception
    import dns.rdatatype
    import dns.zone

    text = _text(path)
    if re.search(r"(?mi)^\s*\$GENERATE\b", text):
        raise UserError(f"{path} uses $GENERATE, which this tool does not expand", ZONE_HINT)
    origin = None
    if "$origin" not in text.lower():
        found = _SOA_OWNER.search(text)
        origin = found.group(1) if found else _named_after(path, domains)
    try:
        zone = dns.zone.from_text(text, origin=origin, relativize=False, check_origin=False)
    except dns.zone.UnknownOrigin:
        raise UserError(
            f"{path}: the zone has no $ORIGIN, no SOA and is not named after a domain of the plan", ZONE_HINT
        ) from None
    except (dns.exception.DNSException, ValueError) as exc:  # ValueError: an SOA not at the origin, say
        raise UserError(f"{path} is not a zone file: {exc}", ZONE_HINT) from None
    records = []
    for name, node in zone.nodes.items():
        owner = name.to_text().lower().rstrip(".")
        for rdataset in node.rdatasets:
            kind = dns.rdatatype.to_text(rdataset.rdtype)
            records += [ZoneRecord(owner, kind, rdataset.ttl, _value(kind, rdata)) for rdata in rdataset]
    return Zone(path, zone.origin.to_text().lower().rstrip(".") if zone.origin else "", tuple(records))


def _named_after(path: str, domains: list[str]) -> str | None:
    """The plan's domain the file is named after (`contoso.com.zone`, `eu.contoso.com.txt`): the longest one
    the file name starts with, followed by a dot."""
    name = Path(path).name.lower()
    named = [d.lower() for d in domains if name.startswith(d.lower() + ".")]
    return max(named, key=len) + "." if named else None


def _text(path: str) -> str:
    file = Path(path)
    try:
        if file.stat().st_size > MAX_ZONE_BYTES:
            raise UserError(f"{path} is over 16 MB: not a zone export", ZONE_HINT)
        raw = file.read_bytes()
    except OSError as exc:
        raise UserError(
            f"cannot read {path}: {exc.strerror or exc}", "give the path of a zone file"
        ) from None
    encoding = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 or UTF-16 text", ZONE_HINT) from None


def _value(kind: str, rdata: object) -> str:
    if kind == "TXT":
        return "".join(s.decode("utf-8", "replace") for s in getattr(rdata, "strings", ()))
    if kind == "MX":
        return str(getattr(rdata, "exchange", "")).lower().rstrip(".")
    if kind == "CNAME":
        return str(getattr(rdata, "target", "")).lower().rstrip(".")
    return str(rdata)
