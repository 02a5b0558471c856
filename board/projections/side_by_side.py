"""Two maps of a case laid side by side: the initial conference's and the review's.

"The case mapping exercise from the ICPC should be displayed, and a newly mapped
assessment undertaken ... in order to compare the progress made" (seed 002). Each
item, statement and rule is one row with its words at both points and a mark:
new, unchanged (or agreed still true), changed (old words beside new), or no longer
there (no longer true, with the reason, or taken off). Pure: two boards in, rows out;
linear in the size of the boards.
"""

from __future__ import annotations

import enum
from statistics import median
from typing import Protocol

import msgspec

from board.practice import COLUMN_DOMAINS, Domain, Role
from board.projections.board import (
    Board,
    DangerStatement,
    HarmStatement,
    Item,
    PlanRule,
    SafetyGoal,
    ScalingRound,
)
from board.projections.scaling import latest_scored_rounds, question_key


class Mark(enum.StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    STILL_TRUE = "still_true"  # unchanged, and the room said so at the later meeting
    CHANGED = "changed"
    NO_LONGER_TRUE = "no_longer_true"
    TAKEN_OFF = "taken_off"  # removed without a finding (a mistake, a duplicate)
    RETIRED = "retired"  # a statement or rule that is no longer part of the plan


# How each mark reads to people, in the board's own words.
MARK_NAMES: dict[Mark, str] = {
    Mark.NEW: "New",
    Mark.UNCHANGED: "Unchanged",
    Mark.STILL_TRUE: "Still true",
    Mark.CHANGED: "Changed",
    Mark.NO_LONGER_TRUE: "No longer true",
    Mark.TAKEN_OFF: "Taken off",
    Mark.RETIRED: "Closed",  # a statement retired because the worry resolved (W26)
}
# An item nobody looked at is carried over, not found "unchanged" (W27).
ITEM_MARK_NAMES: dict[Mark, str] = {**MARK_NAMES, Mark.UNCHANGED: "Carried over, not looked at"}


class ItemRow(msgspec.Struct, frozen=True):
    mark: Mark
    before: Item | None
    after: Item | None
    reason: str = ""  # why it is no longer true
    moved_from: Domain | None = None


class DomainRows(msgspec.Struct, frozen=True):
    domain: Domain
    rows: list[ItemRow]


class Scale(msgspec.Struct, frozen=True):
    """The middle score of a question's latest round at one point, and how many scored."""

    middle: float
    people: int


class GoalRow(msgspec.Struct, frozen=True):
    mark: Mark
    before: SafetyGoal | None
    after: SafetyGoal


class StatementRow(msgspec.Struct, frozen=True):
    number: int  # "danger statement 2": the same number at every meeting
    mark: Mark
    before: DangerStatement | None
    after: DangerStatement
    goals: list[GoalRow]
    scale_before: Scale | None
    scale_after: Scale | None


class HarmRow(msgspec.Struct, frozen=True):
    mark: Mark
    before: HarmStatement | None
    after: HarmStatement


class RuleRow(msgspec.Struct, frozen=True):
    mark: Mark
    before: PlanRule | None
    after: PlanRule


class Movement(msgspec.Struct, frozen=True):
    """One person's score on one question at both points."""

    question: str
    before: int | None
    after: int | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


class PersonRow(msgspec.Struct, frozen=True):
    participant_id: str
    name: str
    role: Role
    movements: list[Movement]


class SideBySide(msgspec.Struct, frozen=True):
    domains: list[DomainRows]
    harm: list[HarmRow]
    statements: list[StatementRow]
    rules: list[RuleRow]
    people: list[PersonRow]

    def count(self, mark: Mark) -> int:
        """How many items on the maps carry this mark."""
        return self.counts().get(mark, 0)

    def counts(self) -> dict[Mark, int]:
        found: dict[Mark, int] = {}
        for d in self.domains:
            for row in d.rows:
                found[row.mark] = found.get(row.mark, 0) + 1
        return found


DOMAIN_ORDER: tuple[Domain, ...] = tuple(d for ds in COLUMN_DOMAINS.values() for d in ds)


def side_by_side(before: Board, after: Board) -> SideBySide:
    return SideBySide(
        domains=_domains(before, after),
        harm=[
            HarmRow(
                _worded(before.harm_statements.get(key), now), before.harm_statements.get(key), now
            )
            for key, now in after.harm_statements.items()
        ],
        statements=_statements(before, after),
        rules=_rules(before, after),
        people=_people(before, after),
    )


class _Worded(Protocol):
    @property
    def text(self) -> str: ...


def _worded(was: _Worded | None, now: _Worded) -> Mark:
    if was is None:
        return Mark.NEW
    return Mark.UNCHANGED if was.text == now.text else Mark.CHANGED


def _item_row(was: Item | None, now: Item, since: int) -> ItemRow:
    if was is None or was.removed:
        return ItemRow(Mark.NEW, None, now)
    if now.no_longer_true:
        return ItemRow(Mark.NO_LONGER_TRUE, was, now, reason=now.no_longer_true)
    if now.removed:
        return ItemRow(Mark.TAKEN_OFF, was, now)
    moved_from = was.domain if was.domain is not now.domain else None
    said = (was.text, was.kind, was.source, was.source_kind)
    if said != (now.text, now.kind, now.source, now.source_kind) or moved_from:
        return ItemRow(Mark.CHANGED, was, now, moved_from=moved_from)
    confirmed = now.confirmed is not None and now.confirmed.position > since
    return ItemRow(Mark.STILL_TRUE if confirmed else Mark.UNCHANGED, was, now)


def _domains(before: Board, after: Board) -> list[DomainRows]:
    rows: dict[Domain, list[ItemRow]] = {domain: [] for domain in DOMAIN_ORDER}
    for item_id, now in after.items.items():
        was = before.items.get(item_id)
        if now.removed and (was is None or was.removed):
            continue  # on neither map
        row = _item_row(was, now, before.position)
        # An item no longer there is shown where it was; any other where it is now.
        rows[was.domain if now.removed and was is not None else now.domain].append(row)
    return [DomainRows(domain, found) for domain, found in rows.items()]


def _scales(board: Board) -> dict[str, Scale]:
    """The latest scored round's middle score, per danger statement scaled."""
    found: dict[str, Scale] = {}
    for scaling_round in latest_scored_rounds(board).values():
        if scaling_round.statement_id is not None:
            scores = [v.score for v in scaling_round.votes.values()]
            found[scaling_round.statement_id] = Scale(float(median(scores)), len(scores))
    return found


def _statements(before: Board, after: Board) -> list[StatementRow]:
    goals: dict[str, list[GoalRow]] = {}
    for goal_id, goal in after.safety_goals.items():
        was_goal = before.safety_goals.get(goal_id)
        goals.setdefault(goal.statement_id, []).append(
            GoalRow(_worded(was_goal, goal), was_goal, goal)
        )
    scales_before, scales_after = _scales(before), _scales(after)
    rows = []
    for number, (key, now) in enumerate(after.danger_statements.items(), start=1):
        was = before.danger_statements.get(key)
        if was is not None and was.retired and now.retired:
            continue  # retired before either point: on neither map
        mark = Mark.RETIRED if now.retired else _worded(was, now)
        rows.append(
            StatementRow(
                number,
                mark,
                was,
                now,
                goals.get(key, []),
                scales_before.get(key),
                scales_after.get(key),
            )
        )
    return rows


def _rules(before: Board, after: Board) -> list[RuleRow]:
    rows = []
    for rule_id, now in after.plan.items():
        was = before.plan.get(rule_id)
        if now.retired and (was is None or was.retired):
            continue
        if now.retired:
            mark = Mark.RETIRED
        elif was is None:
            mark = Mark.NEW
        elif (was.who, was.what, was.when, was.addresses, was.kind) != (
            now.who,
            now.what,
            now.when,
            now.addresses,
            now.kind,
        ):
            mark = Mark.CHANGED
        else:
            mark = Mark.UNCHANGED
        rows.append(RuleRow(mark, was, now))
    return rows


def _people(before: Board, after: Board) -> list[PersonRow]:
    """One row per person who scaled at either point: their latest score on each
    question at both points."""
    old, new = latest_scored_rounds(before), latest_scored_rounds(after)
    questions: dict[str, ScalingRound] = {**old, **new}
    people: dict[str, PersonRow] = {}
    for key, shown in questions.items():
        old_votes = old[key].votes if key in old else {}
        new_votes = new[key].votes if key in new else {}
        for pid in dict.fromkeys([*old_votes, *new_votes]):
            voter = new_votes.get(pid) or old_votes[pid]
            row = people.setdefault(pid, PersonRow(pid, voter.name, voter.role, []))
            row.movements.append(
                Movement(
                    shown.question,
                    old_votes[pid].score if pid in old_votes else None,
                    new_votes[pid].score if pid in new_votes else None,
                )
            )
    return list(people.values())


__all__ = ["ITEM_MARK_NAMES", "MARK_NAMES", "Mark", "SideBySide", "question_key", "side_by_side"]
