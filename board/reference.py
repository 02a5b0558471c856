"""Reference tables generated from the code, kept in docs/ (a test fails when they drift).

`python -m board docs` rewrites the generated parts of docs/protocol.md (the JSON
Schema of the wire protocol) and docs/roles.md (the role x command matrix).
"""

from __future__ import annotations

import json
from pathlib import Path

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


GENERATED = {"protocol.md": ("schema", schema_block), "roles.md": ("matrix", role_matrix)}


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
