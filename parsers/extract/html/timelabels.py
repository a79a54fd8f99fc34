"""Reading the time signals an HTML entry shows: its time label and the day heading above it.

The tree side of `parsers.normalise.instants`: these functions only find the short texts a
reader sees ("Posted at 15:05", "19:02 (IST), Oct 02", "45'", "2h ago", "Donnerstag, 18. 7.")
and hand them over; what they mean is decided there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from datetime import datetime
from typing import TypeAlias

import lxml.etree

from parsers.extract.html.dom import text_of, text_pieces
from parsers.extract.html.publishers import VISIBLE_TIME_TAGS
from parsers.normalise.datetimes import parse_datetime
from parsers.normalise.instants import DayOfYear, read_day, read_shown

Element: TypeAlias = lxml.etree._Element

_LABEL_SCAN = 12  # text nodes of an entry looked at for its time label, before its body starts
_HEADING_SCAN = 4  # siblings looked at above an entry for a day heading
_TEXT_CAP = 200  # characters of a text node read for a label (a heading's label is at its start)
_WORDY_LABEL = 20  # a label without a digit ("an hour ago") is at most this long
_BADGE_CHARS = 40  # a date badge or day heading is at most this long
_DIGIT = re.compile(r"\d")
_NO_TEXT_TAGS = frozenset({"script", "style", "template", "noscript"})


def entry_labels(entry: Element) -> tuple[str | None, DayOfYear | None]:
    """Return the time label an entry shows and the day a date badge beside it names (each or None).

    Candidates are the text nodes of the entry's first `<time>`/`amp-timeago` element, then the
    entry's first few text nodes (before its body starts). A clock wins over a match minute,
    and both over a relative age ("2 hours ago" beside "10:05": the age was true when the page
    was saved, the clock always). Text nodes are read one by one: "Posted at 15:05" and a
    visible "15:05" beside it are two labels, not "15:0515:05". A badge is a short text that is
    only a day ("Oct 02", "18.07.2024").
    """
    best: tuple[int, str] | None = None
    badge: DayOfYear | None = None
    for raw in _label_texts(entry):
        text = raw.strip()[:_TEXT_CAP]
        if not text or (not _DIGIT.search(text) and len(text) > _WORDY_LABEL):
            continue  # every label but "an hour ago" holds a digit
        shown = read_shown(text) if best is None or best[0] > 0 else None
        if shown is not None:
            rank = 0 if shown.clock is not None else 1 if shown.minute is not None else 2
            if best is None or rank < best[0]:
                best = (rank, shown.text)
        elif badge is None and len(text) <= _BADGE_CHARS and _DIGIT.search(text):
            badge = read_day(text)
    return (best[1] if best is not None else None), badge


def _label_texts(entry: Element) -> list[str]:
    """Return the texts an entry's time label may be in: its first `<time>`'s, then its first few.

    The first few are gathered by walking elements and reading each one's text and tail (a
    tail comes a little early, before the element's children's texts): several times faster
    than `itertext`, and the order only decides between two labels of the same kind.
    """
    texts: list[str] = []
    for element in entry.iter(*VISIBLE_TIME_TAGS):
        texts.extend(text_pieces(element))
        break
    found = 0
    for element in entry.iter():
        # Each lxml .tag, .text and .tail read builds a new str: each is read once.
        tag = element.tag
        if isinstance(tag, str) and tag not in _NO_TEXT_TAGS:
            text = element.text
            if text:
                texts.append(text)
                found += 1
        if element is not entry:
            tail = element.tail
            if tail:
                texts.append(tail)
                found += 1
        if found >= _LABEL_SCAN:
            break
    return texts


def page_clock_stamps(root: Element, inside: Sequence[Element], limit: int = 50) -> list[tuple[str, datetime]]:
    """Return (label, instant) of the page's `<time datetime>` elements outside its entries whose text is a clock.

    A page header's "16:58" over `datetime="2023-11-02T15:58:23Z"` says which zone the page
    shows, even when its entries' own `datetime`s are local times written with a Z.
    """
    entries = set(inside)
    found: list[tuple[str, datetime]] = []
    for seen, element in enumerate(root.iter("time")):
        if len(found) >= limit or seen >= limit * 4:
            break  # a page's own clocks come before or beside its stream, not after thousands of entries
        value = parse_datetime(element.get("datetime"))
        if value is None or value.tzinfo is None or any(a in entries for a in element.iterancestors()):
            continue
        text = " ".join(text_of(element).split())
        shown = read_shown(text)
        if shown is not None and shown.clock is not None:
            found.append((text, value))
    return found


def day_heading_before(entry: Element, entries: Set[Element]) -> DayOfYear | None:
    """Return the day named by a heading just above the entry (a previous sibling), else None.

    Looks at up to `_HEADING_SCAN` previous siblings; another entry ends the look.
    """
    sibling = entry.getprevious()
    for _ in range(_HEADING_SCAN):
        if sibling is None or sibling in entries:
            return None
        if isinstance(sibling.tag, str):
            text = _short_text(sibling, _BADGE_CHARS)
            day = read_day(text) if text else None
            if day is not None:
                return day
        sibling = sibling.getprevious()
    return None


def _short_text(element: Element, limit: int) -> str | None:
    """Return the element's text with whitespace collapsed, or None when it is longer than `limit`."""
    size = 0
    parts: list[str] = []
    for text in element.itertext():
        size += len(text)
        if size > limit * 4:
            return None  # far too long to be a heading, whatever its spaces
        parts.append(text)
    joined = " ".join("".join(parts).split())
    return joined if len(joined) <= limit else None


def day_headings(entries: Sequence[Element]) -> list[DayOfYear | None]:
    """Return, per entry in document order, the day of the nearest day heading above it.

    An entry with no heading right above it belongs to the day of the entry before it (a
    heading starts a group of posts, in either time order). Entries before any heading get None.
    """
    members = set(entries)
    result: list[DayOfYear | None] = []
    current: DayOfYear | None = None
    for entry in entries:
        current = day_heading_before(entry, members) or current
        result.append(current)
    return result
