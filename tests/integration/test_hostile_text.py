"""No input breaks a page: control characters, direction overrides, invisible-only
text and hidden characters inside visible text (tag characters, zero-width spaces) are
refused with a plain message in every text and name of every command (and in staff
and guest names), never cut or cleaned; writing in any script is accepted, emoji
sequences and direction marks included; and the command line never prints a raw
control character, whatever is stored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from uuid import UUID, uuid4

import pytest
from cli import run_main
from random_cases import CHAIR, NETWORK, PARENT, WORKER
from test_commands_refused import Scene, assert_refused, make_scene

from board import commands as c
from board.application.service import BoardApplication
from board.cli.readout import board_text
from board.events import Author, CaseEvent, CaseOpened, Fact, ItemAdded
from board.practice import Domain, Framework, ItemKind, MeetingKind, Role
from board.storage.accounts import AccountError, Accounts
from board.storage.invites import InviteError, guest_name
from board.storage.store import CaseStore
from board.text import text_problem, visible

# -- what is refused, and what is not ----------------------------------------------------

FLAG, CANCEL = "\U0001f3f4", "\U000e007f"  # a flag that tags follow, and their end


def tags(text: str) -> str:
    """`text` in Unicode's tag characters: invisible, one for each ASCII character."""
    return "".join(chr(0xE0000 + ord(ch)) for ch in text)


# (text, code when a one-line name, code when a text that may run over lines)
JUDGED: list[tuple[str, str | None, str | None]] = [
    ("Nan has Kit on Fridays", None, None),
    ("Line one\nline two", "control_character", None),
    ("Who\twhat", "control_character", None),
    ("Windows line\r\nbreak", "control_character", "control_character"),
    ("\x1b[31mred\x1b[0m", "control_character", "control_character"),
    ("nul\x00byte", "control_character", "control_character"),
    ("bell\x07", "control_character", "control_character"),
    ("DEL\x7f", "control_character", "control_character"),
    ("C1 \x85 next line", "control_character", "control_character"),
    ("line\u2028separator", "control_character", "control_character"),
    ("para\u2029separator", "control_character", "control_character"),
    ("broken \ud800 half", "control_character", "control_character"),
    ("Gran \u202eevil\u202c", "direction_control", "direction_control"),
    ("\u202aembedding", "direction_control", "direction_control"),
    ("\u202boverride", "direction_control", "direction_control"),
    ("\u202doverride", "direction_control", "direction_control"),
    ("isolate \u2066x\u2069", "direction_control", "direction_control"),
    ("isolate \u2067x", "direction_control", "direction_control"),
    ("isolate \u2068x", "direction_control", "direction_control"),
    ("\u200b", "invisible_text", "invisible_text"),
    ("\u200b\u200c\u200d\u2060\ufeff", "invisible_text", "invisible_text"),
    ("\u00a0\u2003\u3000\u200b", "invisible_text", "invisible_text"),
    ("\u200e\u200f", "invisible_text", "invisible_text"),  # direction marks alone
    ("\u3164\u115f", "invisible_text", "invisible_text"),  # Hangul fillers
    ("\u2800\u2800", "invisible_text", "invisible_text"),  # blank Braille
    ("\ufe0f\u0301", "invisible_text", "invisible_text"),  # marks with nothing to mark
    ("\u200b\n\u200b", "control_character", "invisible_text"),
    # Hidden characters inside visible text: kept, exported, never shown.
    ("Lily\U000e0041", "invisible_character", "invisible_character"),  # a tag character
    (f"Lily{tags('call me')}", "invisible_character", "invisible_character"),  # a message
    (f"{FLAG}{tags('secret')}{CANCEL}", "invisible_character", "invisible_character"),  # no flag
    ("Li\u00adly", "invisible_character", "invisible_character"),  # soft hyphen
    ("Li\u200bly", "invisible_character", "invisible_character"),  # zero-width space
    ("Gran\u2060Pat", "invisible_character", "invisible_character"),  # word joiner
    ("\ufeffNan", "invisible_character", "invisible_character"),  # byte order mark
    ("x\u2062y", "invisible_character", "invisible_character"),  # invisible times
    ("Lily\u3164", "invisible_character", "invisible_character"),  # Hangul filler
    # Writing in any script, with the invisible characters it needs, is accepted.
    ("\u0633\u0627\u0631\u0627 \u200f(Sara)", None, None),  # Arabic, right-to-left mark
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", None, None),  # Persian, ZWNJ
    ("\U0001f468\u200d\U0001f469\u200d\U0001f467 family", None, None),  # emoji with ZWJ
    ("Nguy\u1ec5n Th\u1ecb", None, None),  # Vietnamese
    ("\u5c0f\u660e", None, None),  # Chinese
    ("\u05e9\u05e8\u05d4 \u200eSarah", None, None),  # Hebrew, left-to-right mark
    ("\U0001f469\u200d\U0001f467", None, None),  # mother and daughter: ZWJ
    ("\u0633\u0627\u0631\u0627\u200f", None, None),  # Arabic, right-to-left mark
    ("\u2764\ufe0f \U0001f44b\U0001f3fd", None, None),  # variation selector, skin tone
    (f"{FLAG}{tags('gbwls')}{CANCEL} Cymru", None, None),  # the flag of Wales is tags too
    ("\u0e20\u0e32\u0e29\u0e32\u200b\u0e44\u0e17\u0e22", None, None),  # Thai, word break
    ("\u845b\U000e0100\u57ce", None, None),  # an ideographic variation selector
    ("\u0936\u094d\u200d\u0930", None, None),  # Devanagari, ZWJ after virama
]


