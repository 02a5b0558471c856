"""The case and its people: a case opened with its children, people who are the same
participants at every meeting months apart, and what follows for compare and diff.

Run through the application with its clock injected, with the commands the web edge
sends: each join is a new device in the lobby (a new id), let in by the chair.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from through_the_app import Clock

from board import commands as c
from board.application.service import BoardApplication
from board.commands.case import NewChild
from board.events import Author, ParticipantAdmitted
from board.practice import TEXT_LIMIT, MeetingKind, Role
from board.projections.diff import diff
from board.projections.timeline import resolve_point

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)
# The family and network as they type their names at each meeting.
ICPC_NAMES = [
    ("Sarah Carter", Role.PARENT),
    ("Gran Pat", Role.NETWORK_MEMBER),
    ("Aunt Sophie", Role.NETWORK_MEMBER),
    ("Uncle Ray", Role.NETWORK_MEMBER),
    ("Mrs Ali (neighbour)", Role.NETWORK_MEMBER),
]
REVIEW_NAMES = [  # months later, typed a little differently
    ("sarah  carter", Role.PARENT),
    ("Gran Pat", Role.NETWORK_MEMBER),
    ("Aunt sophie", Role.NETWORK_MEMBER),
    ("Uncle Ray", Role.NETWORK_MEMBER),
    ("Mrs Ali (neighbour)", Role.NETWORK_MEMBER),
]
ICPC_SCORES = [3, 4, 5, 4, 6]
REVIEW_SCORES = [7, 6, 7, 6, 8]


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))


def _hold_meeting(
    app: BoardApplication,
    case_id: UUID,
    kind: MeetingKind,
    names: list[tuple[str, Role]],
    scores: list[int],
    devices: str,
) -> list[Author]:
    """Open a meeting, let each device in from the lobby, everyone scales; return who
    each device was let in as."""
    app.execute(case_id, c.OpenMeeting(kind=kind), CHAIR)
    people = []
    for n, (name, role) in enumerate(names):
        waiting = f"g-{devices}{n}"  # a new device in the lobby, with a new code
        events = app.execute(
            case_id, c.AdmitParticipant(participant_id=waiting, name=name, role=role), CHAIR
        )
        admitted = events[-1].fact
        assert isinstance(admitted, ParticipantAdmitted)
        people.append(Author(admitted.participant_id, admitted.name, admitted.role))
    (opened,) = app.execute(
        case_id,
        c.OpenScalingRound(
            question="How safe is Lily at home?", zero_means="Not safe", ten_means="Safe"
        ),
        CHAIR,
    )
    round_id = opened.fact.round_id  # type: ignore[attr-defined]
    for person, score in zip(people, scores, strict=True):
        app.execute(case_id, c.CastVote(round_id=round_id, score=score, narrative=""), person)
    app.execute(case_id, c.RevealVotes(round_id=round_id, show_names=True), CHAIR)
    app.execute(case_id, c.CloseScalingRound(round_id=round_id), CHAIR)
    return people


def test_a_case_is_opened_for_a_sibling_group_allocated_to_whoever_opens_it(
    clocked_app: BoardApplication,
) -> None:
    command = c.OpenCase(
        children=(NewChild(name="Lily", age=6), NewChild(name="Tom", age=4)),
        family_name="the Carter family",
        allocate_to="amira",
    )
    case_id = clocked_app.open_new_case(command, WORKER)
    board = clocked_app.board(case_id)
    assert [(k.name, k.age) for k in board.children.values()] == [("Lily", 6), ("Tom", 4)]
    assert board.child_name == "Lily and Tom"
    assert list(board.staff) == ["amira"]
    assert [s.title for s in clocked_app.cases_for("amira")] == ["Lily and Tom (the Carter family)"]
    assert clocked_app.cases_for("sam") == []
    with pytest.raises(c.CommandRefused) as refused:
        clocked_app.open_new_case(
            c.OpenCase(children=(NewChild(name="Kit", age=40),), family_name="X"), WORKER
        )
    assert refused.value.code == "invalid_age"


def test_the_same_people_months_apart_are_one_row_each_and_keep_their_rules(
    clocked_app: BoardApplication, clock: Clock
) -> None:
    case_id = clocked_app.open_new_case(
        c.OpenCase(children=(NewChild(name="Lily", age=6),), family_name="the Carters"), WORKER
    )
    icpc_people = _hold_meeting(
        clocked_app, case_id, MeetingKind.ICPC, ICPC_NAMES, ICPC_SCORES, "icpc"
    )
    mum = icpc_people[0]
    (rule,) = clocked_app.execute(
        case_id, c.AddPlanRule(who="Sarah", what="calls Gran if she feels unsafe"), mum
    )
    rule_id = rule.fact.rule_id  # type: ignore[attr-defined]
    clocked_app.execute(case_id, c.CloseMeeting(), CHAIR)

    clock.now += timedelta(days=91)  # the first review, three months on
    review_people = _hold_meeting(
        clocked_app,
        case_id,
        MeetingKind.REVIEW_CONFERENCE,
        REVIEW_NAMES,
        REVIEW_SCORES,
        "review",
    )
    # The same people: the chair let each new device in as who they are.
    assert [p.participant_id for p in review_people] == [p.participant_id for p in icpc_people]
    assert [p.name for p in review_people] == [name for name, _ in ICPC_NAMES]
    # Sarah changes the rule she wrote at the conference.
    clocked_app.execute(
        case_id,
        c.AmendPlanRule(rule_id=rule_id, who="Sarah", what="calls Gran or Sophie", when="any time"),
        review_people[0],
    )
    # Nothing from Lily since the conference: the chair was asked, and goes ahead.
    clocked_app.execute(case_id, c.CloseMeeting(without_child_views=True), CHAIR)

    latest = clocked_app.board(case_id)
    at = [resolve_point(latest, point, lambda _: 0) for point in ("icpc", "review")]
    comparison = diff(clocked_app.board(case_id, at[0]), clocked_app.board(case_id, at[1]))
    (movement,) = comparison.scaling
    rows = [(p.name, p.before, p.after) for p in movement.people]
    assert rows == [
        (name, before, after)
        for (name, _), before, after in zip(ICPC_NAMES, ICPC_SCORES, REVIEW_SCORES, strict=True)
    ]
    assert latest.plan[rule_id].what == "calls Gran or Sophie"
    assert len(latest.people) == len(ICPC_NAMES)


def test_someone_new_with_a_known_name_can_be_let_in_as_a_new_person(
    clocked_app: BoardApplication,
) -> None:
    case_id = clocked_app.open_new_case(
        c.OpenCase(children=(NewChild(name="Lily"),), family_name="the Carters"), WORKER
    )
    _hold_meeting(clocked_app, case_id, MeetingKind.ICPC, ICPC_NAMES[:1], [5], "a")
    clocked_app.execute(case_id, c.CloseMeeting(), CHAIR)
    clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.CORE_GROUP), WORKER)
    admit = c.AdmitParticipant(
        participant_id="g-other", name="Sarah Carter", role=Role.NETWORK_MEMBER, as_new_person=True
    )
    clocked_app.execute(case_id, admit, WORKER)
    board = clocked_app.board(case_id)
    assert sorted(p.name for p in board.people.values()) == ["Sarah Carter", "Sarah Carter"]


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (c.AdmitParticipant(participant_id="g-1", name="X", role=Role.CHAIR), "role_not_allowed"),
        (
            c.AdmitParticipant(participant_id="g-1", name="X", role=Role.PARENT, person_id="nope"),
            "unknown_person",
        ),
    ],
)
def test_admissions_that_cannot_be_are_refused_and_record_nothing(
    clocked_app: BoardApplication, command: c.Command, code: str
) -> None:
    case_id = clocked_app.open_new_case(
        c.OpenCase(children=(NewChild(name="Lily"),), family_name="the Carters"), WORKER
    )
    clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), CHAIR)
    head = clocked_app.head(case_id)
    with pytest.raises(c.CommandRefused) as refused:
        clocked_app.execute(case_id, command, CHAIR)
    assert refused.value.code == code
    assert clocked_app.head(case_id) == head


def test_only_the_chair_or_a_social_worker_in_a_family_meeting_facilitates(
    clocked_app: BoardApplication,
) -> None:
    case_id = clocked_app.open_new_case(
        c.OpenCase(children=(NewChild(name="Lily"),), family_name="the Carters"), WORKER
    )
    with pytest.raises(c.CommandRefused) as refused:
        clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC), WORKER)
    assert refused.value.code == "forbidden"
    clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK), WORKER)
    admit = c.AdmitParticipant(participant_id="g-1", name="Gran Pat", role=Role.NETWORK_MEMBER)
    clocked_app.execute(case_id, admit, WORKER)
    clocked_app.execute(case_id, c.CloseMeeting(), WORKER)
    assert clocked_app.board(case_id).open_meeting is None


def test_family_cannot_be_let_in_to_a_professionals_only_meeting(
    clocked_app: BoardApplication,
) -> None:
    case_id = clocked_app.open_new_case(
        c.OpenCase(children=(NewChild(name="Lily"),), family_name="the Carters"), WORKER
    )
    clocked_app.execute(case_id, c.OpenMeeting(kind=MeetingKind.STRATEGY), CHAIR)
    assert clocked_app.board(case_id).open_meeting.professionals_only  # type: ignore[union-attr]
    with pytest.raises(c.CommandRefused) as refused:
        clocked_app.execute(
            case_id,
            c.AdmitParticipant(participant_id="g-1", name="Sarah", role=Role.PARENT),
            CHAIR,
        )
    assert refused.value.code == "professionals_only"
    teacher = c.AdmitParticipant(participant_id="g-2", name="Ms Hughes", role=Role.PROFESSIONAL)
    clocked_app.execute(case_id, teacher, CHAIR)


def test_people_are_added_corrected_and_retired_before_the_first_meeting(
    clocked_app: BoardApplication,
) -> None:
    """The case's people are entered before any meeting (so a named invite works at
    the first one); a professional's agency is kept through a correction and through
    the role the chair corrects at admission."""
    case_id = clocked_app.open_new_case(
        c.OpenCase(children=(NewChild(name="Lily", age=6),), family_name="the Carters"), WORKER
    )
    (added,) = clocked_app.execute(
        case_id,
        c.AddPerson(
            name="Ms Hughes",
            role=Role.PROFESSIONAL,
            relationship="class teacher",
            agency="Oak Street School",
            contact="01632 960 123",
        ),
        WORKER,
    )
    person_id = added.fact.person_id  # type: ignore[attr-defined]
    board = clocked_app.board(case_id)
    assert board.meetings == {}
    hughes = board.people[person_id]
    assert (hughes.name, hughes.role, hughes.relationship, hughes.agency, hughes.contact) == (
        "Ms Hughes",
        Role.PROFESSIONAL,
        "class teacher",
        "Oak Street School",
        "01632 960 123",
    )
    clocked_app.execute(
        case_id, c.CorrectPerson(person_id=person_id, agency="Oak Street Primary School"), WORKER
    )
    hughes = clocked_app.board(case_id).people[person_id]
    assert (hughes.relationship, hughes.agency) == ("class teacher", "Oak Street Primary School")
    head = clocked_app.head(case_id)
    with pytest.raises(c.CommandRefused) as refused:
        clocked_app.execute(
            case_id,
            c.CorrectPerson(person_id=person_id, agency="Oak Street Primary School"),
            WORKER,
        )
    assert refused.value.code == "no_change"
    with pytest.raises(c.CommandRefused) as refused:
        clocked_app.execute(
            case_id, c.CorrectPerson(person_id=person_id, agency="x" * (TEXT_LIMIT + 1)), WORKER
        )
    assert refused.value.code == "text_too_long"
    assert clocked_app.head(case_id) == head
    clocked_app.execute(
        case_id, c.RetirePerson(person_id=person_id, reason="moved to another school"), WORKER
    )
    assert clocked_app.board(case_id).people[person_id].retired
    assert clocked_app.board(case_id).current_people() == []
