"""A deterministic corpus of answers covering every choice of every question (plain data, no advisor imports).

Used where a test needs "everything the engine can produce": the admin-center label check, the catalogue
placeholders, and before/after comparisons when the engine is restructured. Not every generated file is
valid; callers keep the ones that validate.
"""

from __future__ import annotations

import random
from typing import Any

ORG_DOMAINS = (["contoso.com"], ["contoso.com", "contoso.co.uk"], ["fabrikam.org"])
CERTIFICATES = ("mail.contoso.com", "*.contoso.com", "contoso.com", "relay.contoso.com", "mail.example.net")
SENDER_IPS = ("203.0.113.10", "198.51.100.25", "8.8.4.0/24", "40.1.2.3")
HOSTS = ("mail.contoso.com", "203.0.113.20", "smtp.contoso.co.uk")
PARTNER_NAMES = (
    "Contoso Bank",
    "Fabrikam Payroll",
    "A very long partner organisation name that fills the line",
    "d'Épargne",
)
PARTNER_DOMAINS = ("contosobank.com", "*.fabrikam.com", "payroll.example", "tailspin.net")
RESTRICTIONS = ("none", "certificate", "ip-addresses", "both")
PARTNER_IPS = ("192.0.2.0/24", "52.1.1.0/25", "20.30.40.50")


def _maybe(rng: random.Random, value: Any, chance: float = 0.5) -> Any:
    return value if rng.random() < chance else None


def _on_premises(rng: random.Random) -> dict[str, Any]:
    section: dict[str, Any] = {
        "server": rng.choice(["exchange-2010-or-later", "exchange-2007-or-earlier", "non-microsoft"]),
        "hybrid_wizard": rng.choice(["not-run", "full", "minimal"]) if rng.random() < 0.3 else None,
        "identify_by": rng.choice(["certificate", "ip-addresses"]),
        "certificate_name": _maybe(rng, rng.choice(CERTIFICATES), 0.8),
        "ip_addresses": rng.sample(SENDER_IPS, rng.randint(1, 2)) if rng.random() < 0.9 else [],
        "smart_hosts": rng.sample(HOSTS, rng.randint(1, 2)) if rng.random() < 0.95 else [],
        "centralized_mail_transport": rng.random() < 0.2,
        "exchange_version": rng.choice(["2010", "2013", "2016", "2019", "subscription-edition", None]),
        "exchange_updates_current": rng.choice([True, False, None]),
        "relays_for_others": rng.choice([True, False, None]),
        "send_connector_scope": rng.choice(["all-internet-mail", "all-internet-mail", "cloud-mailboxes"]),
    }
    if section["server"] != "exchange-2010-or-later":
        section.pop("exchange_version")
    return {k: v for k, v in section.items() if v is not None}


def _devices(rng: random.Random) -> dict[str, Any]:
    section: dict[str, Any] = {
        "present": rng.random() < 0.85,
        "method": rng.choice(["auto", "auto", "smtp-relay", "direct-send", "smtp-auth"]),
        "external_recipients": rng.random() < 0.6,
        "supports_smtp_auth": rng.random() < 0.5,
        "supports_oauth": rng.random() < 0.4,
        "third_party_hosted": rng.random() < 0.2,
        "identify_by": rng.choice(["ip-addresses", "certificate"]),
        "ip_addresses": rng.sample(SENDER_IPS, rng.randint(0, 2)),
        "certificate_name": _maybe(rng, rng.choice(CERTIFICATES)),
    }
    return {k: v for k, v in section.items() if v is not None}


def _partner(rng: random.Random, index: int) -> dict[str, Any]:
    direction = rng.choice(["both", "inbound", "outbound"])
    restrict = "none" if direction == "outbound" and rng.random() < 0.9 else rng.choice(RESTRICTIONS)
    section: dict[str, Any] = {
        "name": PARTNER_NAMES[index % len(PARTNER_NAMES)]
        + ("" if index < len(PARTNER_NAMES) else f" {index}"),
        "domains": [PARTNER_DOMAINS[index % len(PARTNER_DOMAINS)]],
        "direction": direction,
        "require_tls": rng.random() < 0.85,
        "restrict_by": restrict,
        "certificate_name": _maybe(
            rng, f"mail.{PARTNER_DOMAINS[index % len(PARTNER_DOMAINS)].lstrip('*.')}", 0.8
        ),
        "ip_addresses": [PARTNER_IPS[index % len(PARTNER_IPS)]] if rng.random() < 0.85 else [],
        "outbound_tls": rng.choice(["encryption-only", "certificate-validation", "domain-validation"]),
        "smart_hosts": [f"smtp{index}.partner-relay.net"] if rng.random() < 0.3 else [],
        "receiving_certificate_name": _maybe(rng, f"mx{index}.partner-relay.net", 0.7),
        "on_microsoft_365": rng.random() < 0.2,
    }
    return {k: v for k, v in section.items() if v is not None}


def _filtering_service(rng: random.Random) -> dict[str, Any]:
    inbound = rng.random() < 0.8
    section: dict[str, Any] = {
        "name": rng.choice(["Mimecast", "Proofpoint"]),
        "inbound": inbound,
        "outbound": rng.random() < 0.5 or not inbound,
        "identify_by": rng.choice(["ip-addresses", "certificate"]),
        "ip_addresses": ["198.51.100.0/24", "52.10.0.0/24"][: rng.randint(1, 2)],
        "certificate_name": "relay.filter.example",
        "smart_hosts": ["outbound.filter.example"],
    }
    return section


def raw_answers(count: int, seed: int = 7) -> list[dict[str, Any]]:
    """`count` answers files, reproducibly; roughly half of them validate."""
    rng = random.Random(seed)
    out: list[dict[str, Any]] = []
    for _ in range(count):
        data: dict[str, Any] = {
            "version": 1,
            "organization": {
                "name": rng.choice(["Contoso", "Zürcher Bänk", "A&B <Ltd>"]),
                "domains": list(rng.choice(ORG_DOMAINS)),
            },
            "subscription": rng.choice(["exchange-online", "exchange-online", "eop-standalone"]),
        }
        if rng.random() < 0.7:
            data["on_premises"] = _on_premises(rng)
        if rng.random() < 0.7:
            data["devices"] = _devices(rng)
        if rng.random() < 0.25:
            data["filtering_service"] = _filtering_service(rng)
            if data["filtering_service"].get("inbound", True):
                data["organization"]["mx"] = "filtering-service"
        elif "on_premises" in data and rng.random() < 0.3:
            data["organization"]["mx"] = "on-premises"
        if rng.random() < 0.5:
            data["organization"]["tenant_domain"] = "contoso.onmicrosoft.com"
        partners = [_partner(rng, i) for i in range(rng.choice([0, 0, 1, 2, 3]))]
        if partners:
            data["partners"] = partners
        out.append(data)
    return out
