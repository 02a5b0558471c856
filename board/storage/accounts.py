"""Staff accounts (chair, social worker, manager): local, with argon2 password hashes.

Accounts live in a side stream of the event store, so they follow the store's
backend and encryption; a change of password is a new record, never an erasure.
"""

from __future__ import annotations

import re
from functools import cache
from uuid import UUID

import msgspec
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from board.practice import NAME_LIMIT, STAFF_ROLES, Role
from board.settings import argon2_cost
from board.storage.side_stream import SideStream, stream_id
from board.storage.store import CaseStore
from board.text import text_problem

ACCOUNTS_STREAM: UUID = stream_id("staff-accounts")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10

# argon2's cost for hashes made from now on (verifying reads the cost from the hash
# itself, so a hash made at either cost is checked the same way). The production cost
# is argon2-cffi's default (RFC 9106's low-memory profile); the test cost is used only
# where BOARD_ARGON2_COST=test is set explicitly (tests/support/live.py sets it for
# test servers and the suite): see board/settings.py and docs/configuration.md.
PRODUCTION_HASHER = PasswordHasher()
TEST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@cache
def hasher() -> PasswordHasher:
    """The hasher for this process, chosen once from BOARD_ARGON2_COST."""
    return TEST_HASHER if argon2_cost() == "test" else PRODUCTION_HASHER


@cache
def dummy_hash() -> str:
    """Verified against when the user is unknown, so sign-in costs one verify either way.
    Made on first need (not at import: every process that imports this, the command
    line included, would pay for a hash it may never use), with the same hasher, so at
    the same cost, as a real account's hash."""
    return hasher().hash("not a real password, only for timing")


class StaffAccount(msgspec.Struct, frozen=True):
    username: str
    name: str
    role: Role
    password_hash: str
    administrator: bool = False  # creates, disables and re-enables accounts
    enabled: bool = True
    # Sessions signed in under an earlier number are over: disabling the account,
    # changing its password and signing out each move it on, on every process.
    session_epoch: int = 0


class AccountError(ValueError):
    pass


def shown_name(name: str) -> str:
    """The name people will see, trimmed; or an AccountError saying what is wrong with
    it (the same rules as every name on the board: board/text.py)."""
    text = name.strip()
    if not text:
        raise AccountError("Please give the name people will see.")
    if len(text) > NAME_LIMIT:
        raise AccountError(f"A name is at most {NAME_LIMIT} characters; this is {len(text)}.")
    problem = text_problem("name", text, multiline=False)
    if problem is not None:
        raise AccountError(problem[1])
    return text


class Accounts:
    def __init__(self, store: CaseStore) -> None:
        self.records = SideStream(store, {"StaffAccountSaved": StaffAccount})

    def all(self) -> dict[str, StaffAccount]:
        # A later record of an account replaces an earlier one.
        return {account.username: account for account in self.records.read(ACCOUNTS_STREAM)}

    def save(
        self,
        username: str,
        name: str,
        role: Role,
        password: str,
        *,
        administrator: bool | None = None,
    ) -> StaffAccount:
        """Add an account, or change its name, role or password (which ends its
        sessions). `administrator` None keeps what the account had."""
        if not USERNAME.match(username):
            raise AccountError(
                "A username is 2 to 40 lower-case letters, digits, dots, dashes or underscores."
            )
        if role not in STAFF_ROLES:
            raise AccountError("Accounts are for the chair, social workers and managers.")
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"A password needs at least {MIN_PASSWORD} characters.")
        before = self.all().get(username)
        account = StaffAccount(
            username,
            shown_name(name),
            role,
            hasher().hash(password),
            administrator=before.administrator
            if administrator is None and before
            else bool(administrator),
            enabled=before.enabled if before else True,
            session_epoch=before.session_epoch + 1 if before else 0,
        )
        return self._record(account)

    def set_enabled(self, username: str, enabled: bool) -> StaffAccount:
        """Disable an account (its sessions end at once) or enable it again."""
        account = self.all().get(username)
        if account is None:
            raise AccountError("There is no such account.")
        if account.enabled == enabled:
            return account
        return self._record(
            msgspec.structs.replace(
                account, enabled=enabled, session_epoch=account.session_epoch + 1
            )
        )

    def end_sessions(self, username: str) -> None:
        """Signing out ends every session of the account, on every device."""
        account = self.all().get(username)
        if account is not None:
            self._record(msgspec.structs.replace(account, session_epoch=account.session_epoch + 1))

    def _record(self, account: StaffAccount) -> StaffAccount:
        if self.records.append(ACCOUNTS_STREAM, account):
            return account
        raise AccountError("Could not save the account; please try again.")

    def verify(self, username: str, password: str) -> StaffAccount | None:
        """The account, if the password is right and the account is enabled."""
        account = self.all().get(username.strip().lower())
        try:
            hasher().verify(account.password_hash if account else dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        return account if account is not None and account.enabled else None
