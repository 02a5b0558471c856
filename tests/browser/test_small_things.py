"""The small things, in a real browser: a point that is not in the case answers 400
with the site's own page (its header, fitting 360 px, axe clean, a way on);
`replay?meeting=icpc` lists the initial conference's changes as its id does; the
replay slider's meeting ticks carry the meetings' names."""

from __future__ import annotations

from browser import PHONE, WALL, Room, axe_violations, shot, sign_in
from playwright.sync_api import expect


def test_a_bad_point_answers_with_the_sites_page(room: Room) -> None:
    chair = room.page(PHONE)
    sign_in(chair, room.url)
    for path in ("record?at=nonsense", "replay?at=99999999", "plan?at=not-a-meeting"):
        response = chair.goto(f"{room.url}/cases/{room.case_id}/{path}")
        assert response is not None and response.status == 400, path
        expect(chair.get_by_role("heading", level=1)).to_have_text("That point is not in this case")
        expect(chair.locator(".site-header")).to_be_visible()
        expect(chair.get_by_role("link", name="See every change on the replay")).to_have_attribute(
            "href", f"{room.url}/cases/{room.case_id}/replay"
        )
        assert chair.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        assert axe_violations(chair) == ""
    shot(chair, "point-error-360")
    assert room.errors == []


def test_the_replay_takes_a_meeting_by_name_and_labels_its_ticks(room: Room) -> None:
    chair = room.page(WALL)
    sign_in(chair, room.url)
    chair.goto(f"{room.url}/cases/{room.case_id}/replay")
    titles = [t.split(":")[0].strip() for t in chair.locator(".meeting-jumps li").all_inner_texts()]
    ticks = chair.locator("#meeting-marks option")
    expect(ticks).to_have_text(titles)
    assert [ticks.nth(n).get_attribute("label") for n in range(ticks.count())] == titles
    assert any(t.startswith("Initial child protection conference, ") for t in titles)

    response = chair.goto(f"{room.url}/cases/{room.case_id}/replay?meeting=icpc")
    assert response is not None and response.status == 200
    by_name = chair.locator(".listed-changes").inner_text()
    chosen = chair.get_by_label("at", exact=True)
    icpc_id = chosen.input_value()
    expect(chosen.locator("option:checked")).to_have_text(
        next(t for t in titles if t.startswith("Initial child protection conference"))
    )
    chair.goto(f"{room.url}/cases/{room.case_id}/replay?meeting={icpc_id}")
    assert chair.locator(".listed-changes").inner_text() == by_name
    assert "Initial child protection conference" in by_name
    response = chair.goto(f"{room.url}/cases/{room.case_id}/replay?meeting=no-such-meeting")
    assert response is not None and response.status == 404
    assert room.errors == []
