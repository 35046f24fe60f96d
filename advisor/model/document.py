"""The `document` section: this client's document control for the handouts (who they are prepared for and by,
the version, Draft or Final, a logo). It overrides the consultant's `document.yaml` and is overridden by the
command line's options. Kept in the answers file, so `render` of a folder gives each client its own; the
wizard never asks it and keeps it when it saves a revision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from advisor.errors import Problem
from advisor.language import LANGUAGES
from advisor.model import raw, validators
from advisor.model.facts import Lookup
from advisor.model.fields import Option, choice, text
from advisor.model.vocabulary import DOCUMENT_STATUSES, DocumentStatus
from advisor.record import record

STATUS = {
    "Draft": Option("Draft", "Not yet agreed with the client."),
    "Final": Option("Final", "Agreed: the version the client signs off."),
}
assert tuple(STATUS) == DOCUMENT_STATUSES
Language = Literal["en", "de", "fr"]  # the codes of advisor.language.LANGUAGES (a test keeps them equal)
_IN_LANGUAGE = {
    "en": "The handouts in English.",
    "de": "The handouts in German, with the admin center's German labels.",
    "fr": "The handouts in French, with the admin center's French labels.",
}
# Each language by its name in itself, from the one list of languages.
LANGUAGE = {code: Option(name, _IN_LANGUAGE[code]) for code, (name, _tag) in LANGUAGES.items()}


@record(kw_only=True)
class Document:
    """The `document` section (the keys of the consultant's document.yaml)."""

    client_contact: str | None = text(
        "The client's contact, named on the handouts (Prepared for).",
        check=validators.DOCUMENT_TEXT,
        example="Jane Doe, IT",
    )
    prepared_by: str | None = text(
        "Who prepared the handouts.", check=validators.DOCUMENT_TEXT, example="Alex Wilber"
    )
    company: str | None = text(
        "The consultant's company.", check=validators.DOCUMENT_TEXT, example="Fabrikam IT"
    )
    version: str | None = text("The handouts' version.", check=validators.DOCUMENT_TEXT, example="1.1")
    status: DocumentStatus | None = choice(
        "Draft or Final (in any letter case, as --status and document.yaml take it).",
        choices=STATUS,
        default=None,
        any_case=True,
    )
    language: Language | None = choice(
        "The handouts' language (en, de or fr, in any letter case); PowerShell, the JSON plan and the "
        "terminal stay English.",
        choices=LANGUAGE,
        default=None,
        any_case=True,
    )
    logo: str | None = text(
        "A PNG, JPEG, GIF, WebP or SVG logo, relative to the answers file's folder.",
        check=validators.DOCUMENT_TEXT,
        example="logos/fabrikam.png",
    )

    @staticmethod
    def problems(_data: raw.Raw, _get: Lookup) -> Iterator[Problem]:
        """No rule across these keys: each is checked on its own (the logo when a handout is written)."""
        return iter(())
