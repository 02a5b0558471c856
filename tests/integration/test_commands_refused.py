"""Every bad command is refused with its precise code, and nothing is recorded.

Each refusal is checked the same way: the stream's head and every event are the
same before and after, and the application's board is still the fold of the stream.
At the end: an edit changes only the fields it names (and one that changes nothing
is refused), and what a command created is named by its events' `created_ids`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID, uuid4

import msgspec
import pytest
from random_cases import (
    CHAIR,
    CHILD,
    MANAGER,
    NETWORK,
    OBSERVER,
    PARENT,
    TEACHER,
    WORKER,
    StepClock,
    counting_ids,
)

from board import commands as c
from board.application.service import BoardApplication
from board.commands import AnyCommand, CommandRefused, Context, decide
from board.events import Author, CaseEvent, ItemEdited, PlanRuleAmended, created_ids
from board.practice import (
    NAME_LIMIT,
    TEXT_LIMIT,
    Domain,
    Framework,
    ItemKind,
    MeetingKind,
    PlanRuleKind,
    Role,
)
from board.projections.board import project
from board.storage.store import CaseStore


@dataclass(frozen=True)
class Scene:
    """A case with one of everything, live and gone, to aim bad commands at."""

    app: BoardApplication
    case_id: UUID
    item: str  # added by the parent, then edited by the worker
    item_added_at: int  # the position of the item's first version
    removed_item: str
    statement: str  # a current danger statement, revised once
    statement_written_at: int
    retired_statement: str
    goal: str
    rule: str  # added by the network member, then amended by them
    rule_added_at: int
    closed_round: str
    open_round: str


def _created(events: list[CaseEvent]) -> str:
    """The id of the one thing the command created (what its ack names)."""
    (created,) = created_ids(event.fact for event in events)
    return created


@pytest.fixture
def scene(store: CaseStore) -> Scene:
    return make_scene(store)


def make_scene(store: CaseStore) -> Scene:
    app = BoardApplication(store, clock=StepClock(), make_id=counting_ids())
    case_id = app.open_case("Kit", "the Test family", Framework.SAFETY, WORKER)

    def run(by: Author, command: c.Command) -> list[CaseEvent]:
        return app.execute(case_id, command, by)

    run(CHAIR, c.OpenMeeting(kind=MeetingKind.ICPC))
    added = run(PARENT, c.AddItem(domain=Domain.EXISTING_STRENGTHS, text="Kit reads every night"))
    item = _created(added)
    run(WORKER, c.EditItem(item_id=item, text="Kit reads with mum every night"))
    removed_item = _created(run(TEACHER, c.AddItem(domain=Domain.HARM, text="Late twice")))
    run(TEACHER, c.RemoveItem(item_id=removed_item))
    written = run(WORKER, c.WriteDangerStatement(text="We are worried that Kit will be hurt."))
    statement = _created(written)
    run(WORKER, c.ReviseDangerStatement(statement_id=statement, text="We worry Kit is hurt."))
    retired = _created(run(WORKER, c.WriteDangerStatement(text="Kit misses school.")))
    goal = _created(run(WORKER, c.PairSafetyGoal(statement_id=retired, text="Kit at school")))
    run(MANAGER, c.RetireDangerStatement(statement_id=retired, reason="Kit goes every day now."))
    rule_added = run(
        NETWORK, c.AddPlanRule(who="Nan", what="has Kit on Fridays", addresses=(statement,))
    )
    rule = _created(rule_added)
    run(NETWORK, c.AmendPlanRule(rule_id=rule, who="Nan", what="has Kit on Fridays and Saturdays"))
    question = {"question": "How safe?", "zero_means": "hurt", "ten_means": "safe"}
    closed_round = _created(run(CHAIR, c.OpenScalingRound(**question)))
    run(PARENT, c.CastVote(round_id=closed_round, score=6))
    run(CHAIR, c.CloseScalingRound(round_id=closed_round))
    open_round = _created(run(CHAIR, c.OpenScalingRound(**question)))
    return Scene(
        app=app,
        case_id=case_id,
        item=item,
        item_added_at=added[0].position,
        removed_item=removed_item,
        statement=statement,
        statement_written_at=written[0].position,
        retired_statement=retired,
        goal=goal,
        rule=rule,
        rule_added_at=rule_added[0].position,
        closed_round=closed_round,
        open_round=open_round,
    )


def assert_refused(
    app: BoardApplication,
    case_id: UUID,
    command: c.Command,
    by: Author,
    code: str,
    *,
    expected_position: int | None = None,
) -> CommandRefused:
    """Execute a command that must be refused with `code`, and recorded nowhere."""
    head_before = app.store.head(case_id)
    events_before = list(app.store.read(case_id))
    with pytest.raises(CommandRefused) as refusal:
        app.execute(case_id, command, by, expected_position=expected_position)
    assert refusal.value.code == code, refusal.value.message
    assert refusal.value.message  # people are told why
    assert app.store.head(case_id) == head_before
    assert list(app.store.read(case_id)) == events_before
    if events_before:
        assert app.board(case_id) == project(events_before)
    return refusal.value


LONG = "x" * (TEXT_LIMIT + 1)
BLANK = " \t\n  "

# (why, who, the command given the scene, the code)
Case = tuple[str, Author, Callable[[Scene], c.Command], str]
REFUSALS: list[Case] = [
    # text
    ("empty item", PARENT, lambda s: c.AddItem(domain=Domain.HARM, text=""), "empty_text"),
    ("blank item", PARENT, lambda s: c.AddItem(domain=Domain.HARM, text=BLANK), "empty_text"),
    ("long item", PARENT, lambda s: c.AddItem(domain=Domain.HARM, text=LONG), "text_too_long"),
    ("empty statement", WORKER, lambda s: c.WriteDangerStatement(text=""), "empty_text"),
    ("blank statement", WORKER, lambda s: c.WriteDangerStatement(text=BLANK), "empty_text"),
    ("long statement", WORKER, lambda s: c.WriteDangerStatement(text=LONG), "text_too_long"),
    (
        "blank revision",
        WORKER,
        lambda s: c.ReviseDangerStatement(statement_id=s.statement, text=BLANK),
        "empty_text",
    ),
    (
        "blank goal",
        WORKER,
        lambda s: c.PairSafetyGoal(statement_id=s.statement, text=BLANK),
        "empty_text",
    ),
    (
        "long goal",
        WORKER,
        lambda s: c.PairSafetyGoal(statement_id=s.statement, text=LONG),
        "text_too_long",
    ),
    ("blank rule", NETWORK, lambda s: c.AddPlanRule(who="Nan", what=BLANK), "empty_text"),
    ("long rule", NETWORK, lambda s: c.AddPlanRule(who="Nan", what=LONG), "text_too_long"),
    (
        "blank edit",
        PARENT,
        lambda s: c.EditItem(item_id=s.item, text=BLANK),
        "empty_text",
    ),
    (
        "long narrative",
        PARENT,
        lambda s: c.CastVote(round_id=s.open_round, score=5, narrative=LONG),
        "text_too_long",
    ),
    # scores
    (
        "score -1",
        PARENT,
        lambda s: c.CastVote(round_id=s.open_round, score=-1),
        "score_out_of_range",
    ),
    (
        "score 11",
        PARENT,
        lambda s: c.CastVote(round_id=s.open_round, score=11),
        "score_out_of_range",
    ),
    # statements that are missing or retired
    (
        "goal for a missing statement",
        WORKER,
        lambda s: c.PairSafetyGoal(statement_id="no-such-statement", text="Kit is safe"),
        "statement_not_found",
    ),
    (
        "goal for a retired statement",
        WORKER,
        lambda s: c.PairSafetyGoal(statement_id=s.retired_statement, text="Kit is safe"),
        "statement_retired",
    ),
    (
        "revising the goal of a retired statement",
        WORKER,
        lambda s: c.ReviseSafetyGoal(goal_id=s.goal, text="Kit is at school every day"),
        "statement_retired",
    ),
    (
        "a rule addressing a retired statement",
        NETWORK,
        lambda s: c.AddPlanRule(who="Nan", what="walks Kit", addresses=(s.retired_statement,)),
        "statement_retired",
    ),
    (
        "an amendment addressing a retired statement",
        NETWORK,
        lambda s: c.AmendPlanRule(
            rule_id=s.rule, who="Nan", what="walks Kit", addresses=(s.retired_statement,)
        ),
        "statement_retired",
    ),
    (
        "a rule addressing a missing statement",
        NETWORK,
        lambda s: c.AddPlanRule(who="Nan", what="walks Kit", addresses=("nope",)),
        "statement_not_found",
    ),
    # items that are gone
    (
        "an edit to a removed item",
        TEACHER,
        lambda s: c.EditItem(item_id=s.removed_item, text="Late once"),
        "item_removed",
    ),
    (
        "a move of a removed item",
        TEACHER,
        lambda s: c.MoveItem(item_id=s.removed_item, domain=Domain.EXISTING_SAFETY),
        "item_removed",
    ),
    (
        "an edit to a missing item",
        WORKER,
        lambda s: c.EditItem(item_id="no-such-item", text="Hello"),
        "item_not_found",
    ),
    # rounds
    (
        "a vote in a closed round",
        PARENT,
        lambda s: c.CastVote(round_id=s.closed_round, score=7),
        "round_closed",
    ),
    (
        "a vote in a missing round",
        PARENT,
        lambda s: c.CastVote(round_id="no-such-round", score=7),
        "round_not_found",
    ),
    ("revealing an empty round", CHAIR, lambda s: c.RevealVotes(round_id=s.open_round), "no_votes"),
    # roles
    (
        "a network member writing a danger statement",
        NETWORK,
        lambda s: c.WriteDangerStatement(text="We are worried."),
        "forbidden",
    ),
    (
        "an observer casting a vote",
        OBSERVER,
        lambda s: c.CastVote(round_id=s.open_round, score=5),
        "forbidden",
    ),
    (
        "a parent closing a scaling round",
        PARENT,
        lambda s: c.CloseScalingRound(round_id=s.open_round),
        "forbidden",
    ),
    (
        "a child retiring a danger statement",
        CHILD,
        lambda s: c.RetireDangerStatement(statement_id=s.statement, reason="gone"),
        "forbidden",
    ),
    (
        "a network member setting a bottom line",
        NETWORK,
        lambda s: c.AddPlanRule(who="Everyone", what="no drinking", kind=PlanRuleKind.BOTTOM_LINE),
        "forbidden",
    ),
    (
        "a chair setting a bottom line",
        CHAIR,
        lambda s: c.AddPlanRule(who="Everyone", what="no drinking", kind=PlanRuleKind.BOTTOM_LINE),
        "forbidden",
    ),
    (
        "a teacher editing the parent's item",
        TEACHER,
        lambda s: c.EditItem(item_id=s.item, text="Kit reads"),
        "not_yours",
    ),
    (
        "a parent retiring the network member's rule",
        PARENT,
        lambda s: c.RetirePlanRule(rule_id=s.rule, reason="not needed"),
        "not_yours",
    ),
    # edit conflicts: based on a version older than the last change
    (
        "an item edit based on its first version",
        WORKER,
        lambda s: c.EditItem(item_id=s.item, text="Kit reads", based_on=s.item_added_at),
        "edit_conflict",
    ),
    (
        "a statement revision based on its first wording",
        WORKER,
        lambda s: c.ReviseDangerStatement(
            statement_id=s.statement, text="Kit may be hurt.", based_on=s.statement_written_at
        ),
        "edit_conflict",
    ),
    (
        "a rule amendment based on its first wording",
        NETWORK,
        lambda s: c.AmendPlanRule(
            rule_id=s.rule, who="Nan", what="has Kit at weekends", based_on=s.rule_added_at
        ),
        "edit_conflict",
    ),
    # things already done
    (
        "a second meeting",
        CHAIR,
        lambda s: c.OpenMeeting(kind=MeetingKind.CORE_GROUP),
        "meeting_already_open",
    ),
    (
        "an unchanged edit",
        WORKER,
        lambda s: c.EditItem(item_id=s.item, text="  Kit reads with mum every night "),
        "no_change",
    ),
    (
        "an edit that names no field",
        WORKER,
        lambda s: c.EditItem(item_id=s.item),
        "no_change",
    ),
    (
        "an edit naming the kind and source the item already has",
        WORKER,
        lambda s: c.EditItem(item_id=s.item, kind=ItemKind.JUDGEMENT, source=""),
        "no_change",
    ),
    (
        "an amendment that names no field",
        NETWORK,
        lambda s: c.AmendPlanRule(rule_id=s.rule),
        "no_change",
    ),
    (
        "an amendment naming only the words the rule already has",
        NETWORK,
        lambda s: c.AmendPlanRule(rule_id=s.rule, what=" has Kit on Fridays and Saturdays "),
        "no_change",
    ),
    (
        "an amendment naming only a blank who",
        NETWORK,
        lambda s: c.AmendPlanRule(rule_id=s.rule, who=BLANK),
        "empty_text",
    ),
    (
        "an amendment naming only addresses, one retired",
        NETWORK,
        lambda s: c.AmendPlanRule(rule_id=s.rule, addresses=(s.statement, s.retired_statement)),
        "statement_retired",
    ),
    (
        "opening the case again",
        WORKER,
        lambda s: c.OpenCase(child_name="Kit", family_name="Test"),
        "case_already_open",
    ),
]


@pytest.mark.parametrize(("why", "by", "make", "code"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_bad_command_is_refused_and_records_nothing(
    scene: Scene, why: str, by: Author, make: Callable[[Scene], c.Command], code: str
) -> None:
    assert_refused(scene.app, scene.case_id, make(scene), by, code)


def test_the_edges_of_the_limits_are_accepted(scene: Scene) -> None:
    """The refusals above are at the limit's edge: one less is fine (so they are precise)."""
    app, case_id = scene.app, scene.case_id
    exactly = "y" * TEXT_LIMIT
    (added,) = app.execute(case_id, c.AddItem(domain=Domain.HARM, text=f"  {exactly}\n"), PARENT)
    assert added.fact.text == exactly  # type: ignore[attr-defined]
    for score in (0, 10):
        (vote,) = app.execute(case_id, c.CastVote(round_id=scene.open_round, score=score), TEACHER)
        assert vote.fact.score == score  # type: ignore[attr-defined]
    name = "z" * NAME_LIMIT
    opened = app.open_case(name, name, Framework.WELLBEING, WORKER)
    assert app.board(opened).child_name == name
    assert_refused(
        app, uuid4(), c.OpenCase(child_name=name + "z", family_name="Test"), WORKER, "text_too_long"
    )


