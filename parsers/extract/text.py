"""The plain-text parser: live blogs copied or saved as text.

The text is split into updates at lines that hold nothing but a timestamp. The short line
after a timestamp is the headline when it reads as one; the paragraphs up to the next
timestamp are the body. Page furniture is dropped by the rules in `FURNITURE_*` (data),
photo captions are collected with their credit.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Container
from dataclasses import dataclass, replace
from datetime import date, datetime, time, tzinfo
from typing import cast

from parsers.errors import InputError
from parsers.ids import unique_ids
from parsers.model import LiveBlog, Source, Update
from parsers.normalise.clean import clean_text, collapse_spaces
from parsers.normalise.datetimes import leading_time_label
from parsers.normalise.furniture import (
    CAPTION_HINT,
    FURNITURE_HINT,
    LOWERS_TO_ASCII,
    any_case_pattern,
    is_furniture,
    parse_caption,
)
from parsers.normalise.instants import (
    CLOCK_WORDS,
    DayOfYear,
    PageSignals,
    UpdateSignals,
    read_day,
    read_label_line,
    resolve,
)
from parsers.normalise.times import clock_string, to_24h, zone_for
from parsers.options import ParseOptions
from parsers.read.input import decode_clean_text

_WEEKDAY_STEMS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec")
_WEEKDAY = rf"(?:{'|'.join(_WEEKDAY_STEMS)})[a-z]*\.?,?"
_MONTH = rf"(?:{'|'.join(_MONTH_STEMS)})[a-z]*\.?"
_LABEL_WORDS = ("last", "updated", "posted", "published")  # the words a labelled timestamp starts with
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
    rf"^\s*(?:(?:{_LABEL_WORDS[0]}\s+)?(?:{'|'.join(_LABEL_WORDS[1:])})(?:\s+at)?:?\s+)?"
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
_STAMP_LINE_MAX = 80  # longer lines are never timestamps
# The commonest timestamp line, a bare clock: hour, minute and maybe "am"/"pm" run together.
_SIMPLE_CLOCK_LINE = re.compile(r"(\d{1,2})[:.](\d{2})([AaPp][Mm])?")

# Every line that `TIMESTAMP_LINE` or `ISO_TIMESTAMP_LINE` can match, captured, with the newline
# before it: at most `_STAMP_LINE_MAX` characters (and a few more), starting after spaces with a
# digit or a word a timestamp can begin with (in any case, as those patterns take it). Anchored on
# a literal newline, the regex engine jumps from line to line with a fast search: one `re.split`
# over the whole text cuts it into updates.
HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 28
# A heading line that starts with its time ("12.31 Uhr: Kanzler reist ab") is a time and a headline.
_STAMP_LINE_SPLIT = re.compile(
    rf"\n(?=[^\n])([^\S\n]*+(?:\d|{any_case_pattern(_LABEL_WORDS + _WEEKDAY_STEMS + _MONTH_STEMS, extras=True)})"
    rf"[^\n]{{0,{_STAMP_LINE_MAX + HEADLINE_MAX_CHARS}}}+)(?=\n|\Z)"
)
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’]?\s+[A-Z]")


@dataclass(slots=True, frozen=True)
class Timestamp:
    """A timestamp line's value: the wall-clock time, and the date and zone when it gave them."""

    clock: time
    day: date | None
    zone: tzinfo | None


def _label_line(line: str) -> Timestamp | None:
    """Return the `Timestamp` of a line the shared label reader takes as a clock label and nothing
    else ("21h06", "19:02 (IST), Oct 02"), else None. Only lines starting with a digit: the
    split (`_STAMP_LINE_SPLIT`) finds those; a day without a year is left out (it names no date)."""
    if not line[:1].isdigit() or len(line) > _LABEL_LINE_MAX:
        return None
    shown = read_label_line(line)
    if shown is None or shown.clock is None:
        return None
    zone = zone_for(shown.token) if shown.token else None
    day = shown.day.on(None) if shown.day is not None and shown.day.year is not None else None
    return Timestamp(shown.clock, day, zone)


