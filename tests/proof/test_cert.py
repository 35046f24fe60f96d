"""`cert`: certificates made here, in every form admins have them, read as Windows shows them and checked
against the plan they are for."""

from __future__ import annotations

import contextlib
import datetime
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.errors import UserError
from advisor.inputs.certificates import read_certificate, windows_value
from advisor.tenant.certificate_checks import certificate_covers, check
from tests.conftest import ROOT
from tests.tenant.records import advisor

TODAY = datetime.date(2026, 12, 7)
HYBRID = str(ROOT / "advisor" / "inputs" / "examples" / "hybrid.yaml")  # expects mail.contoso.com


def _name(*parts: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in parts])


CA_NAME = _name(
    (NameOID.DOMAIN_COMPONENT, "com"),
    (NameOID.DOMAIN_COMPONENT, "contoso"),
    (NameOID.COMMON_NAME, "Contoso Issuing CA 01"),
)
SERVER_NAME = _name(
    (NameOID.COUNTRY_NAME, "US"),
    (NameOID.STATE_OR_PROVINCE_NAME, "Washington"),
    (NameOID.LOCALITY_NAME, "Redmond"),
    (NameOID.ORGANIZATION_NAME, "Contoso, Ltd"),
    (NameOID.COMMON_NAME, "mail.contoso.com"),
)


def make(
    subject: x509.Name = SERVER_NAME,
    names: tuple[str, ...] = ("mail.contoso.com", "autodiscover.contoso.com"),
    days: tuple[int, int] = (-30, 335),
    self_signed: bool = False,
) -> tuple[x509.Certificate, x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A server certificate issued by a CA made here (or self-signed), and the CA's certificate."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    key = ec.generate_private_key(ec.SECP256R1())
    start = datetime.datetime(2026, 12, 7, tzinfo=datetime.UTC)
    ca = (
        x509.CertificateBuilder()
        .subject_name(CA_NAME)
        .issuer_name(CA_NAME)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(start - datetime.timedelta(days=400))
        .not_valid_after(start + datetime.timedelta(days=4000))
        .sign(ca_key, hashes.SHA256())
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject if self_signed else CA_NAME)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start + datetime.timedelta(days=days[0]))
        .not_valid_after(start + datetime.timedelta(days=days[1]))
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), False)
    server = builder.sign(key if self_signed else ca_key, hashes.SHA256())
    return server, ca, key


def pem(*certificates: x509.Certificate) -> bytes:
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certificates)


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_subject_issuer_and_tls_certificate_name_as_windows_writes_them(tmp_path: Path) -> None:
    server, ca, _key = make()
    certificate = read_certificate(write(tmp_path, "chain.pem", pem(server, ca)))  # leaf first
    assert certificate.subject == 'CN=mail.contoso.com, O="Contoso, Ltd", L=Redmond, S=Washington, C=US'
    assert certificate.issuer == "CN=Contoso Issuing CA 01, DC=contoso, DC=com"
    assert certificate.tls_certificate_name == (
        '<I>CN=Contoso Issuing CA 01, DC=contoso, DC=com<S>CN=mail.contoso.com, O="Contoso, Ltd", L=Redmond, '
        "S=Washington, C=US"
    )
    assert certificate.names == ("mail.contoso.com", "autodiscover.contoso.com")


def test_der_as_windows_exports_it(tmp_path: Path) -> None:
    server, _ca, _key = make()
    certificate = read_certificate(
        write(tmp_path, "mail.cer", server.public_bytes(serialization.Encoding.DER))
    )
    assert certificate.subject.startswith("CN=mail.contoso.com")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("Contoso", "Contoso"),
        ("Contoso, Ltd", '"Contoso, Ltd"'),
        ('Say "hi"', '"Say ""hi"""'),
        (" padded", '" padded"'),
        ("", '""'),
        ("a+b", '"a+b"'),
        ("#1", '"#1"'),
        ("x;y", '"x;y"'),
        ("<x>", '"<x>"'),
        ("a=b", '"a=b"'),
    ],
)
def test_values_are_quoted_as_dotnet_quotes_them(value: str, shown: str) -> None:
    assert windows_value(value) == shown