def test_scaling_questions_that_are_refused(scene: Scene) -> None:
    app, case_id = scene.app, scene.case_id

    def question(question: str, zero: str, ten: str, on: str | None = None) -> c.Command:
        return c.OpenScalingRound(
            question=question, zero_means=zero, ten_means=ten, statement_id=on
        )

    assert_refused(app, case_id, question("How safe?", "a", "b"), CHAIR, "round_still_open")
    app.execute(case_id, c.CloseScalingRound(round_id=scene.open_round), CHAIR)
    assert_refused(app, case_id, question(BLANK, "a", "b"), CHAIR, "empty_text")
    assert_refused(app, case_id, question("How safe?", "", "b"), CHAIR, "empty_text")
    assert_refused(app, case_id, question("How safe?", "a", LONG), CHAIR, "text_too_long")
    retired = question("How safe?", "a", "b", on=scene.retired_statement)
    assert_refused(app, case_id, retired, CHAIR, "statement_retired")
    missing = question("How safe?", "a", "b", on="no-such-statement")
    assert_refused(app, case_id, missing, CHAIR, "statement_not_found")
    (opened,) = app.execute(case_id, question("How safe?", "a", "b", on=scene.statement), CHAIR)
    assert opened.fact.statement_id == scene.statement  # type: ignore[attr-defined]


