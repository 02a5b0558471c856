"""A fictional demo case: Lily, six, and the Bennett family, from the family network
meeting through the initial conference and a core group to the first review.

Everyone and everything here is invented. The story follows the practice: danger
statements refined and paired with goals, the network scaling at every meeting, a
safety plan that grows rule by rule, and a review that re-maps to compare progress.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from board import commands as c
from board.application.service import BoardApplication
from board.events import Author, ChildDecision, Stroke
from board.practice import (
    STAFF_ROLES,
    AbuseCategory,
    Domain,
    Framework,
    House,
    ItemKind,
    MeetingKind,
    PlanCopy,
    PlanRuleKind,
    Role,
    SourceKind,
)
from board.storage.accounts import StaffAccount
from board.storage.store import CaseStore

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
# The same question in words for Lily, with its own 0 and 10 (the faces scale on her phone).
CHILDS_QUESTION = ("How safe do you feel at home?", "I feel scared at home", "I feel safe at home")


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


# Who each source of the demo's mapping is (E66): the child, her network, the agencies.
# The conference's own next steps say no source kind.
DEMO_SOURCE_KINDS: dict[str, SourceKind] = {
    "Lily, via school": SourceKind.CHILD,
    "Gran Pat": SourceKind.NETWORK,
    "Aunt Sophie": SourceKind.NETWORK,
    "police": SourceKind.PROFESSIONAL,
    "school": SourceKind.PROFESSIONAL,
    "health visitor": SourceKind.PROFESSIONAL,
    "alcohol service": SourceKind.PROFESSIONAL,
}


class _Story:
    def __init__(self, app: BoardApplication, case_id: UUID) -> None:
        self.app = app
        self.case_id = case_id

    def do(self, by: Author, command: c.Command) -> str:
        """Run a command; return the id of what it created (if anything)."""
        events = self.app.execute(self.case_id, command, by)
        for name in (
            "item_id",
            "round_id",
            "rule_id",
            "goal_id",
            "meeting_id",
            "statement_id",
            "step_id",
            "milestone_id",
            "report_id",
        ):
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

    def last_meeting(self) -> str:
        """The id of the meeting held last (to record its outcome after it closes)."""
        board = self.app.board(self.case_id)
        return max(board.meetings.values(), key=lambda m: m.opened.position).meeting_id

    def only_child(self) -> str:
        return next(iter(self.app.board(self.case_id).children))

    def item(self, by: Author, domain: Domain, text: str, kind: ItemKind, source: str) -> str:
        return self.do(
            by,
            c.AddItem(
                domain=domain,
                text=text,
                kind=kind,
                source=source,
                source_kind=DEMO_SOURCE_KINDS.get(source, SourceKind.NOT_SAID).value,
            ),
        )

    def scale(
        self,
        chair: Author,
        statement_id: str | None,
        votes: list[tuple[Author, int, str]],
        show_names: bool = True,
        for_a_child: bool = False,
    ) -> None:
        question, zero, ten = SAFETY_QUESTION
        child_question, child_zero, child_ten = CHILDS_QUESTION if for_a_child else ("", "", "")
        round_id = self.do(
            chair,
            c.OpenScalingRound(
                question=question,
                zero_means=zero,
                ten_means=ten,
                statement_id=statement_id,
                child_question=child_question,
                child_zero_means=child_zero,
                child_ten_means=child_ten,
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
        people: tuple[Author, ...] = (),
        agreed_by: Author | None = None,
    ) -> str:
        """A rule in the plan; one suggested from a phone is agreed with the room by
        `agreed_by` (the chair or worker). `people`: who of the network it names."""
        rule_id = self.do(
            by,
            c.AddPlanRule(
                who=who,
                what=what,
                when=when,
                addresses=tuple(addresses),
                kind=kind,
                person_ids=tuple(p.participant_id for p in people),
            ),
        )
        if agreed_by is not None:
            self.do(agreed_by, c.AgreePlanRule(rule_id=rule_id))
        return rule_id


def write_demo_case(store: CaseStore, start: datetime | None = None) -> UUID:
    """Write the demo case into the store and return its id."""
    # The case opens the day after the police call (3 March).
    clock = _Clock(start or datetime(2026, 3, 4, 9, 30, tzinfo=UTC))
    ids = _ids()
    app = BoardApplication(store, clock=clock, make_id=lambda: next(ids))
    case_id = app.open_case("Lily", "the Bennett family", Framework.SAFETY, AMIRA)
    s = _Story(app, case_id)
    s.do(AMIRA, c.AddChild(name="Lily", age=6))
    for username, who in (("amira", AMIRA), ("sam", SAM), ("helen", HELEN)):
        s.do(AMIRA, c.AllocateStaff(username=username, name=who.name, role=who.role))
    F, J = ItemKind.FACT, ItemKind.JUDGEMENT
    # The strategy discussion, held by phone with the police on Thursday 5 March, started
    # section 47 enquiries; Helen, the team manager, records it the next day with its
    # real date: the initial conference is due within 15 working days, by 26 March.
    clock.jump_to(datetime(2026, 3, 6, 9, 0, tzinfo=UTC))
    s.do(
        HELEN,
        c.RecordMeetingAfterwards(
            kind=MeetingKind.STRATEGY,
            held_on=date(2026, 3, 5),
            took_part=("amira", "helen"),
            outcome="By phone with the police: the worries about Lily meet the threshold, "
            "so section 47 enquiries start.",
            section_47=True,
        ),
    )
    clock.jump_to(datetime(2026, 3, 9, 9, 42, tzinfo=UTC))

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
        people=(PAT,),
        agreed_by=AMIRA,
    )
    s.do(
        AMIRA,
        c.RecordMeetingOutcome(
            meeting_id=s.last_meeting(),
            outcome="Jess, Dan, Gran Pat and Aunt Sophie made a draft safety plan to take to "
            "the conference.",
            safety_plan_agreed=True,
        ),
    )
    s.do(AMIRA, c.CloseMeeting(decision="Draft plan to take to the conference."))
    # Amira does the three houses with Lily at school before the conference (W42), and
    # shares her assessment (the mapping) and Lily's houses with Jess and Dan.
    clock.jump_to(datetime(2026, 3, 16, 13, 0, tzinfo=UTC))
    s.do(
        AMIRA,
        c.RecordChildView(
            house=House.WORRIES,
            text="When Mummy and Dan shout I hide under my bed",
            how="at school, with her teacher there",
        ),
    )
    clock.jump_to(datetime(2026, 3, 18, 14, 0, tzinfo=UTC))
    s.do(AMIRA, c.RecordMappingShared(shared_on=date(2026, 3, 18)))
    # The police send their report for the conference (E72); Amira records it.
    police_report = s.do(
        AMIRA,
        c.SubmitAgencyReport(
            agency="Police",
            author="DC Ray Patel",
            text=(
                "Police were called to the family home twice in February, after neighbours "
                "heard shouting late at night. Both times Dan had been drinking; Lily was "
                "upstairs. No one was arrested, and no injuries were seen."
            ),
            for_meeting=MeetingKind.ICPC,
            meeting_on=date(2026, 3, 24),
        ),
    )

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
    # The chair maps the police report's point into the domains.
    s.do(
        SAM,
        c.MapReportPoint(
            report_id=police_report,
            domain=Domain.COMPLICATING_FACTORS,
            text="Police were called to the home twice in February after shouting late at night",
            kind=F,
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
    visit_weekly = s.item(
        SAM,
        Domain.NEXT_STEPS,
        "Amira to visit weekly, including one unannounced visit",
        J,
        "conference",
    )
    refer_dan = s.item(
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
    s.scale(
        SAM,
        school,
        [
            (JESS, 6, "Sophie helps when I'm low."),
            (HUGHES, 3, "Lily has missed a lot of school this term."),
            (AMIRA, 4, "There is no plan yet for the mornings."),
        ],
    )
    s.rule(
        DAN,
        "Dan",
        "leaves the house and goes to his brother's if an argument "
        "starts, and texts Gran that he has gone",
        "whenever an argument starts",
        [danger],
        people=(DAN,),
        agreed_by=SAM,
    )
    s.rule(
        AMIRA,
        "Everyone who looks after Lily",
        "Lily is never looked after by an adult who has been drinking",
        "always",
        [danger],
        PlanRuleKind.BOTTOM_LINE,
    )
    referral = s.do(
        SAM,
        c.AgreeNextStep(
            text="Refer Dan to the community alcohol service",
            owner="amira",
            due=date(2026, 3, 31),
        ),
    )
    first_session = s.do(
        SAM,
        c.AgreeNextStep(
            text="Go to a first session at the alcohol service",
            owner=DAN.participant_id,
            due=date(2026, 4, 14),
        ),
    )
    fridge_friendly = s.do(
        SAM,
        c.AgreeNextStep(
            text="Make the plan fridge friendly with Lily, in words and pictures",
            owner="amira",
            due=date(2026, 4, 9),
        ),
    )
    core_group = (JESS, DAN, PAT, HUGHES, OKAFOR)
    s.do(
        SAM,
        c.RecordConferenceDecision(
            meeting_id=s.last_meeting(),
            children=(
                ChildDecision(
                    s.only_child(),
                    True,
                    "Lily saw and heard her mum and Dan fight and hid under her bed; there is "
                    "no tested plan yet to keep her safe when Dan has been drinking.",
                    AbuseCategory.EMOTIONAL,
                ),
            ),
            core_group=tuple(p.participant_id for p in core_group),
            lead_social_worker="amira",
            next_review=date(2026, 6, 16),
        ),
    )
    s.do(
        SAM,
        c.CloseMeeting(
            decision="Lily to be subject to a child protection plan "
            "under the category of emotional abuse."
        ),
    )
    s.do(AMIRA, c.MarkNextStep(step_id=referral))

    # -- Core group ---------------------------------------------------------------
    clock.jump_to(datetime(2026, 4, 2, 15, 0, tzinfo=UTC))  # a Thursday, not Good Friday
    s.meeting(AMIRA, MeetingKind.CORE_GROUP, [JESS, DAN, PAT, SOPHIE, HUGHES, LILY])
    sophie_rule = s.rule(
        JESS,
        "Jess",
        "texts Sophie by 7.30 in the morning if she cannot get up, and Sophie takes Lily to school",
        "school days",
        [school],
        people=(JESS,),
        agreed_by=AMIRA,
    )
    s.rule(
        PAT,
        "Whoever notices",
        "calls Gran if Lily goes quiet and hides in her room",
        "any time",
        [danger],
        PlanRuleKind.RED_FLAG,
        agreed_by=AMIRA,
    )
    s.rule(
        DAN,
        "Dan",
        "stays at his brother's on the weekend of his father's anniversary",
        "November",
        [danger],
        PlanRuleKind.TRIGGER_POINT,
        people=(DAN,),
        agreed_by=AMIRA,
    )
    s.rule(
        SOPHIE,
        "Aunt Sophie",
        "takes Gran's place in the plan if Gran is ill or away",
        "when needed",
        [danger, school],
        PlanRuleKind.SAFETY_PERSON_AWAY,
        people=(SOPHIE,),
        agreed_by=AMIRA,
    )
    _childs_voice_and_more_plan(s, danger)
    _words_and_pictures_and_copies(s)
    s.scale(
        AMIRA,
        danger,
        [
            (JESS, 7, "The plan is working."),
            (PAT, 6, "Dan left twice when things got heated, like the plan says."),
            (HUGHES, 5, "Better attendance."),
            (AMIRA, 5, "Good start; needs to last."),
            (LILY, 7, "Mummy and Dan don't shout so much now."),
        ],
        for_a_child=True,
    )
    # The trajectory the core group agrees: the timeline to closure.
    first_review = s.do(
        AMIRA,
        c.AgreeMilestone(
            text="Three months of the plan working, shown at the first review",
            target=date(2026, 6, 16),
        ),
    )
    s.do(
        AMIRA,
        c.AgreeMilestone(
            text="Lily no longer needs a child protection plan", target=date(2026, 12, 15)
        ),
    )
    s.do(
        AMIRA,
        c.AgreeMilestone(
            text="The case closes, with the family network's plan still in place",
            target=date(2027, 3, 31),
        ),
    )
    s.do(DAN, c.MarkNextStep(step_id=first_session))
    s.do(AMIRA, c.MarkNextStep(step_id=fridge_friendly))
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
            source_kind=SourceKind.PROFESSIONAL.value,
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
    # The conference's next steps on the map, as they stand now (W40): done, or changed.
    s.do(SAM, c.MarkItemNoLongerTrue(item_id=refer_dan, reason="done: Amira referred Dan in March"))
    s.do(
        SAM,
        c.MarkItemNoLongerTrue(
            item_id=visit_weekly, reason="Amira now visits every two weeks, as the plan says"
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
            kind=PlanRuleKind.PROFESSIONALS,
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
        c.AgreeNextStep(
            text="Do the three houses with Lily again, so her views are heard at the next review",
            owner="amira",
            due=date(2026, 11, 27),
        ),
    )
    s.do(
        SAM,
        c.AgreeNextStep(
            text="Finish the twelve sessions at the alcohol service",
            owner=DAN.participant_id,
            due=date(2026, 9, 30),
        ),
    )
    s.do(AMIRA, c.MarkMilestone(milestone_id=first_review))
    # Recorded before the close, so the conference's record carries it. The next review is
    # booked for 15 December 2026, within six months (by 16 December):
    # on the course it shows as due.
    s.do(
        SAM,
        c.RecordConferenceDecision(
            meeting_id=s.last_meeting(),
            children=(
                ChildDecision(
                    s.only_child(),
                    True,
                    "Real progress: the plan has worked for three months, and it needs to last "
                    "six months before Lily is safe enough without a plan.",
                    AbuseCategory.EMOTIONAL,
                ),
            ),
            core_group=tuple(p.participant_id for p in (*core_group, SOPHIE)),
            lead_social_worker="amira",
            next_review=date(2026, 12, 15),
        ),
    )
    s.do(
        SAM,
        c.CloseMeeting(
            decision="Lily remains subject to a child protection plan; "
            "the next review in six months."
        ),
    )
    return case_id


# Fictional numbers, from the range Ofcom keeps for drama (07700 900000-900999).
CONTACTS = {PAT: "07700 900123", SOPHIE: "07700 900456", JESS: "07700 900789"}


def _childs_voice_and_more_plan(s: _Story, danger: str) -> None:
    """At the core group: Lily, let in, adds to her three houses from her own phone (with
    a drawing), the safety people's numbers, and the rest of the plan's kinds: "if it
    is already happening", what professionals will do, and the contingency plan."""
    s.do(
        LILY,
        c.RecordChildView(
            house=House.GOOD_THINGS, text="Gran makes pancakes", drawing=LILY_DRAWING
        ),
    )
    s.do(LILY, c.RecordChildView(house=House.DREAMS, text="Everyone is happy at home"))
    for person, contact in CONTACTS.items():
        s.do(AMIRA, c.CorrectPerson(person_id=person.participant_id, contact=contact))
    s.rule(
        JESS,
        "Jess",
        "takes Lily to Gran's and phones 999 if Dan starts shouting or hitting",
        "",
        [danger],
        PlanRuleKind.ALREADY_HAPPENING,
        people=(JESS,),
        agreed_by=AMIRA,
    )
    s.rule(
        HUGHES,
        "Ms Hughes (school)",
        "tells Amira the same day if Lily is late or seems worried",
        "school days",
        [danger],
        PlanRuleKind.PROFESSIONALS,
        agreed_by=AMIRA,
    )
    s.rule(
        AMIRA,
        "",
        "If the plan cannot be kept, Amira calls a family network meeting within a week, "
        "and Lily stays with Gran until it meets",
        "",
        [danger],
        PlanRuleKind.CONTINGENCY,
    )


