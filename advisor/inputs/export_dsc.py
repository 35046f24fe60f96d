"""Microsoft365DSC configurations (`Export-M365DSCConfiguration`): the `EXOInboundConnector`,
`EXOOutboundConnector` and `EXOAcceptedDomain` blocks as records under the cmdlets' field names.

Parsed with the real PowerShell grammar (tree-sitter-powershell), never with regular expressions: a block is a
resource name with its instance name, then a script block of `Property = value;` statements. Values are
literals: `$True`/`$False`/`$null`, quoted strings, numbers and `@(...)` arrays of them. A value that is a
variable or an expression (`$Credscredential`, `$ConfigurationData.NonNodeData.OrganizationName`) is not
known offline and is left out, so the record says nothing about it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from advisor.errors import UserError

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

RESOURCE_KIND = {
    "exoinboundconnector": "inbound",
    "exooutboundconnector": "outbound",
    "exoaccepteddomain": "domain",
}
# Properties of the resources that name what the cmdlets call otherwise; names are matched ignoring case
# (exports write `UseMxRecord` where the schema says `UseMXRecord`).
RENAMED = {"identity": "Name"}
KNOWN = (
    "AssociatedAcceptedDomains",
    "AllAcceptedDomains",
    "CloudServicesMailEnabled",
    "Comment",
    "ConnectorSource",
    "ConnectorType",
    "DomainType",
    "EFSkipIPs",
    "EFSkipLastIP",
    "EFTestMode",
    "EFUsers",
    "Enabled",
    "Ensure",
    "IsTransportRuleScoped",
    "RecipientDomains",
    "RequireTls",
    "RestrictDomainsToCertificate",
    "RestrictDomainsToIPAddresses",
    "RouteAllMessagesViaOnPremises",
    "SenderDomains",
    "SenderIPAddresses",
    "SmartHosts",
    "TestMode",
    "TlsDomain",
    "TlsSenderCertificateName",
    "TlsSettings",
    "TreatMessagesAsInternal",
    "UseMXRecord",
)
CANONICAL = {name.lower(): name for name in KNOWN}
# What a record of each kind must carry so the reader recognises it (the resources' keys).
KIND_FIELD = {"inbound": "SenderDomains", "outbound": "RecipientDomains", "domain": "DomainName"}
_UNKNOWN = object()
UNRESOLVED = "__unresolved__"  # the record's properties given by a variable: not read (never taken as empty)


def name_of(instance: str) -> str:
    return instance.strip().strip("'\"")


ASSIGNMENT_PARTS = 2  # `=` and the value


@functools.cache
def _parser() -> Parser:
    try:
        import tree_sitter_powershell
        from tree_sitter import Language, Parser
    except ImportError:  # pragma: no cover - both are dependencies of the package
        raise UserError(
            "reading a Microsoft365DSC configuration needs tree-sitter and tree-sitter-powershell",
            "install connector-advisor again with pip, which brings them",
        ) from None
    return Parser(Language(tree_sitter_powershell.language()))


def dsc_records(path: str, text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The connector and accepted-domain records of a configuration, in the order of its blocks, and notes on
    the blocks left out (`Ensure = "Absent"`, or an accepted domain named by a variable)."""
    root = _parser().parse(text.encode("utf-8")).root_node
    if root.has_error:
        line, column = _first_error(root)
        raise UserError(
            f"{path} is not valid PowerShell (line {line + 1}, column {column + 1}): nothing is read from a "
            "configuration the grammar cannot read whole",
            "export the configuration again with Export-M365DSCConfiguration, or fix the file",
        )
    records: list[dict[str, Any]] = []
    notes: list[str] = []
    for name, instance, block in _blocks(root):
        kind = RESOURCE_KIND[name.lower()]
        record = _record(block)
        known = [n for n in record.get(UNRESOLVED, []) if n in KNOWN]
        if known:
            notes.append(
                f"{path}: {name_of(instance)}: {', '.join(known)} given by a variable or an expression: not "
                "known offline, not checked"
            )
        if str(record.get("Ensure", "Present")).lower() == "absent":
            notes.append(f"{path}: {name} {instance} is declared absent: not a connector the tenant has")
            continue
        if kind == "domain":
            if not isinstance(record.get("Name"), str):
                notes.append(f"{path}: {name} {instance} is named by a variable: not known offline, left out")
                continue
            record.setdefault("DomainName", record.get("Name"))
        else:
            record.setdefault(KIND_FIELD[kind], [])  # an absent list is an empty one in the cmdlets too
        records.append(record)
    if not records:
        raise UserError(f"{path} has no EXOInboundConnector, EXOOutboundConnector or EXOAcceptedDomain block")
    return records, notes


