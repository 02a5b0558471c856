"""Facts about the safety plan, written rule by rule by the family and network."""

from __future__ import annotations

from board.events.base import Fact
from board.practice import PlanRuleKind


class PlanRuleAdded(Fact, frozen=True):
    """Who does what, when; and which danger statements the rule addresses.
    `kind` covers trigger points, red flags, contingencies and bottom lines too."""

    rule_id: str
    kind: PlanRuleKind
    who: str
    what: str
    when: str
    addresses: tuple[str, ...]


class PlanRuleAmended(Fact, frozen=True):
    rule_id: str
    who: str
    what: str
    when: str
    addresses: tuple[str, ...]


class PlanRuleRetired(Fact, frozen=True):
    rule_id: str
    reason: str
