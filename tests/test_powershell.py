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
from advisor.model.validation import validate_answers
from advisor.outputs.templating import ps_array, ps_comment, ps_quote, render_document
from tests.conftest import answers, devices, on_prem, partner
from tests.powershell_grammar import commands, literal, parse, problems, single_quoted_value

TODAY = datetime.date(2026, 11, 27)

# Every command the template writes; nothing else may ever appear, whatever the answers say.
TEMPLATE_COMMANDS = {
    "Set-StrictMode",
    "Get-Command",
    "Write-Error",
    "Write-Warning",
    "Write-Verbose",
    "Get-AcceptedDomain",
    "ForEach-Object",
    "Where-Object",
    "Format-List",
    "Get-InboundConnector",
    "Set-InboundConnector",
    "New-InboundConnector",
    "Get-OutboundConnector",
    "Set-OutboundConnector",
    "New-OutboundConnector",
    "Validate-OutboundConnector",
}


def script_for(data: dict[str, Any]) -> tuple[Any, str]:
    plan = decide(validate_answers(data))
    return plan, render_document(
        plan, "powershell", today=TODAY, source_name="answers.yaml", script_name="answers.ps1"
    )


def uncommented(script: str, start: str) -> str:
    """The commented-out commands of one section (Verb-Noun lines and their continuations), uncommented."""
    section = script.split(start, 1)[1].split("\n# ---", 1)[0]
    lines = [line[2:] for line in section.splitlines() if line.startswith("# ")]
    return "\n".join(line for line in lines if re.match(r"[A-Z][a-z]+-\w+ |\$\w+ = |\s+-\w", line))


def check_command(command, reference: dict[str, Any], piped: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Only real parameters, every required one (but those `piped` in), valid values; the literal values."""
    spec = reference[command.name]["parameters"]
    unknown = set(command.parameters) - set(spec) - {"ErrorAction", "WhatIf", "Confirm"}
    assert not unknown, f"{command.name}: not parameters of the cmdlet: {unknown}"
    missing = [p for p, s in spec.items() if s["required"] and p not in command.parameters and p not in piped]
    assert not missing, f"{command.name}: missing required {missing}"
    values = {}
    for key, node in command.parameters.items():
        if key not in spec:
            continue
        value = literal(node)
        if spec[key]["type"] == "Boolean":
            assert isinstance(value, bool), (command.name, key, node.text if node else None)
        allowed = spec[key].get("values")
        if allowed and spec[key]["type"] != "Boolean" and isinstance(value, str):
            assert value in allowed, (command.name, key, value, allowed)
        values[key] = value
    return values


def check_script(plan, script: str, reference: dict[str, Any]) -> None:
    root = parse(script)
    assert problems(root) == []
    found = commands(root)
    assert {c.name for c in found} <= TEMPLATE_COMMANDS, {c.name for c in found} - TEMPLATE_COMMANDS
    created = {}
    for command in found:
        if command.name in reference:
            values = check_command(command, reference)
            if command.name.startswith("New-"):
                created[values["Name"]] = values
    # the script creates exactly the planned connectors, with exactly the planned values
    assert created == {c.name: {k: v for k, v in c.parameters.items()} for c in plan.connectors}
    # Set-* updates carry the same values as New-*
    for command in found:
        if command.name.startswith("Set-") and command.name.endswith("Connector"):
            values = check_command(command, reference)
            values.pop("Identity", None)
            assert any(values == {k: v for k, v in c.items() if k != "Name"} for c in created.values())
    if plan.connectors:
        rollback = commands(parse(uncommented(script, "# --- Rollback")))
        assert {literal(c.parameters["Identity"]) for c in rollback} == set(created)
        for c in rollback:
            check_command(c, reference)
    check_server_side(plan, script, reference)


def check_server_side(plan, script: str, reference: dict[str, Any]) -> None:
    """The commented Exchange Management Shell section: real parameters, the planned values, lookups."""
    side = plan.on_premises_side
    if side is None or not side.parameters:
        return
    ems = commands(parse(uncommented(script, "# --- On-premises side")))
    assert problems(parse(uncommented(script, "# --- On-premises side"))) == []
    (new,) = [c for c in ems if c.name == "New-SendConnector"]
    values = check_command(new, reference)
    # the values only the server knows are looked up there, into variables
    looked_up = {
        "TlsCertificateName": side.certificate_lookup,
        "SourceTransportServers": side.transport_servers_cmdlet,
    }
    for key, lookup in looked_up.items():
        assert (key in values) == bool(lookup), key
        if lookup:
            assert new.parameters[key] is not None
            assert new.parameters[key].text.startswith(b"$"), key
            del values[key]
    assert values == side.parameters
    for c in ems:
        if c.name in reference:
            check_command(
                c,
                reference,
                piped=frozenset({"Identity"}) if c.name == "Set-ReceiveConnector" else frozenset(),
            )
    receive = [c for c in ems if c.name == "Set-ReceiveConnector"]
    assert len(receive) == (1 if side.receive_capabilities else 0)
    if receive:
        assert literal(receive[0].parameters["TlsDomainCapabilities"]) == side.receive_capabilities


@pytest.mark.parametrize("name", sorted(examples()))
def test_every_example_script_parses_and_uses_only_real_parameters(
    name: str, cmdlet_parameters: dict
) -> None:
    plan = decide(validate_answers(parse_text(example_text(name), name)))
    script = render_document(
        plan, "powershell", today=TODAY, source_name=f"{name}.yaml", script_name=f"{name}.ps1"
    )
    check_script(plan, script, cmdlet_parameters)
    assert script.startswith("#Requires -Modules ExchangeOnlineManagement\n")
    assert "[CmdletBinding(SupportsShouldProcess)]" in script
    assert ".SYNOPSIS" in script
    assert ".EXAMPLE" in script


def test_script_structure_for_the_combined_example() -> None:
    plan = decide(validate_answers(parse_text(example_text("combined"), "combined")))
    script = render_document(plan, "powershell", today=TODAY)
    order = [
        "Get-Command -Name Get-InboundConnector",
        "Get-AcceptedDomain",
        "New-InboundConnector",
        "Validate-OutboundConnector",
        "| Format-List",
        "# Remove-InboundConnector",
        "# New-SendConnector",
    ]
    positions = [script.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert (
        script.count("$PSCmdlet.ShouldProcess(") == 2 * len(plan.connectors) + 2
    )  # create/update + 2 validations
    assert "Connect-ExchangeOnline" in script
    assert "-CloudServicesMailEnabled $true" in script.split("# --- On-premises side")[1]


def test_cloud_services_mail_only_offered_for_exchange_2013_and_later() -> None:
    _, script = script_for(answers(on_premises=on_prem(server="exchange-2007-or-earlier")))
    assert "CloudServicesMailEnabled" in script  # named in the note...
    assert "Set-SendConnector" not in script  # ...but never set
    _, script = script_for(answers(on_premises=on_prem(server="non-microsoft")))
    assert "New-SendConnector" not in script
    assert "smart host" in script


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
