"""The safety plan, rule by rule; every rule says which danger statements it addresses.

The plan is the family's: a rule a family member or anyone else not on the staff
suggests is a proposal until the chair or worker agrees it with the room (as it reads,
or changed first) or sets it aside with a reason. Bottom lines are the social worker's
and their manager's, and few; the contingency plan is the local authority's.
"""

from __future__ import annotations

from board.commands.base import (
    Command,
    CommandRefused,
    Context,
    checked_text,
    refuse_unless_own_or_staff,
)
from board.commands.mapping import refuse_if_changed_since
from board.commands.people import person_or_refuse
from board.commands.statements import current_danger_statement
from board.events import (
    Fact,
    PlanRuleAdded,
    PlanRuleAgreed,
    PlanRuleAmended,
    PlanRuleRetired,
    PlanRuleSetAside,
)
from board.practice import (
    BOTTOM_LINE_LIMIT,
    PLAN_RULE_NAMES,
    STAFF_ROLES,
    PlanRuleKind,
    Role,
    plan_words,
    together,
)
from board.projections.board import Board, PlanRule
from board.projections.visibility import hidden_ids

# Bottom lines are "set by the social worker and manager" (the seeds).
BOTTOM_LINE_ROLES = frozenset({Role.SOCIAL_WORKER, Role.MANAGER})
# The contingency plan is the local authority's: staff write it.
CONTINGENCY_ROLES = STAFF_ROLES
# What professionals will do: staff, or the professionals themselves (as proposals).
PROFESSIONALS_PART_ROLES = STAFF_ROLES | {Role.PROFESSIONAL}
# A bottom line or the contingency plan is a condition, not a task: "who" may be empty.
WHO_OPTIONAL = frozenset({PlanRuleKind.BOTTOM_LINE, PlanRuleKind.CONTINGENCY})
MAX_ADDRESSED = 20
MAX_PEOPLE = 12


class AddPlanRule(Command, frozen=True, tag="add_plan_rule"):
    """From staff, a rule in the plan; from anyone else, a proposal for the room to
    agree. `person_ids`: the people of the case's network the "who" names."""

    who: str
    what: str
    when: str = ""
    addresses: tuple[str, ...] = ()
    kind: PlanRuleKind = PlanRuleKind.RULE
    person_ids: tuple[str, ...] = ()


class AmendPlanRule(Command, frozen=True, tag="amend_plan_rule"):
    """Only the fields named are changed: one left out stays as it is (`when: ""`
    clears the time; `addresses: []` addresses no statement). `based_on` as for
    `edit_item`."""

    rule_id: str
    who: str | None = None
    what: str | None = None
    when: str | None = None
    addresses: tuple[str, ...] | None = None
    person_ids: tuple[str, ...] | None = None
    based_on: int | None = None


class RetirePlanRule(Command, frozen=True, tag="retire_plan_rule"):
    rule_id: str
    reason: str


class AgreePlanRule(Command, frozen=True, tag="agree_plan_rule"):
    """The room agrees a proposed rule. Any field named changes it first ("change, then
    agree"); the others stay as suggested."""

    rule_id: str
    who: str | None = None
    what: str | None = None
    when: str | None = None
    addresses: tuple[str, ...] | None = None
    person_ids: tuple[str, ...] | None = None


class SetAsidePlanRule(Command, frozen=True, tag="set_aside_plan_rule"):
    """The room does not take a proposal into the plan; the reason is kept."""

    rule_id: str
    reason: str


def _addressed(board: Board, addresses: tuple[str, ...]) -> tuple[str, ...]:
    if len(addresses) > MAX_ADDRESSED:
        raise CommandRefused("too_many", f"A rule can address at most {MAX_ADDRESSED} statements.")
    for statement_id in addresses:
        current_danger_statement(board, statement_id)
    return tuple(dict.fromkeys(addresses))  # keep order, drop repeats


def _people(board: Board, person_ids: tuple[str, ...]) -> tuple[str, ...]:
    if len(person_ids) > MAX_PEOPLE:
        raise CommandRefused("too_many", f"A rule can name at most {MAX_PEOPLE} people.")
    for person_id in person_ids:
        person_or_refuse(board, person_id)
    return tuple(dict.fromkeys(person_ids))


def _who(board: Board, kind: PlanRuleKind, who: str, person_ids: tuple[str, ...]) -> str:
    """The "who" as written, or (left empty) the names of the people chosen."""
    text = checked_text("who", who, required=False)
    if not text and person_ids:
        return together([board.people[p].name.split(" (", 1)[0] for p in person_ids])
    if not text and kind not in WHO_OPTIONAL:
        raise CommandRefused("empty_text", "Please write something for 'who'.")
    return text


def _current_rule(board: Board, rule_id: str) -> PlanRule:
    rule = board.plan.get(rule_id)
    if rule is None:
        raise CommandRefused(
            "rule_not_found", f"There is no such rule in the {plan_words(board.framework)}."
        )
    if rule.retired:
        raise CommandRefused(
            "rule_retired", f"That rule has been retired from the {plan_words(board.framework)}."
        )
    if rule.set_aside:
        raise CommandRefused("rule_set_aside", "That suggestion was set aside by the room.")
    return rule


