"""The safety plan, rule by rule; every rule says which danger statements it addresses."""

from __future__ import annotations

from board.commands.base import (
    Command,
    CommandRefused,
    Context,
    checked_text,
    refuse_unless_own_or_staff,
)
from board.commands.mapping import refuse_if_changed_since
from board.commands.statements import current_danger_statement
from board.events import Fact, PlanRuleAdded, PlanRuleAmended, PlanRuleRetired
from board.practice import PlanRuleKind, Role
from board.projections.board import Board, PlanRule

# Bottom lines are "set by the social worker and manager" (the seeds).
BOTTOM_LINE_ROLES = frozenset({Role.SOCIAL_WORKER, Role.MANAGER})
MAX_ADDRESSED = 20


class AddPlanRule(Command, frozen=True, tag="add_plan_rule"):
    who: str
    what: str
    when: str = ""
    addresses: tuple[str, ...] = ()
    kind: PlanRuleKind = PlanRuleKind.RULE


class AmendPlanRule(Command, frozen=True, tag="amend_plan_rule"):
    """Only the fields named are changed: one left out stays as it is (`when: ""`
    clears the time; `addresses: []` addresses no statement). `based_on` as for
    `edit_item`."""

    rule_id: str
    who: str | None = None
    what: str | None = None
    when: str | None = None
    addresses: tuple[str, ...] | None = None
    based_on: int | None = None


class RetirePlanRule(Command, frozen=True, tag="retire_plan_rule"):
    rule_id: str
    reason: str


def _addressed(board: Board, addresses: tuple[str, ...]) -> tuple[str, ...]:
    if len(addresses) > MAX_ADDRESSED:
        raise CommandRefused("too_many", f"A rule can address at most {MAX_ADDRESSED} statements.")
    for statement_id in addresses:
        current_danger_statement(board, statement_id)
    return tuple(dict.fromkeys(addresses))  # keep order, drop repeats


def _current_rule(board: Board, rule_id: str) -> PlanRule:
    rule = board.plan.get(rule_id)
    if rule is None:
        raise CommandRefused("rule_not_found", "There is no such rule in the safety plan.")
    if rule.retired:
        raise CommandRefused("rule_retired", "That rule has been retired from the safety plan.")
    return rule


def add_plan_rule(board: Board, command: AddPlanRule, ctx: Context) -> list[Fact]:
    if command.kind is PlanRuleKind.BOTTOM_LINE and ctx.by.role not in BOTTOM_LINE_ROLES:
        raise CommandRefused(
            "forbidden", "Bottom lines are set by the social worker and their manager."
        )
    return [
        PlanRuleAdded(
            rule_id=ctx.new_id(),
            kind=command.kind,
            who=checked_text("who", command.who),
            what=checked_text("what", command.what),
            when=checked_text("when", command.when, required=False),
            addresses=_addressed(board, command.addresses),
        )
    ]


def amend_plan_rule(board: Board, command: AmendPlanRule, ctx: Context) -> list[Fact]:
    rule = _current_rule(board, command.rule_id)
    refuse_unless_own_or_staff(ctx, rule.added.by, "rule")
    refuse_if_changed_since(rule.changed, command.based_on, f"{rule.who}: {rule.what}")
    # The fact carries the whole new rule: what the amendment leaves out, as it was.
    amended = PlanRuleAmended(
        rule_id=rule.rule_id,
        who=rule.who if command.who is None else checked_text("who", command.who),
        what=rule.what if command.what is None else checked_text("what", command.what),
        when=rule.when
        if command.when is None
        else checked_text("when", command.when, required=False),
        addresses=rule.addresses
        if command.addresses is None
        else _addressed(board, command.addresses),
    )
    if (amended.who, amended.what, amended.when, amended.addresses) == (
        rule.who,
        rule.what,
        rule.when,
        rule.addresses,
    ):
        raise CommandRefused("no_change", "The rule already reads like that.")
    return [amended]


def retire_plan_rule(board: Board, command: RetirePlanRule, ctx: Context) -> list[Fact]:
    rule = _current_rule(board, command.rule_id)
    refuse_unless_own_or_staff(ctx, rule.added.by, "rule")
    return [PlanRuleRetired(rule_id=rule.rule_id, reason=checked_text("reason", command.reason))]