def test_unknown_attributes_are_written_as_oids_and_multi_valued_names_with_plus(tmp_path: Path) -> None:
    subject = x509.Name(
        [
            x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Mail")]),
            x509.RelativeDistinguishedName(
                [
                    x509.NameAttribute(NameOID.COMMON_NAME, "mail.contoso.com"),
                    x509.NameAttribute(x509.ObjectIdentifier("1.3.6.1.4.1.311.60.2.1.3"), "US"),
                ]
            ),
        ]
    )
    server, _ca, _key = make(subject=subject)
    shown = read_certificate(write(tmp_path, "m.pem", pem(server))).subject
    assert shown.startswith("CN=mail.contoso.com + OID.1.3.6.1.4.1.311.60.2.1.3=US") or shown.startswith(
        "OID.1.3.6.1.4.1.311.60.2.1.3=US + CN=mail.contoso.com"
    )
    assert shown.endswith(", OU=Mail")


def test_a_key_a_pfx_and_damaged_data_are_refused_and_the_key_never_shown(tmp_path: Path) -> None:
    server, _ca, key = make()
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(UserError, match="private key and no certificate"):
        read_certificate(write(tmp_path, "key.pem", key_pem))
    bundle = pkcs12.serialize_key_and_certificates(b"mail", key, server, None, serialization.NoEncryption())
    with pytest.raises(UserError, match="PKCS#12"):
        read_certificate(write(tmp_path, "mail.pfx", bundle))
    with pytest.raises(UserError, match="PKCS#12"):
        read_certificate(write(tmp_path, "mail.bin", bundle))
    with pytest.raises(UserError, match="damaged"):
        read_certificate(write(tmp_path, "bad.pem", pem(server)[:200] + b"\n-----END CERTIFICATE-----\n"))
    with pytest.raises(UserError, match=r"not an X\.509 certificate"):
        read_certificate(write(tmp_path, "x.cer", b"hello"))
    both = read_certificate(write(tmp_path, "both.pem", key_pem + pem(server)))
    assert both.with_private_key
    result = advisor("cert", str(tmp_path / "both.pem"), "-f", "json", "--fail-on", "never")
    assert "PRIVATE" not in result.stdout
    assert key_pem.decode().splitlines()[1] not in result.stdout + result.stderr


def _codes(certificate_file: str, **kwargs: object) -> list[str]:
    return [f.code for f in check(read_certificate(certificate_file), TODAY, **kwargs)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "raised", "clean"),
    [
        (
            "certificate-name-mismatch",
            ({"names": ("smtp.contoso.com",)}, {"expected": ["mail.contoso.com"]}),
            ({"names": ("*.contoso.com",)}, {"expected": ["mail.contoso.com"]}),
        ),
        (
            "certificate-not-accepted-domain",
            ({"names": ("mail.fabrikam.net",)}, {"accepted": ["contoso.com"]}),
            ({"names": ("mail.contoso.com",)}, {"accepted": ["contoso.com"]}),
        ),
        ("certificate-expired", ({"days": (-400, -1)}, {}), ({"days": (-400, 100)}, {})),
        ("certificate-expires-soon", ({"days": (-30, 20)}, {}), ({"days": (-30, 45)}, {})),
        (
            "certificate-expires-soon",
            ({"days": (-30, 45)}, {"cut_over": TODAY + datetime.timedelta(days=60)}),
            ({"days": (-30, 45)}, {"cut_over": TODAY + datetime.timedelta(days=40)}),
        ),
        ("certificate-self-signed", ({"self_signed": True}, {}), ({}, {})),
    ],
)
def test_each_finding_is_raised_and_absent_in_the_nearest_clean_case(
    tmp_path: Path, code: str, raised: tuple[dict, dict], clean: tuple[dict, dict]
) -> None:
    bad = write(tmp_path, "bad.pem", pem(make(**raised[0])[0]))
    good = write(tmp_path, "good.pem", pem(make(**clean[0])[0]))
    assert code in _codes(bad, **raised[1])
    assert code not in _codes(good, **clean[1])


def test_certificate_wildcards_cover_one_label_as_exchange_applies_them() -> None:
    assert certificate_covers("*.contoso.com", "mail.contoso.com")
    assert not certificate_covers("*.contoso.com", "a.mail.contoso.com")
    assert not certificate_covers("*.contoso.com", "contoso.com")
    assert certificate_covers("Mail.Contoso.com", "mail.contoso.com")


