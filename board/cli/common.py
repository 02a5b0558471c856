"""What the commands share: the store that --store (or BOARD_STORE) names, and a
case id as an argument."""

from __future__ import annotations

import argparse
from uuid import UUID

from board.settings import Settings
from board.storage.store import CaseStore


def open_store(args: argparse.Namespace) -> CaseStore:
    settings = Settings()
    return CaseStore(args.store or settings.store, settings.cipher_key)


def case_id_arg(text: str) -> UUID:
    try:
        return UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a case id") from None
