"""The handouts as a client and an admin read them: diagram, client words, runbook, test plan,
document control, print layout."""

from __future__ import annotations

import csv
import datetime
import html
import io
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.advice import catalogue
from advisor.advice.decide import decide
from advisor.errors import AnswersInvalid, UserError
from advisor.inputs import document_control
from advisor.inputs.answers_file import parse_text
from advisor.inputs.examples import example_text, examples
from advisor.model.validation import validate_answers
from advisor.outputs.engine.quoting import css_string, md, mermaid_text, spreadsheet_safe
from advisor.outputs.views import handout
from advisor.outputs.views.plan_documents import render_document
from advisor.outputs.writing.documents import write_plan
from tests.conftest import ROOT, answers, devices, on_prem, partner

TODAY = datetime.date(2026, 11, 27)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '</title><script>alert(1)</script>"]|x`<b>&amp;'


def advisor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=60,
        check=False,
    )


def example_plan(name: str) -> Any:
    return decide(validate_answers(parse_text(example_text(name), name)))


def svg_of(page: str) -> ET.Element:
    """The inline diagram, parsed as XML: it only parses if every name was escaped."""
    (svg,) = re.findall(r"<svg class=\"diagram\".*?</svg>", page, flags=re.S)
    return ET.fromstring(svg)


def mermaid_of(text: str) -> str:
    (block,) = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    return block


def decoded(label: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label)


def hostile_plan() -> Any:
    return decide(
        validate_answers(
            answers(
                organization={"name": "Contoso", "domains": ["contoso.com"]},
                on_premises=on_prem(),
                devices=devices(method="smtp-relay"),
                partners=[
                    partner(
                        name=HOSTILE[:60], restrict_by="certificate", certificate_name="mail.contosobank.com"
                    ),
                    partner(name="Zürcher Bänk", domains=["fabrikam.com"], direction="outbound"),
                ],
            )
        )
    )


# -- the diagram ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(examples()))
def test_every_planned_connector_is_in_both_diagrams(name: str) -> None:
    plan = example_plan(name)
    page = render_document(plan, "html", today=TODAY)
    text = render_document(plan, "markdown", today=TODAY)
    if not plan.connectors:
        assert "<svg" not in page
        assert "```mermaid" not in text
        return
    svg = svg_of(page)
    titles = [t.text for t in svg.iter(f"{SVG}title")]
    arrows = [g for g in svg.iter(f"{SVG}g") if "arrow" in (g.get("class") or "").split()]
    assert len(arrows) == len(plan.connectors) + 1  # and the MX flow
    for number, c in enumerate(plan.connectors, 1):
        assert f"{number}. {c.name}" in titles
    edges = re.findall(r'-->\|"(.*?)"\|', mermaid_of(text))
    assert [decoded(e) for e in edges] == [f"{n}. {c.name}" for n, c in enumerate(plan.connectors, 1)]
    assert "MX" in page.split("<svg", 1)[1]


def test_hostile_names_stay_text_in_the_svg_and_mermaid() -> None:
    plan = hostile_plan()
    page = render_document(plan, "html", today=TODAY)
    svg = svg_of(page)  # parses: nothing ended an element or an attribute
    allowed = {"svg", "title", "defs", "marker", "path", "g", "rect", "text", "circle"}
    assert {el.tag.removeprefix(SVG) for el in svg.iter()} <= allowed
    name = HOSTILE[:60].strip()
    texts = [t.text or "" for t in svg.iter(f"{SVG}title")]
    assert any(name in t for t in texts)
    for el in svg.iter():
        assert all(not k.startswith("on") for k in el.attrib)
    block = mermaid_of(render_document(plan, "markdown", today=TODAY))
    for line in block.splitlines()[1:]:
        labels = re.findall(r'"(.*?)"', line)
        assert labels or " -. MX .-> " in line, line
        for label in labels:
            assert not re.search(r"[\"\[\]|<>`&]", label)
    assert any(name in decoded(label) for label in re.findall(r'"(.*?)"', block))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_mermaid_text_keeps_only_safe_characters(text: str) -> None:
    label = mermaid_text(text)
    assert re.fullmatch(r"[\w #;]*", label)
    assert "_" not in label.replace("#95;", "")
    assert decoded(label) == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_css_string_cannot_end_the_string_rule_or_style_element(text: str) -> None:
    quoted = str(css_string(text))
    assert quoted.startswith('"')
    assert quoted.endswith('"')
    body = quoted[1:-1]
    assert re.fullmatch(r"(?:[^\W_]|\\[0-9a-f]{6})*", body), body
    assert html.escape(body, quote=True) == body  # nothing HTML would change, so autoescape is not needed
    unescaped = re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), body)
    assert unescaped == re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text) or "\\" in text


