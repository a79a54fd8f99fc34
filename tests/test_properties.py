"""Hypothesis properties on every parser entry point (issue 6), with bounded example counts.

Each entry point accepts anything of its input type and either returns a value with the
documented properties or raises a `LiveBlogError`; nothing else escapes. The HTML and MHTML
entry points are tested once their modules exist (issue 3) and skipped cleanly before.
"""

from __future__ import annotations

import codecs
import importlib
import importlib.util
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from parsers.errors import InputError, LiveBlogError
from parsers.extract.text import parse_text_string, parse_timestamp_line
from parsers.model import LiveBlog, displayed_strings
from parsers.normalise.clean import clean_inline, clean_text
from parsers.options import ParseOptions
from parsers.pipeline import parse_bytes
from parsers.read.detect import FORMATS, detect_format
from parsers.read.input import decode_bytes, read_input

try:
    from tests.catalogue import FAMILY_EMOJI, FORBIDDEN_CHARS, HOSTILE_LINES
except ImportError:
    from catalogue import FAMILY_EMOJI, FORBIDDEN_CHARS, HOSTILE_LINES

EXAMPLES = int(os.environ.get("LIVEBLOG_HYPOTHESIS_EXAMPLES", "150"))
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HAVE_HTML = importlib.util.find_spec("parsers.extract.html.page") is not None
HAVE_MHTML = importlib.util.find_spec("parsers.extract.mhtml") is not None
FORBIDDEN = re.compile("[" + "".join(re.escape(c) for c in sorted(FORBIDDEN_CHARS)) + "]")

# ---------------------------------------------------------------- strategies

