"""A fictional demo case: Lily, six, and the Bennett family, from the family network
meeting through the initial conference and a core group to the first review.

Everyone and everything here is invented. The story follows the practice: danger
statements refined and paired with goals, the network scaling at every meeting, a
safety plan that grows rule by rule, and a review that re-maps to compare progress.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

from board import commands as c
from board.accounts import StaffAccount
from board.application import BoardApplication
from board.events import Author
from board.practice import (
    STAFF_ROLES,
    Domain,
    Framework,
    ItemKind,
    MeetingKind,
    PlanRuleKind,
    Role,
)
from board.store import CaseStore

SAM = Author("staff-sam", "Sam Reid", Role.CHAIR)  # independent conference chair
AMIRA = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
HELEN = Author("staff-helen", "Helen Ward", Role.MANAGER)
JESS = Author("p-jess", "Jess (mum)", Role.PARENT)
DAN = Author("p-dan", "Dan (Jess's partner)", Role.PARENT)
PAT = Author("p-pat", "Gran Pat", Role.NETWORK_MEMBER)
SOPHIE = Author("p-sophie", "Aunt Sophie", Role.NETWORK_MEMBER)
HUGHES = Author("p-hughes", "Ms Hughes (school)", Role.PROFESSIONAL)
OKAFOR = Author("p-okafor", "Nurse Okafor (health visitor)", Role.PROFESSIONAL)
LILY = Author("p-lily", "Lily", Role.CHILD)
# How each of Lily's people is related to her, recorded as they are first let in.
RELATIONSHIPS = {
    JESS.participant_id: "Lily's mum",
    DAN.participant_id: "Jess's partner",
    PAT.participant_id: "Lily's gran (Jess's mum)",
    SOPHIE.participant_id: "Jess's sister",
    HUGHES.participant_id: "Lily's class teacher",
    OKAFOR.participant_id: "health visitor",
    LILY.participant_id: "Lily herself",
}

SAFETY_QUESTION = (
    "On a scale of 0 to 10, how safe is Lily at home today?",
    "Lily is certain to be hurt again if nothing changes",
    "Everyone is confident Lily is safe enough for children's services to close the case",
)


class _Clock:
    """Demo time: each change a minute or two after the last, meetings weeks apart."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=2)
        return self.now

    def jump_to(self, when: datetime) -> None:
        self.now = when


def _ids() -> Iterator[str]:
    n = 0
    while True:
        n += 1
        yield f"demo{n:04d}"


class _Story:
    def __init__(self, app: BoardApplication, case_id: UUID) -> None:
        self.app = app
        self.case_id = case_id

    def do(self, by: Author, command: c.Command) -> str:
        """Run a command; return the id of what it created (if anything)."""
        events = self.app.execute(self.case_id, command, by)
        for name in ("item_id", "round_id", "rule_id", "goal_id", "meeting_id", "statement_id"):
            found = getattr(events[0].fact, name, None)
            if isinstance(found, str):
                return found
        return ""

    def meeting(self, chair: Author, kind: MeetingKind, people: list[Author]) -> None:
        """Open a meeting; staff join it themselves, the chair lets everyone else in as
        the case's people they are (the same people at every meeting)."""
        self.do(chair, c.OpenMeeting(kind=kind))
        for person in people:
            if person.role in STAFF_ROLES:
                self.do(person, c.JoinMeeting())
                continue
            self.do(
                chair,
                c.AdmitParticipant(
                    participant_id=person.participant_id,
                    name=person.name,
                    role=person.role,
                    relationship=RELATIONSHIPS.get(person.participant_id, ""),
                ),
            )

    def item(self, by: Author, domain: Domain, text: str, kind: ItemKind, source: str) -> str:
        return self.do(by, c.AddItem(domain=domain, text=text, kind=kind, source=source))

    def scale(
        self,
        chair: Author,
        statement_id: str | None,
        votes: list[tuple[Author, int, str]],
        show_names: bool = True,
    ) -> None:
        question, zero, ten = SAFETY_QUESTION
        round_id = self.do(
            chair,
            c.OpenScalingRound(
                question=question, zero_means=zero, ten_means=ten, statement_id=statement_id
            ),
        )
        for person, score, narrative in votes:
            self.do(person, c.CastVote(round_id=round_id, score=score, narrative=narrative))
        self.do(chair, c.RevealVotes(round_id=round_id, show_names=show_names))
        self.do(chair, c.CloseScalingRound(round_id=round_id))

    def rule(
        self,
        by: Author,
        who: str,
        what: str,
        when: str,
        addresses: list[str],
        kind: PlanRuleKind = PlanRuleKind.RULE,
    ) -> str:
        return self.do(
            by, c.AddPlanRule(who=who, what=what, when=when, addresses=tuple(addresses), kind=kind)
        )