# -- client words and the admin appendix ----------------------------------------------------------------


KEY_PATHS = re.compile(
    r"\b(?:partners|devices|on_premises|filtering_service|organization)(?:\[\d+\]|\.[a-z][a-z_]*)"
)
WARNING_CODES = sorted(catalogue.entries()["warnings"])


def client_part(text: str) -> str:
    return text.split("Appendix for the administrator", 1)[0]


@pytest.mark.parametrize("name", sorted(examples()))
@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_the_client_part_holds_no_internal_vocabulary(name: str, output_format: str) -> None:
    plan = example_plan(name)
    text = render_document(plan, output_format, today=TODAY, source_name=f"{name}.yaml")
    client = client_part(text)
    assert not KEY_PATHS.search(client), KEY_PATHS.search(client)
    for code in WARNING_CODES:
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", client), code
    assert f"{name}.yaml" not in client  # "prepared from combined.yaml" is admin detail
    appendix = text.split("Appendix for the administrator", 1)[1]
    for w in plan.warnings:
        assert w.code in appendix
    for s in plan.scenarios:
        assert s.id in appendix


def test_plain_labels_for_the_client() -> None:
    text = render_document(example_plan("combined"), "markdown", today=TODAY)
    needed = text.split("## What is needed", 1)[1].split("##", 1)[0]
    assert "**Printers, scanners and applications** | Optional, planned" in needed
    assert "**Partner: Contoso Bank** | Optional, planned" in needed
    assert "**Your own mail server and Exchange Online (mailboxes in both)** | Needed" in needed
    cloud = render_document(example_plan("cloud-only"), "markdown", today=TODAY)
    assert "| Not needed |" in cloud


def test_citations_link_to_the_anchored_source_list() -> None:
    text = render_document(example_plan("hybrid"), "markdown", today=TODAY)
    cited = set(re.findall(r"\]\(#source-(s\d+)\)", text))
    anchors = set(re.findall(r'<a id="source-(s\d+)"></a>', text))
    assert cited
    assert cited <= anchors


def test_a_plan_with_nothing_to_do_is_short() -> None:
    plan = example_plan("cloud-only")
    text = render_document(plan, "markdown", today=TODAY, script_name="cloud-only.ps1")
    assert f"**{md(handout.words()['nothing-to-do'])}**" in text
    for absent in ("## Checklist", "## Connectors", "## Cut-over runbook", "## Test plan", "```mermaid"):
        assert absent not in text
    assert "lists the connectors your organization has and changes nothing" in text


def test_non_microsoft_servers_get_numbered_instructions() -> None:
    plan = decide(validate_answers(answers(on_premises=on_prem(server="non-microsoft"))))
    text = render_document(plan, "markdown", today=TODAY)
    section = text.split("## Your on-premises server", 1)[1].split("\n## ", 1)[0]
    steps = re.findall(r"^(\d+)\. ", section, flags=re.M)
    assert steps == [str(i) for i in range(1, len(plan.on_premises_side.instructions) + 1)]
    assert "Exchange Management Shell" not in section
    page = render_document(plan, "html", today=TODAY)
    assert page.count("<li>") >= len(plan.on_premises_side.instructions)


# -- runbook and test plan ----------------------------------------------------------------------------


def test_runbook_steps_follow_the_plan() -> None:
    hybrid = render_document(example_plan("hybrid"), "markdown", today=TODAY, script_name="h.ps1")
    runbook = hybrid.split("## Cut-over runbook", 1)[1].split("\n## ", 1)[0]
    for marker in ("T-48 h", "lower their TTL to 300 seconds", "h.onprem.ps1", "-Rollback", "Go or no-go"):
        assert marker in runbook
    partner_only = render_document(example_plan("partner-tls"), "markdown", today=TODAY)
    runbook = partner_only.split("## Cut-over runbook", 1)[1].split("\n## ", 1)[0]
    assert "TTL" not in runbook  # the MX records do not change
    assert "MX" not in runbook
    assert "onprem" not in runbook


