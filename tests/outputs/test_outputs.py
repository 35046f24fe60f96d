"""Rendered outputs: golden files, escaping in HTML and Markdown, and the render/plan commands."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.decide import decide
from advisor.inputs.answers_file import parse_text
from advisor.inputs.examples import example_text, examples
from advisor.model.validation import validate_answers
from advisor.outputs.engine.templating import md
from advisor.outputs.formats import FORMATS, TEMPLATED
from advisor.outputs.views.plan_documents import render_document, render_onprem_script
from advisor.outputs.views.powershell import onprem_script_needed
from tests.conftest import answers, devices, invoke, on_prem, partner


def render_html(plan: Any, **context: Any) -> str:
    return render_document(plan, "html", **context)


def render_markdown(plan: Any, **context: Any) -> str:
    return render_document(plan, "markdown", **context)


GOLDEN = Path(__file__).parent.parent / "golden"
TODAY = datetime.date(2026, 11, 27)


@pytest.mark.parametrize("output_format", sorted(TEMPLATED))
@pytest.mark.parametrize("name", sorted(examples()))
def test_golden(name: str, output_format: str, update_golden: bool) -> None:
    from advisor.outputs.writing.documents import plan_text

    plan = decide(validate_answers(parse_text(example_text(name), name)))
    text = plan_text(plan, output_format, today=TODAY, source_name=f"{name}.yaml", script_name=f"{name}.ps1")
    path = GOLDEN / f"{name}{FORMATS[output_format].suffix}"
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest --update-golden and review the diff"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: if intended, run --update-golden"


@pytest.mark.parametrize("name", sorted(examples()))
def test_golden_onprem_script(name: str, update_golden: bool) -> None:
    plan = decide(validate_answers(parse_text(example_text(name), name)))
    path = GOLDEN / f"{name}.onprem.ps1"
    if not onprem_script_needed(plan):
        assert not path.exists(), f"{path.name} is stale: this example has no Exchange server on premises"
        return
    text = render_onprem_script(plan, today=TODAY, source_name=f"{name}.yaml", script_name=f"{name}.ps1")
    if update_golden:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} missing: run pytest --update-golden and review the diff"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: if intended, run --update-golden"


ATTACK = '<script>alert(1)</script>"><img src=x onerror=alert(2)>&amp;|*_`$x$'


def hostile_plan():
    data = answers(
        organization={"name": ATTACK[:64], "domains": ["contoso.com"]},
        on_premises=on_prem(server="non-microsoft"),
        devices=devices(method="smtp-relay"),
        partners=[
            partner(name=ATTACK[:60], restrict_by="ip-addresses", ip_addresses=["192.0.2.0/24"]),
            partner(name="<b>bold</b>", domains=["fabrikam.com"], direction="outbound"),
        ],
    )
    return decide(validate_answers(data))


def test_html_escapes_every_text_field() -> None:
    html = render_html(
        hostile_plan(), today=TODAY, source_name="<script>x</script>.yaml", script_name="<i>x</i>.ps1"
    )
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "<b>bold" not in html
    assert "<i>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_is_self_contained() -> None:
    html = render_html(decide(validate_answers(parse_text(example_text("combined"), "c"))), today=TODAY)
    lowered = html.lower().replace("url(#arrowhead)", "")  # the diagram's own arrowhead, inside the file
    for forbidden in ("<link", "<script", "<img", "<iframe", "@import", "url(", " src="):
        assert forbidden not in lowered, forbidden
    links = re.findall(r'href="([^"]+)"', html)
    assert all(h.startswith(("https://", "#source-")) for h in links)
    cited = {h[len("#source-") :] for h in links if h.startswith("#")}
    assert cited
    assert cited <= set(re.findall(r'<li id="source-(S\d+)"', html))  # every citation lands on its source
    assert "@media print" in html
    assert "break-before: page" not in html  # no forced page breaks
    assert "break-inside: avoid" in html
    assert "print-color-adjust: exact" in html  # callouts keep their colour in print
    assert "@media (max-width: 600px)" in html  # tables stack on narrow screens


def test_markdown_escapes_every_text_field() -> None:
    text = render_markdown(hostile_plan(), today=TODAY, source_name="<script>x</script>.yaml")
    fences = re.findall(r"```powershell\n(.*?)```", text, flags=re.S)
    assert fences
    assert all("\n```" not in block for block in fences)
    (mermaid,) = re.findall(r"```mermaid\n(.*?)```", text, flags=re.S)
    for line in mermaid.splitlines()[1:]:  # labels hold no quote, bracket, pipe or angle bracket of their own
        label = re.sub(r'^\s*\w+\["|"\]$|^\s*\w+ -(->|\.)\|?"?|"?\|? ?\w+$|\.-> \w+$', "", line)
        assert not re.search(r'["\[\]|<>`]', label), line
    prose = re.sub(r"```(powershell|mermaid)\n.*?```", "", text, flags=re.S)  # code blocks render literally
    assert "<script>" not in prose.replace("\\<script\\>", "")
    assert "\\<img src=x onerror=alert(2)\\>" in prose
    # every table row keeps its header's column count despite | in names
    columns = 0
    for line in prose.splitlines():
        if not line.startswith("| "):
            columns = 0
            continue
        count = len(re.findall(r"(?<!\\)\|", line))
        columns = columns or count
        assert count == columns, line


def test_md_filter() -> None:
    assert md("a|b *c* <d> $e$ [f](g) `h` ~i~ &j; !k") == (
        "a\\|b \\*c\\* \\<d\\> \\$e\\$ \\[f\\](g) \\`h\\` \\~i\\~ \\&j; \\!k"
    )
    assert md("line\nbreak") == "line break"


def test_handout_contents_in_order() -> None:
    plan = decide(validate_answers(parse_text(example_text("standalone-eop"), "s")))
    text = render_markdown(plan, today=TODAY, script_name="s.ps1")
    order = [
        "# Mail-flow connectors for Contoso",
        "2026-11-27",
        "**2 connectors are needed between Microsoft 365 and your server.**",
        "## What is needed",
        "## Mail flow after the change",
        "```mermaid",
        "## Checklist",
        "1. [ ] **Check your accepted domains**",
        "Create the connectors",
        "Validate the outbound connectors",
        "Point MX to Microsoft 365 last",
        "## Before you start",
        "## Connectors",
        "## DNS changes",
        "| MX |",
        "## Your on-premises server",
        "s.onprem.ps1",
        "## Cut-over runbook",
        "T-48 h",
        "## Test plan",
        "## Appendix for the administrator",
        "```powershell",
        "New-SendConnector",
        "# Test 1",
        "## Sources",
        "https://learn.microsoft.com/",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_eac_words_next_to_cmdlet_parameters() -> None:
    text = render_markdown(
        decide(validate_answers(parse_text(example_text("partner-tls"), "p"))), today=TODAY
    )
    assert "| Connection from | Partner organization |" in text
    assert "| Reject email messages unless they come with that certificate | Yes |" in text
    assert "issued by a trusted certificate authority (CA) |" in text
    appendix = text.split("## Appendix for the administrator", 1)[1]
    assert "-TlsSettings 'CertificateValidation'" in appendix  # the raw parameters are for the admin


def test_spf_for_relay_devices() -> None:
    text = render_markdown(decide(validate_answers(answers(devices=devices()))), today=TODAY)
    assert "v=spf1 ip4:198.51.100.25 include:spf.protection.outlook.com \\~all" in text  # ~ escaped


# -- the commands ------------------------------------------------------------------------------------


@pytest.mark.parametrize("output_format", ["powershell", "markdown", "html"])
def test_plan_renders_each_format(output_format: str) -> None:
    result = invoke(
        ["plan", "--example", "combined", "--format", output_format], env={"SOURCE_DATE_EPOCH": "1795737600"}
    )
    assert result.code == 0, result.err
    golden = (GOLDEN / f"combined{FORMATS[output_format].suffix}").read_text(encoding="utf-8")
    # same content as the golden file but for the names the command chose
    assert result.out.replace("combined.ps1", "x").replace(
        "from combined.yaml", "from combined"
    ) == golden.replace("combined.ps1", "x").replace("from combined.yaml", "from combined")


def test_render_a_folder_with_one_broken_file(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    for name in ("hybrid", "partner-tls", "cloud-only"):
        (folder / f"{name}.yaml").write_text(example_text(name), encoding="utf-8")
    (folder / "broken.yaml").write_text("version: 1\nsubscription: eop\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not an answers file", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(["render", str(folder), "--out", str(out)])
    assert result.code == 2
    assert "broken.yaml" in result.err
    assert "organization: is required" in result.err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["hybrid.onprem.ps1"]  # hybrid has an Exchange server on premises
        + [f"{n}{ext}" for n in ("hybrid", "partner-tls", "cloud-only") for ext in (".ps1", ".md", ".html")]
    )
    assert result.err.splitlines()[-1] == f"3 written to {out.as_posix()}/, 1 failed"


def test_render_format_narrowing_and_no_overwrite(tmp_path: Path) -> None:
    source = tmp_path / "acme.yaml"
    source.write_text(example_text("device-relay"), encoding="utf-8")
    out = tmp_path / "out"
    assert invoke(["render", str(source), "--out", str(out), "--format", "powershell"]).code == 0
    assert [p.name for p in out.iterdir()] == ["acme.ps1"]
    before = (out / "acme.ps1").stat().st_mtime_ns
    again = invoke(["render", str(source), "--out", str(out), "--format", "powershell"])
    assert again.code == 0  # existing outputs are skipped, not errors
    assert "use --force" in again.err
    assert (out / "acme.ps1").stat().st_mtime_ns == before
    assert invoke(["render", str(source), "--out", str(out), "-f", "powershell", "--force"]).code == 0


def test_render_skips_the_schema_the_wizard_saves_beside_answers(tmp_path: Path) -> None:
    from advisor.model.schema import schema_text
    from advisor.wizard.session import SCHEMA_FILE

    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "acme.yaml").write_text(example_text("hybrid"), encoding="utf-8")
    (folder / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    (folder / "empty-schema.json").write_text(
        '{"$schema": "connector-advisor.schema.json"}', encoding="utf-8"
    )
    result = invoke(["render", str(folder), "--out", str(tmp_path / "out")])
    assert result.code == 0, result.err
    assert f"skipped {folder / SCHEMA_FILE}: a JSON Schema, not an answers file" in result.err
    assert result.err.splitlines()[-1].endswith(
        "1 written to " + (tmp_path / "out").as_posix() + "/, 2 skipped (not answers files)"
    )


def test_re_rendering_a_big_folder_prints_a_few_lines(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    for i in range(30):
        (folder / f"client-{i:02}.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    out = tmp_path / "out"
    assert invoke(["render", str(folder), "--out", str(out), "-f", "markdown"]).code == 0
    again = invoke(["render", str(folder), "--out", str(out), "-f", "markdown"])
    assert again.code == 0
    assert again.err.splitlines() == [
        f"0 written to {out.as_posix()}/, 30 skipped (outputs exist: use --force)"
    ]


def test_render_refuses_two_inputs_with_one_output_name(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "acme.yaml").write_text(example_text("hybrid"), encoding="utf-8")
    result = invoke(["render", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "out")])
    assert result.code == 2
    assert "would also be written" in result.err


def test_render_with_nothing_to_do(tmp_path: Path) -> None:
    result = invoke(["render", str(tmp_path), "--out", str(tmp_path / "out")])
    assert result.code == 2
    assert "no answers files" in result.err


@pytest.mark.parametrize("output_format", ["markdown", "html"])
def test_the_checklist_appears_only_when_there_is_work(output_format: str) -> None:
    def handout(example: str) -> str:
        plan = decide(validate_answers(parse_text(example_text(example), example)))
        return render_document(plan, output_format, today=datetime.date(2026, 1, 1), source_name="a.yaml")

    assert "Checklist" not in handout("cloud-only")  # nothing to do: no empty "do this in order" list
    assert "Checklist" in handout("hybrid")
