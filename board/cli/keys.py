"""The commands about keys: erase a case (crypto-shred it), rotate the master key."""

from __future__ import annotations

import argparse
import os
import sys

from eventsourcing.cryptography import AESCipher
from eventsourcing.utils import Environment

from board.cli.common import open_store
from board.cli.single_server import AlreadyServed, ServerLock
from board.settings import Settings
from board.storage.case_keys import MasterKeyMismatch
from board.storage.scrub import EraseIncomplete
from board.storage.store import CaseStore, sqlite_file


def cmd_erase(args: argparse.Namespace) -> int:
    store = open_store(args)
    if store.head(args.case) == 0:
        raise SystemExit(f"There is no case {args.case} in this store.")
    if not args.yes:
        raise SystemExit(
            "Erasing destroys the case's key: its record can never be read again, by anyone. "
            "Run again with --yes to do it."
        )
    try:
        erased = store.erase_case(args.case)
    except (ValueError, EraseIncomplete) as error:
        raise SystemExit(str(error)) from None
    finally:
        store.close()
    print(
        "Erased: the case can no longer be read, and its key is gone from the database."
        if erased
        else "It was already erased (its key's traces were scrubbed from the database again)."
    )
    print(
        "Backups, and on PostgreSQL the write-ahead log and its archives, taken before now "
        "still hold the key, wrapped with the master key. Rotate the master key "
        "(python -m board rotate-key), destroy the old one, and take a fresh backup "
        '(docs/security.md, "Backups").'
    )
    return 0


def cmd_rotate_key(args: argparse.Namespace) -> int:
    """Wrap every case key (and seal the staff accounts and invites) with a new master
    key. The new key is BOARD_NEW_CIPHER_KEY if set, or one made here and printed once on
    standard output (everything else goes to standard error)."""
    settings = Settings()
    old = settings.cipher_key
    if not old:
        raise SystemExit("rotate-key needs the current master key: set BOARD_CIPHER_KEY.")
    given = os.environ.get("BOARD_NEW_CIPHER_KEY", "").strip()
    if given:
        try:
            AESCipher(Environment(env={AESCipher.CIPHER_KEY: given}))
        except ValueError:
            raise SystemExit(
                "BOARD_NEW_CIPHER_KEY is not a key: it must be 16, 24 or 32 random bytes in "
                "base64. Leave it unset to have one made. Nothing was changed."
            ) from None
        if given == old:
            raise SystemExit(
                "BOARD_NEW_CIPHER_KEY is the key in use. Give a new one, or leave it unset "
                "to have one made. Nothing was changed."
            )
    new = given or AESCipher.create_key(32)
    url = args.store or settings.store
    path = sqlite_file(url)
    lock = None
    if path is not None:
        try:
            lock = ServerLock(path).acquire()
        except AlreadyServed:
            raise SystemExit(
                "A board server is running on this store: stop it first (it would go on "
                "with the old key). Nothing was changed."
            ) from None
    try:
        store = CaseStore(url, old)
        try:
            keys, records = _rotate(store, new, show=not given)
        finally:
            store.close()
    finally:
        if lock is not None:
            lock.release()
    print(
        f"Rotated: {keys} case keys wrapped again and {records} staff and invite records "
        "sealed again with the new master key, in one transaction.\n"
        "Now set BOARD_CIPHER_KEY to the new key wherever the board runs, start it again, "
        "and destroy the old key: then no backup taken before today (an erased case's key "
        "included) can be read with it any more.",
        file=sys.stderr,
    )
    return 0


def _rotate(store: CaseStore, new: str, show: bool) -> tuple[int, int]:
    if store.case_keys is None or not store.case_keys.master_matches():
        raise SystemExit(str(MasterKeyMismatch()))
    if show:  # before the change: a key that is lost after it would lose every case
        print(new, flush=True)
        print(
            "That is the new master key (made now, shown this once): keep it where the "
            "old one was kept before going on.",
            file=sys.stderr,
            flush=True,
        )
    try:
        return store.rotate_master_key(new)
    except MasterKeyMismatch as error:
        unused = " The key printed above was not used." if show else ""
        raise SystemExit(f"{error}{unused}") from None