def test_an_unknown_domain_is_refused_on_the_wire_and_by_decide(scene: Scene) -> None:
    good = b'{"type": "add_item", "domain": "harm", "text": "Kit was hurt"}'
    assert msgspec.json.decode(good, type=AnyCommand) == c.AddItem(
        domain=Domain.HARM, text="Kit was hurt"
    )
    bad = b'{"type": "add_item", "domain": "worries_in_general", "text": "Kit was hurt"}'
    with pytest.raises(msgspec.ValidationError, match=r"\$\.domain"):
        msgspec.json.decode(bad, type=AnyCommand)

    # A command built in code is not checked by msgspec; decide must check it, or an
    # event the store can never decode again would be recorded.
    built = c.AddItem(domain="worries_in_general", text="Kit was hurt")  # type: ignore[arg-type]
    board = scene.app.board(scene.case_id)
    ctx = Context(by=PARENT, new_id=lambda: "new-item")
    with pytest.raises(CommandRefused) as refusal:
        decide(board, built, ctx)
    assert refusal.value.code == "invalid_command"
    assert "domain" in refusal.value.message
    assert_refused(scene.app, scene.case_id, built, PARENT, "invalid_command")
    moved = c.MoveItem(item_id=scene.item, domain="elsewhere")  # type: ignore[arg-type]
    assert_refused(scene.app, scene.case_id, moved, PARENT, "invalid_command")
    wrong_kind = c.AddItem(domain=Domain.HARM, text="x", kind="rumour")  # type: ignore[arg-type]
    assert_refused(scene.app, scene.case_id, wrong_kind, PARENT, "invalid_command")
    not_a_number = c.CastVote(round_id=scene.open_round, score="5")  # type: ignore[arg-type]
    assert_refused(scene.app, scene.case_id, not_a_number, PARENT, "invalid_command")

    # A domain given as its plain string value is the domain itself, not a stranger.
    as_string = c.AddItem(domain="harm", text="Kit was hurt", kind=ItemKind.FACT)  # type: ignore[arg-type]
    (event,) = decide(board, as_string, ctx)
    assert event.domain is Domain.HARM  # type: ignore[attr-defined]


