"""Password hashing: production's argon2 cost is argon2-cffi's own, the suite's lower
cost is used only when BOARD_ARGON2_COST=test is set, a wrong password is refused at
either cost, and the dummy hash (an unknown user's sign-in costs one verify, as a known
user's does) is made on first need, not on import."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher, Type
from argon2.exceptions import VerifyMismatchError

from board.settings import Settings, argon2_cost
from board.storage import accounts
from board.storage.accounts import PRODUCTION_HASHER, TEST_HASHER, dummy_hash, hasher


@pytest.fixture
def fresh_hasher() -> Iterator[None]:
    """hasher() and dummy_hash() chosen again under the test's environment, and again
    after it (so the rest of the suite keeps its own)."""
    hasher.cache_clear()
    dummy_hash.cache_clear()
    yield
    hasher.cache_clear()
    dummy_hash.cache_clear()


def test_the_production_parameters_are_argon2_cffis_own() -> None:
    # RFC 9106's low-memory profile, argon2id: 3 passes over 64 MiB in 4 lanes.
    assert (PRODUCTION_HASHER.time_cost, PRODUCTION_HASHER.memory_cost) == (3, 65536)
    assert (PRODUCTION_HASHER.parallelism, PRODUCTION_HASHER.type) == (4, Type.ID)
    assert (PRODUCTION_HASHER.hash_len, PRODUCTION_HASHER.salt_len) == (32, 16)
    default = PasswordHasher()
    assert PRODUCTION_HASHER.time_cost == default.time_cost
    assert PRODUCTION_HASHER.memory_cost == default.memory_cost
    assert PRODUCTION_HASHER.parallelism == default.parallelism
    made = PRODUCTION_HASHER.hash("a long test password")
    assert made.startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_unset_is_production(monkeypatch: pytest.MonkeyPatch, fresh_hasher: None) -> None:
    for unset in (None, "", "  ", "production", "PRODUCTION"):
        if unset is None:
            monkeypatch.delenv("BOARD_ARGON2_COST", raising=False)
        else:
            monkeypatch.setenv("BOARD_ARGON2_COST", unset)
        assert argon2_cost() == "production"
        assert Settings().argon2_cost == "production"
        hasher.cache_clear()
        assert hasher() is PRODUCTION_HASHER
    assert dummy_hash().startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_the_test_cost_only_when_set(monkeypatch: pytest.MonkeyPatch, fresh_hasher: None) -> None:
    monkeypatch.setenv("BOARD_ARGON2_COST", "test")
    assert Settings().argon2_cost == "test"
    assert hasher() is TEST_HASHER
    assert dummy_hash().startswith("$argon2id$v=19$m=8,t=1,p=1$")


@pytest.mark.parametrize("value", ["fast", "low", "0", "tests", "none"])
def test_any_other_cost_is_refused(
    monkeypatch: pytest.MonkeyPatch, fresh_hasher: None, value: str
) -> None:
    monkeypatch.setenv("BOARD_ARGON2_COST", value)
    with pytest.raises(ValueError, match="BOARD_ARGON2_COST"):
        Settings()
    with pytest.raises(ValueError, match="BOARD_ARGON2_COST"):
        hasher()


@pytest.mark.parametrize("chosen", [PRODUCTION_HASHER, TEST_HASHER])
def test_a_wrong_password_is_refused_at_either_cost(chosen: PasswordHasher) -> None:
    made = chosen.hash("the right password")
    assert chosen.verify(made, "the right password")
    for wrong in ("the wrong password", "the right passwor", "The right password", ""):
        with pytest.raises(VerifyMismatchError):
            chosen.verify(made, wrong)
    # Each hash carries its own cost: either hasher checks either kind the same way.
    other = TEST_HASHER if chosen is PRODUCTION_HASHER else PRODUCTION_HASHER
    assert other.verify(made, "the right password")
    with pytest.raises(VerifyMismatchError):
        other.verify(made, "the wrong password")


def test_the_dummy_hash_is_not_made_on_import() -> None:
    code = (
        "import board.storage.accounts as a, board.cli, board.web.app; "
        "print(a.dummy_hash.cache_info().currsize, a.hasher.cache_info().currsize)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["0", "0"]


def test_an_unknown_user_costs_one_verify_against_the_dummy_hash(
    monkeypatch: pytest.MonkeyPatch, fresh_hasher: None
) -> None:
    monkeypatch.setenv("BOARD_ARGON2_COST", "test")
    verified: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            verified.append(str(hash))
            return super().verify(hash, password)

    counting = Counting(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(accounts, "hasher", lambda: counting)

    class NoAccounts(accounts.Accounts):
        def __init__(self) -> None:
            pass

        def all(self) -> dict[str, accounts.StaffAccount]:
            return {}

    assert NoAccounts().verify("nobody", "a long test password") is None
    assert verified == [dummy_hash()]  # one verify, against the dummy hash
