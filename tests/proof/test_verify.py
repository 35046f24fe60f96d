"""`verify`: message trace exports as the admin center and Export-Csv write them fill in the test plan."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.advice.decide import decide
from advisor.errors import AnswersInvalid, UserError
from advisor.inputs.answers_file import parse_text
from advisor.inputs.examples import example_text
from advisor.inputs.traces import read_traces
from advisor.model.validation import validate_answers
from advisor.outputs.views.handout import tests as plan_tests
from advisor.tenant.verify import verify
from tests.conftest import ROOT
from tests.tenant.records import advisor

PARTNER = str(ROOT / "advisor" / "inputs" / "examples" / "partner-tls.yaml")
PLAN = decide(validate_answers(parse_text(example_text("partner-tls"), "p")))
INBOUND = "From partner Contoso Bank to Office 365"
OUTBOUND = "From Office 365 to partner Contoso Bank"
ADMIN_HEADER = (
    '"origin_timestamp_utc","sender_address","recipient_status","message_subject","total_bytes","message_id",'
    '"network_message_id","original_client_ip","directionality","connector_id","delivery_priority"'
)


def admin_row(time: str, sender: str, recipients: str, direction: int, connector: str) -> str:
    return (
        f'"{time}","{sender}","{recipients}","Test","5120","<a@b>","5f2c","198.51.100.7","{direction}",'
        f'"{connector}","Normal"'
    )


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8-sig") -> str:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return str(path)


def results(*paths: str) -> dict[str, str]:
    found = verify(PLAN, read_traces(list(paths)), [str(t["title"]) for t in plan_tests(PLAN)])
    return {r.expected_connector: r.result for r in found}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_the_admin_center_report_passes_and_fails_tests(tmp_path: Path, encoding: str) -> None:
    report = "\r\n".join(
        [
            ADMIN_HEADER,
            admin_row(
                "2026-12-07T10:01:00Z",
                "test@contosobank.com",
                "ann@contoso.com##Receive, Deliver",
                1,
                INBOUND,
            ),
            admin_row(
                "2026-12-07T10:05:00Z",
                "ann@contoso.com",
                "test@contosobank.com##Receive, Send;bob@contosobank.com##Receive, Send",
                2,
                "",
            ),
        ]
    )
    found = results(write(tmp_path, "MTSummary_Report.csv", report, encoding))
    assert found == {INBOUND: "pass", OUTBOUND: "fail"}  # outbound left without the connector


def test_get_messagetracev2_export_csv_is_unconfirmed_without_a_connector_column(tmp_path: Path) -> None:
    ps51 = (
        "#TYPE Deserialized.Microsoft.Exchange.Management.FfoReporting.MessageTraceV2\r\n"
        '"Organization","MessageId","Received","SenderAddress","RecipientAddress","Subject","Status","ToIP",'
        '"FromIP","Size","MessageTraceId","StartDate","EndDate","Index"\r\n'
        '"contoso.onmicrosoft.com","<x@y>","12/7/2026 10:01:00 AM","test@contosobank.com","ann@contoso.com",'
        '"Test","Delivered","","198.51.100.7","5120","5f2c","12/7/2026 8:00:00 AM",'
        '"12/7/2026 11:00:00 AM","0"\r\n'
    )
    found = results(write(tmp_path, "trace.csv", ps51, "cp1252"))
    assert found == {INBOUND: "unconfirmed", OUTBOUND: "not-seen"}


def test_a_semicolon_export_from_a_german_excel_and_a_failed_message(tmp_path: Path) -> None:
    ps7 = (
        "Received;SenderAddress;RecipientAddress;Subject;Status\r\n"
        "07.12.2026 10:05:00;ann@contoso.com;test@contosobank.com;Test;Failed\r\n"
    )
    found = results(write(tmp_path, "trace.csv", ps7, "utf-8"))
    assert found == {INBOUND: "not-seen", OUTBOUND: "fail"}


def test_verify_command_json_csv_and_exit_code(tmp_path: Path) -> None:
    report = "\n".join(
        [
            ADMIN_HEADER,
            admin_row(
                "2026-12-07T10:01:00Z",
                "test@contosobank.com",
                "ann@contoso.com##Receive, Deliver",
                1,
                INBOUND,
            ),
            admin_row(
                "2026-12-07T10:05:00Z", "ann@contoso.com", "x@contosobank.com##Receive, Send", 2, OUTBOUND
            ),
        ]
    )
    path = write(tmp_path, "r.csv", report)
    result = advisor("verify", PARTNER, path, "-f", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["counts"] == {"pass": 2, "fail": 0, "unconfirmed": 0, "not-seen": 0}
    first = data["tests"][0]
    assert {"test", "expected_connector", "result", "seen_connector", "status", "time"} <= set(first)
    signed = advisor("verify", PARTNER, path, "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(signed)))
    assert rows[1][rows[0].index("Result")].startswith("pass: Delivered through " + INBOUND)
    failing = write(tmp_path, "f.csv", report.replace(f'"{OUTBOUND}"', '"Other connector"'))
    failed = advisor("verify", PARTNER, failing)
    assert failed.returncode == 3
    assert "Sent through Other connector" in " ".join(failed.stdout.split())


def test_a_file_that_is_no_trace_is_refused_with_its_columns(tmp_path: Path) -> None:
    with pytest.raises(AnswersInvalid) as raised:
        read_traces([write(tmp_path, "x.csv", "Name,Owner\r\na,b\r\n")])
    assert raised.value.problems[0].value == "name, owner"
    with pytest.raises(UserError, match="empty"):
        read_traces([write(tmp_path, "e.csv", "")])
    bad = ADMIN_HEADER + "\n" + admin_row("t", "a@b.com", "no events here", 1, "")
    with pytest.raises(AnswersInvalid, match="1 problem"):
        read_traces([write(tmp_path, "b.csv", bad)])


def test_a_trace_cell_that_looks_like_a_formula_stays_text_in_the_signed_test_plan(tmp_path: Path) -> None:
    report = "\n".join(
        [
            ADMIN_HEADER,
            admin_row("=1+1", "test@contosobank.com", "ann@contoso.com##Deliver", 1, "=HYPERLINK(1)"),
        ]
    )
    signed = advisor("verify", PARTNER, write(tmp_path, "r.csv", report), "-f", "csv").stdout
    rows = list(csv.reader(io.StringIO(signed)))
    result = rows[1][rows[0].index("Result")]
    assert result.startswith("fail: Delivered through =HYPERLINK(1)")  # shown, inside a sentence
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_is_a_trace_or_a_clear_refusal(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("t") / "t.csv"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        messages = read_traces([str(path)])
    except (AnswersInvalid, UserError):
        return
    verify(PLAN, messages, [str(t["title"]) for t in plan_tests(PLAN)])


def test_the_results_as_markdown_and_html_keep_trace_values_as_text(tmp_path: Path) -> None:
    hostile = "<script>x</script>|*"
    report = "\n".join(
        [
            ADMIN_HEADER,
            admin_row("2026-12-07T10:01:00Z", "test@contosobank.com", "ann@contoso.com##Deliver", 1, hostile),
        ]
    )
    path = write(tmp_path, "r.csv", report)
    page = advisor("verify", PARTNER, path, "-f", "html").stdout
    assert "<script>x" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert 'class="fail"' in page
    text = advisor("verify", PARTNER, path, "-f", "markdown").stdout
    assert "\\<script\\>" in text
    assert "| 1 |" in text


def test_mail_between_cloud_mailboxes_is_no_evidence_for_the_hybrid_tests(tmp_path: Path) -> None:
    """A hybrid plan's tests are about mail from the server to the internet and from the cloud to the server:
    cloud-to-cloud mail proves neither, with or without a connector column."""
    hybrid = decide(validate_answers(parse_text(example_text("hybrid"), "h")))
    titles = [str(t["title"]) for t in plan_tests(hybrid)]
    admin = "\n".join(
        [
            ADMIN_HEADER,
            admin_row("2026-12-07T10:05:00Z", "amy@contoso.com", "guy@contoso.com##Receive, Deliver", 2, ""),
        ]
    )
    powershell = (
        "Received,SenderAddress,RecipientAddress,Subject,Status\n"
        "12/7/2026,amy@contoso.com,guy@contoso.com,x,Delivered\n"
    )
    for text in (admin, powershell):
        found = verify(hybrid, read_traces([write(tmp_path, "t.csv", text)]), titles)
        assert [r.result for r in found] == ["not-seen", "not-seen"], text


def test_a_row_with_more_fields_than_the_header_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    bad = (
        ADMIN_HEADER
        + '\n"t","a@b.com",x@contoso.com##Receive, Deliver,"s","1","m","n","ip","1","","Normal"\n'
    )
    with pytest.raises(AnswersInvalid, match="1 problem"):
        read_traces([write(tmp_path, "x.csv", bad)])