def test_test_plan_has_one_test_per_connector() -> None:
    plan = example_plan("combined")
    rows = list(csv.reader(io.StringIO(handout.test_plan_csv(plan))))
    headings = list(handout.test_plan_columns().values())
    assert rows[0] == headings
    assert len(rows) == len(plan.connectors) + 1
    for row, c in zip(rows[1:], plan.connectors, strict=True):
        record = dict(zip(headings, row, strict=True))
        assert record["Expected connector"] == c.name
        assert record["Check with"].startswith("Get-MessageTraceV2 ")
        assert record["Check with"].endswith("| Get-MessageTraceDetailV2")
        assert record["Result"] == record["Signed off by"] == ""
    bank = rows[1 + next(i for i, c in enumerate(plan.connectors) if c.party == "Contoso Bank")]
    assert "contosobank.com" in bank[2]


def test_every_test_plan_column_holds_a_value_of_the_test_or_is_for_the_sign_off() -> None:
    """A column added to handout.yaml needs a value each test has (a typo would fail every test plan)."""
    known = set(handout.tests(example_plan("combined"))[0]) | set(handout.SIGN_OFF_COLUMNS)
    assert set(handout.test_plan_columns()) <= known
    assert set(handout.SIGN_OFF_COLUMNS) <= set(handout.test_plan_columns())


