"""Random but valid case histories for property tests.

`write_random_case(data, app, steps)` opens a case and then, step by step, looks at
the board as it stands, lists the commands that are valid on it, lets hypothesis
choose one (and its words, people and targets), and executes it. Every chosen
command must be accepted: a refusal fails the test, because it means either a rule
refuses something the practice allows or this generator misreads the board.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from hypothesis import strategies as st

from board import commands as c
from board.application.service import BoardApplication
from board.events import Author, Stroke
from board.practice import (
    BOTTOM_LINE_LIMIT,
    DRAWING_COLOURS,
    DRAWING_SIZE,
    FAMILY_AND_NETWORK,
    MEETING_KINDS,
    PROFESSIONALS_ONLY,
    STAFF_ROLES,
    Domain,
    Framework,
    House,
    ItemKind,
    MeetingKind,
    PlanRuleKind,
    Role,
    SourceKind,
)
from board.projections.board import SHAREABLE, Board, Item, PlanRule, ScalingRound
from board.projections.entities import ChildView, Person, SafetyGoal
from board.projections.visibility import for_professionals_only
from board.storage.store import CaseStore
from board.text import text_problem

CHAIR = Author("t-chair", "Chris (chair)", Role.CHAIR)
WORKER = Author("t-worker", "Wendy (social worker)", Role.SOCIAL_WORKER)
MANAGER = Author("t-manager", "Mo (manager)", Role.MANAGER)
PARENT = Author("t-parent", "Pat (mum)", Role.PARENT)
NETWORK = Author("t-network", "Nan", Role.NETWORK_MEMBER)
CHILD = Author("t-child", "Kit", Role.CHILD)
TEACHER = Author("t-teacher", "Ms Teach (school)", Role.PROFESSIONAL)
OBSERVER = Author("t-observer", "Olly (student)", Role.OBSERVER)

STAFF = [CHAIR, WORKER, MANAGER]
PARTICIPANTS = [CHAIR, WORKER, MANAGER, PARENT, NETWORK, CHILD, TEACHER]  # not observers
BOTTOM_LINE_AUTHORS = [WORKER, MANAGER]
# Who may write each kind of rule that not everyone may (board.commands.safety_plan).
KIND_AUTHORS = {
    PlanRuleKind.BOTTOM_LINE: BOTTOM_LINE_AUTHORS,
    PlanRuleKind.CONTINGENCY: STAFF,
    PlanRuleKind.PROFESSIONALS: [*STAFF, TEACHER],
}
FAMILY = [PARENT, NETWORK, CHILD]
# An undo may be refused because of what happened since; never for another reason.
UNDO_REFUSALS = frozenset({"changed_since", "statement_locked", "statement_retired"})

# Words people might type: letters, digits, punctuation and some non-ASCII, never only
# spaces or invisible characters, and no direction overrides (the rules refuse those,
# and that is tested on its own elsewhere: test_hostile_text.py).
words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=24,
).filter(
    lambda text: bool(text.strip()) and text_problem("", text.strip(), multiline=False) is None
)


class StepClock:
    """Each event a second after the last, so times are distinct and increasing."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def counting_ids(prefix: str = "id") -> Callable[[], str]:
    numbers = itertools.count(1)
    return lambda: f"{prefix}{next(numbers):05d}"


def random_app(store_url: str, snapshot_every: int = 250) -> BoardApplication:
    return BoardApplication(
        CaseStore(store_url),
        clock=StepClock(),
        make_id=counting_ids(),
        snapshot_every=snapshot_every,
    )


Step = Callable[[st.DataObject, Board], tuple[c.Command, Author]]