_LABEL_LINE_MAX = 40  # a line read by `_label_line` is at most this long


def parse_timestamp_line(line: str) -> Timestamp | None:
    """Return the `Timestamp` if `line` is only a timestamp (any supported form), else None.

    Accepts one line of text. Impossible times (25:99) are not timestamps.
    """
    simple = _SIMPLE_CLOCK_LINE.fullmatch(line)
    if simple:  # "9:56PM", "21:56": what `TIMESTAMP_LINE` gives for them, without its long pattern
        meridiem = simple.group(3)
        hm = to_24h(int(simple.group(1)), int(simple.group(2)), meridiem.lower() if meridiem else None)
        return Timestamp(time(*hm), None, None) if hm else None
    if len(line) > 80 or not _CLOCK_HINT.search(line):
        return _label_line(line)
    iso = ISO_TIMESTAMP_LINE.match(line)
    if iso:
        from dateutil import parser as dateutil_parser  # imported on first use: ~20 ms at start-up

        try:
            value = dateutil_parser.isoparse(iso.group("iso").replace(" ", "T"))
        except (ValueError, OverflowError):
            return None
        return Timestamp(value.time().replace(tzinfo=None), value.date(), value.tzinfo)
    match = TIMESTAMP_LINE.match(line)
    if not match:
        return _label_line(line)
    meridiem = match.group("meridiem")
    hm = to_24h(
        int(match.group("hour")),
        int(match.group("minute")),
        meridiem.replace(".", "").replace(" ", "").lower() if meridiem else None,
    )
    if hm is None:
        return None
    zone: tzinfo | None = None
    if match.group("zone") and match.group("zone").lower() not in CLOCK_WORDS:  # "12.31 Uhr" names no zone
        zone = zone_for(match.group("zone"))
        if zone is None:
            return None  # "9:56 the" is not a timestamp; an unknown word is not a zone
    day: date | None = None
    if match.group("date"):
        from dateutil import parser as dateutil_parser

        try:
            day = dateutil_parser.parse(match.group("date"), fuzzy=False).date()
        except (ValueError, OverflowError):
            return None
    return Timestamp(time(*hm), day, zone)


def reads_as_headline(line: str) -> bool:
    """Return True if a paragraph is short and shaped like a headline rather than a sentence.

    A headline is at most `HEADLINE_MAX_CHARS` characters and `HEADLINE_MAX_WORDS` words,
    holds one sentence at most, and does not end with a colon or a bare full stop.
    """
    stripped = line.strip()
    if not stripped or len(stripped) > HEADLINE_MAX_CHARS:
        return False
    if stripped.endswith((":", ",", ";")) or (stripped.endswith(".") and not stripped.endswith("...")):
        return False
    # Cheapest tests first. A sentence break needs one of ".!?": most headlines have none, and
    # finding one is faster than running the pattern over the line.
    if ("." in stripped or "!" in stripped or "?" in stripped) and _SENTENCE_BREAK.search(stripped):
        return False
    return len(stripped.split()) <= HEADLINE_MAX_WORDS


@dataclass(slots=True)
class _Block:
    """The cleaned paragraphs and captions of one stretch of text."""

    paragraphs: list[str]
    captions: list[str]


def _block_of(lines: list[str], spaces_done: bool = False, special: Container[int] | None = None) -> _Block:
    """Return the paragraphs and captions of lines from text that `clean_text` returned.

    This splits a block without cleaning each line again: such a line only needs its spaces
    collapsed and its ends stripped, and most lines (ASCII, no double space, no tab) only the
    latter. `spaces_done` promises that the spaces are collapsed already; `special`, that only
    the lines at those indexes may be furniture or captions.
    """
    block = _Block([], [])
    last_caption: tuple[str, str] | None = None
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if not spaces_done and ("  " in line or "\t" in line or not line.isascii()):
            line = collapse_spaces(line).strip()
        if special is None or index in special:
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


_NONE: set[int] = set()  # no hinted line (never changed)


