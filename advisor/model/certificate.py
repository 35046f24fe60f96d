"""An X.509 certificate as Exchange shows it: subject and issuer written as Windows writes them, the names it
covers, its validity, and the `TlsCertificateName` value (`<I>issuer<S>subject`) a send connector takes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from advisor.record import record


@record
class Certificate:
    file: str
    subject: str  # as Get-ExchangeCertificate shows it: most specific part first, ", " between parts
    issuer: str
    names: tuple[str, ...]  # the DNS names it covers: subject alternative names, else the common name
    not_before: datetime
    not_after: datetime
    self_signed: bool
    with_private_key: bool = False  # the file also held a private key (never read, never shown)

    @property
    def tls_certificate_name(self) -> str:
        """What New-SendConnector and Set-SendConnector take as -TlsCertificateName."""
        return f"<I>{self.issuer}<S>{self.subject}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "subject": self.subject,
            "issuer": self.issuer,
            "names": list(self.names),
            "not_before": self.not_before.isoformat().replace("+00:00", "Z"),
            "not_after": self.not_after.isoformat().replace("+00:00", "Z"),
            "self_signed": self.self_signed,
            "tls_certificate_name": self.tls_certificate_name,
        }
