"""Reading the timestamps HTML pages carry: ISO strings, epoch attributes and HH:MM text.

Pure functions over strings; nothing here touches a tree.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta, tzinfo

from dateutil import parser as dateutil_parser
from dateutil import tz as dateutil_tz

from parsers.normalise.times import to_24h, zone_for

# Epoch values later than this many seconds are milliseconds (2286-11-20 in seconds).
_EPOCH_MS_THRESHOLD = 10_000_000_000
# Plausible years for a live blog; anything else is a mistaken attribute, not a date.
_MIN_YEAR, _MAX_YEAR = 1995, 2100
_EPOCH = re.compile(r"^\s*(\d{9,13})(?:\.\d+)?\s*$")
_ISO_LIKE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")
# "Mon May 15 2023 11:50:54 GMT+0000 (Coordinated Universal Time)", JavaScript's Date.toString().
_JS_DATE = re.compile(r"^\s*\w{3} (\w{3} \d{1,2} \d{4} \d{2}:\d{2}:\d{2}) GMT([+-]\d{4})")
# A clock as pages display it: "20:19", "12.50 BST", "9:56am", "10:05 pm".
CLOCK_TEXT = re.compile(
    r"(?<![\d:.])(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?![\d:])\s*(?P<meridiem>[ap]\.?m\.?)?"
    r"(?:\s*(?P<zone>[A-Z]{2,5})\b)?",
    re.IGNORECASE,
)


def parse_datetime(value: str | None) -> datetime | None:
    """Return the datetime an ISO-8601 (or JavaScript `Date.toString()`) string names, else None.

    The result is aware when the string gives an offset, naive otherwise. Years outside
    1995-2100 are rejected as mistakes.
    """
    if not value or len(value) > 100:
        return None
    text = value.strip()
    result = _parse_iso(text) if _ISO_LIKE.match(text) else _parse_js_date(text)
    if result is None:
        return None
    if not _MIN_YEAR <= result.year <= _MAX_YEAR:
        return None
    return result


def _parse_iso(text: str) -> datetime | None:
    """Return the datetime of an ISO-8601-like string, or None."""
    try:
        # The standard library is several times faster than dateutil and reads the common
        # forms (offsets, "Z", fractions); dateutil handles the rest.
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dateutil_parser.isoparse(text.replace(" ", "T", 1) if " " in text[:11] else text)
    except (ValueError, OverflowError):
        pass
    try:
        return dateutil_parser.parse(text)
    except (ValueError, OverflowError):
        return None


def _parse_js_date(text: str) -> datetime | None:
    """Return the datetime of a JavaScript `Date.toString()` string, or None."""
    js = _JS_DATE.match(text)
    if not js:
        return None
    try:
        return datetime.strptime(f"{js.group(1)} {js.group(2)}", "%b %d %Y %H:%M:%S %z")
    except ValueError:
        return None


def parse_epoch(value: str | None) -> datetime | None:
    """Return the UTC datetime of an epoch value in seconds or milliseconds, else None."""
    if not value:
        return None
    match = _EPOCH.match(value)
    if not match:
        return None
    number = int(match.group(1))
    seconds = number / 1000 if number >= _EPOCH_MS_THRESHOLD else float(number)
    try:
        result = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return result if _MIN_YEAR <= result.year <= _MAX_YEAR else None


def parse_time_value(value: str | None) -> datetime | None:
    """Return the datetime in an attribute value that is either an epoch number or an ISO string."""
    return parse_epoch(value) or parse_datetime(value)


def parse_clock(text: str | None) -> tuple[time, tzinfo | None] | None:
    """Return the clock time (and zone, if named) displayed in a short text, else None.

    Accepts text such as "20:19", "12.50 BST" or "9:56am"; only short texts (a timestamp
    label, not a sentence) are considered.
    """
    if not text:
        return None
    stripped = " ".join(text.split())
    if not stripped or len(stripped) > 40:
        return None
    for match in CLOCK_TEXT.finditer(stripped):
        meridiem = match.group("meridiem")
        hm = to_24h(
            int(match.group("hour")),
            int(match.group("minute")),
            meridiem.replace(".", "").lower() if meridiem else None,
        )
        if hm is None:
            continue
        zone = zone_for(match.group("zone")) if match.group("zone") else None
        return time(*hm), zone
    return None


def offset_between(clock: time, instant: datetime) -> timedelta | None:
    """Return the UTC offset that turns aware `instant` into wall-clock `clock`, else None.

    The offset is rounded to 15 minutes and must be a real one (-12h to +14h).
    """
    if instant.tzinfo is None:
        return None
    utc = instant.astimezone(UTC)
    minutes = (clock.hour * 60 + clock.minute) - (utc.hour * 60 + utc.minute)
    minutes = (minutes + 12 * 60) % (24 * 60) - 12 * 60
    rounded = round(minutes / 15) * 15
    if abs(minutes - rounded) > 2 or not -12 * 60 <= rounded <= 14 * 60:
        return None
    return timedelta(minutes=rounded)


def majority_offset(offsets: Iterable[timedelta]) -> tzinfo | None:
    """Return a fixed-offset zone for the most common of `offsets`, or None when there are none."""
    counts = Counter(offsets)
    if not counts:
        return None
    offset, _ = counts.most_common(1)[0]
    seconds = int(offset.total_seconds())
    return dateutil_tz.UTC if seconds == 0 else dateutil_tz.tzoffset(None, seconds)


def in_zone(value: datetime, zone: tzinfo | None) -> datetime:
    """Return `value` expressed in `zone` (a naive value is taken to be in `zone` already)."""
    if zone is None:
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)
