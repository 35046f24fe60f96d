"""Reading answers files: YAML or JSON, from a path or standard input ('-')."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from advisor.errors import AnswersInvalid, Problem, UserError
from advisor.model.answers import Answers
from advisor.model.validation import validate_answers

MAX_BYTES = 1_000_000
READ_SIZE = 65_536  # bytes a read asks for: whole answers files, without a megabyte buffer each


def read_text(source: str, stdin: TextIO | None = None) -> str:
    """The text of an answers file; '-' reads standard input."""
    if not source.strip():
        raise UserError("the file name is empty", "give an answers file, or - to read standard input")
    if source == "-":
        return _read_stdin(stdin if stdin is not None else sys.stdin)
    path = Path(source)
    try:
        if path.is_dir():
            raise UserError(
                f"{source} is a directory, not an answers file",
                "give the path of a .yaml or .json answers file",
            )
        with path.open("rb") as handle:
            data = _read_capped(handle)
    except FileNotFoundError:
        raise UserError(
            f"answers file not found: {source}",
            "check the path, or run `connector-advisor example` for a starting point",
        ) from None
    except PermissionError:
        raise UserError(f"cannot read {source}: permission denied") from None
    except OSError as exc:
        raise UserError(f"cannot read {source}: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise UserError(f"{source} is larger than 1 MB; an answers file is a few kilobytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{source} is not UTF-8 text", "save the answers file as UTF-8") from None


def _read_capped(handle: BinaryIO) -> bytes:
    """At most MAX_BYTES + 1 bytes, read in pieces until the end: one read of that size allocates a megabyte
    for every file, which was most of the cost of reading a batch's few-kilobyte answers files."""
    pieces: list[bytes] = []
    left = MAX_BYTES + 1
    while left > 0:
        piece = handle.read(min(READ_SIZE, left))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


def _read_stdin(stream: TextIO | None) -> str:
    """Standard input with the same size cap and encoding rule as files (read as bytes where possible, so
    the console's encoding does not matter)."""
    if stream is None or getattr(stream, "closed", False):
        raise UserError("standard input is closed", "give an answers FILE, or pipe one in with -")
    raw = getattr(stream, "buffer", None)
    try:
        data: str | bytes = raw.read(MAX_BYTES + 1) if raw is not None else stream.read(MAX_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot read standard input: {exc}") from None
    if len(data) > MAX_BYTES:
        raise UserError("standard input is larger than 1 MB, the limit for an answers file (a few kilobytes)")
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserError("standard input is not UTF-8 text", "save the answers file as UTF-8") from None
    return data


def parse_text(text: str, source: str) -> Any:
    """Parse YAML (or JSON, which is checked first because it is cheaper) into plain data."""
    if not text.strip():
        raise AnswersInvalid(
            [
                Problem(
                    "(top level)",
                    "the file is empty",
                    accepted="an answers file; see `connector-advisor example`",
                    has_value=False,
                )
            ],
            source,
        )
    if text.lstrip().startswith("{"):
        try:
            return json.loads(text, object_pairs_hook=_no_duplicate_pairs(source))
        except json.JSONDecodeError as exc:
            raise AnswersInvalid(
                [
                    Problem(
                        f"line {exc.lineno} column {exc.colno}",
                        f"is not valid JSON: {exc.msg}",
                        has_value=False,
                    )
                ],
                source,
            ) from None
        except RecursionError:
            raise AnswersInvalid([_too_deep()], source) from None
        except ValueError as exc:  # a number of more than 4,300 digits
            raise AnswersInvalid(
                [Problem("(top level)", f"is not usable JSON: {exc}", has_value=False)], source
            ) from None
    return _parse_yaml(text, source)


def _no_duplicate_pairs(source: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                raise AnswersInvalid(
                    [Problem(key, "appears twice in the same section", value, "each key once")], source
                )
            out[key] = value
        return out

    return hook


def _refuse_anchors(yaml: Any, text: str, loader: Any, source: str) -> None:
    """Answers files need no anchors or aliases (& and *); refusing them before anything is built makes an
    alias bomb (a few lines that expand to billions of values) fail at once instead of exhausting memory."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            raise AnswersInvalid(
                [
                    Problem(
                        f"line {mark.line + 1} column {mark.column + 1}",
                        "uses a YAML anchor or alias (& or *), which answers files do not need",
                        has_value=False,
                        accepted="each value written out where it is used",
                    )
                ],
                source,
            )


def _too_deep() -> Problem:
    return Problem(
        "(top level)",
        "is nested too deeply to be an answers file",
        has_value=False,
        accepted="an answers file; see `connector-advisor example`",
    )


def _parse_yaml(text: str, source: str) -> Any:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    duplicates: list[Problem] = []

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    def construct_mapping(loader: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain value", key_node.start_mark
                )
            if key in out:
                duplicates.append(
                    Problem(
                        f"{key} (line {key_node.start_mark.line + 1})",
                        "appears twice in the same section",
                        key,
                        "each key once",
                    )
                )
            out[key] = loader.construct_object(value_node, deep=True)
        return out

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    try:
        _refuse_anchors(yaml, text, base, source)
        data = yaml.load(text, Loader=Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark else "(top level)"
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise AnswersInvalid(
            [
                Problem(
                    where,
                    f"is not valid YAML: {what}",
                    has_value=False,
                    accepted="YAML or JSON, as printed by `connector-advisor example`",
                )
            ],
            source,
        ) from None
    except RecursionError:
        raise AnswersInvalid([_too_deep()], source) from None
    if duplicates:
        raise AnswersInvalid(duplicates, source)
    return data


def load_answers(source: str, stdin: TextIO | None = None) -> Answers:
    """Read, parse and validate an answers file. Raises UserError / AnswersInvalid."""
    name = "standard input" if source == "-" else source
    return validate_answers(parse_text(read_text(source, stdin), name), name)


def load_example(name: str) -> Answers:
    """A bundled example, validated."""
    from advisor.bundled_data import load_mapping
    from advisor.inputs.examples import example_path

    source = f"example {name}"
    return validate_answers(load_mapping(example_path(name)), source)  # its JSON twin: no YAML parser