def _record(block: Node) -> dict[str, Any]:
    """A block's properties under the cmdlets' names; those given by a variable listed under UNRESOLVED."""
    record: dict[str, Any] = {}
    unknown: list[str] = []
    for key, value in _properties(block):
        lowered = key.lower()
        field = RENAMED.get(lowered) or CANONICAL.get(lowered, key)
        if value is _UNKNOWN:
            unknown.append(field)
        else:
            record[field] = value
    if unknown:
        record[UNRESOLVED] = unknown
    return record


def _text(node: Node) -> str:
    return node.text.decode("utf-8") if node.text is not None else ""


def _blocks(root: Node) -> list[tuple[str, str, Node]]:
    """Each resource command (`EXOInboundConnector "name"`) with the script block that follows it, in the
    same statement (on one line) or as the next statement (the brace on its own line, as exports write it)."""
    found: list[tuple[str, str, Node]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        children = list(node.children)
        for i, child in enumerate(children):
            command = _command(child)
            if command is None:
                continue
            name_node = next((c for c in command.children if c.type == "command_name"), None)
            name = _text(name_node) if name_node is not None else ""
            if name.lower() not in RESOURCE_KIND:
                continue
            block = _script_block(command) or next(
                (_script_block(n) for n in children[i + 1 : i + 2] if _script_block(n) is not None), None
            )
            if block is not None:
                elements = next((c for c in command.children if c.type == "command_elements"), None)
                instance = _text(elements).strip() if elements is not None else ""
                found.append((name, instance, block))
        stack.extend(reversed(children))
    return found


def _command(node: Node) -> Node | None:
    """The command a statement consists of (pipeline > pipeline_chain > command), if it is one."""
    while node.type in ("pipeline", "pipeline_chain") and node.named_child_count == 1:
        node = node.named_children[0]
    return node if node.type == "command" else None


def _script_block(node: Node) -> Node | None:
    """The script block a statement is or ends with."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "script_block":
            return current
        stack.extend(reversed(current.children))
    return None


def _properties(block: Node) -> list[tuple[str, Any]]:
    """`Property = value` statements directly in the block (the grammar reads each as a command)."""
    found: list[tuple[str, Any]] = []
    body = next((c for c in block.children if c.type == "script_block_body"), block)
    statements = next((c for c in body.children if c.type == "statement_list"), None)
    for statement in statements.children if statements is not None else []:
        command = _command(statement)
        if command is None:
            continue
        name_node = next((c for c in command.children if c.type == "command_name"), None)
        elements = next((c for c in command.children if c.type == "command_elements"), None)
        if name_node is None or elements is None:
            continue
        parts = [c for c in elements.children if c.type != "command_argument_sep"]
        if len(parts) >= ASSIGNMENT_PARTS and _text(parts[0]) == "=":
            found.append((_text(name_node), _value(parts[1])))
    return found


def _value(node: Node) -> Any:
    text = _text(node).strip()
    lowered = text.lower()
    if lowered in ("$true", "$false"):
        return lowered == "$true"
    if lowered == "$null":
        return None
    if text.startswith("@("):
        if _has_expression(node):
            return _UNKNOWN  # a variable or a command among the items: the list is not known offline
        items = [_literal(n) for n in _literals(node)]
        return [i for i in items if isinstance(i, str)]
    literal = _literal(node)
    return _UNKNOWN if literal is None else literal


EXPRESSIONS = ("variable", "command", "member_access", "invokation_expression", "sub_expression")


def _has_expression(node: Node) -> bool:
    """A variable, a command or a member access anywhere inside (an array of literals has none)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in EXPRESSIONS or current.type.startswith(EXPRESSIONS):
            return True
        stack.extend(current.children)
    return False


def _first_error(root: Node) -> tuple[int, int]:
    stack = [root]
    while stack:
        current = stack.pop()
        if current.type == "ERROR" or current.is_missing:
            return current.start_point[0], current.start_point[1]
        stack.extend(reversed(current.children))
    return 0, 0


def _literals(node: Node) -> list[Node]:
    """The string and number literals inside an array expression, in order."""
    found: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in ("string_literal", "integer_literal", "real_literal"):
            found.append(current)
            continue
        stack.extend(reversed(current.children))
    return found


def _literal(node: Node) -> str | None:
    """A quoted string's text ('...' with '' doubled, "..." with `" and "" escapes) or a number, else None."""
    text = _text(node).strip()
    quoted = len(text) >= len("''")
    if quoted and text[0] == text[-1] == "'":
        return text[1:-1].replace("''", "'")
    if quoted and text[0] == text[-1] == '"':
        inner = text[1:-1]
        if "$" in inner.replace("`$", ""):
            return None  # an expandable string with a variable: not known offline
        return inner.replace('""', '"').replace('`"', '"').replace("`$", "$").replace("``", "`")
    if text.replace(".", "", 1).isdigit():
        return text
    return None
