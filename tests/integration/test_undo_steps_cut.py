"""A guest's own last undo step is cut like everything else they hold.

A screen is given its owner's last undo step only (board.projections.visibility's
`_own_undo_only`). When an event makes an older step the last again (an undo of a
later change), that step may name something withheld from the guest that nothing
else in the event names: what the event changed must still be cut by it
(board.projections.changes' `_named_in` names the step's thing and its references),
so the guest's screen, built from their frames alone, is their board and no frame of
theirs names the withheld thing.

The random cases of tests/support/random_cases.py reach such a step too rarely to
count on (a guest's rule linked to a statement for professionals only, reworded by
them, then a later change of theirs undone: not once in 300 cases), so the property
test here draws stories around just that.
"""

from __future__ import annotations

import itertools
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_cases import UNDO_REFUSALS, random_app

from board import commands as c
from board import events as ev
from board.application.service import BoardApplication
from board.application.writer import Sender
from board.events import Author, CaseEvent
from board.practice import Domain, Framework, ItemKind, MeetingKind, Role
from board.projections.board import Board, evolve_all
from board.projections.changes import apply_changes, evolve_and_tell
from board.projections.visibility import (
    ANY_GUEST,
    Audience,
    board_for,
    hidden_ids,
    reference_ids,
)
from board.ws.protocol import event_frame

CHAIR = Author("s-chair", "Chris", Role.CHAIR)
MUM = Author("g-mum", "Jess", Role.PARENT)
GRAN = Author("g-gran", "Gran Pat", Role.NETWORK_MEMBER)
GUEST = Sender.of_guest()
IN_CAMERA = "Police intelligence about the stepfather"


def _plain(board: Board) -> dict[str, Any]:
    found: dict[str, Any] = msgspec.to_builtins(board)
    return found


def _frames_to(events: list[CaseEvent], audience: Audience) -> list[str]:
    """Each event's frame as `audience` is sent it, checking at each position that
    their screen, built from those frames alone, is the board as they may hold it."""
    screen = _plain(Board())
    board = Board()
    frames = []
    for event in events:
        seen = evolve_and_tell(board, event).seen_by(audience)
        apply_changes(screen, event.position, msgspec.to_builtins(event.at), seen.changes)
        assert screen == _plain(board_for(board, audience)), event.position
        frames.append(msgspec.json.encode(event_frame(seen)).decode())
    return frames


def test_an_undo_brings_back_a_step_that_refers_to_a_statement_for_professionals_only(
    app: BoardApplication,
) -> None:
    """At the strategy discussion the chair writes a danger statement. At the core group
    Mum proposes a rule; the chair links it to that statement (Mum's rule shows no
    link: the statement is not hers to see). Mum rewords her rule, so her undo would
    put back the old wording with the statement it addresses; then she adds an item
    and takes it back. The undo names only the item, and her last step is the
    rewording again: her screen is sent it without the statement."""
    case_id, statement_id, rule_id = _mum_rewords_her_linked_rule(app)
    item = c.AddItem(domain=Domain.EXISTING_SAFETY, text="Mum walks Lily to school")
    app.execute(case_id, item, MUM, sender=GUEST)
    (undone,) = app.execute(case_id, c.Undo(), MUM, sender=GUEST)

    events = list(app.store.read(case_id))
    assert isinstance(undone.fact, ev.ItemRemoved)
    assert statement_id not in msgspec.json.encode(undone.fact).decode()
    # The whole board's last step of Mum's is the rewording, addressing the statement;
    # the board as she may hold it keeps the step without it.
    whole = app.board(case_id)
    (step,) = whole.undo_steps[MUM.participant_id][-1:]
    assert step.entity_id == rule_id
    assert isinstance(step.inverse, ev.PlanRuleAmended)
    assert step.inverse.what == "walks Lily to school"
    assert step.inverse.addresses == (statement_id,)
    mum = Audience.guest(MUM.participant_id)
    (hers,) = board_for(whole, mum).undo_steps[MUM.participant_id]
    assert isinstance(hers.inverse, ev.PlanRuleAmended)
    assert (hers.entity_id, hers.inverse.addresses) == (rule_id, ())

    frames = _frames_to(events, mum)
    assert [n for n, frame in enumerate(frames, 1) if statement_id in frame] == []
    assert [n for n, frame in enumerate(frames, 1) if IN_CAMERA in frame] == []
    assert _frames_to(events, ANY_GUEST)  # any guest's screen is their board too


