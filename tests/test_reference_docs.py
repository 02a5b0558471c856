"""The generated parts of docs/ match the code: the protocol schema and the role matrix."""

from __future__ import annotations

from pathlib import Path

import pytest

from board.reference import GENERATED, generated_part

DOCS = Path(__file__).resolve().parent.parent / "docs"


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
