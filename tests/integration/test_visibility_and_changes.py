"""The visibility rule and the changes screens apply, over random but valid cases.

1. A guest never receives the score or reasons of another person's unrevealed vote,
   nor a name after an anonymous reveal, in any reader: the board, an event, the
   changes of an event, its words.
2. Applying the changes of events 1..n for an audience to an empty board gives the
   server's board at n for that audience (staff, any guest, each person).
"""

from __future__ import annotations

import enum
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_cases import PARENT, random_app, write_random_case

from board import events as ev
from board import practice
from board.events import Author, CaseEvent
from board.practice import (
    MEETING_NAMES,
    STAFF_ROLES,
    Domain,
    Framework,
    ItemKind,
    MeetingKind,
    PlanRuleKind,
    Role,
)
from board.projections.board import Board, UndoStep, copy_board, evolve_all
from board.projections.changes import COLLECTIONS, Put, Remove, apply_changes, evolve_and_tell
from board.projections.diff import diff
from board.projections.guest_ranks import GuestRanks, ranked_board, ranked_seen
from board.projections.history import wordings_from
from board.projections.narration import told_to
from board.projections.undo import PROPOSED_IT, WROTE_IT
from board.projections.visibility import (
    ANY_GUEST,
    HIDDEN_SCORE,
    SOMEONE,
    STAFF,
    Audience,
    board_for,
    event_for,
)
from board.ws.protocol import event_frame

