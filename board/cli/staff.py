"""The commands about staff accounts: add or change one, disable or enable it."""

from __future__ import annotations

import argparse
import getpass
import os

from board.cli.common import open_store
from board.practice import Role
from board.storage.accounts import AccountError, Accounts
from board.text import visible


def cmd_adduser(args: argparse.Namespace) -> int:
    password = os.environ.get("BOARD_NEW_PASSWORD") or getpass.getpass("Password: ")
    try:
        account = Accounts(open_store(args)).save(
            args.username, args.name, Role(args.role), password, administrator=args.admin or None
        )
    except AccountError as error:
        raise SystemExit(str(error)) from None
    print(f"Saved {account.username} ({visible(account.name)}, {account.role.value}).")
    return 0


def cmd_enable_user(args: argparse.Namespace) -> int:
    try:
        account = Accounts(open_store(args)).set_enabled(args.username, args.enabled)
    except AccountError as error:
        raise SystemExit(str(error)) from None
    state = "enabled" if account.enabled else "disabled; its sessions have ended"
    print(f"{account.username} is {state}.")
    return 0
