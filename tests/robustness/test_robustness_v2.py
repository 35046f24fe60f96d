"""Issue 19 (robustness v2): each problem the second hostile round found, with the nearest right case."""

from __future__ import annotations

import base64
import io
import json
import os
import re
import stat
import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.environment import Environment
from advisor.errors import AnswersInvalid, Interrupted
from advisor.inputs import document_control
from advisor.inputs.examples import example_text
from advisor.inputs.exports import load_exports
from advisor.tenant.audit import audit
from advisor.wizard.recovery import save_recovery
from tests.conftest import invoke

EXAMPLES = Path(__file__).parent.parent.parent / "advisor" / "inputs" / "examples"

# -- 3. render writes only inside --out ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["..yaml", ".yaml", ".hidden.yaml", "..json", ".YML"])
def test_render_refuses_answers_files_whose_outputs_could_not_be_named(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text(example_text("cloud-only"), encoding="utf-8")
    out = tmp_path / "o"
    before = set(tmp_path.iterdir())
    result = invoke(["render", str(source), "--out", str(out), "--force"])
    assert result.code == 2, result.err
    assert name in result.err
    assert "not rendered" in result.err
    assert set(tmp_path.iterdir()) - before == {out}  # nothing beside the output folder
    assert list(out.iterdir()) == []


def test_render_never_replaces_a_file_beside_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "..yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    beside = tmp_path / "o.html"
    beside.write_text("the client's own file", encoding="utf-8")
    result = invoke(["render", str(tmp_path / "..yaml"), "--out", str(tmp_path / "o"), "--force"])
    assert result.code == 2
    assert beside.read_text(encoding="utf-8") == "the client's own file"


def test_an_ordinary_name_is_still_rendered(tmp_path: Path) -> None:
    (tmp_path / "a.b.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    result = invoke(["render", str(tmp_path / "a.b.yaml"), "--out", str(tmp_path / "o"), "-f", "markdown"])
    assert result.code == 0, result.err
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["a.b.md"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Acme.yaml", "acme.yaml"),
        (unicodedata.normalize("NFC", "Café.yaml"), unicodedata.normalize("NFD", "Café.yaml")),
    ],
)
def test_names_that_are_one_file_on_a_case_insensitive_disk_are_reported(
    tmp_path: Path, first: str, second: str
) -> None:
    for folder, name in (("a", first), ("b", second)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / name).write_text(example_text("cloud-only"), encoding="utf-8")
    result = invoke(["render", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "o")])
    assert result.code == 2
    assert "would also be written" in result.err
    assert "differ only in case" in result.err
    assert len(list((tmp_path / "o").iterdir())) == 3  # the first one's script and handouts, once


# -- 9. a named pipe among render's inputs ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_render_refuses_a_named_pipe_before_starting(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    done: list[int] = []
    thread = threading.Thread(
        target=lambda: done.append(
            invoke(["render", str(tmp_path / "good.yaml"), str(pipe), "--out", str(tmp_path / "o")]).code
        ),
        daemon=True,
    )
    thread.start()
    thread.join(20)
    assert done == [2], "render waited on the pipe"
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []


# -- 12. what a folder render skips is named ---------------------------------------------------------------


