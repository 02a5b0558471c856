"""The chart of one scaling question across meetings, drawn on the server as SVG
coordinates (the compare page's template draws them)."""

from __future__ import annotations

from typing import Any

from board.practice import FAMILY_AND_NETWORK
from board.projections.board import Board
from board.projections.scaling import QuestionHistory
from board.projections.wording import meeting_title


def scaling_chart(question: QuestionHistory, board: Board) -> dict[str, Any]:
    """Coordinates for an SVG of one scaling question across meetings: every person's
    score as a dot, the middle score as a line. Drawn on the server; a table
    beside it carries the same numbers for screen readers."""
    width, height, left, top, bottom = 640, 260, 44, 16, 40
    rounds = question.rounds
    step = (width - left - 24) / max(len(rounds) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(rounds) > 1 else (width - left) / 2)

    def y(score: float) -> float:
        return top + (10 - score) * (height - top - bottom) / 10

    columns = []
    for i, result in enumerate(rounds):
        meeting = board.meetings.get(result.meeting_id or "")
        label = meeting_title(meeting) if meeting else "Between meetings"
        columns.append(
            {
                "x": x(i),
                "label": label,
                "median": result.median,
                "median_y": y(result.median) if result.median is not None else None,
                "dots": [
                    {
                        "y": y(v.score),
                        "family": v.role in FAMILY_AND_NETWORK,
                        "name": v.name,
                        "score": v.score,
                    }
                    for v in result.votes
                ],
                "result": result,
            }
        )
    line = " ".join(
        f"{c['x']:.1f},{c['median_y']:.1f}" for c in columns if c["median_y"] is not None
    )
    return {
        "question": question.question,
        "width": width,
        "height": height,
        "columns": columns,
        "line": line,
        "ticks": [{"score": s, "y": y(s)} for s in (0, 2, 4, 6, 8, 10)],
        "left": left,
        "bottom": height - bottom,
    }
