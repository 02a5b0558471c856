"""What people type: the characters a text or a name may not hold, and how the
terminal shows text it did not write itself.

A text is refused, never quietly cut or cleaned, when it holds:
- a control character: anything in Unicode's "Cc" group (the C0 and C1 controls,
  DEL), the line and paragraph separators U+2028/U+2029, or a broken half of a
  character (a lone surrogate). A newline and a tab are allowed in texts, which may
  run over several lines; a name (or a source) must fit on one line, so it may hold
  neither;
- a character that changes the direction of the writing: the embeddings and
  overrides U+202A–U+202E and the isolates U+2066–U+2069. These can make a line
  show something other than what was typed ("Trojan Source"). The left-to-right
  and right-to-left marks (U+200E, U+200F, U+061C) stay allowed: people writing
  Arabic or Hebrew need them, and they reorder nothing beyond themselves;
- nothing anyone can see: only spaces, zero-width characters (U+200B–U+200D,
  U+2060, U+FEFF …), direction marks, combining marks, or blank-looking letters
  (the Hangul fillers, the blank Braille pattern);
- an invisible character inside text that has something visible, which would be
  stored, exported and compared but never seen ("Lily" with a hidden tail is not
  "Lily"): Unicode's tag characters U+E0000–U+E007F, which can spell out a whole
  hidden message, and the other format characters that show nothing (the soft
  hyphen, zero-width space, word joiner, byte order mark, invisible operators …), and
  the Hangul fillers U+3164 and U+FFA0. What people type in real writing stays
  allowed: the zero-width joiner and non-joiner (emoji sequences such as a family or a
  skin tone, Persian and Indic spelling), the direction marks, variation selectors
  and combining marks, the tags of the England, Scotland and Wales flags, the
  zero-width space after a letter of a script written without spaces between words
  (Thai, Lao, Khmer, Myanmar, Tibetan), the Mongolian vowel separator, and the
  signs that show (the Arabic number signs and end of ayah).

Outer spaces are trimmed before these checks, as before; that is the only change
ever made to what people type.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

# Codes of a refusal, stable for clients.
CONTROL_CHARACTER: Final = "control_character"
DIRECTION_CONTROL: Final = "direction_control"
INVISIBLE_TEXT: Final = "invisible_text"
INVISIBLE_CHARACTER: Final = "invisible_character"

DIRECTION_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
LINE_SEPARATORS: Final = frozenset("\u2028\u2029")
# Letters (by Unicode's account) that show as nothing at all.
BLANK_LOOKING: Final = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_GROUPS: Final = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Mn", "Me"})

# Format characters ("Cf") that real writing needs, or that show: allowed anywhere in a
# text that has something visible. Every other one is refused there.
WRITING_FORMAT: Final = frozenset(
    "\u200c\u200d"  # zero-width non-joiner and joiner
    "\u200e\u200f\u061c"  # direction marks
    "\u180e"  # Mongolian vowel separator
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"
    "\U000110bd\U000110cd"  # signs written before or around numbers: they show
)
ZERO_WIDTH_SPACE: Final = "\u200b"
# Scripts written without spaces between words, where a zero-width space marks them.
_UNSPACED_SCRIPTS: Final = ("THAI ", "LAO ", "KHMER ", "MYANMAR ", "TIBETAN ")
HIDDEN_LETTERS: Final = frozenset("\u3164\uffa0")
TAGS: Final = range(0xE0000, 0xE0080)
# The emoji tag sequences people type: the flags of England, Scotland and Wales.
FLAGS: Final = tuple(
    "\U0001f3f4" + "".join(chr(0xE0000 + ord(c)) for c in code) + "\U000e007f"
    for code in ("gbeng", "gbsct", "gbwls")
)

_LINE_BREAKS: Final = frozenset("\n\r\u2028\u2029")
_NAMED: Final = {"\x1b": "an escape character", "\x00": "a null character"}

_SHORT_ESCAPES: Final = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def code_point(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in LINE_SEPARATORS


def _is_invisible(ch: str) -> bool:
    return ch.isspace() or ch in BLANK_LOOKING or unicodedata.category(ch) in _INVISIBLE_GROUPS


def _hidden(text: str) -> str | None:
    """The first invisible character in `text` (which has something visible) that no
    writing needs, or None."""
    for flag in FLAGS:
        text = text.replace(flag, "\U0001f3f4")
    previous = ""
    for ch in text:
        if ch in HIDDEN_LETTERS or ord(ch) in TAGS:
            return ch
        if unicodedata.category(ch) == "Cf" and ch not in WRITING_FORMAT:
            spaced = ch == ZERO_WIDTH_SPACE and unicodedata.name(previous, "").startswith(
                _UNSPACED_SCRIPTS
            )
            if not spaced:
                return ch
        previous = ch
    return None


def text_problem(field: str, text: str, *, multiline: bool) -> tuple[str, str] | None:
    """(code, message) saying why `text` cannot be taken for `field`, or None if it can.
    `text` is already trimmed; an empty text is the caller's to judge."""
    for ch in text:
        if ch in DIRECTION_CONTROLS:
            return DIRECTION_CONTROL, (
                f"'{field}' holds a hidden character that changes the direction of the "
                f"writing ({code_point(ch)}), so it could show something other than what "
                "was typed. Please take it out and try again."
            )
        if not _is_control(ch) or (multiline and ch in "\n\t"):
            continue
        if ch in _LINE_BREAKS and not multiline:
            message = f"'{field}' must fit on one line: please take out the line break."
        elif ch == "\t":
            message = f"'{field}' cannot hold a tab: please use a space instead."
        elif ch in _LINE_BREAKS:
            message = (
                f"'{field}' holds an unusual line break ({code_point(ch)}): please use an "
                "ordinary new line instead."
            )
        else:
            what = _NAMED.get(ch, "a hidden control character")
            if unicodedata.category(ch) == "Cs":
                what = "a broken character"
            message = (
                f"'{field}' holds {what} ({code_point(ch)}), which cannot be shown. "
                "Please take it out and try again."
            )
        return CONTROL_CHARACTER, message
    if text and all(_is_invisible(ch) for ch in text):
        return INVISIBLE_TEXT, (
            f"'{field}' has only invisible characters in it. Please write something people can see."
        )
    hidden = _hidden(text)
    if hidden is not None:
        return INVISIBLE_CHARACTER, (
            f"'{field}' holds a hidden character ({code_point(hidden)}) that would be kept "
            "but never shown. Please take it out and try again."
        )
    return None


# What `visible` writes out: the C0 and C1 controls and DEL, broken halves of
# characters, the line and paragraph separators, and the direction controls.
_TERMINAL_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
# The same, less the C0 controls JSON itself escapes: raw in a JSON line, they would
# reach a terminal as they are, though "\\u202e" means the same to every JSON reader.
_JSON_UNSAFE: Final = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(found: re.Match[str]) -> str:
    ch = found.group()
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def visible(text: str) -> str:
    """The text with every control and direction character written out as an escape
    (a newline as \\n, ESC as \\x1b, U+202E as \\u202e), for a terminal: what a
    person typed can never move the cursor, colour the screen or turn a line around.
    Everything else (accents, emoji and the joiners inside them) is shown as it is."""
    return _TERMINAL_UNSAFE.sub(_escape, text)


def json_visible(line: str) -> str:
    """A JSON text with the characters above written as JSON escapes (\\u202e): the
    same JSON to any reader, and nothing in it acts on a terminal."""
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", line)
