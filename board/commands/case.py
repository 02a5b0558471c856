"""Opening a case."""

from __future__ import annotations

import msgspec

from board.commands.base import Command, CommandRefused, Context, checked_name
from board.commands.people import checked_age
from board.events import CaseOpened, ChildAdded, Fact, StaffAllocated
from board.practice import Framework, together
from board.projections.board import Board


class NewChild(msgspec.Struct, frozen=True):
    name: str
    age: int | None = None


class OpenCase(Command, frozen=True, tag="open_case"):
    """Open a case for a child, or a sibling group (`children`; `child_name` is then how
    they are named together, made from their names if empty). `allocate_to` is the
    opener's username: the web edge fills it in, so the opener can open the case."""

    child_name: str = ""
    family_name: str = ""
    framework: Framework = Framework.SAFETY
    children: tuple[NewChild, ...] = ()
    allocate_to: str = ""


MAX_CHILDREN = 12


def open_case(board: Board, command: OpenCase, ctx: Context) -> list[Fact]:
    if board.is_opened:
        raise CommandRefused("case_already_open", "This case is already open.")
    if len(command.children) > MAX_CHILDREN:
        raise CommandRefused(
            "too_many_children", f"A case holds at most {MAX_CHILDREN} brothers and sisters."
        )
    children = [
        ChildAdded(
            child_id=ctx.new_id(),
            name=checked_name("child's name", child.name),
            age=checked_age(child.age),
        )
        for child in command.children
    ]
    named = command.child_name or together([child.name for child in children])
    facts: list[Fact] = [
        CaseOpened(
            child_name=checked_name("child's name", named),
            family_name=checked_name("family's name", command.family_name),
            framework=command.framework,
        ),
        *children,
    ]
    if command.allocate_to:
        facts.append(
            StaffAllocated(
                username=checked_name("username", command.allocate_to),
                name=ctx.by.name,
                role=ctx.by.role,
            )
        )
    return facts
