"""The family's copy of the plan: each rule a plain sentence, grouped by person.

Pure functions of the board, so the fridge plan, the phone's "your part" and the
conference record say a rule the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

import msgspec

from board.practice import (
    PLAN_PART_NAMES,
    PLAN_PARTS,
    PLAN_RULE_NAMES,
    STAFF_ROLES,
    PlanPart,
    PlanRuleKind,
    together,
)
from board.projections.board import Board, Person, PlanRule


def _short_name(person: Person) -> str:
    """ "Dan (Jess's partner)" is "Dan" in a sentence."""
    return person.name.split(" (", 1)[0].strip() or person.name


def named_people(board: Board, rule: PlanRule) -> list[Person]:
    """The people a rule's "who" names: those chosen, or (for rules written before people
    could be chosen) the one person whose name the "who" is."""
    if rule.person_ids:
        return [board.people[p] for p in rule.person_ids if p in board.people]
    who = rule.who.strip().casefold()
    return [
        p
        for p in board.current_people()
        if who and who in (p.name.casefold(), _short_name(p).casefold())
    ]


def _who(board: Board, rule: PlanRule) -> str:
    if rule.who:
        return rule.who
    return together([_short_name(p) for p in named_people(board, rule)])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _stands_alone(what: str, who: str) -> bool:
    """Does the "what" already say who (a name, "Lily is never…", "We…")? Then joining
    "who" in front would read "Everyone Lily is never…". A task starts with a verb in
    lower case ("calls Gran…"); a sentence of its own starts with a capital or the who."""
    return what[:1].isupper() or (bool(who) and what.casefold().startswith(who.casefold()))


def rule_said(who: str, what: str, when: str = "", kind: PlanRuleKind = PlanRuleKind.RULE) -> str:
    """A rule's words read aloud as one sentence, wherever a rule is shown (the screen,
    the record, compare, a thread, the replay): "Gran Pat has Lily to stay (every
    weekend)." Bottom lines and the contingency plan are conditions: their words stand
    alone, so "Everyone" + "Lily is never…" never reads "Everyone Lily is never…" (W1)."""
    who = who.strip()
    what = what.strip().rstrip(".")
    if kind in (PlanRuleKind.BOTTOM_LINE, PlanRuleKind.CONTINGENCY) or _stands_alone(what, who):
        sentence = what
    elif who:
        sentence = f"{who} {what}"
    else:
        sentence = what
    when = when.strip().rstrip(".")
    if when and when.casefold() not in sentence.casefold():
        sentence = f"{sentence} ({when})"
    return _capital(sentence) + "."


def rule_sentence(board: Board, rule: PlanRule) -> str:
    """The rule read aloud as one sentence, its "who" the people it names when it was
    left empty: "Gran Pat has Lily to stay on Saturday nights (every weekend)."
    """
    return rule_said(_who(board, rule), rule.what, rule.when, rule.kind)


class PlanLine(msgspec.Struct, frozen=True):
    rule_id: str
    kind: PlanRuleKind
    kind_name: str
    sentence: str


class PersonPart(msgspec.Struct, frozen=True):
    """One person's part of the plan (or a "who" that names nobody: "Whoever notices")."""

    name: str
    relationship: str
    contact: str
    safety_person: bool
    lines: list[PlanLine]


class FamilyPlan(msgspec.Struct, frozen=True):
    bottom_lines: list[PlanLine]
    people: list[PersonPart]  # the family's part, by person
    professionals: list[PlanLine]  # what professionals will do, and the contingency plan
    safety_people: list[PersonPart]  # with their contact numbers
    part_names: dict[str, str]


def _line(board: Board, rule: PlanRule) -> PlanLine:
    return PlanLine(rule.rule_id, rule.kind, PLAN_RULE_NAMES[rule.kind], rule_sentence(board, rule))


def _kind_order(rule: PlanRule) -> int:
    order = [k for kinds in PLAN_PARTS.values() for k in kinds]
    return order.index(rule.kind)


def family_plan(board: Board, contacts: Mapping[str, str] | None = None) -> FamilyPlan:
    """The plan as the family's copy shows it: bottom lines first, then each person's
    part (a rule naming two people is in both), then the professionals' part.
    `contacts`: how to reach each person, when `board` is a guest's cut (which holds
    none): the plan prints its safety people's numbers, and only theirs."""
    rules = sorted(board.current_plan(), key=_kind_order)
    parts: dict[str, tuple[str, Person | None, list[PlanLine]]] = {}
    bottom: list[PlanLine] = []
    professionals: list[PlanLine] = []
    for rule in rules:
        part = next(p for p, kinds in PLAN_PARTS.items() if rule.kind in kinds)
        if part is PlanPart.BOTTOM_LINES:
            bottom.append(_line(board, rule))
            continue
        people = named_people(board, rule)
        if part is PlanPart.PROFESSIONALS or any(p.role in STAFF_ROLES for p in people):
            professionals.append(_line(board, rule))
            continue
        # A who that names nobody ("Whoever notices") is headed by its own words.
        keys: list[tuple[str, str, Person | None]] = [(p.person_id, p.name, p) for p in people] or [
            (f"who:{rule.who.casefold()}", _capital(rule.who) or "Everyone", None)
        ]
        for key, name, person in keys:
            parts.setdefault(key, (name, person, []))[2].append(_line(board, rule))
    people_parts = [
        PersonPart(
            name=name,
            relationship=person.relationship if person else "",
            contact=(
                (contacts.get(person.person_id, "") if contacts is not None else person.contact)
                if person
                else ""
            ),
            safety_person=person is not None,
            lines=lines,
        )
        for name, person, lines in parts.values()
    ]
    return FamilyPlan(
        bottom_lines=bottom,
        people=people_parts,
        professionals=professionals,
        safety_people=[p for p in people_parts if p.safety_person],
        part_names={part.value: name for part, name in PLAN_PART_NAMES.items()},
    )


def same_words_as(board: Board, proposal: PlanRule) -> PlanRule | None:
    """A rule in the plan with the same words as this proposal (ignoring case, spaces and
    a full stop), so the room is shown it rather than agreeing it twice."""

    def words(rule: PlanRule) -> str:
        return " ".join(rule_sentence(board, rule).casefold().rstrip(".").split())

    mine = words(proposal)
    return next(
        (r for r in board.current_plan() if r.rule_id != proposal.rule_id and words(r) == mine),
        None,
    )


def own_part(board: Board, person_id: str) -> list[PlanLine]:
    """The rules that name this person: what they see as theirs on their phone."""
    return [
        _line(board, rule)
        for rule in sorted(board.current_plan(), key=_kind_order)
        if person_id in {p.person_id for p in named_people(board, rule)}
    ]