def test_an_undo_brings_back_a_step_on_something_written_for_professionals_only(
    app: BoardApplication,
) -> None:
    """A history the writer no longer makes (a guest's command is refused while a
    meeting for professionals only is open) but a store may hold and `import` reads
    back: Gran added an item while a legal planning meeting was open. Later, at the
    family network meeting, she adds another and takes it back: her last step is again
    the one on the item she cannot see, which the undo does not name, so her screen
    is offered no undo and told nothing of that item."""
    case_id = uuid4()
    at = datetime(2026, 3, 24, 11, 0, tzinfo=UTC)
    steps: list[tuple[Author, str | None, ev.Fact]] = [
        (
            CHAIR,
            None,
            ev.CaseOpened(child_name="Lily", family_name="Carter", framework=Framework.SAFETY),
        ),
        (
            CHAIR,
            None,
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
        (CHAIR, "m9", ev.MeetingClosed(meeting_id="m9")),
        (
            CHAIR,
            None,
            ev.MeetingOpened(meeting_id="m10", kind=MeetingKind.FAMILY_NETWORK, title=""),
        ),
        (
            GRAN,
            "m10",
            ev.ItemAdded(
                item_id="i10",
                domain=Domain.EXISTING_SAFETY,
                text="Gran has Lily after school",
                kind=ItemKind.FACT,
                source="",
            ),
        ),
        (GRAN, "m10", ev.ItemRemoved(item_id="i10", undoes=6)),
    ]
    exported = [
        CaseEvent(case_id=case_id, position=n, at=at, by=by, meeting_id=meeting_id, fact=fact)
        for n, (by, meeting_id, fact) in enumerate(steps, start=1)
    ]
    assert app.import_events(exported) == [case_id]
    events = list(app.store.read(case_id))
    assert events == exported

    whole = app.board(case_id)
    assert [s.entity_id for s in whole.undo_steps[GRAN.participant_id]] == ["i9"]
    gran = Audience.guest(GRAN.participant_id)
    assert board_for(whole, gran).undo_steps == {}
    before_undo = evolve_all(Board(), events[:-1])
    assert [s.entity_id for s in board_for(before_undo, gran).undo_steps["g-gran"]] == ["i10"]

    frames = _frames_to(events, gran)
    # The item is marked removed, and her step goes: no undo on her screen.
    told = msgspec.json.decode(frames[-1])["changes"]
    assert [(change["type"], change["path"]) for change in told] == [
        ("put", ["items", "i10"]),
        ("remove", ["undo_steps", "g-gran"]),
    ]
    assert [n for n, frame in enumerate(frames, 1) if "i9" in frame or IN_CAMERA in frame] == []


def test_a_share_puts_back_what_a_guests_undo_step_refers_to(app: BoardApplication) -> None:
    """Mum's last step is the rewording of her rule, which addressed a statement for
    professionals only (her screen holds it without that statement). When staff share
    the statement with the family, the step as she may hold it addresses it again: the
    share is the chair's event, yet Mum's frame of it puts her step back whole, while
    the chair's and any guest's frames carry no undo step of hers."""
    case_id, statement_id, _ = _mum_rewords_her_linked_rule(app)
    app.execute(case_id, c.CloseMeeting(), CHAIR)
    (shared,) = app.execute(
        case_id, c.ShareWithFamily(thing_id=statement_id, how="by phone"), CHAIR
    )

    mum = Audience.guest(MUM.participant_id)
    (hers,) = board_for(app.board(case_id), mum).undo_steps[MUM.participant_id]
    assert isinstance(hers.inverse, ev.PlanRuleAmended)
    assert hers.inverse.addresses == (statement_id,)  # hers to see now
    events = list(app.store.read(case_id))
    assert events[-1] == shared
    frames = _frames_to(events, mum)
    told = msgspec.json.decode(frames[-1])["changes"]
    assert ["undo_steps", MUM.participant_id] in [change["path"] for change in told]
    # Only Mum is told her step: staff's frame and any guest's hold no undo steps.
    board = evolve_all(Board(), events[:-1])
    by_audience = evolve_and_tell(board, shared)
    assert by_audience.guests == {MUM.participant_id}
    # The chair's last step (the link) is on the rule that goes with the statement, but
    # the chair is staff, whose steps are never cut: their frame is staff's.
    chair = Audience.member_of_staff(CHAIR.participant_id)
    assert by_audience.personal.keys() == {MUM.participant_id}
    assert by_audience.seen_by(chair) is by_audience.staff
    for seen in (by_audience.staff, by_audience.guest):
        assert [ch.path for ch in seen.changes if ch.path[0] == "undo_steps"] == []
    _frames_to(events, ANY_GUEST)


# -- the same, over random stories around Mum's rules and the statements they address --


def _mum_in(board: Board) -> bool:
    """Is Mum in the open meeting, where her screen may send commands?"""
    meeting = board.open_meeting
    if meeting is None or meeting.professionals_only:
        return False
    there = meeting.participants.get(MUM.participant_id)
    return there is not None and there.present


def _admit_mum(app: BoardApplication, case_id: UUID) -> None:
    admit = c.AdmitParticipant(participant_id=MUM.participant_id, name=MUM.name, role=MUM.role)
    app.execute(case_id, admit, CHAIR)


def _mum_rewords_her_linked_rule(app: BoardApplication) -> tuple[UUID, str, str]:
    """The chair writes a danger statement at a strategy discussion; at the core group
    Mum proposes a rule, the chair links it to that statement, and Mum rewords it (her
    last step, which addresses the statement). The case, the statement and the rule."""
    case_id = app.open_case("Lily", "the Carter family", Framework.SAFETY, CHAIR)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.STRATEGY), CHAIR)
    (written,) = app.execute(case_id, c.WriteDangerStatement(text=IN_CAMERA), CHAIR)
    statement_id = written.fact.statement_id  # type: ignore[attr-defined]
    app.execute(case_id, c.CloseMeeting(), CHAIR)
    _meeting_with_mum(app, case_id)
    (proposed,) = app.execute(
        case_id, c.AddPlanRule(who="Mum", what="walks Lily to school"), MUM, sender=GUEST
    )
    rule_id = proposed.fact.rule_id  # type: ignore[attr-defined]
    app.execute(case_id, c.AmendPlanRule(rule_id=rule_id, addresses=(statement_id,)), CHAIR)
    reworded = c.AmendPlanRule(rule_id=rule_id, what="walks Lily to school every day")
    app.execute(case_id, reworded, MUM, sender=GUEST)
    return case_id, statement_id, rule_id


