"""The demo's record reads right (issue #22 item 8): at every meeting, none of the
strings the practice review's W1, W2, W14 and W16 name; each meeting's record is titled
by what the meeting is. Over a real server, as a chair reads it."""

from __future__ import annotations

import re

import httpx
from live import STAFF_PASSWORD
from shared_server import SharedServer

# The exact strings the review quotes (../shared/reviews/practice-2026-12.md, section 3).
NEVER = [
    "Everyone Lily is never looked after",  # W1
    "Safety goals (0)",  # W2
    "Nothing here yet",  # W2
    "Add to Safety goals",  # W2
    "Jess (mum) (parent)",  # W14
    "Dan (Jess's partner) (parent)",  # W14
    "Ms Hughes (school) (professional)",  # W14
    ") (parent)",  # W14, any name
    ") (professional)",  # W14, any name
]


def test_no_meeting_of_the_demo_has_the_wording_the_review_found(
    shared_server: SharedServer,
) -> None:
    case_id = shared_server.new_case()
    url = shared_server.live.url
    with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as http:
        signed_in = http.post("/signin", data={"username": "chair", "password": STAFF_PASSWORD})
        assert signed_in.status_code == 303
        first = http.get(f"/cases/{case_id}/record")
        assert first.status_code == 200
        points = re.search(r'<select id="at" name="at">(.*?)</select>', first.text)
        assert points is not None
        marks = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', points[1])
        names = [name for _, name in marks]
        assert [n.split(",")[0] for n in names] == [
            "Strategy meeting",
            "Family network meeting",
            "Initial child protection conference",
            "Core group meeting",
            "Review child protection conference",
        ]
        titles, pages = {}, {}
        for meeting_id, name in marks:
            page = http.get(f"/cases/{case_id}/record", params={"at": meeting_id}).text
            pages[name.split(",")[0]] = page
            for wrong in NEVER:
                assert wrong.replace("'", "&#39;") not in page, (name, wrong)
                assert wrong not in page, (name, wrong)
            titles[name.split(",")[0]] = re.search(r"<title>([^<]*)</title>", page)[1]  # type: ignore[index]
    # W16: a family network meeting or a core group is no conference.
    assert titles["Family network meeting"].startswith("Meeting record")
    assert titles["Core group meeting"].startswith("Meeting record")
    assert titles["Initial child protection conference"].startswith("Conference record")
    assert titles["Review child protection conference"].startswith("Conference record")
    # The core group is held on a weekday, not Good Friday (W38), with Lily let in: the
    # record says she was there (W37).
    assert names[3].startswith("Core group meeting, 2 April 2026"), names[3]
    attendees = re.search(r'<ul class="attendees">(.*?)</ul>', pages["Core group meeting"])
    assert attendees is not None and "<li>Lily (child or young person)</li>" in attendees[1]
    # The strategy discussion by phone is on the record with its real date (item 3).
    assert "Held on 5 March 2026. Recorded afterwards" in pages["Strategy meeting"]


def _page(http: httpx.Client, path: str, **params: str) -> str:
    answer = http.get(path, params=params)
    assert answer.status_code == 200, (path, answer.status_code)
    return answer.text.replace("&#39;", "'")


def test_the_demos_pages_read_as_the_review_asked(shared_server: SharedServer) -> None:
    """W5, W9-W13, W15, W23-W28, W30, W36: the wording fixed, as a chair or a family
    member reads it."""
    case_id = shared_server.new_case()
    url = shared_server.live.url
    base = f"/cases/{case_id}"
    with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as http:
        signed_in = http.post("/signin", data={"username": "chair", "password": STAFF_PASSWORD})
        assert signed_in.status_code == 303
        fridge = _page(http, f"{base}/plan", at="latest")
        assert "Your worker and their manager set them." in fridge  # W23
        assert "Everyone in the family and network has a copy." not in fridge  # W10
        assert "should have a copy: who has one is listed at the end" in fridge
        assert "If the plan cannot be kept: what children's services will do" in fridge  # W11
        assert "local authority" not in fridge
        # W12: the professionals' part does not say it twice.
        assert '<span class="rule-kind">What professionals will do:</span>' not in fridge
        # W13: no nested brackets.
        assert "Gran Pat<span class=\"relationship\">, Lily's gran (Jess's mum)</span>" in fridge
        assert "(Lily's gran (Jess's mum))" not in fridge
        # W24: a day as people write it.
        assert "given by Amira Khan on 2 April 2026" in fridge
        pictures = _page(http, f"{base}/plan/pictures", at="latest")
        assert "Made with Lily." in pictures  # W9: she put rules in her words
        review = _page(http, f"{base}/record", at="review")
        assert "Middle score: 7.5;" in review
        core = _page(http, f"{base}/record", at="core")
        assert "Middle score: 6;" in core and "Middle score: 6.0" not in core  # W25
        # W28: a correction is not glued on with "because".
        assert "— why: Lily now stays with Gran on Saturday nights instead" in review
        # W36
        assert "In Lily's own words, on the board (2)" in review
        compare = _page(http, f"{base}/compare")
        assert "Carried over, not looked at" in compare  # W27
        summary = _page(http, f"{base}/compare", summary="1")
        assert "Danger statement 2 was closed: Lily has been at school" in summary  # W26
        assert "no longer there" not in summary.lower()
        course = _page(http, f"{base}/course")
        owners = re.search(r'<select id="step-owner"[^>]*>(.*?)</select>', course, re.S)
        assert owners is not None and owners[1].count(">Sam Reid (chair)<") == 1  # W15
