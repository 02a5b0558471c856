"""The demo case read like a story: the review compared with the conference."""

from __future__ import annotations

from board.application import BoardApplication
from board.demo import write_demo_case
from board.practice import Domain, MeetingKind
from board.projections.diff import diff
from board.store import CaseStore


def test_review_compared_with_the_conference(store: CaseStore) -> None:
    case_id = write_demo_case(store)
    app = BoardApplication(store)
    icpc = app.resolve_point(case_id, "icpc")
    review = app.resolve_point(case_id, "review")
    assert 0 < icpc < review == app.head(case_id)

    before, after = app.board(case_id, icpc), app.board(case_id, review)
    comparison = diff(before, after)

    assert [m.kind for m in after.meetings.values()] == [
        MeetingKind.FAMILY_NETWORK,
        MeetingKind.ICPC,
        MeetingKind.CORE_GROUP,
        MeetingKind.REVIEW_CONFERENCE,
    ]
    safety = next(d for d in comparison.domains if d.domain is Domain.EXISTING_SAFETY)
    assert any("97%" in item.text for item in safety.added)
    # The review marks the conference's "late on Mondays" no longer true and adds the new
    # fact: a fact is never reworded into a different one.
    assert safety.moved_in == []
    assert any(item.text == "Lily is on time most days since April" for item in safety.added)
    complicating = next(d for d in comparison.domains if d.domain is Domain.COMPLICATING_FACTORS)
    assert [item.text for item in complicating.removed] == ["Lily is often late on Mondays"]
    assert after.items[complicating.removed[0].item_id].no_longer_true.startswith("the school")
    retired = [s for s in comparison.statements if s.change == "retired"]
    assert len(retired) == 1 and "school" in retired[0].new_text
    (movement,) = comparison.scaling
    assert (movement.median_before, movement.median_after) == (4.5, 7.5)
    assert {c.change for c in comparison.plan} == {"added", "amended"}
