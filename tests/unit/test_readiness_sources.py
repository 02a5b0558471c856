"""The readiness check counts the child's own words by the kind of their source (E66):
an item recorded as from the child counts; an item whose free text only happens to be
the child's name does not (no guessing), nor one from a parent or a professional."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from board import events as ev
from board.events import Author, CaseEvent
from board.practice import Domain, Framework, ItemKind, Role, SourceKind
from board.projections.board import Board, project
from board.projections.readiness import readiness
from board.projections.wording import source_aside, source_said

WORKER = Author("w", "Amira Khan", Role.SOCIAL_WORKER)
AT = datetime(2026, 3, 10, 10, 0, tzinfo=UTC)


def _board(children: list[str], items: list[tuple[str, str, SourceKind]]) -> Board:
    facts: list[ev.Fact] = [
        ev.CaseOpened(
            child_name=children[0], family_name="the Bennett family", framework=Framework.SAFETY
        ),
        *(ev.ChildAdded(child_id=f"c{n}", name=name) for n, name in enumerate(children)),
        *(
            ev.ItemAdded(
                item_id=f"i{n}",
                domain=Domain.HARM,
                text=text,
                kind=ItemKind.FACT,
                source=source,
                source_kind=kind,
            )
            for n, (text, source, kind) in enumerate(items)
        ),
    ]
    case_id = uuid4()
    return project(
        CaseEvent(case_id=case_id, position=n, at=AT, by=WORKER, meeting_id=None, fact=fact)
        for n, fact in enumerate(facts, start=1)
    )


def _childs_views(board: Board) -> tuple[bool, str]:
    check = {c.label: c for c in readiness(board)}["The child's views recorded"]
    return check.done, check.detail


def test_two_things_in_lilys_own_words_by_their_kind() -> None:
    board = _board(
        ["Lily"],
        [
            ("I hid under my bed", "Lily, via school", SourceKind.CHILD),
            ("I like it at Gran's", "", SourceKind.CHILD),
            ("Lily was scared", "Jess", SourceKind.PARENT),
            ("Police called on 3 March", "police", SourceKind.PROFESSIONAL),
        ],
    )
    assert _childs_views(board) == (
        True,
        "In the child's words: 2 things in Lily's own words on the mapping.",
    )


def test_a_source_that_is_only_the_childs_name_is_not_guessed_to_be_the_child() -> None:
    """Before kinds, "Lily" as a source counted and "Lily, via school" did not; now the
    kind says, and an item of no kind is not the child's."""
    board = _board(["Lily"], [("I hid under my bed", "Lily", SourceKind.NOT_SAID)])
    assert _childs_views(board) == (False, "Nothing from the child.")


def test_one_thing_and_several_children() -> None:
    board = _board(["Lily", "Tom"], [("I hid", "Tom", SourceKind.CHILD)])
    assert _childs_views(board) == (
        True,
        "In the child's words: 1 thing in the children's own words on the mapping.",
    )


def test_a_card_says_where_an_item_came_from() -> None:
    assert source_said(SourceKind.PROFESSIONAL, "school") == "From a professional: school"
    assert source_said(SourceKind.CHILD, "") == "From the child"
    assert source_said(SourceKind.OBSERVED, "home visit") == "Observed: home visit"
    assert source_said(SourceKind.NOT_SAID, "police") == "Source: police"
    assert source_said(SourceKind.NOT_SAID, "  ") == ""


def test_a_line_says_it_in_brackets() -> None:
    """The replay and compare pages and the readout: "(fact; from a professional:
    school)", and as before, "(fact; from police)", for an item of no kind."""
    assert source_aside(SourceKind.PROFESSIONAL, "school") == "from a professional: school"
    assert source_aside(SourceKind.OBSERVED, "") == "observed"
    assert source_aside(SourceKind.NOT_SAID, "police") == "from police"
    assert source_aside(SourceKind.NOT_SAID, "") == ""
