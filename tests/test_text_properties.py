"""Property tests: arbitrary text and bytes never make the text parser raise a foreign error."""

from __future__ import annotations

import contextlib
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.errors import LiveBlogError
from parsers.extract.text import parse_text_string
from parsers.normalise.clean import clean_text
from parsers.pipeline import parse_bytes

# Text built from fragments that look like live blogs, so the interesting paths are reached.
FRAGMENTS = st.sampled_from(
    ["9:56PM", "21.56 BST", "25:99", "Updated at 0:00", "2017-04-12T21:56:00+01:00", "Advertisement",
     "A headline", "He said: \"yes\".", "x - Credit: AP", "\x1b[31m", "\x1b]0;t\x07", "\u202e", "\x00", "\n", "\n\n",
     "\r\n", "“", " ", "12 April 2017 9:56pm", "Posted at 25:61"]
)
BLOGLIKE = st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=40).map("".join)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(BLOGLIKE)
def test_text_parser_only_raises_own_errors(text: str) -> None:
    try:
        blog = parse_text_string(text, "prop.txt")
    except LiveBlogError:
        return
    for update in blog.updates:
        for part in (update.headline or "", *update.paragraphs, *update.captions):
            assert not CONTROL.search(part)
        assert update.time is None or re.fullmatch(r"[0-2]\d:[0-5]\d", update.time)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_bytes_only_raise_own_errors(data: bytes) -> None:
    with contextlib.suppress(LiveBlogError):
        parse_bytes(data, "prop.bin")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_removes_controls_and_is_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert not CONTROL.search(cleaned)
    assert "\x1b" not in cleaned and "\r" not in cleaned
    assert clean_text(cleaned) == cleaned
