"""Generated PowerShell: parsed by a real grammar, checked against the cmdlet reference, quoting proven."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.advice.decide import decide
from advisor.inputs.answers_file import parse_text
from advisor.inputs.examples import example_text, examples
from advisor.model.convergence import CLEARED_WHEN_UNPLANNED, rule_update_parameters, update_parameters
from advisor.model.validation import validate_answers
from advisor.outputs.engine.quoting import ps_array, ps_comment, ps_quote
from advisor.outputs.views.plan_documents import render_document, render_onprem_script
from tests.conftest import answers, devices, on_prem, partner
from tests.powershell_grammar import commands, literal, parse, problems, single_quoted_value

TODAY = datetime.date(2026, 11, 27)

# Every command the templates write; nothing else may ever appear, whatever the answers say.
TEMPLATE_COMMANDS = {
    "Set-StrictMode",
    "Get-Command",
    "Get-Date",
    "Join-Path",
    "Write-Host",
    "Write-Warning",
    "Write-Verbose",
    "Out-Null",
    "Out-String",
    "Export-Clixml",
    "Import-Clixml",
    "Start-Transcript",
    "Stop-Transcript",
    "ConvertFrom-Saved",  # the script's own functions
    "Format-Change",
    "Get-EveryOutboundConnector",
    "Sort-Object",
    "Select-Object",
    "Format-List",
    "Get-AcceptedDomain",
    "ForEach-Object",
    "Where-Object",
    "Format-Table",
    "Get-InboundConnector",
    "Set-InboundConnector",
    "New-InboundConnector",
    "Remove-InboundConnector",
    "Get-OutboundConnector",
    "Set-OutboundConnector",
    "New-OutboundConnector",
    "Remove-OutboundConnector",
    "Validate-OutboundConnector",
    "Get-TransportRule",
    "New-TransportRule",
    "Set-TransportRule",
    "Get-ArcConfig",
    "Set-ArcConfig",
}
ONPREM_COMMANDS = {
    "Set-StrictMode",
    "Get-Date",
    "Join-Path",
    "Write-Host",
    "Write-Warning",
    "Out-Null",
    "Export-Clixml",
    "Import-Clixml",
    "Start-Transcript",
    "Stop-Transcript",
    "ConvertFrom-Saved",
    "Format-Change",
    "ForEach-Object",
    "Sort-Object",
    "Get-Command",
    "Get-ExchangeCertificate",
    "Get-TransportServer",
    "Get-TransportService",
    "Get-EdgeSubscription",
    "Select-Object",
    "Where-Object",
    "Format-List",
    "Get-SendConnector",
    "New-SendConnector",
    "Set-SendConnector",
    "Get-ReceiveConnector",
    "Set-ReceiveConnector",
}
ROLLBACK_START = "if ($Rollback) {"


def split_rollback(script: str) -> tuple[str, str]:
    """(what a run does, the -Rollback block): the block is `if ($Rollback) {` to its closing brace."""
    start = script.index(ROLLBACK_START)
    end = script.index("\n}\n", start) + 3
    return script[:start] + script[end:], script[start:end]


def script_for(data: dict[str, Any]) -> tuple[Any, str]:
    plan = decide(validate_answers(data))
    return plan, render_document(
        plan, "powershell", today=TODAY, source_name="answers.yaml", script_name="answers.ps1"
    )


def onprem_for(plan) -> str:
    return render_onprem_script(plan, today=TODAY, source_name="answers.yaml", script_name="answers.ps1")


def check_command(
    command, reference: dict[str, Any], piped: frozenset[str] = frozenset(), values: bool = True
) -> dict[str, Any]:
    """Only real parameters, every required one (but those `piped` in), valid values; the literal values.

    `values=False` checks the parameter names only (arguments computed at run time, as in the rollback)."""
    spec = reference[command.name]["parameters"]
    unknown = set(command.parameters) - set(spec) - {"ErrorAction", "WhatIf", "Confirm"}
    assert not unknown, f"{command.name}: not parameters of the cmdlet: {unknown}"
    missing = [p for p, s in spec.items() if s["required"] and p not in command.parameters and p not in piped]
    assert not missing, f"{command.name}: missing required {missing}"
    found = {}
    for key, node in command.parameters.items():
        if key not in spec:
            continue
        value = literal(node)
        found[key] = value
        if not values:
            continue
        if spec[key]["type"] == "Boolean":
            assert isinstance(value, bool), (command.name, key, node.text if node else None)
        allowed = spec[key].get("values")
        if allowed and spec[key]["type"] != "Boolean" and isinstance(value, str):
            assert value in allowed, (command.name, key, value, allowed)
    return found


def check_script(plan, script: str, reference: dict[str, Any]) -> None:
    root = parse(script)
    assert problems(root) == []
    found = commands(root)
    assert {c.name for c in found} <= TEMPLATE_COMMANDS, {c.name for c in found} - TEMPLATE_COMMANDS
    if not plan.connectors:  # a read-only check: nothing is created, changed or removed
        assert not [c for c in found if c.name.endswith("Connector") and not c.name.startswith("Get-")]
        return
    applied_text, rollback = split_rollback(script)
    applied = commands(parse(applied_text))
    created, created_rules = {}, {}
    for command in applied:
        if command.name in reference:
            values = check_command(command, reference, values=command.name != "Set-ArcConfig")
            if command.name == "New-TransportRule":
                created_rules[values["Name"]] = values
            elif command.name.startswith("New-"):
                created[values["Name"]] = values
    # the script creates exactly the planned connectors and rules, with exactly the planned values
    assert created == {c.name: dict(c.parameters) for c in plan.connectors}
    assert created_rules == {r.name: dict(r.parameters) for r in plan.rules}
    rule_sets = [c for c in applied if c.name == "Set-TransportRule"]
    assert len(rule_sets) == len(plan.rules)
    for command, rule in zip(rule_sets, plan.rules, strict=True):
        values = check_command(command, reference)
        del values["Identity"]
        assert values == rule_update_parameters(rule)
    arc = [c for c in applied if c.name == "Set-ArcConfig"]
    assert len(arc) == (1 if plan.arc_sealers else 0)
    assert ("Get-ArcConfig" in {c.name for c in applied}) == bool(plan.arc_sealers)
    # Set-* (in plan order, -Identity $name) brings an existing connector to the planned values, enabled,
    # with the restrictions the plan does not use cleared
    sets = [c for c in applied if c.name in ("Set-InboundConnector", "Set-OutboundConnector")]
    assert len(sets) == len(plan.connectors)
    for command, connector in zip(sets, plan.connectors, strict=True):
        assert command.name == connector.cmdlet.replace("New-", "Set-")
        values = check_command(command, reference)
        del values["Identity"]
        assert values == update_parameters(connector)
        assert values["Enabled"] is True
    check_online_rollback(plan.connectors, plan.rules, rollback, reference)
    outbound = [c for c in plan.connectors if c.direction == "outbound"]
    assert ("Validate-OutboundConnector" in {c.name for c in applied}) == bool(outbound)


def check_online_rollback(connectors: list, rules: list, rollback: str, reference: dict[str, Any]) -> None:
    """The one -Rollback of every Exchange Online script: it removes what a run created and gives back, to
    whatever a run updated, every setting any script writes (so any script's backup can be undone)."""
    undo = commands(parse(rollback))
    assert problems(parse(rollback)) == []
    for command in undo:
        if command.name in reference:
            check_command(command, reference, values=False)
    names = [c.name for c in undo]
    assert names.count("Remove-InboundConnector") == names.count("Remove-OutboundConnector") == 1
    restores = {c.name: set(c.parameters) - {"Identity"} for c in undo if c.name.endswith("Connector")}
    for connector in connectors:
        cmdlet = connector.cmdlet.replace("New-", "Set-")
        assert set(update_parameters(connector)) <= restores[cmdlet], cmdlet
    audit, restore = [c for c in undo if c.name == "Set-TransportRule"]
    assert literal(audit.parameters["Mode"]) == "Audit"  # a created rule is put in test mode
    for rule in rules:
        assert set(rule_update_parameters(rule)) <= set(restore.parameters) - {"Identity"}
    assert names.count("Set-ArcConfig") == 1
    assert "Import-Clixml -Path $BackupFile" in rollback
    assert "'connector-advisor backup 2'" in rollback


def check_onprem(plan, reference: dict[str, Any]) -> None:
    """The Exchange Management Shell script: real parameters, the planned values, lookups on the server."""
    side = plan.on_premises_side
    if side is None or not side.parameters:
        return
    whole = onprem_for(plan)
    assert problems(parse(whole)) == []
    assert {c.name for c in commands(parse(whole))} <= ONPREM_COMMANDS
    script, rollback = split_rollback(whole)
    check_onprem_rollback(plan.on_premises_side, rollback, reference)
    root = parse(script)
    assert problems(root) == []
    found = commands(root)
    (name_line,) = [line.strip() for line in script.splitlines() if line.strip().startswith("$name = ")]
    assert evaluate(name_line.split(" = ", 1)[1]) == side.parameters["Name"]
    (new,) = [c for c in found if c.name == "New-SendConnector"]
    (update, *rest) = [c for c in found if c.name == "Set-SendConnector"]
    looked_up = {
        "TlsCertificateName": side.certificate_lookup,
        "SourceTransportServers": side.transport_servers_cmdlet,
    }
    for command, extra in ((new, {}), (update, {"Enabled": True})):
        values = check_command(command, reference)
        values.pop("Identity", None)
        assert values.pop("Name", None) is None  # -Name $name
        for key, lookup in looked_up.items():
            assert (key in values) == bool(lookup), key
            if lookup:
                assert command.parameters[key].text.startswith(b"$"), key
                del values[key]
        assert values == {k: v for k, v in side.parameters.items() if k != "Name"} | extra
    assert [literal(c.parameters.get("CloudServicesMailEnabled")) for c in rest] == (
        [True] if side.cloud_services_mail else []
    )
    for c in found:
        if c.name in reference:
            check_command(c, reference)
    receive = [c for c in found if c.name == "Set-ReceiveConnector"]
    assert len(receive) == (1 if side.receive_capabilities else 0)
    if receive:  # the planned capabilities, merged at run time with what each connector has
        assert receive[0].parameters["TlsDomainCapabilities"].text == b"$tlsDomainCapabilities"
        (planned,) = [line.strip() for line in script.splitlines() if "$plannedCapabilities = " in line]
        assert planned == f"$plannedCapabilities = {ps_array(side.receive_capabilities)}"


def check_onprem_rollback(side: Any, rollback: str, reference: dict[str, Any]) -> None:
    """The on-premises -Rollback: a created send connector disabled (no Remove-SendConnector is emitted),
    an updated one given back what the script set, receive connectors their TLS settings."""
    from advisor.outputs.views.powershell import send_connector_settings

    undo = commands(parse(rollback))
    for command in undo:
        if command.name in reference:
            check_command(command, reference, values=False)
    disable, restore = [c for c in undo if c.name == "Set-SendConnector"]
    assert literal(disable.parameters["Enabled"]) is False
    assert set(restore.parameters) - {"Identity"} == set(send_connector_settings(side))
    (receive,) = [c for c in undo if c.name == "Set-ReceiveConnector"]
    assert set(receive.parameters) == {"Identity", "TlsDomainCapabilities", "TlsCertificateName"}
    assert "'ExchangeServer'" in rollback


@pytest.mark.parametrize("name", sorted(examples()))
def test_every_example_script_parses_and_uses_only_real_parameters(
    name: str, cmdlet_parameters: dict
) -> None:
    plan = decide(validate_answers(parse_text(example_text(name), name)))
    script = render_document(
        plan, "powershell", today=TODAY, source_name=f"{name}.yaml", script_name=f"{name}.ps1"
    )
    check_script(plan, script, cmdlet_parameters)
    check_onprem(plan, cmdlet_parameters)
    assert script.startswith("#Requires -Modules ExchangeOnlineManagement\n")
    assert "[CmdletBinding(" in script
    assert ".SYNOPSIS" in script
    assert ".EXAMPLE" in script
    assert "Write-Error" not in script  # errors throw, so nothing runs after them
    assert "New-SendConnector" not in script  # the on-premises side is its own script


def test_script_structure_for_the_combined_example() -> None:
    plan = decide(validate_answers(parse_text(example_text("combined"), "combined")))
    script = render_document(plan, "powershell", today=TODAY, script_name="combined.ps1")
    order = [
        "Get-Command -Name Get-InboundConnector",
        "Import-Clixml -Path $BackupFile",  # -Rollback
        "Get-AcceptedDomain",
        "Export-Clixml -Path $backupPath",  # the backup, before any change
        "Start-Transcript",
        "New-InboundConnector",
        "Validate-OutboundConnector",
        "finally {",
        "Export-Clixml -Path $backupPath",  # again, now recording what was created and updated
        "Stop-Transcript",
    ]
    positions, start = [], 0
    for marker in order:
        start = script.index(marker, start)
        positions.append(start)
    assert positions == sorted(positions)
    assert "Connect-ExchangeOnline" in script
    for parameter in ("$ValidationRecipient", "$SkipValidation", "$Rollback", "$BackupFile", "$LogFolder"):
        assert parameter in script.split("Set-StrictMode", 1)[0]
    assert "REPLACE-WITH" not in script  # nothing to edit inside the script
    assert "-ValidationRecipient 'postmaster@contoso.com', 'postmaster@contosobank.com'" in script
    assert "combined.onprem.ps1" in script  # where the on-premises side is
    # existence checks read the exported list: they cannot fail as Get-*Connector -Identity would
    assert "-Identity $name -ErrorAction SilentlyContinue" not in script
    assert "@($record.Inbound | Where-Object Name -eq $name).Count -gt 0" in script


def test_cloud_services_mail_only_offered_for_exchange_2013_and_later() -> None:
    plan, script = script_for(answers(on_premises=on_prem(server="exchange-2007-or-earlier")))
    onprem = onprem_for(plan)
    assert "CloudServicesMailEnabled" in onprem  # named in the note...
    assert "-CloudServicesMailEnabled" not in onprem  # ...but never set
    plan, script = script_for(answers(on_premises=on_prem(server="non-microsoft")))
    assert "New-SendConnector" not in script
    assert "onprem.ps1" not in script  # nothing to run on a non-Microsoft server


def test_a_plan_without_connectors_gets_a_read_only_check(cmdlet_parameters: dict) -> None:
    plan = decide(validate_answers(parse_text(example_text("cloud-only"), "cloud-only")))
    script = render_document(plan, "powershell", today=TODAY, script_name="cloud-only.ps1")
    check_script(plan, script, cmdlet_parameters)
    assert "SupportsShouldProcess" not in script
    from advisor.outputs.views.plain_words import words

    assert f"Write-Host {ps_quote(words()['nothing-to-do'])}" in script


def test_update_parameters_clear_what_the_plan_does_not_use(cmdlet_parameters: dict) -> None:
    for name in examples():
        plan = decide(validate_answers(parse_text(example_text(name), name)))
        for c in plan.connectors:
            update = update_parameters(c)
            cmdlet = "Set-InboundConnector" if c.direction == "inbound" else "Set-OutboundConnector"
            assert set(update) <= set(cmdlet_parameters[cmdlet]["parameters"]), (cmdlet, set(update))
            for key, value in c.parameters.items():
                if key != "Name":
                    assert update[key] == value  # planned values are never overridden
            assert update["Enabled"] is True
    for direction, cleared in CLEARED_WHEN_UNPLANNED.items():
        cmdlet = "Set-InboundConnector" if direction == "inbound" else "Set-OutboundConnector"
        assert set(cleared) <= set(cmdlet_parameters[cmdlet]["parameters"])


HOSTILE = [
    "O'Brien & Sons",
    "Bank \u2018quoted\u2019 \u201aname\u201b",
    "x'; Remove-Mailbox -Identity ceo; '",
    "$(Remove-Mailbox ceo)",
    "`$env:USERNAME`",
    "#> Remove-Mailbox ceo <#",
    '"; Stop-Computer; "',
    "@('a') -Confirm:$false",
    "\u2019; Remove-InboundConnector *; \u2018",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_cannot_change_the_script(name: str, cmdlet_parameters: dict) -> None:
    data = answers(
        organization={"name": name, "domains": ["contoso.com"]},
        partners=[
            partner(
                name=name,
                restrict_by="both",
                certificate_name="mail.contosobank.com",
                ip_addresses=["192.0.2.0/24"],
            )
        ],
    )
    plan, script = script_for(data)
    check_script(plan, script, cmdlet_parameters)
    check_onprem(plan, cmdlet_parameters)


NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s)
METHODS = st.sampled_from(["auto", "smtp-relay", "direct-send"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    org=NAMES,
    name=NAMES,
    restrict=st.sampled_from(["none", "certificate", "ip-addresses", "both"]),
    on_premises=st.booleans(),
    method=METHODS,
    hybrid=st.sampled_from(["not-run", "minimal"]),
)
def test_fuzzed_answers_give_valid_scripts(
    org: str, name: str, restrict: str, on_premises: bool, method: str, hybrid: str, cmdlet_parameters: dict
) -> None:
    data = answers(
        organization={"name": org, "domains": ["contoso.com"]},
        devices=devices(method=method),
        partners=[
            partner(
                name=name,
                restrict_by=restrict,
                certificate_name="*.contosobank.com",
                ip_addresses=["192.0.2.0/24"],
                outbound_tls="domain-validation",
                receiving_certificate_name="mx1.contosobank.com",
            )
        ],
    )
    if on_premises:
        data["on_premises"] = on_prem(hybrid_wizard=hybrid)
    plan, script = script_for(data)
    check_script(plan, script, cmdlet_parameters)
    check_onprem(plan, cmdlet_parameters)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=NAMES, group=st.booleans(), arc=st.booleans())
def test_a_hostile_service_name_cannot_change_the_rule_or_arc_commands(
    name: str, group: bool, arc: bool, cmdlet_parameters: dict
) -> None:
    entry: dict[str, Any] = {
        "name": name,
        "smart_hosts": ["contoso-com.smtp.excl.cloud"],
        "certificate_name": "a1b2c3d4.smtp.excl.cloud",
        "processed_header": "X-ExclaimerHostedSignatures-MessageProcessed: true",
    }
    if group:
        entry |= {"senders": "group", "sender_group": "o'brien`$x{y}@contoso.com"}
    if arc:
        entry["arc_sealer"] = "exclaimer.net"
    plan, script = script_for(answers(processing_services=[entry]))
    check_script(plan, script, cmdlet_parameters)
    assert len(plan.rules) == 1


# -- the quoting filters, directly ---------------------------------------------------------------------


def test_ps_quote_examples() -> None:
    assert ps_quote("plain") == "'plain'"
    assert ps_quote("O'Brien") == "'O''Brien'"
    assert ps_quote("\u2018a\u2019 \u201ab\u201b") == "'\u2018\u2018a\u2019\u2019 \u201a\u201ab\u201b\u201b'"
    assert ps_quote('$x `y` "z"') == "'$x `y` \"z\"'"
    assert ps_quote("") == "''"
    assert ps_quote("a\nb") == "('a' + [char]10 + 'b')"
    assert ps_array(["a", "b'c"]) == "@('a', 'b''c')"


def evaluate(expression: str) -> str:
    """What `$x = <expression>` assigns, reading the parse tree: string literals and [char]N casts."""
    root = parse("$x = " + expression)
    assert problems(root) == []
    assert commands(root) == [], "a quoted value must never run a command"
    pieces: list[str] = []

    def walk(node) -> None:
        if node.type == "string_literal":
            pieces.append(single_quoted_value(node.text.decode()))
            return
        if "integer_literal" in node.type:
            pieces.append(chr(int(node.text.decode())))
            return
        for child in node.children:
            walk(child)

    walk(root)
    return "".join(pieces)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_ps_quote_never_escapes_its_quotes(text: str) -> None:
    quoted = ps_quote(text)
    assert "\n" not in quoted
    assert "\r" not in quoted
    assert evaluate(quoted) == text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20), max_size=4))
