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
    goal_shows,
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
            # The framework's own goal (W4): a wellbeing goal is about being healthy
            # and well, a success or stability goal about being settled.
            "means": f"A {goal} says {goal_shows(framework)}. Every {danger} has one.",
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


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def domain_help(framework: Framework) -> dict[str, str]:
    """Each domain of the mapping in plain words, shown beside its heading on a phone
    (the seeds' meaning of each column; the goal in the framework's own words)."""
    safety = framework is Framework.SAFETY
    kept = "kept safe" if safety else "kept well"
    return {
        Domain.HARM.value: "What has already happened to the child: what, how often, how "
        "bad it was, and how it affected them.",
        Domain.DANGER.value: "What everyone is afraid could happen to the child in the future "
        "if nothing changes.",
        Domain.COMPLICATING_FACTORS.value: "Things that make the problems harder to sort out, "
        "such as money worries, drink or drugs, or poor health.",
        Domain.EXISTING_STRENGTHS.value: "The good things about the family and the people "
        "around them.",
        Domain.EXISTING_SAFETY.value: f"Times the child was {kept}, even when things were "
        "hard: who did what.",
        Domain.SAFETY_GOALS.value: capital(goal_shows(framework)) + ".",
        Domain.NEXT_STEPS.value: "Who will do what next, and by when.",
    }


# Each framework's own words, from the seed (002: FC7 for family wellbeing, the looked
# after children's and fostering pages), added after the shared ones.
_FRAMEWORK_WORDS: dict[Framework, list[HelpWord]] = {
    Framework.SAFETY: [
        {
            "term": "Safety plan",
            "means": "What everyone in the family and network will do, day to day, to keep "
            "the child safe, even when things become difficult. The family writes it, with "
            "their worker's help.",
        },
        {
            "term": "Child protection conference",
            "means": "A meeting led by an independent chair, where the family and the "
            "professionals decide together whether the child needs a child protection plan.",
        },
    ],
    Framework.WELLBEING: [
        {
            "term": "Wellbeing plan",
            "means": "What everyone will do, day to day, to help the child be healthy and "
            "well. The family leads it, with their family keyworker.",
        },
        {
            "term": "Family keyworker",
            "means": "The worker who visits the family at least every four weeks and "
            "arranges the wellbeing planning meetings.",
        },
        {
            "term": "Wellbeing planning meeting",
            "means": "The family and the people who help them meet to make the wellbeing "
            "plan, then at least every three months to see how it is going.",
        },
    ],
    Framework.SUCCESS: [
        {
            "term": "Looked after child review",
            "means": "The child's own meeting, to look at how things are going and at the "
            "plan for the child. The child can chair it.",
        },
        {
            "term": "Independent reviewing officer",
            "means": "The person who chairs the child's reviews. They meet the child before "
            "each one.",
        },
        {
            "term": "Permanence plan",
            "means": "The plan for where the child will grow up. It is made by the child's "
            "second review.",
        },
    ],
    Framework.STABILITY: [
        {
            "term": "Safe care plan",
            "means": "How the foster carer, the child and the child's social worker keep "
            "the child safe in this home. It is made when the child moves in and updated at "
            "every placement stability meeting.",
        },
        {
            "term": "Placement stability meeting",
            "means": "A meeting held as soon as possible when something might upset the "
            "child's home with their foster carer. The child is always part of it, and "
            "their birth family when possible.",
        },
        {
            "term": "Personal adviser",
            "means": "For a young person leaving care: the worker who helps them write "
            "their pathway plan, in their own words.",
        },
    ],
}


def framework_words(framework: Framework) -> list[HelpWord]:
    """The words only this framework uses: its plan, its meetings, its people."""
    return _FRAMEWORK_WORDS[framework]