def test_a_folder_render_names_what_it_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "acme.yaml").write_text(example_text("cloud-only"), encoding="utf-8")
    for name in ("..yaml", ".yaml", ".old.yml"):
        (folder / name).write_text(example_text("cloud-only"), encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.json")
    result = invoke(["render", str(folder), "--out", str(tmp_path / "o"), "-f", "markdown"])
    assert result.code == 0, result.err
    for name in ("..yaml", ".yaml", ".old.yml"):
        assert f"skipped {folder / name}:" in result.err
    if hasattr(os, "mkfifo"):
        assert f"skipped {folder / 'fifo.json'}: not a regular file" in result.err
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["acme.md"]
    assert "skipped (named above)" in result.err.splitlines()[-1]


# -- 2. the logo is the image it claims to be ------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def _settings(folder: Path, logo: str) -> Path:
    file = folder / "document.yaml"
    file.write_text(f"logo: {logo}\n", encoding="utf-8")
    return file


def _logo_problem(file: Path) -> str:
    with pytest.raises(AnswersInvalid) as caught:
        document_control.load(file)
    (problem,) = caught.value.problems
    assert problem.path == "logo"
    return problem.message


def test_a_real_png_beside_the_settings_is_embedded(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    control = document_control.load(_settings(tmp_path, "logo.png"))
    assert control.logo == "data:image/png;base64," + base64.b64encode(PNG).decode()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="links")
def test_a_link_out_of_the_settings_folder_is_refused_and_named(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "shadow").write_bytes(PNG + b"root:$6$secret")
    folder = tmp_path / "settings"
    folder.mkdir()
    (folder / "logo.png").symlink_to(secret / "shadow")
    why = _logo_problem(_settings(folder, "logo.png"))
    assert str(secret / "shadow") in why
    assert "outside" in why
    result = invoke(
        ["plan", "--example", "hybrid", "-f", "html", "--document", str(folder / "document.yaml")]
    )
    assert result.code == 2
    assert "document.yaml" in result.err
    assert "logo" in result.err
    assert "secret" not in result.out  # nothing of it embedded


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="links")
def test_a_link_inside_the_settings_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "brand-2026.png").write_bytes(PNG)
    (tmp_path / "logo.png").symlink_to(tmp_path / "brand-2026.png")
    assert document_control.load(_settings(tmp_path, "logo.png")).logo is not None


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.png", b"root:x:0:0:root:/root:/bin/bash\n"),
        ("logo.jpg", PNG),
        ("logo.gif", b"GIF88a"),
        ("logo.webp", b"RIFF\x00\x00\x00\x00WAVE"),
        ("logo.svg", b"<html><script>alert(1)</script></html>"),
        ("logo.svg", b"not xml at all"),
        (
            "logo.svg",
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
        ),
    ],
)
def test_content_that_is_not_the_image_its_name_says_is_refused(
    tmp_path: Path, name: str, content: bytes
) -> None:
    (tmp_path / name).write_bytes(content)
    why = _logo_problem(_settings(tmp_path, name))
    assert why


def test_a_huge_logo_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "logo.png"
    with huge.open("wb") as handle:  # sparse: 3 GB that takes no disk
        handle.write(PNG)
        handle.truncate(3 * 1024**3)
    assert "KB" in _logo_problem(_settings(tmp_path, "logo.png"))


def test_an_svg_is_embedded_without_scripts_handlers_or_outside_references(tmp_path: Path) -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' onload="alert(1)">'
        b"<script>alert(2)</script><style>@import url(https://evil.example/x.css);</style>"
        b'<a href="javascript:alert(3)"><rect width="10" height="10" fill="url(#g)" onclick="x()"/></a>'
        b'<image xlink:href="https://evil.example/track.png"/><use href="#shape"/>'
        b'<foreignObject><iframe src="https://evil.example"/></foreignObject></svg>'
    )
    (tmp_path / "logo.svg").write_bytes(svg)
    control = document_control.load(_settings(tmp_path, "logo.svg"))
    assert control.logo is not None
    cleaned = base64.b64decode(control.logo.split(",", 1)[1]).decode()
    for gone in ("script", "alert", "evil.example", "onload", "onclick", "iframe", "@import"):
        assert gone not in cleaned
    assert 'fill="url(#g)"' in cleaned  # internal references stay
    assert 'href="#shape"' in cleaned
    assert "<rect" in cleaned


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.binary(max_size=300), st.sampled_from(["logo.png", "logo.svg", "logo.gif", "logo.jpeg", "logo.webp"])
)
def test_any_bytes_as_a_logo_are_embedded_as_checked_or_refused(
    tmp_path: Path, data: bytes, name: str
) -> None:
    (tmp_path / name).write_bytes(data)
    try:
        control = document_control.load(_settings(tmp_path, name))
    except AnswersInvalid as refused:
        problems = [p.path for p in refused.problems]
        control = None
    else:
        problems = []
    if control is None:
        assert problems == ["logo"]
        return
    assert control.logo is not None
    embedded = base64.b64decode(control.logo.split(",", 1)[1])
    if name.endswith(".svg"):
        assert b"<script" not in embedded.lower()
        return
    assert embedded == data
    signatures = {".png": (PNG[:8],), ".gif": (b"GIF87a", b"GIF89a"), ".jpeg": (b"\xff\xd8\xff",)}
    if name.endswith(".webp"):
        assert (data[:4], data[8:12]) == (b"RIFF", b"WEBP")
    else:
        assert data.startswith(signatures[name[name.rindex(".") :]])  # only the image its name says


