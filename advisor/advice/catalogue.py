"""The advice catalogue: every sentence the engine emits, read from `catalogue.yaml` beside this file.

A mail-flow expert edits the YAML; the engine only names entries and fills their placeholders:
`text` for a sentence or phrase, `reason` for a text with its sources, `step` for a checklist step and
`warning` for a coded warning. Filling is strict: a missing entry, a placeholder left unfilled or a value
no placeholder uses raises `CatalogueError` (a bug in the engine or the catalogue, never the user's).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, NamedTuple, cast

from advisor import language
from advisor.errors import AdvisorError
from advisor.language import wording
from advisor.model.plan import PlanWarning, SourceRef, Step
from advisor.model.vocabulary import SEVERITY_ORDER, Severity

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")


class CatalogueError(AdvisorError):
    """The catalogue and the engine disagree: an entry or a placeholder is missing or unused."""


class Reason(NamedTuple):
    text: str
    source: str


def entries() -> dict[str, Any]:
    """The whole catalogue in the language being written (`advisor.language`), each language loaded once."""
    return wording(CATALOGUE_FILE, language.current())


def entry(key: str) -> Any:
    """The raw entry at a dotted key such as 'steps.mx-last'."""
    group, _, name = key.partition(".")
    found = entries().get(group, {}).get(name) if name else None
    if found is None:
        raise CatalogueError(f"the advice catalogue has no entry {key!r}")
    return found


class _Names(dict[str, str]):
    """Collects the names `str.format_map` asks for (the `string` module costs 1.4 ms to import)."""

    def __missing__(self, key: str) -> str:
        self[key] = ""
        return ""


@functools.cache
def placeholders(template: str) -> frozenset[str]:
    """The {names} a catalogue text expects."""
    names = _Names()
    template.format_map(names)
    return frozenset(names)


def fill(key: str, template: str, values: dict[str, str]) -> str:
    """`template` with every placeholder filled by `values`, strictly."""
    expected = placeholders(template)
    if expected != set(values):
        missing, unused = sorted(expected - set(values)), sorted(set(values) - expected)
        raise CatalogueError(
            f"catalogue entry {key!r}: placeholders not filled {missing}, values unused {unused}"
        )
    return template.format(**values)


def text(key: str, **values: str) -> str:
    """A sentence or phrase."""
    return fill(key, str(entry(key)), values)


def reason(key: str, **values: str) -> Reason:
    """A text with the sources it rests on."""
    found = entry(key)
    return Reason(fill(key, found["text"], values), found["source"])


def step(key: str, **values: str) -> Step:
    """A checklist step; title and detail share the values."""
    found = entry(key)
    title_names, detail_names = placeholders(found["title"]), placeholders(found["detail"])
    return Step(
        fill(key, found["title"], {k: v for k, v in values.items() if k in title_names}),
        fill(
            key,
            found["detail"],
            {k: v for k, v in values.items() if k in detail_names or k not in title_names},
        ),
    )


def warning(code: str, severity: Severity | None = None, **values: str) -> PlanWarning:
    """The coded warning `code`; `severity` only for entries whose severity the engine decides."""
    key = f"warnings.{code}"
    found = entry(key)
    declared = found["severity"]
    if (declared == "{severity}") != (severity is not None):
        raise CatalogueError(f"catalogue entry {key!r}: severity {declared!r}, engine gave {severity!r}")
    chosen = severity if severity is not None else declared
    if chosen not in SEVERITY_ORDER:
        raise CatalogueError(f"catalogue entry {key!r}: unknown severity {chosen!r}")
    return PlanWarning(code, chosen, fill(key, found["message"], values), found["source"])


def sources(keys: list[str]) -> dict[str, SourceRef]:
    """Title and address of each cited source key, in the order given."""
    known = entries()["sources"]
    missing = [key for key in keys if key not in known]
    if missing:
        raise CatalogueError(f"the advice catalogue has no source {missing}")
    return {key: SourceRef(known[key]["title"], known[key]["url"]) for key in keys}


def answer_word(choice: str, value: str) -> str:
    """An answer's choice as the advice quotes it (`answer_word("method", "smtp-relay")`), in the language
    being written."""
    found = entries()["answer-words"].get(choice, {}).get(value)
    if found is None:
        raise CatalogueError(f"the advice catalogue has no answer word {choice}.{value}")
    return str(found)


def admin_center_labels() -> dict[str, dict[str, str]]:
    """The admin center's words per cmdlet parameter (`inbound`, `outbound`) and per TlsSettings value."""
    return cast(dict[str, dict[str, str]], entries()["admin-center"])