@pytest.mark.parametrize(("text", "as_name", "as_text"), JUDGED)
def test_what_is_refused_as_a_name_and_as_a_text(
    text: str, as_name: str | None, as_text: str | None
) -> None:
    name_problem = text_problem("name", text, multiline=False)
    text_judged = text_problem("text", text, multiline=True)
    assert (name_problem[0] if name_problem else None) == as_name
    assert (text_judged[0] if text_judged else None) == as_text
    for problem in (name_problem, text_judged):
        if problem is not None:
            assert problem[1].startswith(("'name'", "'text'"))  # it names the field
            assert "\\" not in problem[1] and not any(ch in problem[1] for ch in text if ch > "~")


# -- every text and name of every command -----------------------------------------------


@pytest.fixture
def scene(store: CaseStore) -> Scene:
    """A case with one of everything, live and gone (test_commands_refused.py's)."""
    return make_scene(store)


def _run(s: Scene, by: Author, command: c.Command) -> str:
    """Set something up for the refused command (recorded before it is tried)."""
    (event, *_) = s.app.execute(s.case_id, command, by)
    return str(getattr(event.fact, "goal_id", None) or getattr(event.fact, "statement_id", ""))


def _close_meeting(s: Scene) -> None:
    s.app.execute(s.case_id, c.CloseMeeting(), CHAIR)


def _close_round(s: Scene) -> None:
    s.app.execute(s.case_id, c.CloseScalingRound(round_id=s.open_round), CHAIR)


@dataclass(frozen=True)
class Field:
    """A text or name of a command: who sends it, and the command holding a text there
    (made after `before`, which sets the board up so only the text can be wrong)."""

    name: str
    by: Author
    command: Callable[[Scene, str], c.Command]
    one_line: bool = False
    before: Callable[[Scene], None] | None = None


