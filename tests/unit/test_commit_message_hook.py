"""The commit-msg hook kept in .githooks: a subject of at most 72 characters and a body."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

HOOK = Path(__file__).resolve().parents[2] / ".githooks" / "commit-msg"


def _verdict(tmp_path: Path, message: str) -> tuple[int, str]:
    file = tmp_path / "COMMIT_EDITMSG"
    file.write_text(message)
    done = subprocess.run(["bash", str(HOOK), str(file)], capture_output=True, text=True)
    return done.returncode, done.stderr


def test_a_short_subject_with_a_body_is_taken(tmp_path: Path) -> None:
    assert _verdict(tmp_path, "Lock the installs\n\nCI passed or failed by the calendar.\n") == (
        0,
        "",
    )


def test_a_comment_from_the_editor_is_not_the_body(tmp_path: Path) -> None:
    code, said = _verdict(tmp_path, "Lock the installs\n\n# Please enter the message\n")
    assert code == 1
    assert "add a body" in said


@pytest.mark.parametrize(
    ("message", "complaint"),
    [
        ("x" * 73 + "\n\nWhy.\n", "the subject is 73 characters"),
        ("Lock the installs\n", "add a body"),
        ("Lock the installs\nCI failed by the calendar.\n", "leave a blank line"),
        ("\n\nWhy.\n", "the subject line is empty"),
    ],
)
def test_a_message_without_its_parts_is_refused(
    tmp_path: Path, message: str, complaint: str
) -> None:
    code, said = _verdict(tmp_path, message)
    assert code == 1
    assert complaint in said


def test_a_subject_of_exactly_72_characters_is_taken(tmp_path: Path) -> None:
    assert _verdict(tmp_path, "y" * 72 + "\n\nWhy it is made.\n")[0] == 0
