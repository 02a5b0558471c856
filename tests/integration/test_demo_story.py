"""The demo case read like a story: the review compared with the conference."""

from __future__ import annotations

from board.application.service import BoardApplication
from board.cli.demo import write_demo_case
from board.practice import Domain, MeetingKind
from board.projections.diff import diff
from board.storage.store import CaseStore


def test_review_compared_with_the_conference(store: CaseStore) -> None:
    case_id = write_demo_case(store)
    app = BoardApplication(store)
    icpc = app.resolve_point(case_id, "icpc")
    review = app.resolve_point(case_id, "review")
    assert 0 < icpc < review == app.head(case_id)

    before, after = app.board(case_id, icpc), app.board(case_id, review)
    comparison = diff(before, after)

    assert [m.kind for m in after.meetings.values()] == [
        MeetingKind.STRATEGY,  # by phone, recorded afterwards by the manager
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


def test_lily_answers_the_core_groups_question_in_her_own_words(store: CaseStore) -> None:
    case_id = write_demo_case(store)
    board = BoardApplication(store).board(case_id)
    core_group = next(m for m in board.meetings.values() if m.kind is MeetingKind.CORE_GROUP)
    (asked,) = [
        r for r in board.scaling_rounds.values() if r.opened.meeting_id == core_group.meeting_id
    ]
    assert (asked.child_question, asked.child_zero_means, asked.child_ten_means) == (
        "How safe do you feel at home?",
        "I feel scared at home",
        "I feel safe at home",
    )
    lilys = [v for v in asked.votes.values() if v.name == "Lily"]
    assert [(v.score, v.narrative) for v in lilys] == [
        (7, "Mummy and Dan don't shout so much now.")
    ]
