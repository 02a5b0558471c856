"""The comparison of two maps in a few sentences the chair can read aloud at a review."""

from __future__ import annotations

from board.practice import danger_statement_words, safety_goal_words
from board.projections.board import Board
from board.projections.side_by_side import Mark, SideBySide

_ITEM_PHRASES = (
    (Mark.NEW, "new", "new"),
    (Mark.CHANGED, "changed", "changed"),
    (Mark.STILL_TRUE, "agreed still true", "agreed still true"),
    (Mark.UNCHANGED, "unchanged", "unchanged"),
    (Mark.NO_LONGER_TRUE, "no longer true", "no longer true"),
    (Mark.TAKEN_OFF, "taken off", "taken off"),
)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _listed(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def _score(middle: float) -> str:
    return f"{middle:g}"


STATEMENTS_SAID = 20  # a summary read aloud names at most this many statements


def summary(rows: SideBySide, before: Board, after: Board) -> list[str]:
    """Sentences, in the order a conference goes: the mapping, the statements with their
    scales, the plan, the people's scores."""
    danger = danger_statement_words(after.framework)
    goal = safety_goal_words(after.framework)
    said: list[str] = []
    counts = rows.counts()
    items = [f"{counts[mark]} {phrase}" for mark, phrase, _ in _ITEM_PHRASES if counts.get(mark)]
    said.append(f"The mapping: {_listed(items)}." if items else "The mapping is empty.")
    for row in rows.statements[:STATEMENTS_SAID]:
        name = f"{danger.capitalize()} {row.number}"
        if row.mark is Mark.RETIRED:
            reason = row.after.retired_reason.strip()
            said.append(f"{name} was closed" + (f": {reason}" if reason else "."))
            continue
        what = {Mark.NEW: "is new", Mark.CHANGED: "was reworded", Mark.UNCHANGED: "is unchanged"}[
            row.mark
        ]
        goals = [g for g in row.goals if g.mark is not Mark.UNCHANGED]
        if goals:
            what += f"; its {goal} " + ("is new" if goals[0].mark is Mark.NEW else "was reworded")
        if row.scale_before and row.scale_after:
            move = row.scale_after.middle - row.scale_before.middle
            trend = "up" if move > 0 else "down" if move < 0 else "unchanged"
            scale = (
                f" The middle score went from {_score(row.scale_before.middle)} to "
                f"{_score(row.scale_after.middle)} ({trend})."
            )
        elif row.scale_after:
            scale = f" The middle score is {_score(row.scale_after.middle)}."
        else:
            scale = ""
        said.append(f"{name} {what}.{scale}")
    if len(rows.statements) > STATEMENTS_SAID:
        more = len(rows.statements) - STATEMENTS_SAID
        said.append(f"And {more} more {danger}s, each laid out on the full page.")
    rules = [
        _count(sum(1 for r in rows.rules if r.mark is mark), one, many)
        for mark, one, many in (
            (Mark.NEW, "new rule", "new rules"),
            (Mark.CHANGED, "rule changed", "rules changed"),
            (Mark.UNCHANGED, "rule unchanged", "rules unchanged"),
            (Mark.RETIRED, "rule no longer in it", "rules no longer in it"),
        )
        if any(r.mark is mark for r in rows.rules)
    ]
    said.append(f"The plan: {_listed(rules)}." if rules else "There is no plan yet.")
    moved = [m.change for p in rows.people for m in p.movements if m.change is not None]
    if moved:
        ups, downs = sum(1 for m in moved if m > 0), sum(1 for m in moved if m < 0)
        same = len(moved) - ups - downs
        said.append(
            f"Of the scores given at both points, {ups} went up, {downs} went down "
            f"and {same} stayed the same."
        )
    return said
