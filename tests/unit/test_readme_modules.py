"""The README's "Where things are" names every module of the board: a new module
that is not placed there fails here.

A module is named by its whole path (`board/web/app.py`), or by its file name in a row
that names its folder (`board/web/` (`app.py`, ...)); a folder's `__init__.py` is named
by its folder (`board/ws/`)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def table_rows() -> list[set[str]]:
    """The backquoted names in each row of the README's table."""
    text = (ROOT / "README.md").read_text()
    section = text.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    return [
        set(re.findall(r"`([^`]+)`", line))
        for line in section.splitlines()
        if line.startswith("|") and not line.startswith("| ---")
    ]


def named(module: str, rows: list[set[str]]) -> bool:
    folder, _, name = module.rpartition("/")
    folder += "/"
    if name == "__init__.py":
        return any(folder in row for row in rows)
    return any(module in row or (folder in row and name in row) for row in rows)


def test_every_module_is_named_in_the_readme_table() -> None:
    rows = table_rows()
    modules = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "board").rglob("*.py"))
    assert len(modules) > 100  # the walk found the package
    assert [m for m in modules if not named(m, rows)] == []


def test_a_module_named_nowhere_is_found() -> None:
    rows = [{"board/web/", "app.py"}, {"board/ws/hub.py"}]
    assert named("board/web/app.py", rows) and named("board/ws/hub.py", rows)
    assert named("board/web/__init__.py", rows)
    assert not named("board/web/hub.py", rows)
    assert not named("board/ws/app.py", rows)
    assert not named("board/storage/__init__.py", rows)
