"""Adding, editing, moving and removing items in the seven domains."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

from board.commands.base import (
    Command,
    CommandRefused,
    Context,
    checked_text,
    refuse_unless_own_or_staff,
)
from board.events import Fact, ItemAdded, ItemEdited, ItemMoved, ItemRemoved
from board.practice import (
    NAME_LIMIT,
    SOURCE_KIND_NAMES,
    Domain,
    ItemKind,
    SourceKind,
    domain_heading,
)
from board.projections.board import Board, Item, Stamp

# Who an item came from, as the wire carries it: a plain string checked by the rule
# (source_kind_of), so an unknown kind is refused with its own code,
# `unknown_source_kind`, on every way in (the socket, the HTTP API, code).
SOURCE_KIND_FIELD = Annotated[
    str,
    Meta(
        description="Who it came from: "
        + ", ".join(kind.value for kind in SourceKind)
        + " (not_said when left out).",
    ),
]


class AddItem(Command, frozen=True, tag="add_item"):
    domain: Domain
    text: str
    kind: ItemKind = ItemKind.JUDGEMENT
    source: str = ""
    source_kind: SOURCE_KIND_FIELD = SourceKind.NOT_SAID.value


class EditItem(Command, frozen=True, tag="edit_item"):
    """Only the fields named are changed: one left out stays as it is. `based_on` is
    the position of the version the person was editing; if someone else changed the
    item since, the edit is refused with both texts, not merged."""

    item_id: str
    text: str | None = None
    kind: ItemKind | None = None
    source: str | None = None
    source_kind: SOURCE_KIND_FIELD | None = None
    based_on: int | None = None


class MoveItem(Command, frozen=True, tag="move_item"):
    item_id: str
    domain: Domain


class RemoveItem(Command, frozen=True, tag="remove_item"):
    item_id: str


def refuse_if_changed_since(changed: Stamp, based_on: int | None, current_text: str) -> None:
    if based_on is not None and changed.position > based_on:
        raise CommandRefused(
            "edit_conflict",
            f"{changed.by.name} changed this while you were editing. "
            f"It now reads: \u201c{current_text}\u201d. Your words have not been lost.",
        )


def source_kind_of(value: str) -> SourceKind:
    """The kind named, or a refusal that lists the kinds there are."""
    try:
        return SourceKind(value)
    except ValueError:
        kinds = ", ".join(f"\u201c{kind.value}\u201d" for kind in SOURCE_KIND_NAMES)
        raise CommandRefused(
            "unknown_source_kind",
            f"Who it came from must be one of {kinds}.",
        ) from None


def _live_item(board: Board, item_id: str) -> Item:
    item = board.items.get(item_id)
    if item is None:
        raise CommandRefused("item_not_found", "There is no such item on this board.")
    if item.removed:
        raise CommandRefused("item_removed", "That item has been removed from the board.")
    return item


def add_item(board: Board, command: AddItem, ctx: Context) -> list[Fact]:
    return [
        ItemAdded(
            item_id=ctx.new_id(),
            domain=command.domain,
            text=checked_text("text", command.text),
            kind=command.kind,
            source=checked_text(
                "source", command.source, limit=NAME_LIMIT, required=False, multiline=False
            ),
            source_kind=source_kind_of(command.source_kind),
        )
    ]


def edit_item(board: Board, command: EditItem, ctx: Context) -> list[Fact]:
    item = _live_item(board, command.item_id)
    refuse_unless_own_or_staff(ctx, item.added.by, "item")
    refuse_if_changed_since(item.changed, command.based_on, item.text)
    # The fact carries the whole new version: what the edit leaves out, as it was.
    text = item.text if command.text is None else checked_text("text", command.text)
    kind = item.kind if command.kind is None else command.kind
    source = (
        item.source
        if command.source is None
        else checked_text(
            "source", command.source, limit=NAME_LIMIT, required=False, multiline=False
        )
    )
    source_kind = (
        item.source_kind if command.source_kind is None else source_kind_of(command.source_kind)
    )
    if (text, kind, source, source_kind) == (
        item.text,
        item.kind,
        item.source,
        item.source_kind,
    ):
        raise CommandRefused("no_change", "The item already reads like that.")
    return [
        ItemEdited(
            item_id=item.item_id, text=text, kind=kind, source=source, source_kind=source_kind
        )
    ]


def move_item(board: Board, command: MoveItem, ctx: Context) -> list[Fact]:
    item = _live_item(board, command.item_id)
    refuse_unless_own_or_staff(ctx, item.added.by, "item")
    if item.domain is command.domain:
        heading = domain_heading(board.framework, command.domain)
        raise CommandRefused("no_change", f"The item is already under '{heading}'.")
    return [ItemMoved(item_id=item.item_id, domain=command.domain)]


def remove_item(board: Board, command: RemoveItem, ctx: Context) -> list[Fact]:
    item = _live_item(board, command.item_id)
    refuse_unless_own_or_staff(ctx, item.added.by, "item")
    return [ItemRemoved(item_id=item.item_id)]