# -- 5. the recovery file is never lost ------------------------------------------------------------------


def _environment(tmp_path: Path) -> Environment:
    return Environment(
        stdin=io.StringIO(),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        variables={"XDG_STATE_HOME": str(tmp_path / "state")},
    )


def _failing_under(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import advisor.outputs.writing.files

    real = advisor.outputs.writing.files.write_atomic

    def write(path: Path, *args: object, **kwargs: object) -> None:
        if path.is_relative_to(folder):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(advisor.outputs.writing.files, "write_atomic", write)


def test_a_full_or_read_only_state_folder_falls_back_to_a_private_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _environment(tmp_path)
    (tmp_path / "state" / "connector-advisor").mkdir(parents=True)
    _failing_under(tmp_path / "state", monkeypatch)
    kept = save_recovery({"version": 1, "organization": {"name": "Contoso"}}, env)
    assert kept is not None
    assert not kept.is_relative_to(tmp_path / "state")
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
    assert "Contoso" in kept.read_text(encoding="utf-8")


def test_when_no_folder_can_be_written_the_answers_are_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    env = _environment(tmp_path)
    _failing_under(Path("/"), monkeypatch)
    monkeypatch.setattr(tempfile, "mkdtemp", lambda **_: str(tmp_path / "also-full"))
    assert save_recovery({"version": 1, "organization": {"name": "Contoso"}}, env) is None
    assert "Contoso" in env.stderr.getvalue()  # type: ignore[attr-defined]


def test_ctrl_c_with_a_full_state_folder_exits_130_with_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from advisor.wizard import session

    _failing_under(tmp_path / "state", monkeypatch)

    class Stopped:
        def inform(self, _text: str) -> None:
            pass

        def ask(self, _prompt: object) -> object:
            raise KeyboardInterrupt

    env = _environment(tmp_path)
    with pytest.raises(Interrupted) as caught:
        session.run_session(env, Stopped(), None, None, False)  # type: ignore[arg-type]
    (kept,) = re.findall(r"are in (\S+) ", caught.value.message)
    assert Path(kept).is_file()
    assert not Path(kept).is_relative_to(tmp_path / "state")
    assert caught.value.exit_code == 130


# -- 4. audit is linear ----------------------------------------------------------------------------------


def _export(folder: Path, name: str, data: object) -> str:
    path = folder / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_overlapping_outbound_connectors_give_one_finding_per_shared_domain_set(tmp_path: Path) -> None:
    outbound = [outbound_record(f"Relay {i}", ["fabrikam.com", "tailspin.com"]) for i in range(50)]
    outbound.append(outbound_record("Other", ["woodgrove.com"]))
    outbound.append(outbound_record("Other 2", ["woodgrove.com"]))
    tenant = load_exports([_export(tmp_path, "e.json", {"inbound": [], "outbound": outbound})])
    overlaps = [f for f in audit(tenant) if f.code == "outbound-overlap"]
    assert len(overlaps) == 2  # not 1,225 pairs
    first = next(f for f in overlaps if f.connector == "Relay 0")
    assert "fabrikam.com, tailspin.com" in first.message
    assert "Relay 1, Relay 2, Relay 3, Relay 4, Relay 5 and 44 more" in first.message
    other = next(f for f in overlaps if f.connector == "Other")
    assert "Other 2" in other.message


def test_a_partner_beside_a_restricting_one_is_found_through_the_index(tmp_path: Path) -> None:
    def partner(name: str, domains: list[str], restricts: bool) -> dict[str, object]:
        return {
            "Name": name,
            "Enabled": True,
            "ConnectorType": "Partner",
            "SenderDomains": [f"smtp:{d};1" for d in domains],
            "SenderIPAddresses": ["203.0.113.9"] if restricts else [],
            "RequireTls": True,
            "RestrictDomainsToIPAddresses": restricts,
            "RestrictDomainsToCertificate": False,
        }

    cases = {  # the open connector's domains -> whether a restricting one's domains meet them
        ("sales.fabrikam.com",): True,  # under *.fabrikam.com
        ("*.fabrikam.com",): True,
        ("fabrikam.com",): False,  # *.x does not cover x itself
        ("*.sales.fabrikam.com",): True,
        ("tailspin.com",): False,
    }
    for domains, meets in cases.items():
        records = [partner(f"R{i}", [f"d{i}.example"], True) for i in range(20)]
        records.append(partner("Restricting", ["*.fabrikam.com"], True))
        records.append(partner("Open", list(domains), False))
        tenant = load_exports([_export(tmp_path, "p.json", {"inbound": records, "outbound": []})])
        found = [f for f in audit(tenant) if f.code == "partner-allow-beside-restrict"]
        assert [f.message.count("Restricting") for f in found] == ([1] if meets else []), domains


def outbound_record(name: str, domains: list[str]) -> dict[str, object]:
    return {
        "Name": name,
        "Enabled": True,
        "ConnectorType": "Partner",
        "RecipientDomains": domains,
        "UseMXRecord": True,
        "TlsSettings": "DomainValidation",
        "TlsDomain": "mx.fabrikam.com",
        "IsTransportRuleScoped": False,
    }


# -- 6. numbers and dates an export cannot hold ------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("WhenChanged", "/Date(-1)/"),
        ("WhenChanged", "/Date(99999999999999999999)/"),
        ("WhenChangedUTC", "\\/Date(253402300800000)\\/"),  # 10000-01-01
        ("RequireTls", "HUGE"),
    ],
)
def test_out_of_range_values_are_problems_with_their_place(tmp_path: Path, field: str, value: str) -> None:
    record = {"Name": "Partner A", "SenderDomains": ["smtp:fabrikam.com;1"], "RequireTls": True}
    text = json.dumps({"inbound": [record], "outbound": []})
    text = text.replace('"RequireTls": true', f'"RequireTls": true, "{field}": "{value}"')
    if value == "HUGE":
        text = text.replace('"RequireTls": true, "RequireTls": "HUGE"', '"RequireTls": ' + "9" * 5000)
    path = tmp_path / "e.json"
    path.write_text(text, encoding="utf-8")
    result = invoke(["audit", str(path)])
    assert result.code == 2, result.err
    assert f"inbound[0].{field}" in result.err
    assert "Traceback" not in result.err


