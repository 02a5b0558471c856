"""The practice's words in plain language, one tap away on a phone: what a danger
statement, a safety goal, a fact, a judgement and scaling are, for a grandparent or a
child who has never been to a meeting like this. Worded from the practice
(/work/shared/DOMAIN.md), in each framework's own words."""

from __future__ import annotations

from typing import TypedDict

from board.practice import (
    PLAN_RULE_NAMES,
    Domain,
    Framework,
    PlanRuleKind,
    danger_statement_words,
    domain_heading,
    safety_goal_words,
)


class HelpWord(TypedDict):
    term: str
    means: str


def help_words(framework: Framework) -> list[HelpWord]:
    danger = danger_statement_words(framework)
    goal = safety_goal_words(framework)
    return [
        {
            "term": danger.capitalize(),
            "means": f"A {danger} says who is worried, about what is happening (what someone "
            "does), and what could happen to the child if nothing changes. It is written in "
            "plain words.",
        },
        {
            "term": goal.capitalize(),
            "means": f"A {goal} says what the family will be doing that shows the child is "
            f"safe enough for the case to close. Every {danger} has one.",
        },
        {
            "term": "Fact",
            "means": "Something that happened or was seen, and where we know it from: a "
            "parent, the child, the school, the police, or what the worker saw.",
        },
        {
            "term": "Judgement",
            "means": "What someone thinks or worries about. It matters, but it is what "
            "they think, not something that was seen to happen.",
        },
        {
            "term": "Scaling",
            "means": "Giving a number from 0 to 10. Each question says what its 0 and its "
            "10 mean. Everyone here is asked, the child too, and you can say why you "
            "chose your number.",
        },
        *_words_on_the_board(framework),
    ]


def _words_on_the_board(framework: Framework) -> list[HelpWord]:
    """The other words a grandparent sees on the board and the plan, one plain line each
    (W33), named as the board names them."""
    return [
        {
            "term": domain_heading(framework, Domain.COMPLICATING_FACTORS),
            "means": "Things that make the worries harder to sort out, like money troubles "
            "or feeling low. They are not the worries themselves.",
        },
        {
            "term": domain_heading(framework, Domain.EXISTING_SAFETY),
            "means": "Times the child was kept safe even when the problem was there: who "
            "did what, and when.",
        },
        {
            "term": PLAN_RULE_NAMES[PlanRuleKind.BOTTOM_LINE],
            "means": "Something that must always happen. Your worker and their manager set "
            "the few bottom lines; the family's plan says how they will happen.",
        },
        {
            "term": PLAN_RULE_NAMES[PlanRuleKind.TRIGGER_POINT],
            "means": "A time when things are more likely to go wrong, like an anniversary "
            "or a busy time of day. The plan says what happens then.",
        },
        {
            "term": PLAN_RULE_NAMES[PlanRuleKind.RED_FLAG],
            "means": "A sign that the problem may be about to happen. The plan says who "
            "will notice it and what they will do.",
        },
    ]
