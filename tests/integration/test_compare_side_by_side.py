"""The review beside the initial conference: two maps side by side, each item marked;
the room going through the conference's items; every thread's history in one pass."""

from __future__ import annotations

from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from random_cases import random_app, write_random_case

from board import commands as c
from board.application.service import BoardApplication
from board.cli.demo import AMIRA, HUGHES, SAM, write_demo_case
from board.events import Author, CaseEvent
from board.practice import Domain, Framework, MeetingKind, Role
from board.projections.history import ThreadIndex, histories, wording_of, wordings_from
from board.projections.side_by_side import Mark, side_by_side
from board.projections.summary import summary
from board.storage.store import CaseStore


def test_the_review_laid_beside_the_conference(store: CaseStore) -> None:
    case_id = write_demo_case(store)
    app = BoardApplication(store)
    before = app.board(case_id, app.resolve_point(case_id, "icpc"))
    after = app.board(case_id, app.resolve_point(case_id, "review"))
    rows = side_by_side(before, after)

    by_domain = {d.domain: d.rows for d in rows.domains}
    assert [d.domain for d in rows.domains] == [
        Domain.HARM,
        Domain.DANGER,
        Domain.COMPLICATING_FACTORS,
        Domain.EXISTING_STRENGTHS,
        Domain.EXISTING_SAFETY,
        Domain.SAFETY_GOALS,
        Domain.NEXT_STEPS,
    ]
    complicating = {
        (r.before or r.after).text: r  # type: ignore[union-attr]
        for r in by_domain[Domain.COMPLICATING_FACTORS]
    }
    late = complicating["Lily is often late on Mondays"]
    assert late.mark is Mark.NO_LONGER_TRUE
    assert late.reason == "the school says Lily has been on time most days since April"
    low_mood = complicating["Jess has had low mood since her father died last year"]
    assert low_mood.mark is Mark.CHANGED
    assert low_mood.after is not None and low_mood.after.text == (
        "Jess has had low mood since her father died; she is now seeing her GP and a counsellor"
    )
    assert complicating["Dan drinks heavily at weekends"].mark is Mark.UNCHANGED

    safety = {r.after.text: r.mark for r in by_domain[Domain.EXISTING_SAFETY] if r.after}
    assert safety["Lily is on time most days since April"] is Mark.NEW
    assert safety["Lily's attendance since April is 97%"] is Mark.NEW
    assert (
        safety["Lily stays with Gran on Friday nights and is always picked up on time"]
        is Mark.NO_LONGER_TRUE
    )
    strengths = {r.after.text: r.mark for r in by_domain[Domain.EXISTING_STRENGTHS] if r.after}
    assert strengths["Jess loves Lily and reads with her every night"] is Mark.STILL_TRUE
    assert strengths["Sophie lives two streets away and sees Lily most days"] is Mark.UNCHANGED
    # The police report's point, mapped at the conference (E72), stands at the review.
    assert (
        complicating[
            "Police were called to the home twice in February after shouting late at night"
        ].mark
        is Mark.UNCHANGED
    )

    first, school = rows.statements
    assert (first.number, first.mark) == (1, Mark.UNCHANGED)  # reworded before the ICPC closed
    assert [g.mark for g in first.goals] == [Mark.CHANGED]
    assert first.goals[0].before is not None and "six months" not in first.goals[0].before.text
    assert "six months" in first.goals[0].after.text
    assert first.scale_before is not None and first.scale_after is not None
    assert (first.scale_before.middle, first.scale_after.middle) == (4.5, 7.5)
    assert (school.number, school.mark) == (2, Mark.RETIRED)
    # Scaled at the conference (W41: every danger statement is scaled), not again once
    # it was closed: the same 3 people's scores, middle 4 (6, 3 and 4).
    assert school.scale_before is not None and school.scale_after is not None
    assert (school.scale_before.middle, school.scale_before.people) == (4.0, 3)

    # Jess's school-run rule came in at the core group and went at the review: it is
    # on neither map, so it is not a row.
    marks = sorted((r.mark.value, r.after.who) for r in rows.rules)
    # The contingency plan names no one ("who" is blank).
    assert marks == [
        ("changed", "Gran Pat"),
        ("new", ""),
        ("new", "Amira Khan (social worker)"),
        ("new", "Aunt Sophie"),
        ("new", "Dan"),
        ("new", "Jess"),
        ("new", "Ms Hughes (school)"),
        ("new", "Whoever notices"),
        ("unchanged", "Dan"),
        ("unchanged", "Everyone who looks after Lily"),
    ]

    people = {p.name: [(m.before, m.after) for m in p.movements] for p in rows.people}
    assert people == {
        # Danger statement 1, then 2 (scaled at the conference only, W41).
        "Jess (mum)": [(6, 8), (6, 6)],
        "Dan (Jess's partner)": [(6, 7)],
        "Gran Pat": [(5, 8)],
        "Ms Hughes (school)": [(4, 7), (3, 3)],
        "Nurse Okafor (health visitor)": [(4, None)],
        "Amira Khan": [(3, 6), (4, 4)],
        "Aunt Sophie": [(None, 8)],
    }

    said = summary(rows, before, after)
    assert said[0] == (
        "The mapping: 4 new, 1 changed, 2 agreed still true, 7 unchanged and 4 no longer true."
    )
    assert said[1] == (
        "Danger statement 1 is unchanged; its safety goal was reworded. "
        "The middle score went from 4.5 to 7.5 (up)."
    )
    assert said[2] == (
        "Danger statement 2 was closed: "
        "Lily has been at school on time every day since April; the network's plan works."
    )
    assert said[3] == ("The plan: 7 new rules, 1 rule changed and 2 rules unchanged.")
    assert (
        said[4]
        # The 3 scores for danger statement 2, given at the conference, stand at both.
        == "Of the scores given at both points, 5 went up, 0 went down and 3 stayed the same."
    )


