"""Plain-text read-outs of the board and of a comparison, for the terminal.

Written to be read aloud by a chair: whole words, the family's names, no codes.
What people typed is shown through `visible`: a control character in it (a newline,
an escape sequence) is written out, never sent raw to the terminal, and each line of
the read-out stays one line.
"""

from __future__ import annotations

from board.practice import (
    COLUMN_DOMAINS,
    COLUMN_HEADINGS,
    MEETING_NAMES,
    PLAN_RULE_NAMES,
    Framework,
    danger_statement_words,
    domain_heading,
    harm_statement_words,
    plan_words,
    safety_goal_words,
    scale_words,
)
from board.projections.addressing import addressing, addressing_words
from board.projections.board import Board, Item, PlanRule, Stamp
from board.projections.diff import BoardDiff, QuestionMovement, RuleChange, StatementChange
from board.projections.family_plan import rule_said
from board.projections.scaling import scaling_results
from board.projections.wording import day, named, source_aside, when_in_case, with_reason
from board.text import visible


def _source(item: Item) -> str:
    """ "from police", "from a professional: school", "observed", "source not said"."""
    return source_aside(item.source_kind, item.source) or "source not said"


def _when(stamp: Stamp | None) -> str:
    return f"{day(stamp.at)}, {stamp.at:%H:%M}" if stamp else "still open"


def _score(value: float | None) -> str:
    if value is None:
        return "no score"
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _rule_line(rule: PlanRule, board: Board) -> str:
    numbers = [
        str(board.danger_statement_number(s))
        for s in rule.addresses
        if s in board.danger_statements
    ]
    line = f"{PLAN_RULE_NAMES[rule.kind]}: {rule_said(rule.who, rule.what, rule.when, rule.kind)}"
    if numbers:
        words = danger_statement_words(board.framework)
        plural = "s" if len(numbers) > 1 else ""
        line += f" (addresses {words}{plural} {' and '.join(numbers)})"
    return line


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def board_text(board: Board) -> str:
    fw = board.framework
    lines = [
        f"The board for {board.child_name} ({board.family_name}): "
        + when_in_case(board, board.position, board.at),
    ]
    for meeting in sorted(board.meetings.values(), key=lambda m: m.opened.position):
        lines.append(
            f"  {MEETING_NAMES[meeting.kind]}: {_when(meeting.opened)}"
            f" \u2192 {_when(meeting.closed)}"
        )
    for column, domains in COLUMN_DOMAINS.items():
        lines += ["", COLUMN_HEADINGS[column].upper()]
        for domain in domains:
            lines.append(f"  {domain_heading(fw, domain)}")
            for item in board.items_in(domain):
                lines.append(f"    - {item.text} [{item.kind.value}; {_source(item)}]")
    # Harm statements first, in the conference's order: what happened, then what we fear.
    if board.harm_statements:
        lines += ["", harm_statement_words(fw).heading.upper()]
        lines += [f"  \u2022 {h.text}" for h in board.harm_statements.values()]
    lines += ["", f"{danger_statement_words(fw).upper()}S AND {safety_goal_words(fw).upper()}S"]
    for statement in board.current_danger_statements():
        number = board.danger_statement_number(statement.statement_id)
        lines.append(f"  {number}. {statement.text}")
        goals = board.goals_for(statement.statement_id)
        for goal in goals:
            lines.append(f"    {safety_goal_words(fw).capitalize()}: {goal.text}")
        if not goals:
            lines.append(f"    ! No {safety_goal_words(fw)} yet")
        found = addressing(board, statement.statement_id)
        lines.append(f"    {'' if found.addressed else '! '}{addressing_words(found)}")
    lines += ["", scale_words(fw).upper()]
    for result in scaling_results(board):
        held_at = board.meetings.get(result.meeting_id or "")
        if held_at is not None:
            lines.append(
                f"  At the {MEETING_NAMES[held_at.kind].lower()}, {_when(held_at.opened)}:"
            )
        lines.append(f"  {result.question} (0 = {result.zero_means}; 10 = {result.ten_means})")
        for vote in result.votes:
            lines.append(
                with_reason(f"    {named(vote.name, vote.role)}: {vote.score}", vote.narrative)
            )
        lines.append(f"    Middle score: {_score(result.median)}")
    lines += ["", plan_words(fw).upper()]
    for rule in board.current_plan():
        lines.append(f"  \u2022 {_rule_line(rule, board)}")
    return _joined(lines)


