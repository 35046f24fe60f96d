"""Document control for the handouts: who prepared them, for whom, which version, Draft or Final, a logo.

Set once per consultant in `document.yaml` in the platform's config folder (`connector-advisor document`
prints where; XDG on Linux, %APPDATA% on Windows, ~/Library/Application Support on macOS), overridden per
client with `--document FILE` and the `--prepared-by`, `--company`, `--client-contact`, `--doc-version`,
`--status` and `--logo` options. Read only when a handout is written.
"""

from __future__ import annotations

import os
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from advisor.errors import AnswersInvalid, Problem, UserError
from advisor.model.document import Document
from advisor.model.fields import fields_of
from advisor.model.vocabulary import DOCUMENT_STATUSES
from advisor.record import record

STATUSES = DOCUMENT_STATUSES
# The answers file's document keys: one rule for a key wherever it is set (file, document.yaml, option).
STATUS_KEY = next(f for f in fields_of(Document) if f.name == "status")
LANGUAGE_KEY = next(f for f in fields_of(Document) if f.name == "language")
MAX_TEXT = 120
FILE_NAME = "document.yaml"
MAX_FILE_BYTES = 64 * 1024


@record
class DocumentControl:
    """The consultant's document details for handouts (document.yaml): who prepared it, for whom, version."""

    prepared_by: str | None = None
    company: str | None = None
    client_contact: str | None = None
    version: str = "1.0"
    status: str = "Draft"
    logo: str | None = None  # a data: URI, so the HTML stays one self-contained file
    templates: str | None = None  # a folder of the consultant's own handout templates
    logo_file: str | None = None  # where the logo was read from, for `document` to say
    logo_bytes: int | None = None
    language: str = "en"  # the handouts' language (advisor.language); scripts and JSON stay English


TEXT_KEYS = ("prepared_by", "company", "client_contact", "version")
# The command-line option of each setting, to name a problem where the user gave it.
OPTIONS = {
    "prepared_by": "--prepared-by",
    "company": "--company",
    "client_contact": "--client-contact",
    "version": "--doc-version",
    "status": "--status",
    "logo": "--logo",
    "templates": "--templates",
    "language": "--language",
}


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("connector-advisor", appauthor=False)) / FILE_NAME


def load(
    path: Path | None = None,
    overrides: dict[str, str | None] | None = None,
    client: dict[str, Any] | None = None,
    client_base: Path | None = None,
) -> DocumentControl:
    """The consultant's settings (`path`, or the default file when it exists), then this client's (`client`:
    the answers file's `document` section, its logo relative to `client_base`), then the command line's
    `overrides`: each later one wins.

    Every problem is reported at once, each with its key where it was given (the settings file's key,
    `document.key` of the answers file, or the option), the bad value and what is accepted (exit 2)."""
    explicit = path is not None
    path = path or default_path()
    values: dict[str, Any] = {}
    problems: list[tuple[str, ...]] = []
    if explicit or path.is_file():
        values = _read(path, problems)
    known = {f.name for f in fields(DocumentControl)}
    from_client = {k for k, v in (client or {}).items() if v is not None and k in known}
    values.update({k: (client or {})[k] for k in from_client})
    options = {key for key, value in (overrides or {}).items() if value is not None}
    values.update({k: (overrides or {})[k] for k in options})
    # a logo is named from where it was given: the current folder for --logo, the answers file's folder for
    # the answers' document section, the settings file's folder for the settings file
    if "logo" in options:
        logo_base = (Path.cwd(), "logo")
    elif "logo" in from_client:
        logo_base = (client_base or Path.cwd(), "logo")
    else:
        logo_base = (path.parent, "logo")
    control = _checked(values, path, problems, logo_base)
    if problems:
        raise _invalid(problems, path, options, from_client)
    return control


def _invalid(
    problems: list[tuple[str, ...]], path: Path, options: set[str], from_client: set[str]
) -> AnswersInvalid:
    """The problems, each named where its value came from, in one error."""

    def where(key: str) -> str:
        if key in options:
            return OPTIONS.get(key, key)
        return f"document.{key}" if key in from_client else key

    given = {key for key, *_rest in problems}
    if given <= options:
        source = "the command line"
    elif given <= from_client:
        source = "the answers file's document section"
    else:
        source = str(path)
    error = AnswersInvalid(
        [
            Problem(where(key), why[0] if why else "not accepted", bad, accepted)
            for key, bad, accepted, *why in problems
        ],
        source,
    )
    error.hint = "fix the document settings listed above (or the matching options) and run the command again"
    return error


