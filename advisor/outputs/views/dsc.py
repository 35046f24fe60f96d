"""The plan as a Microsoft365DSC configuration (`--format dsc`), for MSPs that keep tenant configuration as
code: one `EXOInboundConnector`/`EXOOutboundConnector` block per planned connector and one `EXOTransportRule`
per mail flow rule, each with only the properties its resource's schema defines (`dsc_resources.yaml`).
Authentication is the configuration's parameters (an application id, a tenant id and a certificate
thumbprint), never a secret in the file. Values reach PowerShell only through `ps_value`."""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path
from typing import Any

from advisor import __version__
from advisor.bundled_data import load_mapping
from advisor.model.plan import Connector, Plan, Rule

RESOURCES_FILE = Path(__file__).with_name("dsc_resources.yaml")


@functools.cache
def resources() -> dict[str, Any]:
    return load_mapping(RESOURCES_FILE)


def blocks(plan: Plan) -> list[dict[str, Any]]:
    """Each planned object as a resource block: its resource, its key, the properties set, and the planned
    parameters the resource has no property for (named in the configuration, set by the script instead)."""
    table = resources()
    found = []
    items: list[Connector | Rule] = [*plan.connectors, *plan.rules]
    for item in items:
        resource = table["cmdlets"][item.cmdlet]
        schema = table[resource]
        allowed = set(schema["properties"])
        parameters = {k: v for k, v in item.parameters.items() if k != "Name"}
        found.append(
            {
                "resource": resource,
                "instance": f"{resource}-{item.name}",
                "key": schema["key"],
                "name": item.name,
                "properties": [(k, v) for k, v in parameters.items() if k in allowed],
                "left_out": [k for k in parameters if k not in allowed],
            }
        )
    return found


def render_dsc(
    plan: Plan,
    output_format: str = "dsc",
    *,
    today: date | None = None,
    source_name: str | None = None,
    **_context: Any,
) -> str:
    from advisor.outputs.engine.templating import environment

    return (
        environment()
        .get_template("dsc.ps1.j2")
        .render(
            plan=plan,
            blocks=blocks(plan),
            version=__version__,
            date=(today or date.today()).isoformat(),
            source_name=source_name,
        )
    )
