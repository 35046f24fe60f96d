"""The answers model (answers file format, version 1) and its validation.

The format is described once, as a table of fields (`ANSWERS`). That one table drives:
validation of answers files and wizard input (`validate_answers`, every problem at once with its
key path), the frozen dataclasses the decision engine reads, and the JSON Schema (`json_schema`).
Cross-field rules (companions and contradictions) live in `rule_problems`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from typing import Any

from advisor import choices, validators
from advisor.errors import AnswersInvalid, Problem
from advisor.validators import InvalidValue

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Field:
    """One key of the answers file."""

    name: str
    kind: str  # text | bool | choice | list | section | sections | const
    description: str
    required: bool = False
    default: Any = None
    check: Callable[[object], str] | None = None  # text values and list items
    accepted: str | None = None
    choices: Mapping[str, choices.Option] | None = None
    section: tuple[Field, ...] = ()
    min_items: int = 0


ORGANIZATION = (
    Field(
        "name",
        "text",
        "Organisation name, used in handouts and file names.",
        required=True,
        check=validators.display_name,
        accepted=validators.ACCEPTED_NAME,
    ),
    Field(
        "domains",
        "list",
        "Accepted domains of the Microsoft 365 organisation (at least one).",
        required=True,
        check=validators.domain,
        accepted=validators.ACCEPTED_DOMAIN,
        min_items=1,
    ),
)

ON_PREMISES = (
    Field("server", "choice", "Kind of on-premises email server.", required=True, choices=choices.SERVER),
    Field(
        "hybrid_wizard",
        "choice",
        "Whether the Hybrid Configuration Wizard ran, and with which topology.",
        default="not-run",
        choices=choices.HYBRID_WIZARD,
    ),
    Field(
        "identify_by",
        "choice",
        "How Microsoft 365 recognises mail from your server.",
        default="certificate",
        choices=choices.SERVER_IDENTITY,
    ),
    Field(
        "certificate_name",
        "text",
        "Subject or SAN name of the certificate your server presents.",
        check=validators.certificate_name,
        accepted=validators.ACCEPTED_CERTIFICATE,
    ),
    Field(
        "ip_addresses",
        "list",
        "Public IPv4 addresses or /24-/32 blocks your server sends from.",
        default=(),
        check=validators.sender_ip,
        accepted=validators.ACCEPTED_SENDER_IP,
    ),
    Field(
        "smart_hosts",
        "list",
        "Where Microsoft 365 delivers mail for on-premises mailboxes.",
        default=(),
        check=validators.smart_host,
        accepted=validators.ACCEPTED_SMART_HOST,
    ),
    Field(
        "centralized_mail_transport",
        "bool",
        "Route all mail from Exchange Online mailboxes through the on-premises servers.",
        default=False,
    ),
)

DEVICES = (
    Field("present", "bool", "Printers, scanners or applications send mail.", default=False),
    Field("method", "choice", "How the devices send.", default="auto", choices=choices.DEVICE_METHOD),
    Field(
        "external_recipients", "bool", "They must reach recipients outside your organisation.", default=True
    ),
    Field(
        "supports_smtp_auth",
        "bool",
        "They can sign in to a licensed mailbox (SMTP AUTH, port 587, TLS 1.2).",
        default=False,
    ),
    Field(
        "supports_oauth",
        "bool",
        "Optional: their SMTP AUTH supports OAuth (modern authentication), not only Basic.",
        default=False,
    ),
    Field(
        "third_party_hosted",
        "bool",
        "Optional: they run in a third-party hosted service (for example Azure), not on your network.",
        default=False,
    ),
    Field(
        "identify_by",
        "choice",
        "How an SMTP relay connector recognises them.",
        default="ip-addresses",
        choices=choices.DEVICE_IDENTITY,
    ),
    Field(
        "ip_addresses",
        "list",
        "Static public IPv4 addresses their mail leaves your network from.",
        default=(),
        check=validators.sender_ip,
        accepted=validators.ACCEPTED_SENDER_IP,
    ),
    Field(
        "certificate_name",
        "text",
        "Certificate name they present, in one of your domains.",
        check=validators.certificate_name,
        accepted=validators.ACCEPTED_CERTIFICATE,
    ),
)

PARTNER = (
    Field(
        "name",
        "text",
        "Partner organisation name, used in connector names.",
        required=True,
        check=validators.display_name,
        accepted=validators.ACCEPTED_NAME,
    ),
    Field(
        "domains",
        "list",
        "The partner's email domains.",
        required=True,
        check=validators.partner_domain,
        accepted=validators.ACCEPTED_PARTNER_DOMAIN,
        min_items=1,
    ),
    Field(
        "direction",
        "choice",
        "Which mail the connectors secure.",
        default="both",
        choices=choices.PARTNER_DIRECTION,
    ),
    Field("require_tls", "bool", "Require TLS for the partner's mail.", default=True),
    Field(
        "restrict_by",
        "choice",
        "Reject the partner's mail unless it comes with their certificate or from their IP addresses.",
        default="none",
        choices=choices.PARTNER_RESTRICTION,
    ),
    Field(
        "certificate_name",
        "text",
        "Name on the partner's TLS certificate.",
        check=validators.certificate_name,
        accepted=validators.ACCEPTED_CERTIFICATE,
    ),
    Field(
        "ip_addresses",
        "list",
        "Public IPv4 addresses or /24-/32 blocks the partner sends from.",
        default=(),
        check=validators.sender_ip,
        accepted=validators.ACCEPTED_SENDER_IP,
    ),
    Field(
        "outbound_tls",
        "choice",
        "How strictly mail to the partner checks their certificate.",
        default="certificate-validation",
        choices=choices.OUTBOUND_TLS,
    ),
    Field(
        "smart_hosts",
        "list",
        "Deliver to these hosts instead of the partner's MX (empty: MX).",
        default=(),
        check=validators.smart_host,
        accepted=validators.ACCEPTED_SMART_HOST,
    ),
)

ANSWERS = (
    Field(
        "$schema",
        "text",
        "Optional: the JSON Schema this file follows, for editors.",
        check=lambda value: validators.text_value(value, "a URL or path"),
        accepted="a URL or path",
    ),
    Field(
        "version", "const", "Answers file format version; always 1.", required=True, default=FORMAT_VERSION
    ),
    Field("organization", "section", "Your Microsoft 365 organisation.", required=True, section=ORGANIZATION),
    Field(
        "subscription",
        "choice",
        "Microsoft 365 subscription for mail.",
        required=True,
        choices=choices.SUBSCRIPTION,
    ),
    Field(
        "on_premises",
        "section",
        "Your on-premises email server; omit when there is none.",
        section=ON_PREMISES,
    ),
    Field("devices", "section", "Printers, scanners and applications that send mail.", section=DEVICES),
    Field(
        "partners",
        "sections",
        "Partner organisations that need secured mail flow.",
        default=(),
        section=PARTNER,
    ),
)


@dataclass(frozen=True)
class Organization:
    name: str
    domains: tuple[str, ...]


@dataclass(frozen=True)
class OnPremises:
    server: str
    hybrid_wizard: str = "not-run"
    identify_by: str = "certificate"
    certificate_name: str | None = None
    ip_addresses: tuple[str, ...] = ()
    smart_hosts: tuple[str, ...] = ()
    centralized_mail_transport: bool = False


@dataclass(frozen=True)
class Devices:
    present: bool = False
    method: str = "auto"
    external_recipients: bool = True
    supports_smtp_auth: bool = False
    supports_oauth: bool = False
    third_party_hosted: bool = False
    identify_by: str = "ip-addresses"
    ip_addresses: tuple[str, ...] = ()
    certificate_name: str | None = None


@dataclass(frozen=True)
class Partner:
    name: str
    domains: tuple[str, ...]
    direction: str = "both"
    require_tls: bool = True
    restrict_by: str = "none"
    certificate_name: str | None = None
    ip_addresses: tuple[str, ...] = ()
    outbound_tls: str = "certificate-validation"
    smart_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answers:
    """A validated answers file. Build it with `validate_answers`, never directly."""

    organization: Organization
    subscription: str
    on_premises: OnPremises | None = None
    devices: Devices | None = None
    partners: tuple[Partner, ...] = ()
    version: int = FORMAT_VERSION

    @property
    def server(self) -> str:
        """The on-premises server kind, 'none' when there is none."""
        return self.on_premises.server if self.on_premises else "none"

    @property
    def has_devices(self) -> bool:
        return bool(self.devices and self.devices.present)


_SECTION_CLASSES: dict[str, type] = {
    "organization": Organization,
    "on_premises": OnPremises,
    "devices": Devices,
    "partners": Partner,
}

# Field tables must match the dataclasses they fill; checked at import so drift fails loudly.
for _table, _cls in (
    (ORGANIZATION, Organization),
    (ON_PREMISES, OnPremises),
    (DEVICES, Devices),
    (PARTNER, Partner),
):
    assert [f.name for f in _table] == [f.name for f in fields(_cls)], _cls


def field_at(path: str) -> Field | None:
    """The Field for a dotted key path such as 'partners.restrict_by' (indexes omitted)."""
    table: tuple[Field, ...] = ANSWERS
    found: Field | None = None
    for part in path.split("."):
        found = next((f for f in table if f.name == part), None)
        if found is None:
            return None
        table = found.section
    return found


# ---------------------------------------------------------------------------------------------
# Field validation: walks the table, collecting every problem.


def _describe_type(value: object) -> str:
    if value is None:
        return "empty"
    return {
        dict: "a section",
        list: "a list",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)


def _check_value(f: Field, value: object, path: str, problems: list[Problem]) -> Any:
    if f.kind == "text":
        if not isinstance(value, str):
            problems.append(Problem(path, f"must be text, not {_describe_type(value)}", value, f.accepted))
            return None
        try:
            return f.check(value) if f.check else value
        except InvalidValue as exc:
            problems.append(Problem(path, exc.reason, value, exc.accepted))
            return None
    if f.kind == "bool":
        if not isinstance(value, bool):
            problems.append(Problem(path, "is not true or false", value, "true or false"))
            return None
        return value
    if f.kind == "const":
        if value != f.default or isinstance(value, bool):
            problems.append(Problem(path, "is not a supported version", value, str(f.default)))
            return None
        return value
    if f.kind == "choice":
        assert f.choices is not None
        if not isinstance(value, str) or value not in f.choices:
            close = difflib.get_close_matches(str(value), list(f.choices), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                Problem(path, f"is not one of the choices{hint}", value, "one of: " + ", ".join(f.choices))
            )
            return None
        return value
    if f.kind == "list":
        if not isinstance(value, list):
            problems.append(
                Problem(
                    path, f"must be a list, not {_describe_type(value)}", value, "a list, for example [a, b]"
                )
            )
            return None
        if len(value) < f.min_items:
            problems.append(Problem(path, "needs at least one entry", value, f.accepted))
            return None
        items = [
            _check_value(
                Field(f.name, "text", "", check=f.check, accepted=f.accepted), item, f"{path}[{i}]", problems
            )
            for i, item in enumerate(value)
        ]
        return tuple(items)
    if f.kind == "section":
        return _check_section(f.section, value, path, problems)
    if f.kind == "sections":
        if not isinstance(value, list):
            problems.append(
                Problem(
                    path,
                    f"must be a list of sections, not {_describe_type(value)}",
                    value,
                    "a list of sections, one per entry",
                )
            )
            return None
        return tuple(
            _check_section(f.section, item, f"{path}[{i}]", problems) for i, item in enumerate(value)
        )
    raise AssertionError(f.kind)  # pragma: no cover


def _check_section(table: tuple[Field, ...], data: object, path: str, problems: list[Problem]) -> dict | None:
    if not isinstance(data, dict):
        problems.append(
            Problem(
                path or "(top level)",
                f"must be a section of keys, not {_describe_type(data)}",
                data,
                "keys: " + ", ".join(f.name for f in table),
            )
        )
        return None
    known = {f.name: f for f in table}
    out: dict[str, Any] = {}
    prefix = f"{path}." if path else ""
    for key, value in data.items():
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(
                Problem(f"{prefix}{key}", f"is not a known key{hint}", value, "one of: " + ", ".join(known))
            )
    for f in table:
        value = data.get(f.name)
        if value is None:
            if f.required:
                problems.append(
                    Problem(
                        f"{prefix}{f.name}",
                        "is required",
                        accepted=f.accepted or f.description,
                        has_value=False,
                    )
                )
            elif f.kind == "section":
                out[f.name] = None
            else:
                out[f.name] = f.default
            continue
        out[f.name] = _check_value(f, value, f"{prefix}{f.name}", problems)
    return out


def _build(values: dict[str, Any]) -> Answers:
    def section(key: str, data: dict | None) -> Any:
        return None if data is None else _SECTION_CLASSES[key](**data)

    return Answers(
        organization=section("organization", values["organization"]),
        subscription=values["subscription"],
        on_premises=section("on_premises", values["on_premises"]),
        devices=section("devices", values["devices"]),
        partners=tuple(section("partners", p) for p in values["partners"]),
        version=values["version"],
    )


# ---------------------------------------------------------------------------------------------
# Cross-field rules. They read the raw data tolerantly (fields may be malformed; those problems
# are reported by the field checks) so that every problem shows up in one run.


def _get(data: object, key: str, default: Any = None) -> Any:
    return data.get(key, default) if isinstance(data, dict) else default


def _norm(value: object) -> str | None:
    return value.strip().lower().rstrip(".") if isinstance(value, str) else None


def _items(data: object, key: str) -> list[Any]:
    value = _get(data, key)
    return value if isinstance(value, list) else []


def _needs(section: dict, path: str, key: str, why: str, accepted: str) -> Iterator[Problem]:
    if section.get(key) in (None, "", []):
        yield Problem(f"{path}.{key}", f"is required {why}", accepted=accepted, has_value=False)


def _duplicates(data: object, path: str, key: str) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, item in enumerate(_items(data, key)):
        norm = _norm(item)
        if norm is None:
            continue
        if norm in seen:
            yield Problem(f"{path}{key}[{i}]", "is listed twice", item, "each value once")
        seen.add(norm)


def _overlap(a: str, b: str) -> bool:
    try:
        return validators.networks_overlap(a, b)
    except ValueError:
        return False


def hybrid_wizard_built_connectors(data: object) -> bool:
    """True when the Hybrid Configuration Wizard created the connectors (a Full topology)."""
    on_prem = _get(data, "on_premises")
    return (
        _get(data, "subscription") == "exchange-online"
        and _get(on_prem, "server") == "exchange-2010-or-later"
        and _get(on_prem, "hybrid_wizard") == "full"
    )


def rule_problems(data: object) -> list[Problem]:
    """Problems that come from fields read together (companions and contradictions)."""
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    org = _get(data, "organization")
    org_domains = {d for d in (_norm(x) for x in _items(org, "domains")) if d}
    problems += _duplicates(org, "organization.", "domains")
    subscription = _get(data, "subscription")
    on_prem = _get(data, "on_premises")
    server = _get(on_prem, "server", "none") if isinstance(on_prem, dict) else "none"

    if subscription == "eop-standalone" and server == "none":
        problems.append(
            Problem(
                "on_premises.server" if isinstance(on_prem, dict) else "on_premises",
                "standalone EOP only filters mail for your own email servers, so it needs one",
                server if isinstance(on_prem, dict) else None,
                "an on_premises section with server exchange-2010-or-later, exchange-2007-or-earlier or "
                "non-microsoft; or subscription: exchange-online",
                has_value=isinstance(on_prem, dict),
            )
        )

    if isinstance(on_prem, dict) and server != "none":
        problems += _on_premises_problems(data, on_prem, subscription, server)

    devices = _get(data, "devices")
    if isinstance(devices, dict) and devices.get("present") is True:
        method = devices.get("method", "auto")
        if method == "smtp-relay":
            identify = devices.get("identify_by", "ip-addresses")
            if identify == "ip-addresses":
                problems += _needs(
                    devices,
                    "devices",
                    "ip_addresses",
                    "for SMTP relay identified by IP address",
                    validators.ACCEPTED_SENDER_IP,
                )
            elif identify == "certificate":
                problems += _needs(
                    devices,
                    "devices",
                    "certificate_name",
                    "for SMTP relay identified by certificate",
                    validators.ACCEPTED_CERTIFICATE,
                )
        if method == "smtp-auth" and devices.get("supports_smtp_auth", False) is False:
            problems.append(
                Problem(
                    "devices.supports_smtp_auth",
                    "method smtp-auth needs devices that can sign in with SMTP AUTH",
                    devices.get("supports_smtp_auth", False),
                    "true, or another method",
                )
            )
        problems += _duplicates(devices, "devices.", "ip_addresses")

    problems += _partner_problems(_items(data, "partners"), org_domains)
    return problems


def _on_premises_problems(
    data: dict, on_prem: dict, subscription: object, server: object
) -> Iterator[Problem]:
    hybrid = on_prem.get("hybrid_wizard", "not-run")
    if hybrid not in ("not-run", None) and subscription == "eop-standalone":
        yield Problem(
            "on_premises.hybrid_wizard",
            "a hybrid deployment is not available with standalone EOP (no mailboxes in Exchange Online)",
            hybrid,
            "not-run",
        )
    elif hybrid not in ("not-run", None) and server in ("exchange-2007-or-earlier", "non-microsoft"):
        yield Problem(
            "on_premises.hybrid_wizard",
            "the Hybrid Configuration Wizard needs Exchange 2010 or later on premises",
            hybrid,
            "not-run",
        )
    if on_prem.get("centralized_mail_transport") is True and subscription == "eop-standalone":
        yield Problem(
            "on_premises.centralized_mail_transport",
            "centralized mail transport routes the mail of "
            "Exchange Online mailboxes; standalone EOP has none",
            True,
            "false",
        )
    if not hybrid_wizard_built_connectors(data):
        why = "to create the connectors between Microsoft 365 and your server"
        yield from _needs(on_prem, "on_premises", "smart_hosts", why, validators.ACCEPTED_SMART_HOST)
        identify = on_prem.get("identify_by", "certificate")
        if identify == "certificate":
            yield from _needs(
                on_prem,
                "on_premises",
                "certificate_name",
                "when identify_by is certificate",
                validators.ACCEPTED_CERTIFICATE,
            )
        elif identify == "ip-addresses":
            yield from _needs(
                on_prem,
                "on_premises",
                "ip_addresses",
                "when identify_by is ip-addresses",
                validators.ACCEPTED_SENDER_IP,
            )
    for key in ("ip_addresses", "smart_hosts"):
        yield from _duplicates(on_prem, "on_premises.", key)


def _partner_problems(partners: list[Any], org_domains: set[str]) -> Iterator[Problem]:
    names: dict[str, int] = {}
    domain_owner: dict[str, int] = {}
    ip_owner: list[tuple[str, int]] = []
    for i, partner in enumerate(partners):
        if not isinstance(partner, dict):
            continue
        path = f"partners[{i}]"
        name = _norm(partner.get("name"))
        if name is not None:
            if name in names:
                yield Problem(
                    f"{path}.name",
                    f"is already used by partners[{names[name]}]",
                    partner.get("name"),
                    "a different name for each partner",
                )
            names.setdefault(name, i)
        for j, raw in enumerate(_items(partner, "domains")):
            dom = _norm(raw)
            if dom is None:
                continue
            bare = dom[2:] if dom.startswith("*.") else dom
            if bare in org_domains or any(bare.endswith("." + d) for d in org_domains):
                yield Problem(
                    f"{path}.domains[{j}]",
                    "is one of your own accepted domains, not the partner's",
                    raw,
                    "the partner's own domains",
                )
            elif dom in domain_owner:
                owner = domain_owner[dom]
                whose = "this partner" if owner == i else f"partners[{owner}]"
                yield Problem(
                    f"{path}.domains[{j}]",
                    f"is already listed for {whose}; two connectors for the "
                    "same partner domain compete for its mail",
                    raw,
                    "each partner domain once",
                )
            domain_owner.setdefault(dom, i)
        for j, raw in enumerate(_items(partner, "ip_addresses")):
            if not isinstance(raw, str):
                continue
            for other, owner in ip_owner:
                if _overlap(raw, other):
                    whose = "this partner" if owner == i else f"partners[{owner}]"
                    yield Problem(
                        f"{path}.ip_addresses[{j}]",
                        f"overlaps {other} of {whose}",
                        raw,
                        "addresses no other partner entry uses",
                    )
                    break
            ip_owner.append((raw, i))

        direction = partner.get("direction", "both")
        restrict = partner.get("restrict_by", "none")
        require_tls = partner.get("require_tls", True)
        if restrict in ("certificate", "both"):
            yield from _needs(
                partner,
                path,
                "certificate_name",
                f"when restrict_by is {restrict}",
                validators.ACCEPTED_CERTIFICATE,
            )
            if require_tls is False:
                yield Problem(
                    f"{path}.require_tls",
                    "a certificate restriction only works over TLS",
                    False,
                    "true, or restrict_by: none or ip-addresses",
                )
        if restrict in ("ip-addresses", "both"):
            yield from _needs(
                partner,
                path,
                "ip_addresses",
                f"when restrict_by is {restrict}",
                validators.ACCEPTED_SENDER_IP,
            )
        if restrict not in ("none", None) and direction == "outbound":
            yield Problem(
                f"{path}.restrict_by",
                "restrictions apply to mail from the partner, but direction is outbound",
                restrict,
                "none, or direction both or inbound",
            )
        if direction in ("both", "inbound") and require_tls is False and restrict in ("none", None):
            yield Problem(
                f"{path}.require_tls",
                "a connector for mail from a partner needs at least one "
                "restriction (TLS, certificate or IP addresses)",
                False,
                "true, or restrict_by certificate or ip-addresses",
            )
        for key in ("ip_addresses", "smart_hosts"):
            yield from _duplicates(partner, f"{path}.", key)


# ---------------------------------------------------------------------------------------------


def validate_answers(data: object, source: str = "answers") -> Answers:
    """Validate raw answers (YAML, JSON or the wizard); raise AnswersInvalid listing every problem."""
    problems: list[Problem] = []
    values = _check_section(ANSWERS, data, "", problems)
    seen = {(p.path, p.message) for p in problems}
    problems += [p for p in rule_problems(data) if (p.path, p.message) not in seen]
    if problems or values is None:
        problems.sort(key=lambda p: _path_key(p.path))
        raise AnswersInvalid(problems, source)
    return _build(values)


def _field_order() -> dict[str, int]:
    order: dict[str, int] = {}
    for table in (ANSWERS, ORGANIZATION, ON_PREMISES, DEVICES, PARTNER):
        for i, f in enumerate(table):
            order.setdefault(f.name, i)
    return order


def _path_key(path: str) -> list[tuple[Any, ...]]:
    order = _field_order()
    parts: list[tuple[Any, ...]] = []
    for chunk in path.replace("]", "").replace("[", ".").split("."):
        parts.append((0, int(chunk), "") if chunk.isdigit() else (1, order.get(chunk, 99), chunk))
    return parts


# ---------------------------------------------------------------------------------------------
# JSON Schema, generated from the same table.


def _schema_for(f: Field) -> dict[str, Any]:
    out: dict[str, Any] = {"description": f.description}
    if f.kind == "text":
        out["type"] = "string"
        if f.accepted:
            out["description"] += f" Accepted: {f.accepted}."
    elif f.kind == "bool":
        out["type"] = "boolean"
    elif f.kind == "const":
        out["const"] = f.default
    elif f.kind == "choice":
        assert f.choices is not None
        out["type"] = "string"
        out["enum"] = list(f.choices)
        out["enumDescriptions"] = [f"{o.label}: {o.description}" for o in f.choices.values()]
    elif f.kind == "list":
        out["type"] = "array"
        out["items"] = {"type": "string", "description": f.accepted or ""}
        if f.min_items:
            out["minItems"] = f.min_items
    elif f.kind == "section":
        out.update(_object_schema(f.section))
        if not f.required:
            out = {"description": f.description, "anyOf": [_object_schema(f.section), {"type": "null"}]}
    elif f.kind == "sections":
        out["type"] = "array"
        out["items"] = _object_schema(f.section)
    if f.default is not None and f.kind not in ("const", "section"):
        out["default"] = list(f.default) if isinstance(f.default, tuple) else f.default
    if not f.required and f.kind in ("text", "list", "sections"):
        out = {"description": out.pop("description"), "anyOf": [out, {"type": "null"}]}
    return out


def _object_schema(table: tuple[Field, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {f.name: _schema_for(f) for f in table},
        "required": [f.name for f in table if f.required],
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema editors can use to check answers files."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "connector-advisor answers file",
        "description": "Answers for connector-advisor (format version 1).",
        **_object_schema(ANSWERS),
    }


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2)
