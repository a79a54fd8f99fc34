"""Reading the time signals an HTML entry shows: its time label and the day heading above it.

The tree side of `parsers.normalise.instants`: these functions only find the short texts a
reader sees ("Posted at 15:05", "19:02 (IST), Oct 02", "45'", "2h ago", "Donnerstag, 18. 7.")
and hand them over; what they mean is decided there.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeAlias

import lxml.etree

from parsers.extract.html.publishers import VISIBLE_TIME_TAGS
from parsers.normalise.datetimes import parse_datetime
from parsers.normalise.instants import DayOfYear, read_day, read_shown

Element: TypeAlias = lxml.etree._Element

_LABEL_SCAN = 12  # text nodes of an entry looked at for its time label, before its body starts
_HEADING_SCAN = 4  # siblings looked at above an entry for a day heading


def time_label(entry: Element) -> str | None:
    """Return the time label an entry shows, or None.

    Candidates are the text nodes of the entry's first `<time>`/`amp-timeago` element, then the
    entry's first few text nodes (before its body starts). A clock wins over a match minute,
    and both over a relative age ("2 hours ago" beside "10:05": the age was true when the page
    was saved, the clock always). Text nodes are read one by one: "Posted at 15:05" and a
    visible "15:05" beside it are two labels, not "15:0515:05".
    """
    best: tuple[int, str] | None = None
    for text in _label_texts(entry):
        shown = read_shown(text)
        if shown is None:
            continue
        rank = 0 if shown.clock is not None else 1 if shown.minute is not None else 2
        if best is None or rank < best[0]:
            best = (rank, shown.text)
            if rank == 0:
                break
    return best[1] if best is not None else None


def date_badge(entry: Element) -> DayOfYear | None:
    """Return the day a date badge in the entry's label area names ("Oct 02", "18.07.2024"), else None."""
    for text in _label_texts(entry):
        day = read_day(text)
        if day is not None:
            return day
    return None


def _label_texts(entry: Element) -> list[str]:
    """Return the texts an entry's time label may be in: its first `<time>`'s, then its first few."""
    texts: list[str] = []
    for element in entry.iter(*VISIBLE_TIME_TAGS):
        texts.extend(element.itertext())
        break
    for index, text in enumerate(entry.itertext()):
        if index >= _LABEL_SCAN:
            break
        texts.append(text)
    return texts


def page_clock_stamps(root: Element, inside: Sequence[Element], limit: int = 50) -> list[tuple[str, datetime]]:
    """Return (label, instant) of the page's `<time datetime>` elements outside its entries whose text is a clock.

    A page header's "16:58" over `datetime="2023-11-02T15:58:23Z"` says which zone the page
    shows, even when its entries' own `datetime`s are local times written with a Z.
    """
    entries = set(inside)
    found: list[tuple[str, datetime]] = []
    for element in root.iter("time"):
        if len(found) >= limit:
            break
        value = parse_datetime(element.get("datetime"))
        if value is None or value.tzinfo is None or any(a in entries for a in element.iterancestors()):
            continue
        text = " ".join("".join(element.itertext()).split())
        shown = read_shown(text)
        if shown is not None and shown.clock is not None:
            found.append((text, value))
    return found


def day_heading_before(entry: Element) -> DayOfYear | None:
    """Return the day named by a heading just above the entry (a previous sibling), else None.

    Looks at up to `_HEADING_SCAN` previous siblings; a sibling that holds a time label is
    another entry, and ends the look.
    """
    sibling = entry.getprevious()
    for _ in range(_HEADING_SCAN):
        if sibling is None:
            return None
        if isinstance(sibling.tag, str):
            text = " ".join("".join(sibling.itertext()).split())
            day = read_day(text)
            if day is not None:
                return day
            if text and time_label(sibling) is not None:
                return None
        sibling = sibling.getprevious()
    return None


def day_headings(entries: Sequence[Element]) -> list[DayOfYear | None]:
    """Return, per entry in document order, the day of the nearest day heading above it.

    An entry with no heading right above it belongs to the day of the entry before it (a
    heading starts a group of posts, in either time order). Entries before any heading get None.
    """
    result: list[DayOfYear | None] = []
    current: DayOfYear | None = None
    for entry in entries:
        current = day_heading_before(entry) or current
        result.append(current)
    return result
