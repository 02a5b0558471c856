"""The words the board uses for things, from the one place that names them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from board.practice import (
    Framework,
    Role,
    danger_statement_words,
    plan_words,
    safety_goal_words,
    scale_words,
)
from board.projections.wording import day, day_and_time, named, with_reason


def test_a_role_is_shown_once() -> None:
    assert named("Sam Reid", Role.CHAIR) == "Sam Reid (chair)"
    assert named("Sam Reid (chair)", Role.CHAIR) == "Sam Reid (chair)"  # an old account name
    assert named("Amira Khan (Social Worker)", Role.SOCIAL_WORKER) == "Amira Khan (Social Worker)"
    # A name that says something else in brackets keeps its role, inside them (W14).
    assert named("Ms Hughes (school)", Role.PROFESSIONAL) == "Ms Hughes (school, professional)"
    assert named("Jess (mum)", Role.PARENT) == "Jess (mum, parent)"
    assert named("Jess (mum, parent)", Role.PARENT) == "Jess (mum, parent)"


def test_a_blank_reason_leaves_no_dangling_dash() -> None:
    assert (
        with_reason("Gran Pat: 8", "Much calmer house.") == "Gran Pat: 8 \u2014 Much calmer house."
    )
    assert with_reason("Gran Pat: 8", "") == "Gran Pat: 8"
    assert with_reason("Gran Pat: 8", "   ") == "Gran Pat: 8"


def test_days_are_written_as_people_write_them() -> None:
    when = datetime(2026, 3, 9, 10, 5, tzinfo=UTC)
    assert day(when) == "9 March 2026"
    assert day_and_time(when) == "9 March 2026 at 10:05"


@pytest.mark.parametrize(
    ("framework", "statement", "goal", "plan", "scale"),
    [
        (Framework.SAFETY, "danger statement", "safety goal", "safety plan", "safety scale"),
        (
            Framework.WELLBEING,
            "worry statement",
            "wellbeing goal",
            "wellbeing plan",
            "wellbeing scale",
        ),
        # The seed: "the overall Signs of Success care plan".
        (Framework.SUCCESS, "danger statement", "success goal", "care plan", "safety scale"),
        # The seed: "placement stability meetings will have clear danger statements and
        # stability goals"; "Whenever there is a stability meeting, we update the safe
        # care plan"; "use a scaling question to scale the stability" (W22).
        (
            Framework.STABILITY,
            "danger statement",
            "stability goal",
            "safe care plan",
            "stability scale",
        ),
    ],
)
def test_each_framework_has_its_own_words(
    framework: Framework, statement: str, goal: str, plan: str, scale: str
) -> None:
    assert danger_statement_words(framework) == statement
    assert safety_goal_words(framework) == goal
    assert plan_words(framework) == plan
    assert scale_words(framework) == scale


@pytest.mark.parametrize(
    ("name", "role", "framework", "said"),
    [
        ("Amira Khan", Role.SOCIAL_WORKER, Framework.WELLBEING, "Amira Khan (family keyworker)"),
        ("Amira Khan", Role.SOCIAL_WORKER, Framework.SAFETY, "Amira Khan (social worker)"),
        ("Sam Reid", Role.CHAIR, Framework.SUCCESS, "Sam Reid (independent reviewing officer)"),
        ("Sam Reid", Role.CHAIR, Framework.STABILITY, "Sam Reid (independent reviewing officer)"),
        ("Sam Reid", Role.CHAIR, Framework.WELLBEING, "Sam Reid (chair)"),
        ("Jess (mum)", Role.PARENT, Framework.SUCCESS, "Jess (mum, parent)"),
        (
            "Amira (family keyworker)",
            Role.SOCIAL_WORKER,
            Framework.WELLBEING,
            "Amira (family keyworker)",
        ),
    ],
)
def test_a_role_is_named_as_the_cases_framework_names_it(
    name: str, role: Role, framework: Framework, said: str
) -> None:
    """The record, replay and thread pages name the keyworker and the reviewing officer
    in their framework's words; the role once, as before (W14)."""
    assert named(name, role, framework) == said
