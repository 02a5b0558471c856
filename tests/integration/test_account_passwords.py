"""Accounts at the suite's argon2 cost (BOARD_ARGON2_COST=test, tests/conftest.py) still
refuse a wrong password, an unknown user and a disabled account, as at production's."""

from __future__ import annotations

from board.practice import Role
from board.storage.accounts import TEST_HASHER, Accounts, hasher
from board.storage.store import CaseStore


def test_a_wrong_password_is_refused_at_the_test_cost(store: CaseStore) -> None:
    assert hasher() is TEST_HASHER  # the suite's cost, so this is the case to check
    accounts = Accounts(store)
    saved = accounts.save("sam", "Sam Reid", Role.CHAIR, "the right password")
    assert saved.password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")
    assert accounts.verify("sam", "the right password") == saved
    assert accounts.verify(" SAM ", "the right password") == saved
    for wrong in ("the wrong password", "the right passwor", "The right password", ""):
        assert accounts.verify("sam", wrong) is None
    assert accounts.verify("nobody", "the right password") is None
    accounts.set_enabled("sam", False)
    assert accounts.verify("sam", "the right password") is None
