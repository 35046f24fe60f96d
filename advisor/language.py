"""The language handouts are written in: English, German or French.

The wording files have one translation each beside them (`catalogue.yaml` -> `catalogue.de.yaml`,
`catalogue.fr.yaml`), with the English the reference: the same keys, the same {placeholders}, and sections
that stay English left out (connector names, which must match what the script creates in the tenant; the
sources' titles, which are the pages' own). A translation file is read over its English one, so a key it
lacks reads in English (the parity test makes sure none is lacking).

The language is a context, set around the work that writes a handout (`speaking("de")`), so the advice
engine stays a pure function of the answers and every sentence still comes from its catalogue. PowerShell,
the JSON plan, warning codes and the terminal stay English: they are the machine interface and the admin's.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ENGLISH = "en"
# Language code -> its name in itself, and the tag HTML and Word take (BCP 47).
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "en"),
    "de": ("Deutsch", "de-DE"),
    "fr": ("Français", "fr-FR"),
}
# Sections of a wording file that stay English in every language.
ENGLISH_ONLY_SECTIONS = frozenset({"connectors", "sources"})

_current: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=ENGLISH)


def current() -> str:
    """The language being written in."""
    return _current.get()


def tag(language: str | None = None) -> str:
    """The BCP 47 tag of `language` (the current one by default): de-DE."""
    return LANGUAGES[language or current()][1]


@contextlib.contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Write in `language` (None or en: English) inside the block."""
    token = _current.set(language or ENGLISH)
    try:
        yield
    finally:
        _current.reset(token)


def translation_of(path: Path, language: str) -> Path:
    """catalogue.yaml -> catalogue.de.yaml."""
    return path.with_name(f"{path.stem}.{language}{path.suffix}")


def _overlay(base: Any, over: Any) -> Any:
    """`over` read over `base`: mappings key by key, anything else (a text, a list) replaced whole."""
    if isinstance(base, dict) and isinstance(over, dict):
        return {key: _overlay(value, over[key]) if key in over else value for key, value in base.items()}
    return over


@functools.cache
def wording(path: Path, language: str) -> dict[str, Any]:
    """The wording file at `path` (English) in `language`: its translation read over the English."""
    from advisor.bundled_data import load_mapping

    english = load_mapping(path)
    if language == ENGLISH:
        return english
    translated = translation_of(path, language)
    if not translated.is_file():
        return english
    result: dict[str, Any] = _overlay(english, load_mapping(translated))
    return result
