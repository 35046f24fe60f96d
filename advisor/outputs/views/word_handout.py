"""The handout as a Word document (`--format docx`): the HTML handout's content in its order, from the same
view model (`handout_values`) and wording (handout.yaml), in Word's own styles (Title, Heading 1-3, List
Number) so the navigation pane and a table of contents work. python-docx and resvg-py are the optional
install `connector-advisor[docx]`; every value goes through `word_text` (word_parts.py) into Word's XML.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from advisor.model.plan import Plan
from advisor.outputs.engine.quoting import word_text
from advisor.outputs.views.word_parts import (
    base_document,
    callout,
    column_widths,
    diagram_png,
    document_properties,
    logo_picture,
    page_footer,
    repeat_header,
    require,
    shade,
    source_list,
)

SHADES = {"critical": "FFEBE9", "warning": "FFF8C5", "info": "DDF4FF"}
VERDICT_SHADE = "F6F8FA"
HEADER_SHADE = "F6F8FA"
DIAGRAM_WIDTH_CM = 10.0

if TYPE_CHECKING:
    from docx.document import Document


def render_docx(plan: Plan, output_format: str, **context: Any) -> bytes:
    """The Word handout as the bytes of a .docx file."""
    require()
    from advisor.outputs.views.plan_documents import handout_values

    return _WordHandout(plan, handout_values(plan, **context)).build()


class _WordHandout:
    """Builds the document section by section, in the HTML handout's order."""

    def __init__(self, plan: Plan, values: dict[str, Any]) -> None:

        self.plan = plan
        self.v = values
        self.text: dict[str, Any] = values["text"]
        self.document: Document = base_document()

    # --- the pieces -------------------------------------------------------------------------------------
    def sentence(self, key: str, **values: Any) -> str:
        return word_text(str(self.text[key]).format(**{k: word_text(v) for k, v in values.items()}))

    def paragraph(self, *runs: tuple[str, str], style: str | None = None) -> Any:
        """A paragraph of runs: (text, "" | "bold" | "muted" | "code")."""
        from docx.shared import Pt, RGBColor

        p = self.document.add_paragraph(style=style)
        for text, kind in runs:
            run = p.add_run(word_text(text))
            if kind == "bold":
                run.bold = True
            elif kind == "muted":
                run.font.color.rgb = RGBColor(0x57, 0x60, 0x6A)
            elif kind == "code":
                run.font.name = "Consolas"
                run.font.size = Pt(7.5)
        return p

    def heading(self, text: str, level: int) -> None:
        self.document.add_heading(word_text(text), level=level)

    def table(self, kind: str, header: list[str], rows: list[list[str]]) -> None:
        """A table with its header row repeated on each page, its columns as wide as the HTML's."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, header, strict=True):
            cell.text = word_text(label)
            cell.paragraphs[0].runs[0].bold = True
            shade(cell, HEADER_SHADE)
        repeat_header(table.rows[0])
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = word_text(value)
        column_widths(self.document, table, kind)

    def cited(self, keys: Any) -> str:
        return ", ".join(word_text(k) for k in keys)

    # --- the document -------------------------------------------------------------------------------------
    def build(self) -> bytes:
        self.properties()
        self.control()
        self.verdict()
        self.needed()
        self.diagram()
        self.checklist()
        self.warnings()
        self.connectors()
        self.rules()
        self.dns()
        self.on_premises()
        self.runbook()
        self.tests()
        self.appendix()
        self.sources()
        self.footer()
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def properties(self) -> None:
        doc = self.v["doc"]
        by = ", ".join(p for p in (doc.prepared_by, doc.company) if p) or "connector-advisor"
        title = self.sentence("title", organization=self.plan.organization)
        document_properties(
            self.document, title, by, self.v["summary"], f"connector-advisor {self.v['version']}"
        )

    def control(self) -> None:
        doc, plan = self.v["doc"], self.plan
        picture = logo_picture(doc.logo)
        if picture is not None:
            from docx.shared import Cm

            self.document.add_picture(io.BytesIO(picture), height=Cm(1.6))
        self.document.add_heading(self.sentence("title", organization=plan.organization), level=0)
        rows = [
            [
                self.text["prepared-for"],
                plan.organization + (f", {doc.client_contact}" if doc.client_contact else ""),
            ]
        ]
        if doc.prepared_by or doc.company:
            rows.append([self.text["prepared-by"], ", ".join(p for p in (doc.prepared_by, doc.company) if p)])
        rows.append(
            [
                self.text["version"],
                str(self.text["version-value"]).format(
                    version=doc.version, status=self.v["status"], date=self.v["date"]
                ),
            ]
        )
        rows.append([self.text["domains"], ", ".join(plan.domains)])
        table = self.document.add_table(rows=0, cols=2)
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text = word_text(label)
            cells[0].paragraphs[0].runs[0].bold = True
            cells[1].text = word_text(value)
        self.document.add_paragraph()

    def verdict(self) -> None:
        callout(self.document, [(self.v["summary"], "bold")], VERDICT_SHADE)
        if not self.plan.connectors and not self.plan.steps:
            self.paragraph(
                (self.v["nothing_to_do_text"] + " ", "bold"),
                (self.sentence("nothing-to-do-script", script=self.v["script_name"]), ""),
            )

    def needed(self) -> None:
        columns = self.text["needed-columns"]
        self.heading(self.text["needed"], 1)
        self.table(
            "needed",
            [columns["area"], columns["verdict"], columns["why"], columns["sources"]],
            [
                [a["label"], a["verdict_label"], a["reason"], self.cited(a["sources"])]
                for a in self.v["areas"]
            ],
        )

    def diagram(self) -> None:
        if not self.v["diagram"]:
            return
        from docx.shared import Cm

        self.heading(self.text["mail-flow"], 1)
        title = str(self.text["diagram-title"]).format(organization=self.plan.organization)
        self.document.add_picture(
            io.BytesIO(diagram_png(self.v["diagram"], title)), width=Cm(DIAGRAM_WIDTH_CM)
        )
        self.paragraph((title, "bold"))
        self.paragraph((self.text["diagram-note"], "muted"))

    def checklist(self) -> None:
        if not self.plan.steps:
            return
        self.heading(self.text["checklist"], 1)
        self.paragraph((self.text["checklist-note"], "muted"))
        for step in self.plan.steps:
            detail = f"{self.text['colon']} {step.detail}"
            self.paragraph(("☐ ", ""), (step.title, "bold"), (detail, ""), style="List Number")

    def warnings(self) -> None:
        if not self.v["warning_items"]:
            return
        self.heading(self.text["before-you-start"], 1)
        for w in self.v["warning_items"]:
            callout(
                self.document,
                [
                    (f"{w['label']}{self.text['colon']} ", "bold"),
                    (f"{w['message']} ({self.cited(w['sources'])})", ""),
                ],
                SHADES.get(w["severity"], SHADES["info"]),
            )

    def _settings_table(self, columns: dict[str, str], rows: list[tuple[str, str]]) -> None:
        self.table(
            "settings", [columns["setting"], columns["value"]], [[label, value] for label, value in rows]
        )

    def connectors(self) -> None:
        if not self.plan.connectors:
            return
        from advisor.model.plan import source_keys

        self.heading(self.text["connectors"], 1)
        described = zip(self.plan.connectors, self.v["settings"], self.v["ends"], strict=True)
        for number, (c, rows, (start, end)) in enumerate(described, 1):
            self.heading(f"{number}. {c.name}", 2)
            self.paragraph(
                (f"{start} → {end}. ", "bold"),
                (f"{c.reason} ", ""),
                (f"({self.cited(source_keys(c.source))})", "muted"),
            )
            self._settings_table(self.text["connector-columns"], rows)

    def rules(self) -> None:
        if not self.plan.rules:
            return
        from advisor.model.plan import source_keys

        self.heading(self.text["rules"], 1)
        self.paragraph((self.v["rules_note"], ""))
        for r, rows in zip(self.plan.rules, self.v["rule_settings"], strict=True):
            self.heading(r.name, 2)
            self.paragraph((f"{r.reason} ", ""), (f"({self.cited(source_keys(r.source))})", "muted"))
            self._settings_table(self.text["rule-columns"], rows)

    def dns(self) -> None:
        if not self.plan.dns:
            return
        columns = self.text["dns-columns"]
        self.heading(self.text["dns"], 1)
        self.table(
            "dns",
            [columns["type"], columns["name"], columns["value"], columns["note"]],
            [[r.type, r.name, r.value, r.note] for r in self.plan.dns],
        )

    def on_premises(self) -> None:
        side = self.v["side"]
        if not side:
            return
        from advisor.model.plan import source_keys

        self.heading(self.text["on-premises"], 1)
        cited = f" ({self.cited(source_keys(side.source))})"
        if side.parameters:
            sentence = self.sentence(
                "on-premises-script",
                script=self.v["onprem_script"],
                whatif="-WhatIf",
                name=side.parameters["Name"],
            )
            self.paragraph((sentence, ""), (cited, "muted"))
        else:
            self.paragraph((str(self.text["on-premises-manual"]), ""), (cited + ":", "muted"))
            for line in side.instructions:
                self.paragraph((line, ""), style="List Number")

    def runbook(self) -> None:
        if not self.v["runbook"]:
            return
        columns = self.text["runbook-columns"]
        self.heading(self.text["runbook"], 1)
        self.paragraph((self.text["runbook-note"], "muted"))
        self.table(
            "runbook",
            [columns["when"], columns["step"], columns["undo"]],
            [[r["when"], r["action"], r["undo"]] for r in self.v["runbook"]],
        )

    def tests(self) -> None:
        if not self.v["tests"]:
            return
        columns = self.text["test-columns"]
        self.heading(self.text["test-plan"], 1)
        self.paragraph((f"{self.v['test_note']} {self.text['test-plan-commands']}", "muted"))
        self.table(
            "tests",
            [columns[k] for k in ("number", "test", "from", "to", "expected", "passed")],
            [
                [
                    str(t["number"]),
                    t["title"],
                    t["sender"],
                    t["recipient"],
                    str(self.text["expected"]).format(number=t["number"], route=t["route"], tls=t["tls"]),
                    "☐",
                ]
                for t in self.v["tests"]
            ],
        )

    def code(self, text: str) -> None:
        """A block of PowerShell: one paragraph, its lines as line breaks."""
        self.paragraph((text, "code"))

    def appendix(self) -> None:
        plan, v = self.plan, self.v
        self.document.add_page_break()  # type: ignore[no-untyped-call]
        self.heading(self.text["appendix"], 1)
        self.heading(self.text["scripts"], 2)
        if plan.connectors:
            run = self.sentence(
                "scripts-run",
                script=v["script_name"],
                whatif="-WhatIf",
                validation="-ValidationRecipient",
                rollback="-Rollback -BackupFile",
            )
            if v["onprem_script"]:
                run += " " + self.sentence("scripts-onprem", script=v["onprem_script"])
            self.paragraph((run, ""))
        else:
            self.paragraph((self.sentence("scripts-check-only", script=v["script_name"]), ""))
        self.heading(self.text["plan-details"], 2)
        details = self.sentence("generated-by", version=v["version"])
        if v["source_name"]:
            details += self.sentence("generated-from", source=v["source_name"])
        scenarios = "; ".join(
            s.id
            + (f" ({s.partner})" if s.partner else "")
            + (f" ({s.method})" if s.method else "")
            + f": {s.verdict}"
            for s in plan.scenarios
        )
        details += f". {self.text['scenarios']} {scenarios}."
        if plan.warnings:
            details += (
                f" {self.text['warnings']} "
                + ", ".join(f"{w.code} ({w.severity})" for w in plan.warnings)
                + "."
            )
        self.paragraph((details, ""))
        self.appendix_commands()

    def appendix_commands(self) -> None:
        """The commands, as the HTML appendix shows them; names in comments through `ps_comment`, so a name
        copied from here cannot become a command."""
        from advisor.outputs.engine.quoting import ps_comment

        plan, v = self.plan, self.v
        commands = v["commands"]
        if plan.connectors:
            self.heading(self.text["connector-commands"], 2)
            self.code(
                "\n\n".join(
                    f"# {n}. {ps_comment(c.name)}\n{text}"
                    for n, (c, text) in enumerate(
                        zip(plan.connectors, commands["connectors"], strict=True), 1
                    )
                )
            )
        if plan.rules:
            self.heading(self.text["rule-commands"], 2)
            self.code(
                "\n\n".join(
                    f"# {ps_comment(r.name)}\n{text}"
                    for r, text in zip(plan.rules, commands["rules"], strict=True)
                )
            )
        side = v["side"]
        if side and side.parameters:
            self.heading(self.text["on-premises-commands"], 2)
            self.code(commands["side"])
        if v["tests"]:
            self.heading(self.text["trace-commands"], 2)
            self.code(
                "\n".join(
                    f"# {str(self.text['trace-test']).format(number=t['number'])}\n{t['command']}"
                    for t in v["tests"]
                )
            )

    def sources(self) -> None:
        self.heading(self.text["sources"], 1)
        source_list(self.document, self.v["sources"], self.text["sources-language"])

    def footer(self) -> None:
        page_footer(self.document, self.v["footer"])