def test_a_stale_expected_position_is_refused(scene: Scene) -> None:
    app, case_id = scene.app, scene.case_id
    head = app.store.head(case_id)
    command = c.AddItem(domain=Domain.EXISTING_SAFETY, text="Nan collects Kit")
    refusal = assert_refused(
        app, case_id, command, NETWORK, "stale_position", expected_position=head - 1
    )
    assert str(head) in refusal.message
    assert_refused(app, case_id, command, NETWORK, "stale_position", expected_position=head + 1)
    # At the head itself it is accepted.
    (event,) = app.execute(case_id, command, NETWORK, expected_position=head)
    assert event.position == head + 1


def test_commands_on_a_case_that_does_not_exist_are_refused(scene: Scene) -> None:
    app = scene.app
    missing = uuid4()
    for by, command in [
        (PARENT, c.AddItem(domain=Domain.HARM, text="Kit was hurt")),
        (WORKER, c.WriteDangerStatement(text="We are worried.")),
        (CHAIR, c.OpenMeeting(kind=MeetingKind.ICPC)),
        (PARENT, c.CastVote(round_id=scene.open_round, score=5)),  # a round of another case
        (NETWORK, c.AddPlanRule(who="Nan", what="has Kit on Fridays")),
    ]:
        assert_refused(app, missing, command, by, "case_not_found")
    assert app.store.head(missing) == 0
    assert list(app.store.read(missing)) == []
    assert missing not in app.store.case_ids()
    assert scene.case_id in app.store.case_ids()


