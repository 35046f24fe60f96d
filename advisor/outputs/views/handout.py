"""What the handouts and the test plan show, prepared from a plan in the client's words (`handout.yaml`).

The client-facing part uses plain labels ("Printers, scanners and applications", "Partner: Contoso Bank",
"Not needed"); warning codes, scenario ids and cmdlet parameters stay in the admin appendix. Data only:
the templates write the documents, `test_plan_csv` the spreadsheet.
"""

from __future__ import annotations

from typing import Any

from advisor.inputs.document_control import DocumentControl
from advisor.model.domains import without_wildcard
from advisor.model.plan import Connector, Plan, source_keys
from advisor.outputs.engine.quoting import ps_quote, spreadsheet_safe
from advisor.outputs.views.diagram import diagram
from advisor.outputs.views.plain_words import spoken_status, verdict_label, words
from advisor.outputs.views.powershell import onprem_script_name, onprem_script_needed


def _listed(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def areas(plan: Plan) -> list[dict[str, Any]]:
    """One row per part of the plan: what it is about, the verdict, why, the sources."""
    labels = words()["areas"]
    return [
        {
            "label": labels[s.id].format(partner=s.partner or ""),
            "verdict": s.verdict,
            "verdict_label": verdict_label(plan, s),
            "reason": s.reason,
            "sources": source_keys(s.source),
        }
        for s in plan.scenarios
    ]


def warnings(plan: Plan) -> list[dict[str, Any]]:
    severities = words()["severities"]
    return [
        {
            "code": w.code,
            "severity": w.severity,
            "label": severities[w.severity],
            "message": w.message,
            "sources": source_keys(w.source),
        }
        for w in plan.warnings
    ]


def setting_value(value: object, labels: dict[str, str]) -> str:
    """A connector setting for people: Yes/No, a comma-separated list, or the admin center's word for it."""
    if isinstance(value, bool):
        return str(words()["yes-no"]["yes" if value else "no"])
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return labels.get(str(value), str(value))


def endpoint(end: str) -> str:
    """An end of a connector (Connection from, Connection to) as the admin center names it."""
    return str(words()["endpoints"].get(end, end))


def settings(plan: Plan) -> list[list[tuple[str, str]]]:
    """Per connector, its settings as the Exchange admin center names them with their values in words; the
    connector type is shown as the party at the far end ("Your organization's email server")."""
    from advisor.advice import catalogue

    labels = catalogue.admin_center_labels()
    words = labels["values"]
    rows = []
    for c in plan.connectors:
        names = labels[c.direction]
        far = c.from_ if c.direction == "inbound" else c.to
        rows.append(
            [
                (
                    names.get(key, key),
                    endpoint(far) if key == "ConnectorType" else setting_value(value, words),
                )
                for key, value in c.parameters.items()
                if key not in ("Name", "Comment")
            ]
        )
    return rows


def rule_settings(plan: Plan) -> list[list[tuple[str, str]]]:
    """Per mail flow rule, its conditions and action as the rule editor names them, values in words."""
    from advisor.advice import catalogue

    labels = catalogue.admin_center_labels()
    names, words = labels["rule"], labels["values"]
    return [
        [
            (names.get(key, key), setting_value(value, words))
            for key, value in r.parameters.items()
            if key not in ("Name", "Comments")
        ]
        for r in plan.rules
    ]


def trace_command(sender: str | None, recipient: str | None) -> str:
    """The message trace of one test: the last two hours, with its details."""
    parts = ["Get-MessageTraceV2"]
    if sender:
        parts += ["-SenderAddress", ps_quote(sender)]
    if recipient:
        parts += ["-RecipientAddress", ps_quote(recipient)]
    parts += [
        "-StartDate",
        "(Get-Date).AddHours(-2)",
        "-EndDate",
        "(Get-Date)",
        "|",
        "Get-MessageTraceDetailV2",
    ]
    return " ".join(parts)


def _test(number: int, c: Connector, plan: Plan) -> dict[str, Any]:
    w = words()["tests"]
    mailbox, route, tls = w["mailbox"], w["route"], w["tls"]
    ours = without_wildcard(plan.domains[0])
    p = c.parameters
    far_domains = _listed(p.get("SenderDomains" if c.direction == "inbound" else "RecipientDomains"))
    far_domain = next((without_wildcard(d) for d in far_domains if d != "*"), ours)
    far = c.party or ""
    sender: str | None
    recipient: str | None
    if c.direction == "inbound":
        hosts = _listed(p.get("SenderIPAddresses")) or (
            [str(p["TlsSenderCertificateName"])] if p.get("TlsSenderCertificateName") else []
        )
        way = route["from-hosts"].format(hosts=", ".join(hosts)) if hosts else route["from-anywhere"]
        if p.get("TlsSenderCertificateName") and p.get("RequireTls"):
            security = tls["certificate"].format(certificate=p["TlsSenderCertificateName"])
        else:
            security = tls["required"] if p.get("RequireTls") else tls["opportunistic"]
        sender, recipient = {
            "partner-tls": (mailbox["far"].format(domain=far_domain), mailbox["yours"].format(domain=ours)),
            "filtering-service": (None, mailbox["yours"].format(domain=ours)),
            "device-relay": (mailbox["device"].format(domain=ours), None),
            "processing-service": (mailbox["yours"].format(domain=ours), None),
        }.get(c.scenario, (mailbox["on-server"].format(domain=ours), None))
    else:
        smart_hosts = _listed(p.get("SmartHosts"))
        if smart_hosts:
            way = route["to-smart-hosts"].format(hosts=", ".join(smart_hosts))
        else:
            way = route["to-mx"].format(domains=", ".join(far_domains))
        setting = p.get("TlsSettings")
        labels = words_admin_values()
        security = (
            tls["outbound"].format(setting=labels.get(str(setting), setting))
            if setting
            else tls["opportunistic"]
        )
        sender, recipient = {
            "partner-tls": (mailbox["yours"].format(domain=ours), mailbox["far"].format(domain=far_domain)),
            "filtering-service": (mailbox["yours"].format(domain=ours), None),
            "processing-service": (mailbox["yours"].format(domain=ours), None),
            "standalone-eop": (None, mailbox["on-server"].format(domain=ours)),
        }.get(c.scenario, (mailbox["yours"].format(domain=ours), mailbox["on-server"].format(domain=ours)))
    return {
        "number": number,
        "title": w[c.direction][c.scenario].format(far=far),
        "sender": sender or mailbox["internet"],
        "recipient": recipient or mailbox["external"],
        "route": way,
        "connector": c.name,
        "tls": security,
        "command": trace_command(sender, recipient),
    }


def words_admin_values() -> dict[str, str]:
    """The admin center's words for TlsSettings values (from the advice catalogue)."""
    from advisor.advice import catalogue

    return catalogue.admin_center_labels()["values"]


def tests(plan: Plan) -> list[dict[str, Any]]:
    """One test per planned connector, numbered like the connectors."""
    return [_test(number, c, plan) for number, c in enumerate(plan.connectors, 1)]


def runbook(plan: Plan, script_name: str) -> list[dict[str, str]]:
    """The cut-over steps that apply to this plan, each with how to undo it."""
    mx_records = [r for r in plan.dns if r.type == "MX"]
    onprem = onprem_script_needed(plan)
    side = plan.on_premises_side
    values = {
        "domains": ", ".join(plan.domains),
        "script": script_name,
        "onprem": onprem_script_name(script_name),
        "send_connector": str(side.parameters.get("Name", "")) if side else "",
        "mx_host": ", ".join(dict.fromkeys(r.value for r in mx_records)),
    }
    rows = []
    for step in words()["runbook"]:
        applies = {None: True, "mx": bool(mx_records), "no-mx": not mx_records, "onprem": onprem}
        if not applies[step.get("only")]:
            continue
        rows.append(
            {
                "id": step["id"],
                "when": step["when"],
                "action": step["action"].format(**values),
                "undo": step["undo"].format(**values),
            }
        )
    return rows


def handout_context(plan: Plan, script_name: str) -> dict[str, Any]:
    """Everything the handout templates read beyond the plan itself."""
    return {
        "areas": areas(plan),
        "ends": [(endpoint(c.from_), endpoint(c.to)) for c in plan.connectors],
        "settings": settings(plan),
        "rule_settings": rule_settings(plan),
        "warning_items": warnings(plan),
        "tests": tests(plan),
        "test_note": words()["tests"]["note"],
        "rules_note": words()["rules-note"],
        "text": words()["text"],
        "runbook": runbook(plan, script_name) if plan.connectors else [],
        "diagram": diagram(plan, words()["diagram"]) if plan.connectors else None,
    }


def footer(plan: Plan, doc: DocumentControl, date: str) -> str:
    """The print footer: the document, its version and status, who prepared it."""
    text = str(words()["footer"]).format(
        organization=plan.organization, version=doc.version, status=spoken_status(doc.status), date=date
    )
    by = ", ".join(part for part in (doc.prepared_by, doc.company) if part)
    return str(words()["footer-by"]).format(footer=text, by=by) if by else text


SIGN_OFF_COLUMNS = ("result", "signed-off-by", "date")  # left empty, for whoever runs the tests


def test_plan_columns() -> dict[str, str]:
    """The test plan spreadsheet's columns, in order: what each holds, and its heading (handout.yaml)."""
    return {str(k): str(v) for k, v in words()["tests"]["columns"].items()}


def test_plan_csv(plan: Plan, *_format: object, **_context: object) -> str:
    """The test plan as CSV for a spreadsheet: one row per connector, empty columns to sign off."""
    return filled_test_plan(plan, [])


def filled_test_plan(plan: Plan, results: list[str]) -> str:
    """The test plan as CSV, each test's result filled in from `results` (by position; empty without one).
    Every cell goes through the spreadsheet guard."""
    import csv
    import io

    columns = test_plan_columns()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns.values())
    for i, t in enumerate(tests(plan)):
        values = {**t, "result": results[i] if i < len(results) else ""}
        writer.writerow(
            spreadsheet_safe(str(values[key]) if key not in SIGN_OFF_COLUMNS or key == "result" else "")
            for key in columns
        )
    return buffer.getvalue()
