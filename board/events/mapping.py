"""Facts about the mapping: items in the seven domains."""

from __future__ import annotations

from board.events.base import Fact
from board.practice import Domain, ItemKind, SourceKind


class ItemAdded(Fact, frozen=True):
    item_id: str
    domain: Domain
    text: str
    kind: ItemKind
    source: str  # where the information came from: parent, school, police...
    # Who it came from, beside the free text (E66). Facts recorded before it existed
    # decode as "not said".
    source_kind: SourceKind = SourceKind.NOT_SAID


class ItemEdited(Fact, frozen=True):
    item_id: str
    text: str
    kind: ItemKind
    source: str
    source_kind: SourceKind = SourceKind.NOT_SAID


class ItemMoved(Fact, frozen=True):
    item_id: str
    domain: Domain


class ItemRemoved(Fact, frozen=True):
    item_id: str


class ItemRestored(Fact, frozen=True):
    """A removed item put back (by undoing its removal)."""

    item_id: str
