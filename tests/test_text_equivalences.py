"""The text parser's fast paths give exactly what the slow, obvious definitions give.

Each shortcut (cleaning UTF-8 off its bytes, the NFC-stable characters, the whole-text hints for
timestamp, furniture and caption lines, the caption finder) is checked against the rule it
stands in for, on generated lines built to reach the edge cases: case-folding letters such as
"İ", Kelvin "K" and long "ſ", odd spaces, dashes, labels and plurals.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.errors import InputError
from parsers.extract.text import (
    _STAMP_LINE_SPLIT,
    _block_of,
    _block_of_stretch,
    parse_text,
    parse_text_string,
    parse_timestamp_line,
)
from parsers.normalise.clean import _CONTROL, NFC_STABLE_RANGES, clean_text, clean_utf8_with_rest
from parsers.normalise.furniture import (
    _FURNITURE_PATTERN_STARTS,
    CAPTION_HINT,
    CAPTION_LINE,
    FURNITURE_HINT,
    FURNITURE_PATTERNS,
    FURNITURE_WORDS,
    is_furniture,
    parse_caption,
)
from parsers.options import ParseOptions
from parsers.read.input import decode_bytes, decode_clean_text

SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"
SLOW = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Letters that case-fold onto ASCII ones, odd spaces, dashes, bullets and a control.
ODD = ["\u0130", "\u0131", "\u017f", "\u212a", "\u00a0", "\u2028", "\u3000", "\u2003", "\t", "–", "—", "•", "·",
       "©", "“", "\x1b[1m", "\u0301"]
WORD = st.sampled_from([*sorted(FURNITURE_WORDS), "The", "SHARE", "Share", "Facebook", "twitter", "Read", "more",
                        "shared", "login", "sign-up", "-", "(c)", "Copyright", "Advertisement", "Credit", "credits",
                        "Photograph", "pics", "Picture", "image", "Putin", "Moscow", "said", "AP", "Reuters", *ODD])
SEPARATOR = st.sampled_from([" ", "  ", ", ", " | ", " - ", ": ", ":", ".", "", "2017", " / ", *ODD])
LINE = st.lists(st.tuples(WORD, SEPARATOR), min_size=1, max_size=14).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)
STAMP_LINE = st.sampled_from(
    ["9:56PM", "9:56 pm", " 21.56 ", "10:15 BST", "Updated 10:15", "Last updated at: 10:15am", "posted 9:02",
     "Wed 12 April 2017 10:15", "Wednesday, April 12, 2017 at 10:15 pm", "2017-04-12T10:15:30Z", "Sept 3rd 2017 10:00",
     "ſat 12 April 2017 10:15", "LAST UPDATED 9:02", "12 Apr 2017 | 9.02", "May 5 2017 9:00", "\u3000 9:56PM"]
)


def test_nfc_stable_ranges_are_stable_everywhere() -> None:
    """Every character `clean_utf8_with_rest` lets through untouched is its own NFC, combining class 0, no
    control, and never the second character of a canonical composition (so no neighbour changes it)."""
    seconds = set()
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<") and len(decomposition.split()) == 2:
            seconds.add(int(decomposition.split()[1], 16))
    stable = re.compile(f"[{NFC_STABLE_RANGES}]")
    for code in range(0x110000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or not stable.match(char):
            continue
        assert unicodedata.is_normalized("NFC", char), hex(code)
        assert unicodedata.combining(char) == 0, hex(code)
        assert code not in seconds, hex(code)
        assert not _CONTROL.match(char), hex(code)


@SLOW
@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from([*ODD, "\r\n", "\r", "\ufeff", "é", "e\u0301",
                                                                  "\u2000", "\u212b"])), max_size=30).map("".join))
def test_clean_utf8_is_clean_text_of_the_decoded_bytes(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # lone surrogates: not UTF-8, `decode_bytes` handles them
    assert clean_utf8_with_rest(data)[0] == clean_text(decoded)


def test_clean_utf8_on_the_sample() -> None:
    data = SAMPLE.read_bytes()
    assert clean_utf8_with_rest(data)[0] == clean_text(data.decode("utf-8"))
    text, warning, rest = decode_clean_text(data, "s.txt")
    assert (text, warning) == (clean_text(decode_bytes(data, "s.txt")[0]), None)
    assert rest is not None and "’" in rest


@SLOW
@given(LINE)
def test_furniture_hint_finds_every_furniture_line(line: str) -> None:
    cleaned = " ".join(clean_text(line).split())  # as `_block_of` sees it: one stripped line
    if cleaned and is_furniture(cleaned) and not any(c in cleaned for c in "\u0130\u212a"):
        assert FURNITURE_HINT.search("\n" + cleaned + "\n"), cleaned


@SLOW
@given(st.sampled_from(FURNITURE_PATTERNS).flatmap(lambda p: st.from_regex(p, fullmatch=True)))
def test_furniture_hint_finds_every_pattern_line(line: str) -> None:
    if "\n" in line:
        return
    stripped = line.strip()
    if stripped and is_furniture(stripped):
        assert FURNITURE_HINT.search("\n" + stripped), stripped


def test_pattern_starts_cover_the_patterns() -> None:
    """Each furniture pattern begins with one of `_FURNITURE_PATTERN_STARTS` (so the hint's
    look-ahead lets its lines through)."""
    examples = ["Advertisement", "Sponsored content", "Skip to content", "Jump to main content",
                "- This content is subject to copyright.", "• this content is subject to copyright",
                "© Telegraph Media Group", "(c) 2017", "Copyright 2017", "All rights reserved.", "Profile | Rex",
                "Related | x", "Read more | x", "Watch | x", "Listen|x", "Video | x", "Explainer | x", "Analysis | x",
                "Opinion | x", "Read more", "See more:", "Show all updates", "Load more posts", "Back to top",
                "Scroll to top", "Follow us on Twitter", "Sign up", "Subscribe to our newsletter."]
    for example in examples:
        assert is_furniture(example), example
        assert example.lower().startswith(tuple(_FURNITURE_PATTERN_STARTS)), example
        assert FURNITURE_HINT.search("\n" + example), example


def _caption_by_pattern(line: str) -> tuple[str, str] | None:
    """The definition `parse_caption` implements: `CAPTION_LINE`, text of three words or more."""
    match = CAPTION_LINE.match(line)
    if not match or len(match.group("text").split()) < 3:
        return None
    return match.group("text").rstrip(" -–—"), match.group("credit").strip()


CAPTION_LIKE = st.tuples(
    st.lists(st.sampled_from(["Putin", "in", "Moscow", "ab", "x" * 12, "-", "–", "  ", "\u2028"]), min_size=1,
             max_size=8).map(" ".join),
    st.sampled_from([" ", "  ", " - ", "-", " —", " – ", "\u3000", "\u2028", ""]),
    st.sampled_from(["Credit", "CREDITS", "Photograph", "photographs", "Photo", "photos", "Picture", "image",
                     "Images", "pic", "Pics", "ſ", "\u212a", "credit card"]),
    st.sampled_from([":", ": ", ":  ", " :", "::"]),
    st.text(alphabet="AP/ Reuters:-\u2028x", max_size=140),
).map("".join)


@SLOW
@given(st.one_of(CAPTION_LIKE, LINE))
def test_parse_caption_is_the_caption_pattern(line: str) -> None:
    assert parse_caption(line) == _caption_by_pattern(line)
    for start in (line.find(":"), line.rfind(":")):
        if start >= 0 and _caption_by_pattern(line) is not None:
            assert CAPTION_HINT.search(line), line


@SLOW
@given(STAMP_LINE, st.sampled_from(["", "x", "Body text.\n", "\n"]))
def test_stamp_split_takes_every_timestamp_line(line: str, after: str) -> None:
    if parse_timestamp_line(line) is None:
        assert line.startswith("\u017f")  # "ſat" is no weekday to dateutil
        return
    pieces = _STAMP_LINE_SPLIT.split("\nIntro\n" + line + "\n" + after)
    assert line in pieces[1::2]


@SLOW
@given(st.lists(st.one_of(LINE, STAMP_LINE, st.sampled_from(["", " ", "\u00a0", "Share Facebook Twitter"])),
                max_size=25))
def test_stretch_fast_path_is_the_line_by_line_block(lines: list[str]) -> None:
    stretch = "\n" + clean_text("\n".join(lines))
    slow = _block_of(stretch.split("\n"))
    fast = _block_of_stretch(stretch, True, None)
    assert (fast.paragraphs, fast.captions) == (slow.paragraphs, slow.captions)


@SLOW
@given(st.lists(st.one_of(LINE, STAMP_LINE, st.sampled_from(["", "Headline", "\r\n", "\u00a0"])), max_size=30))
def test_bytes_and_text_entry_points_agree(lines: list[str]) -> None:
    text = "\n".join(lines)
    data = text.encode("utf-8", "surrogatepass")
    try:
        decoded = data.decode("utf-8")
        decode_bytes(data, "p.txt")
    except (UnicodeDecodeError, InputError):
        return  # not text the bytes entry point takes (lone surrogates, binary-looking)
    options = ParseOptions()
    try:
        from_text = repr(parse_text_string(decoded, "p.txt", options))
    except Exception as exc:
        from_text = repr(exc)
    try:
        from_bytes = repr(parse_text(data, "p.txt", options))
    except Exception as exc:
        from_bytes = repr(exc)
    if decoded.startswith("\ufeff") or data[:1] in (b"\xfe", b"\xff"):
        return  # a BOM is dropped by the bytes entry point only
    assert from_bytes == from_text


def test_furniture_hint_stops_after_twelve_words() -> None:
    """A line of more furniture words than a share bar holds is not furniture, and the hint does not
    walk it word by word (a 3 MB line of "x: " took the hint half a second)."""
    assert is_furniture("Share " * 12) and FURNITURE_HINT.search("\n" + "Share " * 12)
    assert not is_furniture("Share " * 13) and not FURNITURE_HINT.search("\n" + "Share " * 13)
    assert not is_furniture("x: " * 100_000)


def test_bare_clock_shortcut_is_the_full_timestamp_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """"9:56PM"-style lines are read by a short pattern; the long one must give the same `Timestamp`."""
    import itertools

    import parsers.extract.text as text_module

    numbers = ["0", "1", "9", "12", "23", "24", "99", "\u0669", "00", "5", "59", "60", "7"]
    lines = [f"{h}{sep}{m}{mer}" for h, sep, m, mer in
             itertools.product(numbers, ":.", numbers, ["", "AM", "pm", "Pm", "aM", " pm", "p.m."])]
    quick = [parse_timestamp_line(line) for line in lines]
    monkeypatch.setattr(text_module, "_SIMPLE_CLOCK_LINE", re.compile("(?!)"))
    assert [parse_timestamp_line(line) for line in lines] == quick
    assert sum(stamp is not None for stamp in quick) > 300
