"""Reference tables generated from the code, kept in docs/ (a test fails when they drift).

`python -m board docs` rewrites the generated parts of docs/protocol.md (the JSON
Schema of the wire protocol), docs/roles.md (the role x command matrix) and
docs/api.md (the HTTP API's reference, from its OpenAPI document).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from board.commands import PERMISSIONS, command_name
from board.practice import ROLE_NAMES, Role
from board.ws.protocol import json_schema

START, END = "<!-- generated:{name}:start -->", "<!-- generated:{name}:end -->"


def schema_block() -> str:
    return "```json\n" + json.dumps(json_schema(), indent=2, sort_keys=True) + "\n```"


def role_matrix() -> str:
    roles = list(Role)
    header = "| command | " + " | ".join(ROLE_NAMES[r] for r in roles) + " |"
    rule = "| --- |" + " :---: |" * len(roles)
    rows = [
        f"| `{command_name(command)}` | "
        + " | ".join("yes" if r in allowed else "–" for r in roles)
        + " |"
        for command, allowed in PERMISSIONS.items()
    ]
    return "\n".join([header, rule, *rows])


# The HTTP API's reference. A Board and an exported event are described as shapes, but
# what they hold is left to the JSON Schema (and to docs/protocol.md and docs/events.md).
_NOT_OPENED = frozenset({"Board", "ExportedEvent"})
_REF = "#/components/schemas/"


def api_reference() -> str:
    """docs/api.md's reference, made from the OpenAPI document the server serves."""
    from board.web.openapi import openapi_document

    document = openapi_document()
    schemas: dict[str, Any] = document["components"]["schemas"]
    operations = [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]
    shown = _shapes_shown(operations, schemas)
    out = ["## Endpoints", "", "| request | what | who |", "| --- | --- | --- |"]
    for method, path, operation in operations:
        title = f"`{method} {path}`"
        out.append(
            f"| [{title}](#{_anchor(title)}) | {_cell(operation['summary'])} "
            f"| {_cell(operation['x-who'])} |"
        )
    for method, path, operation in operations:
        out += ["", f"### `{method} {path}`", "", f"**{operation['summary']}.**"]
        if operation.get("description"):
            out += ["", operation["description"]]
        if operation["parameters"]:
            out += ["", "| parameter | in | | meaning |", "| --- | --- | --- | --- |"]
            for parameter in operation["parameters"]:
                default = parameter["schema"].get("default")
                need = (
                    "required"
                    if parameter["required"]
                    else f"default `{default}`"
                    if default is not None
                    else "optional"
                )
                out.append(
                    f"| `{parameter['name']}` | {parameter['in']} | {need} "
                    f"| {_cell(parameter['description'])} |"
                )
        if "requestBody" in operation:
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            out += ["", f"Body (`application/json`): {_type(body, shown)}"]
        out += ["", "| answer | body | when |", "| --- | --- | --- |"]
        for status, response in operation["responses"].items():
            content = response.get("content", {})
            kinds = [
                _type(c["schema"], shown) + ("" if t == "application/json" else f" a line (`{t}`)")
                for t, c in content.items()
            ]
            out.append(
                f"| {status} | {' '.join(kinds) or 'none'} | {_cell(response['description'])} |"
            )
    out += ["", "## Shapes", ""]
    out.append(
        "The bodies the API takes and answers with, and what they hold (generated from "
        "the msgspec types; every field is always present in an answer). A name without "
        "a link is described in the JSON Schema below."
    )
    for name in sorted(shown):
        out += ["", f"### {name}", ""]
        out += _shape(schemas[name], shown)
    out += [
        "",
        "## JSON Schema",
        "",
        "<details>",
        "<summary>Every component of the OpenAPI document (served at "
        "<code>/api/openapi.json</code>)</summary>",
        "",
        "```json",
        json.dumps(schemas, indent=2, sort_keys=True),
        "```",
        "",
        "</details>",
    ]
    return "\n".join(out)


