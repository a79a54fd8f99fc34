"""Clock times, zones and dates: shared by every parser.

Dates and zones are parsed with python-dateutil; this module only recognises where a
timestamp is and fills in what a page leaves out (the date, the zone, a midnight rollover).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from itertools import pairwise

# Zone abbreviations that live blogs print after a time. Daylight/standard variants map to
# fixed offsets (they say which one applies); the generic US forms map to IANA zones so
# the date decides. Data, not code: add a row to support another abbreviation.
ZONE_ABBREVIATIONS: dict[str, str] = {
    "UTC": "UTC",
    "GMT": "UTC",
    "Z": "UTC",
    "BST": "+01:00",
    "IST": "+01:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    "CET": "+01:00",
    "CEST": "+02:00",
    "EET": "+02:00",
    "EEST": "+03:00",
    "MSK": "+03:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CST": "-06:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
    "ET": "America/New_York",
    "CT": "America/Chicago",
    "MT": "America/Denver",
    "PT": "America/Los_Angeles",
    "AEST": "+10:00",
    "AEDT": "+11:00",
    "JST": "+09:00",
    "KST": "+09:00",
    "HKT": "+08:00",
    "SGT": "+08:00",
    "NZST": "+12:00",
    "NZDT": "+13:00",
}

# A drop in clock time larger than this, walking from older to newer, means midnight passed.
ROLLOVER_THRESHOLD = timedelta(hours=6)


def zone_for(name: str) -> tzinfo | None:
    """Return a tzinfo for a zone abbreviation, offset ("+01:00") or IANA name, or None if unknown."""
    # Imported on first use: ~18 ms that a blog printing no zone (the sample) need not wait for
    # before its first frame.
    from dateutil import tz as dateutil_tz

    key = name.strip()
    target = ZONE_ABBREVIATIONS.get(key.upper(), key)
    if target == "UTC":
        return dateutil_tz.UTC
    if target[:1] in "+-" and len(target) >= 3:
        sign = -1 if target[0] == "-" else 1
        digits = target[1:].replace(":", "")
        if not digits.isdigit() or len(digits) not in (2, 4):
            return None
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 14 or minutes > 59:
            return None
        return dateutil_tz.tzoffset(None, sign * (hours * 3600 + minutes * 60))
    return dateutil_tz.gettz(target) if "/" in target or (target.isalpha() and len(target) > 1) else None


def clock_string(value: time | datetime) -> str:
    """Return the 24-hour "HH:MM" form of a time or datetime."""
    return f"{value.hour:02d}:{value.minute:02d}"


def to_24h(hour: int, minute: int, meridiem: str | None) -> tuple[int, int] | None:
    """Return (hour, minute) on the 24-hour clock, or None if the values are not a real time.

    `meridiem` is "am", "pm" or None. 12am is 00, 12pm is 12.
    """
    if minute > 59:
        return None
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    elif hour > 23:
        return None
    return hour, minute


def source_is_newest_first(clocks: Sequence[time | None]) -> bool:
    """Return True if clock times mostly decrease down the list (a newest-first blog).

    Accepts times in source order (None for untimed entries). Ties count as newest-first,
    the usual live-blog order.
    """
    known = [t.hour * 60 + t.minute for t in clocks if t is not None]
    down = up = 0
    for a, b in pairwise(known):
        delta = b - a
        if abs(delta) > ROLLOVER_THRESHOLD.total_seconds() / 60:
            continue  # a midnight crossing says nothing about the order
        if delta < 0:
            down += 1
        elif delta > 0:
            up += 1
    return down >= up


def assign_dates(
    clocks: Sequence[time | None], start: date, zone: tzinfo | None
) -> list[datetime | None]:
    """Return aware (or naive if `zone` is None) datetimes for clock times on a blog that began on `start`.

    Walks from the oldest entry to the newest (detecting the source order), adding a day
    each time the clock drops by more than `ROLLOVER_THRESHOLD`. Entries without a clock
    get None.
    """
    newest_first = source_is_newest_first(clocks)
    indices = range(len(clocks) - 1, -1, -1) if newest_first else range(len(clocks))
    result: list[datetime | None] = [None] * len(clocks)
    day = start
    previous: datetime | None = None
    for index in indices:
        clock = clocks[index]
        if clock is None:
            continue
        candidate = datetime.combine(day, clock)
        if previous is not None and previous - candidate > ROLLOVER_THRESHOLD:
            day += timedelta(days=1)
            candidate = datetime.combine(day, clock)
        previous = candidate
        result[index] = candidate.replace(tzinfo=zone) if zone is not None else candidate
    return result
