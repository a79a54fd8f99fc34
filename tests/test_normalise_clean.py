"""`strip_controls` returns printable text unchanged, as its regexes would (minimal change to clean.py)."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.normalise.clean import _CONTROL, _ESCAPE_SEQUENCE, strip_controls


def strip_by_the_regexes(text: str) -> str:
    """The rule as written before the printable fast path."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text or "\x90" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


PIECES = ["a", " ", "\u00e9", "\u201c", "\u2013", "\u00a0", "\t", "\n", "\r", "\r\n", "\x00", "\x07", "\x1b[31m",
          "\x1b]0;t\x07", "\x9b1m", "\x9d", "\x90", "\x85", "\u202e", "\u2066", "\ufeff", "\ud800", "\u2028", "\ue000",
          "\U0001f600", "\u0301"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_same_as_the_regexes(text: str) -> None:
    assert strip_controls(text) == strip_by_the_regexes(text)


def test_every_character_the_regexes_touch_is_non_printable() -> None:
    touched = [chr(c) for c in range(sys.maxunicode + 1)
               if chr(c) in "\r\x1b\x9b\x9d\x90" or _CONTROL.match(chr(c))]
    assert touched and not any(c.isprintable() for c in touched)
