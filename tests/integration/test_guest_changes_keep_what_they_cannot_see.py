"""A guest's change never drops what they cannot see.

A family member's screen shows their rule without the links staff made to things for
professionals only (a danger statement written at a strategy discussion, a person
added there), so when they reword the rule and their screen sends back the rule's
lists as it shows them, those links are not theirs to remove: they are kept. Staff,
who see everything, still remove what they leave out.
"""

from __future__ import annotations

from uuid import UUID

import pytest

from board import commands as c
from board.application.service import BoardApplication
from board.application.writer import Sender
from board.events import Author
from board.practice import Framework, MeetingKind, Role
from board.projections.visibility import Audience, board_for

CHAIR = Author("s-chair", "Chris", Role.CHAIR)
MUM = Author("g-mum", "Jess", Role.PARENT)
GUEST = Sender.of_guest()


def _mums_rule_linked_to_the_strategy_discussion(
    app: BoardApplication,
) -> tuple[UUID, str, str, str, str]:
    """The case, Mum's rule, the statement and the person for professionals only it is
    linked to, and a person Mum can see."""
    case_id = app.open_case("Lily", "the Carter family", Framework.SAFETY, CHAIR)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.STRATEGY), CHAIR)
    (written,) = app.execute(
        case_id, c.WriteDangerStatement(text="Police intelligence about the stepfather"), CHAIR
    )
    (officer,) = app.execute(
        case_id,
        c.AddPerson(name="DC Ray Patel", role=Role.PROFESSIONAL, relationship="Police"),
        CHAIR,
    )
    app.execute(case_id, c.CloseMeeting(), CHAIR)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.CORE_GROUP), CHAIR)
    (gran,) = app.execute(
        case_id,
        c.AddPerson(name="Pat Carter", role=Role.NETWORK_MEMBER, relationship="Gran"),
        CHAIR,
    )
    admit = c.AdmitParticipant(participant_id=MUM.participant_id, name=MUM.name, role=MUM.role)
    app.execute(case_id, admit, CHAIR)
    (proposed,) = app.execute(
        case_id, c.AddPlanRule(who="Mum", what="walks Lily to school"), MUM, sender=GUEST
    )
    rule_id: str = proposed.fact.rule_id  # type: ignore[attr-defined]
    statement_id: str = written.fact.statement_id  # type: ignore[attr-defined]
    officer_id: str = officer.fact.person_id  # type: ignore[attr-defined]
    gran_id: str = gran.fact.person_id  # type: ignore[attr-defined]
    link = c.AmendPlanRule(
        rule_id=rule_id, addresses=(statement_id,), person_ids=(officer_id, gran_id)
    )
    app.execute(case_id, link, CHAIR)
    return case_id, rule_id, statement_id, officer_id, gran_id


def test_a_guest_rewording_their_rule_keeps_the_links_they_cannot_see(
    app: BoardApplication,
) -> None:
    case_id, rule_id, statement_id, officer_id, gran_id = (
        _mums_rule_linked_to_the_strategy_discussion(app)
    )
    mum = Audience.guest(MUM.participant_id)
    shown = board_for(app.board(case_id), mum).plan[rule_id]
    assert (shown.addresses, shown.person_ids) == ((), (gran_id,))  # what her screen has

    # Her screen sends the rule's lists as it shows them, Gran taken off.
    reworded = c.AmendPlanRule(
        rule_id=rule_id, what="walks Lily to school every day", addresses=(), person_ids=()
    )
    app.execute(case_id, reworded, MUM, sender=GUEST)

    rule = app.board(case_id).plan[rule_id]
    assert rule.what == "walks Lily to school every day"
    assert rule.addresses == (statement_id,)
    assert rule.person_ids == (officer_id,)  # Gran, whom she sees, is taken off
    shown = board_for(app.board(case_id), mum).plan[rule_id]
    assert (shown.addresses, shown.person_ids) == ((), ())


def test_a_guest_leaving_who_empty_is_given_only_the_names_they_see(
    app: BoardApplication,
) -> None:
    case_id, rule_id, _, officer_id, gran_id = _mums_rule_linked_to_the_strategy_discussion(app)
    named = c.AmendPlanRule(rule_id=rule_id, who="", person_ids=(gran_id,))
    app.execute(case_id, named, MUM, sender=GUEST)

    rule = app.board(case_id).plan[rule_id]
    assert rule.who == "Pat Carter"  # not "Pat Carter and DC Ray Patel"
    assert rule.person_ids == (gran_id, officer_id)


@pytest.mark.parametrize("field", ["addresses", "person_ids"])
def test_staff_leaving_a_link_out_remove_it(app: BoardApplication, field: str) -> None:
    case_id, rule_id, statement_id, officer_id, gran_id = (
        _mums_rule_linked_to_the_strategy_discussion(app)
    )
    app.execute(case_id, c.AmendPlanRule(rule_id=rule_id, **{field: ()}), CHAIR)

    rule = app.board(case_id).plan[rule_id]
    if field == "addresses":
        assert (rule.addresses, rule.person_ids) == ((), (officer_id, gran_id))
    else:
        assert (rule.addresses, rule.person_ids) == ((statement_id,), ())