FIELDS = [
    Field(
        "case: child's name",
        WORKER,
        lambda s, t: c.OpenCase(child_name=t, family_name="Test"),
        one_line=True,
    ),
    Field(
        "case: family's name",
        WORKER,
        lambda s, t: c.OpenCase(child_name="Kit", family_name=t),
        one_line=True,
    ),
    Field(
        "meeting title",
        CHAIR,
        lambda s, t: c.OpenMeeting(kind=MeetingKind.CORE_GROUP, title=t),
        before=_close_meeting,
    ),
    Field(
        "admitted: participant",
        CHAIR,
        lambda s, t: c.AdmitParticipant(participant_id=t, name="Gran", role=Role.NETWORK_MEMBER),
        one_line=True,
    ),
    Field(
        "admitted: name",
        CHAIR,
        lambda s, t: c.AdmitParticipant(participant_id="g-1", name=t, role=Role.NETWORK_MEMBER),
        one_line=True,
    ),
    Field("meeting decision", CHAIR, lambda s, t: c.CloseMeeting(decision=t)),
    Field("item text", PARENT, lambda s, t: c.AddItem(domain=Domain.HARM, text=t)),
    Field(
        "item source",
        PARENT,
        lambda s, t: c.AddItem(domain=Domain.HARM, text="Seen", source=t),
        one_line=True,
    ),
    Field("edited item text", WORKER, lambda s, t: c.EditItem(item_id=s.item, text=t)),
    Field(
        "edited item source",
        WORKER,
        lambda s, t: c.EditItem(item_id=s.item, text="Kit reads", source=t),
        one_line=True,
    ),
    Field("danger statement", WORKER, lambda s, t: c.WriteDangerStatement(text=t)),
    Field(
        "revised danger statement",
        WORKER,
        lambda s, t: c.ReviseDangerStatement(statement_id=s.statement, text=t),
    ),
    Field(
        "retiring reason",
        WORKER,
        lambda s, t: c.RetireDangerStatement(statement_id=s.statement, reason=t),
    ),
    Field("safety goal", WORKER, lambda s, t: c.PairSafetyGoal(statement_id=s.statement, text=t)),
    Field(
        "revised safety goal",
        WORKER,
        lambda s, t: c.ReviseSafetyGoal(
            goal_id=_run(s, WORKER, c.PairSafetyGoal(statement_id=s.statement, text="Safe")),
            text=t,
        ),
    ),
    Field("harm statement", WORKER, lambda s, t: c.WriteHarmStatement(text=t)),
    Field(
        "revised harm statement",
        WORKER,
        lambda s, t: c.ReviseHarmStatement(
            statement_id=_run(s, WORKER, c.WriteHarmStatement(text="Kit was hurt")), text=t
        ),
    ),
    Field(
        "family view",
        PARENT,
        lambda s, t: c.RecordFamilyView(statement_id=s.statement, text=t),
    ),
    Field(
        "scaling question",
        CHAIR,
        lambda s, t: c.OpenScalingRound(question=t, zero_means="hurt", ten_means="safe"),
        before=_close_round,
    ),
    Field(
        "what 0 means",
        CHAIR,
        lambda s, t: c.OpenScalingRound(question="How safe?", zero_means=t, ten_means="safe"),
        before=_close_round,
    ),
    Field(
        "what 10 means",
        CHAIR,
        lambda s, t: c.OpenScalingRound(question="How safe?", zero_means="hurt", ten_means=t),
        before=_close_round,
    ),
    Field(
        "vote's reasons",
        PARENT,
        lambda s, t: c.CastVote(round_id=s.open_round, score=5, narrative=t),
    ),
    Field("plan rule: who", NETWORK, lambda s, t: c.AddPlanRule(who=t, what="has Kit")),
    Field("plan rule: what", NETWORK, lambda s, t: c.AddPlanRule(who="Nan", what=t)),
    Field(
        "plan rule: when",
        NETWORK,
        lambda s, t: c.AddPlanRule(who="Nan", what="has Kit", when=t),
    ),
    Field(
        "amended rule: who", NETWORK, lambda s, t: c.AmendPlanRule(rule_id=s.rule, who=t, what="a")
    ),
    Field(
        "amended rule: what", NETWORK, lambda s, t: c.AmendPlanRule(rule_id=s.rule, who="N", what=t)
    ),
    Field(
        "amended rule: when",
        NETWORK,
        lambda s, t: c.AmendPlanRule(rule_id=s.rule, who="N", what="a", when=t),
    ),
    Field("rule retired: reason", NETWORK, lambda s, t: c.RetirePlanRule(rule_id=s.rule, reason=t)),
]