def _read(path: Path, problems: list[tuple[str, ...]]) -> dict[str, Any]:
    import yaml

    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        raise UserError(
            f"cannot read {path}: {exc.strerror or exc}", "check the path of the document file"
        ) from None
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text", "save it as UTF-8") from None
    if len(raw) > MAX_FILE_BYTES:
        raise UserError(
            f"{path} is over {MAX_FILE_BYTES // 1024} KB", "a document settings file is a few lines"
        )
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        # aliases are refused before anything is built: a few lines of YAML can expand without bound
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=loader)):
            raise UserError(
                f"{path} uses a YAML alias (*name)", "write each value out; the file is a few lines"
            )
        data = yaml.load(text, Loader=loader) if text.strip() else {}
        data = {} if data is None else data  # only comments, as `document init` writes it
    except yaml.YAMLError as exc:
        raise UserError(f"{path} is not valid YAML: {str(exc).splitlines()[0]}", "fix the file") from None
    if not isinstance(data, dict):
        problems.append(("(top level)", type(data).__name__, "a mapping of document settings"))
        return {}
    known = {f.name for f in fields(DocumentControl)} - {"logo_file", "logo_bytes"}
    for key in data:
        if key not in known:
            problems.append((str(key), "(unknown key)", ", ".join(sorted(known))))
    return {k: v for k, v in data.items() if k in known}


def _checked(
    values: dict[str, Any], path: Path, problems: list[tuple[str, ...]], logo_base: tuple[Path, str]
) -> DocumentControl:
    control = DocumentControl()
    for key in TEXT_KEYS:
        value = values.get(key)
        if value is None:
            continue
        if isinstance(value, int | float) and not isinstance(value, bool) and key == "version":
            value = str(value)
        if (
            not isinstance(value, str)
            or not value.strip()
            or len(value) > MAX_TEXT
            or not value.isprintable()
        ):
            shown = value[:60] if isinstance(value, str) else value
            problems.append((key, shown, f"one line of text, at most {MAX_TEXT} characters"))
            continue
        stripped: dict[str, Any] = {key: value.strip()}
        control = replace(control, **stripped)
    status = values.get("status")
    if status is not None:
        chosen = STATUS_KEY.choose(status)  # the answers file's rule: Draft or Final, any letter case
        if chosen is None:
            problems.append(
                ("status", status[:60] if isinstance(status, str) else status, " or ".join(STATUSES))
            )
        else:
            control = replace(control, status=chosen)
    control = _with_language(control, values.get("language"), problems)
    templates = values.get("templates")
    if templates is not None:
        # relative to the settings file; the option's value comes absolute (from where the user is)
        folder = (
            Path(os.path.abspath(path.parent / Path(templates).expanduser()))
            if isinstance(templates, str)
            else None
        )
        if folder is None or not folder.is_dir():
            problems.append(("templates", templates, "a folder of handout templates (.md.j2, .html.j2)"))
        else:
            control = replace(control, templates=str(folder))
    logo = values.get("logo")
    if logo is not None:
        uri = _logo(logo, *logo_base, problems)
        if uri:
            base = logo_base[0]
            named = Path(os.path.abspath(base / Path(str(logo)).expanduser()))
            control = replace(control, logo=uri, logo_file=str(named), logo_bytes=named.stat().st_size)
    return control


def _with_language(control: DocumentControl, given: Any, problems: list[tuple[str, ...]]) -> DocumentControl:
    """The handouts' language, when one is given: en, de or fr, as the answers file and --language take it."""
    if given is None:
        return control
    spoken = LANGUAGE_KEY.choose(given)  # the answers file's rule
    if spoken is None:
        shown = given[:60] if isinstance(given, str) else given
        problems.append(
            (
                "language",
                shown,
                f"one of: {', '.join(LANGUAGE_KEY.choices or ())}",
                "is not one of the choices",
            )
        )
        return control
    return replace(control, language=spoken)


def _logo(value: Any, base: Path, key: str, problems: list[tuple[str, ...]]) -> str | None:
    from advisor.inputs.logo import ACCEPTED, LogoRefused, logo_data_uri

    if not isinstance(value, str) or not value.strip():
        problems.append((key, repr(value)[:60], ACCEPTED))
        return None
    try:
        return logo_data_uri(value, base)
    except LogoRefused as refused:
        problems.append((key, value[:60], ACCEPTED, str(refused)))
        return None