def _hinted_lines(stretch: str) -> set[int]:
    """Return the indexes (in ``stretch.split("\\n")``) of the lines that may be furniture or captions.

    Accepts a stretch starting with a newline, with spaces collapsed and without the letters of
    `LOWERS_TO_ASCII` (the hints do not cover them). Every line a furniture hint spans counts.
    """
    hinted: set[int] = set()
    counted, newlines = 0, 0  # newlines in stretch[:counted], counted on as the hits move on
    for match in FURNITURE_HINT.finditer(stretch):
        newlines += stretch.count("\n", counted, match.start() + 1)
        counted = match.start() + 1
        last = newlines + stretch.count("\n", counted, match.end())
        hinted.update(range(newlines, last + 1))
    counted, newlines = 0, 0
    for match in CAPTION_HINT.finditer(stretch):
        newlines += stretch.count("\n", counted, match.start())
        counted = match.start()
        hinted.add(newlines)
    return hinted


def _same_caption(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Return True if two parsed captions are copies of one another (spacing and dashes aside)."""
    return a == b or _caption_key(a) == _caption_key(b)


_NOT_WORD = re.compile(r"[\W_]+")


def _caption_key(caption: tuple[str, str]) -> str:
    """Return a caption's text and credit casefolded, with everything but letters and digits dropped."""
    return _NOT_WORD.sub("", (caption[0] + caption[1]).casefold())


def _content_of(block: _Block) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    """Return ``(headline, paragraphs, captions)`` of an update's block: the first paragraph is
    the headline when it reads as one."""
    paragraphs = block.paragraphs
    if paragraphs and reads_as_headline(paragraphs[0]):
        return paragraphs[0], tuple(paragraphs[1:]), tuple(block.captions)
    return None, tuple(paragraphs), tuple(block.captions)


@dataclass(slots=True, frozen=True)
class _TextFacts:
    """What a cleaned text holds, found in one look at the whole of it.

    `odd_spaces`: a tab or a non-ASCII whitespace character (without them, the only spaces are
    ASCII spaces). `lowers_to_ascii`: one of `LOWERS_TO_ASCII`.
    """

    odd_spaces: bool
    lowers_to_ascii: bool


# The whitespace `str.isspace` knows besides newline and ASCII space that `clean_text` leaves (it
# drops the other controls and makes no-break spaces spaces).
_ODD_SPACE = re.compile(r"[\t\u1680\u2000-\u200a\u2028\u2029\u205f\u3000]")


def _facts_of_text(text: str) -> _TextFacts:
    """Return the `_TextFacts` of a cleaned text."""
    if text.isascii():
        return _TextFacts("\t" in text, False)
    return _TextFacts(_ODD_SPACE.search(text) is not None, any(c in text for c in LOWERS_TO_ASCII))


def _facts_of_utf8(data: bytes, rest: str) -> _TextFacts:
    """Return the `_TextFacts` of the text that `clean_utf8_with_rest(data)` returned with `rest`.

    Read off the bytes and `rest` (the non-ASCII characters), faster than off the text. Cleaning
    adds none of these characters: it only drops some, and turns U+2000 and U+2001 into U+2002
    and U+2003 (NFC), which are odd spaces too.
    """
    odd = b"\t" in data or _ODD_SPACE.search(rest) is not None
    return _TextFacts(odd, any(c in rest for c in LOWERS_TO_ASCII))


def _block_of_stretch(stretch: str, odd_spaces: bool, hinted: set[int] | None) -> _Block:
    """Return the paragraphs and captions of a stretch of text that `clean_text` returned.

    `stretch` starts with a newline (the end of the line before it). Gives what `_block_of`
    gives for ``stretch.split("\n")``, working on the whole stretch where it can: spaces are
    collapsed in one pass, and a stretch with no line that could be furniture or a caption is
    split into lines and done. `hinted` holds the indexes of the lines that may be furniture or
    captions (None: look here, with `_hinted_lines`). `odd_spaces` False promises that the text
    holds no tab and no non-ASCII whitespace.
    """
    if "  " in stretch or (odd_spaces and ("\t" in stretch or not stretch.isascii())):
        stretch = collapse_spaces(stretch)
        hinted = None  # a hint found in the text before the spaces were collapsed may be missed
    lines = stretch.split("\n")
    if hinted is None:
        if not stretch.isascii() and any(c in stretch for c in LOWERS_TO_ASCII):
            return _block_of(lines, spaces_done=True)  # the hints do not cover these letters
        hinted = _hinted_lines(stretch)
    if hinted:
        # Spaces are collapsed already when there was any to collapse.
        return _block_of(lines, spaces_done=True, special=hinted)
    if odd_spaces or " \n" in stretch or "\n " in stretch or stretch.endswith(" "):
        return _Block([line for raw in lines if (line := raw.strip())], [])
    return _Block(list(filter(None, lines)), [])  # no line has a space to strip


class _ParsedStampLines(dict[str, "tuple[Timestamp, str] | None"]):
    """Candidate timestamp lines -> ``(timestamp, "HH:MM")``, or None when not one; each parsed once.

    A heading line that starts with its time ("12.31 Uhr: Kanzler reist ab") is a timestamp line
    too; the rest of it ("Kanzler reist ab") is kept in `headings`, to open its update's text.
    """

    def __init__(self) -> None:
        super().__init__()
        self.headings: dict[str, str] = {}

    def __missing__(self, line: str) -> tuple[Timestamp, str] | None:
        stamp = parse_timestamp_line(line)
        if stamp is None:
            heading = parse_heading_line(line)
            if heading is not None:
                stamp, self.headings[line] = heading
        entry = self[line] = (stamp, clock_string(stamp.clock)) if stamp else None
        return entry


def parse_heading_line(line: str) -> tuple[Timestamp, str] | None:
    """Return the timestamp and the headline of a line that starts with a clock label closed by a
    separator or a label word, then a headline ("12.31 Uhr: Kanzler reist ab", "21h06 - Le
    gouvernement annonce"), else None.

    General pattern: tickers in German, French, Italian and Spanish put the time at the start of
    each entry's heading; a text copy of such a page has it at the start of a line. "10.000
    Menschen …" or "3.5 million …" have no closed label (see `leading_time_label`).
    """
    stripped = line.strip()
    if not stripped[:1].isdigit() or len(stripped) > _STAMP_LINE_MAX + HEADLINE_MAX_CHARS:
        return None
    found = leading_time_label(stripped)
    if found is None:
        return None
    label, rest = found
    if label.clock is None or not rest or len(rest) > HEADLINE_MAX_CHARS or len(rest.split()) > HEADLINE_MAX_WORDS:
        return None
    return Timestamp(label.clock, None, label.zone), rest


def _split_at_stamps(text: str) -> tuple[list[str], list[tuple[Timestamp, str]], list[int] | None]:
    """Split a cleaned text at its timestamp lines.

    Returns ``(stretches, stamps, starts)``: ``stretches[0]`` is the text before the first
    timestamp line with a newline put in front, ``stretches[i]`` the text of update ``i - 1``
    from the newline that ends its timestamp line; ``stamps`` each update's timestamp and
    "HH:MM"; ``starts`` where each stretch starts in the text with a newline put in front (the
    text is not copied to put it there), or None when a line that `_STAMP_LINE_SPLIT` took was
    not a timestamp after all and went back into its stretch (rare). The split runs in C:
    Python only looks up each distinct timestamp line once.
    """
    pieces = _STAMP_LINE_SPLIT.split(text)
    parsed = _ParsedStampLines()
    # The split sees a line after its newline: the first line is looked at here.
    first_line = pieces[0].partition("\n")[0]
    if parsed[first_line] is not None:
        pieces[0:1] = ["", first_line, pieces[0][len(first_line) :]]
    else:
        pieces[0] = "\n" + pieces[0]
    lines = pieces[1::2]
    entries = list(map(parsed.__getitem__, lines))
    if None not in entries and not parsed.headings:
        # Piece j+1 starts at the end of piece j, plus the newline the split took before a line.
        ends = list(itertools.accumulate(map(operator.add, map(len, pieces), itertools.cycle((1, 0)))))
        return pieces[0::2], cast("list[tuple[Timestamp, str]]", entries), [0, *ends[1::2]]
    parts: list[list[str]] = [[pieces[0]]]
    stamps: list[tuple[Timestamp, str]] = []
    for line, entry, after in zip(lines, entries, pieces[2::2], strict=True):
        if entry is None:
            parts[-1] += ("\n", line, after)
        else:
            stamps.append(entry)
            heading = parsed.headings.get(line)
            parts.append(["\n", heading, after] if heading else [after])
    return ["".join(p) for p in parts], stamps, None


def _hints_by_stretch(text: str, stretches: list[str], starts: list[int]) -> dict[int, set[int]]:
    """Return {stretch index: indexes of its lines that may be furniture or captions}.

    Accepts the stretches `_split_at_stamps` cut `text` into and where each starts. One pass of
    each hint over the whole text finds them; Python works only per hit. The first stretch is
    left out (the first line has no newline before it for the hint to find). Hits on timestamp
    lines are dropped: those lines belong to no update's text.
    """
    hinted: dict[int, set[int]] = {}
    for hint in (FURNITURE_HINT, CAPTION_HINT):
        index, counted, newlines = -1, 0, 0  # newlines in stretches[index][:counted]
        for match in hint.finditer(text):
            # Positions in the text with a newline in front, as `starts` are. A furniture hint
            # starts at the newline before its line, a caption hint at its colon.
            position = match.start() + 1 + (hint is FURNITURE_HINT)
            found = bisect.bisect_right(starts, position - 1) - 1
            stretch = stretches[found]
            offset = position - starts[found]
            if found == 0 or offset > len(stretch):
                continue  # the first stretch, or a timestamp line
            if found != index:
                index, counted, newlines = found, 0, 0
            newlines += stretch.count("\n", counted, offset)
            counted = offset
            last = newlines + stretch.count("\n", offset, match.end() + 1 - starts[found])
            hinted.setdefault(index, set()).update(range(newlines, last + 1))
    return hinted


_Content = tuple[str | None, tuple[str, ...], tuple[str, ...]]
_DAY_HEADING_MAX = 40  # a day heading line is short ("Donnerstag, 18. 7.", "Thursday 18 July 2024")


def take_day_headings(contents: list[_Content], intro: list[str]
                      ) -> tuple[list[_Content], list[str], list[DayOfYear | None] | None]:
    """Return the updates and intro without their day-heading lines, and each update's day heading.

    A day heading ("Donnerstag, 18. 7.") is a line of its own just above a timestamp line, so it
    ends the text before it: the intro's or the previous update's last paragraph. Each update
    belongs to the nearest heading above it, in either time order. None when there is no heading.
    """
    headings: list[DayOfYear | None] = []
    current: DayOfYear | None = None
    found = False
    result = list(contents)
    intro = list(intro)
    for index in range(len(result)):
        before = intro if index == 0 else list(result[index - 1][1])
        last = before[-1] if before else ""
        day = read_day(last) if 0 < len(last) <= _DAY_HEADING_MAX and any(c.isdigit() for c in last) else None
        if day is not None:
            found = True
            current = day
            if index == 0:
                intro = before[:-1]
            else:
                headline, paragraphs, captions = result[index - 1]
                result[index - 1] = (headline, paragraphs[:-1], captions)
        headings.append(current)
    return result, intro, headings if found else None


def resolve_datetimes(stamps: list[Timestamp | None], options: ParseOptions,
                      headings: list[DayOfYear | None] | None = None
                      ) -> tuple[list[datetime | None], tuple[str, ...]]:
    """Return a full datetime per update (None where no date is known) and the notes explaining them.

    The shared resolver (`parsers.normalise.instants.resolve`) decides: a timestamp's own date
    and zone win, then the day heading above it; other time-only stamps are dated from the dated
    ones, else from `options.date` as the day the blog began, rolling over at midnight in either
    order, in the stamps' zone or `options.tz`.
    """
    if options.date is None and headings is None and all(s is None or s.day is None for s in stamps):
        return [None] * len(stamps), ()  # no date anywhere: nothing to resolve
    days = headings or [None] * len(stamps)
    signals = [UpdateSignals(clock=s.clock, zone=s.zone, day=s.day, heading=heading) if s is not None
               else _NO_SIGNALS for s, heading in zip(stamps, days, strict=True)]
    resolution = resolve(signals, PageSignals(user_zone=options.tz, user_date=options.date))
    return [t.instant for t in resolution.times], resolution.notes


_NO_SIGNALS = UpdateSignals()


def parse_text_string(text: str, path: str, options: ParseOptions | None = None) -> LiveBlog:
    """Parse the decoded text of a live blog into an un-enriched `LiveBlog`.

    Accepts any str. The title is the first substantive line, the intro the paragraphs
    before the first timestamp. A text with no timestamp becomes one untimed update and a
    warning.
    """
    return _parse_clean_text(clean_text(text), path, options or ParseOptions())


def _parse_clean_text(text: str, path: str, options: ParseOptions, facts: _TextFacts | None = None) -> LiveBlog:
    """Return `parse_text_string`'s result for text that `clean_text` already returned.

    `facts` are the text's `_TextFacts` when already known.
    """
    facts = facts or _facts_of_text(text)
    stretches, stamp_entries, starts = _split_at_stamps(text)
    # Where the hints can be found in the whole text at once, only the stretches they point at are
    # checked line by line; otherwise each stretch is looked at on its own.
    hints: dict[int, set[int]] | None = None
    if starts is not None and not facts.odd_spaces and not facts.lowers_to_ascii:
        hints = _hints_by_stretch(text, stretches, starts)

    odd_spaces = facts.odd_spaces
    warnings: list[str] = []
    intro_block = _block_of_stretch(stretches[0], odd_spaces, None)  # the hints leave the first line out
    title = intro_block.paragraphs.pop(0) if intro_block.paragraphs else None
    intro = "\n\n".join(intro_block.paragraphs) or None
    intro_captions = intro_block.captions
    contents: list[tuple[str | None, tuple[str, ...], tuple[str, ...]]]
    headings: list[DayOfYear | None] | None = None
    stamps: list[Timestamp | None]
    times: list[str | None]
    if not stamp_entries:
        warnings.append(f"{path}: no timestamps found; showing the text as one untimed update")
        paragraphs = [p for p in [title, *intro_block.paragraphs] if p]
        if not paragraphs and not intro_captions:
            raise InputError(path, "no readable text")
        stamps, times = [None], [None]
        contents = [(None, tuple(paragraphs), tuple(intro_captions))]
        intro, intro_captions = None, []
    else:
        lookup = hints.get if hints is not None else None  # None: each stretch looks for itself
        contents = [
            _content_of(_block_of_stretch(stretch, odd_spaces, lookup(index, _NONE) if lookup else None))
            for index, stretch in enumerate(stretches[1:], 1)
        ]
        stamps = [stamp for stamp, _ in stamp_entries]
        times = [clock for _, clock in stamp_entries]
        contents, intro_paragraphs, headings = take_day_headings(contents, intro_block.paragraphs)
        intro = "\n\n".join(intro_paragraphs) or None
    datetimes, time_notes = resolve_datetimes(stamps, options, headings)
    ids = unique_ids([(t, headline, paragraphs) for t, (headline, paragraphs, _) in zip(times, contents, strict=True)])
    # Each update is built once, with its id and datetime (not rebuilt by `dataclasses.replace`).
    updates = tuple(
        # Positional arguments, in the field order: a little faster than keywords, 50,000 times.
        Update(uid, t, dt, headline, paragraphs, captions)
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
        time_notes=time_notes,
    )


def parse_text(data: bytes, path: str, options: ParseOptions) -> LiveBlog:
    """Decode and clean text-file bytes and parse them (the `FORMATS` entry point for "text")."""
    text, warning, rest = decode_clean_text(data, path)
    blog = _parse_clean_text(text, path, options, None if rest is None else _facts_of_utf8(data, rest))
    if warning:
        blog = replace(blog, warnings=(warning, *blog.warnings))
    return blog
