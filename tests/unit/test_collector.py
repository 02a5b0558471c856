"""The collector kept out of the screens' way (board.web.collector): start-up's objects
and the survivors of each full collection are frozen, and every THAW_EVERY full
collections they are handed back, so cyclic garbage made while frozen is freed."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from board.web import collector


@pytest.fixture
def frozen() -> Iterator[None]:
    collector.start()
    try:
        yield
    finally:
        collector.stop()


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_survivors_are_frozen_and_handed_back_now_and_then(frozen: None) -> None:
    assert gc.get_freeze_count() > 0
    node = Node()
    gc.collect()  # a full collection: node survives it, and is frozen with the rest
    gone = weakref.ref(node)
    del node  # now cyclic garbage, frozen out of the collector's sight
    gc.collect()
    assert gone() is not None
    for _ in range(collector.THAW_EVERY + 1):  # a thaw, and a full collection after it
        gc.collect()
    assert gone() is None


def test_stop_hands_everything_back() -> None:
    collector.start()
    collector.stop()
    assert gc.get_freeze_count() == 0
    assert all(callback is not collector._freeze_after_full for callback in gc.callbacks)