def test_locked_words_and_undo_are_refused_precisely(scene: Scene) -> None:
    app, case_id = scene.app, scene.case_id
    assert_refused(app, case_id, c.Undo(), OBSERVER, "forbidden")
    assert_refused(app, case_id, c.Undo(), CHILD, "nothing_to_undo")  # Kit changed nothing
    # The worker's last undoable change wrote the statement the manager then retired.
    assert_refused(app, case_id, c.Undo(), WORKER, "changed_since")

    (revised,) = app.execute(
        case_id, c.ReviseDangerStatement(statement_id=scene.statement, text="Agreed."), CHAIR
    )
    lock = c.LockStatement(statement_id=scene.statement)
    assert_refused(app, case_id, lock, WORKER, "forbidden")
    app.execute(case_id, lock, CHAIR)
    assert_refused(app, case_id, lock, CHAIR, "no_change")
    revise = c.ReviseDangerStatement(statement_id=scene.statement, text="Other words.")
    assert_refused(app, case_id, revise, WORKER, "statement_locked")
    retire = c.RetireDangerStatement(statement_id=scene.statement, reason="Done.")
    assert_refused(app, case_id, retire, MANAGER, "statement_locked")
    assert_refused(app, case_id, c.Undo(), CHAIR, "statement_locked")

    view = c.RecordFamilyView(statement_id=scene.statement, text="We do not agree.")
    assert_refused(app, case_id, view, WORKER, "forbidden")
    retired_view = c.RecordFamilyView(statement_id=scene.retired_statement, text="No.")
    assert_refused(app, case_id, retired_view, PARENT, "statement_retired")
    app.execute(case_id, view, PARENT)  # the family's view is kept even while locked
    assert_refused(app, case_id, view, PARENT, "no_change")

    # Unlocked, the chair's undo puts the earlier words back, as a new event.
    app.execute(case_id, c.UnlockStatement(statement_id=scene.statement), CHAIR)
    (undone,) = app.execute(case_id, c.Undo(), CHAIR)
    assert undone.fact.undoes == revised.position
    assert app.board(case_id).danger_statements[scene.statement].text == "We worry Kit is hurt."


