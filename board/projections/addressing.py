"""What addresses a danger statement. "The safety plan must address each danger
statement", and the plan is the family's: only the rules of the family's plan count.
Bottom lines, the contingency plan and what professionals will do may name the
statement too; they are listed beside it, never counted (E18). The same words on the
statement row, the record and the readiness check."""

from __future__ import annotations

from dataclasses import dataclass

from board.practice import PLAN_PARTS, PlanPart, plan_part
from board.projections.entities import Board, PlanRule

FAMILY_PLAN = "the family's plan"


@dataclass(frozen=True)
class Addressing:
    """The plan's rules in force that name one statement, by part of the plan."""

    family: list[PlanRule]
    bottom_lines: list[PlanRule]
    professionals: list[PlanRule]

    @property
    def addressed(self) -> bool:
        return bool(self.family)


def _by_part(rules: list[PlanRule]) -> dict[PlanPart, list[PlanRule]]:
    parts: dict[PlanPart, list[PlanRule]] = {part: [] for part in PLAN_PARTS}
    for rule in rules:
        parts[plan_part(rule.kind)].append(rule)
    return parts


def addressing(board: Board, statement_id: str) -> Addressing:
    parts = _by_part([r for r in board.current_plan() if statement_id in r.addresses])
    return Addressing(
        parts[PlanPart.FAMILY], parts[PlanPart.BOTTOM_LINES], parts[PlanPart.PROFESSIONALS]
    )


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _beside(bottom_lines: int, professionals: int) -> str:
    """ "1 bottom line, 3 for professionals", or empty."""
    parts = []
    if bottom_lines:
        parts.append(_plural(bottom_lines, "bottom line", "bottom lines"))
    if professionals:
        parts.append(f"{professionals} for professionals")
    return ", ".join(parts)


def addressing_words(found: Addressing) -> str:
    """The statement row's words: "The family's plan: 6 rules address it (and 1 bottom
    line, 3 for professionals)." or "No rule in the family's plan addresses it yet.\""""
    beside = _beside(len(found.bottom_lines), len(found.professionals))
    if found.family:
        counted = _plural(len(found.family), "rule addresses", "rules address")
        also = f" (and {beside})" if beside else ""
        return f"The family's plan: {counted} it{also}."
    if beside:
        return (
            f"No rule in {FAMILY_PLAN} addresses it yet ({beside}: they do not count, as "
            f"they are not {FAMILY_PLAN})."
        )
    return f"No rule in {FAMILY_PLAN} addresses it yet."


def plan_counts(board: Board) -> str:
    """ "6 family rules, 1 bottom line, 3 for professionals": the plan in force, by part."""
    parts = _by_part(board.current_plan())
    family = _plural(len(parts[PlanPart.FAMILY]), "family rule", "family rules")
    beside = _beside(len(parts[PlanPart.BOTTOM_LINES]), len(parts[PlanPart.PROFESSIONALS]))
    return f"{family}, {beside}" if beside else family
