"""Facts about the safety plan, written rule by rule by the family and network.

A rule proposed from a family member's phone is a proposal ("suggested by Gran") until
the chair or worker agrees it with the room, or sets it aside with a reason. Rules
recorded before proposals existed read as agreed (`proposed` defaults to False).
"""

from __future__ import annotations

from board.events.base import Fact
from board.practice import PlanRuleKind


class PlanRuleAdded(Fact, frozen=True):
    """Who does what, when; and which danger statements the rule addresses.
    `kind` covers trigger points, red flags, contingencies and bottom lines too.
    `person_ids`: the people of the case's network the "who" names (it may also be
    free text, such as "whoever notices"). `proposed`: suggested, not yet agreed."""

    rule_id: str
    kind: PlanRuleKind
    who: str
    what: str
    when: str
    addresses: tuple[str, ...]
    person_ids: tuple[str, ...] = ()
    proposed: bool = False


class PlanRuleAmended(Fact, frozen=True):
    """The whole rule as it now reads. `person_ids` None (every amendment recorded
    before people could be named) leaves the named people as they were."""

    rule_id: str
    who: str
    what: str
    when: str
    addresses: tuple[str, ...]
    person_ids: tuple[str, ...] | None = None


class PlanRuleRetired(Fact, frozen=True):
    rule_id: str
    reason: str


class PlanRuleAgreed(Fact, frozen=True):
    """The room agreed a proposed rule: it is part of the plan from here."""

    rule_id: str


class PlanRuleSetAside(Fact, frozen=True):
    """The room did not take a proposal into the plan, and said why."""

    rule_id: str
    reason: str
