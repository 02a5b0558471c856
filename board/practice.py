"""The practice vocabulary: frameworks, the seven domains, meeting kinds and roles.

Every word the board shows for a domain or a statement comes from here, so the
wording for each framework (the seed's Table 2) lives in exactly one place.
"""

from __future__ import annotations

import enum
from typing import Final, NamedTuple


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
    # Fostering: "scale the stability"; "Existing success" is the looked-after word (W22).
    Framework.STABILITY: {
        **_SUCCESS_WORDS,
        Domain.EXISTING_SAFETY: "Existing stability",
        Domain.SAFETY_GOALS: "Stability goals",
    },
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
    """The plan's name in the seed's words: 'safety plan' in child protection,
    'wellbeing plan' in wellbeing work, the 'care plan' for a looked-after child ("the
    overall Signs of Success care plan", into which a child protection safety plan is
    incorporated), the 'safe care plan' in fostering ("Whenever there is a stability
    meeting, we update the safe care plan")."""
    return {
        Framework.SAFETY: "safety plan",
        Framework.WELLBEING: "wellbeing plan",
        Framework.SUCCESS: "care plan",
        Framework.STABILITY: "safe care plan",
    }[framework]


def scale_words(framework: Framework) -> str:
    """'Wellbeing scale' in wellbeing work, 'stability scale' in fostering (the seed:
    "use a scaling question to scale the stability", W22), 'safety scale' elsewhere."""
    return {
        Framework.WELLBEING: "wellbeing scale",
        Framework.STABILITY: "stability scale",
    }.get(framework, "safety scale")


class HarmWords(NamedTuple):
    """The past-harm statements in a framework's words (Table 2's past column, W3)."""

    heading: str  # "Harm statements"
    one: str  # "harm statement": "Write a harm statement"
    many: str  # "harm statements": "No harm statements yet."


def harm_statement_words(framework: Framework) -> HarmWords:
    """'Harm statement' in child protection; the seed's Table 2 names the past column
    "Wellbeing Concerns (past)" in wellbeing work and "Worrying Behaviour (past)" for a
    looked-after child (and, as its domain heading, in fostering)."""
    return {
        Framework.SAFETY: HarmWords("Harm statements", "harm statement", "harm statements"),
        Framework.WELLBEING: HarmWords(
            "What has happened (wellbeing concerns)", "wellbeing concern", "wellbeing concerns"
        ),
    }.get(
        framework,
        HarmWords(
            "What has happened (worrying behaviour)",
            "statement of worrying behaviour",
            "statements of worrying behaviour",
        ),
    )


def goal_shows(framework: Framework) -> str:
    """What a goal says, in each framework's own terms (W4, W6). Glossary: a safety goal
    is "what we need to see to know the child is safe enough to close the case"; a
    wellbeing goal, "what we need to see to know the child is healthy and well so that
    the case can close". Success and stability goals are not about "safe enough"."""
    return {
        Framework.SAFETY: "what the family will be doing that shows the child is safe "
        "enough for the case to close",
        Framework.WELLBEING: "what we need to see to know the child is healthy and well, "
        "so the case can close",
        Framework.SUCCESS: "what we need to see to know the child is settled and doing well",
        Framework.STABILITY: "what we need to see to know the child is settled and doing "
        "well in this home",
    }[framework]


def plan_purpose(framework: Framework, child: str) -> str:
    """What the plan is for, after "What everyone will do, day to day, " (W7, W8): to
    keep the child safe in child protection, to help them be healthy and well in
    wellbeing work, settled and doing well when looked after or fostered."""
    return {
        Framework.SAFETY: f"to keep {child} safe",
        Framework.WELLBEING: f"to help {child} be healthy and well",
        Framework.SUCCESS: f"to help {child} be settled and do well",
        Framework.STABILITY: f"to keep {child} safe and settled in this home",
    }[framework]


def plan_heading(framework: Framework, child: str) -> str:
    """The family's plan page's heading (W8): "Our plan to keep Lily safe" in child
    protection, as families know it; elsewhere the plan's own name, "Our wellbeing plan
    for Jay", never a safety plan."""
    if framework is Framework.SAFETY:
        return f"Our plan {plan_purpose(framework, child)}"
    return f"Our {plan_words(framework)} for {child}"