STAMPS = st.sampled_from(
    ["10:00", "9:56PM", "21.56 BST", "0:00", "23:59", "12:00 am", "25:99", "24:00", "12:60", "13:00 pm",
     "Updated at 0:00", "2017-04-12T21:56:00+01:00", "2017-02-30T10:00", "12 April 2017 9:56pm",
     "Posted at 25:61", "10:00 XYZ", "9.56 CEST", "10:00 +14:00", "10:00 +15:00", "99:99:99"]
)
PIECES = st.sampled_from(
    ["Advertisement", "Share this post", "A headline", 'He said: "yes".', "Picture - Credit: AP Photo",
     "[@click=app.quit]", "[/]", "[bold red]", "\x1b[31m", "\x1b]0;t\x07", "\x1b]8;;http://x\x1b\\", "\x1b]",
     "\x9b1m", "\u202e", "\u2066", "\u200d", FAMILY_EMOJI, "\x00", "\ufeff", "\u00a0", "\r\n", "\r", "\t",
     "“", "’", "…", "\u0301", "\U0001d400", "\udcef", "\ud83d", *HOSTILE_LINES]
)
LINE = st.one_of(STAMPS, PIECES, st.text(max_size=40))
BLOGLIKE = st.lists(LINE, max_size=30).map("\n".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1"])


@st.composite
def encoded_blogs(draw: st.DrawFn) -> bytes:
    """Blog-like text in some encoding, maybe with a BOM, maybe cut short, maybe with junk."""
    text = draw(BLOGLIKE)
    encoding = draw(ENCODINGS)
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        data += draw(st.binary(max_size=16))
    return data


ANY_BYTES = st.one_of(st.binary(max_size=600), encoded_blogs())


def assert_clean_blog(blog: LiveBlog) -> None:
    """Assert the properties every parsed LiveBlog has, whatever the input."""
    for text in displayed_strings(blog):
        assert not FORBIDDEN.search(text), repr(text)
    ids = [u.id for u in blog.updates]
    assert len(ids) == len(set(ids)) and all(ids)
    for update in blog.updates:
        assert update.time is None or re.fullmatch(r"[01]\d:[0-5]\d|2[0-3]:[0-5]\d", update.time)
        for link in update.links:
            assert link.url.lower().startswith(("http://", "https://", "mailto:")), link.url


def parses_safely(parse: Callable[[], LiveBlog]) -> LiveBlog | None:
    """Run a parse; return its LiveBlog, or None if it raised a LiveBlogError (anything else fails)."""
    try:
        blog = parse()
    except LiveBlogError as exc:
        assert "\n" not in str(exc), "an error message is one line"
        return None
    assert_clean_blog(blog)
    return blog


# ---------------------------------------------------------------- loader / text


@BOUNDED
@given(ANY_BYTES)
@example(b"\xff\xfe")
@example(b"\xef\xbb\xbf")
@example(b"\x00" * 10)
@example(b"<html>" + b"<div>" * 2000)
def test_parse_bytes_raises_only_its_own_errors(data: bytes) -> None:
    if not HAVE_HTML:
        assume(detect_format(data).name == "text")
    parses_safely(lambda: parse_bytes(data, "prop.bin"))


@BOUNDED
@given(BLOGLIKE, st.sampled_from([ParseOptions(), ParseOptions(date=__import__("datetime").date(2024, 2, 29))]))
def test_parse_text_string_raises_only_its_own_errors(text: str, options: ParseOptions) -> None:
    blog = parses_safely(lambda: parse_text_string(text, "prop.txt", options))
    if blog is not None and options.date is not None:
        stamped = [u for u in blog.updates if u.time is not None]
        assert all(u.datetime is not None for u in stamped), "with --date every timed update gets a datetime"


# Words no furniture rule knows (no vowels), so none may be dropped.
WORDS = st.lists(st.text(alphabet="bcdfghjkmnpqrstvwxz", min_size=3, max_size=9), min_size=1, max_size=8).map(" ".join)


@BOUNDED
@given(st.lists(st.tuples(st.sampled_from(["10:00", "9:56pm", "23.15", "0:00"]), st.lists(WORDS, max_size=4)),
                min_size=1, max_size=8), WORDS)
def test_no_text_is_lost(updates: list[tuple[str, list[str]]], title: str) -> None:
    """Every word of every paragraph of a well-formed text blog reaches the model."""
    source = title + "\n\n" + "\n\n".join(stamp + "\n\n" + "\n\n".join(paras) for stamp, paras in updates)
    blog = parse_text_string(source, "words.txt")
    assert len(blog.updates) == len(updates)
    seen = " ".join(displayed_strings(blog)).split()
    wanted = source.split()
    stamps = {"10:00", "9:56pm", "23.15", "0:00"}
    assert sorted(w for w in wanted if w not in stamps) == sorted(w for w in seen if not re.fullmatch(r"\d\d:\d\d", w))


# ---------------------------------------------------------------- decoding


@BOUNDED
@given(ANY_BYTES)
def test_decode_bytes_returns_text_or_input_error(data: bytes) -> None:
    try:
        text, warning = decode_bytes(data, "prop.bin")
    except InputError as exc:
        assert str(exc).startswith("prop.bin: ") and "\n" not in str(exc)
        return
    assert isinstance(text, str)
    assert warning is None or warning.startswith("prop.bin: ")
    boms = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
    if warning is None and not data.startswith(boms):
        assert text == data.decode("utf-8"), "valid UTF-8 is decoded as UTF-8"


DECLARED = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["utf-8", "utf-16", "utf-32", "utf-7", "rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri",
                     "undefined", "unicode_escape", "raw_unicode_escape", "punycode", "idna", "utf\x00-8",
                     "windows-1252", "shift_jis", "iso-2022-jp", "koi8-r", "gb18030", "x-user-defined", ""]),
)


@BOUNDED
@given(ANY_BYTES, DECLARED)
@example(b"<html>x</html>", "utf\x00-8")  # found by bench/fuzz/fuzz_html.py: ValueError from codecs.lookup
@example(b"<html>x</html>", "rot13")  # LookupError from bytes.decode: not a text encoding
@example(b"<html>x</html>", "undefined")  # UnicodeError, not UnicodeDecodeError
def test_decode_bytes_survives_any_declared_encoding(data: bytes, declared: str) -> None:
    """A page's <meta charset> is untrusted: any value gives text or an InputError."""
    try:
        text, _ = decode_bytes(data, "page.html", declared=declared)
    except InputError:
        return
    assert isinstance(text, str)
    if declared in ("utf-16", "utf-7", "unicode_escape", "rot13") and data.isascii():
        assert text == data.decode("ascii"), "a refused declaration leaves ASCII as it is"


