"""Facts about the mapping: items in the seven domains."""

from __future__ import annotations

from board.events.base import Fact
from board.practice import Domain, ItemKind


class ItemAdded(Fact, frozen=True):
    item_id: str
    domain: Domain
    text: str
    kind: ItemKind
    source: str  # where the information came from: parent, school, police...


class ItemEdited(Fact, frozen=True):
    item_id: str
    text: str
    kind: ItemKind
    source: str


class ItemMoved(Fact, frozen=True):
    item_id: str
    domain: Domain


class ItemRemoved(Fact, frozen=True):
    item_id: str


class ItemRestored(Fact, frozen=True):
    """A removed item put back (by undoing its removal)."""

    item_id: str
