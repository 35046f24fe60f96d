"""The decision engine: a pure function from validated answers to a Plan.

No I/O, no prompts, no printing. Every scenario, connector and warning names the facts.md
source keys it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor import choices
from advisor.answers import Answers, Devices, Partner
from advisor.plan import (
    OFFICE_365,
    PARTNER_ORG,
    YOUR_SERVER,
    Connector,
    DnsRecord,
    OnPremisesSide,
    ParameterValue,
    Plan,
    PlanWarning,
    Scenario,
    Step,
    strongest,
)
from advisor.validators import is_documentation_address, looks_like_ip, networks_overlap
from advisor.warning_codes import WARNINGS

MAX_NAME = 64
COMMENT = "Planned by connector-advisor"

TLS_SETTINGS = {
    "encryption-only": "EncryptionOnly",
    "certificate-validation": "CertificateValidation",
    "domain-validation": "DomainValidation",
}


def mx_endpoint(domain: str) -> str:
    """The usual Microsoft 365 MX host for a domain (contoso.com -> contoso-com.mail.protection...)."""
    return domain.replace(".", "-") + ".mail.protection.outlook.com"


def decide(answers: Answers) -> Plan:
    """Decide which connectors `answers` need, with reasons, warnings and next steps."""
    builder = _PlanBuilder(answers)
    builder.base_scenario()
    builder.devices()
    builder.partners()
    builder.cross_checks()
    return builder.build()


@dataclass
class _PlanBuilder:
    answers: Answers
    scenarios: list[Scenario] = field(default_factory=list)
    connectors: list[Connector] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    device_method: str | None = None
    on_prem_connectors: bool = False

    # -- helpers -------------------------------------------------------------------------------

    @property
    def domains(self) -> list[str]:
        return list(self.answers.organization.domains)

    def warn(self, code: str, severity: str | None = None, **details: str) -> None:
        spec = WARNINGS[code]
        level = severity or spec.severity
        if any(w.code == code and w.message == spec.message.format(**details) for w in self.warnings):
            return
        self.warnings.append(PlanWarning(code, level, spec.message.format(**details), spec.source))

    def add_connector(
        self,
        scenario: str,
        direction: str,
        from_: str,
        to: str,
        name: str,
        parameters: dict[str, ParameterValue],
        reason: str,
        source: str,
    ) -> Connector:
        params: dict[str, ParameterValue] = {"Name": self._unique_name(name)}
        params.update(parameters)
        params["Comment"] = COMMENT
        connector = Connector(scenario, direction, from_, to, params, reason, source)
        self.connectors.append(connector)
        return connector

    def _unique_name(self, name: str) -> str:
        taken = {c.name.lower() for c in self.connectors}
        candidate = _fit(name)
        counter = 2
        while candidate.lower() in taken:
            suffix = f" ({counter})"
            candidate = _fit(name, MAX_NAME - len(suffix)) + suffix
            counter += 1
        return candidate

    # -- the base scenario: where the mailboxes are --------------------------------------------

    def base_scenario(self) -> None:
        a = self.answers
        server = a.server
        if a.subscription == "eop-standalone":
            self.scenarios.append(
                Scenario(
                    "standalone-eop",
                    "required",
                    "All mailboxes are on your own servers and Exchange Online Protection only filters their "
                    "mail, so two connectors are required: your server -> Office 365 and Office 365 -> your "
                    "server.",
                    "S1, S18",
                )
            )
            if server == "exchange-2007-or-earlier":
                self.warn("legacy-exchange", hybrid="")
            self.on_premises_connectors("standalone-eop")
            return
        if server == "none":
            self.scenarios.append(
                Scenario(
                    "cloud-only",
                    "not-needed",
                    "All mailboxes are in Exchange Online and there is no on-premises email server: Exchange "
                    "Online sends and receives internet mail without any connector.",
                    "S1, S11",
                )
            )
            return
        if server == "exchange-2010-or-later":
            hybrid = a.on_premises.hybrid_wizard if a.on_premises else "not-run"
            if hybrid == "full":
                self.scenarios.append(
                    Scenario(
                        "hybrid",
                        "managed-by-hybrid-wizard",
                        "Mailboxes are split between Exchange 2010 or later and Exchange Online, and the "
                        "Hybrid Configuration Wizard (Full topology) already created the connectors in both "
                        "directions: do not create them by hand.",
                        "S1, S17",
                    )
                )
                self.warn("hybrid-wizard-manages-connectors")
                return
            if hybrid == "minimal":
                reason = (
                    "Mailboxes are split between Exchange 2010 or later and Exchange Online. The Hybrid "
                    "Configuration Wizard ran with a Minimal or Express topology, which creates no "
                    "connectors, so both connectors are required."
                )
                self.warn("hybrid-minimal-no-connectors")
                source = "S1, S17"
            else:
                reason = (
                    "Mailboxes are split between Exchange 2010 or later and Exchange Online, so "
                    "connectors are required in both directions. Consider the Hybrid Configuration "
                    "Wizard first: it creates them for you."
                )
                self.warn("consider-hybrid-wizard")
                source = "S1, S2"
        elif server == "exchange-2007-or-earlier":
            reason = (
                "Mailboxes are split between Exchange 2007 or earlier and Exchange Online. The Hybrid "
                "Configuration Wizard needs Exchange 2010 or later, so create both connectors by hand."
            )
            self.warn(
                "legacy-exchange",
                hybrid=" In limited cases a 2007 hybrid already has connectors: check "
                "the Connectors page in the Exchange admin center first.",
            )
            source = "S1, S26"
        else:
            reason = (
                "Mailboxes are split between a non-Microsoft SMTP server and Exchange Online, so "
                "connectors are required in both directions, created by hand."
            )
            source = "S1, S2"
        self.scenarios.append(Scenario("hybrid", "required", reason, source))
        self.on_premises_connectors("hybrid")

    def on_premises_connectors(self, scenario: str) -> None:
        op = self.answers.on_premises
        assert op is not None  # guaranteed by validate_answers for these scenarios
        self.on_prem_connectors = True
        inbound: dict[str, ParameterValue] = {"ConnectorType": "OnPremises", "SenderDomains": ["*"]}
        if op.identify_by == "certificate":
            assert op.certificate_name is not None  # guaranteed by validate_answers
            name = self.connector_certificate("on_premises.certificate_name", op.certificate_name)
            inbound["RequireTls"] = True
            inbound["TlsSenderCertificateName"] = name
            how = f"by its TLS certificate ({op.certificate_name}, checked as {name})"
        else:
            inbound["SenderIPAddresses"] = list(op.ip_addresses)
            how = f"by its public IP addresses {', '.join(op.ip_addresses)}"
            self.warn(
                "ip-identification-shared",
                what="The on-premises connector",
                addresses=", ".join(op.ip_addresses),
            )
        self.add_connector(
            scenario,
            "inbound",
            YOUR_SERVER,
            OFFICE_365,
            "From on-premises email server to Office 365",
            inbound,
            f"Lets Microsoft 365 accept mail from your server, recognised {how}, and relay it to the "
            "internet and to Exchange Online mailboxes.",
            "S2, S23",
        )

        outbound: dict[str, ParameterValue] = {"ConnectorType": "OnPremises"}
        if op.centralized_mail_transport:
            outbound["RecipientDomains"] = ["*"]
            outbound["RouteAllMessagesViaOnPremises"] = True
            self.warn("centralized-mail-transport")
        else:
            outbound["RecipientDomains"] = self.domains
        outbound["UseMXRecord"] = False
        outbound["SmartHosts"] = list(op.smart_hosts)
        if op.certificate_name:
            outbound["TlsSettings"] = "DomainValidation"
            outbound["TlsDomain"] = op.certificate_name
            tls = f"TLS, checking the server's certificate is trusted and named {op.certificate_name}"
        else:
            outbound["TlsSettings"] = "CertificateValidation"
            tls = "TLS, checking the server's certificate is issued by a trusted authority"
        if scenario == "standalone-eop":
            what = "Delivers the filtered mail for your domains"
        else:
            what = "Delivers mail for your on-premises mailboxes"
        self.add_connector(
            scenario,
            "outbound",
            OFFICE_365,
            YOUR_SERVER,
            "From Office 365 to on-premises email server",
            outbound,
            f"{what} to your server ({', '.join(op.smart_hosts)}) over {tls}.",
            "S2",
        )

    # -- devices -------------------------------------------------------------------------------

    def devices(self) -> None:
        d = self.answers.devices
        if d is None or not d.present:
            return
        on_prem = self.answers.server != "none"
        method, why = self._device_method(d, on_prem)
        self.device_method = method
        verdict = "optional"
        if on_prem and d.method == "auto":
            verdict = "not-needed"
            method = "smtp-relay"
            reason = (
                "Devices relay through your on-premises email server, whose connector to Office 365 "
                "carries their mail; the device-relay connector row applies only when every mailbox "
                "is in Exchange Online."
            )
            self.warn("devices-via-on-premises")
            self.scenarios.append(Scenario("device-relay", verdict, reason, "S1, S4", method=method))
            return
        if method == "smtp-relay":
            reason = (
                "SMTP relay: an inbound connector from your organization's email server lets the "
                "devices send as any address in your domains to internal and external recipients. " + why
            )
            self.device_connector(d)
        elif method == "direct-send":
            reason = (
                "Direct send: the devices send straight to your MX endpoint with no connector and no "
                "mailbox, but only to recipients in your organisation. " + why
            )
            self.warn(
                "direct-send-internal-only",
                severity="critical" if d.external_recipients else "warning",
                external=" You said the devices must reach external recipients: they will not."
                if d.external_recipients
                else "",
            )
            self.warn("graylisting")
            self.warn("reject-direct-send")
        elif method == "smtp-auth":
            reason = (
                "SMTP AUTH client submission: the devices sign in to a licensed mailbox on "
                "smtp.office365.com port 587 with TLS; no connector is needed. " + why
            )
            if not d.supports_oauth:
                self.warn(
                    "smtp-auth-basic-retirement",
                    severity="critical",
                    advice="These devices only do Basic authentication, so plan to move them to "
                    "SMTP relay or a device that supports OAuth before then.",
                )
        else:
            reason = "No supported way to send was found for these devices. " + why
            self.warn("no-device-option", why=why)
        self.scenarios.append(Scenario("device-relay", verdict, reason, "S1, S4", method=method))

    def _device_method(self, d: Devices, on_prem: bool) -> tuple[str | None, str]:
        if d.method != "auto":
            if d.method == "smtp-relay" and d.third_party_hosted:
                self.warn("relay-third-party-hosted")
            return d.method, "You chose this method."
        relay_ready = (d.identify_by == "ip-addresses" and bool(d.ip_addresses)) or (
            d.identify_by == "certificate" and bool(d.certificate_name)
        )
        if d.supports_smtp_auth and d.supports_oauth:
            return "smtp-auth", (
                "Chosen because the devices support SMTP AUTH with OAuth, Microsoft's recommended option."
            )
        if relay_ready and not d.third_party_hosted:
            return "smtp-relay", (
                "Chosen because the devices have a static public IP address or a "
                "certificate and need no mailbox or password."
            )
        if d.supports_smtp_auth:
            return "smtp-auth", (
                "Chosen because the devices can sign in and cannot use a relay connector"
                + (
                    " (relay from third-party hosted services is not supported)."
                    if d.third_party_hosted
                    else " (no static public IP or certificate given)."
                )
            )
        if not d.external_recipients:
            return "direct-send", (
                "Chosen because the devices only mail internal recipients and can "
                "neither sign in nor be identified for relay."
            )
        if d.third_party_hosted:
            why = (
                "they need external recipients, cannot sign in with SMTP AUTH, and relay from a "
                "third-party hosted service is not supported."
            )
        else:
            why = (
                "they need external recipients, cannot sign in with SMTP AUTH, and no static public IP "
                "address or certificate was given for SMTP relay."
            )
        return None, why

    def device_connector(self, d: Devices) -> None:
        op = self.answers.on_premises
        if self.on_prem_connectors and op is not None:
            same_cert = (
                d.identify_by == "certificate"
                and d.certificate_name
                and (op.identify_by == "certificate" and d.certificate_name == op.certificate_name)
            )
            same_ips = (
                d.identify_by == "ip-addresses"
                and op.identify_by == "ip-addresses"
                and all(
                    any(networks_overlap(ip, other) for other in op.ip_addresses) for ip in d.ip_addresses
                )
            )
            if same_cert or same_ips:
                self.warn(
                    "device-connector-covered",
                    what=f"certificate {d.certificate_name}" if same_cert else "the same IP addresses",
                )
                return
        params: dict[str, ParameterValue] = {"ConnectorType": "OnPremises", "SenderDomains": ["*"]}
        if d.identify_by == "certificate":
            assert d.certificate_name is not None  # guaranteed by validate_answers
            name = self.connector_certificate("devices.certificate_name", d.certificate_name)
            params["RequireTls"] = True
            params["TlsSenderCertificateName"] = name
            how = f"by their TLS certificate ({d.certificate_name}, checked as {name})"
        else:
            params["SenderIPAddresses"] = list(d.ip_addresses)
            how = f"by their static public IP addresses {', '.join(d.ip_addresses)}"
            self.warn(
                "ip-identification-shared",
                what="The SMTP relay connector",
                addresses=", ".join(d.ip_addresses),
            )
        self.add_connector(
            "device-relay",
            "inbound",
            YOUR_SERVER,
            OFFICE_365,
            "From devices and applications to Office 365",
            params,
            f"Lets printers, scanners and applications relay through Microsoft 365, recognised {how}. "
            "Only one connector, for incoming mail, is needed.",
            "S1, S4",
        )
        self.warn("relay-sender-domain", domains=", ".join(self.domains))

    # -- partners ------------------------------------------------------------------------------

    def partners(self) -> None:
        for partner in self.answers.partners:
            self.partner(partner)

    def partner(self, p: Partner) -> None:
        parts = []
        if p.direction in ("both", "outbound"):
            parts.append("mail to them" + (" uses TLS" if p.require_tls else ""))
        if p.direction in ("both", "inbound"):
            parts.append("mail from them is accepted only " + _restriction_words(p))
        self.scenarios.append(
            Scenario(
                "partner-tls",
                "optional",
                f"{p.name}: connectors are optional because mail to and from partners flows without them; "
                f"they are planned so that {' and '.join(parts)}.",
                "S1, S3",
                partner=p.name,
            )
        )
        if p.direction in ("both", "inbound"):
            self.partner_inbound(p)
        if p.direction in ("both", "outbound"):
            self.partner_outbound(p)

    def partner_inbound(self, p: Partner) -> None:
        base: dict[str, ParameterValue] = {"ConnectorType": "Partner", "SenderDomains": list(p.domains)}
        if p.require_tls:
            base["RequireTls"] = True
        cert: dict[str, ParameterValue] = {
            **base,
            "RequireTls": True,
            "TlsSenderCertificateName": p.certificate_name or "",
            "RestrictDomainsToCertificate": True,
        }
        ips: dict[str, ParameterValue] = {
            **base,
            "SenderIPAddresses": list(p.ip_addresses),
            "RestrictDomainsToIPAddresses": True,
        }
        name = f"From partner {p.name} to Office 365"
        domains = ", ".join(p.domains)
        if p.restrict_by == "both":
            c1 = self.add_connector(
                "partner-tls",
                "inbound",
                PARTNER_ORG,
                OFFICE_365,
                name + " (certificate)",
                cert,
                f"Rejects mail from {domains} unless it arrives over TLS with the certificate "
                f"{p.certificate_name}.",
                "S1, S3",
            )
            c2 = self.add_connector(
                "partner-tls",
                "inbound",
                PARTNER_ORG,
                OFFICE_365,
                name + " (IP addresses)",
                ips,
                f"Rejects mail from {domains} unless it comes from {', '.join(p.ip_addresses)}"
                + (" over TLS." if p.require_tls else "."),
                "S1, S3",
            )
            self.warn("ip-and-certificate-split", partner=p.name, names=f"'{c1.name}' and '{c2.name}'")
        elif p.restrict_by == "certificate":
            self.add_connector(
                "partner-tls",
                "inbound",
                PARTNER_ORG,
                OFFICE_365,
                name,
                cert,
                f"Rejects mail from {domains} unless it arrives over TLS with the certificate "
                f"{p.certificate_name}.",
                "S3, S19",
            )
        elif p.restrict_by == "ip-addresses":
            self.add_connector(
                "partner-tls",
                "inbound",
                PARTNER_ORG,
                OFFICE_365,
                name,
                ips,
                f"Rejects mail from {domains} unless it comes from {', '.join(p.ip_addresses)}"
                + (" over TLS." if p.require_tls else "."),
                "S3, S19",
            )
        else:
            self.add_connector(
                "partner-tls",
                "inbound",
                PARTNER_ORG,
                OFFICE_365,
                name,
                base,
                f"Rejects mail from {domains} that does not arrive over TLS.",
                "S3",
            )

    def partner_outbound(self, p: Partner) -> None:
        if not p.require_tls and not p.smart_hosts:
            self.warn("partner-outbound-unneeded", partner=p.name)
            return
        params: dict[str, ParameterValue] = {"ConnectorType": "Partner", "RecipientDomains": list(p.domains)}
        if p.smart_hosts:
            params["UseMXRecord"] = False
            params["SmartHosts"] = list(p.smart_hosts)
            route = f"delivers to {', '.join(p.smart_hosts)}"
        else:
            params["UseMXRecord"] = True
            route = "delivers to the partner's MX"
        tls = "without requiring TLS"
        if p.require_tls:
            params["TlsSettings"] = TLS_SETTINGS[p.outbound_tls]
            tls = f"with '{choices.OUTBOUND_TLS[p.outbound_tls].label}'"
            if p.outbound_tls == "domain-validation":
                params["TlsDomain"] = p.certificate_name or p.domains[0]
                tls += f" (name: {params['TlsDomain']})"
        self.add_connector(
            "partner-tls",
            "outbound",
            OFFICE_365,
            PARTNER_ORG,
            f"From Office 365 to partner {p.name}",
            params,
            f"Sends mail for {', '.join(p.domains)} {tls}; {route}.",
            "S3, S19",
        )

    # -- checks across the whole plan -------------------------------------------------------------

    def connector_certificate(self, path: str, name: str) -> str:
        """The name an OnPremises connector checks for this certificate: a registered domain (S20).

        A host under an accepted domain (mail.contoso.com) becomes *.contoso.com; a name outside every
        accepted domain is kept and flagged, because mail attribution by certificate will fail.
        """
        bare = name[2:] if name.startswith("*.") else name
        if bare in self.domains:
            return name
        parents = [d for d in self.domains if bare.endswith("." + d)]
        if not parents:
            self.warn(
                "certificate-not-accepted-domain",
                path=path,
                certificate=name,
                domains=", ".join(self.domains),
                first_domain=self.domains[0],
            )
            return name
        wildcard = "*." + max(parents, key=len)
        if name != wildcard:
            self.warn("certificate-host-name", path=path, certificate=name, connector_name=wildcard)
        return wildcard

    def cross_checks(self) -> None:
        partner_inbound = [
            c for c in self.connectors if c.scenario == "partner-tls" and c.direction == "inbound"
        ]
        restricting = [
            c.name
            for c in partner_inbound
            if c.parameters.get("RestrictDomainsToIPAddresses")
            or c.parameters.get("RestrictDomainsToCertificate")
        ]
        allowing = [c.name for c in partner_inbound if c.name not in restricting]
        if restricting and allowing:
            self.warn(
                "allow-vs-restrict-precedence", allow=", ".join(allowing), restrict=", ".join(restricting)
            )
        if self.answers.on_premises is not None and self.answers.server != "none":
            self.warn("open-relay")
        doc_paths = self._documentation_paths()
        if doc_paths:
            self.warn("documentation-address", paths=", ".join(doc_paths))
        if self.connectors:
            self.warnings.insert(
                0,
                PlanWarning(
                    "accepted-domains-first",
                    WARNINGS["accepted-domains-first"].severity,
                    WARNINGS["accepted-domains-first"].message.format(domains=", ".join(self.domains)),
                    WARNINGS["accepted-domains-first"].source,
                ),
            )

    def _documentation_paths(self) -> list[str]:
        a = self.answers
        found: list[str] = []
        groups: list[tuple[str, list[str]]] = []
        if a.on_premises is not None:
            groups.append(("on_premises.ip_addresses", a.on_premises.ip_addresses))
            groups.append(("on_premises.smart_hosts", a.on_premises.smart_hosts))
        if a.has_devices and a.devices is not None:
            groups.append(("devices.ip_addresses", a.devices.ip_addresses))
        for i, p in enumerate(a.partners):
            groups.append((f"partners[{i}].ip_addresses", p.ip_addresses))
            groups.append((f"partners[{i}].smart_hosts", p.smart_hosts))
        for path, values in groups:
            for j, value in enumerate(values):
                if looks_like_ip(value) and is_documentation_address(value):
                    found.append(f"{path}[{j}] ({value})")
        return found

    # -- steps and DNS -------------------------------------------------------------------------

    def steps(self) -> list[Step]:
        a = self.answers
        steps: list[Step] = []
        mx = mx_endpoint(self.domains[0])
        hybrid_full = any(s.verdict == "managed-by-hybrid-wizard" for s in self.scenarios)
        if any(w.code == "consider-hybrid-wizard" for w in self.warnings):
            steps.append(
                Step(
                    "Decide on a hybrid deployment first",
                    "Review Exchange Server Hybrid Deployments. If hybrid fits, run the Hybrid "
                    "Configuration Wizard (Full topology) instead of creating these connectors.",
                )
            )
        if self.connectors or hybrid_full:
            steps.append(
                Step(
                    "Check your accepted domains",
                    f"Run Get-AcceptedDomain and confirm {', '.join(self.domains)} are listed and "
                    "verified; add missing domains in the Microsoft 365 admin center first.",
                )
            )
        if any(s.id == "standalone-eop" for s in self.scenarios):
            steps.append(
                Step(
                    "Add your recipients",
                    "Create or synchronise your on-premises recipients as mail users. Either set "
                    "the domains Authoritative (Directory-Based Edge Blocking rejects unknown "
                    "recipients) or InternalRelay (unknown recipients go to your server through "
                    "the outbound connector).",
                )
            )
        elif self.on_prem_connectors:
            steps.append(
                Step(
                    "Choose how mail for on-premises mailboxes is found",
                    "Synchronise on-premises mailboxes as mail users, or set shared domains to "
                    "InternalRelay so unknown recipients are sent on through the outbound "
                    "connector.",
                )
            )
        if self.on_prem_connectors:
            steps.append(
                Step(
                    "Prepare your on-premises server",
                    "It must already send and receive internet mail, present a certificate from "
                    "a public certification authority whose name is in your domain, and accept "
                    "TCP 25 from all Exchange Online Protection IP ranges.",
                )
            )
        if self.connectors:
            names = "; ".join(f"{c.name} ({c.from_} -> {c.to})" for c in self.connectors)
            steps.append(Step("Create the connectors", f"Create: {names}."))
        outbound = [c for c in self.connectors if c.direction == "outbound"]
        if outbound:
            steps.append(
                Step(
                    "Validate the outbound connectors",
                    "Run Validate-OutboundConnector for "
                    + ", ".join(c.name for c in outbound)
                    + " with a recipient address on the far side; inbound connectors cannot be "
                    "validated this way, so check them with a message trace.",
                )
            )
        side = self.on_premises_side()
        if side is not None and side.parameters:
            settings = ", ".join(
                f"{key} {', '.join(value) if isinstance(value, list) else _shell_value(value)}"
                for key, value in side.parameters.items()
                if key != "Name"
            )
            cloud = (
                "; add CloudServicesMailEnabled $true on Exchange 2013 or later"
                if side.cloud_services_mail
                else ""
            )
            steps.append(
                Step(
                    "Configure the Exchange side",
                    "In the Exchange Management Shell create a send connector to Microsoft 365 with "
                    f"{settings}{cloud} (the script's last section has the command).",
                )
            )
        elif self.on_prem_connectors:
            steps.append(
                Step(
                    "Configure your mail server",
                    f"Send outbound internet mail and mail for Exchange Online mailboxes to smart "
                    f"host {mx} on port 25 with TLS, presenting your certificate.",
                )
            )
        if hybrid_full:
            steps.append(
                Step(
                    "Review the hybrid connectors",
                    "Open Mail flow > Connectors in the Exchange admin center; change them by "
                    "re-running the Hybrid Configuration Wizard.",
                )
            )
        steps += self._device_steps(mx)
        for p in a.partners:
            steps.append(
                Step(
                    f"Agree TLS with {p.name}",
                    f"Tell {p.name} what the connectors enforce, exchange certificate and IP "
                    "details, then send a test message each way and check the message trace.",
                )
            )
        if any(s.id in ("standalone-eop", "hybrid") and s.verdict == "required" for s in self.scenarios):
            steps.append(
                Step(
                    "Point MX to Microsoft 365 last",
                    f"Only after the connectors are validated, set each domain's MX record to its "
                    f"Microsoft 365 endpoint (for {self.domains[0]} usually {mx}; copy the exact "
                    "value from Settings > Domains in the Microsoft 365 admin center).",
                )
            )
        if any(s.id == "standalone-eop" for s in self.scenarios):
            steps.append(
                Step(
                    "Lock down port 25",
                    "After the MX change has propagated (up to 72 hours), allow TCP 25 to your "
                    "server only from Exchange Online Protection's published IP ranges.",
                )
            )
        return steps

    def _device_steps(self, mx: str) -> list[Step]:
        d = self.answers.devices
        method = self.device_method
        if d is None or not d.present or self.answers.server != "none" and d.method == "auto":
            if d is not None and d.present:
                return [
                    Step(
                        "Point the devices at your on-premises server",
                        "Configure printers and applications to relay through your on-premises email server.",
                    )
                ]
            return []
        if method in ("smtp-relay", "direct-send"):
            extra = " Direct send reaches internal recipients only." if method == "direct-send" else ""
            return [
                Step(
                    "Configure the devices",
                    f"SMTP server {mx} (the DNS name, never an IP address), port 25, TLS when the "
                    f"device supports it, sender address in {', '.join(self.domains)}.{extra}",
                )
            ]
        if method == "smtp-auth":
            return [
                Step(
                    "Configure the devices",
                    "SMTP server smtp.office365.com, port 587, STARTTLS (TLS 1.2), signing in with a "
                    "licensed mailbox and sending as that mailbox. Turn SMTP AUTH on for that mailbox "
                    "(Set-CASMailbox -SmtpClientAuthenticationDisabled $false); Security Defaults and "
                    "policies that block legacy authentication stop it.",
                )
            ]
        return []

    def dns(self) -> list[DnsRecord]:
        records: list[DnsRecord] = []
        needs_mx = any(
            s.id in ("standalone-eop", "hybrid") and s.verdict == "required" for s in self.scenarios
        )
        if needs_mx:
            for dom in self.domains:
                records.append(
                    DnsRecord(
                        "MX",
                        dom,
                        mx_endpoint(dom),
                        "last step, after the connectors are validated; copy the exact "
                        "value from the Microsoft 365 admin center",
                    )
                )
        ip4: list[str] = []
        d = self.answers.devices
        direct_devices = (
            d is not None and d.present and not (self.answers.server != "none" and d.method == "auto")
        )
        if d is not None and direct_devices and self.device_method in ("smtp-relay", "direct-send"):
            ip4 = [f"ip4:{ip}" for ip in d.ip_addresses]
        if ip4 or self.on_prem_connectors:
            value = " ".join(["v=spf1", *ip4, "include:spf.protection.outlook.com", "~all"])
            for dom in self.domains:
                records.append(
                    DnsRecord(
                        "TXT",
                        dom,
                        value,
                        "SPF: merge into the domain's existing SPF record (only one is "
                        "allowed); keep any other senders you still use",
                    )
                )
        return records

    def on_premises_side(self) -> OnPremisesSide | None:
        op = self.answers.on_premises
        if not self.on_prem_connectors or op is None:
            return None
        smart_host = mx_endpoint(self.domains[0])
        if op.server == "non-microsoft":
            return OnPremisesSide(op.server, smart_host, {}, False, "S2")
        fqdn = (
            op.certificate_name if op.certificate_name and not op.certificate_name.startswith("*.") else None
        )
        if fqdn is None:
            fqdn = next((h for h in op.smart_hosts if not looks_like_ip(h)), None)
        params: dict[str, ParameterValue] = {
            "Name": "Outbound to Microsoft 365 (connector-advisor)",
            "AddressSpaces": ["*"],
            "SmartHosts": [smart_host],
            "DNSRoutingEnabled": False,
            "RequireTLS": True,
        }
        if op.server == "exchange-2010-or-later":
            params["TlsAuthLevel"] = "CertificateValidation"
        if fqdn:
            params["Fqdn"] = fqdn
        return OnPremisesSide(op.server, smart_host, params, op.server == "exchange-2010-or-later", "S2")

    def build(self) -> Plan:
        order = {"critical": 0, "warning": 1, "info": 2}
        warnings = sorted(self.warnings, key=lambda w: order[w.severity])
        return Plan(
            organization=self.answers.organization.name,
            domains=self.domains,
            verdict=strongest([s.verdict for s in self.scenarios]),
            scenarios=self.scenarios,
            connectors=self.connectors,
            warnings=warnings,
            steps=self.steps(),
            dns=self.dns(),
            on_premises_side=self.on_premises_side(),
        )


def _restriction_words(p: Partner) -> str:
    return {
        "none": "over TLS",
        "certificate": "with their TLS certificate",
        "ip-addresses": "from their IP addresses" + (" over TLS" if p.require_tls else ""),
        "both": "with their certificate and from their IP addresses",
    }[p.restrict_by]


def _fit(name: str, limit: int = MAX_NAME) -> str:
    return name if len(name) <= limit else name[: limit - 3].rstrip() + "..."


def _shell_value(value: ParameterValue) -> str:
    if isinstance(value, bool):
        return "$true" if value else "$false"
    return str(value)
