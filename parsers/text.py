"""The plain-text parser: live blogs copied or saved as text.

The text is split into updates at lines that hold nothing but a timestamp. The short line
after a timestamp is the headline when it reads as one; the paragraphs up to the next
timestamp are the body. Page furniture is dropped by the rules in `FURNITURE_*` (data),
photo captions are collected with their credit.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo

from dateutil import parser as dateutil_parser

from parsers.clean import clean_inline, clean_text, collapse_spaces
from parsers.errors import InputError
from parsers.model import LiveBlog, Source, Update, unique_ids
from parsers.options import ParseOptions
from parsers.reading import decode_bytes
from parsers.times import assign_dates, clock_string, to_24h, zone_for

_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"(?:{_WEEKDAY}\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_ZONE = r"(?:[A-Za-z]{1,5}|(?:UTC|GMT)?[+-]\d{1,2}(?::?\d{2})?)"

# A line that is only a timestamp, in the forms copied live blogs use. Anchored on the whole
# line, so a time inside a sentence never matches.
TIMESTAMP_LINE = re.compile(
    r"^\s*(?:(?:last\s+)?(?:updated|posted|published)(?:\s+at)?:?\s+)?"
    rf"(?:(?P<date>{_DATE})(?:,?\s+(?:at\s+)?|\s*[-–—|]\s*))?"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.]\d{2})?"
    r"\s*(?P<meridiem>[ap]\.?\s?m\.?)?"
    rf"(?:\s*\(?(?P<zone>{_ZONE})\)?)?\s*$",
    re.IGNORECASE,
)
ISO_TIMESTAMP_LINE = re.compile(
    r"^\s*(?P<iso>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)\s*$"
)

# A clock ("9:56", "21.56"): every timestamp line holds one, so a line without one is rejected
# before the long timestamp patterns are tried.
_CLOCK_HINT = re.compile(r"\d[:.]\d\d")

# Page furniture. Lines matching any of these patterns are dropped wherever they appear.
FURNITURE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^advertisement$",
        r"^sponsored( content)?$",
        r"^(skip|jump) to (main )?content$",
        r"^[-•*·]?\s*this content is subject to copyright\.?$",
        r"^(©|\(c\)|copyright\b).{0,120}$",
        r"^all rights reserved\.?$",
        r"^(profile|related|read more|watch|listen|video|explainer|analysis|opinion)\s*\|\s*.{1,120}$",
        r"^(read|see) more:?$",
        r"^(show|load) (more|all)( updates| posts)?$",
        r"^(back to top|scroll to top)$",
        r"^(follow us|sign up|subscribe)( to [\w ]{1,40})?( on [\w ]{1,20})?\.?$",
    )
)
# Words that make up share bars and log-in strips. A short line made only of these is furniture.
FURNITURE_WORDS: frozenset[str] = frozenset(
    """register log in sign out up commenting policy comments comment share shares tweet
    email e-mail facebook twitter x whatsapp linkedin pinterest reddit messenger print copy
    link save bookmark follow on the this article show hide close menu more""".split()
)
FURNITURE_REQUIRED: frozenset[str] = frozenset(
    "register log sign commenting comments share tweet facebook twitter whatsapp linkedin pinterest".split()
)
# Speed: all furniture patterns as one alternation (one regex call per line instead of one per
# pattern). A sentence is rejected on its first word, so most lines never reach the word list.
_FURNITURE_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in FURNITURE_PATTERNS), re.IGNORECASE)
_WORDS = re.compile(r"[a-z-]+")

# A photo caption: "<text> - Credit: <agency>" (the label may vary).
CAPTION_LINE = re.compile(
    r"^(?P<text>.{10,}?)\s+(?:[-–—]\s*)?(?P<label>credit|photograph|photo|picture|image|pic)s?:"
    r"\s*(?P<credit>\S.{0,120})$",
    re.IGNORECASE,
)

# The end of `CAPTION_LINE`: a label, a colon and a credit of at most 121 characters.
_CAPTION_TAIL = re.compile(
    r"(?:credit|photograph|photo|picture|image|pic)s?:\s*\S.{0,120}$", re.IGNORECASE
)
_CAPTION_LABEL_MAX = len("photographs:")
_FURNITURE_SCAN_CHARS = 2000  # lines up to this long are split into words in one go

HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 28
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’]?\s+[A-Z]")


@dataclass(slots=True, frozen=True)
class Timestamp:
    """A timestamp line's value: the wall-clock time, and the date and zone when it gave them."""

    clock: time
    day: date | None
    zone: tzinfo | None