def test_ps_array_round_trips(values: list[str]) -> None:
    # control characters become [char]N concatenations: covered by test_ps_quote_never_escapes_its_quotes
    root = parse("Write-Output -InputObject " + ps_array(values))
    assert problems(root) == []
    (command,) = commands(root)
    assert literal(command.parameters["InputObject"]) == values


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_ps_comment_stays_a_comment(text: str) -> None:
    # (the grammar wants a statement after a comment, hence the assignment)
    for source in ("# " + ps_comment(text) + "\n", "<#\n" + ps_comment(text) + "\n#>\n"):
        root = parse(source + "$null = 1\n")
        assert problems(root) == []
        assert commands(root) == []
    assert not re.search(r"[\r\n]", ps_comment(text))


@pytest.mark.parametrize("name", ["Zürcher Bänk", "Caisse d\u2019Épargne", "Bank \u201cquoted\u201d 東京"])
def test_non_ascii_names_survive_windows_powershell(name: str, tmp_path, cmdlet_parameters: dict) -> None:
    """Windows PowerShell 5.1 reads a .ps1 without a BOM as ANSI (facts 6.13): scripts are UTF-8 with BOM,
    CRLF, and the name parses back intact."""
    from advisor.outputs.writing.documents import write_plan

    data = answers(
        on_premises=on_prem(),
        partners=[partner(name=name, restrict_by="certificate", certificate_name="mail.contosobank.com")],
    )
    plan = decide(validate_answers(data))
    written = write_plan(
        plan, {"powershell": tmp_path / "acme.ps1"}, today=TODAY, source_name="a", force=False
    )
    assert [p.name for p in written] == ["acme.ps1", "acme.onprem.ps1"]
    for path in written:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert raw.count(b"\n") == raw.count(b"\r\n") > 0
    text = written[0].read_bytes()[3:].decode("utf-8").replace("\r\n", "\n")
    check_script(plan, text, cmdlet_parameters)
    created = [
        literal(c.parameters["Name"]) for c in commands(parse(text)) if c.name == "New-InboundConnector"
    ]
    assert f"From partner {name} to Office 365" in created


