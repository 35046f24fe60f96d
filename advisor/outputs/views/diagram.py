"""The mail-flow picture of a plan: who sends to whom, each planned connector as a numbered arrow, MX marked.

Pure layout, no text: the boxes and arrows with their coordinates (an SVG of `WIDTH` units, top to bottom so
it stays readable on a phone and on a portrait page) and the same graph for Mermaid. The templates
`_diagram.html.j2` and `handout.md.j2` draw it; the words come from `handout.yaml` (`diagram` group).

Rows: the outside world (the internet, partners), the filtering service, Microsoft 365, your organization
(your server, devices) with the services that take mail from Microsoft 365 and hand it back (an arrow
there and one back: the round trip). Arrows to and from Microsoft 365 are vertical, side by side where
several connect the same two boxes.
"""

from __future__ import annotations

import functools
import textwrap
from dataclasses import field

from advisor.model.plan import Connector, Plan
from advisor.model.vocabulary import ScenarioId
from advisor.record import record

WIDTH = 540
BOX_HEIGHT = 46
ROW_GAP = 74  # between rows of boxes, room for the arrows and their numbers
TOP = 12
SPREAD = 24  # between arrows that join the same two boxes
MAX_PARTNER_BOXES = 3  # more partners share one box
CHAR_WIDTH = 8.8  # of a box label's characters, roughly, at the diagram's font size
MAX_LINES = 2
LEGEND_CHARS = 64
LEGEND_LINE = 20


_WHITESPACE = frozenset("\t\n\x0b\x0c\r")


@functools.lru_cache(maxsize=1024)  # the same labels come back in every diagram of a batch
def wrap(text: str, width: int) -> tuple[str, ...]:
    """`textwrap.wrap`, without its cost for the usual text that fits on one line as it is (no line breaks
    or tabs, no white space at either end for it to drop)."""
    if not text:
        return ()
    if len(text) <= width and not (text[0].isspace() or text[-1].isspace()) and _WHITESPACE.isdisjoint(text):
        return (text,)
    return tuple(textwrap.wrap(text, width))


@record(frozen=False)
class Box:
    id: str  # letters and digits only (Mermaid node ids)
    kind: str  # internet, partner, service, microsoft-365, server, devices
    label: str  # the full name (shown as a tooltip and in Mermaid)
    x: float = 0  # centre
    y: float = 0  # top
    width: float = 0
    mx: bool = False  # the MX records point here

    @property
    def lines(self) -> list[str]:
        chars = max(8, int((self.width - 12) / CHAR_WIDTH))
        wrapped = list(wrap(self.label, chars)) or [""]
        if len(wrapped) > MAX_LINES:
            wrapped = [wrapped[0], textwrap.shorten(" ".join(wrapped[1:]), chars, placeholder="…")]
        return wrapped

    @property
    def bottom(self) -> float:
        return self.y + BOX_HEIGHT

    @property
    def left(self) -> float:
        return round(self.x - self.width / 2, 1)

    @property
    def text_rows(self) -> list[tuple[float, str]]:
        """Each label line with its baseline, centred in the box."""
        lines = self.lines
        middle = self.y + BOX_HEIGHT / 2 + 5
        return [(round(middle + (i - (len(lines) - 1) / 2) * 16, 1), line) for i, line in enumerate(lines)]

    @property
    def badge_x(self) -> float:
        """The MX badge: at the box's top right corner."""
        return round(self.x + self.width / 2 - 30, 1)


@record(frozen=False)
class Arrow:
    source: str  # box ids
    target: str
    number: int | None  # the connector's number in the handout; None for plain mail flow (MX)
    name: str  # the connector's name, or the flow's label
    points: list[tuple[float, float]] = field(default_factory=list)

    @property
    def label_at(self) -> tuple[float, float]:
        (x1, y1), (x2, y2) = self.points[0], self.points[-1]
        return round((x1 + x2) / 2, 1), round((y1 + y2) / 2, 1)

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{x:g},{y:g}" for i, (x, y) in enumerate(self.points))


@record(frozen=False)
class Diagram:
    boxes: list[Box]
    arrows: list[Arrow]
    height: float
    legend: list[tuple[float, str]]  # lines under the picture: "1. <connector name>", wrapped, and where
    width: int = WIDTH


# Which box each scenario's connectors join Microsoft 365 with; a test keeps every scenario id here.
SCENARIO_BOXES: dict[ScenarioId, str] = {
    "cloud-only": "server",  # plans no connector: never drawn
    "standalone-eop": "server",
    "hybrid": "server",
    "filtering-service": "service",
    "processing-service": "processing",  # one box per service, beside Microsoft 365
    "device-relay": "devices",
    "partner-tls": "partners",  # one box per partner, or one for all when there are many
}


def _box_for(connector: Connector, partner_boxes: dict[str, str]) -> str:
    box = SCENARIO_BOXES[connector.scenario]
    if box == "partners":
        return partner_boxes.get(connector.party or "", "partners")
    if box == "processing":
        return partner_boxes.get("processing:" + (connector.party or ""), "processing0")
    return box


