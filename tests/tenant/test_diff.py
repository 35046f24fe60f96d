"""diff: a plan against a tenant, setting by setting, and the converging script."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from advisor.advice.decide import decide
from advisor.errors import UserError
from advisor.inputs.answers_file import parse_text
from advisor.inputs.exports import load_exports
from advisor.model.validation import validate_answers
from advisor.tenant.diff import compare
from tests.conftest import ROOT
from tests.outputs.test_powershell import split_rollback
from tests.powershell_grammar import commands, parse, problems
from tests.tenant.records import (
    DOMAINS,
    advisor,
    export_of_plan,
    inbound,
    outbound,
    write,
)

# -- diff ------------------------------------------------------------------------------------------------


def test_diff_of_a_plan_against_its_own_tenant_is_in_step(tmp_path: Path) -> None:
    answers = ROOT / "advisor" / "inputs" / "examples" / "combined.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "combined")))
    export = export_of_plan(plan, tmp_path)
    comparison = compare(plan, load_exports([export]))
    assert comparison.in_step
    assert (comparison.missing, comparison.extra) == ([], [])
    result = advisor("diff", str(answers), export)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "In step" in result.stdout


def test_diff_reports_exactly_the_changed_parameter(tmp_path: Path, cmdlet_parameters: dict) -> None:
    answers = ROOT / "advisor" / "inputs" / "examples" / "combined.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "combined")))
    target = next(c for c in plan.connectors if c.direction == "outbound")
    export = export_of_plan(plan, tmp_path, (target.name, "TlsSettings", "EncryptionOnly"))
    comparison = compare(plan, load_exports([export]))
    assert not comparison.in_step
    (match,) = comparison.changed
    assert [(d.parameter, d.planned, d.existing) for d in match.differences] == [
        ("TlsSettings", target.parameters["TlsSettings"], "EncryptionOnly")
    ]
    result = advisor("diff", str(answers), export, "-f", "powershell", "-o", str(tmp_path / "converge.ps1"))
    assert result.returncode == 3
    raw = (tmp_path / "converge.ps1").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    script = raw[3:].decode("utf-8").replace("\r\n", "\n")
    assert problems(parse(script)) == []
    root = parse(split_rollback(script)[0])
    changes = [c for c in commands(root) if c.name.endswith("Connector") and not c.name.startswith("Get-")]
    assert [c.name for c in changes] == ["Set-OutboundConnector"]
    assert set(changes[0].parameters) == {"Identity", "TlsSettings"}
    assert set(changes[0].parameters) <= set(cmdlet_parameters["Set-OutboundConnector"]["parameters"])
    assert "Export-Clixml" in script  # backup first


def test_every_exchange_online_script_has_one_backup_format_and_one_rollback(
    tmp_path: Path, cmdlet_parameters: dict
) -> None:
    """Issue 19 item 14: the converging script records its changes and undoes them with -Rollback, with the
    very rollback of the plan script, so the backup of either feeds the other's -Rollback."""
    from advisor.outputs.views.plan_documents import render_document
    from tests.outputs.test_powershell import check_online_rollback

    answers = ROOT / "advisor" / "inputs" / "examples" / "combined.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "combined")))
    target = next(c for c in plan.connectors if c.direction == "outbound")
    export = export_of_plan(plan, tmp_path, (target.name, "TlsSettings", "EncryptionOnly"))
    converge = advisor("diff", str(answers), export, "-f", "powershell").stdout.lstrip("\ufeff")
    converge = converge.replace("\r\n", "\n")
    plan_script = render_document(plan, "powershell", script_name="combined.ps1")
    applied, rollback = split_rollback(converge)
    assert rollback == split_rollback(plan_script)[1]
    check_online_rollback(plan.connectors, plan.rules, rollback, cmdlet_parameters)
    for marker in (
        "Format   = 'connector-advisor backup 2'",
        "Shell    = 'ExchangeOnline'",
        "Changes  = @()",
    ):
        assert marker in applied
        assert marker in plan_script
    assert "Kind = 'OutboundConnector'; Name = $name; Action = 'Updated'" in applied
    assert "[Parameter(ParameterSetName = 'Rollback', Mandatory = $true)]" in converge
    assert "Undo with:" in applied