# Examples for a scaling question, its 0 and its 10, and the same in a child's words,
# in each framework's terms (W34): never "hurt again" in a fostering case. "{child}" is
# the child's name, put in by whoever shows them.
SCALE_HINTS: Final[dict[Framework, dict[str, str]]] = {
    Framework.SAFETY: {
        "question": "On a scale of 0 to 10, how safe is {child} at home today?",
        "zero_means": "{child} will be hurt again if nothing changes.",
        "ten_means": "everyone is confident {child} is safe enough to close the case.",
        "child_question": "How safe do you feel at home?",
        "child_zero_means": "I feel scared at home.",
        "child_ten_means": "I feel safe at home.",
    },
    Framework.WELLBEING: {
        "question": "On a scale of 0 to 10, how well is {child} doing today?",
        "zero_means": "things will get worse for {child} if nothing changes.",
        "ten_means": "everyone is confident {child} is healthy and well, so the case can close.",
        "child_question": "How happy do you feel at home?",
        "child_zero_means": "I feel sad at home most of the time.",
        "child_ten_means": "I feel happy at home.",
    },
    Framework.SUCCESS: {
        "question": "On a scale of 0 to 10, how settled is {child} where they live now?",
        "zero_means": "{child}'s home could break down if nothing changes.",
        "ten_means": "everyone is confident {child} is settled and doing well.",
        "child_question": "How happy are you where you live?",
        "child_zero_means": "I am not happy where I live.",
        "child_ten_means": "I am happy where I live.",
    },
    Framework.STABILITY: {
        "question": "On a scale of 0 to 10, how settled is {child} in this home?",
        "zero_means": "{child} may have to move if nothing changes.",
        "ten_means": "everyone is confident {child} is settled and can stay in this home.",
        "child_question": "How settled do you feel in this home?",
        "child_zero_means": "I do not want to stay here.",
        "child_ten_means": "I feel at home here.",
    },
}


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
    WELLBEING_PLANNING = "wellbeing_planning"
    ENDING = "ending"
    PLACEMENT_PLANNING = "placement_planning"
    PERMANENCY_PLANNING = "permanency_planning"


# Meetings never shown to family, network or child viewers, in any reader.
PROFESSIONALS_ONLY: Final[frozenset[MeetingKind]] = frozenset(
    {MeetingKind.STRATEGY, MeetingKind.LEGAL_PLANNING}
)
# Meetings a social worker may facilitate without a chair account: the family's own
# network meetings, the core group, which the lead social worker leads, and the
# meetings the seed has a worker arrange and run: the family keyworker's wellbeing
# planning and ending meetings (FC7), and the fostering team's placement stability,
# placement planning and permanency planning meetings. Conferences and looked after
# reviews stay with the chair (the independent reviewing officer).
SOCIAL_WORKER_FACILITATES: Final[frozenset[MeetingKind]] = frozenset(
    {
        MeetingKind.FAMILY_NETWORK,
        MeetingKind.RAPID_FAMILY_NETWORK,
        MeetingKind.CORE_GROUP,
        MeetingKind.WELLBEING_PLANNING,
        MeetingKind.ENDING,
        MeetingKind.PLACEMENT_STABILITY,
        MeetingKind.PLACEMENT_PLANNING,
        MeetingKind.PERMANENCY_PLANNING,
    }
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
    MeetingKind.WELLBEING_PLANNING: "Wellbeing planning meeting",
    MeetingKind.ENDING: "Ending meeting",
    MeetingKind.PLACEMENT_PLANNING: "Placement planning meeting",
    MeetingKind.PERMANENCY_PLANNING: "Permanency planning meeting",
}

