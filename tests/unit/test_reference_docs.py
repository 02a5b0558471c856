"""The generated parts of docs/ match the code: the protocol schema and the role matrix."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

from board import events as ev
from board.cli.reference import GENERATED, generated_part

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("filename", sorted(GENERATED))
def test_generated_docs_are_in_step_with_the_code(filename: str) -> None:
    name, make = GENERATED[filename]
    text = (DOCS / filename).read_text()
    span = generated_part(text, name)
    assert span is not None, f"docs/{filename} lost its generated:{name} markers"
    assert text[span[0] : span[1]].strip() == make().strip(), (
        f"docs/{filename} is out of date: run `python -m board docs`"
    )


def test_the_schema_names_every_command_and_frame() -> None:
    text = (DOCS / "protocol.md").read_text()
    for name in ("cast_vote", "add_plan_rule", "caught_up", "goodbye", "welcome"):
        assert f'"{name}"' in text


def test_every_test_named_in_the_security_page_exists() -> None:
    """docs/security.md links each attack to its test: the links must not go stale."""
    text = (DOCS / "security.md").read_text()
    named = re.findall(r"`(tests/[a-z_/]+\.py)::([a-z0-9_]+)`", text)
    assert len(named) >= 30
    root = DOCS.parent
    for path, test in named:
        source = (root / path).read_text()
        assert re.search(rf"^(async )?def {test}\(", source, re.MULTILINE), f"{path}::{test}"


def test_every_fact_has_its_entry_in_the_events_page() -> None:
    """A new fact cannot land undocumented: docs/events.md names each one in full."""
    text = (DOCS / "events.md").read_text()
    facts = [fact.__name__ for fact in typing.get_args(ev.AnyFact)]
    assert len(facts) >= 50
    missing = [name for name in facts if f"`{name}`" not in text]
    assert missing == []
