"""The answers model (answers file format, version 1): the root section and the facts read from it.

Every key is declared once, on its section's dataclass (`advisor.model.organization`, `.on_premises`,
`.devices`, `.partners`). `ANSWERS` is the root's table of keys; `field_at` finds any key by path.
Build an `Answers` with `advisor.model.validation.validate_answers`, never directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Literal

from advisor.errors import Problem
from advisor.model import facts, raw, validators
from advisor.model.devices import Devices
from advisor.model.document import Document
from advisor.model.fields import Field, Option, choice, const, fields_of, section, sections
from advisor.model.filtering_service import FilteringService
from advisor.model.on_premises import OnPremises
from advisor.model.organization import Organization
from advisor.model.partners import Partner
from advisor.model.processing_services import ProcessingService
from advisor.record import record

Subscription = Literal["exchange-online", "eop-standalone"]

FORMAT_VERSION = 1
FILE_ONLY_SECTIONS = ("document",)  # kept in answers files, never asked by the wizard

SUBSCRIPTION = {
    "exchange-online": Option(
        "Exchange Online", "Some or all mailboxes are in Exchange Online (Microsoft 365 hosts mail)."
    ),
    "eop-standalone": Option(
        "Standalone Exchange Online Protection (EOP)",
        "All mailboxes stay on your own servers; Microsoft 365 only filters their mail.",
    ),
}


@record(kw_only=True)
class Answers:
    """A validated answers file."""

    version: int = const("Answers file format version; always 1.", FORMAT_VERSION)
    organization: Organization = section("Your Microsoft 365 organization.", Organization, required=True)
    subscription: Subscription = choice(
        "Microsoft 365 subscription for mail.", choices=SUBSCRIPTION, required=True
    )
    on_premises: OnPremises | None = section(
        "Your on-premises email server; omit when there is none.", OnPremises
    )
    filtering_service: FilteringService | None = section(
        "A third-party filtering service between the internet and Microsoft 365; omit when there is none.",
        FilteringService,
    )
    devices: Devices | None = section("Printers, scanners and applications that send mail.", Devices)
    partners: tuple[Partner, ...] = sections("Partner organizations that need secured mail flow.", Partner)
    processing_services: tuple[ProcessingService, ...] = sections(
        "Services that take mail from Exchange Online and hand it back (server-side signatures, some DLP and "
        "encryption services).",
        ProcessingService,
    )
    document: Document | None = section(
        "Document control for this client's handouts; overrides your document.yaml (the wizard never "
        "asks it).",
        Document,
    )

    def lookup(self, path: str) -> Any:
        """The value at an answers-file path such as 'on_premises.server' (declared default if absent)."""
        return _walk(path, lambda node, key: getattr(node, key, None), self)

    @property
    def domains(self) -> tuple[str, ...]:
        return self.organization.domains

    @property
    def server(self) -> str:
        """The on-premises server kind, 'none' when there is none."""
        return facts.server(self.lookup)

    @property
    def has_devices(self) -> bool:
        return facts.devices_present(self.lookup)

    @property
    def hybrid_wizard_built_connectors(self) -> bool:
        return facts.hybrid_wizard_built_connectors(self.lookup)

    @property
    def on_premises_connectors(self) -> bool:
        return facts.on_premises_connectors(self.lookup)

    @property
    def mx_record_changes(self) -> bool:
        return facts.mx_record_changes(self.lookup)

    @property
    def devices_use_on_premises_server(self) -> bool:
        return facts.devices_use_on_premises_server(self.lookup)

    @property
    def filtering_service_inbound(self) -> bool:
        return facts.filtering_service_inbound(self.lookup)

    @property
    def filtering_service_lockdown(self) -> bool:
        return facts.filtering_service_lockdown(self.lookup)

    @property
    def filtering_service_to_server(self) -> bool:
        return facts.filtering_service_to_server(self.lookup)

    @property
    def filtering_service_outbound(self) -> bool:
        return facts.filtering_service_outbound(self.lookup)

    @property
    def on_premises_lockdown(self) -> bool:
        return facts.on_premises_lockdown(self.lookup)

    @property
    def direct_send_blocked(self) -> bool:
        return facts.direct_send_blocked(self.lookup)


# The root's keys: `$schema` (for editors; not a Python name) and the Answers dataclass's own.
SCHEMA_KEY = Field(
    "$schema",
    "text",
    "Optional: the JSON Schema this file follows, for editors.",
    check=validators.SCHEMA_REFERENCE,
)
ANSWERS: tuple[Field, ...] = (SCHEMA_KEY, *fields_of(Answers))
SECTION_TABLES: tuple[tuple[Field, ...], ...] = (
    ANSWERS,
    *(f.table for f in fields_of(Answers) if f.section is not None),
)


def field_at(path: str) -> Field | None:
    """The Field for a dotted key path such as 'partners.restrict_by' (indexes omitted)."""
    table = ANSWERS
    found: Field | None = None
    for part in path.split("."):
        found = next((f for f in table if f.name == part), None)
        if found is None:
            return None
        table = found.table
    return found


def _walk(path: str, step: Callable[[Any, str], Any], root: Any) -> Any:
    node = root
    field: Field | None = None
    table = ANSWERS
    for part in path.split("."):
        field = next(f for f in table if f.name == part)
        table = field.table
        node = step(node, part) if node is not None else None
    assert field is not None
    return field.default if node is None else node


def raw_lookup(data: object) -> facts.Lookup:
    """A Lookup over answers that are not validated (a file being checked, the wizard's state)."""

    def step(node: Any, key: str) -> Any:
        return node.get(key) if isinstance(node, dict) else None

    return lambda path: _walk(path, step, data)


Rule = Callable[[raw.Raw, facts.Lookup], Iterator[Problem]]
# Every section's own rules (its `problems`), in the order of the sections.
RULES: tuple[Rule, ...] = tuple(f.section.problems for f in fields_of(Answers) if f.section is not None)


def rule_problems(data: object) -> list[Problem]:
    """Problems that come from keys read together (companions and contradictions), every section's rules."""
    if not isinstance(data, dict):
        return []
    get = raw_lookup(data)
    return [problem for rule in RULES for problem in rule(data, get)]