def _joined(lines: list[str]) -> str:
    """One line of the read-out per line, whatever the texts in them hold."""
    return "\n".join(visible(line) for line in lines)


def _statement_lines(change: StatementChange, fw: Framework) -> list[str]:
    noun = {
        "danger_statement": danger_statement_words(fw),
        "safety_goal": safety_goal_words(fw),
        "harm_statement": "harm statement",
    }[change.what].capitalize()
    if change.change == "written":
        return [f"  New {noun.lower()}: \u201c{change.new_text}\u201d"]
    if change.change == "retired":
        return [f"  {noun} retired: \u201c{_short(change.new_text)}\u201d"] + (
            [f"    Because: {change.reason}"] if change.reason.strip() else []
        )
    return [
        f"  {noun} reworded.",
        f"    It said: \u201c{change.old_text}\u201d",
        f"    It now says: \u201c{change.new_text}\u201d",
    ]


def _movement_line(movement: QuestionMovement) -> list[str]:
    lines = [
        f"  {movement.question}",
        f"    Middle score: {_score(movement.median_before)} \u2192 {_score(movement.median_after)}",
    ]
    for person in movement.people:
        before = "did not scale" if person.before is None else str(person.before)
        after = "did not scale" if person.after is None else str(person.after)
        lines.append(f"    {named(person.name, person.role)}: {before} \u2192 {after}")
    return lines


def _rule_change_lines(change: RuleChange, board: Board) -> list[str]:
    if change.change == "added":
        return [f"  Added \u2014 {_rule_line(change.new, board)}"]
    if change.change == "retired":
        reason = change.new.retired_reason.strip()
        return [f"  Retired \u2014 {_rule_line(change.new, board)}"] + (
            [f"      Because: {reason}"] if reason else []
        )
    assert change.old is not None
    return [
        f"  Changed \u2014 it said: {_rule_line(change.old, board)}",
        f"      It now says: {_rule_line(change.new, board)}",
    ]


def diff_text(comparison: BoardDiff, after: Board, before_name: str, after_name: str) -> str:
    fw = after.framework
    lines = [f"What changed for {after.child_name} between {before_name} and {after_name}"]
    if comparison.is_empty:
        return visible(lines[0]) + "\n\nNothing changed."
    lines += ["", "THE MAPPING"]
    for domain_diff in comparison.domains:
        if domain_diff.is_empty:
            continue
        lines.append(f"  {domain_heading(fw, domain_diff.domain)}")
        lines += [f"    + Added: {i.text}" for i in domain_diff.added]
        lines += [
            with_reason(f"    - No longer true: {i.text}", after.items[i.item_id].no_longer_true)
            if after.items.get(i.item_id) and after.items[i.item_id].no_longer_true
            else f"    - Taken off: {i.text}"
            for i in domain_diff.removed
        ]
        lines += [
            f"    \u2192 Moved here from {domain_heading(fw, m.from_domain)}: {m.item.text}"
            for m in domain_diff.moved_in
        ]
        lines += [
            f"    ~ Reworded: \u201c{c.old_text}\u201d \u2192 \u201c{c.new_text}\u201d"
            for c in domain_diff.changed
            if c.old_text != c.new_text
        ]
    if comparison.statements:
        lines += ["", "STATEMENTS AND GOALS"]
        for statement_change in comparison.statements:
            lines += _statement_lines(statement_change, fw)
    if comparison.scaling:
        lines += ["", "SCALING"]
        for movement in comparison.scaling:
            lines += _movement_line(movement)
    if comparison.plan:
        lines += ["", f"THE {plan_words(fw).upper()}"]
        for rule_change in comparison.plan:
            lines += _rule_change_lines(rule_change, after)
    return _joined(lines)