def test_a_date_in_range_is_read() -> None:
    from advisor.inputs.export_fields import Fields

    problems: list[tuple[str, str, object, str]] = []
    fields = Fields(lambda *problem: problems.append(problem), {"WhenChanged": "/Date(1764201600000)/"}, "x")
    assert fields.date("WhenChanged") == "2025-11-27T00:00:00Z"
    assert problems == []


# -- 7. route refuses what it cannot read -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--from", "a@fabrikam.com", "--ip", "garbage"], "--ip"),
        (["--from", "a@fabrikam.com", "--ip", "999.1.1.1"], "--ip"),
        (["--from", "a@fabrikam.com", "--ip", ""], "--ip"),
        (["--to", "not-an-address"], "--to"),
        (["--to", "a@@fabrikam.com"], "--to"),
        (["--from", "a@fabrikam.com", "--ip", "203.0.113.10", "--certificate", "*.*.x.com"], "--certificate"),
    ],
)
def test_route_refuses_input_it_cannot_read(options: list[str], named: str) -> None:
    result = invoke(["route", str(EXAMPLES / "hybrid.yaml"), *options])
    assert result.code == 2, result.out
    assert f"{named} = " in result.err
    assert "accepted:" in result.err


def test_route_strips_the_spaces_people_paste() -> None:
    """A pasted `'198.51.100.25 '` once matched no connector: "none", exit 0, a confident wrong answer."""
    relay = str(EXAMPLES / "device-relay.yaml")
    pasted = invoke(["route", relay, "--from", " scanner@contoso.com ", "--ip", "198.51.100.25 "])
    typed = invoke(["route", relay, "--from", "scanner@contoso.com", "--ip", "198.51.100.25"])
    assert (pasted.code, pasted.out) == (typed.code, typed.out)
    assert pasted.out.startswith("inbound: relay-allowed")


