"""Opening a case."""

from __future__ import annotations

from board.commands.base import Command, CommandRefused, Context, checked_name
from board.events import CaseOpened, Fact
from board.practice import Framework
from board.projections.board import Board


class OpenCase(Command, frozen=True, tag="open_case"):
    child_name: str
    family_name: str
    framework: Framework = Framework.SAFETY


def open_case(board: Board, command: OpenCase, ctx: Context) -> list[Fact]:
    if board.is_opened:
        raise CommandRefused("case_already_open", "This case is already open.")
    return [
        CaseOpened(
            child_name=checked_name("child's name", command.child_name),
            family_name=checked_name("family's name", command.family_name),
            framework=command.framework,
        )
    ]
