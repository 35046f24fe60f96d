"""The bundled example answers files, one per scenario plus a combined one."""

from __future__ import annotations

from pathlib import Path

from advisor.errors import UserError

EXAMPLE_DIR = Path(__file__).parent / "example_answers"

EXAMPLES: dict[str, str] = {
    "cloud-only": "All mailboxes in Exchange Online: no connector needed",
    "standalone-eop": "Standalone EOP in front of on-premises Exchange: two connectors required",
    "hybrid": "Exchange 2016 and Exchange Online before the Hybrid Configuration Wizard",
    "device-relay": "Printers and applications relaying through Microsoft 365",
    "partner-tls": "TLS enforced with a bank in both directions",
    "combined": "Hybrid (minimal topology) + device relay + two partners",
}


def example_text(name: str) -> str:
    if name not in EXAMPLES:
        import difflib

        close = difflib.get_close_matches(name, list(EXAMPLES), n=1)
        raise UserError(
            f"no example called {name!r}" + (f"; did you mean {close[0]!r}?" if close else ""),
            "run `connector-advisor example` to list them: " + ", ".join(EXAMPLES),
        )
    return (EXAMPLE_DIR / f"{name}.yaml").read_text(encoding="utf-8")