def _refuse_kind_for_role(board: Board, kind: PlanRuleKind, ctx: Context) -> None:
    role = ctx.by.role
    if kind is PlanRuleKind.BOTTOM_LINE:
        if role not in BOTTOM_LINE_ROLES:
            raise CommandRefused(
                "forbidden", "Bottom lines are set by the social worker and their manager."
            )
        bottom_lines = [r for r in board.current_plan() if r.kind is PlanRuleKind.BOTTOM_LINE]
        if len(bottom_lines) >= BOTTOM_LINE_LIMIT:
            raise CommandRefused(
                "too_many",
                f"The plan already has {len(bottom_lines)} bottom lines, the most it keeps "
                "(bottom lines are kept to a minimum). Retire one first.",
            )
    elif kind is PlanRuleKind.CONTINGENCY and role not in CONTINGENCY_ROLES:
        raise CommandRefused(
            "forbidden", "The contingency plan is the local authority's: a worker writes it."
        )
    elif kind is PlanRuleKind.PROFESSIONALS and role not in PROFESSIONALS_PART_ROLES:
        raise CommandRefused(
            "forbidden",
            f"'{PLAN_RULE_NAMES[kind]}' is written by the professionals. "
            "Suggest a rule for the family's plan instead.",
        )


def add_plan_rule(board: Board, command: AddPlanRule, ctx: Context) -> list[Fact]:
    _refuse_kind_for_role(board, command.kind, ctx)
    people = _people(board, command.person_ids)
    return [
        PlanRuleAdded(
            rule_id=ctx.new_id(),
            kind=command.kind,
            who=_who(board, command.kind, command.who, people),
            what=checked_text("what", command.what),
            when=checked_text("when", command.when, required=False),
            addresses=_addressed(board, command.addresses),
            person_ids=people,
            proposed=not ctx.is_staff,
        )
    ]


def _out_of_sight(board: Board, ids: tuple[str, ...], ctx: Context) -> tuple[str, ...]:
    """Of a rule's references, those the sender may not see (a statement, a person for
    professionals only). A guest's screen cannot show them, so the list a guest sends
    back never holds them: they are kept, never dropped by the guest's change."""
    if ctx.is_staff:
        return ()
    hidden = hidden_ids(board, ids)
    return tuple(i for i in ids if i in hidden)


def _amended(
    board: Board, rule: PlanRule, command: AmendPlanRule | AgreePlanRule, ctx: Context
) -> PlanRuleAmended:
    """The fact carries the whole new rule: what the command leaves out, as it was."""
    people = (
        rule.person_ids
        if command.person_ids is None
        else tuple(
            dict.fromkeys(
                _people(board, command.person_ids) + _out_of_sight(board, rule.person_ids, ctx)
            )
        )
    )
    # A "who" left empty is the names of the people chosen: a guest's, those they see.
    hidden_people = _out_of_sight(board, people, ctx)
    named = tuple(p for p in people if p not in hidden_people)
    return PlanRuleAmended(
        rule_id=rule.rule_id,
        who=rule.who if command.who is None else _who(board, rule.kind, command.who, named),
        what=rule.what if command.what is None else checked_text("what", command.what),
        when=rule.when
        if command.when is None
        else checked_text("when", command.when, required=False),
        addresses=rule.addresses
        if command.addresses is None
        else tuple(
            dict.fromkeys(
                _addressed(board, command.addresses) + _out_of_sight(board, rule.addresses, ctx)
            )
        ),
        person_ids=people,
    )


def _unchanged(amended: PlanRuleAmended, rule: PlanRule) -> bool:
    return (amended.who, amended.what, amended.when, amended.addresses, amended.person_ids) == (
        rule.who,
        rule.what,
        rule.when,
        rule.addresses,
        rule.person_ids,
    )


def amend_plan_rule(board: Board, command: AmendPlanRule, ctx: Context) -> list[Fact]:
    rule = _current_rule(board, command.rule_id)
    refuse_unless_own_or_staff(ctx, rule.added.by, "rule")
    refuse_if_changed_since(rule.changed, command.based_on, f"{rule.who}: {rule.what}")
    amended = _amended(board, rule, command, ctx)
    if _unchanged(amended, rule):
        raise CommandRefused("no_change", "The rule already reads like that.")
    return [amended]


def retire_plan_rule(board: Board, command: RetirePlanRule, ctx: Context) -> list[Fact]:
    rule = _current_rule(board, command.rule_id)
    refuse_unless_own_or_staff(ctx, rule.added.by, "rule")
    return [PlanRuleRetired(rule_id=rule.rule_id, reason=checked_text("reason", command.reason))]


def _proposal(board: Board, rule_id: str) -> PlanRule:
    rule = _current_rule(board, rule_id)
    if not rule.proposed:
        raise CommandRefused(
            "already_agreed",
            f"That rule is already agreed: it is part of the {plan_words(board.framework)}.",
        )
    return rule


def agree_plan_rule(board: Board, command: AgreePlanRule, ctx: Context) -> list[Fact]:
    rule = _proposal(board, command.rule_id)
    amended = _amended(board, rule, command, ctx)
    changed: list[Fact] = [] if _unchanged(amended, rule) else [amended]
    return [*changed, PlanRuleAgreed(rule_id=rule.rule_id)]


def set_aside_plan_rule(board: Board, command: SetAsidePlanRule, ctx: Context) -> list[Fact]:
    rule = _proposal(board, command.rule_id)
    return [PlanRuleSetAside(rule_id=rule.rule_id, reason=checked_text("reason", command.reason))]