@pytest.mark.parametrize("name", sorted(examples()))
def test_test_plan_commands_parse_and_use_real_parameters(name: str) -> None:
    """The message-trace commands of the handouts' test plan: the grammar reads them, every parameter is
    one of the cmdlet's, and the detail cmdlet gets its required ones from the pipeline."""
    import json
    from pathlib import Path

    from advisor.outputs.views.handout import tests as trace_tests

    reference = json.loads(
        (Path(__file__).parent.parent / "data" / "message-trace-parameters.json").read_text(encoding="utf-8")
    )["cmdlets"]
    plan = decide(validate_answers(parse_text(example_text(name), name)))
    for test in trace_tests(plan):
        root = parse(test["command"])
        assert problems(root) == [], test["command"]
        found = [c for c in commands(root) if c.name in reference]
        assert [c.name for c in found] == ["Get-MessageTraceV2", "Get-MessageTraceDetailV2"]
        trace, detail = found
        assert set(trace.parameters) <= set(reference[trace.name]["parameters"])
        assert {"SenderAddress", "RecipientAddress"} & set(trace.parameters)
        check_command(detail, reference, piped=frozenset({"MessageTraceId", "RecipientAddress"}))


def test_updating_clears_the_restrictions_the_plan_does_not_use(cmdlet_parameters: dict) -> None:
    """A partner restricted by certificate: an existing connector of that name loses its stale IP
    restriction; the outbound one its smart hosts and rule scoping."""
    _, script = script_for(
        answers(
            partners=[
                partner(restrict_by="certificate", certificate_name="mail.contosobank.com", direction="both")
            ]
        )
    )
    applied = commands(parse(split_rollback(script)[0]))  # not the rollback
    (inbound,) = [c for c in applied if c.name == "Set-InboundConnector"]
    (outbound,) = [c for c in applied if c.name == "Set-OutboundConnector"]
    assert inbound.parameters["SenderIPAddresses"].text == b"$null"
    assert literal(inbound.parameters["RestrictDomainsToIPAddresses"]) is False
    assert literal(inbound.parameters["RestrictDomainsToCertificate"]) is True
    assert literal(inbound.parameters["Enabled"]) is True
    assert outbound.parameters["SmartHosts"].text == b"$null"
    assert literal(outbound.parameters["IsTransportRuleScoped"]) is False