# Lily's words for the family's rules, made with her at the core group, and a picture.
LILYS_WORDS = {
    ("Gran Pat", PlanRuleKind.RULE): ("I stay at Gran's house at the weekend", "house"),
    ("Dan", PlanRuleKind.RULE): ("If there is shouting, Dan goes to his brother's", "door"),
    ("Whoever notices", PlanRuleKind.RED_FLAG): ("If I go quiet, someone phones Gran", "telephone"),
    ("Jess", PlanRuleKind.ALREADY_HAPPENING): ("Mummy takes me to Gran's and gets help", "hug"),
}


def _words_and_pictures_and_copies(s: _Story) -> None:
    """Lily's Words and Pictures plan, and who was given a copy of the plan."""
    for rule in s.app.board(s.case_id).current_plan():
        words = LILYS_WORDS.get((rule.who, rule.kind))
        if words is not None:
            text, picture = words
            s.do(AMIRA, c.PutRuleInChildsWords(rule_id=rule.rule_id, text=text, picture=picture))
    for person in (JESS, DAN, PAT, SOPHIE):
        s.do(
            AMIRA,
            c.GivePlanCopy(person_id=person.participant_id, how="printed, at the core group"),
        )
    s.do(
        AMIRA,
        c.GivePlanCopy(
            person_id=JESS.participant_id,
            copy=PlanCopy.WORDS_AND_PICTURES,
            how="for Lily's bedroom wall",
        ),
    )


def _circle(cx: int, cy: int, r: int, steps: int = 16) -> tuple[int, ...]:
    import math

    return tuple(
        v
        for i in range(steps + 1)
        for v in (
            round(cx + r * math.cos(2 * math.pi * i / steps)),
            round(cy + r * math.sin(2 * math.pi * i / steps)),
        )
    )


# Lily's drawing of Gran's pancakes: a plate, a pancake and some steam.
LILY_DRAWING = (
    Stroke("blue", _circle(500, 600, 300)),
    Stroke("orange", _circle(500, 580, 180)),
    Stroke("black", (420, 300, 440, 240, 420, 180, 440, 120)),
    Stroke("black", (580, 300, 600, 240, 580, 180, 600, 120)),
)


def allocate_accounts(store: CaseStore, case_id: UUID, accounts: Iterable[StaffAccount]) -> None:
    """Allocate these staff accounts to the demo case, so they can open it."""
    app = BoardApplication(store)
    for account in accounts:
        if app.allocation(case_id, account.username) is None:
            command = c.AllocateStaff(
                username=account.username, name=account.name, role=account.role
            )
            app.execute(case_id, command, AMIRA)
