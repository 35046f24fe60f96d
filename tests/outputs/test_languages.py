"""Handouts in the client's language (German, French): no English sentence left in the client part, every
placeholder filled, the admin center's labels as Microsoft localises them, goldens per language; PowerShell
and JSON stay English."""

from __future__ import annotations

import datetime
import html
import io
import re
from pathlib import Path

import pytest

from advisor.advice import catalogue
from advisor.advice.decide import decide, decide_in
from advisor.inputs.answers_file import load_example
from advisor.inputs.document_control import DocumentControl
from advisor.outputs.formats import FORMATS
from advisor.outputs.writing.documents import plan_text
from tests.conftest import invoke

GOLDEN = Path(__file__).parent.parent / "golden"
TODAY = datetime.date(2026, 12, 1)
LANGUAGES = ("de", "fr")
# Words that give an English sentence away (none is a German or French word, nor part of a name we print).
ENGLISH = re.compile(
    r"(?<![\w-])(the|The|and|with|your|Your|are|for|from|this|This|that|when|When|which|their|must|should|"
    r"only|into|mailbox|mailboxes|email|settings|before|after)(?![\w-])"
)
# What a handout quotes in English on purpose: the admin center's English original after its localised label,
# connector names (the script creates them so), host names and addresses.
QUOTED = re.compile(r"„[^“]*“|« [^»]* »|\"[^\"]*\"")


def handout(name: str, language: str, output_format: str) -> str | bytes:
    english = decide(load_example(name))
    return plan_text(
        english,
        output_format,
        today=TODAY,
        source_name=f"{name}.yaml",
        script_name=f"{name}.ps1",
        document=DocumentControl(language=language),
        localised=decide_in(load_example(name), language, english),
    )


def english_originals() -> list[str]:
    """The admin center's English labels, as a translated handout gives them in parentheses (whole, or the
    option after its screen's name)."""
    labels = catalogue.wording(catalogue.CATALOGUE_FILE, "en")["admin-center"]
    found = [str(v) for group in labels.values() for v in group.values()]
    found += [label.split(": ", 1)[1] for label in found if ": " in label]
    found += [label.removeprefix("... ") for label in found if label.startswith("... ")]
    return sorted(found, key=len, reverse=True)


def client_text(page: str, names: list[str]) -> str:
    """The client part of an HTML handout as text: before the appendix, without code, pictures, connector
    names, the admin center's English originals, host names and addresses."""
    client = page.split('<section id="appendix"', maxsplit=1)[0]
    client = re.sub(r"<(style|script|svg|code|pre|h3)\b.*?</\1>", " ", client, flags=re.S)
    client = html.unescape(re.sub(r"<[^>]+>", " ", client))
    for original in english_originals():  # as it is, or starting with a capital (a whole sentence)
        client = re.sub(rf"\({re.escape(original)}\)", " ", client, flags=re.IGNORECASE)
    for name in names:
        client = client.replace(name, " ")
    client = QUOTED.sub(" ", client)
    return " ".join(t for t in client.split() if "." not in t.strip(".,;:()") and "@" not in t)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["combined", "filtering-service", "processing-service", "standalone-eop"])
def test_no_english_sentence_is_left_in_the_client_part(name: str, language: str) -> None:
    page = handout(name, language, "html")
    assert isinstance(page, str)
    plan = decide(load_example(name))
    names = [c.name for c in plan.connectors] + [r.name for r in plan.rules]
    if plan.on_premises_side is not None:
        names.append(str(plan.on_premises_side.parameters.get("Name", "")))
    left = [m.group(0) for m in ENGLISH.finditer(client_text(page, [n for n in names if n]))]
    assert left == [], left
    assert not re.search(r"\{[a-z_]+\}", page), "a placeholder was left unfilled"
    assert f'<html lang="{ {"de": "de-DE", "fr": "fr-FR"}[language] }">' in page


