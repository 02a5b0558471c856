"""Everyone can be scaled (E13): a worker records the score and reasons of someone with
no device, said aloud to them; it counts as that person's, marked so in the record and
their scores page, and is kept from other guests as a vote of theirs would be. A score
for someone not of the case, or a second for one person in a round, is refused with
nothing recorded."""

from __future__ import annotations

from uuid import UUID

import pytest
from through_the_app import refused

from board import commands as c
from board.application.service import BoardApplication
from board.events import Author, VoteRecordedFor
from board.practice import Framework, MeetingKind, Role
from board.projections.narration import told_to
from board.projections.visibility import HIDDEN_SCORE, Audience, board_for, event_for

WORKER = Author("staff-amira", "Amira Khan", Role.SOCIAL_WORKER)
CHAIR = Author("staff-sam", "Sam Reid", Role.CHAIR)
JESS = Author("jess", "Jess", Role.PARENT)


def _round(app: BoardApplication) -> tuple[UUID, str, str, str]:
    """A core group with a round open; (case, round, Gran Pat's id, Ms Hughes's id)."""
    case_id = app.open_case("Lily", "the Bennett family", Framework.SAFETY, WORKER)
    (pat,) = app.execute(
        case_id, c.AddPerson(name="Gran Pat", role=Role.NETWORK_MEMBER, relationship="gran"), WORKER
    )
    (hughes,) = app.execute(
        case_id,
        c.AddPerson(name="Ms Hughes", role=Role.PROFESSIONAL, relationship="school"),
        WORKER,
    )
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.CORE_GROUP), CHAIR)
    app.execute(
        case_id, c.AdmitParticipant(participant_id="jess", name="Jess", role=Role.PARENT), CHAIR
    )
    (opened,) = app.execute(
        case_id,
        c.OpenScalingRound(
            question="How safe is Lily at home?", zero_means="Not safe", ten_means="Safe"
        ),
        CHAIR,
    )
    return (
        case_id,
        opened.fact.round_id,  # type: ignore[attr-defined]
        pat.fact.person_id,  # type: ignore[attr-defined]
        hughes.fact.person_id,  # type: ignore[attr-defined]
    )


def test_a_score_said_aloud_counts_as_that_persons(app: BoardApplication) -> None:
    case_id, round_id, pat, _ = _round(app)
    (event,) = app.execute(
        case_id,
        c.RecordVoteFor(
            round_id=round_id, person_id=pat, score=4, narrative="I worry at weekends."
        ),
        WORKER,
    )
    assert isinstance(event.fact, VoteRecordedFor)
    assert event.by == WORKER  # who wrote it down stays on the record
    vote = app.board(case_id).scaling_rounds[round_id].votes[pat]
    assert (vote.name, vote.role, vote.score, vote.narrative) == (
        "Gran Pat",
        Role.NETWORK_MEMBER,
        4,
        "I worry at weekends.",
    )
    assert vote.given_to == "Amira Khan"
    said = told_to(event, app.board(case_id), Audience.member_of_staff("staff-sam"))
    assert said is not None
    assert said.endswith(
        "Amira Khan (social worker) recorded the score Gran Pat said aloud to them: "
        "4 out of 10, saying \u201cI worry at weekends.\u201d"
    )


def test_guests_are_shown_a_score_said_aloud_as_they_are_shown_a_vote(
    app: BoardApplication,
) -> None:
    case_id, round_id, pat, _ = _round(app)
    (event,) = app.execute(
        case_id,
        c.RecordVoteFor(round_id=round_id, person_id=pat, score=4, narrative="Weekends."),
        WORKER,
    )
    board = app.board(case_id)
    # Before the chair shows the scores: Jess sees that someone scaled, not the score.
    shown = event_for(event, board, Audience.guest("jess"))
    assert shown is not None and isinstance(shown.fact, VoteRecordedFor)
    assert (shown.fact.score, shown.fact.narrative) == (HIDDEN_SCORE, "")
    assert (
        board_for(board, Audience.guest("jess")).scaling_rounds[round_id].votes[pat].score
        == HIDDEN_SCORE
    )
    # Gran Pat, were she on a phone, sees her own.
    own = event_for(event, board, Audience.guest(pat))
    assert own is not None and own.fact == event.fact
    # Shown without names: her name and who she said it to are cut.
    app.execute(case_id, c.RevealVotes(round_id=round_id, show_names=False), CHAIR)
    board = app.board(case_id)
    shown = event_for(event, board, Audience.guest("jess"))
    assert shown is not None and isinstance(shown.fact, VoteRecordedFor)
    assert shown.fact.score == 4 and shown.fact.name != "Gran Pat"
    (anonymous,) = board_for(board, Audience.guest("jess")).scaling_rounds[round_id].votes.values()
    assert (anonymous.name, anonymous.given_to) != ("Gran Pat", "Amira Khan")
    assert anonymous.given_to == ""


