"""Sources that triangulate (issue 22 item 7, E66): each item's source has a kind (the
child, a parent, the network, a professional, observed) beside its free text, from the
command to the board, through an edit and its undo; an unknown kind is refused with its
own code and nothing is recorded; an item written before kinds existed reads "not said"."""

from __future__ import annotations

from uuid import UUID

import msgspec
import pytest

from board import commands as c
from board.application.service import BoardApplication
from board.cli.readout import board_text
from board.events import Author
from board.events.codec import decode_body
from board.practice import Domain, Framework, ItemKind, Role, SourceKind
from board.ws.protocol import CommandFrame, decode_client_frame

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)


def _case(app: BoardApplication) -> UUID:
    return app.open_case("Lily", "the Bennett family", Framework.SAFETY, WORKER)


def _add(app: BoardApplication, case_id: UUID, **fields: str) -> str:
    (added,) = app.execute(
        case_id, c.AddItem(domain=Domain.HARM, text="Lily hid under her bed", **fields), WORKER
    )
    return added.fact.item_id  # type: ignore[attr-defined]


def test_a_kind_travels_from_the_command_to_the_board_and_back_through_undo(
    app: BoardApplication,
) -> None:
    case_id = _case(app)
    item_id = _add(app, case_id, source="via school", source_kind="child")
    item = app.board(case_id).items[item_id]
    assert (item.source_kind, item.source) == (SourceKind.CHILD, "via school")
    # An edit that names only the kind changes only the kind.
    app.execute(case_id, c.EditItem(item_id=item_id, source_kind="professional"), WORKER)
    item = app.board(case_id).items[item_id]
    assert (item.source_kind, item.source, item.kind) == (
        SourceKind.PROFESSIONAL,
        "via school",
        ItemKind.JUDGEMENT,
    )
    # The same kind again is no change.
    head = app.head(case_id)
    with pytest.raises(c.CommandRefused) as refused:
        app.execute(case_id, c.EditItem(item_id=item_id, source_kind="professional"), WORKER)
    assert refused.value.code == "no_change"
    assert app.head(case_id) == head
    # Undo puts the child back as the source.
    app.execute(case_id, c.Undo(), WORKER)
    assert app.board(case_id).items[item_id].source_kind is SourceKind.CHILD


def test_the_command_line_readout_says_the_kind(app: BoardApplication) -> None:
    case_id = _case(app)
    _add(app, case_id, source="school", source_kind="professional")
    _add(app, case_id, source="police")
    text = board_text(app.board(case_id))
    assert "Lily hid under her bed [judgement; from a professional: school]" in text
    assert "Lily hid under her bed [judgement; from police]" in text


@pytest.mark.parametrize("kind", ["grandad", "CHILD", "", "not said"])
def test_an_unknown_kind_is_refused_with_its_own_code_and_nothing_recorded(
    app: BoardApplication, kind: str
) -> None:
    case_id = _case(app)
    item_id = _add(app, case_id)
    head = app.head(case_id)
    for command in (
        c.AddItem(domain=Domain.HARM, text="x", source_kind=kind),
        c.EditItem(item_id=item_id, source_kind=kind),
    ):
        with pytest.raises(c.CommandRefused) as refused:
            app.execute(case_id, command, WORKER)
        assert refused.value.code == "unknown_source_kind"
        assert "\u201cchild\u201d" in refused.value.message
    assert app.head(case_id) == head


def test_an_unknown_kind_from_the_wire_reaches_the_rule_not_a_generic_error(
    app: BoardApplication,
) -> None:
    """The socket decodes the field as text, so the rule can name the problem."""
    frame = decode_client_frame(
        b'{"type":"command","id":"1","command":'
        b'{"type":"add_item","domain":"harm","text":"x","source_kind":"grandad"}}'
    )
    assert isinstance(frame, CommandFrame)
    case_id = _case(app)
    with pytest.raises(c.CommandRefused) as refused:
        app.execute(case_id, frame.command, WORKER)
    assert refused.value.code == "unknown_source_kind"


def test_an_item_written_before_kinds_reads_not_said(app: BoardApplication) -> None:
    """A stored ItemAdded body with no source_kind field (as every fact before this
    change) decodes, and the item's kind is "not said"."""
    case_id = _case(app)
    item_id = _add(app, case_id, source="school", source_kind="professional")
    (event,) = [e for e in app.events(case_id) if e.type == "ItemAdded"]
    body = msgspec.msgpack.decode(
        msgspec.msgpack.encode(
            [
                event.at,
                event.by,
                event.meeting_id,
                {
                    "type": "ItemAdded",
                    "item_id": item_id,
                    "domain": "harm",
                    "text": "Old words",
                    "kind": "fact",
                    "source": "school",
                },
                None,
            ]
        )
    )
    old = decode_body(case_id, 2, msgspec.msgpack.encode(body))
    assert old.fact.source_kind is SourceKind.NOT_SAID  # type: ignore[attr-defined]
