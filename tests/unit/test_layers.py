"""Layer is told by place, and imports run down only: the web edge and the websocket
reach the store through the application (its use cases, its errors, its records), never
directly; the store knows nothing of what is built on it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOARD = Path(__file__).resolve().parents[2] / "board"


def imported(path: Path) -> set[str]:
    """Every module the file imports (`from board.x import y` counts board.x and
    board.x.y, as y may be a module)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def reaching(folders: tuple[str, ...], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for folder in folders:
        for path in sorted((BOARD / folder).rglob("*.py")):
            for name in sorted(imported(path)):
                if name in forbidden or name.startswith(tuple(f"{f}." for f in forbidden)):
                    found.append(f"{path.relative_to(BOARD.parent)} imports {name}")
    return found


def test_no_web_or_websocket_module_imports_the_store() -> None:
    assert reaching(("web", "ws"), ("board.storage",)) == []


@pytest.mark.parametrize(
    ("folder", "above"),
    [
        ("storage", ("board.application", "board.web", "board.ws", "board.cli")),
        ("application", ("board.web", "board.ws", "board.cli")),
        ("projections", ("board.storage", "board.application", "board.web", "board.ws")),
    ],
)
def test_a_layer_imports_nothing_above_it(folder: str, above: tuple[str, ...]) -> None:
    assert reaching((folder,), above) == []


def test_the_rule_sees_an_import_of_the_store(tmp_path: Path) -> None:
    module = tmp_path / "handler.py"
    module.write_text("from board.storage.case_keys import CaseErased\nimport board.storage\n")
    assert {"board.storage.case_keys", "board.storage"} <= imported(module)
