"""What the application raises when the store cannot answer, in its own words.

The store says why it failed in its own terms (a database away, a case's key erased,
a master key that does not open the store's keys). The layers above hear only these,
and board.web.app answers each once, for every route and the websocket.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar, cast

from eventsourcing.persistence import PersistenceError

from board.storage.case_keys import CaseErased, MasterKeyMismatch
from board.storage.store import StoreUnavailable

P = ParamSpec("P")
T = TypeVar("T")


class Unavailable(Exception):
    """The store could not be reached, or cannot be read with this process's key:
    nothing was recorded. Try again later."""


class NoSuchCase(Exception):
    """The case does not exist here, or was erased: its record can no longer be read."""


@contextmanager
def store_faults() -> Iterator[None]:
    """Raise a store's fault as the application's: NoSuchCase or Unavailable."""
    try:
        yield
    except CaseErased as erased:
        raise NoSuchCase("There is no such case.") from erased
    except (StoreUnavailable, PersistenceError, MasterKeyMismatch) as fault:
        raise Unavailable(str(fault)) from fault


def as_application_fault(error: Exception) -> Exception:
    """A store's fault as the application's (NoSuchCase or Unavailable, caused by it);
    any other error as it is. For answers handed back rather than raised."""
    try:
        with store_faults():
            raise error
    except Exception as translated:
        return translated


def translated(method: Callable[P, T]) -> Callable[P, T]:
    """A use case whose store faults are raised as the application's."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> T:
        with store_faults():
            return method(*args, **kwargs)

    return call


class _Guarded:
    def __init__(self, target: object) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._target, name)
        return translated(found) if callable(found) else found


def guarded(target: T) -> T:
    """The store-backed object (staff accounts, invites...) with every method's store
    faults raised as the application's."""
    return cast(T, _Guarded(target))