@BOUNDED
# Text starting with NUL is left out: UTF-16-LE "FF FE" + NUL is the UTF-32-LE mark, which wins.
@given(st.text(min_size=1).filter(lambda s: not s.startswith(("\ufeff", "\x00"))),
       st.sampled_from(["utf-16", "utf-16-be", "utf-32", "utf-8-sig"]))
def test_decode_bytes_round_trips_text_with_a_bom(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="surrogatepass") if encoding != "utf-16-be" else (
        codecs.BOM_UTF16_BE + text.encode("utf-16-be", errors="surrogatepass"))
    try:
        decoded, warning = decode_bytes(data, "bom.txt")
    except InputError:
        # Only lone surrogates (which no encoder should write) may fail.
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in text)
        return
    assert decoded == text and warning is None


@BOUNDED
@given(st.text(alphabet=st.characters(codec="cp1252", exclude_categories=["Cc"]), min_size=1))
def test_windows_1252_text_decodes_to_itself(text: str) -> None:
    data = text.encode("cp1252")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        assume(False)  # e.g. "Â\xa0" is also valid UTF-8 for a no-break space: ambiguous
    decoded, warning = decode_bytes(data, "w.txt")
    assert decoded == text and warning is not None


# ---------------------------------------------------------------- cleaning


@BOUNDED
@given(st.text())
@example("\x1b]0;title never ends")
@example("a\x1b[31mb\x9b1mc\u202ed\u2066e\x00f\x7fg\x85h")
@example(FAMILY_EMOJI + "\u200d")
@example("lone \udcef surrogate \ud83d")  # found by bench/fuzz/fuzz_text.py: crashed the id hash
def test_clean_text_is_safe_and_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert not FORBIDDEN.search(cleaned), repr(cleaned)
    assert "\r" not in cleaned
    assert clean_text(cleaned) == cleaned
    assert unicodedata.is_normalized("NFC", cleaned)


PRINTABLE = st.text(st.characters(exclude_categories=["Cc", "Cf", "Cs", "Zl", "Zp"]))


@BOUNDED
@given(PRINTABLE, PRINTABLE)
def test_clean_text_keeps_printable_text_and_zwj_emoji(before: str, after: str) -> None:
    """Nothing printable is lost: clean_text changes printable text only by NFC and no-break spaces."""
    text = before + FAMILY_EMOJI + after
    cleaned = clean_text(text)
    assert FAMILY_EMOJI in cleaned
    expected = unicodedata.normalize("NFC", text).translate({0xA0: " ", 0x202F: " ", 0x2007: " "})
    assert cleaned == expected


@BOUNDED
@given(st.text())
def test_clean_inline_is_one_tidy_line(text: str) -> None:
    line = clean_inline(text)
    assert "\n" not in line and "  " not in line and "\t" not in line
    assert line == line.strip()
    assert not FORBIDDEN.search(line)
    assert clean_inline(line) == line


# ---------------------------------------------------------------- timestamps


@BOUNDED
@given(st.text(max_size=100))
def test_parse_timestamp_line_never_raises(line: str) -> None:
    stamp = parse_timestamp_line(line)
    if stamp is not None:
        assert isinstance(stamp.clock, time)
        assert len(line) <= 80


@BOUNDED
@given(st.integers(0, 99), st.integers(0, 99), st.sampled_from(["", " am", "pm", " p.m.", " AM"]),
       st.sampled_from(["", " BST", " (GMT)", " CET", " +01:00"]))
