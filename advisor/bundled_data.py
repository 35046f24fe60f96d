"""Reading the YAML files that ship inside the package (the advice catalogue, the handout wording)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast


def load_mapping(path: Path) -> dict[str, Any]:
    """A bundled YAML mapping, with PyYAML's C loader when available (imported here, on first use)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with path.open(encoding="utf-8") as handle:
        return cast(dict[str, Any], yaml.load(handle, Loader=loader))
