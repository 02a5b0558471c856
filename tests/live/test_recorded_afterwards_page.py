"""Recording a meeting held away from the board from the course page, over a real
server: a strategy discussion by phone yesterday, with who took part and its section 47
decision, is listed as recorded afterwards; a day still to come is refused in words
and nothing is recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from live import signed_in
from shared_server import SharedServer

from board.timescales import day_in_england


def test_a_manager_records_a_strategy_discussion_held_by_phone(
    shared_server: SharedServer,
) -> None:
    case_id = shared_server.new_case()
    path = f"/cases/{case_id}/course"
    with signed_in(shared_server.live, "manager") as helen:
        page = helen.get(path).text
        assert "A meeting held away from the board" in page
        assert "A strategy discussion&#39;s decision" not in page  # none held yet
        today = day_in_england(datetime.now(UTC))
        form = {
            "action": "afterwards",
            "kind": "strategy",
            "held_on": (today - timedelta(days=1)).isoformat(),
            "took_part": ["worker", "manager"],
            "outcome": "Police and health agreed: enquiries start.",
            "section_47": "yes",
        }
        recorded = helen.post(path, data=form)
        assert recorded.status_code == 303, recorded.text
        page = helen.get(path).text
        assert "recorded afterwards</span>, with Amira Khan, Helen Ward" in page
        assert "Section 47 enquiries start. Police and health agreed: enquiries start." in page

        head = shared_server.head(case_id)
        future = {**form, "held_on": (today + timedelta(days=1)).isoformat()}
        refused = helen.post(path, data=future)
        assert refused.status_code == 400
        assert "is still to come. Nothing was recorded." in refused.text
        assert shared_server.head(case_id) == head
    with signed_in(shared_server.live, "worker") as amira:
        # The decision is the chair's or a manager's: the worker is not offered it.
        assert "Do section 47 enquiries start?" not in amira.get(path).text
