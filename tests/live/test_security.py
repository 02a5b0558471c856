"""Security: encryption at rest, crypto-shredding, invites that expire and cannot be
guessed, and hostile text shown as text, never run."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import psycopg
import pytest
from conftest import POSTGRES_ADMIN
from eventsourcing.cryptography import AESCipher
from live import STAFF_PASSWORD, LiveServer, prepare_store, running_server
from playwright.sync_api import sync_playwright

from board import commands as c
from board.application.errors import NoSuchCase
from board.application.service import BoardApplication
from board.cli.demo import allocate_accounts, write_demo_case
from board.events import Author
from board.practice import Domain, Framework, MeetingKind, PlanRuleKind, Role
from board.storage.accounts import Accounts
from board.storage.case_keys import CaseErased
from board.storage.invites import InviteError, Invites
from board.storage.store import CaseStore
from board.web.printing import CHROMIUM, CHROMIUM_FLAGS

SECRET_WORDS = "Zebra-crossing-secret-7731"
CHAIR = Author("staff-chair", "Sam Reid", Role.CHAIR)
WORKER = Author("staff-worker", "Amira Khan", Role.SOCIAL_WORKER)


def write_case_with(store: CaseStore, text: str) -> UUID:
    """A case whose every kind of text field holds `text`."""
    app = BoardApplication(store, snapshot_every=5)
    case_id = app.open_case(text[:80], text[:80], Framework.SAFETY, CHAIR)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.ICPC, title=text), CHAIR)
    app.execute(case_id, c.AddItem(domain=Domain.HARM, text=text, source=text[:80]), CHAIR)
    statement = app.execute(case_id, c.WriteDangerStatement(text=text), CHAIR)[0]
    statement_id = statement.fact.statement_id  # type: ignore[attr-defined]
    app.execute(case_id, c.PairSafetyGoal(statement_id=statement_id, text=text), CHAIR)
    app.execute(case_id, c.WriteHarmStatement(text=text), CHAIR)
    opened = app.execute(
        case_id, c.OpenScalingRound(question=text, zero_means=text, ten_means=text), CHAIR
    )[0]
    round_id = opened.fact.round_id  # type: ignore[attr-defined]
    app.execute(case_id, c.CastVote(round_id=round_id, score=5, narrative=text), CHAIR)
    app.execute(case_id, c.RevealVotes(round_id=round_id, show_names=True), CHAIR)
    app.execute(
        case_id,
        c.AddPlanRule(who=text, what=text, when=text, addresses=(statement_id,)),
        CHAIR,
    )
    app.execute(
        case_id,
        c.AddPlanRule(who=text, what=text, kind=PlanRuleKind.BOTTOM_LINE),
        WORKER,
    )
    app.execute(case_id, c.CloseMeeting(decision=text), CHAIR)
    return case_id


def raw_sqlite(path: str) -> bytes:
    return b"".join(p.read_bytes() for p in Path(path).parent.glob(Path(path).name + "*"))


def raw_postgres(url: str) -> bytes:
    schema = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["schema"][0]
    found = b""
    with psycopg.connect(POSTGRES_ADMIN) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (schema,)
        ).fetchall()
        assert len(tables) >= 2  # events and snapshots (and case keys, when encrypted)
        for (table,) in tables:
            for row in conn.execute(f'SELECT * FROM "{schema}"."{table}"'):  # noqa: S608
                found += b"|".join(
                    bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in row
                )
    return found


def raw(url: str) -> bytes:
    return raw_postgres(url) if url.startswith("postgresql") else raw_sqlite(url)


def test_with_a_cipher_key_no_row_holds_plaintext(each_store_url: str) -> None:
    store = CaseStore(each_store_url, AESCipher.create_key(32))
    try:
        case_id = write_case_with(store, SECRET_WORDS)
        assert store.nearest_snapshot(case_id, None) is not None  # snapshots were sealed too
        assert store.board_at(case_id).items  # and everything still reads back
    finally:
        store.close()
    assert SECRET_WORDS.encode() not in raw(each_store_url)


def test_without_a_cipher_key_the_same_rows_hold_plaintext(each_store_url: str) -> None:
    store = CaseStore(each_store_url)
    try:
        write_case_with(store, SECRET_WORDS)
    finally:
        store.close()
    assert SECRET_WORDS.encode() in raw(each_store_url)  # so the test above can fail


def test_erasing_one_case_key_makes_it_unreadable_while_others_load(each_store_url: str) -> None:
    key = AESCipher.create_key(32)
    store = CaseStore(each_store_url, key)
    try:
        erased, kept = write_demo_case(store), write_demo_case(store)
        assert store.erase_case(erased) is True
        assert store.erase_case(erased) is False  # already gone
    finally:
        store.close()
    reopened = CaseStore(each_store_url, key)  # a fresh process: nothing cached
    try:
        with pytest.raises(CaseErased):
            reopened.board_at(erased)
        with pytest.raises(CaseErased):
            list(reopened.read(erased))
        assert BoardApplication(reopened).head(erased) == 0  # the server says "no such case"
        assert reopened.board_at(kept).child_name == "Lily"
        assert reopened.is_erased(erased) and not reopened.is_erased(kept)
        # A new event can never re-key the erased case.
        with pytest.raises(NoSuchCase) as refused:
            BoardApplication(reopened).execute(
                erased, c.AddItem(domain=Domain.HARM, text="after erasure"), CHAIR
            )
        assert isinstance(refused.value.__cause__, CaseErased)
    finally:
        reopened.close()


def test_erasing_needs_encryption_at_rest(tmp_path: Path) -> None:
    store = CaseStore(str(tmp_path / "plain.sqlite3"))
    try:
        case_id = write_demo_case(store)
        with pytest.raises(ValueError, match="BOARD_CIPHER_KEY"):
            store.erase_case(case_id)
    finally:
        store.close()


def test_invites_expire_and_are_for_guests_only(tmp_path: Path) -> None:
    store = CaseStore(str(tmp_path / "board.sqlite3"))
    try:
        invites, case_id = Invites(store), write_demo_case(store)
        long_ago = datetime.now(UTC) - timedelta(hours=13)
        old = invites.issue(case_id, Role.PARENT, None, "staff-chair", now=long_ago)
        with pytest.raises(InviteError, match="expired") as expired:
            invites.redeem(old)
        assert expired.value.code == "invite_expired"  # the join page's X-Board-Error
        fresh = invites.issue(case_id, Role.PARENT, None, "staff-chair")
        assert invites.redeem(fresh.lower()).role is Role.PARENT  # forgiving of case and dashes
        invites.revoke(fresh)
        with pytest.raises(InviteError, match="cancelled") as cancelled:
            invites.redeem(fresh)
        assert cancelled.value.code == "invite_revoked"
        with pytest.raises(InviteError):
            invites.issue(case_id, Role.CHAIR, None, "staff-chair")
        # The code itself is never stored, only a hash of it.
        assert fresh.encode() not in raw_sqlite(str(tmp_path / "board.sqlite3"))
    finally:
        store.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, UUID]]:
    url = str(tmp_path_factory.mktemp("security") / "board.sqlite3")
    prepare_store(url)
    store = CaseStore(url)
    try:
        hostile = write_case_with(store, XSS)
        allocate_accounts(store, hostile, Accounts(store).all().values())
    finally:
        store.close()
    with running_server(url, tmp_path_factory.mktemp("logs")) as live:
        yield live, hostile


def post_form(server: LiveServer, path: str, fields: dict[str, str]) -> int:
    request = urllib.request.Request(
        f"{server.url}{path}",
        data=urllib.parse.urlencode(fields).encode(),
        headers={"Origin": server.url},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def test_guessing_invite_codes_is_rate_limited(tmp_path: Path) -> None:
    url = str(tmp_path / "board.sqlite3")
    prepare_store(url)
    with running_server(url, tmp_path) as live:
        statuses = [
            post_form(live, "/join", {"code": f"ABCD-{n:04d}", "name": "Guesser"})
            for n in range(12)
        ]
        assert statuses[:10] == [400] * 10
        assert statuses[10:] == [429, 429]
        # Guessing codes does not lock staff out of signing in (a separate count).
        assert post_form(live, "/signin", {"username": "chair", "password": STAFF_PASSWORD}) == 200


def test_a_form_post_from_another_site_is_refused(server: tuple[LiveServer, UUID]) -> None:
    live, _ = server
    request = urllib.request.Request(
        f"{live.url}/signin",
        data=urllib.parse.urlencode({"username": "chair", "password": STAFF_PASSWORD}).encode(),
        headers={"Origin": "http://evil.example"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    refused.value.close()
    assert refused.value.code == 403


XSS = (
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 1">'
    "<b>bold?</b> & \u201cquotes\u201d"
)


@pytest.mark.browser
def test_script_and_html_in_every_field_show_as_text(server: tuple[LiveServer, UUID]) -> None:
    live, case_id = server
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        page = browser.new_page()
        page.goto(f"{live.url}/signin")
        page.fill("#username", "chair")
        page.fill("#password", STAFF_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live.url}/")
        paths = [
            "", "/replay", "/replay?at=5", "/compare?from=start", "/compare?from=start&summary=1",
            "/record", "/plan",
        ]  # fmt: skip
        page.goto(f"{live.url}/cases/{case_id}/compare?from=start")
        # Each thread's history and each person's scores, as the compare page links them.
        linked = page.eval_on_selector_all(
            "a.thread-link, table.people-scores a",
            "links => links.map(a => a.getAttribute('href'))",
        )
        assert linked
        paths += [href.removeprefix(f"/cases/{case_id}") for href in linked[:6]]
        page.goto(f"{live.url}/cases/{case_id}/replay")
        people = page.eval_on_selector_all("#person option", "os => os.map(o => o.value)")
        paths += [f"/replay?person={person}" for person in people if person][:2]
        for path in paths:
            page.goto(f"{live.url}/cases/{case_id}{path}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__pwned") is None, path
            assert page.locator("script:has-text('__pwned')").count() == 0, path
            assert page.locator("img[src=x]").count() == 0, path
            assert "<script>window.__pwned = 1</script>" in page.inner_text("body"), path
        browser.close()
