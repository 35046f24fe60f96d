"""route: which connector Exchange Online would use for a message, by the documented rules."""

from __future__ import annotations

import json
from pathlib import Path

from advisor.inputs.exports import load_exports
from advisor.tenant.route import route_inbound, route_outbound
from tests.conftest import ROOT
from tests.tenant.records import (
    DOMAINS,
    EXPORTS,
    ONPREM,
    advisor,
    inbound,
    outbound,
    tenant_of,
    write,
)

# -- route -----------------------------------------------------------------------------------------------


def test_route_answers_the_seed_articles_multiple_connector_example() -> None:
    tenant = load_exports([str(EXPORTS / "seed-multiple-outbound.json")])
    fabrikam = route_outbound(tenant, "john@fabrikam.com")
    contoso = route_outbound(tenant, "john@contoso.com")
    sales = route_outbound(tenant, "john@sales.contoso.com")
    assert (fabrikam.outcome, fabrikam.connector) == ("connector", "Connector 1")
    assert (contoso.outcome, contoso.connector) == ("connector", "Connector 2")
    assert (sales.outcome, sales.connector) == ("ambiguous", None)
    assert sales.candidates == ["Connector 1", "Connector 3"]
    assert "Get-OutboundConnectorReport -Domain sales.contoso.com" in sales.notes[-1]
    assert sales.warnings == ["outbound-order-ambiguous"]
    assert route_outbound(tenant, "a@elsewhere.org").outcome == "mx"
    result = advisor(
        "route", str(EXPORTS / "seed-multiple-outbound.json"), "--to", "john@sales.contoso.com", "-f", "json"
    )
    assert json.loads(result.stdout)["outcome"] == "ambiguous"


def test_route_outbound_rules(tmp_path: Path) -> None:
    tenant = tenant_of(
        tmp_path,
        [],
        [
            outbound("Scoped", RecipientDomains=["contosobank.com"], IsTransportRuleScoped=True),
            outbound("Wild", RecipientDomains=["*.fabrikam.com"]),
            outbound("Everything", RecipientDomains=["*"]),
        ],
    )
    scoped = route_outbound(tenant, "a@contosobank.com")
    assert (scoped.connector, scoped.rule) == ("Everything", "3. wildcard *")
    assert any("Scoped: only when a mail flow rule routes to it" in n for n in scoped.notes)
    assert route_outbound(tenant, "a@mail.fabrikam.com").connector == "Wild"


def test_route_inbound_rules(tmp_path: Path) -> None:
    tenant = tenant_of(
        tmp_path,
        [
            inbound("Server by cert", **ONPREM, TlsSenderCertificateName="*.contoso.com"),
            inbound("Server by IP", **ONPREM, SenderIPAddresses=["203.0.113.0/28"]),
            inbound("Bank", SenderIPAddresses=["192.0.2.0/24"], RestrictDomainsToIPAddresses=True),
            inbound("Payroll", SenderDomains=["smtp:payroll.example;1"]),
        ],
        [],
    )
    cert = route_inbound(tenant, "ndr@fabrikam.net", "198.51.100.9", "mail.contoso.com")
    assert (cert.connector, cert.outcome) == (
        "Server by cert",
        "relay-allowed",
    )  # certificate domain accepted
    ip_ok = route_inbound(tenant, "user@contoso.com", "203.0.113.4", None)
    assert (ip_ok.connector, ip_ok.outcome) == ("Server by IP", "relay-allowed")
    ip_denied = route_inbound(tenant, "forwarded@gmail.com", "203.0.113.4", None)
    assert ip_denied.outcome == "relay-denied"  # ATTR36
    assert "ATTR36" in ip_denied.notes[-1]
    assert route_inbound(tenant, "a@contosobank.com", "192.0.2.7", None).outcome == "connector"
    rejected = route_inbound(tenant, "a@contosobank.com", "203.0.113.200", None)
    assert (rejected.connector, rejected.outcome) == ("Bank", "rejected")
    assert route_inbound(tenant, "a@payroll.example", "8.8.8.8", None).connector == "Payroll"
    assert route_inbound(tenant, "a@random.org", "8.8.8.8", None).outcome == "none"


def test_route_never_guesses_among_partner_connectors_that_fit_the_same_mail(tmp_path: Path) -> None:
    bank = {"SenderDomains": ["smtp:contosobank.com;1"]}
    tenant = tenant_of(
        tmp_path,
        [
            inbound("Bank A", **bank, SenderIPAddresses=["192.0.2.0/25"], RestrictDomainsToIPAddresses=True),
            inbound("Bank B", **bank, SenderIPAddresses=["192.0.2.0/24"], RestrictDomainsToIPAddresses=True),
            inbound("Shop 1", SenderDomains=["smtp:shop.example;1"]),
            inbound(
                "Shop 2", SenderDomains=["smtp:shop.example;1", "smtp:*.shop.example;1"], RequireTls=False
            ),
        ],
        [],
    )
    both = route_inbound(tenant, "a@contosobank.com", "192.0.2.7", None)
    assert (both.outcome, both.connector, both.candidates) == ("ambiguous", None, ["Bank A", "Bank B"])
    assert "documents no order" in both.notes[0]
    one = route_inbound(tenant, "a@contosobank.com", "192.0.2.200", None)
    assert (one.outcome, one.connector) == ("connector", "Bank B")
    none = route_inbound(tenant, "a@contosobank.com", "203.0.113.9", None)
    assert (none.outcome, none.connector, none.candidates) == ("rejected", None, ["Bank A", "Bank B"])
    shops = route_inbound(tenant, "a@shop.example", "8.8.8.8", None)
    assert (shops.outcome, shops.candidates) == ("ambiguous", ["Shop 1", "Shop 2"])
    assert (
        route_inbound(tenant, "a@mail.shop.example", "8.8.8.8", None).connector == "Shop 2"
    )  # only one fits


