"""The wizard's question bank, as data (copier's copier.yml is the model), in the seed article's order.

Each question is keyed by the answers-file path it fills (`on_premises.server`, `partners.name` for every
partner). `when` decides whether a question can matter given the answers so far; questions that cannot
matter are never asked and their answers are dropped.
"""

from __future__ import annotations

from advisor.model import facts
from advisor.wizard import conditions as c
from advisor.wizard.processing_service_questions import PROCESSING_SERVICE_QUESTIONS
from advisor.wizard.question import Question, always

QUESTIONS: tuple[Question, ...] = (
    Question(
        "organization.name",
        "What is your organization's name?",
        "Used in file names, handouts and connector comments.",
    ),
    Question(
        "organization.domains",
        "Which email domains does your organization use?",
        "Your accepted domains in Microsoft 365, separated by commas (contoso.com, contoso.co.uk).",
    ),
    Question(
        "subscription",
        "Which Microsoft 365 service handles your mail?",
        "Standalone EOP means every mailbox stays on your own servers and Microsoft 365 only filters mail.",
    ),
    Question(
        "on_premises.server",
        "Do you have your own (on-premises) email server?",
        "Where some or all mailboxes live outside Microsoft 365: 'Your organization's email server'.",
        options=c.servers_for,
        default="none",
    ),
    Question(
        "on_premises.exchange_version",
        "Which Exchange Server version runs on premises?",
        "Exchange Online throttles, then blocks, mail from out-of-date Exchange servers; Subscription "
        "Edition (SE) is the supported version.",
        when=c.exchange_2010,
    ),
    Question(
        "on_premises.exchange_updates_current",
        "Are its latest cumulative and security updates installed?",
        "Servers far behind on updates are throttled and blocked too.",
        when=c.exchange_2010,
        not_sure="in the Exchange Management Shell, Get-Command ExSetup.exe | ForEach-Object "
        "{ $_.FileVersionInfo } shows each server's build; the plan lists the builds that count as current.",
    ),
    Question(
        "on_premises.hybrid_wizard",
        "Has the Hybrid Configuration Wizard been run?",
        "Only its Classic Full and Modern Full topologies create connectors.",
        when=c.hybrid_question,
        not_sure="run `connector-advisor collect -o collect.ps1`, run that script connected to Exchange "
        "Online, then `connector-advisor audit` on its file; or look in the Exchange admin center under Mail "
        'flow > Connectors for "Inbound from <GUID>" and "Outbound to <GUID>". The plan assumes it has not '
        "run and starts with this check.",
    ),
    Question(
        "on_premises.relays_for_others",
        "Does your server pass on non-delivery reports, forwarded mail or other domains' senders?",
        "Normal for Exchange and most mail servers. Microsoft 365 relays such mail only from a server it "
        "recognises by certificate.",
        when=c.fact(facts.on_premises_connectors),
    ),
    Question(
        "on_premises.edge_transport",
        "Does internet mail pass Exchange Edge Transport servers?",
        "Edge servers in a perimeter network, subscribed with EdgeSync. If so, give the Edge servers' "
        "certificate, IP addresses and host names in the next questions.",
        when=c.all_of(
            c.fact(facts.on_premises_connectors), c.answer_is("on_premises.server", "exchange-2010-or-later")
        ),
        default=False,
    ),
    Question(
        "on_premises.identify_by",
        "How should Microsoft 365 recognise mail from your server?",
        "A certificate is Microsoft's recommendation; IP addresses must be static and yours alone.",
        when=c.fact(facts.on_premises_connectors),
    ),
    Question(
        "on_premises.certificate_name",
        "What name is on your server's TLS certificate?",
        "The subject or SAN name, in one of your domains: mail.contoso.com or *.contoso.com. With Edge "
        "Transport servers, the name on the Edge servers' certificate.",
        when=c.server_identity("certificate"),
    ),
    Question(
        "on_premises.ip_addresses",
        "Which public IP addresses does your server send from?",
        "Public IPv4 addresses or CIDR blocks /24 to /32, separated by commas. Private addresses "
        "(10.x, 192.168.x) are never seen by Microsoft 365. With Edge Transport servers, the Edge servers'.",
        when=c.server_identity("ip-addresses"),
    ),
    Question(
        "on_premises.smart_hosts",
        "Where should Microsoft 365 deliver mail for your server?",
        "Host names or public IP addresses of your server (your Edge servers, if any), separated by commas "
        "(mail.contoso.com).",
        when=c.fact(facts.on_premises_connectors),
    ),
    Question(
        "on_premises.receiving_certificate_name",
        "What name is on the certificate of those hosts?",
        "Microsoft 365 checks the certificate of the host it delivers to. Your sending certificate does not "
        "name every one of them: give the name on their certificate (an Edge server's, an appliance's).",
        when=c.smart_hosts_not_covered,
    ),
    Question(
        "on_premises.centralized_mail_transport",
        "Must all mail from Exchange Online mailboxes go through your server (centralized mail transport)?",
        "Only for specific compliance needs; it loads your servers and makes cloud mail depend on them.",
        when=c.cmt,
    ),
    Question(
        "filtering_service",
        "Does a third-party filtering service (Mimecast, Proofpoint...) handle your mail?",
        "A service in front of Microsoft 365 that receives your internet mail, or that Microsoft 365 sends "
        "outbound mail through.",
        default=False,
    ),
    Question(
        "filtering_service.name",
        "What is the filtering service called?",
        "Used in connector names.",
        when=c.fact(facts.filtering_service),
    ),
    Question(
        "filtering_service.inbound",
        "Does internet mail reach you through it (your MX points at the service)?",
        "The service then relays your internet mail to Microsoft 365.",
        when=c.fact(facts.filtering_service),
    ),
    Question(
        "filtering_service.outbound",
        "Should Microsoft 365 send internet mail out through it?",
        "For signatures, archiving or data-loss prevention at the service.",
        when=c.fact(facts.filtering_service),
        options=c.yes_only_when("filtering_service.inbound", False),  # a service must carry some mail
    ),
    Question(
        "filtering_service.delivers_to",
        "Where does the service deliver your internet mail today?",
        "With mailboxes on your own server, the service may deliver there; the plan keeps that path unless "
        "you choose Microsoft 365.",
        when=c.all_of(c.fact(facts.filtering_service_inbound), c.fact(facts.own_server)),
        default="on-premises",
    ),
    Question(
        "filtering_service.identify_by",
        "How should the service be recognised when it delivers to Microsoft 365?",
        "Its certificate is preferred; with IP addresses, every range the service publishes must be listed.",
        when=c.fact(facts.filtering_service_lockdown),
        default="certificate",
    ),
    Question(
        "filtering_service.ip_addresses",
        "Which public IP addresses does the service deliver from?",
        "Every range in the service's documentation, separated by commas (/24 to /32). A range left out "
        "loses its mail.",
        when=c.all_of(
            c.fact(facts.filtering_service_lockdown),
            c.answer_is("filtering_service.identify_by", "ip-addresses"),
        ),
    ),
    Question(
        "filtering_service.certificate_name",
        "What name is on the certificate the service presents?",
        "The name on the certificate it uses when it delivers to Microsoft 365.",
        when=c.all_of(
            c.fact(facts.filtering_service_lockdown),
            c.answer_is("filtering_service.identify_by", "certificate"),
        ),
    ),
    Question(
        "filtering_service.smart_hosts",
        "Which host should Microsoft 365 send outbound mail to?",
        "The service's outbound host name from its documentation.",
        when=c.fact(facts.filtering_service_outbound),
    ),
    Question(
        "filtering_service.modifies_messages",
        "Does the service change messages (rewritten links, banners, signatures)?",
        "Link protection and banners break DKIM signatures; trusting the service as an ARC sealer keeps its "
        "authentication results.",
        when=c.fact(facts.filtering_service),
        default=False,
    ),
    Question(
        "filtering_service.arc_sealer",
        "Which domain seals the service's ARC headers?",
        "The d= of the ARC-Seal header in a message it relayed, or its documentation. Leave empty if not "
        "sure: the plan then says what to find out.",
        when=c.answer_is("filtering_service.modifies_messages", True),
        optional=always,
    ),
    Question(
        "organization.mx",
        "Where will your MX records point once the work is done?",
        "Where internet mail arrives first. The plan moves MX only when it is to point at Microsoft 365.",
        when=c.mx,
        options=c.mx_for,
    ),
    Question(
        "on_premises.send_connector_scope",
        "What should your server send to Microsoft 365?",
        "Only mail for cloud mailboxes is what the Hybrid Configuration Wizard sets up; all internet mail "
        "means retiring your server's own internet send connector.",
        when=c.send_connector_scope,
        # the wizard's default keeps your server's own internet mail where it goes today (facts 6.9: what the
        # Hybrid Configuration Wizard sets up; all internet mail is a topology decision, asked, not assumed)
        default="cloud-mailboxes",
    ),
    Question(
        "organization.tenant_domain",
        "What is your initial domain (name.onmicrosoft.com)?",
        "Shown in the Microsoft 365 admin center under Settings > Domains. Mail for cloud mailboxes goes to "
        "its routing domain, name.mail.onmicrosoft.com.",
        when=c.tenant_domain,
    ),
    Question(
        "on_premises.lock_down_inbound",
        "Should Exchange Online accept internet mail only from your server?",
        "MX points at your server, so nothing else should deliver internet mail for your domains to "
        "Microsoft 365. This also rejects direct send and anything else that reaches it directly.",
        when=c.all_of(c.fact(facts.on_premises_connectors), c.answer_is("organization.mx", "on-premises")),
        default=False,
    ),
    Question(
        "devices.present",
        "Do printers, scanners or applications send email?",
        "Multifunction devices, line-of-business applications, monitoring systems...",
    ),
    Question(
        "devices.external_recipients",
        "Must they email people outside your organization?",
        "Direct send cannot reach external recipients.",
        when=c.fact(facts.devices_present),
    ),
    Question(
        "devices.supports_smtp_auth",
        "Can they sign in with a user name and password (SMTP AUTH)?",
        "Port 587 with TLS 1.2 and a licensed mailbox. A device that only offers port 465 cannot.",
        when=c.fact(facts.devices_present),
        not_sure="open the device's web page (its IP address in a browser) and look under Network, Email or "
        'SMTP settings for "SMTP authentication" or a user name and password, with port 587 and STARTTLS. '
        "The plan assumes it cannot and starts with this check.",
    ),
    Question(
        "devices.supports_oauth",
        "Can they sign in with OAuth (modern authentication)?",
        "Basic authentication for SMTP AUTH is being retired; OAuth keeps working.",
        when=c.oauth,
        not_sure='in the same SMTP settings, look for "OAuth", "Modern authentication" or a Microsoft 365 '
        "sign-in, often added by a firmware update; only a user name and password means Basic. The plan "
        "assumes Basic and starts with this check.",
    ),
    Question(
        "devices.supports_tls12",
        "Can they use TLS 1.2 when they sign in?",
        "Signing in on port 587 needs it. Look for TLS 1.2 in the device's SMTP or security settings or its "
        "data sheet; older firmware often offers only TLS 1.0.",
        when=c.oauth,
    ),
    Question(
        "devices.ports",
        "Which SMTP ports can they use?",
        "Not sure: look in the device's SMTP settings or data sheet for the port and STARTTLS. Microsoft 365 "
        "takes sign-ins on 587 (or 25) and relay on 25; 465 is not offered.",
        when=c.fact(facts.devices_present),
    ),
    Question(
        "devices.volume",
        "How much do they send?",
        "SMTP AUTH allows 10,000 recipients a day and 30 messages a minute per mailbox. Not sure: check the "
        "application's send log or ask its vendor.",
        when=c.oauth,
    ),
    Question(
        "devices.third_party_hosted",
        "Are any of them applications hosted in a cloud service such as Azure, not on your network?",
        "Microsoft does not support SMTP relay from third-party hosted services. Printers and scanners in "
        "your office: No.",
        when=c.hosting_matters,
    ),
    Question(
        "organization.reject_direct_send",
        "Is RejectDirectSend on, or will it be?",
        "With it on, Microsoft 365 rejects anonymous mail from your own domains. Check with "
        "Get-OrganizationConfig | Format-List RejectDirectSend in Exchange Online PowerShell.",
        when=c.direct_send_possible,
    ),
    Question(
        "devices.method",
        "How should they send?",
        "'Let the advisor choose' picks from your answers above.",
        when=c.fact(facts.devices_present),
        options=c.methods_for,
    ),
    Question(
        "devices.identify_by",
        "How should a relay connector recognise them?",
        "A static public IP address only your organization uses, or a certificate in your domain.",
        when=c.relay_possible,
    ),
    Question(
        "devices.ip_addresses",
        "Which static public IP addresses does their mail leave from?",
        "Public IPv4 addresses or CIDR blocks /24 to /32, separated by commas. SMTP relay needs at least "
        "one.",
        when=c.device_ips,
        optional=c.not_(c.answer_is("devices.method", "smtp-relay")),  # without one, auto picks another way
    ),
    Question(
        "devices.certificate_name",
        "What name is on the certificate they present?",
        "A name in one of your domains, such as relay.contoso.com.",
        when=c.device_identity("certificate"),
    ),
    Question("partners.name", "What is the partner organization called?", "Used in the connector names."),
    Question(
        "partners.domains",
        "Which email domains does the partner use?",
        "Separated by commas; *.contosobank.com also covers its subdomains.",
    ),
    Question(
        "partners.direction",
        "Which mail should the connectors secure?",
        "Inbound: Partner organization -> Office 365; outbound: Office 365 -> Partner organization.",
    ),
    Question(
        "partners.on_microsoft_365",
        "Is the partner's mail hosted in Microsoft 365?",
        "Their MX ends in mail.protection.outlook.com. Their mail then comes from addresses and a "
        "certificate every Microsoft 365 tenant shares, and it receives on Microsoft 365 servers.",
    ),
    Question(
        "partners.require_tls",
        "Require TLS for mail with this partner?",
        "Exchange Online already uses TLS when the other side offers it; a connector makes it mandatory.",
        options=c.tls_for,
    ),
    Question(
        "partners.restrict_by",
        "Reject the partner's mail unless it comes from their servers?",
        "Identify their servers by certificate or IP addresses; miss one of their IPs and mail is lost.",
        when=c.inbound,
        options=c.restrictions_for,
    ),
    Question(
        "partners.outbound_tls",
        "How strictly should mail to them check their certificate?",
        "Certificate validation is the usual choice for a bank or a service provider.",
        when=c.outbound_tls,
    ),
    Question(
        "partners.receiving_certificate_name",
        "What name is on the certificate of the partner's receiving servers?",
        "Their MX or smart host's certificate (mx1.contosobank.com), not the one they send with: ask the "
        "partner.",
        when=c.partner_receiving_certificate,
    ),
    Question(
        "partners.certificate_name",
        "What name is on the certificate the partner sends with?",
        "mail.contosobank.com or *.contosobank.com.",
        when=c.restricts("certificate", "both"),
    ),
    Question(
        "partners.ip_addresses",
        "Which public IP addresses does the partner send from?",
        "Public IPv4 addresses or CIDR blocks /24 to /32, separated by commas.",
        when=c.restricts("ip-addresses", "both"),
    ),
    Question(
        "partners.smart_hosts",
        "Deliver to specific hosts instead of the partner's MX records?",
        "Host names or public IPs, separated by commas; leave empty to use their MX.",
        when=c.outbound,
        optional=always,
    ),
    *PROCESSING_SERVICE_QUESTIONS,
)


def question(question_id: str) -> Question:
    return next(q for q in QUESTIONS if q.id == question_id)