# -- an edit changes only the fields it names ----------------------------------------


def test_an_edit_naming_only_the_text_keeps_the_kind_and_source(scene: Scene) -> None:
    app, case_id = scene.app, scene.case_id
    item = _created(
        app.execute(
            case_id,
            c.AddItem(domain=Domain.HARM, text="Late twice", kind=ItemKind.FACT, source="school"),
            TEACHER,
        )
    )
    (edited,) = app.execute(case_id, c.EditItem(item_id=item, text="Late three times"), TEACHER)
    # The recorded fact still carries the whole new version (events are forever).
    assert edited.fact == ItemEdited(
        item_id=item, text="Late three times", kind=ItemKind.FACT, source="school"
    )
    now = app.board(case_id).items[item]
    assert (now.text, now.kind, now.source) == ("Late three times", ItemKind.FACT, "school")

    # The kind alone, then the source alone (blanked on purpose): the rest stays.
    app.execute(case_id, c.EditItem(item_id=item, kind=ItemKind.JUDGEMENT), TEACHER)
    app.execute(case_id, c.EditItem(item_id=item, source=""), TEACHER)
    now = app.board(case_id).items[item]
    assert (now.text, now.kind, now.source) == ("Late three times", ItemKind.JUDGEMENT, "")
    # A stale edit of one field is still refused, not merged.
    stale = c.EditItem(item_id=item, source="police", based_on=edited.position)
    assert_refused(app, case_id, stale, TEACHER, "edit_conflict")