def test_parse_timestamp_line_accepts_exactly_real_times(hour: int, minute: int, meridiem: str, zone: str) -> None:
    stamp = parse_timestamp_line(f"{hour}:{minute:02d}{meridiem}{zone}")
    real = minute <= 59 and (1 <= hour <= 12 if meridiem else hour <= 23)
    assert (stamp is not None) == real, (hour, minute, meridiem, zone)
    if stamp is not None:
        expected_hour = hour % 12 + (12 if "p" in meridiem.lower() else 0) if meridiem else hour
        assert (stamp.clock.hour, stamp.clock.minute) == (expected_hour, minute)


# ---------------------------------------------------------------- format detection


@BOUNDED
@given(ANY_BYTES)
def test_detect_format_always_picks_a_known_format(data: bytes) -> None:
    assert detect_format(data) in FORMATS


@BOUNDED
@given(st.text(max_size=200), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_html_is_detected_in_any_unicode_encoding(body: str, encoding: str) -> None:
    page = f"<!DOCTYPE html><html><head><title>t</title></head><body>{body}</body></html>"
    assert detect_format(page.encode(encoding, errors="replace")).name == "html"


# ---------------------------------------------------------------- reading files


@BOUNDED
@given(st.binary(max_size=300), st.integers(1, 400))
def test_read_input_returns_the_bytes_or_a_clear_error(data: bytes, limit: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.bin"
        path.write_bytes(data)
        try:
            got = read_input(str(path), max_bytes=limit)
        except InputError as exc:
            assert str(exc).startswith(str(path))
            assert len(data) > limit or not data.strip()
            return
        assert got == data and len(data) <= limit
        assert path.read_bytes() == data, "the input is never modified"


# ---------------------------------------------------------------- HTML and MHTML (issue 3)


def _entry_point(module: str, func: str) -> Callable[..., Any]:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not merged yet (issue 3)")
    parse: Callable[..., Any] = getattr(importlib.import_module(module), func)
    return parse


TAGS = st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<article>", "</article>", "<time datetime='2024-05-01T10:00:00Z'>",
     "</time>", "<script>", "</script>", "<style>", "<!--", "-->", "<br>", "<a href='https://example.com/x'>",
     "<a href='javascript:alert(1)'>", "<a href='file:///etc/passwd'>", "</a>", "<h2>", "</h2>", "<blockquote>",
     "<![CDATA[", "]]>", "&amp;", "&#27;", "&#x202e;", "&#0;", "&bogus;", "<meta charset='utf-16'>",
     "<script type='application/ld+json'>", '{"@type":"LiveBlogPosting","liveBlogUpdate":[{"@id":"#a"}]}',
     '{"@id":"#a","isPartOf":{"@id":"#a"}}', "[[[[[[[[", "<svg><foreignObject>", "<template>", "<iframe srcdoc='<p>x'>"]
)
HTMLISH = st.lists(st.one_of(TAGS, LINE), max_size=40).map(lambda parts: "<html><body>" + "".join(parts))


@BOUNDED
@given(HTMLISH, st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_parse_html_raises_only_its_own_errors(page: str, encoding: str) -> None:
    parse = _entry_point("parsers.extract.html.page", "parse_html")
    data = page.encode(encoding, errors="replace")
    parses_safely(lambda: parse(data, "prop.html", ParseOptions()))


@BOUNDED
@given(HTMLISH, st.sampled_from(["quoted-printable", "base64", "8bit", "bogus"]), st.booleans())
def test_parse_mhtml_raises_only_its_own_errors(page: str, transfer: str, truncate: bool) -> None:
    parse = _entry_point("parsers.extract.mhtml", "parse_mhtml")
    body = page.encode("utf-8", errors="replace")
    if transfer == "base64":
        body = codecs.encode(body, "base64")
    elif transfer == "quoted-printable":
        body = codecs.encode(body, "quopri")
    data = (
        b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/related; type="text/html"; boundary="B"\r\n\r\n'
        b"--B\r\nContent-Type: text/html\r\nContent-Location: https://example.com/live\r\n"
        + f"Content-Transfer-Encoding: {transfer}\r\n\r\n".encode()
        + body
        + b"\r\n--B--\r\n"
    )
    if truncate:
        data = data[: len(data) // 2]
    parses_safely(lambda: parse(data, "prop.mhtml", ParseOptions()))
