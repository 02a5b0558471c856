"""The practice vocabulary: frameworks, the seven domains, meeting kinds and roles.

Every word the board shows for a domain or a statement comes from here, so the
wording for each framework (the seed's Table 2) lives in exactly one place.
"""

from __future__ import annotations

import enum
from typing import Final


class Framework(enum.StrEnum):
    """Which Signs of ... framework the case is worked in; it sets the wording."""

    SAFETY = "safety"  # child in need / child protection
    WELLBEING = "wellbeing"  # family wellbeing, early help
    SUCCESS = "success"  # looked-after children, adoption
    STABILITY = "stability"  # fostering, leaving care


FRAMEWORK_NAMES: Final[dict[Framework, str]] = {
    Framework.SAFETY: "Signs of Safety (child in need, child protection)",
    Framework.WELLBEING: "Signs of Wellbeing (early help)",
    Framework.SUCCESS: "Signs of Success (looked after, adoption)",
    Framework.STABILITY: "Signs of Stability (fostering, leaving care)",
}


class Domain(enum.StrEnum):
    """The seven analysis domains of the mapping, named in Signs of Safety terms."""

    HARM = "harm"
    DANGER = "danger"
    COMPLICATING_FACTORS = "complicating_factors"
    EXISTING_STRENGTHS = "existing_strengths"
    EXISTING_SAFETY = "existing_safety"
    SAFETY_GOALS = "safety_goals"
    NEXT_STEPS = "next_steps"


class Column(enum.StrEnum):
    WORRIES = "worries"
    WORKING_WELL = "working_well"
    NEEDS_TO_HAPPEN = "needs_to_happen"


COLUMN_HEADINGS: Final[dict[Column, str]] = {
    Column.WORRIES: "What are we worried about?",
    Column.WORKING_WELL: "What's working well?",
    Column.NEEDS_TO_HAPPEN: "What needs to happen?",
}

COLUMN_DOMAINS: Final[dict[Column, tuple[Domain, ...]]] = {
    Column.WORRIES: (Domain.HARM, Domain.DANGER, Domain.COMPLICATING_FACTORS),
    Column.WORKING_WELL: (Domain.EXISTING_STRENGTHS, Domain.EXISTING_SAFETY),
    Column.NEEDS_TO_HAPPEN: (Domain.SAFETY_GOALS, Domain.NEXT_STEPS),
}

_SUCCESS_WORDS: Final[dict[Domain, str]] = {
    Domain.HARM: "Worrying behaviour",
    Domain.DANGER: "Critical worries",
    Domain.EXISTING_SAFETY: "Existing success",
    Domain.SAFETY_GOALS: "Success goals",
}

# Only the words that change per framework are listed; the rest fall back to safety.
DOMAIN_HEADINGS: Final[dict[Framework, dict[Domain, str]]] = {
    Framework.SAFETY: {
        Domain.HARM: "Harm",
        Domain.DANGER: "Danger",
        Domain.COMPLICATING_FACTORS: "Complicating factors",
        Domain.EXISTING_STRENGTHS: "Existing strengths",
        Domain.EXISTING_SAFETY: "Existing safety",
        Domain.SAFETY_GOALS: "Safety goals",
        Domain.NEXT_STEPS: "Next steps",
    },
    Framework.WELLBEING: {
        Domain.HARM: "Wellbeing concerns",
        Domain.DANGER: "Critical worries",
        Domain.EXISTING_SAFETY: "Existing wellbeing",
        Domain.SAFETY_GOALS: "Wellbeing goals",
    },
    Framework.SUCCESS: _SUCCESS_WORDS,
    Framework.STABILITY: {**_SUCCESS_WORDS, Domain.SAFETY_GOALS: "Stability goals"},
}


def domain_heading(framework: Framework, domain: Domain) -> str:
    """The heading a family sees for a domain, in the case's framework."""
    return DOMAIN_HEADINGS[framework].get(domain) or DOMAIN_HEADINGS[Framework.SAFETY][domain]


def danger_statement_words(framework: Framework) -> str:
    """'Worry statement' in wellbeing work only; 'danger statement' everywhere else
    (the seed: "placement stability meetings will have clear danger statements and
    stability goals")."""
    return "worry statement" if framework is Framework.WELLBEING else "danger statement"


def plan_words(framework: Framework) -> str:
    """'Wellbeing plan' in wellbeing work (the seed's word), 'safety plan' elsewhere."""
    return "wellbeing plan" if framework is Framework.WELLBEING else "safety plan"


def scale_words(framework: Framework) -> str:
    """'Wellbeing scale' in wellbeing work, 'safety scale' elsewhere."""
    return "wellbeing scale" if framework is Framework.WELLBEING else "safety scale"


