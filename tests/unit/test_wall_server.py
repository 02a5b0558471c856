"""The server's small parts of the wall and the site: where sign-in may send someone
back to, and the join screen's QR code (read back as the join address in the browser
test, tests/browser/test_wall.py)."""

from __future__ import annotations

import pytest

from board.web.join_code import qr_svg
from board.web.site import local_path


@pytest.mark.parametrize(
    "asked",
    [
        "/",
        "/cases/5c0ffee0-0000-4000-8000-000000000001",
        "/cases/5c0ffee0-0000-4000-8000-000000000001/replay?at=12",
        "/cases/x/compare?from=icpc&to=review",
    ],
)
def test_a_path_on_this_site_is_where_sign_in_returns(asked: str) -> None:
    assert local_path(asked) == asked


@pytest.mark.parametrize(
    "asked",
    [
        None,
        "",
        "cases/x",  # not from the root
        "//evil.example/cases",  # another host, scheme-relative
        "///evil.example",
        "/\\evil.example",  # browsers read a backslash as a slash
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/cases/x\r\nSet-Cookie: a=b",  # no header splitting
        "/\tevil",
        "/" + "a" * 600,  # longer than any path of ours
    ],
)
def test_anything_else_is_not(asked: str | None) -> None:
    assert local_path(asked) is None


def test_the_qr_code_is_an_svg_image_with_a_title() -> None:
    svg = qr_svg("http://board.example/join?code=KQ7M2XPD").decode()
    assert svg.startswith("<svg")
    assert "<title>QR code: the address to join the meeting</title>" in svg
    assert "<script" not in svg and "style=" not in svg