# Each kind of hostile text, with the code it gets wherever it is typed.
HOSTILE = [
    ("an escape sequence", "\x1b[2J\x1b[31mred", "control_character"),
    ("a null", "Kit\x00", "control_character"),
    ("a line separator", "one\u2028two", "control_character"),
    ("a right-to-left override", "Nan \u202eeirF no\u202c", "direction_control"),
    ("an isolate", "Nan \u2067x\u2069", "direction_control"),
    ("only zero-width characters", "\u200b\u200d\u2060\ufeff", "invisible_text"),
    ("only a Hangul filler", "\u3164", "invisible_text"),
    ("a tag character", "Lily\U000e0041", "invisible_character"),
    ("a zero-width space", "Li\u200bly", "invisible_character"),
]
# One-line fields refuse line breaks and tabs as well.
NOT_IN_A_NAME = [
    ("a line break", "Gran\nPat", "control_character"),
    ("a tab", "Gran\tPat", "control_character"),
]


@pytest.mark.parametrize("field", FIELDS, ids=[f.name for f in FIELDS])
def test_every_text_and_name_refuses_hostile_characters(scene: Scene, field: Field) -> None:
    if field.before is not None:
        field.before(scene)
    for kind, text, code in HOSTILE + (NOT_IN_A_NAME if field.one_line else []):
        command = field.command(scene, text)
        case_id = uuid4() if isinstance(command, c.OpenCase) else scene.case_id
        refusal = assert_refused(scene.app, case_id, command, field.by, code)
        assert refusal.message.startswith("'"), kind  # it names the field, in plain words
        assert "please" in refusal.message.lower(), kind


def test_texts_keep_their_line_breaks_and_tabs(scene: Scene) -> None:
    typed = "Kit said:\n\tI like it at Nan's.\nShe walks me to school."
    (added,) = scene.app.execute(
        scene.case_id, c.AddItem(domain=Domain.EXISTING_STRENGTHS, text=typed), PARENT
    )
    assert added.fact.text == typed  # type: ignore[attr-defined]
    assert any(i.text == typed for i in scene.app.board(scene.case_id).items.values())


@pytest.mark.parametrize("name", [t for t, as_name, _ in JUDGED if as_name is None])
def test_names_in_every_script_are_accepted_as_typed(scene: Scene, name: str) -> None:
    scene.app.execute(scene.case_id, c.AddItem(domain=Domain.HARM, text=name), PARENT)
    *_, admitted = scene.app.execute(
        scene.case_id,
        c.AdmitParticipant(participant_id="g-1", name=name, role=Role.PARENT),
        CHAIR,
    )
    assert admitted.fact.name == name  # type: ignore[attr-defined]


# -- staff and guest names ----------------------------------------------------------------


def test_staff_account_names_refuse_hostile_characters(store: CaseStore) -> None:
    accounts = Accounts(store)
    for bad, words in [
        ("Sam\u202e Reid", "direction"),
        ("Sam\nReid", "one line"),
        ("\u200b\u200b", "invisible"),
        ("Sam\U000e0041", "hidden character"),
        ("Sam\x1b[31m", "escape character"),
        ("S" * 81, "80 characters"),
        ("   ", "name people will see"),
    ]:
        with pytest.raises(AccountError, match=words):
            accounts.save("sam", bad, Role.CHAIR, "a long enough password")
    assert accounts.all() == {}  # nothing was saved
    saved = accounts.save("sam", "  \u0633\u0627\u0645 Reid ", Role.CHAIR, "a long password")
    assert saved.name == "\u0633\u0627\u0645 Reid"
    assert accounts.all()["sam"].name == saved.name


def test_guest_names_are_refused_not_cut() -> None:
    for bad, words in [
        ("Gran\u202ePat", "direction"),
        ("Gran\nPat", "one line"),
        ("\u2060", "invisible"),
        ("Lily\U000e0041", "hidden character"),
        ("Gran\x07", "control character"),
        ("G" * 81, "81 characters"),
        ("", "your name"),
    ]:
        with pytest.raises(InviteError, match=words):
            guest_name(bad)
    assert guest_name("  Gran Pat ") == "Gran Pat"
    assert guest_name("G" * 80) == "G" * 80


def test_the_adduser_command_refuses_a_hostile_name(tmp_path: Path) -> None:
    path = str(tmp_path / "board.sqlite3")
    done = run_main(
        "--store", path, "adduser", "sam", "--name", "Sam\u202eReid", "--role", "chair",
        cwd=tmp_path, env={"BOARD_NEW_PASSWORD": "a long enough password"},
    )  # fmt: skip
    assert done.returncode != 0
    assert "direction of the writing" in done.stderr
    store = CaseStore(path)
    try:
        assert Accounts(store).all() == {}
    finally:
        store.close()


