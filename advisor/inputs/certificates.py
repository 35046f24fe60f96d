"""Reading X.509 certificates with `cryptography` (loaded only by `cert`): PEM, with or without a chain (the
first certificate is the server's), or DER (`.cer`, `.crt`). A private key in the file is never parsed or
shown; a file with only a key, a PKCS#12 bundle or damaged data is refused with what to export instead.

Subject and issuer are written the way Windows writes a certificate's names (.NET's X500DistinguishedName,
what Get-ExchangeCertificate shows and what Exchange compares `TlsCertificateName` with): the parts most
specific first, `, ` between them, Windows' short names, a value quoted when it is empty, has white space at
either end or holds one of `, + = " < > # ;` or a line break, with an inner `"` doubled. That is not RFC 4514
(`cryptography`'s `rfc4514_string()`), which orders the parts the other way and escapes with backslashes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from advisor.errors import UserError
from advisor.model.certificate import Certificate

if TYPE_CHECKING:
    from cryptography import x509

MAX_CERTIFICATE_BYTES = 1024 * 1024
CERT_HINT = (
    "export the certificate without its key: on Windows, Export-Certificate -Type CERT (DER), or certutil "
    "-encode for PEM; from a .pfx, openssl pkcs12 -in file.pfx -nokeys -out cert.pem"
)
# Windows' names for the attributes it knows (CertNameToStr, CERT_X500_NAME_STR); others as OID.x.y.z.
SHORT_NAMES = {
    "2.5.4.3": "CN",
    "2.5.4.11": "OU",
    "2.5.4.10": "O",
    "2.5.4.7": "L",
    "2.5.4.8": "S",
    "2.5.4.6": "C",
    "1.2.840.113549.1.9.1": "E",
    "2.5.4.9": "STREET",
    "0.9.2342.19200300.100.1.25": "DC",
    "2.5.4.5": "SERIALNUMBER",
    "2.5.4.12": "T",
    "2.5.4.42": "G",
    "2.5.4.4": "SN",
    "2.5.4.43": "I",
    "2.5.4.17": "PostalCode",
    "2.5.4.13": "Description",
}
_NEEDS_QUOTES = set(',+="<>#;\n')  # CertNameToStr's list (a carriage return is not on it)


def windows_value(value: str) -> str:
    """One attribute value as Windows writes it in a name."""
    if value == "" or value != value.strip(" ") or _NEEDS_QUOTES & set(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def windows_name(name: x509.Name) -> str:
    """A subject or issuer as Windows writes it: the relative names in reverse order, multi-valued ones joined
    with ` + `."""
    parts = [" + ".join(f"{_short(a.oid.dotted_string)}={windows_value(_text(a.value))}" for a in rdn)
             for rdn in reversed(list(name.rdns))]  # fmt: skip
    return ", ".join(parts)


def _short(oid: str) -> str:
    return SHORT_NAMES.get(oid, f"OID.{oid}")


def _text(value: str | bytes) -> str:
    """A value as Windows writes it: text as it is; an encoded value (a bit or octet string) in hexadecimal,
    as CertNameToStr writes values that are not strings."""
    return value if isinstance(value, str) else value.hex()


def read_certificate(path: str) -> Certificate:
    """The server's certificate in `path` (the first of a PEM chain)."""
    from cryptography import x509

    data = _bytes(path)
    with_key = b"PRIVATE KEY-----" in data
    if b"-----BEGIN CERTIFICATE-----" in data:
        start = data.index(b"-----BEGIN CERTIFICATE-----")
        end = data.find(b"-----END CERTIFICATE-----", start)
        if end < 0:
            raise UserError(f"{path}: the certificate's PEM block has no END line", CERT_HINT)
        block = data[start : end + len(b"-----END CERTIFICATE-----")]
        try:
            certificate = x509.load_pem_x509_certificate(block)
        except ValueError:
            raise UserError(f"{path}: the PEM certificate is damaged", CERT_HINT) from None
    else:
        _refuse_what_is_not_a_certificate(path, data)
        try:
            certificate = x509.load_der_x509_certificate(data)
        except ValueError:
            raise UserError(f"{path} is not an X.509 certificate (PEM or DER)", CERT_HINT) from None
    return _model(path, certificate, with_key)


def _bytes(path: str) -> bytes:
    file = Path(path)
    try:
        if file.stat().st_size > MAX_CERTIFICATE_BYTES:
            raise UserError(f"{path} is over 1 MB: not a certificate", CERT_HINT)
        return file.read_bytes()
    except OSError as exc:
        raise UserError(
            f"cannot read {path}: {exc.strerror or exc}", "give the path of a certificate file"
        ) from None


def _refuse_what_is_not_a_certificate(path: str, data: bytes) -> None:
    """A key alone, or a PKCS#12 bundle: said as such, never parsed (a key is never read)."""
    if b"PRIVATE KEY-----" in data:
        raise UserError(f"{path} holds a private key and no certificate", CERT_HINT)
    if Path(path).suffix.lower() in (".pfx", ".p12") or _looks_like_pkcs12(data):
        raise UserError(f"{path} is a PKCS#12 bundle (.pfx): it holds the private key too", CERT_HINT)


def _looks_like_pkcs12(data: bytes) -> bool:
    """A PFX starts with a SEQUENCE holding INTEGER 3 (its version); a certificate's SEQUENCE holds another
    SEQUENCE first."""
    if len(data) < 8 or data[0] != 0x30:  # noqa: PLR2004 - the shortest SEQUENCE worth a look
        return False
    length = data[1]
    offset = 2 + (length & 0x7F if length & 0x80 else 0)
    return data[offset : offset + 3] == b"\x02\x01\x03"


def _model(path: str, certificate: x509.Certificate, with_key: bool) -> Certificate:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    try:
        san = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        names = tuple(n.lower() for n in san.value.get_values_for_type(x509.DNSName))
    except x509.ExtensionNotFound:
        names = ()
    except (ValueError, x509.DuplicateExtension) as exc:  # malformed or repeated extensions
        raise UserError(f"{path}: the certificate's extensions are damaged ({exc})", CERT_HINT) from None
    if not names:  # no SAN: the common name is the certificate's name (older certificates)
        names = tuple(
            _text(a.value).lower() for a in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        )
    return Certificate(
        file=path,
        subject=windows_name(certificate.subject),
        issuer=windows_name(certificate.issuer),
        names=names,
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        self_signed=certificate.issuer == certificate.subject,
        with_private_key=with_key,
    )