@pytest.mark.parametrize(
    ("direction", "extra", "cleared"),
    [
        ("outbound", {"IsTransportRuleScoped": True}, {"IsTransportRuleScoped": False}),
        ("outbound", {"TestMode": True}, {"TestMode": False}),
        (
            "inbound",
            {"RestrictDomainsToIPAddresses": True, "SenderIPAddresses": ["198.51.100.7"]},
            {"RestrictDomainsToIPAddresses": False, "SenderIPAddresses": None},
        ),
    ],
)
def test_diff_sees_settings_the_plan_does_not_list(
    tmp_path: Path, direction: str, extra: dict[str, Any], cleared: dict[str, Any]
) -> None:
    """Issue 19.1: a connector with every planned value plus a restriction the plan does not use is not in
    step; the converging script clears it, as the plan script's Set-* path would."""
    answers = ROOT / "advisor" / "inputs" / "examples" / "hybrid.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "hybrid")))
    target = next(c for c in plan.connectors if c.direction == direction)
    assert not set(extra) & set(target.parameters)  # the plan does not list them
    export = export_of_plan(plan, tmp_path)
    data = json.loads(Path(export).read_text())
    record = next(r for r in data[direction] if r["Name"] == target.name)
    record.update(extra)
    Path(export).write_text(json.dumps(data))
    comparison = compare(plan, load_exports([export]))
    (match,) = comparison.changed
    assert {d.parameter: d.planned for d in match.differences} == cleared
    result = advisor("diff", str(answers), export, "-f", "powershell")
    assert result.returncode == 3
    (change,) = [
        c
        for c in commands(parse(split_rollback(result.stdout.lstrip("\ufeff").replace("\r\n", "\n"))[0]))
        if c.name.startswith("Set-") and c.name.endswith("Connector")
    ]
    assert set(change.parameters) == {"Identity", *cleared}
    text = advisor("diff", str(answers), export)
    assert text.returncode == 3
    assert "In step" not in text.stdout
    assert any("differs" in line and next(iter(cleared)) in line for line in text.stdout.splitlines())


def test_diff_never_calls_a_setting_it_did_not_read_in_step(tmp_path: Path) -> None:
    """A record without a setting the scripts write (a trimmed export) is reported, not taken as equal."""
    answers = ROOT / "advisor" / "inputs" / "examples" / "hybrid.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "hybrid")))
    export = export_of_plan(plan, tmp_path)
    data = json.loads(Path(export).read_text())
    del data["outbound"][0]["IsTransportRuleScoped"]
    Path(export).write_text(json.dumps(data))
    comparison = compare(plan, load_exports([export]))
    assert not comparison.in_step
    (match,) = comparison.changed
    assert [d.parameter for d in match.unread] == ["IsTransportRuleScoped"]
    assert not match.differences
    result = advisor("diff", str(answers), export)
    assert result.returncode == 3
    assert "the export has no IsTransportRuleScoped (not compared" in result.stdout
    both = export_of_plan(plan, tmp_path)
    assert compare(plan, load_exports([both])).in_step  # the nearest right case


def test_diff_missing_extra_and_wizard_owned(tmp_path: Path) -> None:
    answers = ROOT / "advisor" / "inputs" / "examples" / "hybrid.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "hybrid")))
    inbound_planned = next(c for c in plan.connectors if c.direction == "inbound")
    record = dict(inbound_planned.parameters)
    record.update(
        Name="Inbound from a3e87a2d", Enabled=True, ConnectorSource="HybridWizard", RequireTls=False
    )
    path = write(
        tmp_path,
        "t.json",
        {"inbound": [record], "outbound": [outbound("Old relay")], "accepted_domains": DOMAINS},
    )
    comparison = compare(plan, load_exports([path]))
    assert [c.direction for c in comparison.missing] == ["outbound"]
    (match,) = comparison.matches
    assert (match.matched_by, match.wizard_owned) == ("scope", True)
    assert [e.name for e in comparison.extra] == ["Old relay"]
    result = advisor("diff", str(answers), path, "-f", "powershell")
    script = result.stdout.lstrip("\ufeff")
    names = [c.name for c in commands(parse(split_rollback(script.replace("\r\n", "\n"))[0]))]
    assert "New-OutboundConnector" in names
    assert "Set-InboundConnector" not in names  # the wizard's connector is never changed by hand
    assert "Remove-InboundConnector" not in names
    assert "Remove-OutboundConnector" not in names
    assert "re-run the wizard" in script