def test_cert_with_a_plan_checks_the_name_its_connectors_expect(tmp_path: Path) -> None:
    good = write(tmp_path, "good.pem", pem(make()[0]))
    renewed_wrong = write(tmp_path, "renewed.pem", pem(make(names=("smtp.contoso.com",))[0]))
    ok = advisor("cert", good, "--plan", HYBRID)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = advisor("cert", renewed_wrong, "--plan", HYBRID, "-f", "json")
    assert bad.returncode == 3
    data = json.loads(bad.stdout)
    (first,) = data["certificates"]
    assert {
        "subject",
        "issuer",
        "names",
        "not_before",
        "not_after",
        "tls_certificate_name",
        "findings",
    } <= set(first)
    assert [f["code"] for f in first["findings"]] == ["certificate-name-mismatch"]
    assert data["not_checked"] == []
    alone = json.loads(advisor("cert", good, "-f", "json").stdout)
    assert alone["not_checked"] == ["certificate-name-mismatch", "certificate-not-accepted-domain"]
    table = advisor("cert", good)
    assert "<I>CN=Contoso Issuing CA 01, DC=contoso, DC=com<S>CN=mail.contoso.com" in table.stdout
    assert "Not checked without --plan" in table.stdout
    assert advisor("cert", good, "--cut-over", "next week").returncode == 2


@settings(max_examples=120, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_are_a_certificate_or_a_clear_refusal(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("c") / "x.cer"
    path.write_bytes(data)
    with contextlib.suppress(UserError):
        read_certificate(str(path))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_a_quoted_value_reads_back_as_the_value(value: str) -> None:
    shown = windows_value(value)
    if shown.startswith('"'):
        assert shown.endswith('"')
        assert shown[1:-1].replace('""', '"') == value
    else:
        assert shown == value
        assert not set(',+="<>#;\n') & set(value)


def test_plan_with_the_servers_certificate_sets_its_tls_certificate_name(tmp_path: Path) -> None:
    """The on-premises script and the handout use the certificate's <I>issuer<S>subject as it is."""
    good = write(tmp_path, "mail.cer", make()[0].public_bytes(serialization.Encoding.DER))
    script = tmp_path / "hybrid.ps1"
    result = advisor("plan", HYBRID, "--certificate", good, "-f", "powershell", "-o", str(script))
    assert result.returncode == 0, result.stderr
    onprem = (tmp_path / "hybrid.onprem.ps1").read_text(encoding="utf-8-sig")
    expected = "$tlsCertificateName = '<I>CN=Contoso Issuing CA 01, DC=contoso, DC=com<S>CN=mail.contoso.com"
    assert expected in onprem
    assert "Get-ExchangeCertificate" not in onprem.split("# --- 3.")[0].split("# --- 2.")[1]
    from tests.powershell_grammar import parse, problems

    assert not problems(parse(onprem))
    handout = advisor("plan", HYBRID, "--certificate", good, "-f", "markdown").stdout
    assert expected in handout
    data = json.loads(advisor("plan", HYBRID, "--certificate", good, "-f", "json").stdout)
    assert data["on_premises_side"]["tls_certificate_name"].startswith("<I>CN=Contoso Issuing CA 01")
    assert "TlsCertificateName" not in data["on_premises_side"]["set_on_the_server"]


def test_plan_refuses_a_certificate_that_does_not_fit(tmp_path: Path) -> None:
    wrong = write(tmp_path, "wrong.pem", pem(make(names=("mail.fabrikam.net",))[0]))
    refused = advisor("plan", HYBRID, "--certificate", wrong, "-f", "json")
    assert refused.returncode == 2
    assert "mail.fabrikam.net" in refused.stderr
    good = write(tmp_path, "good.pem", pem(make()[0]))
    cloud = advisor("plan", "--example", "cloud-only", "--certificate", good, "-f", "json")
    assert cloud.returncode == 2


def test_a_value_that_is_not_text_is_written_in_hexadecimal(tmp_path: Path) -> None:
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "mail.contoso.com"),
            x509.NameAttribute(
                NameOID.X500_UNIQUE_IDENTIFIER, b"\x00\x01\x02", _type=x509.name._ASN1Type.BitString
            ),
        ]
    )
    server, _ca, _key = make(subject=subject)
    shown = read_certificate(write(tmp_path, "uid.pem", pem(server))).subject
    assert shown.startswith("OID.2.5.4.45=")
    assert "\x00" not in shown


def test_a_certificate_not_yet_valid_is_critical(tmp_path: Path) -> None:
    future = write(tmp_path, "future.pem", pem(make(days=(10, 400))[0]))
    assert "certificate-not-yet-valid" in _codes(future)
    assert "certificate-not-yet-valid" not in _codes(write(tmp_path, "now.pem", pem(make()[0])))