# -- the terminal -------------------------------------------------------------------------

HOSTILE_STORED = "\x1b[2J\x1b[31mred\x1b[0m\nsecond line\r\u202eeirf\u2028"
ANSI_ESCAPED = "\\x1b[2J\\x1b[31mred\\x1b[0m\\nsecond line\\r\\u202eeirf\\u2028"


def test_visible_writes_out_every_control_and_direction_character() -> None:
    assert visible(HOSTILE_STORED) == ANSI_ESCAPED
    kept = "Nguy\u1ec5n \U0001f468\u200d\U0001f469 \u0633\u0627\u0631\u0627\u200f \u00a0x"
    assert visible(kept) == kept  # accents, emoji joiners, marks, spaces: as they are


def write_hostile_case(store: CaseStore) -> tuple[BoardApplication, UUID]:
    """A case whose stored texts hold control characters: written straight into the store,
    as an older version or a hand-made import could have, past every rule."""
    app = BoardApplication(store)
    case_id = uuid4()
    by = Author("t-worker", "Wendy\x1b[5m", Role.SOCIAL_WORKER)
    facts: list[Fact] = [
        CaseOpened(child_name="Kit\x1b[8m", family_name="Test\n\x85", framework=Framework.SAFETY),
        ItemAdded(
            item_id="i1", domain=Domain.HARM, text=HOSTILE_STORED, kind=ItemKind.FACT, source="\x07"
        ),
    ]
    at = datetime(2026, 1, 5, 9, tzinfo=UTC)
    app.import_events(
        CaseEvent(case_id=case_id, position=n, at=at, by=by, meeting_id=None, fact=fact)
        for n, fact in enumerate(facts, start=1)
    )
    return app, case_id


def test_the_read_out_never_holds_a_raw_control_character(store: CaseStore) -> None:
    app, case_id = write_hostile_case(store)
    text = board_text(app.board(case_id))
    assert ANSI_ESCAPED in text
    assert "Kit\\x1b[8m" in text and "Test\\n\\x85" in text and "from \\x07" in text
    raw = {ch for ch in text if ch != "\n" and not ch.isprintable()} | (set(text) & {"\u202e"})
    assert raw == set(), raw
    # Every line of the read-out is still one line: the item is on a line of its own.
    (item_line,) = [line for line in text.splitlines() if "red" in line]
    assert item_line.strip().startswith("- \\x1b[2J")


def test_state_and_diff_print_no_raw_control_character(tmp_path: Path) -> None:
    path = str(tmp_path / "board.sqlite3")
    store = CaseStore(path)
    try:
        _, case_id = write_hostile_case(store)
    finally:
        store.close()
    for args in (("state", str(case_id)), ("diff", str(case_id), "--from", "start")):
        done = run_main("--store", path, *args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert ANSI_ESCAPED in done.stdout, done.stdout
        assert "\x1b" not in done.stdout and "\u202e" not in done.stdout and "\r" not in done.stdout


def test_export_prints_no_raw_control_character_and_reads_back_the_same(tmp_path: Path) -> None:
    path, copy = str(tmp_path / "board.sqlite3"), str(tmp_path / "copy.sqlite3")
    store = CaseStore(path)
    try:
        app, case_id = write_hostile_case(store)
        board = app.board(case_id)
    finally:
        store.close()
    done = run_main("--store", path, "export", str(case_id), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    unsafe = "\x1b\x07\x85\r\u2028\u202e"
    assert not [ch for ch in done.stdout if ch in unsafe]
    assert "\\u202e" in done.stdout and "\\u2028" in done.stdout and "\\u0085" in done.stdout
    exported = tmp_path / "case.ndjson"
    exported.write_text(done.stdout)
    loaded = run_main("--store", copy, "import", str(exported), cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    again = CaseStore(copy)
    try:
        assert BoardApplication(again).board(case_id) == board  # the same texts, exactly
    finally:
        again.close()
