"""Facts about scaling rounds: a question with a defined 0 and 10, and everyone's vote."""

from __future__ import annotations

from board.events.base import Fact
from board.practice import Role


class ScalingRoundOpened(Fact, frozen=True):
    round_id: str
    question: str
    zero_means: str
    ten_means: str
    statement_id: str | None = None  # the danger statement (and its goal) it scales
    # The same question worded for a child, with its own 0 and 10, shown on a child's
    # phone on the faces scale (empty: the child sees the adults' words).
    child_question: str = ""
    child_zero_means: str = ""
    child_ten_means: str = ""


class VoteCast(Fact, frozen=True):
    """A person's score and their reasons; the voter is the event's author.
    A later vote by the same person in an open round replaces the earlier one."""

    round_id: str
    score: int
    narrative: str


class VoteRecordedFor(Fact, frozen=True):
    """The score and reasons of one of the case's people who has no device (a child
    sitting with the worker, a grandparent with no smartphone), said aloud to the
    worker who records it (the event's author). It counts as that person's vote:
    `person_id`, `name` and `role` are theirs, as they were named then."""

    round_id: str
    person_id: str
    name: str
    role: Role
    score: int
    narrative: str


class VotesRevealed(Fact, frozen=True):
    round_id: str
    show_names: bool


class ScalingRoundClosed(Fact, frozen=True):
    round_id: str
