"""The colours a child draws with are named once (board/practice.py) and given to the
pad's swatches by classes in static/board.css (the content policy allows no inline
styles): the two must agree."""

from __future__ import annotations

import re
from pathlib import Path

from board.practice import DRAWING_COLOURS

CSS = Path(__file__).resolve().parents[2] / "static" / "board.css"


def test_every_drawing_colour_has_its_swatch_class() -> None:
    found = dict(re.findall(r"\.swatch-([a-z]+) \{ --swatch: (#[0-9a-f]{6}); \}", CSS.read_text()))
    assert found == DRAWING_COLOURS