def test_test_plan_cells_never_become_formulas(tmp_path: Path) -> None:
    plan = decide(validate_answers(answers(partners=[partner(name="=HYPERLINK(1)", restrict_by="none")])))
    rows = list(csv.reader(io.StringIO(handout.test_plan_csv(plan))))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    # every cell passes the guard; user text never starts one today, so the guard is checked directly
    for formula in ("=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\t=1"):
        assert spreadsheet_safe(formula) == "'" + formula
    assert spreadsheet_safe("From partner =X") == "From partner =X"
    written = write_plan(plan, {"testplan": tmp_path / "t.csv"}, today=TODAY, source_name="t", force=False)
    raw = written[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets read the UTF-8 as such
    assert raw.count(b"\r\n") == len(rows)


def test_testplan_format_from_the_command_line() -> None:
    result = advisor("plan", "--example", "partner-tls", "--format", "testplan")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Test,What,From,To,")


# -- document control ------------------------------------------------------------------------------------


def test_document_settings_file_and_options(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    settings_file = tmp_path / "document.yaml"
    settings_file.write_text(
        "prepared_by: Jo O'Neil\ncompany: Acme & Co\nversion: 2\nlogo: logo.png\n", "utf-8"
    )
    control = document_control.load(settings_file, {"status": "final", "client_contact": "Ann <ann@x>"})
    assert (control.prepared_by, control.company, control.version, control.status) == (
        "Jo O'Neil",
        "Acme & Co",
        "2",
        "Final",
    )
    assert control.logo is not None
    assert control.logo.startswith("data:image/png;base64,")
    page = render_document(example_plan("hybrid"), "html", today=TODAY, document=control)
    assert "Jo O&#39;Neil, Acme &amp; Co" in page
    assert "Ann &lt;ann@x&gt;" in page
    assert '<img class="logo" src="data:image/png;base64,' in page
    footer = css_string(
        "Mail-flow connectors for Contoso · version 2 (Final), 2026-11-27 · Jo O'Neil, Acme & Co"
    )
    assert f"@bottom-left {{ content: {footer};" in page  # the print footer names the document and its author
    text = render_document(example_plan("hybrid"), "markdown", today=TODAY, document=control)
    assert "Version: 2 (Final), 2026-11-27" in text


def test_document_settings_refuse_yaml_aliases(tmp_path: Path) -> None:
    settings_file = tmp_path / "document.yaml"
    settings_file.write_text("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nprepared_by: *b\n", "utf-8")
    with pytest.raises(UserError, match="alias"):
        document_control.load(settings_file)


def test_bad_document_settings_are_listed_at_once(tmp_path: Path) -> None:
    settings_file = tmp_path / "document.yaml"
    settings_file.write_text("status: Published\nlogo: missing.png\ncolour: red\nversion: ''\n", "utf-8")
    with pytest.raises(AnswersInvalid) as caught:
        document_control.load(settings_file)
    assert sorted(p.path for p in caught.value.problems) == ["colour", "logo", "status", "version"]
    result = advisor("plan", "--example", "hybrid", "-f", "html", "--document", str(settings_file))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for key in ("status", "logo", "colour", "version"):
        assert key in result.stderr
    # a format without a handout never reads the settings
    assert (
        advisor("plan", "--example", "hybrid", "-f", "json", "--document", str(settings_file)).returncode == 0
    )


def test_the_consultants_document_file_is_found_in_the_config_folder(tmp_path: Path) -> None:
    folder = tmp_path / "connector-advisor"
    folder.mkdir()
    (folder / "document.yaml").write_text("prepared_by: Sam\n", "utf-8")
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    shown = advisor("document", env=env)
    assert shown.returncode == 0, shown.stderr
    assert str(folder / "document.yaml") in shown.stdout
    assert "prepared_by: Sam" in shown.stdout
    page = advisor("plan", "--example", "hybrid", "-f", "markdown", "--company", "Acme", env=env)
    assert "Prepared by: Sam, Acme" in page.stdout


# -- print layout (headless Chromium) --------------------------------------------------------------------

PAGE_LIMITS = {"cloud-only": 1, "hybrid": 5, "combined": 10}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (Debian package chromium)")
@pytest.mark.parametrize("name", sorted(PAGE_LIMITS))
def test_examples_print_within_their_page_limits(name: str, tmp_path: Path) -> None:
    page = tmp_path / f"{name}.html"
    page.write_text(render_document(example_plan(name), "html", today=TODAY), "utf-8")
    pdf = tmp_path / f"{name}.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert 1 <= pdf_pages(pdf.read_bytes()) <= PAGE_LIMITS[name]


# -- the handouts' wording lives in handout.yaml, once for every format ---------------------------


def _visible_template_text(name: str) -> str:
    """What a handout template writes besides its template code, markup, styles and code blocks."""
    text = (ROOT / "templates" / name).read_text(encoding="utf-8")
    for pattern in (r"<style>.*?</style>", r"\{#.*?#\}", r"\{\{.*?\}\}|\{%.*?%\}", r"<[^>]*>"):
        text = re.sub(pattern, " ", text, flags=re.S)
    return text.replace("flowchart TB", " ")  # Mermaid's own keywords


@pytest.mark.parametrize("name", ["handout.md.j2", "handout.html.j2"])
def test_handout_templates_write_no_sentence_of_their_own(name: str) -> None:
    """Two words in a row outside template code would be prose written in a template: it belongs in
    handout.yaml, where both formats (and a translation) read it."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:]+[A-Za-z][A-Za-z'’-]*)+", _visible_template_text(name))
    assert not words, words


def test_every_handout_text_entry_is_used_by_every_handout_template() -> None:
    keys = set(handout.words()["text"])
    for name in ("handout.md.j2", "handout.html.j2"):
        source = (ROOT / "templates" / name).read_text(encoding="utf-8")
        used = set(re.findall(r'text\["([\w-]+)"\]', source)) | set(re.findall(r"text\.(\w+)", source))
        assert used <= keys, (name, used - keys)
        assert keys - used <= {"diagram-title", "done"} if name.endswith("md.j2") else keys == used, (
            name,
            keys - used,
        )


def test_filled_sentences_escape_their_values_in_html_and_not_in_markdown() -> None:
    plan = example_plan("hybrid")
    hostile = "<b>x</b>&.ps1"
    page = render_document(plan, "html", today=TODAY, script_name=hostile)
    assert "<code>&lt;b&gt;x&lt;/b&gt;&amp;.ps1</code> runs in a PowerShell session" in page
    assert "<b>x</b>" not in page
    text = render_document(plan, "markdown", today=TODAY, script_name="a_b.ps1")
    assert f"{md('a_b.ps1')} runs in a PowerShell session" in text


def test_a_bad_document_option_is_named_as_the_option_given(tmp_path: Path) -> None:
    from tests.conftest import invoke

    result = invoke(["plan", "--example", "hybrid", "-f", "markdown", "--status", "Bogus"])
    assert result.code == 2
    assert "the command line has 1 problem" in result.err
    assert "--status = 'Bogus'" in result.err
    assert "document.yaml" not in result.err