def _row(boxes: list[Box], y: float, width: float = WIDTH) -> None:
    """Spread boxes evenly across the width."""
    slot = width / max(len(boxes), 1)
    for i, box in enumerate(boxes):
        box.x, box.y, box.width = slot * (i + 0.5), y, min(slot - 16, 170)


def _rows(plan: Plan, words: dict[str, str]) -> tuple[list[list[Box]], dict[str, str]]:
    """The boxes, row by row, and which box each partner has."""
    ids = {s.id for s in plan.scenarios}
    partners = list(dict.fromkeys(s.partner for s in plan.scenarios if s.partner))
    outside = [Box("internet", "internet", words["internet"])]
    partner_boxes: dict[str, str] = {}
    if len(partners) > MAX_PARTNER_BOXES:
        outside.append(Box("partners", "partner", words["partners"].format(count=len(partners))))
    else:
        partner_boxes = {p: f"partner{i}" for i, p in enumerate(partners)}
        outside += [Box(partner_boxes[p], "partner", words["partner"].format(name=p)) for p in partners]
    rows: list[list[Box]] = [outside]
    if "filtering-service" in ids:
        named = [c.party for c in plan.connectors if c.scenario == "filtering-service" and c.party]
        name = named[0] if named else words["service-unnamed"]
        rows.append([Box("service", "service", words["service"].format(name=name))])
    rows.append([Box("m365", "microsoft-365", words["microsoft-365"])])
    own = []
    if plan.on_premises_side is not None or ids & {"hybrid", "standalone-eop"}:
        own.append(Box("server", "server", words["server"]))
    if "device-relay" in ids:
        own.append(Box("devices", "devices", words["devices"]))
    services = list(
        dict.fromkeys(c.party or "" for c in plan.connectors if c.scenario == "processing-service")
    )
    for i, name in enumerate(services):  # beside Microsoft 365's own side: mail goes there and comes back
        partner_boxes["processing:" + name] = f"processing{i}"
        own.append(Box(f"processing{i}", "service", words["service"].format(name=name)))
    if own:
        rows.append(own)
    return rows, partner_boxes


def diagram(plan: Plan, words: dict[str, str]) -> Diagram:
    """Lay out the plan's mail flow. `words` names the boxes (handout.yaml `diagram`)."""
    rows, partner_boxes = _rows(plan, words)
    y = TOP
    for row in rows:
        if row[0].id == "m365":
            row[0].x, row[0].y, row[0].width = WIDTH / 2, y, WIDTH - 40
        else:
            _row(row, y)
        y += BOX_HEIGHT + ROW_GAP
    boxes = {b.id: b for row in rows for b in row}
    if "service" in boxes:  # under the internet, clear of the partners' arrows
        boxes["service"].x, boxes["service"].width = boxes["internet"].x, boxes["internet"].width
    mx_at = {"microsoft-365": "m365", "filtering-service": "service", "on-premises": "server"}.get(
        plan.mx, "m365"
    )
    mx_box = boxes.get(mx_at, boxes["m365"])
    mx_box.mx = True
    arrows = [Arrow("internet", mx_box.id, None, words["mx"])]
    for number, c in enumerate(plan.connectors, 1):
        far = _box_for(c, partner_boxes)
        source, target = (far, "m365") if c.direction == "inbound" else ("m365", far)
        arrows.append(Arrow(source, target, number, c.name))
    _route(arrows, boxes)
    lines = [line for a in arrows if a.number for line in wrap(f"{a.number}. {a.name}", LEGEND_CHARS)]
    top = y - ROW_GAP + 24
    legend = [(float(top + i * LEGEND_LINE), line) for i, line in enumerate(lines)]
    return Diagram(list(boxes.values()), arrows, top + len(lines) * LEGEND_LINE + 8, legend)


def _route(arrows: list[Arrow], boxes: dict[str, Box]) -> None:
    """Straight arrows, spread apart where several join the same two boxes; around Microsoft 365 when the
    MX arrow must pass it to reach your server."""
    pairs: dict[frozenset[str], list[Arrow]] = {}
    for arrow in arrows:
        pairs.setdefault(frozenset((arrow.source, arrow.target)), []).append(arrow)
    for group in pairs.values():
        for i, arrow in enumerate(group):
            offset = (i - (len(group) - 1) / 2) * SPREAD
            a, b = boxes[arrow.source], boxes[arrow.target]
            upper, lower = (a, b) if a.y < b.y else (b, a)
            if arrow.number is None and upper.id == "internet" and lower.id == "server":
                edge = 8.0
                points = [(upper.x - upper.width / 2 + 10, upper.bottom), (edge, upper.bottom + 10)]
                points += [
                    (edge, lower.y + BOX_HEIGHT / 2),
                    (lower.x - lower.width / 2, lower.y + BOX_HEIGHT / 2),
                ]
                arrow.points = points
                continue
            x_top = upper.x + offset if upper.id != "m365" else lower.x + offset
            x_bottom = lower.x + offset if lower.id != "m365" else upper.x + offset
            start, end = (x_top, upper.bottom + 2), (x_bottom, lower.y - 2)
            arrow.points = [start, end] if arrow.source == upper.id else [end, start]