def test_hostile_existing_names_cannot_change_the_converging_script(tmp_path: Path) -> None:
    answers = ROOT / "advisor" / "inputs" / "examples" / "partner-tls.yaml"
    plan = decide(validate_answers(parse_text(answers.read_text(), "partner-tls")))
    target = next(c for c in plan.connectors if c.direction == "inbound")
    hostile = "x'; Remove-InboundConnector *; '\u2019 $(Stop-Computer) #>"
    record = {**target.parameters, "Name": hostile, "Enabled": True, "RequireTls": False}
    record["SenderDomains"] = list(target.parameters["SenderDomains"])
    path = write(tmp_path, "h.json", {"inbound": [record], "outbound": [], "accepted_domains": DOMAINS})
    script = (
        advisor("diff", str(answers), path, "-f", "powershell").stdout.lstrip("\ufeff").replace("\r\n", "\n")
    )
    assert problems(parse(script)) == []
    assert "Stop-Computer" not in [c.name for c in commands(parse(script))]
    run = commands(parse(split_rollback(script)[0]))  # the run, not its -Rollback
    assert "Remove-InboundConnector" not in [c.name for c in run]
    (update,) = [c for c in run if c.name == "Set-InboundConnector"]
    assert "RequireTls" in update.parameters


# -- diff on real data -----------------------------------------------------------------------------------


PARTNER_ANSWERS = str(ROOT / "advisor" / "inputs" / "examples" / "partner-tls.yaml")


def _partner_plan() -> Any:
    return decide(validate_answers(parse_text(Path(PARTNER_ANSWERS).read_text(encoding="utf-8"), "p")))


def test_a_single_address_block_equals_the_address_and_smtp_forms_equal_the_domain() -> None:
    from advisor.tenant.diff import canonical, same

    assert same(["203.0.113.5/32", "198.51.100.0/24"], ["198.51.100.0/24", "203.0.113.5"])
    assert same(["2001:db8::1/128"], ["2001:DB8::1"])
    assert not same(["203.0.113.5/31"], ["203.0.113.5"])
    assert same(["contosobank.com"], ["smtp:ContosoBank.com;1"])
    assert same("Mail.ContosoBank.com", "mail.contosobank.com.")
    assert canonical("smtp:*;1") == "*"


def test_diff_of_an_export_from_another_organization_is_refused(tmp_path: Path) -> None:
    plan = _partner_plan()
    path = export_of_plan(plan, tmp_path)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data["accepted_domains"] = [{"DomainName": "fabrikam.net"}, {"DomainName": "fabrikam.onmicrosoft.com"}]
    Path(path).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UserError, match=r"include none of the plan's \(contoso.com\): wrong client\?"):
        compare(plan, load_exports([path]))
    result = advisor("diff", PARTNER_ANSWERS, path)
    assert result.returncode == 2
    assert "fabrikam.net" in result.stderr


def test_an_overlapping_connector_is_changed_not_doubled(tmp_path: Path) -> None:
    """The bank's mail already has a Partner connector that also serves another partner: the converging
    script neither creates a second connector for the same mail nor changes one that serves Fabrikam too
    (the bank's certificate restriction would reject Fabrikam's mail); it says so."""
    plan = _partner_plan()
    existing = inbound(
        "Partners over TLS",
        SenderDomains=["smtp:contosobank.com;1", "smtp:fabrikam.com;1"],
        TlsSenderCertificateName="mail.contosobank.com",
        RestrictDomainsToCertificate=True,
    )
    path = write(tmp_path, "e.json", {"inbound": [existing], "outbound": [], "accepted_domains": DOMAINS})
    comparison = compare(plan, load_exports([path]))
    (match,) = [m for m in comparison.matches if m.planned.direction == "inbound"]
    assert (match.existing.name, match.matched_by) == ("Partners over TLS", "overlap")
    scope = next(d for d in match.differences if d.parameter == "SenderDomains")
    assert (scope.planned, scope.existing) == (["contosobank.com"], ["contosobank.com", "fabrikam.com"])
    assert not comparison.in_step
    script = advisor("diff", PARTNER_ANSWERS, path, "-f", "powershell").stdout
    assert "New-InboundConnector" not in script
    assert "Change the settings that differ from the plan" not in script  # no Set-* outside the rollback
    assert "Write-Warning ('{0} takes some of the same mail" in script
    assert not problems(parse(script))
    text = advisor("diff", PARTNER_ANSWERS, path).stdout
    assert "takes some of the same mail" in text
    assert "split it or change it by hand" in text


def test_an_existing_connector_for_other_domains_is_no_match(tmp_path: Path) -> None:
    plan = _partner_plan()
    other = inbound("Fabrikam", SenderDomains=["smtp:fabrikam.com;1"], RestrictDomainsToCertificate=True)
    path = write(tmp_path, "e.json", {"inbound": [other], "outbound": [], "accepted_domains": DOMAINS})
    comparison = compare(plan, load_exports([path]))
    assert "From partner Contoso Bank to Office 365" in [c.name for c in comparison.missing]
    assert [e.name for e in comparison.extra] == ["Fabrikam"]
