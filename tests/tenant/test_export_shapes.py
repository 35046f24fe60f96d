"""Every shape of export admins have (facts 7.8), each read from a file made the way the real tool makes it,
and what each file gave said in every report: nothing that was not read is reported clean."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.errors import AnswersInvalid, UserError
from advisor.inputs.export_text import format_list_records, records_of_text
from advisor.inputs.exports import load_exports
from advisor.tenant.audit import audit
from tests.tenant.records import EXPORTS, advisor, inbound, write

FL_INBOUND = EXPORTS / "inbound-format-list.txt"  # Windows PowerShell, en-US, 120 columns, CRLF
FL_OUTBOUND = EXPORTS / "outbound-format-list.txt"
DSC = EXPORTS / "m365dsc-export.ps1"  # Export-M365DSCConfiguration under Windows PowerShell 5.1: UTF-16LE
DSC_CREDENTIALS = EXPORTS / "m365dsc-export-credentials.ps1"
REST_IN = EXPORTS / "rest-inbound-envelope.json"  # adminapi InvokeCommand response, as sent
REST_OUT = EXPORTS / "rest-outbound-envelope.json"
SCUBA = EXPORTS / "scubagear-provider-settings.json"  # all 76 top-level keys of a real ProviderSettingsExport


def _complete_lists(tmp_path: Path, source: Path, encoding: str = "utf-8") -> str:
    """The Format-List file as it prints with $FormatEnumerationLimit = -1 (every value of a list)."""
    text = source.read_text(encoding="utf-8").replace(
        "{203.0.113.10, 203.0.113.11, 203.0.113.12, 198.51.100.0/28...}",
        "{203.0.113.10, 203.0.113.11, 203.0.113.12, 198.51.100.0/28, 198.51.100.64/28}",
    )
    path = tmp_path / f"{source.stem}-{encoding}.txt"
    path.write_text(text, encoding=encoding)
    return str(path)


def test_a_real_scubagear_export_is_read_as_scubagear_not_as_an_empty_collect_file() -> None:
    tenant = load_exports([str(SCUBA)])
    assert [r.shape for r in tenant.read] == ["scubagear"]
    assert (tenant.read[0].inbound, tenant.read[0].outbound, tenant.read[0].accepted_domains) == (1, 0, 7)
    assert [c.name for c in tenant.inbound] == ["inbound connector test 1"]
    assert "example.com" in (tenant.accepted_domains or [])


def test_every_report_says_what_each_file_gave(tmp_path: Path) -> None:
    table = " ".join(advisor("audit", str(SCUBA), "--fail-on", "never").stdout.split())
    assert "scubagear-provider-settings.json (ScubaGear ProviderSettingsExport.json)" in table
    assert "1 inbound and 0 outbound connectors, 7 accepted domains" in table
    data = json.loads(advisor("audit", str(SCUBA), "-f", "json", "--fail-on", "never").stdout)
    assert data["tenant"]["read"] == [
        {"file": str(SCUBA), "shape": "scubagear", "inbound": 1, "outbound": 0, "accepted_domains": 7}
    ]
    for fmt in ("markdown", "html"):
        text = advisor("audit", str(SCUBA), "-f", fmt, "--fail-on", "never").stdout
        assert "1 inbound and 0 outbound connectors, 7 accepted domains" in text, fmt


def test_connector_records_in_a_layout_the_reader_does_not_know_are_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "mine.json", {"tenant": {"mail": {"connectors": [inbound(), inbound("Other")]}}})
    with pytest.raises(AnswersInvalid) as raised:
        load_exports([path])
    places = [p.path for p in raised.value.problems]
    assert places == [f"{path}: tenant.mail.connectors[0]", f"{path}: tenant.mail.connectors[1]"]
    result = advisor("audit", path)
    assert result.returncode == 2
    assert "did not read" in result.stderr
    assert "No findings" not in result.stdout


def test_connectors_beside_a_collect_files_keys_are_not_skipped(tmp_path: Path) -> None:
    """A collect-like file (accepted_domains) with its connectors under other keys is refused, not empty."""
    data = {"accepted_domains": [{"DomainName": "contoso.com"}], "connectors": [inbound()]}
    with pytest.raises(AnswersInvalid, match="1 problem"):
        load_exports([write(tmp_path, "e.json", data)])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_format_list_text_is_read(tmp_path: Path, encoding: str) -> None:
    tenant = load_exports([_complete_lists(tmp_path, FL_INBOUND, encoding), str(FL_OUTBOUND)])
    assert [r.shape for r in tenant.read] == ["format-list", "format-list"]
    by_name = {c.name: c for c in tenant.connectors}
    hcw = by_name["Inbound from 2b7a9f4e-6c1d-4e8a-9f3b-0d5c7e2a1b64"]
    assert (hcw.type, hcw.source, hcw.certificate_name) == ("OnPremises", "HybridWizard", "mail.contoso.com")
    assert hcw.cloud_services_mail_enabled is True
    partner = by_name["Fabrikam Partner Inbound"]
    assert partner.sender_domains == ("fabrikam.com", "*.fabrikam.com")
    assert partner.sender_ip_addresses[-1] == "198.51.100.64/28"
    assert partner.associated_accepted_domains == ("contoso.com",)
    assert partner.restrict_to_ip_addresses is True
    out = by_name["Fabrikam Partner Outbound"]
    assert out.smart_hosts == ("smtp1.fabrikam.com", "smtp2.fabrikam.com")
    assert out.tls_settings == "CertificateValidation"


def test_a_format_list_cut_off_by_the_enumeration_limit_is_refused_with_the_fix() -> None:
    with pytest.raises(AnswersInvalid) as raised:
        load_exports([str(FL_INBOUND)])
    (problem,) = raised.value.problems
    assert problem.path.endswith("[1].SenderIPAddresses")
    assert "$FormatEnumerationLimit = -1" in problem.accepted


def test_wrapped_format_list_values_are_joined_as_powershell_broke_them() -> None:
    records = format_list_records(FL_INBOUND.read_text(encoding="utf-8"))
    assert records[0]["DistinguishedName"] == (
        "CN=Inbound from 2b7a9f4e-6c1d-4e8a-9f3b-0d5c7e2a1b64,CN=Transport Settings,CN=Configuration,"
        "CN=contoso.onmicrosoft.com,CN=ConfigurationUnits,DC=NAMPR03A012,DC=PROD,DC=OUTLOOK,DC=COM"
    )


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8"])  # Windows PowerShell 5.1, PowerShell 7
def test_a_microsoft365dsc_configuration_is_read_with_the_powershell_grammar(
    tmp_path: Path, encoding: str
) -> None:
    path = tmp_path / "M365TenantConfig.ps1"
    path.write_text(DSC.read_text(encoding="utf-16"), encoding=encoding)
    tenant = load_exports([str(path)])
    assert [r.shape for r in tenant.read] == ["microsoft365dsc"]
    assert (tenant.read[0].inbound, tenant.read[0].outbound, tenant.read[0].accepted_domains) == (2, 2, 2)
    assert tenant.accepted_domains == ["contoso.com", "contoso.onmicrosoft.com"]
    by_name = {c.name: c for c in tenant.connectors}
    partner = by_name["Fabrikam Partner Inbound"]
    assert partner.restrict_to_ip_addresses is True
    assert partner.associated_accepted_domains == ("contoso.com",)
    to_server = by_name["Outbound to 2b7a9f4e-6c1d-4e8a-9f3b-0d5c7e2a1b64"]
    assert to_server.use_mx_record is False  # written `UseMxRecord` by the export: names ignore case
    assert to_server.smart_hosts == ("mail.contoso.com",)


def test_a_dsc_value_that_is_a_variable_is_left_out_and_said() -> None:
    tenant = load_exports([str(DSC_CREDENTIALS)])
    assert tenant.accepted_domains == ["contoso.com"]
    assert any("named by a variable" in n for n in tenant.notes)


def test_a_dsc_block_declared_absent_is_no_connector(tmp_path: Path) -> None:
    source = DSC.read_text(encoding="utf-16").replace(
        'Identity                     = "Fabrikam Partner Inbound";',
        'Identity                     = "Fabrikam Partner Inbound";\n            Ensure = "Absent";',
    )
    path = tmp_path / "absent.ps1"
    path.write_text(source, encoding="utf-8")
    tenant = load_exports([str(path)])
    assert "Fabrikam Partner Inbound" not in [c.name for c in tenant.connectors]
    assert any("declared absent" in n for n in tenant.notes)


def test_the_admin_rest_envelope_is_read() -> None:
    tenant = load_exports([str(REST_IN), str(REST_OUT)])
    assert [r.shape for r in tenant.read] == ["rest", "rest"]
    assert len(tenant.inbound) == 2
    assert len(tenant.outbound) == 2
    assert all(c.changed for c in tenant.connectors)  # ISO dates, with and without an offset


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">', "Export-Clixml"),
        (
            '#TYPE Deserialized.Microsoft.Exchange\n"Name","SenderDomains"\n"a","System.String[]"',
            "Export-Csv",
        ),
        ('"Name","SenderDomains","RequireTls"\n"a","x","True"', "Export-Csv"),
        ("<!DOCTYPE html><html><body>Connectors</body></html>", "web page"),
        ("Name   : Contoso\nOwner  : Someone\n", "Format-List text, but of no connector"),
        ("Get-InboundConnector | Format-List\n", "PowerShell script"),
        ("hello", "is not JSON, Format-List text or a Microsoft365DSC"),
    ],
)
def test_a_file_that_is_no_export_says_what_it_looks_like(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "export.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        load_exports([str(path)])
    assert said in raised.value.message
    assert "connector-advisor collect" in (raised.value.hint or "")


def test_fields_that_change_what_a_connector_does_are_read(tmp_path: Path) -> None:
    record = inbound(
        EFTestMode=True,
        EFUsers=["a@contoso.com"],
        TreatMessagesAsInternal=True,
        CloudServicesMailEnabled=True,
        AssociatedAcceptedDomains=["Contoso.com"],
        SenderDomains=["smtp:;1"],
    )
    out = {"Name": "o", "RecipientDomains": ["x.com"], "TestMode": True, "CloudServicesMailEnabled": True}
    tenant = load_exports([write(tmp_path, "e.json", {"inbound": [record], "outbound": [out]})])
    c = tenant.inbound[0]
    assert (c.ef_test_mode, c.ef_users, c.treat_as_internal) == (True, ("a@contoso.com",), True)
    assert c.cloud_services_mail_enabled is True
    assert c.associated_accepted_domains == ("contoso.com",)
    assert c.sender_domains == ("smtp:;1",)  # kept as what it is: no domain, never ""
    assert (tenant.outbound[0].test_mode, tenant.outbound[0].cloud_services_mail_enabled) == (True, True)
    assert "connector-never-applies" in [f.code for f in audit(tenant)]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_is_an_export_or_a_clear_refusal(text: str) -> None:
    try:
        shape, records, _notes = records_of_text("x.txt", text)
    except UserError:
        return
    assert shape in ("format-list", "microsoft365dsc")
    assert all(isinstance(r, dict) for r in records)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["SenderDomains", "RecipientDomains", "Name", "Enabled", "SmartHosts", "X"]),
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30),
        ),
        max_size=12,
    )
)
def test_arbitrary_format_list_never_gives_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, pairs
) -> None:
    text = "\n".join(f"{k:<20} : {v}" for k, v in pairs)
    path = tmp_path_factory.mktemp("fl") / "fl.txt"
    path.write_text(text, encoding="utf-8")
    with contextlib.suppress(AnswersInvalid, UserError):
        load_exports([str(path)])


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_dsc_like_text_never_gives_a_traceback(
    tmp_path_factory: pytest.TempPathFactory, body: str
) -> None:
    text = f'Configuration C {{ Node localhost {{ EXOInboundConnector "x" {{ {body} }} }} }}'
    path = tmp_path_factory.mktemp("dsc") / "c.ps1"
    path.write_text(text, encoding="utf-8")
    with contextlib.suppress(AnswersInvalid, UserError):
        load_exports([str(path)])


# -- what the review found (a second reader's hostile inputs) ----------------------------------------------


def test_a_dsc_file_the_grammar_cannot_read_whole_is_refused(tmp_path: Path) -> None:
    source = DSC.read_text(encoding="utf-16").replace(
        'SmartHosts                    = @("mail.contoso.com");', 'SmartHosts = @("mail.contoso.com";'
    )
    assert source != DSC.read_text(encoding="utf-16")
    path = tmp_path / "broken.ps1"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(UserError, match=r"not valid PowerShell \(line \d+"):
        load_exports([str(path)])


def test_a_dsc_list_with_a_variable_is_not_read_short(tmp_path: Path) -> None:
    source = DSC.read_text(encoding="utf-16")
    line = next(x for x in source.splitlines() if "SenderIPAddresses" in x and "203.0.113" in x)
    changed = source.replace(line, line.replace('@("', '@($ConfigurationData.NonNodeData.GatewayIP, "'))
    path = tmp_path / "variable.ps1"
    path.write_text(changed, encoding="utf-8")
    tenant = load_exports([str(path)])
    partner = next(c for c in tenant.connectors if c.name == "Fabrikam Partner Inbound")
    assert "SenderIPAddresses" in partner.unread
    assert any("SenderIPAddresses given by a variable" in n for n in tenant.notes)


def test_a_format_list_copied_without_its_indentation_is_refused(tmp_path: Path) -> None:
    text = (
        "Name              : Gateway\n"
        "ConnectorType     : Partner\n"
        "SenderDomains     : {smtp:*;1}\n"
        "SenderIPAddresses : {192.0.2.1, 192.0.2.2, 192.0.2.3,\n"
        "198.51.100.4}\n"
    )
    path = tmp_path / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersInvalid) as raised:
        load_exports([str(path)])
    messages = [p.message for p in raised.value.problems]
    assert "a list whose end is missing" in messages
    assert "neither `Name : value` nor the indented rest of a wrapped value" in messages


def test_layout_keys_in_any_case_and_connectors_of_no_direction(tmp_path: Path) -> None:
    data = {"Inbound": [inbound()], "Accepted_Domains": [{"DomainName": "contoso.com"}]}
    tenant = load_exports([write(tmp_path, "e.json", data)])
    assert len(tenant.inbound) == 1
    nameless = {"inbound": [], "extra": [{"Name": "A", "ConnectorType": "Partner"}]}
    with pytest.raises(AnswersInvalid):
        load_exports([write(tmp_path, "n.json", nameless)])
