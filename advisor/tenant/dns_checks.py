"""`dns`: each of the plan's domains checked in the zone files given, against the plan's DNS section and
runbook. Pure; the tool never queries DNS, so what a zone does not hold is said, never assumed."""

from __future__ import annotations

import re

from advisor.advice import catalogue
from advisor.model.plan import Plan
from advisor.model.zone import Zone
from advisor.tenant.findings import Finding, entries

MAX_LOOKUPS = 10  # RFC 7208 4.6.4
MX_TTL_LIMIT = 3600  # seconds: higher, and MX should be lowered 48 h ahead
MICROSOFT_MX = (".mail.protection.outlook.com", ".mx.microsoft")
LOOKUP_MECHANISMS = {"include", "a", "mx", "ptr", "exists", "redirect"}  # the terms that cost a DNS lookup


def dns_finding(code: str, domain: str, **values: str) -> Finding:
    entry = entries()["dns"][code]
    key = f"findings.dns.{code}"
    filled = {"domain": domain, **values}
    return Finding(
        code,
        entry["severity"],
        domain,
        None,
        catalogue.fill(
            key, entry["message"], {k: v for k, v in filled.items() if f"{{{k}}}" in entry["message"]}
        ),
        catalogue.fill(
            key, entry["action"], {k: v for k, v in filled.items() if f"{{{k}}}" in entry["action"]}
        ),
        entry["source"],
    )


def check(plan: Plan, zones: list[Zone]) -> list[Finding]:
    found: list[Finding] = []
    for domain in plan.domains:
        holding = [z for z in zones if z.holds(domain)]
        zone = max(holding, key=lambda z: len(z.origin)) if holding else None  # the most specific zone
        if zone is None:
            found.append(dns_finding("zone-missing", domain))
            continue
        found += _mx(plan, zone, domain)
        found += _spf(plan, zone, domain)
        found += _dkim(zone, domain)
        if not _txt(zone, f"_dmarc.{domain}", "v=dmarc1"):
            found.append(dns_finding("dmarc-missing", domain))
        if not _txt(zone, f"_mta-sts.{domain}", "v=stsv1"):
            found.append(dns_finding("mta-sts-missing", domain))
    return found


def _txt(zone: Zone, name: str, prefix: str) -> list[str]:
    """The TXT records at `name` that start with the version tag `prefix` (`v=spf1`, followed by a space or
    nothing: `v=spf10` is not SPF)."""
    found = []
    for r in zone.at(name, "TXT"):
        value = r.value.lower()
        if value.startswith(prefix) and value[len(prefix) : len(prefix) + 1] in ("", " ", ";"):
            found.append(r.value)
    return found


def _mx(plan: Plan, zone: Zone, domain: str) -> list[Finding]:
    planned = [r.value for r in plan.dns if r.type == "MX" and r.name.lower() == domain.lower()]
    if not planned:
        return []  # the plan leaves MX where it is
    records = zone.at(domain, "MX")
    if any(r.value.endswith(MICROSOFT_MX) for r in records):
        return []
    hosts = ", ".join(r.value for r in records) or entries()["dns"]["nothing"]
    found = [dns_finding("mx-pending", domain, found=hosts, planned=", ".join(planned))]
    ttl = max((r.ttl for r in records), default=0)
    if ttl > MX_TTL_LIMIT:
        found.append(dns_finding("mx-ttl-high", domain, ttl=str(ttl)))
    return found


def _spf(plan: Plan, zone: Zone, domain: str) -> list[Finding]:
    planned = next(
        (
            r.value
            for r in plan.dns
            if r.type == "TXT" and r.name.lower() == domain.lower() and "v=spf1" in r.value
        ),
        None,
    )
    records = _txt(zone, domain, "v=spf1")
    if not records:
        return [
            dns_finding(
                "spf-missing", domain, planned=planned or "v=spf1 include:spf.protection.outlook.com -all"
            )
        ]
    if len(records) > 1:
        return [dns_finding("spf-multiple", domain, count=str(len(records)))]
    found = []
    terms = [_term(t) for t in records[0].split()[1:]]
    needed = [t for t in (planned or "").split()[1:] if not t.lstrip("+~-?").endswith("all")]
    missing = [t for t in needed if not _present(_term(t), terms)]
    if missing:
        found.append(
            dns_finding("spf-missing-sender", domain, missing=", ".join(missing), planned=planned or "")
        )
    count, outside = _lookups(zone, records[0], set())
    if count > MAX_LOOKUPS:
        said = entries()["dns"]["outside"].format(names=", ".join(sorted(outside))) if outside else ""
        found.append(dns_finding("spf-too-many-lookups", domain, count=str(count), outside=said))
    return found


def _term(term: str) -> str:
    """A term as it acts: `+` is the default qualifier (RFC 7208 4.6.2), names ignore case."""
    return term.lower().removeprefix("+")


def _present(needed: str, terms: list[str]) -> bool:
    """The record has `needed`, or for an address an ip4/ip6 block that covers it."""
    if needed in terms:
        return True
    kind, _, value = needed.partition(":")
    if kind not in ("ip4", "ip6"):
        return False
    import ipaddress

    try:
        wanted = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    for term in terms:
        have_kind, _, have = term.partition(":")
        if have_kind == kind:
            try:
                if wanted.subnet_of(ipaddress.ip_network(have, strict=False)):  # type: ignore[arg-type]
                    return True
            except (ValueError, TypeError):
                continue
    return False


def _lookups(zone: Zone, record: str, seen: set[str]) -> tuple[int, set[str]]:
    """DNS lookups the record needs, following includes the zone holds; includes outside it count one."""
    count, outside = 0, set[str]()
    for written in record.split()[1:]:
        term = written.lower().lstrip("+~-?")
        name = re.split(r"[:=/]", term, maxsplit=1)[0]
        if name not in LOOKUP_MECHANISMS:
            continue
        count += 1
        target = re.split(r"[:=]", term, maxsplit=1)[1] if re.search(r"[:=]", term) else ""
        if name in ("include", "redirect") and target:
            inner = _txt(zone, target, "v=spf1") if zone.holds(target) and target not in seen else []
            if inner:
                more, beyond = _lookups(zone, inner[0], seen | {target})
                count, outside = count + more, outside | beyond
            elif not zone.holds(target):
                outside.add(target)
    return count, outside


def _dkim(zone: Zone, domain: str) -> list[Finding]:
    """selector1 and selector2 CNAMEs to Exchange Online, in either form Microsoft issues (ignoring case)."""
    dashed = domain.lower().replace(".", "-")
    found = []
    for selector in ("selector1", "selector2"):
        pattern = re.compile(
            rf"^{selector}-{re.escape(dashed)}\._domainkey\.[a-z0-9-]+\."
            r"(onmicrosoft\.com|[a-z0-9-]+-v1\.dkim\.mail\.microsoft)$"
        )
        targets = [r.value for r in zone.at(f"{selector}._domainkey.{domain}", "CNAME")]
        if not any(pattern.match(t) for t in targets):
            shown = ", ".join(targets) or entries()["dns"]["nothing"]
            found.append(dns_finding("dkim-missing", domain, selector=selector, found=shown, dashed=dashed))
    return found
