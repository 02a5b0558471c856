"""Frames are ASCII-only JSON that decodes to exactly what was meant, in any script."""

from __future__ import annotations

import json

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from board.ws.protocol import AnyServerFrame, Error, encode_text


@given(st.text())
def test_an_ascii_frame_decodes_to_the_same_text(message: str) -> None:
    text = encode_text(Error(id=None, code="x", message=message))
    assert text.isascii()
    assert json.loads(text)["message"] == message
    decoded = msgspec.json.decode(text, type=AnyServerFrame)
    assert isinstance(decoded, Error) and decoded.message == message


def test_quotes_names_and_emoji_are_escaped_as_json_spells_them() -> None:
    text = encode_text(Error(id=None, code="x", message="\u201cSara\u201d \U0001f600"))
    assert '"\\u201cSara\\u201d \\ud83d\\ude00"' in text
