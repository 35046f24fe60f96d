"""The Word handout (`--format docx`): opened with python-docx (and LibreOffice where installed), its styles,
its order against the HTML handout, its document control, diagram and links, and the quoting of user
values into Word's XML."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor.advice import catalogue
from advisor.advice.decide import decide
from advisor.inputs.answers_file import parse_text
from advisor.inputs.document_control import DocumentControl
from advisor.inputs.examples import example_text, examples
from advisor.model.validation import validate_answers
from advisor.outputs.engine.quoting import WORD_HIDDEN, word_text
from advisor.outputs.views.plan_documents import render_document
from advisor.outputs.views.word_handout import render_docx
from tests.conftest import answers, invoke, partner

docx = pytest.importorskip("docx")

TODAY = datetime.date(2026, 11, 27)
APPENDIX = "Appendix for the administrator"
KEY_PATHS = re.compile(
    r"\b(?:partners|devices|on_premises|filtering_service|organization)(?:\[\d+\]|\.[a-z][a-z_]*)"
)


def example_plan(name: str):  # type: ignore[no-untyped-def]
    return decide(validate_answers(parse_text(example_text(name), f"{name}.yaml")))


def opened(data: bytes):  # type: ignore[no-untyped-def]
    return docx.Document(io.BytesIO(data))


def headings(document) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]


def all_text(document) -> str:  # type: ignore[no-untyped-def]
    """The body in document order: paragraphs and table cells."""
    parts = []
    for block in document.element.body.iterchildren():
        parts.append("".join(t.text or "" for t in block.iter("{*}t")))
    return "\n".join(parts)


PARTNER_PLAN = decide(
    validate_answers(
        answers(organization={"name": "Contoso Ltd", "domains": ["contoso.com"]}, partners=[partner()])
    )
)
BASELINE = docx.Document(io.BytesIO(render_docx(PARTNER_PLAN, "docx", today=TODAY)))


@pytest.fixture(scope="module")
def combined() -> bytes:
    doc = DocumentControl(client_contact="Jane Doe", prepared_by="Ann Admin", company="Example Consulting")
    return render_docx(
        example_plan("combined"), "docx", today=TODAY, source_name="combined.yaml", document=doc
    )


def test_the_combined_example_has_word_styles_tables_diagram_and_document_control(combined: bytes) -> None:
    plan = example_plan("combined")
    document = opened(combined)
    found = headings(document)
    assert found[0] == ("Title", "Mail-flow connectors for Contoso Ltd")
    assert ("Heading 1", "Connectors") in found
    for number, c in enumerate(plan.connectors, 1):
        assert ("Heading 2", f"{number}. {c.name}") in found
    setting_tables = [
        t for t in document.tables if t.rows[0].cells[0].text == "Setting in the Exchange admin center"
    ]
    assert len(setting_tables) == len(plan.connectors) + len(plan.rules)
    assert len(document.inline_shapes) == 1  # the mail-flow diagram
    control = document.tables[0]
    rows = {r.cells[0].text: r.cells[1].text for r in control.rows}
    assert rows["Prepared for"] == "Contoso Ltd, Jane Doe"
    assert rows["Prepared by"] == "Ann Admin, Example Consulting"
    assert rows["Domains"] == ", ".join(plan.domains)
    assert document.core_properties.title == "Mail-flow connectors for Contoso Ltd"
    assert "Contoso Ltd" in document.sections[0].footer.paragraphs[0].text


def test_the_diagram_is_a_png_drawn_with_its_labels(combined: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(combined)) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(pictures) == 1
        data = archive.read(pictures[0])
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 500
    assert height > 300


def test_the_diagram_svg_carries_its_own_styles() -> None:
    from advisor.outputs.views.handout import diagram, words
    from advisor.outputs.views.word_parts import diagram_svg

    svg = diagram_svg(diagram(example_plan("combined"), words()["diagram"]), "Contoso <Ltd> & Co")
    assert "<style>" in svg
    assert "svg.diagram .box rect" in svg
    assert "Contoso &lt;Ltd&gt; &amp; Co" in svg  # autoescaped like the HTML


def test_same_sections_in_the_same_order_as_the_html_handout(combined: bytes) -> None:
    html = render_document(example_plan("combined"), "html", today=TODAY)
    html_sections = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2>(.*?)</h2>", html)]
    word_sections = [text for style, text in headings(opened(combined)) if style == "Heading 1"]
    assert word_sections == html_sections


def test_the_sources_are_working_links(combined: bytes) -> None:
    plan = example_plan("combined")
    document = opened(combined)
    links = {r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")}
    assert links == {s.url for s in plan.sources.values()}


@pytest.mark.parametrize("name", sorted(examples()))
def test_the_client_part_holds_no_internal_vocabulary(name: str) -> None:
    plan = example_plan(name)
    text = all_text(opened(render_docx(plan, "docx", today=TODAY, source_name=f"{name}.yaml")))
    client, appendix = text.split(APPENDIX, 1)
    assert not KEY_PATHS.search(client), KEY_PATHS.search(client)
    for code in catalogue.entries()["warnings"]:
        assert not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", client), code
    for w in plan.warnings:
        assert w.code in appendix
    assert f"{name}.yaml" not in client
    assert "New-InboundConnector" not in client


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_word_text_is_always_xml_and_keeps_what_xml_can_hold(text: str) -> None:
    quoted = word_text(text)
    assert not WORD_HIDDEN.search(quoted)
    document = docx.Document()
    document.add_paragraph().add_run(quoted)  # python-docx refuses what XML cannot hold
    if not WORD_HIDDEN.search(text):
        assert quoted == text


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30))
def test_a_user_value_reaches_the_document_as_text_only(name: str) -> None:
    """A contact or consultant name with markup, quotes or controls stays text: the document opens and shows
    it (controls as visible escapes, line breaks as breaks), adding no element or relationship of its own."""
    plan = PARTNER_PLAN
    control = DocumentControl(client_contact=name, prepared_by=name)
    document = opened(render_docx(plan, "docx", today=TODAY, document=control))
    shown = word_text(name).replace("\r", "\n")
    cells = {r.cells[0].text: r.cells[1].text for r in document.tables[0].rows}
    assert cells["Prepared for"] == f"Contoso Ltd, {shown}"
    assert cells["Prepared by"] == shown
    links = {r.target_ref for r in document.part.rels.values() if r.reltype.endswith("/hyperlink")}
    assert links == {s.url for s in plan.sources.values()}
    assert len(document.tables) == len(BASELINE.tables)
    assert len(document.paragraphs) == len(BASELINE.paragraphs)


def test_plan_writes_word_only_to_a_file(tmp_path: Path) -> None:
    printed = invoke(["plan", "--example", "combined", "--format", "docx"])
    assert printed.code == 2
    assert "--output FILE.docx" in printed.err
    target = tmp_path / "combined.docx"
    written = invoke(["plan", "--example", "combined", "--format", "docx", "--output", str(target)])
    assert written.code == 0, written.err
    assert zipfile.is_zipfile(target)
    again = invoke(["plan", "--example", "combined", "--format", "docx", "--output", str(target)])
    assert again.code == 2
    assert "--force" in again.err


def test_render_gives_each_client_its_own_word_handout(tmp_path: Path) -> None:
    clients = tmp_path / "clients"
    clients.mkdir()
    for name, contact in (("acme", "Ann Acme"), ("globex", "Gus Globex")):
        text = example_text("hybrid") + f"document:\n  client_contact: {contact}\n"
        (clients / f"{name}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(["render", str(clients), "--out", str(out), "--format", "docx"])
    assert result.code == 0, result.err
    for name, contact in (("acme", "Ann Acme"), ("globex", "Gus Globex")):
        control = opened((out / f"{name}.docx").read_bytes()).tables[0]
        assert contact in control.rows[0].cells[1].text


def test_a_missing_python_docx_is_refused_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    result = invoke(
        ["plan", "--example", "combined", "--format", "docx", "--output", str(tmp_path / "a.docx")]
    )
    assert result.code == 2
    assert "pip install 'connector-advisor[docx]'" in result.err
    assert not (tmp_path / "a.docx").exists()
    (tmp_path / "combined.yaml").write_text(example_text("combined"), encoding="utf-8")
    rendered = invoke(
        ["render", str(tmp_path / "combined.yaml"), "--out", str(tmp_path / "o"), "--format", "docx"]
    )
    assert rendered.code == 2
    assert "pip install 'connector-advisor[docx]'" in rendered.err


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice not installed (Debian libreoffice-writer)"
)
def test_libreoffice_opens_it_and_the_combined_example_stays_within_ten_pages(
    combined: bytes, tmp_path: Path
) -> None:
    source = tmp_path / "combined.docx"
    source.write_bytes(combined)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "combined.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 < pages <= 10, pages


def test_a_word_reference_document_in_the_templates_folder_gives_its_styles_header_and_footer(
    tmp_path: Path,
) -> None:
    from docx.shared import RGBColor

    folder = tmp_path / "house-style"
    folder.mkdir()
    reference = docx.Document(io.BytesIO(render_docx(example_plan("hybrid"), "docx", today=TODAY)))
    reference.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    section = reference.sections[0]
    section.header.paragraphs[0].text = "Example Consulting: confidential"
    section.footer.paragraphs[0].text = "Example Consulting, page footer"
    reference.add_paragraph("SAMPLE TEXT FROM THE REFERENCE")
    reference.save(str(folder / "handout.docx"))
    target = tmp_path / "acme.docx"
    result = invoke(
        ["plan", "--example", "combined", "-f", "docx", "-o", str(target), "--templates", str(folder)]
    )
    assert result.code == 0, result.err
    document = docx.Document(str(target))
    assert document.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x00)
    assert document.sections[0].header.paragraphs[0].text == "Example Consulting: confidential"
    assert document.sections[0].footer.paragraphs[0].text == "Example Consulting, page footer"
    text = all_text(document)
    assert "SAMPLE TEXT FROM THE REFERENCE" not in text
    assert text.count("Mail-flow connectors for Contoso Ltd") == 1  # the reference's own body is left out


def test_a_reference_document_that_is_not_word_or_lacks_the_styles_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "house-style"
    folder.mkdir()
    (folder / "handout.docx").write_text("not a zip", encoding="utf-8")
    args = ["plan", "--example", "combined", "-f", "docx", "-o", str(tmp_path / "a.docx"), "--templates"]
    broken = invoke([*args, str(folder)])
    assert broken.code == 2
    assert "is not a Word document" in broken.err
    bare = docx.Document()
    styles = bare.styles
    styles["Title"].delete()
    bare.save(str(folder / "handout.docx"))
    lacking = invoke([*args, str(folder)])
    assert lacking.code == 2
    assert "lacks the styles the handout uses: Title" in lacking.err
    assert not (tmp_path / "a.docx").exists()


def test_the_install_command_pastes_back_with_a_space_in_the_pythons_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import shlex
    import sys

    from advisor.outputs.views.word_parts import _extra

    monkeypatch.setattr(sys, "executable", "/home/jane doe/venv/bin/python")
    command = _extra().split(" (from a checkout")[0]
    assert shlex.split(command) == [
        "/home/jane doe/venv/bin/python",
        "-m",
        "pip",
        "install",
        "connector-advisor[docx]",
    ]