def parse_timestamp_line(line: str) -> Timestamp | None:
    """Return the `Timestamp` if `line` is only a timestamp (any supported form), else None.

    Accepts one line of text. Impossible times (25:99) are not timestamps.
    """
    if len(line) > 80 or not _CLOCK_HINT.search(line):
        return None
    iso = ISO_TIMESTAMP_LINE.match(line)
    if iso:
        try:
            value = dateutil_parser.isoparse(iso.group("iso").replace(" ", "T"))
        except (ValueError, OverflowError):
            return None
        return Timestamp(value.time().replace(tzinfo=None), value.date(), value.tzinfo)
    match = TIMESTAMP_LINE.match(line)
    if not match:
        return None
    meridiem = match.group("meridiem")
    hm = to_24h(
        int(match.group("hour")),
        int(match.group("minute")),
        meridiem.replace(".", "").replace(" ", "").lower() if meridiem else None,
    )
    if hm is None:
        return None
    zone: tzinfo | None = None
    if match.group("zone"):
        zone = zone_for(match.group("zone"))
        if zone is None:
            return None  # "9:56 the" is not a timestamp; an unknown word is not a zone
    day: date | None = None
    if match.group("date"):
        try:
            day = dateutil_parser.parse(match.group("date"), fuzzy=False).date()
        except (ValueError, OverflowError):
            return None
    return Timestamp(time(*hm), day, zone)


def is_furniture(line: str) -> bool:
    """Return True if a cleaned, non-empty line is page furniture (ads, share bars, copyright)."""
    if _FURNITURE_ANY.match(line):
        return True
    lowered = line.lower()
    first = _WORDS.search(lowered)
    if first is None or first.group() not in FURNITURE_WORDS:
        return False  # every word must be a furniture word: the first one already is not
    if len(line) <= _FURNITURE_SCAN_CHARS:
        words = _WORDS.findall(lowered)
    else:
        # Stop at the 13th word: a long line is never furniture, and a 50 MB line must
        # not become a list of millions of words.
        words = [m.group() for m in itertools.islice(_WORDS.finditer(lowered), 13)]
    return (
        0 < len(words) <= 12
        and all(w in FURNITURE_WORDS for w in words)
        and any(w in FURNITURE_REQUIRED for w in words)
    )


def parse_caption(line: str) -> tuple[str, str] | None:
    """Return ``(caption_text, credit)`` if `line` is a photo caption with a credit, else None."""
    # Look at the line's tail first: on a long line with no credit at its end, the full
    # pattern's lazy prefix walks every character (seconds on a 50 MB line).
    start = _caption_tail_start(line)
    if line.find(":", start) < 0 or not _CAPTION_TAIL.search(line, start):
        return None
    match = CAPTION_LINE.match(line)
    if not match or len(match.group("text").split()) < 3:
        return None
    return match.group("text").rstrip(" -–—"), match.group("credit").strip()


def _caption_tail_start(line: str) -> int:
    """Return the earliest index at which a `CAPTION_LINE` label can start in `line`.

    The credit is at most 121 characters and follows the label's colon after whitespace
    only, so the colon lies in the last 121 characters or just before a run of whitespace
    reaching into them.
    """
    start = max(0, len(line) - 121)
    start = len(line[:start].rstrip())
    return max(0, start - _CAPTION_LABEL_MAX - 1)


def reads_as_headline(line: str) -> bool:
    """Return True if a paragraph is short and shaped like a headline rather than a sentence.

    A headline is at most `HEADLINE_MAX_CHARS` characters and `HEADLINE_MAX_WORDS` words,
    holds one sentence at most, and does not end with a colon or a bare full stop.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > HEADLINE_MAX_CHARS or len(stripped.split()) > HEADLINE_MAX_WORDS:
        return False
    if stripped.endswith((":", ",", ";")) or (stripped.endswith(".") and not stripped.endswith("...")):
        return False
    return not _SENTENCE_BREAK.search(stripped)


@dataclass(slots=True)
class _Block:
    """The cleaned paragraphs and captions of one stretch of text."""

    paragraphs: list[str]
    captions: list[str]


def split_block(lines: list[str]) -> _Block:
    """Return the paragraphs and captions of a run of raw lines, furniture dropped.

    Each non-blank line is a paragraph (copied live blogs put blank lines between
    paragraphs, but not always). A caption's repeated copy right after it is dropped.
    """
    return _block_of([clean_inline(raw) for raw in lines])


def _block_of(lines: list[str]) -> _Block:
    """Return the paragraphs and captions of lines from text that `clean_text` returned.

    This is `split_block` without cleaning each line again: such a line only needs its spaces
    collapsed and its ends stripped, and most lines (ASCII, no double space, no tab) only the
    latter.
    """
    block = _Block([], [])
    last_caption: tuple[str, str] | None = None
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if "  " in line or "\t" in line or not line.isascii():
            line = collapse_spaces(line).strip()
        if is_furniture(line):
            continue
        caption = parse_caption(line)
        if caption:
            if last_caption and _same_caption(caption, last_caption):
                continue
            last_caption = caption
            block.captions.append(f"{caption[0]} - Credit: {caption[1]}")
            continue
        last_caption = None
        block.paragraphs.append(line)
    return block


def _same_caption(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Return True if two parsed captions are copies of one another (spacing and dashes aside)."""

    def key(c: tuple[str, str]) -> str:
        return re.sub(r"[\W_]+", "", (c[0] + c[1]).casefold())

    return key(a) == key(b)


@dataclass(slots=True)
class _RawUpdate:
    stamp: Timestamp | None
    lines: list[str]


