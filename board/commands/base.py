"""What every command shares: the base type, who is asking, and refusals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import msgspec

from board.events import Author
from board.practice import NAME_LIMIT, STAFF_ROLES, TEXT_LIMIT
from board.text import text_problem


class Command(msgspec.Struct, frozen=True, kw_only=True, tag_field="type"):
    """An intention sent by a person. The server checks it against the board as it
    stands and, if it holds, records the facts it implies. Commands are not stored."""


@dataclass(frozen=True)
class Context:
    """Who is asking, and how to mint ids for new things (so rules stay testable)."""

    by: Author
    new_id: Callable[[], str]
    # The writer's day (in England), asked only by rules about dates "in the future"
    # (so the clock is read as before, once, for the events' time); None where a caller
    # has no clock (the rule then does not judge the future).
    today: Callable[[], date] | None = None

    @property
    def is_staff(self) -> bool:
        return self.by.role in STAFF_ROLES


class CommandRefused(Exception):
    """A command that cannot be carried out; `code` is stable, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def checked_text(
    field: str,
    value: str,
    *,
    limit: int = TEXT_LIMIT,
    required: bool = True,
    multiline: bool = True,
) -> str:
    """The text with outer spaces trimmed, or a refusal that names the field: empty
    (when required), too long, or holding a character that cannot be shown safely
    (board/text.py: control and direction characters, nothing visible at all)."""
    text = value.strip()
    if required and not text:
        raise CommandRefused("empty_text", f"Please write something for '{field}'.")
    if len(text) > limit:
        raise CommandRefused(
            "text_too_long",
            f"'{field}' is {len(text)} characters; the most it can hold is {limit}.",
        )
    problem = text_problem(field, text, multiline=multiline)
    if problem is not None:
        raise CommandRefused(*problem)
    return text


def checked_name(field: str, value: str) -> str:
    """A name: required, one line, at most NAME_LIMIT characters."""
    return checked_text(field, value, limit=NAME_LIMIT, multiline=False)


def refuse_unless_own_or_staff(ctx: Context, author: Author, what: str) -> None:
    """People may change what they wrote themselves; staff may change anything."""
    if not ctx.is_staff and author.participant_id != ctx.by.participant_id:
        raise CommandRefused(
            "not_yours", f"Only the person who wrote this {what}, or a worker, can change it."
        )