def test_the_english_check_finds_english() -> None:
    """The check above would find English: the English handout's client part is full of it."""
    english = decide(load_example("combined"))
    page = plan_text(english, "html", today=TODAY, source_name="combined.yaml", script_name="combined.ps1")
    assert isinstance(page, str)
    assert len(ENGLISH.findall(client_text(page, [c.name for c in english.connectors]))) > 50


ADMIN_CENTER = {
    "de": ("Nachrichtenfluss", "Connectors", "E-Mail-Server Ihrer Organisation", "Partnerorganisation"),
    "fr": (
        "Flux de messagerie",
        "Connecteurs",
        "Serveur de messagerie de votre organisation",
        "Organisation partenaire",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_centers_labels_are_microsofts_localised_ones(language: str) -> None:
    page = handout("combined", language, "markdown")
    assert isinstance(page, str)
    for label in ADMIN_CENTER[language]:
        assert label in page, label
    assert "Your organization's email server" not in page.split("## Appendix")[0]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("output_format", ["markdown", "html", "testplan"])
def test_golden_per_language(language: str, output_format: str, update_golden: bool) -> None:
    text = handout("combined", language, output_format)
    assert isinstance(text, str)
    path = GOLDEN / f"combined.{language}{FORMATS[output_format].suffix}"
    if update_golden:
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} missing: run pytest --update-golden and review the diff"
    assert text == path.read_bytes().decode("utf-8"), f"{path.name} changed: if intended, run --update-golden"


def test_dates_and_statuses_in_the_language() -> None:
    german, french = handout("combined", "de", "markdown"), handout("combined", "fr", "markdown")
    assert "1. Dezember 2026" in german
    assert "(Entwurf)" in german
    assert "1er décembre 2026" in french
    assert "(Brouillon)" in french


@pytest.mark.parametrize("language", LANGUAGES)
def test_powershell_and_json_stay_english(language: str) -> None:
    args = ["plan", "--example", "combined", "--language", language]
    assert (
        invoke([*args, "-f", "powershell"]).out
        == invoke(["plan", "--example", "combined", "-f", "powershell"]).out
    )
    assert invoke([*args, "-f", "json"]).out == invoke(["plan", "--example", "combined", "-f", "json"]).out


def test_the_word_handout_is_in_the_language(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    data = handout("combined", "de", "docx")
    assert isinstance(data, bytes)
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.language == "de-DE"
    normal = document.styles["Normal"].element.rPr
    assert normal is not None
    assert 'w:val="de-DE"' in normal.xml
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Nachrichtenfluss-Connectors für Contoso Ltd" in text
    assert "Checkliste" in text


def test_the_language_comes_from_document_settings_and_the_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.inputs.examples import example_text

    answers = tmp_path / "acme.yaml"
    answers.write_text(example_text("cloud-only") + "document:\n  language: fr\n", encoding="utf-8")
    result = invoke(["plan", str(answers), "-f", "markdown"], env={"XDG_CONFIG_HOME": str(tmp_path / "none")})
    assert result.code == 0, result.err
    assert "Connecteurs de flux de messagerie" in result.out or "flux de messagerie" in result.out.lower()
    settings = tmp_path / "conf" / "connector-advisor"
    settings.mkdir(parents=True)
    (settings / "document.yaml").write_text("language: de\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "conf"))
    german = invoke(["plan", "--example", "cloud-only", "-f", "markdown"])
    assert "Nachrichtenfluss" in german.out


def test_a_language_not_offered_is_refused_with_its_place(tmp_path: Path) -> None:
    result = invoke(["plan", "--example", "cloud-only", "-f", "html", "--language", "es"])
    assert result.code == 2
    assert "es" in result.err
    from advisor.inputs.examples import example_text

    answers = tmp_path / "acme.yaml"
    answers.write_text(example_text("cloud-only") + "document:\n  language: es\n", encoding="utf-8")
    refused = invoke(["plan", str(answers), "-f", "html"])
    assert refused.code == 2
    assert "document.language" in refused.err


def word_client_text(data: bytes, appendix: str) -> str:
    """The Word handout's text in body order (paragraphs and table cells), up to its appendix heading."""
    import docx

    document = docx.Document(io.BytesIO(data))
    texts: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in block.iter() if t.tag.endswith("}t"))
            if text.strip() == appendix:
                break
            texts.append(text)
        elif tag == "tbl":
            texts += [
                "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                for cell in block.iter()
                if cell.tag.endswith("}tc")
            ]
    return "<p>" + "</p><p>".join(html.escape(t) for t in texts) + "</p>"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_sentence_is_left_in_the_word_handout(language: str) -> None:
    pytest.importorskip("docx")
    from advisor.language import speaking
    from advisor.outputs.views.plain_words import words

    data = handout("combined", language, "docx")
    assert isinstance(data, bytes)
    with speaking(language):
        appendix = str(words()["text"]["appendix"])
    plan = decide(load_example("combined"))
    names = [c.name for c in plan.connectors]
    if plan.on_premises_side is not None:
        names.append(str(plan.on_premises_side.parameters.get("Name", "")))
    text = client_text(word_client_text(data, appendix), names)
    assert len(text) > 2000  # the client part was read, not an empty page
    left = [m.group(0) for m in ENGLISH.finditer(text)]
    assert left == [], left


def test_render_writes_the_handouts_in_the_language_and_the_script_in_english(tmp_path: Path) -> None:
    from advisor.inputs.examples import example_text

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "acme.yaml").write_text(example_text("hybrid"), encoding="utf-8")
    result = invoke(["render", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--language", "fr"])
    assert result.code == 0, result.err
    handout = (tmp_path / "out" / "acme.md").read_text(encoding="utf-8")
    assert "Flux de messagerie" in handout  # the advice, decided in French
    assert "## Liste de contrôle" in handout  # the handout's own words, from handout.fr.yaml
    assert invoke(["render", str(tmp_path / "in"), "--out", str(tmp_path / "en")]).code == 0
    for script in ("acme.ps1", "acme.onprem.ps1"):
        assert (tmp_path / "out" / script).read_bytes() == (tmp_path / "en" / script).read_bytes(), script


def test_the_audit_report_and_the_portfolio_page_in_the_language(tmp_path: Path) -> None:
    exports = [
        str(Path(__file__).parents[1] / "data" / "exports" / n)
        for n in ("rest-inbound.json", "rest-outbound.json")
    ]
    report = invoke(["audit", *exports, "-f", "markdown", "--language", "de", "--fail-on", "never"])
    assert report.code == 0, report.err
    assert "# Connector-Prüfung" in report.out
    assert "ConvertTo-Json von Get-InboundConnector" in report.out
    assert "## Quellen" in report.out
    english = invoke(["audit", *exports, "-f", "json", "--language", "de", "--fail-on", "never"])
    assert '"message": "This' in english.out or "This " in english.out  # JSON stays English
    (tmp_path / "clients" / "acme").mkdir(parents=True)
    for name in exports:
        (tmp_path / "clients" / "acme" / Path(name).name).write_text(
            Path(name).read_text(encoding="utf-8"), "utf-8"
        )
    page = invoke(
        [
            "audit",
            "--portfolio",
            str(tmp_path / "clients"),
            "-f",
            "html",
            "--language",
            "fr",
            "--fail-on",
            "never",
        ]
    )
    assert page.code == 0, page.err
    assert '<html lang="fr-FR">' in page.out


def test_document_settings_take_the_language_as_the_answers_file_does(tmp_path: Path) -> None:
    from advisor.errors import AnswersInvalid
    from advisor.inputs import document_control

    settings = tmp_path / "document.yaml"
    settings.write_text("language: es\n", encoding="utf-8")
    with pytest.raises(AnswersInvalid) as caught:
        document_control.load(settings)
    (problem,) = caught.value.problems
    assert (problem.path, problem.value, problem.accepted) == ("language", "es", "one of: en, de, fr")
    settings.write_text("language: DE\n", encoding="utf-8")  # any letter case, as the answers file takes it
    assert document_control.load(settings).language == "de"