def _meeting_with_mum(app: BoardApplication, case_id: UUID) -> None:
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.CORE_GROUP), CHAIR)
    _admit_mum(app, case_id)


def _story(data: st.DataObject, app: BoardApplication) -> UUID:
    """Meetings (some for professionals only) where the chair writes danger statements
    and links Mum's proposed rules to any of them; Mum proposes, rewords, adds items
    and undoes, from her screen (a guest's sender, checked as decided); and shares a
    statement for professionals only with the family, outside such a meeting (which
    re-cuts Mum's last step when it refers to that statement, as above)."""
    case_id = app.open_case("Lily", "the Carter family", Framework.SAFETY, CHAIR)
    # The story starts after a strategy discussion, at a meeting with Mum.
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.STRATEGY), CHAIR)
    app.execute(case_id, c.WriteDangerStatement(text="Worry 0."), CHAIR)
    app.execute(case_id, c.CloseMeeting(), CHAIR)
    _meeting_with_mum(app, case_id)
    numbers = itertools.count(1)
    for _ in range(data.draw(st.integers(1, 30), label="steps")):
        board = app.board(case_id)
        meeting = board.open_meeting
        current = [s.statement_id for s in board.current_danger_statements()]
        hers = [
            r.rule_id
            for r in board.plan.values()
            if r.added.by == MUM and not (r.retired or r.set_aside)
        ]
        rules = [r.rule_id for r in board.plan.values() if not (r.retired or r.set_aside)]
        steps = ["meeting", "statement"]
        # What the family has seen is not changed in a meeting for professionals only.
        in_camera_now = meeting is not None and meeting.professionals_only
        if rules and current and not in_camera_now:
            steps += ["link", "link"]
        unshared = sorted(hidden_ids(board, current))
        if unshared and not in_camera_now:
            steps += ["share"]
            # More often when Mum's last step refers to one of them (the case a share
            # must re-cut), and then that one.
            last = board.undo_steps.get(MUM.participant_id, [])[-1:]
            named = sorted({*unshared} & {i for s in last for i in reference_ids(s.inverse)})
            if named:
                unshared = named
                steps += ["share", "share", "share"]
        if _mum_in(board):  # her own steps, more often than meetings come and go
            steps += ["propose", "item", "item"]
            if hers:
                steps += ["reword", "reword", "reword"]
            if board.undo_steps.get(MUM.participant_id):
                steps += ["undo", "undo", "undo"]
        step = data.draw(st.sampled_from(steps), label="step")
        n = next(numbers)
        if step == "meeting" and meeting is not None:
            app.execute(case_id, c.CloseMeeting(without_child_views=True), CHAIR)
        elif step == "meeting":
            in_camera = data.draw(st.booleans(), label="professionals only")
            opened = c.OpenMeeting(kind=MeetingKind.CORE_GROUP, professionals_only=in_camera)
            app.execute(case_id, opened, CHAIR)
            if not in_camera:
                _admit_mum(app, case_id)
        elif step == "statement":
            app.execute(case_id, c.WriteDangerStatement(text=f"Worry {n}."), CHAIR)
        elif step == "link":
            rule_id = data.draw(st.sampled_from(rules), label="rule")
            addresses = tuple(
                data.draw(st.lists(st.sampled_from(current), min_size=1, max_size=2, unique=True))
            )
            if addresses != board.plan[rule_id].addresses:
                app.execute(case_id, c.AmendPlanRule(rule_id=rule_id, addresses=addresses), CHAIR)
        elif step == "share":
            thing_id = data.draw(st.sampled_from(unshared), label="statement")
            app.execute(case_id, c.ShareWithFamily(thing_id=thing_id, how="by phone"), CHAIR)
        elif step == "propose":
            proposal = c.AddPlanRule(who="Mum", what=f"walks Lily to school ({n})")
            app.execute(case_id, proposal, MUM, sender=GUEST)
        elif step == "item":
            item = c.AddItem(domain=Domain.EXISTING_SAFETY, text=f"Mum is there ({n})")
            app.execute(case_id, item, MUM, sender=GUEST)
        elif step == "reword":
            rule_id = data.draw(st.sampled_from(hers), label="her rule")
            reworded = c.AmendPlanRule(rule_id=rule_id, what=f"walks Lily to school ({n})")
            app.execute(case_id, reworded, MUM, sender=GUEST)
        else:
            try:
                app.execute(case_id, c.Undo(), MUM, sender=GUEST)
            except c.CommandRefused as refusal:
                assert refusal.code in UNDO_REFUSALS, refusal.message
    return case_id


@settings(
    deadline=None,
    # Not the suite's 30: without the undo steps' ids in `_named_in` this failed for 10
    # seeds of 12 at 100 examples (about 6 s).
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_a_guests_screen_is_their_board_whatever_their_undo_steps_refer_to(
    data: st.DataObject,
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = random_app(str(Path(tmp) / "board.sqlite3"))
        try:
            case_id = _story(data, app)
            events = list(app.store.read(case_id))
            board = app.board(case_id)
        finally:
            app.close()
    mum = Audience.guest(MUM.participant_id)
    frames = _frames_to(events, mum)
    _frames_to(events, ANY_GUEST)
    # A statement never shared is named in none of Mum's frames, nor are its words.
    secret = hidden_ids(board, board.danger_statements)
    words = {board.danger_statements[s].text for s in secret}
    told = {n: frame for n, frame in enumerate(frames, 1) for s in [*secret, *words] if s in frame}
    assert told == {}