# -- 10. the same export twice ------------------------------------------------------------------------------


def test_the_same_export_twice_is_read_once_and_said(tmp_path: Path) -> None:
    data = {"inbound": [], "outbound": [outbound_record("One", ["fabrikam.com"])]}
    path = _export(tmp_path, "e.json", data)
    copy = _export(tmp_path, "copy.json", data)
    twice = invoke(["audit", path, path, "-f", "json"])
    assert "read once" in twice.err
    assert json.loads(twice.out)["tenant"]["outbound_connectors"] == 1
    both = invoke(["audit", path, copy, "-f", "json"])
    assert "the outbound connector One again" in both.err
    assert not [f for f in json.loads(both.out)["findings"] if f["code"] == "outbound-overlap"]
    once = invoke(["audit", path, "-f", "json"])
    assert "note:" not in once.err


# -- 11. control characters from an export -------------------------------------------------------------------


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x9b", "\x85", "\u2028"])
def test_control_characters_from_an_export_are_escaped_in_html_and_json(
    tmp_path: Path, character: str
) -> None:
    name = f"Relay{character}[31mred"
    record = {**outbound_record(name, ["fabrikam.com"]), "Enabled": False}  # a finding names it
    path = _export(tmp_path, "e.json", {"inbound": [], "outbound": [record]})
    for fmt in ("html", "json", "markdown"):
        result = invoke(["audit", path, "-f", fmt])
        assert character not in result.out, fmt
    page = invoke(["audit", path, "-f", "html"]).out
    assert repr(character)[1:-1] in page
    data = json.loads(invoke(["audit", path, "-f", "json"]).out)
    assert name in [f["connector"] for f in data["findings"]]  # the JSON still says the same name


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="links")
def test_a_logo_option_that_links_elsewhere_is_refused_as_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret").write_bytes(PNG)
    here = tmp_path / "here"
    here.mkdir()
    (here / "logo.png").symlink_to(tmp_path / "elsewhere" / "secret")
    monkeypatch.chdir(here)
    result = invoke(["plan", "--example", "hybrid", "-f", "html", "--logo", "logo.png"])
    assert result.code == 2
    assert "--logo = " in result.err
    assert str(tmp_path / "elsewhere" / "secret") in result.err
    (here / "real.png").write_bytes(PNG)
    assert invoke(["plan", "--example", "hybrid", "-f", "html", "--logo", "real.png"]).code == 0


def test_route_on_json_nested_too_deep_to_read_is_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = invoke(["route", str(path), "--to", "a@fabrikam.com"])
    assert result.code == 2
    assert "internal error" not in result.err
