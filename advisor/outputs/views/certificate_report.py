"""`cert` as JSON or in the terminal: each certificate's names, validity and the exact `TlsCertificateName`,
then its findings. Names come from the certificate file: the terminal gets them through `printable`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor import __version__
from advisor.model.certificate import Certificate
from advisor.tenant.findings import Finding

if TYPE_CHECKING:
    from rich.console import Console

Checked = list[tuple[Certificate, list[Finding]]]


def certificates_dict(checked: Checked, unchecked: list[str]) -> dict[str, Any]:
    return {
        "advisor_version": __version__,
        "certificates": [{**c.to_dict(), "findings": [f.to_dict() for f in found]} for c, found in checked],
        "not_checked": unchecked,
    }


def certificates_json(checked: Checked, unchecked: list[str]) -> str:
    from advisor.outputs.engine.quoting import json_text

    return json_text(certificates_dict(checked, unchecked))


def certificates_text(checked: Checked, unchecked: list[str]) -> str:
    from io import StringIO

    from rich.console import Console

    from advisor.outputs.terminal.plan_table import TABLE_WIDTH

    buffer = StringIO()
    render_certificates(
        checked, unchecked, Console(file=buffer, no_color=True, width=TABLE_WIDTH, highlight=False)
    )
    return buffer.getvalue()


def render_certificates(checked: Checked, unchecked: list[str], console: Console) -> None:
    from rich.text import Text

    from advisor.outputs.terminal.error_messages import printable
    from advisor.outputs.terminal.plan_table import SEVERITY_STYLE
    from advisor.tenant.findings import entries

    words = entries()["report"]
    for certificate, found in checked:
        console.print(Text(printable(certificate.file), style="bold"))
        for label, value in (
            ("Subject", certificate.subject),
            ("Issuer", certificate.issuer),
            ("Names", ", ".join(certificate.names) or "-"),
            ("Valid", f"{certificate.not_before:%Y-%m-%d} to {certificate.not_after:%Y-%m-%d}"),
        ):
            console.print(Text(f"  {label + ':':<9} {printable(value)}"))
        console.print(Text("  TlsCertificateName (New-SendConnector, Set-SendConnector):"))
        console.print(Text(f"    {printable(certificate.tls_certificate_name)}"), soft_wrap=True)
        for f in found:
            line = Text(f"  {f.severity}: ", style=SEVERITY_STYLE[f.severity])
            line.append(
                f"{printable(f.message)} {words['what-to-do']} {printable(f.action)} [{f.source}] ({f.code})"
            )
            console.print(line)
        if not found:
            console.print(Text(f"  {words['no-certificate-findings']}", style="green"))
        console.print()
    if unchecked:
        console.print(Text(words["certificate-not-checked"].format(checks=", ".join(unchecked))))
