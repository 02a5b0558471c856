"""What addresses a danger statement (E18, W29): only the rules of the family's plan
count; a bottom line, the contingency plan and what professionals will do are listed
beside, never counted. The statement's words, the record and the readiness check say
so in the same words."""

from __future__ import annotations

from uuid import UUID

from board import commands as c
from board.application.service import BoardApplication
from board.events import Author
from board.practice import Framework, MeetingKind, PlanRuleKind, Role
from board.projections.addressing import addressing, addressing_words, plan_counts
from board.projections.readiness import readiness
from board.projections.record import conference_record

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)


def _statement(app: BoardApplication) -> tuple[UUID, str]:
    case_id = app.open_case("Lily", "the Bennett family", Framework.SAFETY, WORKER)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.FAMILY_NETWORK), WORKER)
    (written,) = app.execute(
        case_id, c.WriteDangerStatement(text="We are worried Lily will be hurt."), WORKER
    )
    return case_id, written.fact.statement_id  # type: ignore[attr-defined]


def _rule(
    app: BoardApplication, case_id: UUID, statement: str, kind: PlanRuleKind, what: str
) -> None:
    app.execute(
        case_id,
        c.AddPlanRule(who="Everyone", what=what, when="always", addresses=(statement,), kind=kind),
        WORKER,
    )


def _safety_plan_check(app: BoardApplication, case_id: UUID) -> tuple[bool, str]:
    check = {c.label: c for c in readiness(app.board(case_id))}["A safety plan in place"]
    return check.done, check.detail


def test_a_bottom_line_and_the_professionals_part_do_not_address_a_danger(
    app: BoardApplication,
) -> None:
    case_id, statement = _statement(app)
    _rule(app, case_id, statement, PlanRuleKind.BOTTOM_LINE, "no drinking around Lily")
    _rule(app, case_id, statement, PlanRuleKind.PROFESSIONALS, "the school checks in daily")
    _rule(app, case_id, statement, PlanRuleKind.CONTINGENCY, "a family meeting is called")
    _rule(app, case_id, statement, PlanRuleKind.PROFESSIONALS, "the GP reviews Jess")
    board = app.board(case_id)
    found = addressing(board, statement)
    assert not found.addressed
    assert board.rules_addressing(statement) == []
    assert addressing_words(found) == (
        "No rule in the family's plan addresses it yet (1 bottom line, 3 for professionals: "
        "they do not count, as they are not the family's plan)."
    )
    assert _safety_plan_check(app, case_id) == (
        False,
        "0 family rules, 1 bottom line, 3 for professionals; no rule in the family's plan "
        "yet for danger statement 1.",
    )
    (section,) = conference_record(board).statements
    assert section.rules == []
    assert section.addressed.startswith("No rule in the family's plan addresses it yet")


def test_the_familys_rules_address_it_with_the_rest_beside(app: BoardApplication) -> None:
    case_id, statement = _statement(app)
    _rule(app, case_id, statement, PlanRuleKind.BOTTOM_LINE, "no drinking around Lily")
    _rule(app, case_id, statement, PlanRuleKind.RULE, "Gran has Lily on Saturdays")
    _rule(app, case_id, statement, PlanRuleKind.RED_FLAG, "Jess calls Sophie when Dan drinks")
    _rule(app, case_id, statement, PlanRuleKind.PROFESSIONALS, "the school checks in daily")
    board = app.board(case_id)
    found = addressing(board, statement)
    assert found.addressed and len(found.family) == 2
    assert addressing_words(found) == (
        "The family's plan: 2 rules address it (and 1 bottom line, 1 for professionals)."
    )
    assert plan_counts(board) == "2 family rules, 1 bottom line, 1 for professionals"
    assert _safety_plan_check(app, case_id) == (
        True,
        "2 family rules, 1 bottom line, 1 for professionals; the family's plan addresses "
        "every danger statement.",
    )
    (section,) = conference_record(board).statements
    assert section.addressed == addressing_words(found)
