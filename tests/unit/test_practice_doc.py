"""docs/practice.md is where the next practice review starts: it must list every
element id of the review (E01–E72, T1–T20) once, each with a state the review uses, and
its counts table must add up to those rows."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "practice.md"
ROW = re.compile(r"^\| (E\d\d|T\d+) \| [^|]+ \| ([FPN]) \| ([^|]+) \|", re.M)


def test_every_element_and_timescale_is_listed_once_with_a_state() -> None:
    rows = ROW.findall(DOC.read_text(encoding="utf-8"))
    ids = [row[0] for row in rows]
    expected = [f"E{n:02d}" for n in range(1, 73)] + [f"T{n}" for n in range(1, 21)]
    assert sorted(ids) == sorted(expected)
    assert len(ids) == len(set(ids)) == 92


def test_the_counts_table_adds_up() -> None:
    text = DOC.read_text(encoding="utf-8")
    counted = Counter((row[0][0], row[1]) for row in ROW.findall(text))
    for group, first in (("E01–E72", "E"), ("T1–T20", "T")):
        found = re.search(rf"^\| {group} \| (\d+) \| (\d+) \| (\d+) \|$", text, re.M)
        assert found is not None, group
        assert tuple(int(n) for n in found.groups()) == (
            counted[(first, "F")],
            counted[(first, "P")],
            counted[(first, "N")],
        ), group


def test_a_full_element_says_where_it_lives() -> None:
    for element, state, where in ROW.findall(DOC.read_text(encoding="utf-8")):
        if state == "F":
            assert where.strip() not in ("", "—"), element
