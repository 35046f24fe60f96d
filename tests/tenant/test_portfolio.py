"""`audit --portfolio DIR`: one row per tenant, a tenant that cannot be read is a row, not the end."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from advisor.cli.portfolio_runner import audit_portfolio
from tests.tenant.records import DOMAINS, EXPORTS, ONPREM, advisor, inbound, outbound, write


def _clients(tmp_path: Path) -> Path:
    folder = tmp_path / "clients"
    for name in ("acme", "globex", "hooli", "empty"):
        (folder / name).mkdir(parents=True)
    shutil.copy(EXPORTS / "m365dsc-export.ps1", folder / "acme")  # Microsoft365DSC, four connectors
    shutil.copy(EXPORTS / "scubagear-provider-settings.json", folder / "globex")
    bad = inbound("Old relay", **ONPREM, TlsSenderCertificateName="mail.fabrikam.net")
    gateway = inbound("From Mimecast", SenderDomains=["smtp:*;1"], RestrictDomainsToIPAddresses=True)
    gateway["SenderIPAddresses"] = ["198.51.100.0/24"]
    write(
        folder / "hooli",
        "connectors.json",
        {"inbound": [bad, gateway], "outbound": [], "accepted_domains": DOMAINS},
    )
    shutil.copy(EXPORTS / "inbound-format-list.txt", folder / "initech.txt")  # cut off by Format-List
    write(
        folder,
        "=cmd|calc.json",
        {"inbound": [inbound()], "outbound": [outbound()], "accepted_domains": DOMAINS},
    )
    (folder / ".hidden").mkdir()
    return folder


def test_one_row_per_tenant_worst_first_and_unreadable_ones_kept(tmp_path: Path) -> None:
    rows = audit_portfolio(_clients(tmp_path))
    names = [r.name for r in rows]
    assert names[:2] == ["empty", "initech"]  # could not be read: first
    assert names[2] == "hooli"  # a critical finding
    assert set(names) == {"acme", "globex", "hooli", "empty", "initech", "=cmd|calc"}
    hooli = next(r for r in rows if r.name == "hooli")
    assert (hooli.critical, hooli.connectors, hooli.filtering_service) == (1, 2, "From Mimecast")
    assert hooli.worst is not None
    assert hooli.worst.code == "onprem-certificate-not-accepted"
    acme = next(r for r in rows if r.name == "acme")
    assert (acme.connectors, acme.hybrid_wizard) == (4, 2)
    initech = next(r for r in rows if r.name == "initech")
    assert initech.error is not None
    assert "cut off after 4 values" in initech.error


def test_portfolio_formats_and_exit_codes(tmp_path: Path) -> None:
    folder = _clients(tmp_path)
    table = advisor("audit", "--portfolio", str(folder))
    assert table.returncode == 2  # a tenant could not be read
    hooli = next(line.split() for line in table.stdout.splitlines() if line.strip().startswith("hooli"))
    assert hooli[1:4] == ["1", "1", "0"]  # critical, warning, info
    assert "onprem-certificate-not-accepted" in hooli
    data = json.loads(advisor("audit", "--portfolio", str(folder), "-f", "json").stdout)
    assert {"name", "critical", "warning", "info", "connectors", "worst", "error"} <= set(data["tenants"][0])
    rows = list(csv.reader(io.StringIO(advisor("audit", "--portfolio", str(folder), "-f", "csv").stdout)))
    assert rows[0][0] == "Tenant"
    assert [r[0] for r in rows if "calc" in r[0]] == ["'=cmd|calc"]  # a spreadsheet never runs it
    page = advisor("audit", "--portfolio", str(folder), "-f", "html").stdout
    assert "<td>hooli</td>" in page
    assert "Could not be read" in page
    readable = tmp_path / "readable"
    readable.mkdir()
    shutil.copytree(folder / "acme", readable / "acme")
    assert advisor("audit", "--portfolio", str(readable)).returncode == 3  # a warning, --fail-on warning
    assert advisor("audit", "--portfolio", str(readable), "--fail-on", "critical").returncode == 0


def test_portfolio_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    folder = _clients(tmp_path)
    export = str(EXPORTS / "scubagear-ps51.json")
    for args, refusal in (
        ((export, "--portfolio", str(folder)), "give either EXPORT files or --portfolio DIR"),
        (
            ("--portfolio", str(folder), "-f", "markdown"),
            "--portfolio writes table, json, csv, html, not markdown",
        ),
        ((export, "-f", "csv"), "csv is the portfolio's format"),
        (("--portfolio", str(tmp_path / "missing")), "missing is not a folder"),
        ((), "give either EXPORT files or --portfolio DIR"),
    ):
        refused = advisor("audit", *args)
        assert refused.returncode == 2, args
        assert refusal in refused.stderr, (args, refused.stderr)


def test_a_folder_that_cannot_be_listed_and_a_link_to_nothing_are_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _clients(tmp_path)
    (folder / "gone.json").symlink_to(tmp_path / "nowhere.json")
    original = Path.iterdir

    def refusing(self: Path):  # as a folder the user may not read behaves (root reads every folder here)
        if self.name == "globex":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "iterdir", refusing)
    rows = {r.name: r for r in audit_portfolio(folder)}
    assert rows["globex"].error == "cannot list the folder: Permission denied"
    assert rows["gone"].error is not None
    assert "hooli" in rows  # the others are still audited


def test_control_characters_from_an_export_never_reach_the_csv_raw(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    (folder / "evil").mkdir(parents=True)
    name = "Relay\x1b[31mRED\x1b]0;pwned\x07"
    write(
        folder / "evil",
        "e.json",
        {"inbound": [inbound(name, RequireTls=False)], "outbound": [], "accepted_domains": DOMAINS},
    )
    out = advisor("audit", "--portfolio", str(folder), "-f", "csv").stdout
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\\x1b[31mRED" in out