def _refs(schema: Any) -> list[str]:
    """The component names a schema refers to, in order."""
    if isinstance(schema, dict):
        found = [schema["$ref"].removeprefix(_REF)] if "$ref" in schema else []
        return found + [name for value in schema.values() for name in _refs(value)]
    if isinstance(schema, list):
        return [name for value in schema for name in _refs(value)]
    return []


def _shapes_shown(operations: list[tuple[str, str, Any]], schemas: dict[str, Any]) -> set[str]:
    """The shapes described in words: what the operations take and answer with, and what
    those hold, but not what a Board or an exported event holds."""
    shown: set[str] = set()
    waiting = [name for _, _, operation in operations for name in _refs(operation)]
    while waiting:
        name = waiting.pop()
        if name in shown:
            continue
        shown.add(name)
        if name not in _NOT_OPENED:
            waiting.extend(_refs(schemas[name]))
    return shown


def _anchor(title: str) -> str:
    """The anchor a markdown heading gets (GitHub's rule)."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _type(schema: dict[str, Any], shown: set[str]) -> str:
    """A schema's type in a few words, its named shapes linked to where they are described."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix(_REF)
        return f"[`{name}`](#{_anchor(name)})" if name in shown else f"`{name}`"
    if "discriminator" in schema:  # the facts: one of many types, tagged
        tag = schema["discriminator"]["propertyName"]
        count = len(schema["discriminator"]["mapping"])
        return f"one of {count} types, told apart by its `{tag}` (`docs/events.md`)"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " or ".join(_type(s, shown) for s in schema[key])
    if "enum" in schema:
        return " or ".join(f"`{json.dumps(v)}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{json.dumps(schema['const'])}`"
    kind = schema.get("type")
    if kind == "array":
        return "list of " + _type(schema.get("items", {}), shown)
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return "object of " + _type(schema["additionalProperties"], shown) + " by key"
    if kind == "null":
        return "null"
    if isinstance(kind, str):
        return kind + (f" ({schema['format']})" if "format" in schema else "")
    return "any JSON"


def _shape(schema: dict[str, Any], shown: set[str]) -> list[str]:
    out = []
    if schema.get("description"):
        out += [" ".join(schema["description"].split()), ""]
    if "enum" in schema:
        return [*out, "One of: " + ", ".join(f"`{v}`" for v in schema["enum"]) + "."]
    if "properties" not in schema:
        return [*out, "A " + _type(schema, shown) + "."]
    required = set(schema.get("required", []))
    out += ["| field | type | | meaning |", "| --- | --- | --- | --- |"]
    for field, value in schema["properties"].items():
        need = (
            "required"
            if field in required
            else f"default `{json.dumps(value['default'])}`"
            if "default" in value
            else "optional"
        )
        out.append(
            f"| `{field}` | {_type(value, shown)} | {need} | {_cell(value.get('description', ''))} |"
        )
    return out


GENERATED = {
    "protocol.md": ("schema", schema_block),
    "roles.md": ("matrix", role_matrix),
    "api.md": ("reference", api_reference),
}


def generated_part(text: str, name: str) -> tuple[int, int] | None:
    """Where the generated text between a pair of markers starts and ends."""
    start, end = text.find(START.format(name=name)), text.find(END.format(name=name))
    if start < 0 or end < start:
        return None
    return start + len(START.format(name=name)), end


def update_docs(docs: Path) -> list[str]:
    """Rewrite the generated parts; return the names of the files that changed."""
    changed = []
    for filename, (name, make) in GENERATED.items():
        path = docs / filename
        text = path.read_text()
        span = generated_part(text, name)
        if span is None:
            raise ValueError(f"{path} has no generated:{name} markers")
        new = "\n" + make() + "\n"
        if text[span[0] : span[1]] != new:
            path.write_text(text[: span[0]] + new + text[span[1] :])
            changed.append(filename)
    return changed


# -- the commands that print or rewrite the reference ---------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(json_schema(), indent=2, sort_keys=True))
    return 0


def cmd_openapi(args: argparse.Namespace) -> int:
    from board.web.openapi import openapi_document

    print(json.dumps(openapi_document(), indent=2))
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    changed = update_docs(Path(args.docs))
    print("Updated: " + ", ".join(changed) if changed else "The generated docs were up to date.")
    return 0