PROPERTY_SETTINGS = settings(
    deadline=None,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CHAIR = Author("s-chair", "Chris", Role.CHAIR)
MUM = Author("g-mum", "Jess", Role.PARENT)
GRAN = Author("g-gran", "Gran Pat", Role.NETWORK_MEMBER)
SECRET = "Because of what happened on Tuesday"


def _events(*steps: tuple[Author, ev.Fact]) -> list[CaseEvent]:
    case_id = uuid4()
    at = datetime(2026, 3, 24, 11, 0, tzinfo=UTC)
    return [
        CaseEvent(case_id=case_id, position=n, at=at, by=by, meeting_id="m1", fact=fact)
        for n, (by, fact) in enumerate(steps, start=1)
    ]


OPENING = (
    (CHAIR, ev.CaseOpened(child_name="Lily", family_name="Carter", framework=Framework.SAFETY)),
    (CHAIR, ev.MeetingOpened(meeting_id="m1", kind=MeetingKind.CORE_GROUP, title="")),
    (CHAIR, ev.ScalingRoundOpened(round_id="r1", question="Safe?", zero_means="0", ten_means="10")),
    (MUM, ev.VoteCast(round_id="r1", score=3, narrative=SECRET)),
)


def test_before_the_reveal_a_guest_sees_who_voted_not_the_score() -> None:
    events = _events(*OPENING)
    board = evolve_all(Board(), events)
    gran = Audience.guest(GRAN.participant_id)
    vote = board_for(board, gran).scaling_rounds["r1"].votes[MUM.participant_id]
    assert (vote.name, vote.score, vote.narrative) == ("Jess", HIDDEN_SCORE, "")
    mine = board_for(board, Audience.guest(MUM.participant_id)).scaling_rounds["r1"]
    assert (mine.votes[MUM.participant_id].score, mine.votes[MUM.participant_id].narrative) == (
        3,
        SECRET,
    )
    assert board_for(board, STAFF) is board
    shown = event_for(events[-1], board, gran)
    assert isinstance(shown.fact, ev.VoteCast)
    assert (shown.fact.score, shown.fact.narrative) == (HIDDEN_SCORE, "")
    assert board.scaling_rounds["r1"].votes[MUM.participant_id].score == 3  # never changed


def test_an_anonymous_reveal_shows_scores_without_names_and_the_close_shows_all() -> None:
    events = _events(*OPENING, (CHAIR, ev.VotesRevealed(round_id="r1", show_names=False)))
    board = evolve_all(Board(), events)
    (vote,) = board_for(board, ANY_GUEST).scaling_rounds["r1"].votes.values()
    assert (vote.name, vote.score, vote.narrative) == (SOMEONE, 3, SECRET)
    assert vote.participant_id != MUM.participant_id
    closing = _events(
        *OPENING,
        (CHAIR, ev.VotesRevealed(round_id="r1", show_names=False)),
        (CHAIR, ev.ScalingRoundClosed(round_id="r1")),
    )
    closed = evolve_all(Board(), closing)
    assert board_for(closed, ANY_GUEST) is closed


def test_the_reveal_frame_carries_the_votes_that_became_visible() -> None:
    events = _events(*OPENING, (CHAIR, ev.VotesRevealed(round_id="r1", show_names=True)))
    board = evolve_all(Board(), events[:-1])
    told = evolve_and_tell(board, events[-1])
    votes_path = ("scaling_rounds", "r1", "votes", MUM.participant_id)
    shown = [c for c in told.guest.changes if isinstance(c, Put) and c.path == votes_path]
    assert [(c.value.score, c.value.narrative) for c in shown] == [(3, SECRET)]
    assert ("scaling_rounds", "r1", "revealed") in [c.path for c in told.guest.changes]
    # Staff already held the vote: only the round's state changes for them.
    assert votes_path not in [c.path for c in told.staff.changes]


def test_a_vote_frame_tells_the_voter_in_full_and_others_that_they_voted() -> None:
    events = _events(*OPENING)
    board = evolve_all(Board(), events[:-1])
    told = evolve_and_tell(board, events[-1])
    gran_sees = told.seen_by(Audience.guest(GRAN.participant_id))
    assert SECRET not in msgspec.json.encode(gran_sees.changes).decode()
    assert SECRET not in gran_sees.said and "3" not in gran_sees.said
    assert gran_sees.said == "Jess (parent) has scaled."
    mum_sees = told.seen_by(Audience.guest(MUM.participant_id))
    assert SECRET in msgspec.json.encode(mum_sees.changes).decode()
    assert told.staff.said.startswith("Jess (parent) scaled 3 out of 10")


def test_a_statement_shared_later_takes_its_written_place_on_a_guests_screen() -> None:
    """Danger statements are numbered in the order they were written: a statement from a
    strategy meeting, shared after the family's own were written, is number 1 on their
    screens too, not appended after them."""
    case_id = uuid4()
    at = datetime(2026, 3, 24, 11, 0, tzinfo=UTC)
    steps: list[tuple[str | None, ev.Fact]] = [
        (None, ev.CaseOpened(child_name="Lily", family_name="Carter", framework=Framework.SAFETY)),
        ("m1", ev.MeetingOpened("m1", MeetingKind.STRATEGY, "", professionals_only=True)),
        ("m1", ev.DangerStatementWritten("d-strategy", "Social workers worry that Lily is hit")),
        ("m1", ev.MeetingClosed("m1")),
        ("m2", ev.MeetingOpened("m2", MeetingKind.FAMILY_NETWORK, "")),
        ("m2", ev.DangerStatementWritten("d-family", "Everyone worries Lily is left alone")),
        ("m2", ev.SharedWithFamily("d-strategy", "at the family network meeting")),
    ]
    events = [
        CaseEvent(case_id=case_id, position=n, at=at, by=CHAIR, meeting_id=meeting, fact=fact)
        for n, (meeting, fact) in enumerate(steps, start=1)
    ]
    board = Board()
    screen = _plain(Board())
    for event in events:
        told = evolve_and_tell(board, event)
        apply_changes(screen, event.position, "", told.guest.changes)
    assert list(screen["danger_statements"]) == ["d-strategy", "d-family"]
    assert list(_plain(board_for(board, ANY_GUEST))["danger_statements"]) == [
        "d-strategy",
        "d-family",
    ]


def test_a_child_added_in_a_strategy_meeting_is_not_named_to_a_guest() -> None:
    """The case's name lists its children: one added in a meeting for professionals only
    is not in it for a guest, on their board or on a screen their frames build."""
    case_id = uuid4()
    at = datetime(2026, 3, 24, 11, 0, tzinfo=UTC)
    steps: list[tuple[str | None, ev.Fact]] = [
        (None, ev.CaseOpened(child_name="Lily", family_name="Carter", framework=Framework.SAFETY)),
        (None, ev.ChildAdded("c-lily", "Lily", 6)),
        ("m1", ev.MeetingOpened("m1", MeetingKind.STRATEGY, "", professionals_only=True)),
        ("m1", ev.ChildAdded("c-baby", "Rowan", 0)),
        ("m1", ev.MeetingClosed("m1")),
        ("m2", ev.MeetingOpened("m2", MeetingKind.FAMILY_NETWORK, "")),
    ]
    events = [
        CaseEvent(case_id=case_id, position=n, at=at, by=CHAIR, meeting_id=meeting, fact=fact)
        for n, (meeting, fact) in enumerate(steps, start=1)
    ]
    board = Board()
    screen = _plain(Board())
    for event in events:
        told = evolve_and_tell(board, event)
        apply_changes(screen, event.position, "", told.guest.changes)
        assert "Rowan" not in msgspec.json.encode(told.guest.changes).decode()
    assert board.child_name == "Lily and Rowan"
    assert board_for(board, ANY_GUEST).child_name == "Lily"
    assert screen["child_name"] == "Lily"


def test_changes_name_only_what_changed() -> None:
    events = _events(
        *OPENING[:2],
        (
            CHAIR,
            ev.ItemAdded(
                item_id="i1", domain=Domain.HARM, text="Nan visits", kind=ItemKind.FACT, source=""
            ),
        ),
        (CHAIR, ev.ItemRemoved(item_id="i1")),
    )
    board = evolve_all(Board(), events[:-1])
    told = evolve_and_tell(board, events[-1])
    assert [c.path for c in told.staff.changes] == [("items", "i1")]
    assert all(not isinstance(c, Remove) for c in told.staff.changes)
    assert told.guest is told.staff  # nothing is cut, so one frame serves everyone
    # Only the chair's own screens hear of the chair's undo step.
    mine = told.seen_by(Audience.member_of_staff("s-chair"))
    assert [c.path for c in mine.changes] == [("items", "i1"), ("undo_steps", "s-chair")]


IN_CAMERA = "Police interview planned for Friday"


def test_a_guests_own_change_in_a_professionals_only_meeting_takes_their_undo_off_their_screen() -> (
    None
):
    """Gran proposes a rule (her undo step), then, while a legal planning meeting is
    open, adds an item: her last step now names something no guest sees, so "undo"
    would take back what she cannot see and her screen offers none. The event is
    withheld from every guest, but Gran's own frame still takes her step away (and puts
    it back when she undoes the hidden change), quoting nothing of the meeting."""
    rule = ev.PlanRuleAdded(
        rule_id="r1",
        kind=PlanRuleKind.RULE,
        who="Gran",
        what="collects Lily from school",
        when="",
        addresses=(),
        proposed=True,
    )
    case_id = uuid4()
    at = datetime(2026, 3, 24, 11, 0, tzinfo=UTC)
    steps: list[tuple[Author, str | None, ev.Fact]] = [
        (CHAIR, None, OPENING[0][1]),
        (GRAN, None, rule),
        (
            CHAIR,
            "m9",
            ev.MeetingOpened(
                meeting_id="m9",
                kind=MeetingKind.LEGAL_PLANNING,
                title="Legal planning",
                professionals_only=True,
            ),
        ),
        (
            GRAN,
            "m9",
            ev.ItemAdded(
                item_id="i9", domain=Domain.DANGER, text=IN_CAMERA, kind=ItemKind.FACT, source=""
            ),
        ),
        (GRAN, "m9", ev.ItemRemoved(item_id="i9", undoes=4)),
    ]
    events = [
        CaseEvent(case_id=case_id, position=n, at=at, by=by, meeting_id=meeting_id, fact=fact)
        for n, (by, meeting_id, fact) in enumerate(steps, start=1)
    ]
    gran = Audience.guest(GRAN.participant_id)
    proposal = UndoStep(
        position=2,
        entity_id="r1",
        inverse=ev.PlanRuleRetired(
            rule_id="r1", reason="Taken back by the person who proposed it."
        ),
        takes_back="adding the rule \u201cGran collects Lily from school\u201d",
    )
    board = evolve_all(Board(), events[:3])
    assert board_for(board, gran).undo_steps == {"g-gran": [proposal]}

    told = evolve_and_tell(board, events[3])  # the item, in the legal planning meeting
    assert [s.entity_id for s in board.undo_steps["g-gran"]] == ["r1", "i9"]
    assert board_for(board, gran).undo_steps == {}
    mine = told.seen_by(gran)
    assert mine.withheld and mine.said == ""
    assert mine.changes == [Remove(("undo_steps", "g-gran"))]
    assert told.seen_by(ANY_GUEST).changes == []
    assert told.seen_by(Audience.guest(MUM.participant_id)).changes == []
    frame = msgspec.json.encode(event_frame(mine)).decode()
    assert IN_CAMERA not in frame and "m9" not in frame and "i9" not in frame
    assert msgspec.json.decode(frame)["changes"] == [
        {"type": "remove", "path": ["undo_steps", "g-gran"]}
    ]

    told = evolve_and_tell(board, events[4])  # Gran undoes it, still in that meeting
    assert board_for(board, gran).undo_steps == {"g-gran": [proposal]}
    mine = told.seen_by(gran)
    assert mine.withheld
    assert mine.changes == [Put(("undo_steps", "g-gran"), [proposal])]
    assert told.seen_by(ANY_GUEST).changes == []
    assert IN_CAMERA not in msgspec.json.encode(event_frame(mine)).decode()

    # Her screen, built from her frames alone, is the board as she may hold it.
    screen = _plain(Board())
    replay = Board()
    for event in events:
        seen = evolve_and_tell(replay, event).seen_by(gran)
        apply_changes(screen, event.position, msgspec.to_builtins(event.at), seen.changes)
        assert screen == _plain(board_for(replay, gran)), event.position


def _plain(board: Board) -> dict[str, Any]:
    found: dict[str, Any] = msgspec.to_builtins(board)
    return found


@PROPERTY_SETTINGS
@given(data=st.data())
def test_applying_every_events_changes_gives_the_board_for_each_audience(
    data: st.DataObject,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = random_app(str(Path(tmp) / "board.sqlite3"))
        try:
            case_id = write_random_case(data, app)
            events = list(app.store.read(case_id))
        finally:
            app.close()
    people = {e.by.participant_id: e.by.role in STAFF_ROLES for e in events}
    people[PARENT.participant_id] = False
    audiences = [STAFF, ANY_GUEST, *(Audience(staff, p) for p, staff in sorted(people.items()))]
    screens = {audience: _plain(Board()) for audience in audiences}
    board = Board()
    for event in events:
        told = evolve_and_tell(board, event)
        for audience, screen in screens.items():
            seen = told.seen_by(audience)
            apply_changes(screen, event.position, msgspec.to_builtins(event.at), seen.changes)
            expected = _plain(board_for(board, audience))
            assert screen == expected, f"{audience} at {event.position}"
            # Danger statements are numbered in the order they were written.
            assert list(screen["danger_statements"]) == list(expected["danger_statements"])
            if not audience.staff and not seen.withheld:  # a withheld event sends no fact
                _assert_nothing_private(seen.event, board, audience)


def _assert_nothing_private(shown: CaseEvent, board: Board, audience: Audience) -> None:
    fact = shown.fact
    if not isinstance(fact, ev.VoteCast) or shown.by.participant_id == audience.participant_id:
        return
    scaling_round = board.scaling_rounds[fact.round_id]
    if not scaling_round.closed and not scaling_round.revealed:
        assert (fact.score, fact.narrative) == (HIDDEN_SCORE, "")
    if not scaling_round.closed and scaling_round.revealed and not scaling_round.show_names:
        assert shown.by.name == SOMEONE


# Texts a fact may hold that are the board's own words, the same in every case (a
# meeting's default title, an undo's reason): no secret, whichever meeting holds them.
BOARDS_OWN_WORDS = {*MEETING_NAMES.values(), WROTE_IT, PROPOSED_IT}

# The names every board and frame is written in (an empty board's keys, every fact's
# fields and tag): a short random text inside one ("star" in "assessment_started") is
# found in any guest's JSON, so it is no evidence of a leak.
STRUCTURE = " ".join(
    [
        msgspec.json.encode(Board()).decode(),
        *(
            f"{fact.__name__} {' '.join(fact.__struct_fields__)}"
            for fact in ev.Fact.__subclasses__()
        ),
    ]
)


def _around(text: str, found: str) -> str:
    at = text.index(found)
    return text[max(0, at - 400) : at + 100]


def _texts(event: CaseEvent) -> set[str]:
    """What an event wrote (not who was there: names of people are not what a meeting
    wrote, and the same people are named wherever they act)."""
    fact = event.fact
    if isinstance(fact, ev.ParticipantAdmitted | ev.ParticipantLeft | ev.PersonAdded):
        return set()
    # A score recorded for someone names them: who was there, not what was written.
    # A report's agency and author are the source a point mapped from it is given
    # ("Police report (DC Patel)"), shared with the point; its text is what it wrote.
    skip: set[str] = set()
    if isinstance(fact, ev.VoteRecordedFor):
        skip = {"name"}
    elif isinstance(fact, ev.AgencyReportSubmitted):
        skip = {"agency", "author"}
    return {
        value
        for name in fact.__struct_fields__
        if name not in skip
        # Texts, not enum values, and long and wordy enough not to turn up by chance in
        # a time or an id.
        if type(value := getattr(fact, name)) is str
        and len(value) >= 4
        and any(ch.isalpha() for ch in value)
        # Hypothesis also draws the code's own constants: a decision written as
        # "rapid_family_network" is a meeting kind every screen may carry.
        and value not in _CODES
    }


_CODES = {
    member.value
    for kind in vars(practice).values()
    if isinstance(kind, type) and issubclass(kind, enum.Enum)
    for member in kind
    if isinstance(member.value, str)
}


@PROPERTY_SETTINGS
@given(data=st.data())
def test_nothing_written_in_a_professionals_only_meeting_reaches_a_guest(
    data: st.DataObject,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = random_app(str(Path(tmp) / "board.sqlite3"))
        try:
            case_id = write_random_case(data, app, max_steps=60)
            events = list(app.store.read(case_id))
            board = app.board(case_id)
        finally:
            app.close()
    in_camera = {m.meeting_id for m in board.meetings.values() if m.professionals_only}
    # What staff shared with the family is theirs from the share on (the test below
    # follows it); here, what was written there and never shared.
    spec = _Audiences()
    about: dict[int, list[str]] = {}
    for event in events:
        spec.fold(event)
        about[event.position] = spec.things(event)
    end = len(events)
    never_shared = [
        e
        for e in events
        if e.meeting_id in in_camera
        and (not about[e.position] or any(spec.hidden(t, end) for t in about[e.position]))
    ]
    written_there = set().union(*(_texts(e) for e in never_shared))
    # Words a shared thing has are the family's once shared, whichever else has them
    # too (a next step and an item written with the same words).
    shared_there = set().union(
        *(_texts(e) for e in events if e.meeting_id in in_camera and e not in never_shared)
    )
    written_there -= shared_there
    written_elsewhere = set().union(*(_texts(e) for e in events if e.meeting_id not in in_camera))
    ids = {key for name in COLLECTIONS for key in getattr(board, name)}  # ids, not words
    ids |= BOARDS_OWN_WORDS
    # The frames are searched for each secret as a substring, so a text written there
    # that is part of one written elsewhere ("000A" in "000A #4") is not a secret, nor
    # is one a guest was sent before it was written there (the board's own words: a
    # statement that reads "Worrying behaviour", a heading).
    secret = {
        text
        for text in written_there - ids
        if text not in STRUCTURE and not any(text in other for other in written_elsewhere)
    }
    first_written: dict[str, int] = {}
    for event in events:
        if event.meeting_id in in_camera:
            for text in _texts(event):
                first_written.setdefault(text, event.position)
    # Any guest, and each guest who acted: their own frames (their undo steps) too.
    acted = {e.by.participant_id for e in events if e.by.role not in STAFF_ROLES}
    guests = [ANY_GUEST, *(Audience.guest(p) for p in sorted({PARENT.participant_id, *acted}))]
    replay = Board()
    for event in events:
        told = evolve_and_tell(replay, event)
        for audience in guests:
            frame = msgspec.json.encode(event_frame(told.seen_by(audience))).decode()
            found = {text for text in secret if text in frame}
            secret -= {text for text in found if event.position < first_written[text]}
            leaked = sorted(text for text in found if event.position >= first_written[text])
            assert not leaked, (audience, event.position, leaked, frame[:300])
    for audience in guests:
        shown = msgspec.json.encode(board_for(board, audience)).decode()
        assert not any(text in shown for text in secret)
        # A meeting's outcome shared with the family names its meeting; no other trace.
        outcome_shared = {m for m in in_camera if m in spec.shared_at}
        for meeting_id in in_camera - outcome_shared:
            assert meeting_id not in shown, (meeting_id, _around(shown, meeting_id))


# -- a thing keeps its audience: every later event about it, until it is shared ----------

# Fields that only refer to another thing (a rule's statements and people, a round's
# statement): the thing a fact is about is named by its other ids.
REFERENCES = ("addresses", "person_ids", "core_group")


class _Audiences:
    """The specification, kept apart from the code under test: whose each thing is at
    each position. Written in a meeting for professionals only (an outcome also: of one)
    makes it theirs until it is shared; a goal goes with its danger statement (and with
    its share); a child's view kept for the professionals is theirs until the child
    agrees to share it; a partner agency's report is theirs until it is shared."""

    def __init__(self) -> None:
        self.in_camera: set[str] = set()  # meetings for professionals only
        self.origin: dict[str, bool] = {}  # thing id -> written for professionals only
        self.statement_of: dict[str, str] = {}  # goal id -> its statement
        self.shared_at: dict[str, int] = {}

    def things(self, event: CaseEvent) -> list[str]:
        """The shareable things this event is about."""
        fact = event.fact
        skip = set(REFERENCES)
        if isinstance(fact, ev.ScalingRoundOpened):
            skip.add("statement_id")
        named = [
            value
            for name in fact.__struct_fields__
            if name not in skip and isinstance(value := getattr(fact, name), str)
        ]
        return [thing for thing in named if thing in self.origin]

    def hidden(self, thing: str, at: int) -> bool:
        own = self.origin[thing] and self.shared_at.get(thing, at + 1) > at
        statement = self.statement_of.get(thing)
        if statement is not None and statement in self.origin:
            if self.hidden(statement, at):
                return True
            return own and self.shared_at.get(statement, at + 1) > at
        return own

    def event_hidden(self, event: CaseEvent, things: list[str], at: int) -> bool:
        if isinstance(event.fact, ev.SharedWithFamily | ev.ChildAgreedToShare):
            return False
        if event.meeting_id in self.in_camera and not things:
            return True
        return any(self.hidden(thing, at) for thing in things)

    def fold(self, event: CaseEvent) -> None:
        fact = event.fact
        written_here = event.meeting_id in self.in_camera
        match fact:
            case ev.MeetingOpened() if fact.professionals_only:
                self.in_camera.add(fact.meeting_id)
            case ev.SafetyGoalWritten():
                self.statement_of[fact.goal_id] = fact.statement_id
                self.origin[fact.goal_id] = written_here
            case ev.ConferenceDecisionRecorded() | ev.MeetingOutcomeRecorded():
                self.origin.setdefault(
                    fact.meeting_id, written_here or fact.meeting_id in self.in_camera
                )
            case ev.SharedWithFamily():
                self.shared_at[fact.thing_id] = event.position
            case ev.ChildViewRecorded():
                self.origin[fact.view_id] = written_here or fact.kept_for_professionals
            case ev.ChildAgreedToShare():
                self.shared_at[fact.view_id] = event.position
            case ev.AgencyReportSubmitted():
                # A partner agency's report is for professionals only wherever it is
                # recorded, until staff share it.
                self.origin[fact.report_id] = True
            case _:
                created = ev.CREATES.get(type(fact))
                shareable = (
                    ev.ItemAdded,
                    ev.DangerStatementWritten,
                    ev.HarmStatementWritten,
                    ev.PlanRuleAdded,
                    ev.ChildViewRecorded,
                    ev.NextStepAgreed,
                    ev.MilestoneAgreed,
                )
                if created is not None and isinstance(fact, shareable):
                    self.origin[getattr(fact, created)] = written_here


@PROPERTY_SETTINGS
@given(data=st.data())
def test_nothing_for_professionals_only_reaches_a_guest_until_it_is_shared(
    data: st.DataObject,
) -> None:
    """Over random cases with meetings for professionals only, later staff actions on
    what was written there (any command that can touch an existing thing, in any
    meeting) and shares: no output a guest can reach holds the words of an event about
    a thing not shared with them at that point — live frames (fact, said, changes,
    undo), catch-up (the same frames), the state at each position with its event in
    words, the diff to the end, a thread's wordings, the board (which the record, the
    plan and compare are drawn from) — and after a share, the thing is on their board."""
    with tempfile.TemporaryDirectory() as tmp:
        app = random_app(str(Path(tmp) / "board.sqlite3"))
        try:
            case_id = write_random_case(data, app, max_steps=70)
            events = list(app.store.read(case_id))
        finally:
            app.close()
    spec = _Audiences()
    about: dict[int, list[str]] = {}
    for event in events:
        spec.fold(event)
        about[event.position] = spec.things(event)
    # Texts of events hidden at their own position are candidate secrets; one that is
    # part of a text a guest was told anywhere is not (short random words collide).
    told_openly = set().union(
        *(_texts(e) for e in events if not spec.event_hidden(e, about[e.position], e.position))
    )
    candidates = {
        text: event
        for event in events
        if spec.event_hidden(event, about[event.position], event.position)
        for text in _texts(event)
        if not any(text in other for other in told_openly)
    }
    ids = {e_id for e in events for e_id in ev.created_ids([e.fact])}
    candidates = {
        t: e
        for t, e in candidates.items()
        if t not in ids | BOARDS_OWN_WORDS and t not in STRUCTURE
    }
    seen_before: set[str] = set()  # a guest was sent it before it was written: not a secret

    def secrets_at(position: int) -> set[str]:
        return {
            text
            for text, event in candidates.items()
            if event.position <= position
            and text not in seen_before
            and spec.event_hidden(event, about[event.position], position)
        }

    acted = {e.by.participant_id for e in events if e.by.role not in STAFF_ROLES}
    guests = [ANY_GUEST, *(Audience.guest(p) for p in sorted({PARENT.participant_id, *acted}))]
    replay = Board()
    boards: list[Board] = [Board()]
    for event in events:
        before_texts = {t for t, e in candidates.items() if e.position > event.position}
        told = evolve_and_tell(replay, event)
        boards.append(copy_board(replay))
        secret = secrets_at(event.position)
        for audience in guests:
            frame = msgspec.json.encode(event_frame(told.seen_by(audience))).decode()
            seen_before |= {t for t in before_texts if t in frame}
            state = told_to(event, replay, audience) or ""
            shown = msgspec.json.encode(board_for(replay, audience)).decode()
            for where, text in (("frame", frame), ("state", state), ("board", shown)):
                leaked = sorted(t for t in secret - seen_before if t in text)
                assert not leaked, (where, audience, event.position, leaked, text[:300])
        if isinstance(event.fact, ev.SharedWithFamily | ev.ChildAgreedToShare):
            thing = (
                event.fact.thing_id
                if isinstance(event.fact, ev.SharedWithFamily)
                else event.fact.view_id
            )
            guest_board = msgspec.json.encode(board_for(replay, ANY_GUEST)).decode()
            assert thing in guest_board, (thing, event.position)
    # The diff from each point to the end, and a thread's wordings, as a guest reads them.
    end = secrets_at(len(events)) - seen_before
    final = board_for(replay, ANY_GUEST)
    for board in boards[:: max(1, len(boards) // 8)]:
        comparison = msgspec.json.encode(diff(board_for(board, ANY_GUEST), final)).decode()
        assert not [t for t in end if t in comparison]
    wordings = [
        w
        for event in events
        if (shown := event_for(event, replay, ANY_GUEST)) is not None
        for w in wordings_from([shown])
    ]
    rows = msgspec.json.encode(wordings).decode()
    assert not [t for t in end if t in rows]


@PROPERTY_SETTINGS
@given(data=st.data())
def test_a_guest_is_sent_ranks_one_to_n_and_no_withheld_frame(data: st.DataObject) -> None:
    """Item 6, no count: over random cases with meetings for professionals only, a
    guest (any guest, and each guest who acted) is sent no frame of a withheld event
    and nothing else of it (its changes for them are empty), and the frames they are
    sent carry ranks 1, 2, 3... with no gap; applied in order, they give the guest's
    board at its rank (board.projections.guest_ranks), time and stamps included."""
    with tempfile.TemporaryDirectory() as tmp:
        app = random_app(str(Path(tmp) / "board.sqlite3"))
        try:
            case_id = write_random_case(data, app, max_steps=60)
            events = list(app.store.read(case_id))
            final = app.board(case_id)
            kept = app.ranks(case_id)  # the application's index, caught up from the store
        finally:
            app.close()
    ranks = GuestRanks()
    ranks.judge(events, final)
    assert (list(kept.seen), kept.position) == (list(ranks.seen), ranks.position)
    acted = {e.by.participant_id for e in events if e.by.role not in STAFF_ROLES}
    guests = [ANY_GUEST, *(Audience.guest(p) for p in sorted({PARENT.participant_id, *acted}))]
    screens = {audience: _plain(Board()) for audience in guests}
    sent: dict[Audience, list[int]] = {audience: [] for audience in guests}
    board = Board()
    for event in events:
        told = evolve_and_tell(board, event)
        for audience, screen in screens.items():
            seen = told.seen_by(audience)
            if seen.withheld:
                assert not ranks.sees(event.position)
                assert seen.changes == [], (audience, event.position, event.fact)
                continue
            assert ranks.sees(event.position)
            shown = ranked_seen(seen, ranks)
            frame = event_frame(shown)
            sent[audience].append(frame.position)
            apply_changes(screen, frame.position, msgspec.to_builtins(frame.at), frame.changes)
            expected = _plain(ranked_board(board_for(board, audience), ranks))
            assert screen == expected, (audience, event.position)
    for audience in guests:
        assert sent[audience] == list(range(1, ranks.count + 1))