@pytest.mark.parametrize("name", sorted(examples()))
def test_scripts_see_every_outbound_connector_and_judge_validation_by_its_output(name: str) -> None:
    """Plain Get-OutboundConnector misses test-mode and rule-scoped connectors; IsValidated is reported not
    to change when Validate-OutboundConnector runs from PowerShell (facts 7.7)."""
    _, script = script_for(parse_text(example_text(name), name))
    calls = [
        line
        for line in script.splitlines()
        if "Get-OutboundConnector" in line and not line.lstrip().startswith("#")
    ]
    assert [line.split("Get-OutboundConnector", 1)[1].rstrip(")") for line in calls] == [
        f" -IncludeTestModeConnectors ${test_mode} -IsTransportRuleScoped ${scoped}"
        for test_mode in ("false", "true")
        for scoped in ("false", "true")
    ]
    code = [line for line in script.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in code if "IsValidated" in line]


def test_centralized_mail_transport_adds_to_the_receive_connectors_tls_settings(
    cmdlet_parameters: dict,
) -> None:
    """Issue 19 item 13: the receive connector's TlsDomainCapabilities are added to, not replaced, and the
    certificate is the valid one naming the server that expires last; both are in the backup and rollback."""
    plan, _ = script_for(
        answers(
            on_premises=on_prem(centralized_mail_transport=True, send_connector_scope="all-internet-mail")
        )
    )
    check_onprem(plan, cmdlet_parameters)
    script = onprem_for(plan)
    assert "@($receive.TlsDomainCapabilities | ForEach-Object" in script  # the existing ones are kept
    assert "Select-Object -Unique" in script
    assert "Sort-Object -Property NotAfter -Descending" in script
    assert "$_.NotAfter -gt $now" in script
    (lookup,) = [
        line for line in script.splitlines() if line.startswith("$certificate = @(Get-ExchangeCertificate")
    ]
    assert "Select-Object -First 1" not in lookup  # every match, newest expiry first
    assert "('*.' + ($certificateName -split" in lookup  # a wildcard certificate covers the name too
    assert "ReceiveConnectors = @(Get-ReceiveConnector)" in script


@pytest.mark.parametrize("name", sorted(examples()))
def test_saved_connector_lists_are_flat_and_looked_up_without_indexing(name: str) -> None:
    """`return , @(...)` made @(Get-EveryOutboundConnector) a list holding the list: Where-Object Name then
    failed under StrictMode on every run. `@(...)[0]` on no match throws under StrictMode too."""
    plan = decide(validate_answers(parse_text(example_text(name), name)))
    script = render_document(plan, "powershell", today=TODAY, script_name=f"{name}.ps1")
    assert "return , @(" not in script
    assert "return @($found | Sort-Object -Property Guid -Unique)" in script
    if plan.connectors:
        assert '| Where-Object { "$($_.Name)" -eq $name } | Select-Object -First 1' in script
        assert "$name })[0]" not in script