def safety_goal_words(framework: Framework) -> str:
    """'Safety goal', 'wellbeing goal', 'success goal' or 'stability goal'."""
    return {
        Framework.SAFETY: "safety goal",
        Framework.WELLBEING: "wellbeing goal",
        Framework.SUCCESS: "success goal",
        Framework.STABILITY: "stability goal",
    }[framework]


class MeetingKind(enum.StrEnum):
    FAMILY_NETWORK = "family_network"
    RAPID_FAMILY_NETWORK = "rapid_family_network"
    ICPC = "icpc"
    CORE_GROUP = "core_group"
    REVIEW_CONFERENCE = "review_conference"
    PLACEMENT_STABILITY = "placement_stability"
    STRATEGY = "strategy"
    CHILD_IN_NEED = "child_in_need"
    FAMILY_SUPPORT = "family_support"
    LOOKED_AFTER_REVIEW = "looked_after_review"
    LEGAL_PLANNING = "legal_planning"


# Meetings never shown to family, network or child viewers, in any reader.
PROFESSIONALS_ONLY: Final[frozenset[MeetingKind]] = frozenset(
    {MeetingKind.STRATEGY, MeetingKind.LEGAL_PLANNING}
)
# Meetings a social worker may facilitate without a chair account: the family's own
# network meetings, and the core group, which the lead social worker leads.
SOCIAL_WORKER_FACILITATES: Final[frozenset[MeetingKind]] = frozenset(
    {MeetingKind.FAMILY_NETWORK, MeetingKind.RAPID_FAMILY_NETWORK, MeetingKind.CORE_GROUP}
)

# Families see whole words, never abbreviations (the seeds ask for this).
MEETING_NAMES: Final[dict[MeetingKind, str]] = {
    MeetingKind.FAMILY_NETWORK: "Family network meeting",
    MeetingKind.RAPID_FAMILY_NETWORK: "Rapid family network meeting",
    MeetingKind.ICPC: "Initial child protection conference",
    MeetingKind.CORE_GROUP: "Core group meeting",
    MeetingKind.REVIEW_CONFERENCE: "Review child protection conference",
    MeetingKind.PLACEMENT_STABILITY: "Placement stability meeting",
    MeetingKind.STRATEGY: "Strategy meeting",
    MeetingKind.CHILD_IN_NEED: "Child in need meeting",
    MeetingKind.FAMILY_SUPPORT: "Family support meeting",
    MeetingKind.LOOKED_AFTER_REVIEW: "Looked after child review",
    MeetingKind.LEGAL_PLANNING: "Legal planning meeting",
}


class Role(enum.StrEnum):
    CHAIR = "chair"
    SOCIAL_WORKER = "social_worker"
    MANAGER = "manager"
    PARENT = "parent"
    NETWORK_MEMBER = "network_member"
    CHILD = "child"
    PROFESSIONAL = "professional"
    OBSERVER = "observer"


STAFF_ROLES: Final[frozenset[Role]] = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.MANAGER})
FAMILY_AND_NETWORK: Final[frozenset[Role]] = frozenset(
    {Role.PARENT, Role.NETWORK_MEMBER, Role.CHILD}
)

ROLE_NAMES: Final[dict[Role, str]] = {
    Role.CHAIR: "chair",
    Role.SOCIAL_WORKER: "social worker",
    Role.MANAGER: "team manager",
    Role.PARENT: "parent",
    Role.NETWORK_MEMBER: "family network member",
    Role.CHILD: "child or young person",
    Role.PROFESSIONAL: "professional",
    Role.OBSERVER: "observer",
}


class ItemKind(enum.StrEnum):
    """Good mapping separates what is known from what is thought."""

    FACT = "fact"
    JUDGEMENT = "judgement"


ITEM_KIND_NAMES: Final[dict[ItemKind, str]] = {
    ItemKind.FACT: "Fact",
    ItemKind.JUDGEMENT: "Judgement",
}


class PlanRuleKind(enum.StrEnum):
    RULE = "rule"
    TRIGGER_POINT = "trigger_point"
    RED_FLAG = "red_flag"
    CONTINGENCY = "contingency"
    BOTTOM_LINE = "bottom_line"


PLAN_RULE_NAMES: Final[dict[PlanRuleKind, str]] = {
    PlanRuleKind.RULE: "Rule",
    PlanRuleKind.TRIGGER_POINT: "Trigger point",
    PlanRuleKind.RED_FLAG: "Red flag",
    PlanRuleKind.CONTINGENCY: "If the plan cannot be kept",
    PlanRuleKind.BOTTOM_LINE: "Bottom line",
}

# Limits on what people type, in characters. Items and statements are meant to be
# short and plain; these are generous enough for a paragraph and small enough to
# keep a wall screen readable and a frame small.
NAME_LIMIT: Final = 80
TEXT_LIMIT: Final = 1000
SCORE_MIN: Final = 0
SCORE_MAX: Final = 10


def together(names: list[str]) -> str:
    """Names read as one: "Lily", "Lily and Tom", "Lily, Tom and Mia"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