def test_an_amendment_naming_only_what_keeps_when_and_addresses(scene: Scene) -> None:
    app, case_id = scene.app, scene.case_id
    rule = _created(
        app.execute(
            case_id,
            c.AddPlanRule(
                who="Gran Pat",
                what="collects Kit from school",
                when="every Friday",
                addresses=(scene.statement,),
            ),
            NETWORK,
        )
    )
    amend = c.AmendPlanRule(rule_id=rule, what="collects Kit and walks her home")
    (amended,) = app.execute(case_id, amend, NETWORK)
    assert amended.fact == PlanRuleAmended(
        rule_id=rule,
        who="Gran Pat",
        what="collects Kit and walks her home",
        when="every Friday",
        addresses=(scene.statement,),
        person_ids=(),  # the whole rule: it names nobody of the network
    )
    now = app.board(case_id).plan[rule]
    assert (now.who, now.what, now.when, now.addresses) == (
        "Gran Pat",
        "collects Kit and walks her home",
        "every Friday",
        (scene.statement,),
    )

    # Named empty, a field is cleared: the time, then what it addresses.
    app.execute(case_id, c.AmendPlanRule(rule_id=rule, when=""), NETWORK)
    app.execute(case_id, c.AmendPlanRule(rule_id=rule, addresses=()), NETWORK)
    now = app.board(case_id).plan[rule]
    assert (now.what, now.when, now.addresses) == ("collects Kit and walks her home", "", ())
    stale = c.AmendPlanRule(rule_id=rule, who="Nan", based_on=amended.position)
    assert_refused(app, case_id, stale, NETWORK, "edit_conflict")


def test_an_amendment_keeps_addressing_a_statement_retired_since(scene: Scene) -> None:
    """Left out, the addresses are kept as they are, even one retired since (they are
    not checked again, so the words of an old rule can still be amended)."""
    app, case_id = scene.app, scene.case_id
    written = app.execute(case_id, c.WriteDangerStatement(text="Kit may be left alone."), WORKER)
    statement = _created(written)
    add = c.AddPlanRule(who="Nan", what="stays with Kit", addresses=(statement,))
    rule = _created(app.execute(case_id, add, NETWORK))
    app.execute(case_id, c.RetireDangerStatement(statement_id=statement, reason="Done."), WORKER)
    app.execute(case_id, c.AmendPlanRule(rule_id=rule, what="stays with Kit overnight"), NETWORK)
    assert app.board(case_id).plan[rule].addresses == (statement,)


# -- what a command created -----------------------------------------------------------


def test_the_ids_a_command_created_are_named(scene: Scene) -> None:
    app, case_id = scene.app, scene.case_id

    def created(by: Author, command: c.Command) -> list[str]:
        return created_ids(event.fact for event in app.execute(case_id, command, by))

    (item,) = created(PARENT, c.AddItem(domain=Domain.HARM, text="Kit was hurt"))
    assert app.board(case_id).items[item].text == "Kit was hurt"
    assert created(PARENT, c.MoveItem(item_id=item, domain=Domain.DANGER)) == []
    app.execute(case_id, c.CloseScalingRound(round_id=scene.open_round), CHAIR)
    question = c.OpenScalingRound(question="How safe?", zero_means="hurt", ten_means="safe")
    (round_id,) = created(CHAIR, question)
    assert app.board(case_id).scaling_rounds[round_id].is_open
    (meeting_closed,) = app.execute(case_id, c.CloseMeeting(), CHAIR)
    assert created_ids([meeting_closed.fact]) == []
    # Opening a meeting records two facts; only the meeting is new.
    (meeting,) = created(CHAIR, c.OpenMeeting(kind=MeetingKind.CORE_GROUP))
    assert app.board(case_id).open_meeting_id == meeting
    (person,) = created(WORKER, c.AddPerson(name="Uncle Joe", role=Role.NETWORK_MEMBER))
    assert app.board(case_id).people[person].name == "Uncle Joe"
