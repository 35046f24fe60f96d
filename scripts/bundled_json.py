"""Write the JSON twin of every YAML file bundled in the package (advisor/**/*.yaml -> *.json beside it).

    python scripts/bundled_json.py            list the twins that are missing or stale
    python scripts/bundled_json.py --write    write them

Run it after editing a catalogue, the handout wording, the findings or an example; tests/test_bundled_json.py
fails until then. The tool reads a twin only when it was made from the YAML as it is, so a stale twin never
shows old text: it only costs start-up time.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from advisor.bundled_data import twin_of, twin_text  # noqa: E402


def bundled_yaml() -> list[Path]:
    return sorted(p for p in (ROOT / "advisor").rglob("*.yaml") if "__pycache__" not in p.parts)


def stale() -> list[Path]:
    return [
        p
        for p in bundled_yaml()
        if not twin_of(p).is_file() or twin_of(p).read_text(encoding="utf-8") != twin_text(p)
    ]


def main() -> int:
    found = stale()
    if "--write" in sys.argv[1:]:
        for path in found:
            twin_of(path).write_text(twin_text(path), encoding="utf-8")
            print(f"wrote {twin_of(path).relative_to(ROOT)}")
        return 0
    for path in found:
        print(f"stale: {twin_of(path).relative_to(ROOT)}")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
