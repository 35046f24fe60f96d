"""The questions asked for each service that takes mail from Exchange Online and hands it back (the
`processing_services` entries; facts 7.3), part of the question bank in `advisor.wizard.question_bank`."""

from __future__ import annotations

from advisor.wizard import conditions as c
from advisor.wizard.question import Question, always

PROCESSING_SERVICE_QUESTIONS: tuple[Question, ...] = (
    Question("processing_services.name", "What is the service called?", "Used in connector and rule names."),
    Question(
        "processing_services.smart_hosts",
        "Which hosts does Exchange Online send mail to at the service?",
        "Host names from the service's setup page, separated by commas; their certificate must carry "
        "the name.",
    ),
    Question(
        "processing_services.identify_by",
        "How should Exchange Online recognise the mail the service hands back?",
        "Vendors now issue a certificate domain unique to your organization "
        "(Exclaimer: <id>.smtp.excl.cloud); "
        "addresses other customers share are not safe (MC1226222).",
    ),
    Question(
        "processing_services.certificate_name",
        "What is your tenant-unique certificate domain at the service?",
        "From the service's setup page; the plan adds it as an accepted domain. A shared wildcard such as "
        "*.exclaimer.net is refused.",
        when=c.entry_is("identify_by", "certificate"),
    ),
    Question(
        "processing_services.ip_addresses",
        "From which public IP addresses does the service hand mail back?",
        "Only addresses that are yours alone, separated by commas (/24 to /32).",
        when=c.entry_is("identify_by", "ip-addresses"),
    ),
    Question(
        "processing_services.processed_header",
        "Which header does the service stamp on mail it has processed?",
        "Name, colon, word: X-ExclaimerHostedSignatures-MessageProcessed: true (Exclaimer), "
        "X-CodeTwoProcessed: true (CodeTwo). The rule skips such mail so it is not sent round again.",
    ),
    Question(
        "processing_services.senders",
        "Whose mail goes through the service?",
        "Everyone, or the members of one mail-enabled group (each covered sender may use a licence).",
    ),
    Question(
        "processing_services.sender_group",
        "What is the group's email address?",
        "A mail-enabled security group or distribution list, such as signatures@contoso.com.",
        when=c.entry_is("senders", "group"),
    ),
    Question(
        "processing_services.modifies_messages",
        "Does the service change messages (signatures, banners, rewritten links)?",
        "A changed message fails its DKIM check; trusting the service as an ARC sealer keeps its "
        "authentication results.",
    ),
    Question(
        "processing_services.arc_sealer",
        "Which domain seals its ARC headers?",
        "The d= of the ARC-Seal header in a message it processed, or in its documentation. Leave empty if "
        "not sure: the plan then says what to find out.",
        when=c.entry_is("modifies_messages", True),
        optional=always,
    ),
)
