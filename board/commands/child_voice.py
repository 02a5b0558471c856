"""The child's voice: their Three Houses, in their own words, and their drawings.

A child adds to their houses from their own phone; a worker can write down what a child
told them ("Lily told me…"). A child's voice is there to be shared with the family, so
nothing goes in a child's houses in a meeting for professionals only; but it is the
child's: they may keep a view for their worker (the professionals) only, until they
agree to share it with the room. Only the child agrees, from their own phone, or staff
record that they did; never a parent, nor another child.
"""

from __future__ import annotations

from datetime import date

from board.commands.base import Command, CommandRefused, Context, checked_text
from board.events import (
    ChildAgreedToShare,
    ChildViewRecorded,
    Fact,
    RulePutInChildsWords,
    Stroke,
)
from board.practice import (
    DRAWING_COLOURS,
    DRAWING_POINT_LIMIT,
    DRAWING_SIZE,
    DRAWING_STROKE_LIMIT,
    PICTURES,
    STAFF_ROLES,
    House,
    Role,
    plan_words,
)
from board.projections.board import Board

# Who may write in a child's houses: the child, or a worker on their behalf.
CHILD_VOICE_ROLES = STAFF_ROLES | {Role.CHILD}


class RecordChildView(Command, frozen=True, tag="record_child_view"):
    """Put something in a child's house of worries, good things or dreams. `child_id`:
    which child (may be left out when the case has one child). `drawing`: strokes, each
    a colour and its points flat (x0, y0, x1, y1, …) on a square DRAWING_SIZE a side.
    `how`: for a worker writing it down, how the child said it ("at a home visit").
    `kept_for_professionals`: "just for my worker": kept for the professionals only
    until the child agrees to share it (AgreeToShareChildView)."""

    house: House
    text: str = ""
    child_id: str = ""
    drawing: tuple[Stroke, ...] = ()
    how: str = ""
    kept_for_professionals: bool = False


def _child(board: Board, child_id: str) -> str:
    if child_id:
        if child_id not in board.children:
            raise CommandRefused("child_not_found", "There is no such child in this case.")
        return child_id
    if len(board.children) == 1:
        return next(iter(board.children))
    if not board.children:
        raise CommandRefused("child_not_found", "This case has no child on it yet.")
    raise CommandRefused("which_child", "Please say which child this is from.")


def checked_drawing(drawing: tuple[Stroke, ...]) -> tuple[Stroke, ...]:
    """The drawing, or a refusal that names the limit it is over."""
    if len(drawing) > DRAWING_STROKE_LIMIT:
        raise CommandRefused(
            "drawing_too_big",
            f"The drawing has {len(drawing)} lines; the most it can hold is "
            f"{DRAWING_STROKE_LIMIT}.",
        )
    points = sum(len(stroke.points) // 2 for stroke in drawing)
    if points > DRAWING_POINT_LIMIT:
        raise CommandRefused(
            "drawing_too_big",
            f"The drawing has {points} points; the most it can hold is {DRAWING_POINT_LIMIT}.",
        )
    for stroke in drawing:
        if stroke.colour not in DRAWING_COLOURS:
            raise CommandRefused(
                "bad_drawing", f"A drawing's colours are {', '.join(DRAWING_COLOURS)}."
            )
        if len(stroke.points) < 2 or len(stroke.points) % 2:
            raise CommandRefused("bad_drawing", "Each line of a drawing needs x and y points.")
        if any(not 0 <= p <= DRAWING_SIZE for p in stroke.points):
            raise CommandRefused("bad_drawing", f"A drawing's points are from 0 to {DRAWING_SIZE}.")
    return drawing


def record_child_view(board: Board, command: RecordChildView, ctx: Context) -> list[Fact]:
    meeting = board.open_meeting
    if meeting is not None and meeting.professionals_only:
        raise CommandRefused(
            "professionals_only",
            "A child's houses are shared with the family, so nothing is added to them in "
            "a meeting for professionals only.",
        )
    drawing = checked_drawing(command.drawing)
    text = checked_text("text", command.text, required=not drawing)
    if ctx.by.role is Role.CHILD:
        how = checked_text("how", command.how, required=False)
    else:
        # A worker writes down what a child told them: say how it was heard.
        how = checked_text("how", command.how, required=False) or "told a worker"
    return [
        ChildViewRecorded(
            view_id=ctx.new_id(),
            child_id=_child(board, command.child_id),
            house=command.house,
            text=text,
            drawing=drawing,
            how=how,
            kept_for_professionals=command.kept_for_professionals,
        )
    ]


class AgreeToShareChildView(Command, frozen=True, tag="agree_to_share_child_view"):
    """The child agrees that a view they kept for the professionals only is shared
    with the room. Sent by the child from their phone (for a view they wrote), or by
    staff recording the child's agreement: `how` ("Lily said yes at the home visit"),
    `agreed_on` the day, when it was not today."""

    view_id: str
    how: str = ""
    agreed_on: date | None = None


def agree_to_share_child_view(
    board: Board, command: AgreeToShareChildView, ctx: Context
) -> list[Fact]:
    view = board.child_views.get(command.view_id)
    if view is None:
        raise CommandRefused("view_not_found", "There is no such view in a child's houses.")
    if ctx.by.role is Role.CHILD and view.recorded.by.participant_id != ctx.by.participant_id:
        # A child speaks for their own views; what a worker wrote down, the worker
        # records the child's yes to.
        raise CommandRefused(
            "not_the_child",
            "Only the child who kept this can say yes to sharing it, or their worker for them.",
        )
    if not view.kept_for_professionals:
        raise CommandRefused(
            "not_kept", "This was never kept just for the workers: everyone can see it already."
        )
    if view.agreed is not None:
        raise CommandRefused("already_agreed", "The child already said yes to sharing this.")
    meeting = board.open_meeting
    if meeting is not None and meeting.professionals_only:
        raise CommandRefused(
            "professionals_only",
            "This meeting is for professionals only: record the child's yes after it closes.",
        )
    how = checked_text("how", command.how, required=False, multiline=False)
    if ctx.by.role is not Role.CHILD and not how:
        how = "told a worker"
    return [ChildAgreedToShare(view_id=view.view_id, how=how, agreed_on=command.agreed_on)]


class PutRuleInChildsWords(Command, frozen=True, tag="put_rule_in_childs_words"):
    """For the child's Words and Pictures plan: a rule of the plan in the child's own
    words, with one of the pictures (`picture`) or the child's own drawing."""

    rule_id: str
    text: str
    child_id: str = ""
    picture: str = ""
    drawing: tuple[Stroke, ...] = ()


def put_rule_in_childs_words(
    board: Board, command: PutRuleInChildsWords, ctx: Context
) -> list[Fact]:
    rule = board.plan.get(command.rule_id)
    if rule is None or not rule.in_plan:
        raise CommandRefused(
            "rule_not_found", f"There is no such rule in the {plan_words(board.framework)}."
        )
    if command.picture and command.picture not in PICTURES:
        raise CommandRefused("no_such_picture", f"The pictures are: {', '.join(PICTURES)}.")
    if command.picture and command.drawing:
        raise CommandRefused("picture_or_drawing", "Choose a picture or a drawing, not both.")
    return [
        RulePutInChildsWords(
            rule_id=rule.rule_id,
            child_id=_child(board, command.child_id),
            text=checked_text("text", command.text),
            picture=command.picture,
            drawing=checked_drawing(command.drawing),
        )
    ]
