"""collect: the read-only export script."""

from __future__ import annotations

import re
from pathlib import Path

from tests.powershell_grammar import commands, parse, problems
from tests.tenant.records import (
    advisor,
)

# -- collect ---------------------------------------------------------------------------------------------


def test_collect_script_only_reads(tmp_path: Path) -> None:
    target = tmp_path / "collect.ps1"
    result = advisor("collect", "-o", str(target))
    assert result.returncode == 0, result.stderr
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    script = raw[3:].decode("utf-8").replace("\r\n", "\n")
    root = parse(script)
    assert problems(root) == []
    names = {c.name for c in commands(root)}
    assert not {n for n in names if re.match(r"(New|Set|Remove|Enable|Disable)-", n)}, names
    assert {"Get-InboundConnector", "Get-OutboundConnector", "Get-AcceptedDomain", "ConvertTo-Json"} <= names
    assert "-EnumsAsStrings" in script