# The meetings each framework holds, in the order a case meets them (seed 002's flow
# charts and service pages): no framework offers another's. A child protection case
# keeps the child in need meeting (FC3); looked-after and fostering cases share the
# looked after review and the permanency planning meeting; the family network meeting
# is everyone's (it builds the back together plan, FC6).
MEETING_KINDS: Final[dict[Framework, tuple[MeetingKind, ...]]] = {
    Framework.SAFETY: (
        MeetingKind.STRATEGY,
        MeetingKind.RAPID_FAMILY_NETWORK,
        MeetingKind.FAMILY_NETWORK,
        MeetingKind.ICPC,
        MeetingKind.CORE_GROUP,
        MeetingKind.REVIEW_CONFERENCE,
        MeetingKind.CHILD_IN_NEED,
        MeetingKind.LEGAL_PLANNING,
    ),
    Framework.WELLBEING: (
        MeetingKind.WELLBEING_PLANNING,
        MeetingKind.FAMILY_NETWORK,
        MeetingKind.FAMILY_SUPPORT,
        MeetingKind.ENDING,
    ),
    Framework.SUCCESS: (
        MeetingKind.PLACEMENT_PLANNING,
        MeetingKind.LOOKED_AFTER_REVIEW,
        MeetingKind.PERMANENCY_PLANNING,
        MeetingKind.FAMILY_NETWORK,
        MeetingKind.LEGAL_PLANNING,
    ),
    Framework.STABILITY: (
        MeetingKind.PLACEMENT_STABILITY,
        MeetingKind.PLACEMENT_PLANNING,
        MeetingKind.LOOKED_AFTER_REVIEW,
        MeetingKind.PERMANENCY_PLANNING,
        MeetingKind.FAMILY_NETWORK,
    ),
}

# -- the case's course: conferences, their decisions, and what other meetings decide --

# The meetings that decide whether a child is subject to a child protection plan.
CONFERENCES: Final[frozenset[MeetingKind]] = frozenset(
    {MeetingKind.ICPC, MeetingKind.REVIEW_CONFERENCE}
)
# Meetings that record an outcome of their own (not a plan decision).
OWN_OUTCOME: Final[frozenset[MeetingKind]] = frozenset(
    {
        MeetingKind.FAMILY_NETWORK,
        MeetingKind.RAPID_FAMILY_NETWORK,
        MeetingKind.PLACEMENT_STABILITY,
        MeetingKind.WELLBEING_PLANNING,
        MeetingKind.ENDING,
        MeetingKind.PLACEMENT_PLANNING,
        MeetingKind.PERMANENCY_PLANNING,
        MeetingKind.LOOKED_AFTER_REVIEW,
    }
)


class CaseDate(enum.StrEnum):
    """A date of the case's course that happens off the board, recorded by staff so
    the timescales can count from it."""

    REFERRAL = "referral"
    REFERRAL_DECISION = "referral_decision"
    ASSESSMENT_STARTED = "assessment_started"
    ASSESSMENT_DONE = "assessment_done"
    CMR_REFERRED = "cmr_referred"
    KEYWORKER_VISIT = "keyworker_visit"
    LOOKED_AFTER = "looked_after"
    PERMANENCE_PLAN = "permanence_plan"
    CARER_VISIT = "carer_visit"


CASE_DATE_NAMES: Final[dict[CaseDate, str]] = {
    CaseDate.REFERRAL: "the referral",
    CaseDate.REFERRAL_DECISION: "the decision on the referral",
    CaseDate.ASSESSMENT_STARTED: "the start of the assessment",
    CaseDate.ASSESSMENT_DONE: "the assessment completed",
    CaseDate.CMR_REFERRED: "the referral to the Case Management Review",
    CaseDate.KEYWORKER_VISIT: "the family keyworker's last visit",
    CaseDate.LOOKED_AFTER: "the day the child became looked after",
    CaseDate.PERMANENCE_PLAN: "the permanence plan",
    CaseDate.CARER_VISIT: "the last visit to the foster carers",
}

