"""The comparison of two points of a case: what was added, removed and reworded.

`diff(before, after)` is pure: two boards in (normally the same case at two
positions), a `BoardDiff` out. `diff(a, a)` is empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from statistics import median
from typing import Protocol

import msgspec

from board.practice import Domain, ItemKind, PlanRuleKind, Role, SourceKind
from board.projections.board import Board, Item, PlanRule
from board.projections.scaling import latest_scored_rounds


class _Worded(Protocol):
    @property
    def text(self) -> str: ...


class ItemChange(msgspec.Struct, frozen=True):
    item_id: str
    old_text: str
    new_text: str
    old_kind: ItemKind
    new_kind: ItemKind
    old_source: str
    new_source: str
    old_source_kind: SourceKind = SourceKind.NOT_SAID
    new_source_kind: SourceKind = SourceKind.NOT_SAID


def _said(item: Item) -> tuple[str, ItemKind, str, SourceKind]:
    """What an edit can change of an item: its words, kind and where it came from."""
    return item.text, item.kind, item.source, item.source_kind


class ItemMove(msgspec.Struct, frozen=True):
    item: Item
    from_domain: Domain


class DomainDiff(msgspec.Struct, frozen=True):
    domain: Domain
    added: list[Item]
    removed: list[Item]
    changed: list[ItemChange]
    moved_in: list[ItemMove]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.moved_in)


class StatementChange(msgspec.Struct, frozen=True):
    """A danger statement, safety goal or harm statement that is new, reworded or retired.
    For a goal, `statement_id` is the danger statement it is paired with."""

    what: str  # "danger_statement" | "safety_goal" | "harm_statement"
    change: str  # "written" | "revised" | "retired"
    entity_id: str
    old_text: str | None
    new_text: str
    statement_id: str | None = None
    reason: str = ""


class PersonScore(msgspec.Struct, frozen=True):
    participant_id: str
    name: str
    role: Role
    before: int | None
    after: int | None


class QuestionMovement(msgspec.Struct, frozen=True):
    key: str
    question: str
    median_before: float | None
    median_after: float | None
    people: list[PersonScore]


class RuleChange(msgspec.Struct, frozen=True):
    rule_id: str
    kind: PlanRuleKind
    change: str  # "added" | "amended" | "retired"
    old: PlanRule | None
    new: PlanRule


class BoardDiff(msgspec.Struct, frozen=True):
    from_position: int
    to_position: int
    domains: list[DomainDiff]
    statements: list[StatementChange]
    scaling: list[QuestionMovement]
    plan: list[RuleChange]

    @property
    def is_empty(self) -> bool:
        return (
            all(d.is_empty for d in self.domains)
            and not self.statements
            and not self.scaling
            and not self.plan
        )


def diff(before: Board, after: Board) -> BoardDiff:
    return BoardDiff(
        from_position=before.position,
        to_position=after.position,
        domains=[_domain_diff(before, after, domain) for domain in Domain],
        statements=_statement_changes(before, after),
        scaling=_scaling_movements(before, after),
        plan=_rule_changes(before, after),
    )


def _domain_diff(before: Board, after: Board, domain: Domain) -> DomainDiff:
    old = {i.item_id: i for i in before.live_items()}
    new = {i.item_id: i for i in after.live_items()}
    added, removed, changed, moved_in = [], [], [], []
    for item in after.items_in(domain):
        was = old.get(item.item_id)
        if was is None:
            added.append(item)
            continue
        if was.domain is not domain:
            moved_in.append(ItemMove(item, was.domain))
        if _said(was) != _said(item):
            changed.append(
                ItemChange(
                    item.item_id,
                    was.text,
                    item.text,
                    was.kind,
                    item.kind,
                    was.source,
                    item.source,
                    was.source_kind,
                    item.source_kind,
                )
            )
    removed = [i for i in before.items_in(domain) if i.item_id not in new]
    return DomainDiff(domain, added, removed, changed, moved_in)


def _wording_changes(
    what: str, before: Mapping[str, _Worded], after: Mapping[str, _Worded]
) -> list[StatementChange]:
    changes = []
    for entity_id, now in after.items():
        was = before.get(entity_id)
        paired = getattr(now, "statement_id", None) if what == "safety_goal" else None
        if was is None or was.text != now.text:
            change = "written" if was is None else "revised"
            old_text = was.text if was is not None else None
            changes.append(
                StatementChange(what, change, entity_id, old_text, now.text, statement_id=paired)
            )
        if getattr(now, "retired", False) and not getattr(was, "retired", False):
            reason = getattr(now, "retired_reason", "")
            changes.append(
                StatementChange(what, "retired", entity_id, now.text, now.text, reason=reason)
            )
    return changes


def _statement_changes(before: Board, after: Board) -> list[StatementChange]:
    return [
        *_wording_changes("danger_statement", before.danger_statements, after.danger_statements),
        *_wording_changes("safety_goal", before.safety_goals, after.safety_goals),
        *_wording_changes("harm_statement", before.harm_statements, after.harm_statements),
    ]


def _median(scores: list[int]) -> float | None:
    return float(median(scores)) if scores else None


def _scaling_movements(before: Board, after: Board) -> list[QuestionMovement]:
    old_rounds = latest_scored_rounds(before)
    new_rounds = latest_scored_rounds(after)
    movements = []
    for key in dict.fromkeys([*old_rounds, *new_rounds]):
        old, new = old_rounds.get(key), new_rounds.get(key)
        if (
            old is not None
            and new is not None
            and (old.round_id, old.votes)
            == (
                new.round_id,
                new.votes,
            )
        ):
            continue  # the same round, and nobody changed their vote
        old_votes = old.votes if old else {}
        new_votes = new.votes if new else {}
        people = []
        for pid in dict.fromkeys([*old_votes, *new_votes]):
            voter = new_votes.get(pid) or old_votes[pid]
            people.append(
                PersonScore(
                    pid,
                    voter.name,
                    voter.role,
                    old_votes[pid].score if pid in old_votes else None,
                    new_votes[pid].score if pid in new_votes else None,
                )
            )
        shown = new or old
        assert shown is not None  # the key came from one of them
        movements.append(
            QuestionMovement(
                key,
                shown.question,
                _median([v.score for v in old_votes.values()]),
                _median([v.score for v in new_votes.values()]),
                people,
            )
        )
    return movements


def _rule_changes(before: Board, after: Board) -> list[RuleChange]:
    changes = []
    for rule in after.plan.values():
        was = before.plan.get(rule.rule_id)
        if was is None:
            if not rule.retired:
                changes.append(RuleChange(rule.rule_id, rule.kind, "added", None, rule))
            continue
        if rule.retired and not was.retired:
            changes.append(RuleChange(rule.rule_id, rule.kind, "retired", was, rule))
        elif (was.who, was.what, was.when, was.addresses) != (
            rule.who,
            rule.what,
            rule.when,
            rule.addresses,
        ):
            changes.append(RuleChange(rule.rule_id, rule.kind, "amended", was, rule))
    return changes