@pytest.mark.parametrize(
    ("why", "person", "score", "by", "code"),
    [
        ("someone not of the case", "nobody", 5, WORKER, "not_of_the_case"),
        ("a score out of range", "pat", 11, WORKER, "score_out_of_range"),
        ("a guest recording for someone", "pat", 5, JESS, "forbidden"),
    ],
)
def test_bad_scores_said_aloud_are_refused(
    app: BoardApplication, why: str, person: str, score: int, by: Author, code: str
) -> None:
    case_id, round_id, pat, _ = _round(app)
    person_id = pat if person == "pat" else person
    refused(
        app, case_id, c.RecordVoteFor(round_id=round_id, person_id=person_id, score=score), by, code
    )


def test_one_score_each_in_a_round(app: BoardApplication) -> None:
    case_id, round_id, pat, hughes = _round(app)
    app.execute(case_id, c.RecordVoteFor(round_id=round_id, person_id=pat, score=4), WORKER)
    refused(
        app,
        case_id,
        c.RecordVoteFor(round_id=round_id, person_id=pat, score=6),
        CHAIR,
        "already_scaled",
    )
    # Jess scaled on her own phone: nobody records a second score for her.
    app.execute(case_id, c.CastVote(round_id=round_id, score=7), JESS)
    refused(
        app,
        case_id,
        c.RecordVoteFor(round_id=round_id, person_id="jess", score=3),
        WORKER,
        "already_scaled",
    )
    # Ms Hughes on the speakerphone: a professional's score can be said aloud too.
    app.execute(case_id, c.RecordVoteFor(round_id=round_id, person_id=hughes, score=5), WORKER)
    votes = app.board(case_id).scaling_rounds[round_id].votes
    assert {v.name: v.score for v in votes.values()} == {"Gran Pat": 4, "Jess": 7, "Ms Hughes": 5}


def test_a_person_for_professionals_only_is_never_named_to_a_guest_by_their_score(
    app: BoardApplication,
) -> None:
    """Someone added in a strategy meeting stays unnamed to the family, even when their
    score, said aloud, is revealed with names and the round is closed."""
    case_id = app.open_case("Lily", "the Bennett family", Framework.SAFETY, WORKER)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.STRATEGY), CHAIR)
    (ray,) = app.execute(
        case_id,
        c.AddPerson(name="Uncle Raymond", role=Role.NETWORK_MEMBER, relationship="uncle"),
        WORKER,
    )
    app.execute(case_id, c.CloseMeeting(), CHAIR)
    app.execute(case_id, c.OpenMeeting(kind=MeetingKind.CORE_GROUP), CHAIR)
    app.execute(
        case_id, c.AdmitParticipant(participant_id="jess", name="Jess", role=Role.PARENT), CHAIR
    )
    (opened,) = app.execute(
        case_id,
        c.OpenScalingRound(question="How safe is Lily?", zero_means="Not", ten_means="Safe"),
        CHAIR,
    )
    round_id: str = opened.fact.round_id  # type: ignore[attr-defined]
    person_id: str = ray.fact.person_id  # type: ignore[attr-defined]
    (said,) = app.execute(
        case_id,
        c.RecordVoteFor(round_id=round_id, person_id=person_id, score=3, narrative="Worried."),
        WORKER,
    )
    app.execute(case_id, c.RevealVotes(round_id=round_id, show_names=True), CHAIR)
    jess = Audience.guest("jess")
    board = app.board(case_id)
    (vote,) = board_for(board, jess).scaling_rounds[round_id].votes.values()
    assert (vote.score, vote.name, vote.given_to) == (3, "Someone", "")
    seen = event_for(said, board, jess)
    assert seen is not None and "Raymond" not in repr(seen)
    words = told_to(said, board, jess)
    assert words is not None and "Raymond" not in words
    app.execute(case_id, c.CloseScalingRound(round_id=round_id), CHAIR)
    (vote,) = board_for(app.board(case_id), jess).scaling_rounds[round_id].votes.values()
    assert vote.name == "Someone" and vote.participant_id != person_id
    # Staff still read whose it is.
    staff_vote = app.board(case_id).scaling_rounds[round_id].votes[person_id]
    assert staff_vote.name == "Uncle Raymond"
