"""The command line: `board.cli.main(argv)` in this process (`run_main`), and, for the
command itself as people run it, `python -m board ...` in a subprocess (`run_board`)."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from cli import run_board, run_main

from board.application.service import BoardApplication
from board.storage.accounts import Accounts
from board.storage.store import CaseStore


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, UUID]:
    folder = tmp_path_factory.mktemp("cli")
    path = folder / "board.sqlite3"
    done = run_main("--store", str(path), "demo", cwd=folder)
    assert done.returncode == 0, done.stderr
    first_line = done.stdout.strip().splitlines()[0]
    return path, UUID(first_line)


def test_demo_prints_the_case_id(demo_store: tuple[Path, UUID]) -> None:
    path, case_id = demo_store
    store = CaseStore(str(path))
    try:
        assert store.case_ids() == [case_id]
        assert store.head(case_id) > 50
    finally:
        store.close()


def test_diff_shows_the_reworded_safety_goal(demo_store: tuple[Path, UUID]) -> None:
    path, case_id = demo_store
    store = CaseStore(str(path))
    try:
        app = BoardApplication(store)
        icpc = app.board(case_id, app.resolve_point(case_id, "icpc"))
        review = app.board(case_id, app.resolve_point(case_id, "review"))
        fnm = app.board(case_id, app.resolve_point(case_id, "fnm"))
    finally:
        store.close()
    reworded = [
        (goal.text, review.safety_goals[goal.goal_id].text)
        for goal in icpc.safety_goals.values()
        if goal.text != review.safety_goals[goal.goal_id].text
    ]
    assert len(reworded) == 1  # the demo rewords one safety goal at the review
    ((before, after),) = reworded

    done = run_main(
        "--store", str(path), "diff", str(case_id), "--from", "icpc", "--to", "review",
        cwd=path.parent,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert before in done.stdout
    assert after in done.stdout
    assert done.stdout.index(before) < done.stdout.index(after)  # it said ..., it now says ...
    # The points matter: the danger statement's first wording was replaced at the
    # conference, so a diff from the conference does not show it.
    (first_wording,) = [
        s.text
        for s in fnm.danger_statements.values()
        if s.text != icpc.danger_statements[s.statement_id].text
    ]
    assert first_wording not in done.stdout
    from_start = run_main(
        "--store", str(path), "diff", str(case_id), "--from", "fnm", "--to", "review",
        cwd=path.parent,
    )  # fmt: skip
    assert from_start.returncode == 0, from_start.stderr
    assert first_wording in from_start.stdout


def test_state_at_a_meeting(demo_store: tuple[Path, UUID]) -> None:
    path, case_id = demo_store
    done = run_main("--store", str(path), "state", str(case_id), "--at", "icpc", cwd=path.parent)
    assert done.returncode == 0, done.stderr
    assert "Lily" in done.stdout
    assert "97%" not in done.stdout  # written at the review, after the conference
    latest = run_main("--store", str(path), "state", str(case_id), cwd=path.parent)
    assert "97%" in latest.stdout


def test_the_cli_refuses_an_unknown_point_and_case(demo_store: tuple[Path, UUID]) -> None:
    path, case_id = demo_store
    unknown = run_main(
        "--store", str(path), "diff", str(case_id), "--from", "last spring", cwd=path.parent
    )
    assert unknown.returncode != 0
    assert "last spring" in unknown.stderr
    missing = UUID(int=case_id.int ^ 1)
    absent = run_main("--store", str(path), "diff", str(missing), "--from", "icpc", cwd=path.parent)
    assert absent.returncode != 0
    assert str(missing) in absent.stderr


def test_adduser_takes_the_password_from_the_environment(tmp_path: Path) -> None:
    """As docs/configuration.md says: BOARD_NEW_PASSWORD, and no prompt (no terminal
    here: a prompt would fail), and --admin makes an administrator. In a subprocess:
    `python -m board` itself, from start to exit status, as a script would run it."""
    path = str(tmp_path / "board.sqlite3")
    env = {"BOARD_NEW_PASSWORD": "a long enough password"}
    done = run_board(
        "--store", path, "adduser", "sam", "--name", "Sam Reid", "--role", "chair", "--admin",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Saved sam" in done.stdout
    store = CaseStore(path)
    try:
        account = Accounts(store).verify("sam", "a long enough password")
        assert account is not None and account.administrator
    finally:
        store.close()
    help_text = run_board("adduser", "--help", cwd=tmp_path).stdout
    assert "BOARD_NEW_PASSWORD" in help_text


def test_openapi_prints_the_document(tmp_path: Path) -> None:
    """In a subprocess, as the docs' generator and people run it."""
    done = run_board("openapi", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["openapi"] == "3.1.0"


def test_the_read_outs_name_meetings_and_days_not_positions(
    demo_store: tuple[Path, UUID],
) -> None:
    path, case_id = demo_store
    state = run_main("--store", str(path), "state", str(case_id), "--at", "icpc", cwd=path.parent)
    assert state.returncode == 0, state.stderr
    first_line = state.stdout.splitlines()[0]
    assert first_line.startswith(
        "The board for Lily (the Bennett family): Initial child protection conference, "
        "24 March 2026, "
    )
    assert "position" not in state.stdout
    # Harm statements come before danger statements, as at the conference.
    assert state.stdout.index("HARM STATEMENTS") < state.stdout.index("DANGER STATEMENTS")
    assert "\nSAFETY SCALE\n" in state.stdout and "\nSAFETY PLAN\n" in state.stdout
    assert "    Gran Pat (family network member): 5 \u2014 I worry when Dan has had a drink." in (
        state.stdout
    )
    assert "(chair) (chair)" not in state.stdout
    diff = run_main(
        "--store", str(path), "diff", str(case_id), "--from", "icpc", "--to", "review",
        cwd=path.parent,
    )  # fmt: skip
    assert diff.returncode == 0, diff.stderr
    assert diff.stdout.splitlines()[0] == (
        "What changed for Lily between Initial child protection conference, 24 March 2026 "
        "and Review child protection conference, 16 June 2026"
    )
    assert "position" not in diff.stdout
    assert (
        "    - No longer true: Lily is often late on Mondays \u2014 the school says Lily has "
        "been on time most days since April"
    ) in diff.stdout
