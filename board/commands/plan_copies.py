"""Recording who was given a copy of the plan, and which (the seeds: "everyone in the
network gets a copy")."""

from __future__ import annotations

from board.commands.base import Command, CommandRefused, Context, checked_text
from board.commands.people import person_or_refuse
from board.events import Fact, PlanCopyGiven
from board.practice import PlanCopy
from board.projections.board import Board


class GivePlanCopy(Command, frozen=True, tag="give_plan_copy"):
    """`person_id` was given a copy of the plan as it stands now."""

    person_id: str
    copy: PlanCopy = PlanCopy.FRIDGE
    how: str = ""


def give_plan_copy(board: Board, command: GivePlanCopy, ctx: Context) -> list[Fact]:
    person = person_or_refuse(board, command.person_id)
    if not board.current_plan():
        raise CommandRefused("empty_plan", "The plan has no rules yet: there is nothing to give.")
    return [
        PlanCopyGiven(
            copy_id=ctx.new_id(),
            person_id=person.person_id,
            copy=command.copy,
            position=board.position,
            how=checked_text("how", command.how, required=False),
        )
    ]