def segment(text: str) -> tuple[list[str], list[_RawUpdate]]:
    """Split cleaned text into the lines before the first timestamp and the raw updates after it.

    A line is a timestamp line when `parse_timestamp_line` accepts it; only short lines with a
    colon or a full stop are tried (cheap tests that every timestamp line passes).
    """
    lines = text.split("\n")
    preamble_end = len(lines)
    updates: list[_RawUpdate] = []
    previous = -1  # index of the last timestamp line
    for index, line in enumerate(lines):
        if len(line) > 80 or (":" not in line and "." not in line):
            continue
        stamp = parse_timestamp_line(line)
        if stamp is None:
            continue
        if updates:
            updates[-1].lines = lines[previous + 1 : index]
        else:
            preamble_end = index
        updates.append(_RawUpdate(stamp, []))
        previous = index
    if updates:
        updates[-1].lines = lines[previous + 1 :]
    return lines[:preamble_end], updates


def build_update(raw: _RawUpdate) -> Update:
    """Return an `Update` (id and datetime still unset) from a raw timestamped run of lines."""
    headline, paragraphs, captions = _content_of(split_block(raw.lines))
    return Update(
        id="",
        time=clock_string(raw.stamp.clock) if raw.stamp else None,
        datetime=None,
        headline=headline,
        paragraphs=paragraphs,
        captions=captions,
    )


def _content_of(block: _Block) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """Return ``(headline, paragraphs, captions)`` of an update's block: the first paragraph is
    the headline when it reads as one."""
    paragraphs = block.paragraphs
    if paragraphs and reads_as_headline(paragraphs[0]):
        return paragraphs[0], tuple(paragraphs[1:]), tuple(block.captions)
    return None, tuple(paragraphs), tuple(block.captions)


def resolve_datetimes(stamps: list[Timestamp | None], options: ParseOptions) -> list[datetime | None]:
    """Return a full datetime per update, or None where no date is known.

    A timestamp's own date and zone win. Time-only stamps take `options.date` as the day the
    blog began (rolling over at midnight) and the zone from the stamp or `options.tz`.
    """
    result: list[datetime | None] = [None] * len(stamps)
    if options.date is not None:
        clocks = [s.clock if s else None for s in stamps]
        result = list(assign_dates(clocks, options.date, None))
    for index, stamp in enumerate(stamps):
        if stamp is None:
            continue
        if stamp.day is not None:
            result[index] = datetime.combine(stamp.day, stamp.clock)
        value = result[index]
        if value is not None:
            zone = stamp.zone or options.tz
            result[index] = value.replace(tzinfo=zone) if zone else value
    return result


def parse_text_string(text: str, path: str, options: ParseOptions | None = None) -> LiveBlog:
    """Parse the decoded text of a live blog into an un-enriched `LiveBlog`.

    Accepts any str. The title is the first substantive line, the intro the paragraphs
    before the first timestamp. A text with no timestamp becomes one untimed update and a
    warning.
    """
    options = options or ParseOptions()
    preamble, raw_updates = segment(clean_text(text))
    warnings: list[str] = []
    intro_block = _block_of(preamble)
    title = intro_block.paragraphs.pop(0) if intro_block.paragraphs else None
    intro = "\n\n".join(intro_block.paragraphs) or None
    intro_captions = intro_block.captions
    contents: list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]
    if not raw_updates:
        warnings.append(f"{path}: no timestamps found; showing the text as one untimed update")
        body = [p for p in [title, *intro_block.paragraphs] if p]
        if not body and not intro_captions:
            raise InputError(path, "no readable text")
        raw_updates = [_RawUpdate(None, [])]
        contents = [(None, tuple(body), tuple(intro_captions))]
        intro, intro_captions = None, []
    else:
        contents = [_content_of(_block_of(raw.lines)) for raw in raw_updates]
    stamps = [raw.stamp for raw in raw_updates]
    times = [clock_string(stamp.clock) if stamp else None for stamp in stamps]
    datetimes = resolve_datetimes(stamps, options)
    ids = unique_ids([(t, headline, paragraphs) for t, (headline, paragraphs, _) in zip(times, contents, strict=True)])
    # Each update is built once, with its id and datetime (not rebuilt by `dataclasses.replace`).
    updates = tuple(
        Update(id=uid, time=t, datetime=dt, headline=headline, paragraphs=paragraphs, captions=captions)
        for uid, t, dt, (headline, paragraphs, captions) in zip(ids, times, datetimes, contents, strict=True)
    )
    known = [d for d in datetimes if d is not None]
    if len({d.tzinfo is None for d in known}) > 1:
        known = []  # naive and aware stamps cannot be ordered against each other
    return LiveBlog(
        title=title,
        source=Source(path=path, format="text"),
        published=min(known) if known else None,
        intro=intro,
        intro_captions=tuple(intro_captions),
        updates=updates,
        warnings=tuple(warnings),
    )


def parse_text(data: bytes, path: str, options: ParseOptions) -> LiveBlog:
    """Decode text-file bytes and parse them (the `FORMATS` entry point for "text")."""
    text, warning = decode_bytes(data, path)
    blog = parse_text_string(text, path, options)
    if warning:
        blog = replace(blog, warnings=(warning, *blog.warnings))
    return blog