def write_demo_case(store: CaseStore, start: datetime | None = None) -> UUID:
    """Write the demo case into the store and return its id."""
    clock = _Clock(start or datetime(2026, 3, 9, 9, 30, tzinfo=UTC))
    ids = _ids()
    app = BoardApplication(store, clock=clock, make_id=lambda: next(ids))
    case_id = app.open_case("Lily", "the Bennett family", Framework.SAFETY, AMIRA)
    s = _Story(app, case_id)
    s.do(AMIRA, c.AddChild(name="Lily", age=6))
    for username, who in (("amira", AMIRA), ("sam", SAM), ("helen", HELEN)):
        s.do(AMIRA, c.AllocateStaff(username=username, name=who.name, role=who.role))
    F, J = ItemKind.FACT, ItemKind.JUDGEMENT

    # -- Family network meeting, before the conference --------------------------
    s.meeting(AMIRA, MeetingKind.FAMILY_NETWORK, [JESS, DAN, PAT, SOPHIE])
    s.do(
        AMIRA,
        c.WriteHarmStatement(
            text=(
                "On 3 March police were called after neighbours heard shouting. Jess had a cut lip. "
                "Lily was in the house and told her teacher the next day that she hid under her bed."
            )
        ),
    )
    s.item(
        AMIRA,
        Domain.HARM,
        "Police called to the home on 3 March after a fight between "
        "Jess and Dan; Jess had a cut lip",
        F,
        "police",
    )
    s.item(AMIRA, Domain.HARM, "Lily hid under her bed during the fight", F, "Lily, via school")
    s.item(AMIRA, Domain.COMPLICATING_FACTORS, "Dan drinks heavily at weekends", J, "police")
    low_mood = s.item(
        OKAFOR,
        Domain.COMPLICATING_FACTORS,
        "Jess has had low mood since her father died last year",
        F,
        "health visitor",
    )
    jess_reads = s.item(
        PAT,
        Domain.EXISTING_STRENGTHS,
        "Jess loves Lily and reads with her every night",
        F,
        "Gran Pat",
    )
    gran_fridays = s.item(
        PAT,
        Domain.EXISTING_SAFETY,
        "Lily stays with Gran on Friday nights and is always picked up on time",
        F,
        "Gran Pat",
    )
    s.item(
        SOPHIE,
        Domain.EXISTING_STRENGTHS,
        "Sophie lives two streets away and sees Lily most days",
        F,
        "Aunt Sophie",
    )
    danger = s.do(
        AMIRA,
        c.WriteDangerStatement(
            text=(
                "Social workers and police are worried that Jess and Dan will fight when Dan has been "
                "drinking, while Lily is at home, and that Lily could be hurt."
            )
        ),
    )
    goal = s.do(
        AMIRA,
        c.PairSafetyGoal(
            statement_id=danger,
            text=(
                "Jess and Dan sort out arguments without shouting or hitting, and Lily is always "
                "looked after by a sober adult."
            ),
        ),
    )
    school = s.do(
        AMIRA,
        c.WriteDangerStatement(
            text=(
                "The school is worried that when Jess feels low Lily is not taken to school or given "
                "regular meals, and that Lily will fall behind and go hungry."
            )
        ),
    )
    s.scale(
        AMIRA,
        danger,
        [
            (JESS, 7, "We love her and the fight was a one-off."),
            (DAN, 6, "I know I need to cut down."),
            (PAT, 5, "I worry when Dan has had a drink."),
            (SOPHIE, 5, "Things are better when Gran is around."),
            (AMIRA, 3, "Lily was frightened and there is no plan yet."),
        ],
    )
    gran_rule = s.rule(
        PAT,
        "Gran Pat",
        "has Lily to stay on Friday and Saturday nights",
        "every weekend until the conference",
        [danger],
    )
    s.do(AMIRA, c.CloseMeeting(decision="Draft plan to take to the conference."))

    # -- Initial child protection conference ------------------------------------
    clock.jump_to(datetime(2026, 3, 24, 10, 0, tzinfo=UTC))
    s.meeting(SAM, MeetingKind.ICPC, [AMIRA, JESS, DAN, PAT, HUGHES, OKAFOR])
    s.do(
        SAM,
        c.ReviseDangerStatement(
            statement_id=danger,
            text=(
                "Social workers, police and the school are worried that if nothing changes, Jess and "
                "Dan will argue and hurt each other when Dan has been drinking, while Lily is in the "
                "house. Lily could be physically hurt, and become so frightened that she cannot settle "
                "or learn at school."
            ),
        ),
    )
    s.do(
        SAM,
        c.PairSafetyGoal(
            statement_id=school,
            text=(
                "Lily gets to school on time every day and has breakfast and tea every day, even when "
                "Jess is feeling low, because Jess and her network have a plan that works."
            ),
        ),
    )
    s.item(HUGHES, Domain.HARM, "Lily's attendance this term is 81%", F, "school")
    kind_to_others = s.item(
        HUGHES,
        Domain.EXISTING_STRENGTHS,
        "Lily is kind to other children and loves drawing",
        F,
        "school",
    )
    s.item(SAM, Domain.DANGER, "Lily could be hurt if she tries to stop a fight", J, "police")
    late = s.item(HUGHES, Domain.COMPLICATING_FACTORS, "Lily is often late on Mondays", F, "school")
    s.item(
        SAM,
        Domain.NEXT_STEPS,
        "Amira to visit weekly, including one unannounced visit",
        J,
        "conference",
    )
    s.item(
        SAM,
        Domain.NEXT_STEPS,
        "Dan to be referred to the community alcohol service",
        J,
        "conference",
    )
    s.scale(
        SAM,
        danger,
        [
            (JESS, 6, "It's hard hearing it all said out loud."),
            (DAN, 6, "I've started going to the alcohol service."),
            (PAT, 5, "Same as before; the plan is new."),
            (HUGHES, 4, "Lily is anxious on Mondays."),
            (OKAFOR, 4, "Jess is more open with me now."),
            (AMIRA, 3, "The plan has not been tested yet."),
        ],
    )
    s.rule(
        DAN,
        "Dan",
        "leaves the house and goes to his brother's if an argument "
        "starts, and texts Gran that he has gone",
        "whenever an argument starts",
        [danger],
    )
    s.rule(
        AMIRA,
        "Everyone",
        "Lily is never looked after by an adult who has been drinking",
        "always",
        [danger],
        PlanRuleKind.BOTTOM_LINE,
    )
    s.do(
        SAM,
        c.CloseMeeting(
            decision="Lily to be subject to a child protection plan "
            "under the category of emotional abuse."
        ),
    )

    # -- Core group ---------------------------------------------------------------
    clock.jump_to(datetime(2026, 4, 3, 15, 0, tzinfo=UTC))
    s.meeting(AMIRA, MeetingKind.CORE_GROUP, [JESS, DAN, PAT, SOPHIE, HUGHES])
    sophie_rule = s.rule(
        JESS,
        "Jess",
        "texts Sophie by 7.30 in the morning if she cannot get up, and Sophie takes Lily to school",
        "school days",
        [school],
    )
    s.rule(
        PAT,
        "Whoever notices",
        "calls Gran if Lily goes quiet and hides in her room",
        "any time",
        [danger],
        PlanRuleKind.RED_FLAG,
    )
    s.rule(
        DAN,
        "Dan",
        "stays at his brother's on the weekend of his father's anniversary",
        "November",
        [danger],
        PlanRuleKind.TRIGGER_POINT,
    )
    s.rule(
        SOPHIE,
        "Aunt Sophie",
        "takes Gran's place in the plan if Gran is ill or away",
        "when needed",
        [danger, school],
        PlanRuleKind.CONTINGENCY,
    )
    s.do(
        LILY,
        c.AddItem(
            domain=Domain.EXISTING_SAFETY,
            text="I like it when Gran makes pancakes",
            kind=F,
            source="Lily",
        ),
    )
    s.scale(
        AMIRA,
        danger,
        [
            (JESS, 7, "The plan is working."),
            (PAT, 6, "Dan left twice when things got heated, like the plan says."),
            (HUGHES, 5, "Better attendance."),
            (AMIRA, 5, "Good start; needs to last."),
        ],
    )
    s.do(AMIRA, c.CloseMeeting())

    # -- Review child protection conference -------------------------------------
    clock.jump_to(datetime(2026, 6, 16, 10, 0, tzinfo=UTC))
    s.meeting(SAM, MeetingKind.REVIEW_CONFERENCE, [AMIRA, HELEN, JESS, DAN, PAT, SOPHIE, HUGHES])
    # The room goes through the conference's mapping: still true, changed, or no
    # longer true (with the reason), and adds what is new. A fact is never reworded
    # into a different fact.
    s.do(SAM, c.ConfirmItem(item_id=jess_reads))
    s.do(SAM, c.ConfirmItem(item_id=kind_to_others))
    s.do(
        SAM,
        c.MarkItemNoLongerTrue(
            item_id=late, reason="the school says Lily has been on time most days since April"
        ),
    )
    s.item(HUGHES, Domain.EXISTING_SAFETY, "Lily is on time most days since April", F, "school")
    s.do(
        SAM,
        c.EditItem(
            item_id=low_mood,
            text="Jess has had low mood since her father died; "
            "she is now seeing her GP and a counsellor",
            kind=F,
            source="health visitor",
        ),
    )
    s.item(HUGHES, Domain.EXISTING_SAFETY, "Lily's attendance since April is 97%", F, "school")
    s.item(
        PAT,
        Domain.EXISTING_SAFETY,
        "Dan left the house three times when arguments started, as the plan says",
        F,
        "Gran Pat",
    )
    s.item(
        AMIRA,
        Domain.EXISTING_STRENGTHS,
        "Dan has been to eight sessions at the alcohol service",
        F,
        "alcohol service",
    )
    s.do(
        SAM,
        c.MarkItemNoLongerTrue(
            item_id=gran_fridays, reason="Lily now stays with Gran on Saturday nights instead"
        ),
    )
    s.do(
        SAM,
        c.ReviseSafetyGoal(
            goal_id=goal,
            text=(
                "Jess and Dan sort out arguments without shouting or hitting for at least six months, "
                "and Lily is always looked after by a sober adult."
            ),
        ),
    )
    s.do(
        AMIRA,
        c.RetireDangerStatement(
            statement_id=school,
            reason=(
                "Lily has been at school on time every day since April; the network's plan works."
            ),
        ),
    )
    s.do(
        PAT,
        c.AmendPlanRule(
            rule_id=gran_rule,
            who="Gran Pat",
            what="has Lily to stay on Saturday nights",
            when="every weekend",
            addresses=(danger,),
        ),
    )
    s.do(
        AMIRA,
        c.RetirePlanRule(
            rule_id=sophie_rule, reason="No longer needed: Jess gets Lily to school herself."
        ),
    )
    s.do(
        HELEN,
        c.AddPlanRule(
            who="Amira Khan (social worker)",
            what="visits every two weeks and sees Lily on her own",
            when="until the next review",
            addresses=(danger,),
            kind=PlanRuleKind.RULE,
        ),
    )
    s.scale(
        SAM,
        danger,
        [
            (JESS, 8, "We have kept to the plan for three months."),
            (DAN, 7, "I haven't had a drink at home since April."),
            (PAT, 8, "Much calmer house."),
            (SOPHIE, 8, "Lily is happier."),
            (HUGHES, 7, "Attendance is excellent."),
            (AMIRA, 6, "Real progress; it needs to last six months."),
        ],
    )
    s.do(
        SAM,
        c.CloseMeeting(
            decision="Lily remains subject to a child protection plan; "
            "the next review in six months."
        ),
    )
    return case_id


def allocate_accounts(store: CaseStore, case_id: UUID, accounts: Iterable[StaffAccount]) -> None:
    """Allocate these staff accounts to the demo case, so they can open it."""
    app = BoardApplication(store)
    for account in accounts:
        if app.allocation(case_id, account.username) is None:
            command = c.AllocateStaff(
                username=account.username, name=account.name, role=account.role
            )
            app.execute(case_id, command, AMIRA)