# The dates each framework's course counts from.
CASE_DATES: Final[dict[Framework, tuple[CaseDate, ...]]] = {
    Framework.SAFETY: (
        CaseDate.REFERRAL,
        CaseDate.REFERRAL_DECISION,
        CaseDate.ASSESSMENT_STARTED,
        CaseDate.ASSESSMENT_DONE,
        CaseDate.CMR_REFERRED,
    ),
    Framework.WELLBEING: (CaseDate.KEYWORKER_VISIT,),
    Framework.SUCCESS: (CaseDate.LOOKED_AFTER, CaseDate.PERMANENCE_PLAN),
    Framework.STABILITY: (CaseDate.LOOKED_AFTER, CaseDate.CARER_VISIT),
}


class SeniorRole(enum.StrEnum):
    """Who may sign off a conference later than 15 working days (FC4 note: "No
    conference should exceed 15 working days unless HoS or DD sign off")."""

    HEAD_OF_SERVICE = "head_of_service"
    DEPUTY_DIRECTOR = "deputy_director"


SENIOR_ROLE_NAMES: Final[dict[SeniorRole, str]] = {
    SeniorRole.HEAD_OF_SERVICE: "Head of Service",
    SeniorRole.DEPUTY_DIRECTOR: "Deputy Director",
}


class AbuseCategory(enum.StrEnum):
    """The category of a child protection plan (Working Together)."""

    NEGLECT = "neglect"
    PHYSICAL = "physical"
    EMOTIONAL = "emotional"
    SEXUAL = "sexual"


CATEGORY_NAMES: Final[dict[AbuseCategory, str]] = {
    AbuseCategory.NEGLECT: "neglect",
    AbuseCategory.PHYSICAL: "physical abuse",
    AbuseCategory.EMOTIONAL: "emotional abuse",
    AbuseCategory.SEXUAL: "sexual abuse",
}


class PlacementOutcome(enum.StrEnum):
    """What a placement stability meeting decides about the placement."""

    CONTINUES = "continues"
    CONTINUES_WITH_SUPPORT = "continues_with_support"
    PLANNED_MOVE = "planned_move"
    ENDS = "ends"