class _Writer:
    def __init__(self) -> None:
        self.counter = itertools.count(1)

    def fresh(self, data: st.DataObject) -> str:
        """New words, distinct from every earlier wording (so an edit is never a no-op)."""
        return f"{data.draw(words)} #{next(self.counter)}"

    # -- who may change what ---------------------------------------------------

    @staticmethod
    def owner_or_staff(data: st.DataObject, author: Author) -> Author:
        allowed = [*STAFF, author] if author.role not in STAFF_ROLES else STAFF
        return data.draw(st.sampled_from(allowed))

    @staticmethod
    def addresses(data: st.DataObject, board: Board) -> tuple[str, ...]:
        current = [s.statement_id for s in board.current_danger_statements()]
        if not current:
            return ()
        return tuple(data.draw(st.lists(st.sampled_from(current), max_size=3)))

    # -- the steps ---------------------------------------------------------------

    def open_meeting(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        kind = data.draw(st.sampled_from(MEETING_KINDS[board.framework]))
        title = data.draw(st.one_of(st.just(""), words))
        # Now and then any kind of meeting is marked for professionals only.
        marked = data.draw(st.sampled_from([False, False, False, True]))
        return c.OpenMeeting(kind=kind, title=title, professionals_only=marked), CHAIR

    # -- who a thing is for: shares, and the steps after a professionals' meeting -----

    def share(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        thing_id = data.draw(st.sampled_from(_shareable(board)))
        how = data.draw(st.sampled_from(["at the family network meeting", "by phone with Esi"]))
        shared_on = data.draw(st.one_of(st.none(), st.just(date(2026, 1, 2))))
        command = c.ShareWithFamily(thing_id=thing_id, how=how, shared_on=shared_on)
        return command, data.draw(st.sampled_from(STAFF))

    def family_told(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        meeting_id = data.draw(st.sampled_from(_closed_in_camera(board)))
        on = date(2031, 1, data.draw(st.integers(1, 28)))
        if data.draw(st.booleans()):
            return c.RecordFamilyTold(meeting_id=meeting_id, told_on=on, how="by phone"), WORKER
        return c.RecordOutcomeDiscussed(meeting_id=meeting_id, discussed_on=on), WORKER

    @staticmethod
    def _absent(board: Board) -> list[Author]:
        """People not in the open meeting who may be: staff join themselves; others are
        let in, except to a professionals-only meeting if they are family or network."""
        meeting = board.open_meeting
        assert meeting is not None
        return [
            p
            for p in [*PARTICIPANTS, OBSERVER]
            if (
                p.participant_id not in meeting.participants
                or not meeting.participants[p.participant_id].present
            )
            and not (meeting.professionals_only and p.role in FAMILY_AND_NETWORK)
        ]

    def admit(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        person = data.draw(st.sampled_from(self._absent(board)))
        if person.role in STAFF_ROLES:
            return c.JoinMeeting(), person
        return (
            c.AdmitParticipant(
                participant_id=person.participant_id, name=person.name, role=person.role
            ),
            CHAIR,
        )

    def close_meeting(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        # At a review with no child's views the chair is asked first; here they go ahead.
        decision = data.draw(st.one_of(st.just(""), words))
        return c.CloseMeeting(decision=decision, without_child_views=True), CHAIR

    def add_item(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        command = c.AddItem(
            domain=data.draw(st.sampled_from(Domain)),
            text=data.draw(words),
            kind=data.draw(st.sampled_from(ItemKind)),
            source=data.draw(st.one_of(st.just(""), words)),
            source_kind=data.draw(st.sampled_from([k.value for k in SourceKind])),
        )
        return command, data.draw(st.sampled_from(PARTICIPANTS))

    def _item(self, data: st.DataObject, board: Board) -> Item:
        return data.draw(st.sampled_from(board.live_items()))

    def edit_item(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        item = self._item(data, board)
        based_on = data.draw(st.sampled_from([None, item.changed.position, board.position]))
        command = c.EditItem(
            item_id=item.item_id,
            text=self.fresh(data),
            kind=data.draw(st.sampled_from(ItemKind)),
            source=item.source,
            source_kind=data.draw(
                st.one_of(st.none(), st.sampled_from([k.value for k in SourceKind]))
            ),
            based_on=based_on,
        )
        return command, self.owner_or_staff(data, item.added.by)

    def move_item(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        item = self._item(data, board)
        domain = data.draw(st.sampled_from([d for d in Domain if d is not item.domain]))
        return c.MoveItem(item_id=item.item_id, domain=domain), self.owner_or_staff(
            data, item.added.by
        )

    def remove_item(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        item = self._item(data, board)
        return c.RemoveItem(item_id=item.item_id), self.owner_or_staff(data, item.added.by)

    def confirm_item(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        item = data.draw(st.sampled_from(_confirmable(board)))
        return c.ConfirmItem(item_id=item.item_id), data.draw(st.sampled_from(STAFF))

    def no_longer_true(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        item = self._item(data, board)
        command = c.MarkItemNoLongerTrue(item_id=item.item_id, reason=data.draw(words))
        return command, data.draw(st.sampled_from(STAFF))

    def write_danger(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        return c.WriteDangerStatement(text=data.draw(words)), data.draw(st.sampled_from(STAFF))

    def _statement_id(self, data: st.DataObject, board: Board) -> str:
        return data.draw(
            st.sampled_from([s.statement_id for s in board.current_danger_statements()])
        )

    def _unlocked_statement_id(self, data: st.DataObject, board: Board) -> str:
        return data.draw(st.sampled_from(_unlocked_statements(board)))

    def revise_danger(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        statement = board.danger_statements[self._unlocked_statement_id(data, board)]
        command = c.ReviseDangerStatement(
            statement_id=statement.statement_id,
            text=self.fresh(data),
            based_on=data.draw(st.sampled_from([None, statement.changed.position])),
        )
        return command, data.draw(st.sampled_from(STAFF))

    def retire_danger(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        command = c.RetireDangerStatement(
            statement_id=self._unlocked_statement_id(data, board), reason=data.draw(words)
        )
        return command, data.draw(st.sampled_from(STAFF))

    def pair_goal(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        command = c.PairSafetyGoal(
            statement_id=self._statement_id(data, board), text=data.draw(words)
        )
        return command, data.draw(st.sampled_from(STAFF))

    def revise_goal(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        goal = data.draw(st.sampled_from(_revisable_goals(board)))
        command = c.ReviseSafetyGoal(goal_id=goal, text=self.fresh(data))
        return command, data.draw(st.sampled_from(STAFF))

    def lock(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        return c.LockStatement(statement_id=data.draw(st.sampled_from(_lockable(board)))), CHAIR

    def unlock(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        statement_id = data.draw(st.sampled_from(_unlockable(board)))
        return c.UnlockStatement(statement_id=statement_id), CHAIR

    def family_view(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        statement = board.danger_statements[self._statement_id(data, board)]
        person = data.draw(st.sampled_from(FAMILY))
        had_a_view = person.participant_id in statement.family_views
        text = data.draw(st.sampled_from(["", "new"])) if had_a_view else "new"
        text = self.fresh(data) if text == "new" else ""  # "" withdraws their view
        return c.RecordFamilyView(statement_id=statement.statement_id, text=text), person

    def undo(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        """Someone with something to undo tries to; a refusal with an undo reason (it
        changed since, or was locked) is fine: `UNDO_REFUSALS`."""
        people = [p for p in PARTICIPANTS if board.undo_steps.get(p.participant_id)]
        return c.Undo(), data.draw(st.sampled_from(people))

    def write_harm(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        return c.WriteHarmStatement(text=data.draw(words)), data.draw(st.sampled_from(STAFF))

    def revise_harm(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        statement_id = data.draw(st.sampled_from(list(board.harm_statements)))
        command = c.ReviseHarmStatement(statement_id=statement_id, text=self.fresh(data))
        return command, data.draw(st.sampled_from(STAFF))

    def open_round(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        current = [s.statement_id for s in board.current_danger_statements()]
        statement_id = data.draw(st.sampled_from([None, *current]))
        # Two questions only, so rounds often share a question across meetings.
        question = data.draw(st.sampled_from(["How safe is Kit at home?", "How safe at school?"]))
        command = c.OpenScalingRound(
            question=question,
            zero_means="Kit will be hurt",
            ten_means="Safe enough to close",
            statement_id=statement_id,
        )
        return command, CHAIR

    def cast_vote(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        scaling_round = _open_round(board)
        voter = data.draw(st.sampled_from(PARTICIPANTS))
        command = c.CastVote(
            round_id=scaling_round.round_id,
            score=data.draw(st.integers(0, 10)),
            narrative=self.fresh(data),
        )
        return command, voter

    def vote_for(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        scaling_round = _open_round(board)
        person = data.draw(st.sampled_from(_not_scaled(board, scaling_round))).person_id
        command = c.RecordVoteFor(
            round_id=scaling_round.round_id,
            person_id=person,
            score=data.draw(st.integers(0, 10)),
            narrative=self.fresh(data),
        )
        return command, WORKER

    def reveal(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        scaling_round = _open_round(board)
        choices = [not scaling_round.show_names] if scaling_round.revealed else [True, False]
        show_names = data.draw(st.sampled_from(choices))
        return c.RevealVotes(round_id=scaling_round.round_id, show_names=show_names), CHAIR

    def close_round(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        return c.CloseScalingRound(round_id=_open_round(board).round_id), CHAIR

    def add_rule(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        bottom_lines = [r for r in board.current_plan() if r.kind is PlanRuleKind.BOTTOM_LINE]
        kinds = [
            k
            for k in PlanRuleKind
            if k is not PlanRuleKind.BOTTOM_LINE or len(bottom_lines) < BOTTOM_LINE_LIMIT
        ]
        kind = data.draw(st.sampled_from(kinds))
        authors = KIND_AUTHORS.get(kind, PARTICIPANTS)
        command = c.AddPlanRule(
            who=data.draw(words),
            what=data.draw(words),
            when=data.draw(st.one_of(st.just(""), words)),
            addresses=self.addresses(data, board),
            kind=kind,
        )
        return command, data.draw(st.sampled_from(authors))

    def _rule(self, data: st.DataObject, board: Board) -> PlanRule:
        return data.draw(st.sampled_from(board.current_plan()))

    def amend_rule(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        rule = self._rule(data, board)
        command = c.AmendPlanRule(
            rule_id=rule.rule_id,
            who=rule.who,
            what=self.fresh(data),
            when=rule.when,
            addresses=self.addresses(data, board),
            based_on=data.draw(st.sampled_from([None, rule.changed.position])),
        )
        return command, self.owner_or_staff(data, rule.added.by)

    def agree_rule(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        rule = data.draw(st.sampled_from(board.proposals()))
        what = data.draw(st.one_of(st.none(), words))
        return c.AgreePlanRule(rule_id=rule.rule_id, what=what), data.draw(st.sampled_from(STAFF))

    def set_aside_rule(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        rule = data.draw(st.sampled_from(board.proposals()))
        command = c.SetAsidePlanRule(rule_id=rule.rule_id, reason=data.draw(words))
        return command, data.draw(st.sampled_from(STAFF))

    def child_view(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        drawing = data.draw(
            st.lists(
                st.builds(
                    Stroke,
                    st.sampled_from(sorted(DRAWING_COLOURS)),
                    st.lists(st.integers(0, DRAWING_SIZE), min_size=1, max_size=6).map(
                        lambda xs: tuple(xs + xs)  # an even number of points
                    ),
                ),
                max_size=3,
            )
        )
        command = c.RecordChildView(
            house=data.draw(st.sampled_from(House)),
            text=data.draw(st.one_of(st.just(""), words)) if drawing else data.draw(words),
            drawing=tuple(drawing),
            # Now and then "just for my worker": the child's own channel.
            kept_for_professionals=data.draw(st.sampled_from([False, False, True])),
        )
        return command, data.draw(st.sampled_from([CHILD, WORKER, CHAIR]))

    def child_agrees(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        view = data.draw(st.sampled_from(_kept_views(board)))
        # The child says yes for a view they wrote; staff record a yes for any.
        by = [CHILD, *STAFF] if view.recorded.by.participant_id == CHILD.participant_id else STAFF
        how = data.draw(st.sampled_from(["", "at a home visit"]))
        return c.AgreeToShareChildView(view_id=view.view_id, how=how), data.draw(
            st.sampled_from(by)
        )

    def retire_rule(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        rule = self._rule(data, board)
        command = c.RetirePlanRule(rule_id=rule.rule_id, reason=data.draw(words))
        return command, self.owner_or_staff(data, rule.added.by)

    # -- the case's course: dates, next steps, the trajectory --------------------------

    def record_strategy(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        # Before any conference (the rule refuses one after the initial conference).
        return c.RecordStrategyDiscussion(
            held_on=date(2020, 1, data.draw(st.integers(1, 31)))
        ), WORKER

    def record_afterwards(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        # A meeting held away from the board on the day the case opened (never in the
        # future, never before), with one of the case's people.
        kind = data.draw(
            st.sampled_from(
                [k for k in MEETING_KINDS[board.framework] if k not in PROFESSIONALS_ONLY]
            )
        )
        person = data.draw(st.sampled_from(board.current_people())).person_id
        assert board.opened_on is not None
        return c.RecordMeetingAfterwards(
            kind=kind, held_on=board.opened_on, took_part=(person,), outcome=data.draw(words)
        ), WORKER

    def mapping_shared(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        return c.RecordMappingShared(shared_on=date(2030, 1, data.draw(st.integers(1, 31)))), WORKER

    def agree_step(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        owner = data.draw(st.sampled_from(board.current_people())).person_id
        due = date(2031, 1, 1) + timedelta(days=data.draw(st.integers(0, 400)))
        return c.AgreeNextStep(text=data.draw(words), owner=owner, due=due), data.draw(
            st.sampled_from(STAFF)
        )

    def mark_step(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        step = data.draw(st.sampled_from(list(board.next_steps.values())))
        return c.MarkNextStep(step_id=step.step_id, done=not step.done), WORKER

    def agree_milestone(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        return c.AgreeMilestone(text=data.draw(words), target=date(2032, 6, 1)), WORKER

    def submit_report(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        # A partner agency's report for a meeting still to come (E72): for professionals
        # only until it is shared, wherever it is recorded.
        held_icpc = any(m.kind is MeetingKind.ICPC for m in board.meetings.values())
        kinds = [
            k for k in MEETING_KINDS[board.framework] if not (held_icpc and k is MeetingKind.ICPC)
        ]
        return c.SubmitAgencyReport(
            agency=data.draw(st.sampled_from(["Police", "School", "Health"])),
            author=data.draw(words),
            text=data.draw(words),
            for_meeting=data.draw(st.sampled_from(kinds)),
            meeting_on=date(2099, 1, data.draw(st.integers(1, 28))),
        ), data.draw(st.sampled_from(STAFF))

    def map_report(self, data: st.DataObject, board: Board) -> tuple[c.Command, Author]:
        report = data.draw(st.sampled_from(list(board.agency_reports.values())))
        return c.MapReportPoint(
            report_id=report.report_id,
            domain=data.draw(st.sampled_from(Domain)),
            text=data.draw(words),
        ), CHAIR

    def valid_steps(self, board: Board) -> list[Step]:
        """The steps that make sense on this board (each is then always accepted)."""
        steps: list[Step] = [self.add_item, self.write_danger, self.write_harm, self.add_rule]
        meeting = board.open_meeting
        if meeting is None:
            steps.append(self.open_meeting)
        else:
            steps.append(self.close_meeting)
            if self._absent(board):
                steps.append(self.admit)
        if board.live_items():
            steps += [self.edit_item, self.move_item, self.remove_item]
            if meeting is not None:
                steps.append(self.no_longer_true)
        if _confirmable(board):
            steps.append(self.confirm_item)
        if board.current_danger_statements():
            steps += [self.pair_goal, self.family_view]
        if _unlocked_statements(board):
            steps += [self.revise_danger, self.retire_danger]
        if _lockable(board):
            steps.append(self.lock)
        if _unlockable(board):
            steps.append(self.unlock)
        if any(board.undo_steps.get(p.participant_id) for p in PARTICIPANTS):
            steps += [self.undo, self.undo]
        if _revisable_goals(board):
            steps.append(self.revise_goal)
        if board.harm_statements:
            steps.append(self.revise_harm)
        scaling_round = _open_round_or_none(board)
        if scaling_round is None:
            steps.append(self.open_round)
        else:
            steps += [self.cast_vote, self.cast_vote, self.close_round]  # votes twice as likely
            if _not_scaled(board, scaling_round):
                steps.append(self.vote_for)
            if scaling_round.votes:
                steps.append(self.reveal)
        if board.current_plan():
            steps += [self.amend_rule, self.retire_rule]
        steps.append(self.agree_milestone)
        steps.append(self.submit_report)
        if board.agency_reports:
            steps.append(self.map_report)
        # The course's dates are refused in a meeting for professionals only.
        if meeting is None or not meeting.professionals_only:
            steps.append(self.mapping_shared)
            if not any(m.kind is MeetingKind.ICPC for m in board.meetings.values()):
                steps.append(self.record_strategy)
        if board.current_people():
            steps.append(self.agree_step)
            if meeting is None:
                steps.append(self.record_afterwards)
        if board.next_steps:
            steps.append(self.mark_step)
        if board.proposals():
            steps += [self.agree_rule, self.set_aside_rule]
        if board.children and not (meeting is not None and meeting.professionals_only):
            steps.append(self.child_view)
        if meeting is None or not meeting.professionals_only:
            if _shareable(board):
                steps += [self.share, self.share]
            if _closed_in_camera(board):
                steps.append(self.family_told)
            if _kept_views(board):
                steps += [self.child_agrees, self.child_agrees]
        return steps


def _kept_views(board: Board) -> list[ChildView]:
    """Children's views kept for the professionals, not yet agreed to be shared."""
    return [v for v in board.child_views.values() if v.kept_for_professionals and not v.agreed]


def _shareable(board: Board) -> list[str]:
    """Things for professionals only that staff may share (a goal goes with its
    statement, so it is shared on its own only when its statement is everyone's)."""
    found = []
    for collection in SHAREABLE:
        for key, thing in getattr(board, collection).items():
            if thing.shared is not None or not for_professionals_only(board, collection, thing):
                continue
            if getattr(thing, "kept_for_professionals", False):
                continue  # the child's to share
            if isinstance(thing, SafetyGoal):
                statement = board.danger_statements.get(thing.statement_id)
                if statement is not None and for_professionals_only(
                    board, "danger_statements", statement
                ):
                    continue
            found.append(key)
    return found


def _closed_in_camera(board: Board) -> list[str]:
    return [
        m.meeting_id
        for m in board.meetings.values()
        if m.professionals_only and m.closed is not None
    ]


def _confirmable(board: Board) -> list[Item]:
    """Items the room may agree are still true: in a meeting, not already this one."""
    if board.open_meeting_id is None:
        return []
    return [
        item
        for item in board.live_items()
        if item.confirmed is None or item.confirmed.meeting_id != board.open_meeting_id
    ]


def _revisable_goals(board: Board) -> list[str]:
    current = {s.statement_id for s in board.current_danger_statements()}
    return [
        g.goal_id for g in board.safety_goals.values() if g.statement_id in current and not g.locked
    ]


def _unlocked_statements(board: Board) -> list[str]:
    return [s.statement_id for s in board.current_danger_statements() if not s.locked]


def _lockable(board: Board) -> list[str]:
    """Current danger statements and any safety goals, not locked yet."""
    goals = [g.goal_id for g in board.safety_goals.values() if not g.locked]
    return _unlocked_statements(board) + goals


def _unlockable(board: Board) -> list[str]:
    statements = [s.statement_id for s in board.current_danger_statements() if s.locked]
    return statements + [g.goal_id for g in board.safety_goals.values() if g.locked]


def _not_scaled(board: Board, scaling_round: ScalingRound) -> list[Person]:
    """The case's people a worker may record a score for: not staff, not yet scaled, and
    no family in a meeting for professionals only."""
    meeting = board.open_meeting
    in_camera = meeting is not None and meeting.professionals_only
    return [
        p
        for p in board.current_people()
        if p.role not in STAFF_ROLES
        and p.person_id not in scaling_round.votes
        and not (in_camera and p.role in FAMILY_AND_NETWORK)
    ]


def _open_round_or_none(board: Board) -> ScalingRound | None:
    return next((r for r in board.scaling_rounds.values() if r.is_open), None)


def _open_round(board: Board) -> ScalingRound:
    found = _open_round_or_none(board)
    assert found is not None
    return found


def write_random_case(data: st.DataObject, app: BoardApplication, max_steps: int = 40) -> UUID:
    """Open a case and run between 0 and `max_steps` random valid commands on it."""
    framework = data.draw(st.sampled_from(Framework))
    case_id = app.open_case("Kit", "the Test family", framework, WORKER)
    if data.draw(st.booleans()):  # a case with a child on it can hear from the child
        app.execute(case_id, c.AddChild(name="Kit", age=7), WORKER)
    writer = _Writer()
    for _ in range(data.draw(st.integers(0, max_steps))):
        board = app.board(case_id)
        step = data.draw(st.sampled_from(writer.valid_steps(board)))
        command, by = step(data, board)
        meeting = board.open_meeting
        in_camera = meeting is not None and meeting.professionals_only
        if in_camera and by.role not in STAFF_ROLES:
            # The writer refuses any guest's command while a meeting for professionals
            # only is open (board.application.writer): no history holds one.
            continue
        if not isinstance(command, c.Undo) and not in_camera:
            app.execute(case_id, command, by)
            continue
        # An undo may be refused because of what happened since, and in a meeting for
        # professionals only nothing the family has seen may change: both refusals leave
        # the stream as it was.
        allowed = (UNDO_REFUSALS if isinstance(command, c.Undo) else set()) | (
            {"shared_with_family"} if in_camera else set()
        )
        try:
            app.execute(case_id, command, by)
        except c.CommandRefused as refusal:
            assert refusal.code in allowed, refusal.message
            assert app.store.head(case_id) == board.position
    return case_id
