"""The `organization` section: who the plan is for and its accepted domains."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from advisor.errors import Problem
from advisor.model import raw, validators
from advisor.model.facts import Lookup
from advisor.model.fields import items, text


@dataclass(frozen=True, kw_only=True)
class Organization:
    name: str = text(
        "Organisation name, used in handouts and file names.",
        check=validators.DISPLAY_NAME,
        required=True,
        example="Contoso",
    )
    domains: tuple[str, ...] = items(
        "Accepted domains of the Microsoft 365 organisation (at least one).",
        check=validators.DOMAIN,
        required=True,
        min_items=1,
        example=("contoso.com",),
    )

    @staticmethod
    def problems(data: raw.Raw, get: Lookup) -> Iterator[Problem]:
        """Rules across this section's keys (companions and contradictions), on raw answers."""
        return _problems(data, get)


def _problems(data: raw.Raw, _get: Lookup) -> Iterator[Problem]:
    """Rules across the section's keys: each domain once."""
    yield from raw.duplicates(data.get("organization"), "organization.", "domains")


def domains(data: raw.Raw) -> set[str]:
    """The organisation's domains as written (normalised), for rules that compare other domains with them."""
    listed = raw.listing(raw.mapping(data.get("organization")).get("domains"))
    return {d for d in (raw.normalised(x) for x in listed) if d}