PLACEMENT_OUTCOME_NAMES: Final[dict[PlacementOutcome, str]] = {
    PlacementOutcome.CONTINUES: "The placement continues",
    PlacementOutcome.CONTINUES_WITH_SUPPORT: "The placement continues, with more support",
    PlacementOutcome.PLANNED_MOVE: "A planned move to a new placement",
    PlacementOutcome.ENDS: "The placement ends",
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
    # The seed names foster carers beside the professionals, and in fostering they make
    # the safe care plan with the child and their social worker: a role of their own,
    # on the professionals' side of the dot plot.
    FOSTER_CARER = "foster_carer"


STAFF_ROLES: Final[frozenset[Role]] = frozenset({Role.CHAIR, Role.SOCIAL_WORKER, Role.MANAGER})
FAMILY_AND_NETWORK: Final[frozenset[Role]] = frozenset(
    {Role.PARENT, Role.NETWORK_MEMBER, Role.CHILD}
)

# What the practice calls a role in each framework, where it differs (seed 002: the
# family keyworker (FKW) in the Family Wellbeing Service; the independent reviewing
# officer chairs a looked after review). A care leaver's personal adviser signs in as
# a social worker: the phone's help words say who they are.
FRAMEWORK_ROLE_NAMES: Final[dict[Framework, dict[Role, str]]] = {
    Framework.SAFETY: {},
    Framework.WELLBEING: {Role.SOCIAL_WORKER: "family keyworker"},
    Framework.SUCCESS: {Role.CHAIR: "independent reviewing officer"},
    Framework.STABILITY: {Role.CHAIR: "independent reviewing officer"},
}


def role_name(role: Role, framework: Framework) -> str:
    """A role as the case's framework names it ("family keyworker" in early help)."""
    return FRAMEWORK_ROLE_NAMES[framework].get(role) or ROLE_NAMES[role]


def role_names(framework: Framework) -> dict[Role, str]:
    """Every role as the case's framework names it."""
    return {role: role_name(role, framework) for role in ROLE_NAMES}


ROLE_NAMES: Final[dict[Role, str]] = {
    Role.CHAIR: "chair",
    Role.SOCIAL_WORKER: "social worker",
    Role.MANAGER: "team manager",
    Role.PARENT: "parent",
    Role.NETWORK_MEMBER: "family network member",
    Role.CHILD: "child or young person",
    Role.PROFESSIONAL: "professional",
    Role.OBSERVER: "observer",
    Role.FOSTER_CARER: "foster carer",
}


class ItemKind(enum.StrEnum):
    """Good mapping separates what is known from what is thought."""

    FACT = "fact"
    JUDGEMENT = "judgement"


ITEM_KIND_NAMES: Final[dict[ItemKind, str]] = {
    ItemKind.FACT: "Fact",
    ItemKind.JUDGEMENT: "Judgement",
}


class SourceKind(enum.StrEnum):
    """Who an item of the mapping came from, beside its free text (E66, seed 002: "We
    triangulate what children, parents and professionals are telling us, in addition to
    what we observe"). The stored values never change; an item recorded before sources
    had kinds is NOT_SAID."""

    CHILD = "child"
    PARENT = "parent"
    NETWORK = "network"
    PROFESSIONAL = "professional"
    OBSERVED = "observed"
    NOT_SAID = "not_said"


# What the form offers, in this order; "not said" last, as a choice of its own.
SOURCE_KIND_NAMES: Final[dict[SourceKind, str]] = {
    SourceKind.CHILD: "The child, in their own words",
    SourceKind.PARENT: "A parent",
    SourceKind.NETWORK: "The family's network",
    SourceKind.PROFESSIONAL: "A professional (say which agency)",
    SourceKind.OBSERVED: "Seen by a worker (observed)",
    SourceKind.NOT_SAID: "Not said",
}

# How a card says it, before the free text: "From a professional: school".
SOURCE_KIND_SAID: Final[dict[SourceKind, str]] = {
    SourceKind.CHILD: "From the child",
    SourceKind.PARENT: "From a parent",
    SourceKind.NETWORK: "From the network",
    SourceKind.PROFESSIONAL: "From a professional",
    SourceKind.OBSERVED: "Observed",
    SourceKind.NOT_SAID: "Source",
}


class PlanRuleKind(enum.StrEnum):
    """The plan's kinds, in the seed's words. The stored values never change (events are
    forever): `contingency` always meant "if the plan cannot be kept", which is the local
    authority's contingency plan; a safety person ill or away has its own kind now."""

    RULE = "rule"
    TRIGGER_POINT = "trigger_point"
    RED_FLAG = "red_flag"
    CONTINGENCY = "contingency"
    BOTTOM_LINE = "bottom_line"
    ALREADY_HAPPENING = "already_happening"
    SAFETY_PERSON_AWAY = "safety_person_away"
    PROFESSIONALS = "professionals"


PLAN_RULE_NAMES: Final[dict[PlanRuleKind, str]] = {
    PlanRuleKind.RULE: "Rule",
    PlanRuleKind.TRIGGER_POINT: "Trigger point",
    PlanRuleKind.RED_FLAG: "Warning sign (red flag)",
    # Plain words on the family's fridge, not "the local authority's contingency plan" (W11).
    PlanRuleKind.CONTINGENCY: "If the plan cannot be kept: what children's services will do",
    PlanRuleKind.BOTTOM_LINE: "Bottom line",
    PlanRuleKind.ALREADY_HAPPENING: "If it is already happening",
    PlanRuleKind.SAFETY_PERSON_AWAY: "If a safety person is ill or away",
    PlanRuleKind.PROFESSIONALS: "What professionals will do",
}


class PlanPart(enum.StrEnum):
    """The plan is the family's, with the professionals' part kept apart from it."""

    BOTTOM_LINES = "bottom_lines"
    FAMILY = "family"
    PROFESSIONALS = "professionals"


# The order the plan is read in: bottom lines first ("shown clearly"), then the family's
# rules, then what professionals will do and the contingency plan.
PLAN_PARTS: Final[dict[PlanPart, tuple[PlanRuleKind, ...]]] = {
    PlanPart.BOTTOM_LINES: (PlanRuleKind.BOTTOM_LINE,),
    PlanPart.FAMILY: (
        PlanRuleKind.RULE,
        PlanRuleKind.TRIGGER_POINT,
        PlanRuleKind.RED_FLAG,
        PlanRuleKind.ALREADY_HAPPENING,
        PlanRuleKind.SAFETY_PERSON_AWAY,
    ),
    PlanPart.PROFESSIONALS: (PlanRuleKind.PROFESSIONALS, PlanRuleKind.CONTINGENCY),
}

PLAN_PART_NAMES: Final[dict[PlanPart, str]] = {
    PlanPart.BOTTOM_LINES: "Bottom lines",
    PlanPart.FAMILY: "The family's plan",
    PlanPart.PROFESSIONALS: "What professionals will do",
}


def plan_part(kind: PlanRuleKind) -> PlanPart:
    return next(part for part, kinds in PLAN_PARTS.items() if kind in kinds)


# "Kept to a minimum": a plan with more bottom lines than this is refused another.
BOTTOM_LINE_LIMIT: Final = 5

# Limits on what people type, in characters. Items and statements are meant to be
# short and plain; these are generous enough for a paragraph and small enough to
# keep a wall screen readable and a frame small.
NAME_LIMIT: Final = 80
TEXT_LIMIT: Final = 1000
# A partner agency's written report for a conference: a few pages' worth, and still one
# websocket frame (16 KB) when every character takes three bytes.
REPORT_LIMIT: Final = 5000
SCORE_MIN: Final = 0
SCORE_MAX: Final = 10


def together(names: list[str]) -> str:
    """Names read as one: "Lily", "Lily and Tom", "Lily, Tom and Mia"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


class House(enum.StrEnum):
    """The child's Three Houses (the seeds): worries, good things, dreams."""

    WORRIES = "worries"
    GOOD_THINGS = "good_things"
    DREAMS = "dreams"


HOUSE_NAMES: Final[dict[House, str]] = {
    House.WORRIES: "House of worries",
    House.GOOD_THINGS: "House of good things",
    House.DREAMS: "House of dreams",
}

# A child's drawing is vector strokes on a square of DRAWING_SIZE units a side, so it
# replays at any size. Bounded so one drawing fits one websocket command frame (16 KB)
# with room to spare, and a phone says "the page is full" before the server refuses.
DRAWING_SIZE: Final = 1000
DRAWING_POINT_LIMIT: Final = 1200
DRAWING_STROKE_LIMIT: Final = 80
# A few bold colours a child can tell apart (and a wall can show).
DRAWING_COLOURS: Final[dict[str, str]] = {
    "black": "#1a1a1a",
    "red": "#c62828",
    "blue": "#1565c0",
    "green": "#2e7d32",
    "orange": "#ef6c00",
    "purple": "#6a1b9a",
}

# The pictures a child can choose for a rule in their Words and Pictures plan (OpenMoji,
# CC BY-SA 4.0, in static/pictures/ with their licence), by name and what they show.
PICTURES: Final[dict[str, str]] = {
    "house": "a house",
    "telephone": "a telephone",
    "door": "a door",
    "school": "a school",
    "warning": "a warning sign",
    "bed": "a bed",
    "police": "a police officer",
    "handshake": "a handshake",
    "food": "a plate with a knife and fork",
    "memo": "a note",
    "hug": "people hugging",
}
# The faces on a child's three houses (pictures too).
HOUSE_PICTURES: Final[dict[House, str]] = {
    House.WORRIES: "worried",
    House.GOOD_THINGS: "smiling",
    House.DREAMS: "sparkles",
}
PICTURE_CREDIT: Final = "Pictures: OpenMoji (openmoji.org), CC BY-SA 4.0"


class PlanCopy(enum.StrEnum):
    """The family's copies of the plan."""

    FRIDGE = "fridge"  # the fridge-friendly plan, for everyone in the network
    WORDS_AND_PICTURES = "words_and_pictures"  # the child's own version


PLAN_COPY_NAMES: Final[dict[PlanCopy, str]] = {
    PlanCopy.FRIDGE: "the fridge plan",
    PlanCopy.WORDS_AND_PICTURES: "the Words and Pictures plan",
}
