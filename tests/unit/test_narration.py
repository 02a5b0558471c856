"""Every fact has its own sentence in the replay: none falls back to a vague "changed
the board", whatever its fields hold and on a board that knows nothing of what it names."""

from __future__ import annotations

import typing
import uuid
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board import events as ev
from board.events import Author, CaseEvent
from board.projections.board import project
from board.projections.narration import in_brief, in_words, what_happened

FACTS = typing.get_args(ev.AnyFact)
CASE = uuid.UUID(int=7)
AT = datetime(2026, 3, 24, 11, 5, tzinfo=UTC)
CHAIR = Author(participant_id="p-chair", name="Sam Reid", role="chair")


@pytest.mark.parametrize("fact_type", FACTS, ids=lambda t: t.__name__)
@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_every_fact_is_told_in_its_own_words(fact_type: type[ev.Fact], data: st.DataObject) -> None:
    fact = data.draw(st.from_type(fact_type))
    event = CaseEvent(case_id=CASE, position=1, at=AT, by=CHAIR, meeting_id=None, fact=fact)
    empty = project([])
    said = what_happened(event, empty)
    assert said.strip() != ""
    assert "changed the board" not in said
    # A meeting's opening is told as part of that meeting; anything else with no
    # meeting open, between meetings.
    where = "Between meetings" if not isinstance(fact, ev.MeetingOpened) else ""
    sentence = in_words(event, empty)
    assert sentence.startswith(f"24 March 2026, 11:05, {where}")
    assert " \u2014 Sam Reid (chair) " in sentence
    assert said in sentence
    brief = in_brief(event, empty)
    assert brief.startswith("Sam Reid (chair) ")
    assert said in brief


def test_a_known_fact_reads_as_the_practice_says_it() -> None:
    fact = ev.PlanRuleSetAside(rule_id="r1", reason="Gran is away in May")
    event = CaseEvent(case_id=CASE, position=1, at=AT, by=CHAIR, meeting_id=None, fact=fact)
    assert in_brief(event, project([])) == (
        "Sam Reid (chair) set aside a suggested rule, because \u201cGran is away in May\u201d"
    )