def test_route_names_every_on_premises_connector_that_fits_the_same_certificate(tmp_path: Path) -> None:
    tenant = tenant_of(
        tmp_path,
        [
            inbound("Server 1", **ONPREM, TlsSenderCertificateName="mail.contoso.com"),
            inbound("Server 2", **ONPREM, TlsSenderCertificateName="*.contoso.com"),
            inbound("By IP", **ONPREM, SenderIPAddresses=["203.0.113.0/28"]),
        ],
        [],
    )
    both = route_inbound(tenant, "a@contoso.com", "203.0.113.4", "mail.contoso.com")
    assert (both.connector, both.outcome) == (None, "relay-allowed")
    assert both.candidates == ["Server 1", "Server 2", "By IP"]
    assert "Server 1, Server 2" in both.notes[0]
    assert "not which of several matching connectors wins" in both.notes[0]
    one = route_inbound(tenant, "a@contoso.com", "203.0.113.4", "relay.contoso.com")
    assert (one.connector, one.outcome) == ("Server 2", "relay-allowed")  # the certificate decides first


def test_route_on_an_answers_file() -> None:
    path = ROOT / "advisor" / "inputs" / "examples" / "combined.yaml"
    result = advisor("route", str(path), "--to", "someone@contosobank.com", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["connector"] == "From Office 365 to partner Contoso Bank"


def test_domain_patterns_follow_s28() -> None:
    from advisor.model.domains import covers, domains_meet

    assert covers("*.contoso.com", "mail.contoso.com")
    assert covers("*.contoso.com", "*.eu.contoso.com")
    assert not covers("*.contoso.com", "contoso.com")  # a wildcard is for names under the domain
    assert not covers("contoso.com", "mail.contoso.com")
    assert covers("Contoso.com", "contoso.COM")
    assert domains_meet("mail.contoso.com", "*.contoso.com")
    assert not domains_meet("contoso.com", "fabrikam.com")


def test_route_reads_several_exports_of_one_tenant(tmp_path: Path) -> None:
    """Format-List of the connectors and a JSON of the accepted domains: one tenant, as audit reads it."""
    domains = write(tmp_path, "domains.json", [{"DomainName": "contoso.com", "DomainType": "Authoritative"}])
    out = EXPORTS / "outbound-format-list.txt"
    result = advisor("route", str(out), domains, "--to", "ann@fabrikam.com", "-f", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["connector"] == "Fabrikam Partner Outbound"
    mixed = advisor("route", str(ROOT / "advisor/inputs/examples/hybrid.yaml"), domains, "--to", "a@b.com")
    assert mixed.returncode == 2
    assert "answers file" in mixed.stderr


def test_mail_for_a_local_mailbox_from_the_gateway_is_delivered_not_relay_denied(tmp_path: Path) -> None:
    """A gateway identified by IP hands back mail from an outside sender for a user of yours: delivered.
    The same mail for an outside recipient would be relay, and is denied (S22)."""
    gateway = inbound("From gateway", **ONPREM, SenderIPAddresses=["198.51.100.20"])
    tenant = tenant_of(tmp_path, [gateway], [])
    local = route_inbound(tenant, "news@fabrikam.net", "198.51.100.20", None, recipient="ann@contoso.com")
    assert (local.outcome, local.connector) == ("delivered", "From gateway")
    outside = route_inbound(tenant, "news@fabrikam.net", "198.51.100.20", None, recipient="bob@example.org")
    assert outside.outcome == "relay-denied"
    unsaid = route_inbound(tenant, "news@fabrikam.net", "198.51.100.20", None)
    assert unsaid.outcome == "relay-denied"
    path = write(tmp_path, "e.json", {"inbound": [gateway], "outbound": [], "accepted_domains": DOMAINS})
    args = ["--from", "news@fabrikam.net", "--ip", "198.51.100.20", "--to", "ann@contoso.com"]
    text = advisor("route", path, *args).stdout
    assert "delivered" in text


def test_a_subdomain_of_an_accepted_domain_is_not_a_mailbox_of_yours(tmp_path: Path) -> None:
    gateway = inbound("From gateway", **ONPREM, SenderIPAddresses=["198.51.100.20"])
    tenant = tenant_of(tmp_path, [gateway], [])
    sub = route_inbound(
        tenant, "x@gmail.com", "198.51.100.20", None, recipient="user@nonexistent.contoso.com"
    )
    assert sub.outcome == "relay-denied"


def test_telling_an_answers_file_from_an_export_reads_no_more_than_an_answers_file_can_be(
    tmp_path: Path,
) -> None:
    """route asks of each source whether it is a JSON answers file: a large export (here 200 MB of nothing,
    a sparse file) is read no further than an answers file can be long, not whole into memory."""
    import tracemalloc

    from advisor.cli.tenant_commands import _looks_like_answers
    from advisor.inputs.answers_file import MAX_BYTES

    large = tmp_path / "export.json"
    with large.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"version": 1, "organization": {"name": "Contoso"}}), encoding="utf-8")
    tracemalloc.start()
    try:
        assert not _looks_like_answers(large)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * MAX_BYTES
    assert _looks_like_answers(answers)
