"""The child's voice and the family's plan, read like a meeting.

Gran suggests a rule from her phone; it waits, "suggested by Gran", until the chair
agrees it with the room (as it reads, changed first, or set aside with a reason). Lily
puts a worry and a drawing in her houses. Every bad request is refused with its code,
and nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import msgspec
import pytest
from through_the_app import Clock

from board import commands as c
from board.application.service import BoardApplication
from board.commands import CommandRefused
from board.events import Author, CaseEvent, Stroke
from board.events.codec import export_line, import_line
from board.practice import (
    BOTTOM_LINE_LIMIT,
    DRAWING_POINT_LIMIT,
    DRAWING_STROKE_LIMIT,
    Framework,
    House,
    MeetingKind,
    PlanRuleKind,
    Role,
)
from board.projections.board import project
from board.projections.child_voice import child_views_since_last_conference
from board.projections.family_plan import family_plan, rule_sentence
from board.storage.store import CaseStore

CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)
WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
MANAGER = Author("staff-helen", "Helen Ward", Role.MANAGER)
GRAN = Author("p-gran", "Gran Pat", Role.NETWORK_MEMBER)
MUM = Author("p-mum", "Jess (mum)", Role.PARENT)
LILY = Author("p-lily", "Lily", Role.CHILD)


@dataclass
class Room:
    app: BoardApplication
    case_id: UUID

    def do(self, by: Author, command: c.Command) -> list[CaseEvent]:
        return self.app.execute(self.case_id, command, by)

    def refused(self, by: Author, command: c.Command, code: str) -> str:
        """The command is refused with `code`, and nothing is recorded."""
        before = list(self.app.store.read(self.case_id))
        with pytest.raises(CommandRefused) as refusal:
            self.do(by, command)
        assert refusal.value.code == code, refusal.value.message
        assert list(self.app.store.read(self.case_id)) == before
        assert self.app.board(self.case_id) == project(before)
        return refusal.value.message


@pytest.fixture
def room(store: CaseStore) -> Iterator[Room]:
    """An initial conference for Lily, with Gran, Jess and Lily let in."""
    app = BoardApplication(store, clock=Clock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC)))
    case_id = app.open_case("Lily", "the Bennett family", Framework.SAFETY, WORKER)
    r = Room(app, case_id)
    r.do(WORKER, c.AddChild(name="Lily", age=6))
    r.do(CHAIR, c.OpenMeeting(kind=MeetingKind.ICPC))
    for person in (GRAN, MUM, LILY):
        r.do(
            CHAIR,
            c.AdmitParticipant(
                participant_id=person.participant_id, name=person.name, role=person.role
            ),
        )
    yield r


def _rule_id(events: list[CaseEvent]) -> str:
    return str(events[0].fact.rule_id)  # type: ignore[attr-defined]


def test_gran_suggests_a_rule_and_the_chair_agrees_it_with_the_room(room: Room) -> None:
    rule_id = _rule_id(
        room.do(
            GRAN,
            c.AddPlanRule(
                who="", what="has Lily to stay on Saturday nights", person_ids=("p-gran",)
            ),
        )
    )
    board = room.app.board(room.case_id)
    (waiting,) = board.proposals()
    assert (waiting.rule_id, waiting.who, waiting.added.by.name) == (
        rule_id,
        "Gran Pat",
        "Gran Pat",
    )
    assert board.current_plan() == []  # not in the plan until the room agrees it

    room.do(CHAIR, c.AgreePlanRule(rule_id=rule_id))
    board = room.app.board(room.case_id)
    assert [r.rule_id for r in board.current_plan()] == [rule_id]
    assert board.proposals() == []
    (gran,) = family_plan(board).people
    assert gran.name == "Gran Pat"
    assert [line.sentence for line in gran.lines] == [
        "Gran Pat has Lily to stay on Saturday nights."
    ]

    message = room.refused(CHAIR, c.AgreePlanRule(rule_id=rule_id), "already_agreed")
    assert "already agreed" in message


def test_change_then_agree_and_set_aside_with_a_reason(room: Room) -> None:
    first = _rule_id(room.do(MUM, c.AddPlanRule(who="Jess", what="texts Sophie if she is low")))
    room.do(
        WORKER, c.AgreePlanRule(rule_id=first, what="texts Sophie by 7.30 if she cannot get up")
    )
    board = room.app.board(room.case_id)
    assert board.plan[first].what == "texts Sophie by 7.30 if she cannot get up"
    assert board.plan[first].in_plan

    second = _rule_id(room.do(GRAN, c.AddPlanRule(who="Gran", what="moves in")))
    room.do(CHAIR, c.SetAsidePlanRule(rule_id=second, reason="Gran's flat is too far away."))
    board = room.app.board(room.case_id)
    assert (board.plan[second].set_aside, board.plan[second].set_aside_reason) == (
        True,
        "Gran's flat is too far away.",
    )
    assert [r.rule_id for r in board.current_plan()] == [first]
    room.refused(CHAIR, c.AgreePlanRule(rule_id=second), "rule_set_aside")
    room.refused(GRAN, c.AgreePlanRule(rule_id=second), "forbidden")  # only staff agree


def test_a_suggestion_with_the_words_of_a_rule_in_the_plan_is_pointed_out(room: Room) -> None:
    agreed = _rule_id(
        room.do(WORKER, c.AddPlanRule(who="Dan", what="leaves if an argument starts"))
    )
    again = _rule_id(room.do(MUM, c.AddPlanRule(who="dan", what="Leaves if an  argument starts.")))
    other = _rule_id(room.do(MUM, c.AddPlanRule(who="Dan", what="goes to his brother's")))
    board = room.app.board(room.case_id)
    assert board.plan[again].same_words_as == agreed
    assert board.plan[other].same_words_as == ""


def test_bottom_lines_are_the_workers_first_and_few(room: Room) -> None:
    bottom = c.AddPlanRule(
        who="",
        what="Lily is never looked after by an adult who has been drinking",
        kind=PlanRuleKind.BOTTOM_LINE,
    )
    for who in (GRAN, MUM, CHAIR):
        assert "social worker" in room.refused(who, bottom, "forbidden")
    for n in range(BOTTOM_LINE_LIMIT):
        room.do(
            WORKER if n % 2 else MANAGER, msgspec.structs.replace(bottom, what=f"Bottom line {n}")
        )
    assert f"{BOTTOM_LINE_LIMIT} bottom lines" in room.refused(WORKER, bottom, "too_many")
    room.refused(
        GRAN,
        c.AddPlanRule(who="", what="If it fails, Lily goes to Gran", kind=PlanRuleKind.CONTINGENCY),
        "forbidden",
    )
    room.refused(
        GRAN, c.AddPlanRule(who="Gran", what="x", person_ids=("nobody",)), "unknown_person"
    )
    board = room.app.board(room.case_id)
    assert [line.sentence for line in family_plan(board).bottom_lines] == [
        f"Bottom line {n}." for n in range(BOTTOM_LINE_LIMIT)
    ]


def test_rules_written_before_proposals_still_fold_as_agreed(room: Room) -> None:
    """An event stored before `proposed` and `person_ids` existed reads as it did."""
    events = room.do(GRAN, c.AddPlanRule(who="Gran", what="visits"))
    data = msgspec.json.decode(export_line(events[0]))
    fact = data["fact"]
    del fact["proposed"], fact["person_ids"]
    old = import_line(msgspec.json.encode(data))
    rule = project([*list(room.app.store.read(room.case_id))[:-1], old]).plan[fact["rule_id"]]
    assert (rule.proposed, rule.person_ids, rule.in_plan) == (False, (), True)


def _drawing(points: int, strokes: int = 1) -> tuple[Stroke, ...]:
    per = points // strokes
    return tuple(
        Stroke("red", tuple(v for i in range(per) for v in (i % 1000, (i * 7) % 1000)))
        for _ in range(strokes)
    )


def test_lily_puts_a_worry_and_a_drawing_in_her_house(room: Room) -> None:
    drawing = _drawing(40, 2)
    room.do(
        LILY, c.RecordChildView(house=House.WORRIES, text="When they shout I hide", drawing=drawing)
    )
    room.do(
        WORKER,
        c.RecordChildView(house=House.DREAMS, text="Everyone happy", how="at a home visit"),
    )
    board = room.app.board(room.case_id)
    worry, dream = board.child_views.values()
    assert (worry.house, worry.text, worry.drawing, worry.recorded.by.name) == (
        House.WORRIES,
        "When they shout I hide",
        drawing,
        "Lily",
    )
    assert (dream.how, dream.recorded.by.name) == ("at a home visit", "Amira Khan")

    too_many_points = _drawing(DRAWING_POINT_LIMIT + 4, 4)
    message = room.refused(
        LILY, c.RecordChildView(house=House.WORRIES, drawing=too_many_points), "drawing_too_big"
    )
    assert str(DRAWING_POINT_LIMIT) in message
    message = room.refused(
        LILY,
        c.RecordChildView(
            house=House.WORRIES,
            drawing=_drawing(DRAWING_STROKE_LIMIT + 1, DRAWING_STROKE_LIMIT + 1),
        ),
        "drawing_too_big",
    )
    assert str(DRAWING_STROKE_LIMIT) in message
    room.refused(
        LILY,
        c.RecordChildView(house=House.WORRIES, drawing=(Stroke("red", (5, 2000)),)),
        "bad_drawing",
    )
    room.refused(LILY, c.RecordChildView(house=House.WORRIES), "empty_text")
    room.refused(MUM, c.RecordChildView(house=House.WORRIES, text="She is sad"), "forbidden")


def test_a_childs_entry_in_a_professionals_only_meeting_is_refused(room: Room) -> None:
    room.do(CHAIR, c.CloseMeeting())
    room.do(CHAIR, c.OpenMeeting(kind=MeetingKind.STRATEGY))
    for by in (LILY, WORKER):
        message = room.refused(
            by, c.RecordChildView(house=House.WORRIES, text="I am scared"), "professionals_only"
        )
        assert "professionals only" in message


def test_the_review_asks_for_the_childs_views_until_they_are_heard(room: Room) -> None:
    room.do(CHAIR, c.CloseMeeting(decision="Child protection plan."))
    room.do(CHAIR, c.OpenMeeting(kind=MeetingKind.REVIEW_CONFERENCE))
    check = child_views_since_last_conference(room.app.board(room.case_id))
    assert check.ask_chair
    assert check.last_conference is not None and check.last_conference.kind is MeetingKind.ICPC
    assert check.heard == []
    assert check.question.startswith("No views from Lily have been recorded since the initial")

    room.do(
        WORKER, c.RecordChildView(house=House.GOOD_THINGS, text="Gran's pancakes", how="at school")
    )
    check = child_views_since_last_conference(room.app.board(room.case_id))
    assert not check.ask_chair
    assert check.heard == ["Lily, written down by Amira Khan (social worker): at school (1)"]
    # Heard: the review closes without asking, and nothing says it went without them.
    room.do(CHAIR, c.CloseMeeting(decision="The plan continues."))
    review = [m for m in room.app.board(room.case_id).meetings.values()][-1]
    assert review.kind is MeetingKind.REVIEW_CONFERENCE and review.closed is not None
    assert not review.without_child_views


def test_a_review_is_not_closed_without_the_chair_being_asked(room: Room) -> None:
    room.do(CHAIR, c.CloseMeeting(decision="Child protection plan."))  # the ICPC: no asking
    room.do(CHAIR, c.OpenMeeting(kind=MeetingKind.REVIEW_CONFERENCE))
    message = room.refused(
        CHAIR, c.CloseMeeting(decision="The plan continues."), "child_views_not_heard"
    )
    assert message == (
        "No views from Lily have been recorded since the initial child protection "
        "conference on 2 March 2026. A judgement about increased safety cannot be "
        "completed until the child's feedback is heard. Record the decision anyway?"
    )
    events = room.do(
        CHAIR, c.CloseMeeting(decision="The plan continues.", without_child_views=True)
    )
    review = room.app.board(room.case_id).meetings[events[-1].fact.meeting_id]  # type: ignore[union-attr]
    assert review.closed is not None and review.without_child_views
    assert review.decision == "The plan continues."


def test_every_kind_and_who_in_the_demo_reads_as_a_sentence(store: CaseStore) -> None:
    from board.cli.demo import write_demo_case

    case_id = write_demo_case(store)
    board = BoardApplication(store).board(case_id)
    plan = family_plan(board)
    assert [line.sentence for line in plan.bottom_lines] == [
        "Lily is never looked after by an adult who has been drinking (always)."
    ]
    by_person = {
        part.name: [(line.kind_name, line.sentence) for line in part.lines] for part in plan.people
    }
    assert by_person == {
        "Gran Pat": [("Rule", "Gran Pat has Lily to stay on Saturday nights (every weekend).")],
        "Dan (Jess's partner)": [
            (
                "Rule",
                "Dan leaves the house and goes to his brother's if an argument starts, and "
                "texts Gran that he has gone (whenever an argument starts).",
            ),
            (
                "Trigger point",
                "Dan stays at his brother's on the weekend of his father's anniversary (November).",
            ),
        ],
        "Whoever notices": [
            (
                "Warning sign (red flag)",
                "Whoever notices calls Gran if Lily goes quiet and hides in her room (any time).",
            )
        ],
        "Jess (mum)": [
            (
                "If it is already happening",
                "Jess takes Lily to Gran's and phones 999 if Dan starts shouting or hitting.",
            )
        ],
        "Aunt Sophie": [
            (
                "If a safety person is ill or away",
                "Aunt Sophie takes Gran's place in the plan if Gran is ill or away (when needed).",
            )
        ],
    }
    assert [line.sentence for line in plan.professionals] == [
        "Ms Hughes (school) tells Amira the same day if Lily is late or seems worried (school days).",
        "Amira Khan (social worker) visits every two weeks and sees Lily on her own "
        "(until the next review).",
        "If the plan cannot be kept, Amira calls a family network meeting within a week, "
        "and Lily stays with Gran until it meets.",
    ]
    assert {p.name: p.contact for p in plan.safety_people if p.contact} == {
        "Gran Pat": "07700 900123",
        "Jess (mum)": "07700 900789",
        "Aunt Sophie": "07700 900456",
    }
    houses = {v.house: v for v in board.child_views.values()}
    assert set(houses) == set(House)
    assert houses[House.GOOD_THINGS].drawing  # Lily's drawing of Gran's pancakes
    assert board.proposals() == []  # every suggestion in the demo was agreed
    for rule in board.current_plan():
        assert rule_sentence(board, rule).endswith(".")


def test_a_scaling_question_worded_for_a_child_beside_the_adults(room: Room) -> None:
    adults = {"question": "How safe is Lily at home?", "zero_means": "hurt", "ten_means": "safe"}
    child = {
        "child_question": "How safe do you feel at home?",
        "child_zero_means": "I feel scared at home",
        "child_ten_means": "I feel safe at home",
    }
    room.refused(
        CHAIR,
        c.OpenScalingRound(**adults, child_question="How do you feel?"),
        "child_question_incomplete",
    )
    events = room.do(CHAIR, c.OpenScalingRound(**adults, **child))
    round_id = str(events[0].fact.round_id)  # type: ignore[attr-defined]
    room.do(LILY, c.CastVote(round_id=round_id, score=7, narrative="Dan doesn't shout now"))
    scaling_round = room.app.board(room.case_id).scaling_rounds[round_id]
    assert (
        scaling_round.question,
        scaling_round.child_question,
        scaling_round.child_zero_means,
        scaling_round.child_ten_means,
    ) == ("How safe is Lily at home?", *child.values())
    assert scaling_round.votes["p-lily"].score == 7


def test_lilys_words_for_a_rule_and_who_was_given_a_copy(room: Room) -> None:
    rule_id = _rule_id(room.do(WORKER, c.AddPlanRule(who="Gran Pat", what="has Lily on Saturdays")))
    room.refused(
        LILY,
        c.PutRuleInChildsWords(rule_id=rule_id, text="Gran's house", picture="castle"),
        "no_such_picture",
    )
    room.refused(
        LILY,
        c.PutRuleInChildsWords(
            rule_id=rule_id, text="Gran's", picture="house", drawing=_drawing(4)
        ),
        "picture_or_drawing",
    )
    room.do(LILY, c.PutRuleInChildsWords(rule_id=rule_id, text="I go to Gran's", picture="house"))
    board = room.app.board(room.case_id)
    (words,) = board.plan[rule_id].childs_words.values()
    assert (words.text, words.picture, words.recorded.by.name) == (
        "I go to Gran's",
        "house",
        "Lily",
    )

    room.refused(GRAN, c.GivePlanCopy(person_id="p-gran"), "forbidden")
    room.refused(WORKER, c.GivePlanCopy(person_id="nobody"), "unknown_person")
    room.do(WORKER, c.GivePlanCopy(person_id="p-gran", how="printed"))
    (copy,) = room.app.board(room.case_id).copies_given.values()
    assert (copy.person_id, copy.copy, copy.how, copy.given.by.name) == (
        "p-gran",
        "fridge",
        "printed",
        "Amira Khan",
    )


def test_the_reviews_record_says_whose_views_were_heard_and_how(store: CaseStore) -> None:
    from board.cli.demo import write_demo_case
    from board.projections.timeline import find_meeting

    case_id = write_demo_case(store)
    app = BoardApplication(store)
    board = app.board(case_id, app.resolve_point(case_id, "review"))
    review = find_meeting(board, "review")
    assert review is not None
    check = child_views_since_last_conference(board, review)
    assert check.last_conference is not None and check.last_conference.kind is MeetingKind.ICPC
    assert not check.ask_chair  # the review is closed: nothing to ask
    # Her worries house was done at school before the initial conference (W42); since
    # then, her own words from her phone at the core group she was let in to (W36, W37).
    assert check.heard == ["In Lily's own words, on the board (2)"]


def test_the_chairs_readiness_check_counts_the_childs_three_houses(room: Room) -> None:
    """Before the review, the readiness check's "child's views" line is ticked by what
    the child said in their three houses since the initial conference, not only by
    items on the mapping."""
    from board.projections.readiness import readiness

    def childs_views() -> tuple[bool, str]:
        check = {c.label: c for c in readiness(room.app.board(room.case_id))}[
            "The child's views recorded"
        ]
        return check.done, check.detail

    room.do(CHAIR, c.CloseMeeting(decision="Child protection plan."))
    assert childs_views() == (False, "Nothing from the child since the last conference.")
    room.do(
        WORKER, c.RecordChildView(house=House.WORRIES, text="Shouting at night", how="at school")
    )
    assert childs_views() == (True, "In the child's words: 1 in their three houses.")
    # One scaling answer is one, not "1 scaling answers".
    room.do(CHAIR, c.OpenMeeting(kind=MeetingKind.CORE_GROUP))
    room.do(CHAIR, c.AdmitParticipant(participant_id="p-lily", name="Lily", role=Role.CHILD))
    (opened,) = room.do(
        CHAIR, c.OpenScalingRound(question="How safe?", zero_means="not", ten_means="very")
    )
    round_id = opened.fact.round_id  # type: ignore[attr-defined]
    room.do(LILY, c.CastVote(round_id=round_id, score=7, narrative=""))
    assert childs_views() == (
        True,
        "In the child's words: 1 in their three houses and 1 scaling answer.",
    )
