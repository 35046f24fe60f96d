"""Reading exports: every shape into one model, bad files named with the place, names kept safe."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.errors import AnswersInvalid, UserError
from advisor.inputs.exports import load_exports
from advisor.model.tenant import Tenant
from advisor.tenant.audit import audit
from tests.conftest import ROOT
from tests.tenant.records import (
    DOMAINS,
    EXPORTS,
    advisor,
    inbound,
    outbound,
    write,
)

# -- reading every shape into one model -----------------------------------------------------------------


def without_places(tenant: Tenant) -> list[Any]:
    return [replace(c, where="") for c in tenant.connectors]


def test_every_export_shape_reads_into_the_same_model(tmp_path: Path) -> None:
    records_in = json.loads((EXPORTS / "rest-inbound.json").read_text())
    record_out = json.loads((EXPORTS / "rest-outbound.json").read_text())
    domains = json.loads((EXPORTS / "accepted-domains.json").read_text())
    plain = load_exports(
        [
            str(EXPORTS / "rest-inbound.json"),
            str(EXPORTS / "rest-outbound.json"),
            str(EXPORTS / "accepted-domains.json"),
        ]
    )
    collected = load_exports(
        [
            write(
                tmp_path,
                "c.json",
                {"inbound": records_in, "outbound": [record_out], "accepted_domains": domains},
            )
        ]
    )
    scuba = load_exports(
        [
            write(
                tmp_path,
                "s.json",
                {"inbound_connectors": records_in, "outbound_connectors": [record_out, None]},
            ),
            write(tmp_path, "d.json", domains),
        ]
    )
    # Windows PowerShell 5.1: UTF-16 from Out-File, dates as \/Date(ms)\/, sender domains without smtp:
    ps51 = copy.deepcopy(records_in)
    ps51[0]["SenderDomains"] = ["*"]
    utf16 = load_exports(
        [
            write(tmp_path, "i.json", ps51, encoding="utf-16"),
            write(tmp_path, "o.json", record_out, encoding="utf-8-sig"),
            write(tmp_path, "a.json", domains),
        ]
    )
    expected = without_places(plain)
    for other in (collected, scuba, utf16):
        assert without_places(other) == expected
        assert other.accepted_domains == ["rob-knight.com", "m7kni.onmicrosoft.com"]
    first = plain.connectors[0]
    assert (first.direction, first.type, first.enabled, first.sender_domains) == (
        "inbound",
        "OnPremises",
        False,
        ("*",),
    )
    assert first.certificate_name == "*.rob-knight.com"
    out = plain.outbound[0]
    assert (out.rule_scoped, out.smart_hosts, out.tls_settings) == (
        True,
        ("smtp-relay.gmail.com",),
        "CertificateValidation",
    )


def test_the_scubagear_ps51_sample_reads(tmp_path: Path) -> None:
    tenant = load_exports([str(EXPORTS / "scubagear-ps51.json")])
    (c,) = tenant.connectors
    assert (c.name, c.type, c.sender_domains, c.require_tls) == (
        "inbound connector test 1",
        "Partner",
        ("test.domain.com",),
        True,
    )
    assert c.changed == "2026-03-03T01:15:23Z"  # \/Date(1772500523000)\/
    assert tenant.accepted_domains is None
    assert c.sender_ip_addresses == ()  # PowerShell 5.1's blank lines in an empty array


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (inbound(ConnectorType=1), "a number, not a name"),
        (inbound(SenderDomains="System.Collections.ArrayList"), "cut off by a too small -Depth"),
        (inbound(RequireTls="yes"), "true or false"),
        (outbound(TlsSettings="Strongest"), "EncryptionOnly, CertificateValidation, DomainValidation"),
        ({"Foo": 1}, "neither a connector nor an accepted domain"),
    ],
)
def test_bad_exports_name_the_file_and_the_place(
    tmp_path: Path, record: dict[str, Any], expected: str
) -> None:
    path = write(tmp_path, "bad.json", [inbound("fine"), record])
    with pytest.raises(AnswersInvalid) as caught:
        load_exports([path])
    (problem,) = caught.value.problems
    assert problem.path.startswith(f"{path}: [1]")
    assert expected in f"{problem.message} {problem.accepted}"
    result = advisor("audit", path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "[1]" in result.stderr


def test_files_that_are_not_exports(tmp_path: Path) -> None:
    for content in ("", "not json", "42", '"text"'):
        path = tmp_path / "x.json"
        path.write_text(content, encoding="utf-8")
        with pytest.raises(UserError):
            load_exports([str(path)])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "Name",
                        "SenderDomains",
                        "RecipientDomains",
                        "Enabled",
                        "ConnectorType",
                        "TlsSettings",
                        "DomainName",
                        "inbound",
                        "outbound",
                        "accepted_domains",
                        "SmartHosts",
                        "x",
                    ]
                ),
                children,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_arbitrary_json_never_crashes(tmp_path: Path, data: Any) -> None:
    path = write(tmp_path, "any.json", data)
    try:
        tenant = load_exports([path])
    except UserError:
        return
    audit(tenant)  # whatever was read can be checked


@pytest.mark.slow  # runs the tool in subprocesses
def test_names_from_an_export_cannot_drive_the_terminal(tmp_path: Path) -> None:
    hostile = "evil\x1b[2J\x1b]0;pwned\x07"
    path = write(
        tmp_path,
        "t.json",
        {
            "inbound": [inbound(hostile, RequireTls=False)],
            "outbound": [outbound(hostile)],
            "accepted_domains": DOMAINS,
        },
    )
    answers = str(ROOT / "advisor" / "inputs" / "examples" / "partner-tls.yaml")
    for args in (
        ("audit", path, "--fail-on", "never"),
        ("route", path, "--to", "a@contosobank.com"),
        ("route", path, "--from", "a@contosobank.com", "--ip", "192.0.2.1"),
        ("diff", answers, path),
    ):
        result = advisor(*args)
        assert "\x1b" not in result.stdout, args
        assert "\\x1b" in result.stdout, args