def test_the_same_board_beside_itself_is_all_unchanged(store: CaseStore) -> None:
    case_id = write_demo_case(store)
    board = BoardApplication(store).board(case_id)
    rows = side_by_side(board, board)
    marks = {r.mark for d in rows.domains for r in d.rows}
    assert marks <= {Mark.UNCHANGED, Mark.STILL_TRUE} and Mark.UNCHANGED in marks
    assert all(r.mark in (Mark.UNCHANGED,) for r in rows.rules)
    assert {r.mark for r in rows.statements} == {Mark.UNCHANGED}


# -- going through the conference's items -------------------------------------


def _case_with_an_item(app: BoardApplication) -> tuple[UUID, str]:
    case_id = app.open_case("Kit", "the Test family", Framework.SAFETY, AMIRA)
    app.execute(case_id, c.AddItem(domain=Domain.HARM, text="Kit was late on Monday"), AMIRA)
    (item_id,) = app.board(case_id).items
    return case_id, item_id


def test_items_are_gone_through_at_a_meeting(app: BoardApplication) -> None:
    case_id, item_id = _case_with_an_item(app)
    head = app.head(case_id)
    for command in (
        c.ConfirmItem(item_id=item_id),
        c.MarkItemNoLongerTrue(item_id=item_id, reason="On time now"),
    ):
        with pytest.raises(c.CommandRefused) as refused:
            app.execute(case_id, command, SAM)
        assert refused.value.code == "no_open_meeting"
        assert app.head(case_id) == head


def test_review_refusals_record_nothing(app: BoardApplication) -> None:
    case_id, item_id = _case_with_an_item(app)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.REVIEW_CONFERENCE), SAM)
    head = app.head(case_id)
    parent = Author("p-parent", "Jo (mum)", Role.PARENT)
    attempts = [
        (c.MarkItemNoLongerTrue(item_id=item_id, reason="   "), SAM, "empty_text"),
        (c.MarkItemNoLongerTrue(item_id=item_id, reason="x" * 1001), SAM, "text_too_long"),
        (c.MarkItemNoLongerTrue(item_id="no-such-item", reason="Gone"), SAM, "item_not_found"),
        (c.ConfirmItem(item_id="no-such-item"), SAM, "item_not_found"),
        (c.ConfirmItem(item_id=item_id), parent, "forbidden"),
        (c.ConfirmItem(item_id=item_id), HUGHES, "forbidden"),
    ]
    for command, by, code in attempts:
        with pytest.raises(c.CommandRefused) as refused:
            app.execute(case_id, command, by)
        assert refused.value.code == code, (command, refused.value.message)
        assert app.head(case_id) == head

    app.execute(case_id, c.ConfirmItem(item_id=item_id), SAM)
    with pytest.raises(c.CommandRefused) as twice:
        app.execute(case_id, c.ConfirmItem(item_id=item_id), SAM)
    assert twice.value.code == "no_change"
    app.execute(case_id, c.MarkItemNoLongerTrue(item_id=item_id, reason=" On time now "), SAM)
    item = app.board(case_id).items[item_id]
    assert (item.removed, item.no_longer_true) == (True, "On time now")
    with pytest.raises(c.CommandRefused) as again:
        app.execute(case_id, c.ConfirmItem(item_id=item_id), SAM)
    assert again.value.code == "item_removed"


# -- every thread in one pass equals a scan per thread ---------------------------


def _scan(events: list[CaseEvent], thread_id: str) -> list[tuple[int, str, str]]:
    """The old way: every event looked at for one thread (the reference)."""
    found = []
    for event in events:
        wording = wording_of(event.fact)
        if wording is not None and wording[0] == thread_id:
            found.append((event.position, wording[1], wording[2]))
    return found


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_one_pass_equals_a_scan_per_thread(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    app = random_app(str(tmp_path_factory.mktemp("threads") / "board.sqlite3"), snapshot_every=7)
    try:
        case_id = write_random_case(data, app, max_steps=40)
        events = list(app.events(case_id))
        every = histories(events)
        index = ThreadIndex()
        split = data.draw(st.integers(0, len(events)))
        index.extend(events[:split])  # caught up in two goes, as a growing case is
        index.extend(events[split:])
        board = app.board(case_id)
        threads = {*board.items, *board.danger_statements, *board.safety_goals, *board.plan}
        threads |= set(board.harm_statements)
        assert set(every) == {t for t in threads if _scan(events, t)}
        for thread_id in threads:
            expected = _scan(events, thread_id)
            assert [(w.position, w.change, w.text) for w in every.get(thread_id, [])] == expected
            positions = index.positions(thread_id)
            assert positions == [p for p, _, _ in expected]
            read_back = wordings_from(events[p - 1] for p in positions)
            assert [(w.position, w.change, w.text) for w in read_back] == expected
    finally:
        app.close()


def test_an_index_refuses_a_gap(store: CaseStore) -> None:
    case_id = write_demo_case(store)
    events = list(BoardApplication(store).events(case_id))
    index = ThreadIndex()
    with pytest.raises(ValueError, match="cannot follow"):
        index.extend(events[1:])
