"""The course of a case outside child protection, each in its own rhythm (seed 002):
family wellbeing (flow chart 7), looked after, and fostering. None shows another's
steps; where the documents give no number of days the step says so and is "as agreed".
Each counts from the day the case came into its framework (`framework_since`), so a
child protection case that becomes looked after starts its new rhythm that day.
"""

from __future__ import annotations

from datetime import date

from board.practice import MEETING_NAMES, MeetingKind
from board.projections.board import Board
from board.projections.course_steps import Step, held_on, meetings_since, step
from board.timescales import (
    NO_NUMBER,
    PERMANENCY_PLANNING_AGE,
    carer_visit_due,
    keyworker_visit_due,
    permanency_planning_due,
    wellbeing_review_due,
)


def wellbeing_steps(board: Board, today: date) -> list[Step]:
    """FC7: the keyworker "arranges initial wellbeing planning meeting"; "visits the
    family regularly (minimum 4 weekly)"; "review wellbeing planning meetings (every 3
    months minimum)"; "An ending meeting is held, the case is closed"."""
    planning = meetings_since(board, (MeetingKind.WELLBEING_PLANNING,))
    ending = next(iter(meetings_since(board, (MeetingKind.ENDING,))), None)
    first = planning[0] if planning else None
    steps = [
        step(
            "Initial wellbeing planning meeting",
            "arranged by the family keyworker after the wellbeing assessment, with the "
            "family and the partner agencies around them",
            None,
            first,
            today,
            as_agreed=True,
            note=None if first else NO_NUMBER,
        )
    ]
    last_visit = board.case_dates.keyworker_visit
    counted_from = max(
        (d for d in (last_visit, held_on(first) if first else None) if d is not None),
        default=None,
    )
    if ending is None:
        steps.append(
            step(
                "The family keyworker's next visit",
                "at least every four weeks",
                keyworker_visit_due(counted_from) if counted_from else None,
                None,
                today,
                note=(
                    f"Last visit: {last_visit.day} {last_visit:%B %Y}."
                    if last_visit
                    else "No visit recorded yet: record the last visit below."
                ),
            )
        )
    for number, review in enumerate(planning[1:]):
        steps.append(
            step(
                "Review wellbeing planning meeting",
                "every three months at least, to measure progress and update the plan",
                wellbeing_review_due(held_on(planning[number])),
                review,
                today,
            )
        )
    if first is not None and ending is None:
        steps.append(
            step(
                "Review wellbeing planning meeting",
                "every three months at least, to measure progress and update the plan",
                wellbeing_review_due(held_on(planning[-1])),
                None,
                today,
            )
        )
    steps.append(
        step(
            MEETING_NAMES[MeetingKind.ENDING],
            "when the family reach their goals: the case closes and a closure letter is sent",
            None,
            ending,
            today,
            as_agreed=True,
            note=None if ending else NO_NUMBER,
        )
    )
    return steps


def _looked_after_since(board: Board) -> date | None:
    return board.case_dates.looked_after or board.framework_since


def _permanency_planning(board: Board, today: date) -> list[Step]:
    """Fostering: "regular permanency planning meetings take place for all looked after
    children 11 years plus from eight weeks after they become looked after"."""
    if not any(
        c.age is not None and c.age >= PERMANENCY_PLANNING_AGE for c in board.children.values()
    ):
        return []
    since = _looked_after_since(board)
    held = next(iter(meetings_since(board, (MeetingKind.PERMANENCY_PLANNING,))), None)
    return [
        step(
            "First permanency planning meeting",
            "for a child of 11 or over, from eight weeks after they became looked after "
            "(then regularly: the documents give no number)",
            permanency_planning_due(since) if since else None,
            held,
            today,
            note=None if since else "Record the day the child became looked after below.",
        )
    ]


def _placement_planning(board: Board, today: date) -> Step:
    """FC5 note: a child protection safety plan "must be reviewed at the placement
    planning meeting / first review ... e.g. 'foster carer will…' instead of 'mother
    will…'"."""
    held = next(iter(meetings_since(board, (MeetingKind.PLACEMENT_PLANNING,))), None)
    return step(
        MEETING_NAMES[MeetingKind.PLACEMENT_PLANNING],
        "when the child is placed: the plan is reviewed, and who does each rule",
        None,
        held,
        today,
        as_agreed=True,
        note=None if held else NO_NUMBER,
    )


def looked_after_steps(board: Board, today: date) -> list[Step]:
    """The looked after bottom lines: "A permanence plan is developed for every child by
    the child's second looked after children's review"; "The looked after review is the
    child's meeting". The documents give no interval between reviews."""
    reviews = meetings_since(board, (MeetingKind.LOOKED_AFTER_REVIEW,))
    steps = [_placement_planning(board, today)]
    for number, review in enumerate(reviews):
        steps.append(
            step(
                "Looked after child review" if number else "First looked after child review",
                "the child's meeting, which they may chair",
                None,
                review,
                today,
            )
        )
    steps.append(
        step(
            "Next looked after child review" if reviews else "First looked after child review",
            "the child's meeting, which they may chair",
            None,
            None,
            today,
            as_agreed=True,
            note=NO_NUMBER,
        )
    )
    made = board.case_dates.permanence_plan
    second = held_on(reviews[1]) if len(reviews) > 1 else None
    steps.append(
        step(
            "Permanence plan",
            "by the child's second looked after review",
            second,
            made,
            today,
            before=second,
            before_words="Not done by the second review",
            as_agreed=True,
            note=None if made or second else "Due by the second review, whenever it is held.",
        )
    )
    steps.extend(_permanency_planning(board, today))
    return steps


def stability_steps(board: Board, today: date) -> list[Step]:
    """Fostering: "Whenever difficulties arise that might impact on stability, a placement
    stability meetings is arranged as soon as possible"; "we update the safe care plan";
    "We visit carers on a monthly basis"."""
    stability = meetings_since(board, (MeetingKind.PLACEMENT_STABILITY,))
    steps = [
        step(
            MEETING_NAMES[MeetingKind.PLACEMENT_STABILITY],
            "as soon as possible whenever difficulties arise that might affect the "
            "placement; it always involves the child, and updates the safe care plan",
            None,
            meeting,
            today,
        )
        for meeting in stability
    ]
    steps.append(
        step(
            "Next placement stability meeting"
            if stability
            else MEETING_NAMES[MeetingKind.PLACEMENT_STABILITY],
            "as soon as possible whenever difficulties arise that might affect the placement",
            None,
            None,
            today,
            as_agreed=True,
            note=NO_NUMBER,
        )
    )
    visited = board.case_dates.carer_visit
    since = visited or _looked_after_since(board)
    steps.append(
        step(
            "Visit to the foster carers",
            "every month",
            carer_visit_due(since) if since else None,
            None,
            today,
            note=(
                f"Last visit: {visited.day} {visited:%B %Y}."
                if visited
                else "No visit recorded yet: record the last visit below."
            ),
        )
    )
    steps.extend(_permanency_planning(board, today))
    return steps
