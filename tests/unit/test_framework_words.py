"""The wording the practice review found still in child protection's terms in other
frameworks (issue 22 item 8): W3 (harm statements), W4 and W6 (what a goal shows), W7
and W8 (what the plan is for), W19 (a step done, not held), W22 (fostering's words),
W34 (scaling examples). Each test names the old string it must never read again."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

from board import events as ev
from board.cli.readout import board_text
from board.events import Author, CaseEvent
from board.practice import (
    SCALE_HINTS,
    Domain,
    Framework,
    PlanRuleKind,
    Role,
    domain_heading,
    goal_shows,
    harm_statement_words,
    plan_heading,
    plan_purpose,
    scale_words,
)
from board.projections.board import Board, project
from board.projections.course_steps import Status, step
from board.projections.help_words import domain_help, help_words
from board.projections.narration import what_happened

WORKER = Author("w", "Amira Khan", Role.SOCIAL_WORKER)
AT = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)
OTHERS = (Framework.WELLBEING, Framework.SUCCESS, Framework.STABILITY)


def _events(framework: Framework, *facts: ev.Fact) -> list[CaseEvent]:
    opened = ev.CaseOpened(child_name="Jay", family_name="the Okafor family", framework=framework)
    return [
        CaseEvent(case_id=uuid4(), position=n, at=AT, by=WORKER, meeting_id=None, fact=fact)
        for n, fact in enumerate((opened, *facts), start=1)
    ]


def _board(framework: Framework, *facts: ev.Fact) -> Board:
    return project(_events(framework, *facts))


def test_w3_harm_statements_in_each_frameworks_words() -> None:
    assert harm_statement_words(Framework.SAFETY).heading == "Harm statements"
    assert harm_statement_words(Framework.WELLBEING).heading == (
        "What has happened (wellbeing concerns)"
    )
    assert harm_statement_words(Framework.SUCCESS).heading == (
        "What has happened (worrying behaviour)"
    )
    harm = ev.HarmStatementWritten(statement_id="h1", text="Jay missed school for a month")
    events = _events(Framework.WELLBEING, harm)
    said = what_happened(events[-1], project(events[:-1]))
    assert said == "wrote a wellbeing concern: \u201cJay missed school for a month\u201d"
    readout = board_text(project(events))
    assert "WHAT HAS HAPPENED (WELLBEING CONCERNS)" in readout
    assert "HARM STATEMENTS" not in readout


def test_w4_w6_a_goal_is_not_about_safe_enough_outside_child_protection() -> None:
    for framework in OTHERS:
        words = help_words(framework)
        goal = next(w for w in words if w["term"].endswith("goal"))
        assert "safe enough" not in goal["means"], framework
        assert "safe enough" not in domain_help(framework)[Domain.SAFETY_GOALS.value]
    wellbeing = next(w for w in help_words(Framework.WELLBEING) if w["term"] == "Wellbeing goal")
    assert wellbeing["means"] == (
        "A wellbeing goal says what we need to see to know the child is healthy and well, "
        "so the case can close. Every worry statement has one."
    )
    assert goal_shows(Framework.SUCCESS) == (
        "what we need to see to know the child is settled and doing well"
    )
    # Child protection keeps the glossary's own words.
    assert "safe enough for the case to close" in goal_shows(Framework.SAFETY)


def test_w7_w8_the_plan_is_for_what_the_framework_is_for() -> None:
    assert plan_heading(Framework.SAFETY, "Lily") == "Our plan to keep Lily safe"
    assert plan_heading(Framework.WELLBEING, "Jay") == "Our wellbeing plan for Jay"
    assert plan_heading(Framework.STABILITY, "Jay") == "Our safe care plan for Jay"
    assert plan_purpose(Framework.WELLBEING, "Jay") == "to help Jay be healthy and well"
    for framework in OTHERS:
        assert plan_heading(framework, "Jay") != "Our plan to keep Jay safe"
        assert plan_purpose(framework, "Jay") != "to keep Jay safe"


def test_w22_fostering_scales_the_stability_and_has_existing_stability() -> None:
    assert scale_words(Framework.STABILITY) == "stability scale"
    assert domain_heading(Framework.STABILITY, Domain.EXISTING_SAFETY) == "Existing stability"
    assert domain_heading(Framework.SUCCESS, Domain.EXISTING_SAFETY) == "Existing success"
    readout = board_text(_board(Framework.STABILITY))
    assert "STABILITY SCALE" in readout and "SAFETY SCALE" not in readout
    assert "Existing stability" in readout and "Existing success" not in readout


def test_w34_no_hurt_again_or_how_safe_outside_child_protection() -> None:
    for framework in OTHERS:
        hints = " ".join(SCALE_HINTS[framework].values())
        assert "hurt again" not in hints and "how safe is" not in hints, framework
        assert "safe enough" not in hints, framework
    assert SCALE_HINTS[Framework.STABILITY]["question"] == (
        "On a scale of 0 to 10, how settled is {child} in this home?"
    )


def test_w19_a_step_that_is_not_a_meeting_is_done_not_held() -> None:
    today = date(2026, 4, 1)
    shared = step(
        "The mapping shared with the family",
        "5 days before",
        date(2026, 3, 20),
        date(2026, 3, 19),
        today,
    )
    assert (shared.status, shared.says) == (Status.HELD, "Done in time")
    late = step(
        "The mapping shared with the family",
        "5 days before",
        date(2026, 3, 20),
        date(2026, 3, 23),
        today,
    )
    assert (late.status, late.says) == (Status.LATE, "Done late")
    assert "Held" not in shared.says and "Held" not in late.says


def test_w21_replay_says_the_frameworks_plan() -> None:
    rule = ev.PlanRuleAdded(
        rule_id="r1",
        kind=PlanRuleKind.RULE,
        who="Gran",
        what="walks Jay to school",
        when="every morning",
        addresses=(),
    )
    events = _events(Framework.WELLBEING, rule)
    said = what_happened(events[-1], project(events[:-1]))
    assert said == "added a rule to the wellbeing plan: \u201cGran walks Jay to school.\u201d"
    assert "safety plan" not in said
