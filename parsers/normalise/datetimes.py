"""Reading the timestamps HTML pages carry: ISO strings, epoch attributes and HH:MM text.

Pure functions over strings; nothing here touches a tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from functools import lru_cache

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
    from dateutil import parser as dateutil_parser  # on first use: ~90 M instructions to import

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


def in_zone(value: datetime, zone: tzinfo | None) -> datetime:
    """Return `value` expressed in `zone` (a naive value is taken to be in `zone` already)."""
    if zone is None:
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=zone)
    return value.astimezone(zone)


# --- Time labels: the displayed time that starts an entry or its heading -------------------
# Pages show an entry's time as a short label, in many shapes: "20:19", "12.31 Uhr", "14h05",
# "21:06 (IST)", "Posted at 15:05", "19:02 (IST), Oct 02", "9:56am BST", or a match minute
# with no clock at all ("45'", "90+3'"). The words around the clock are data, per language;
# a heading that starts with such a label ("12.31 Uhr: Headline") carries the entry's time.

# Words that may come before the clock ("Posted at 15:05", "um 12.31 Uhr", "ore 16:56").
TIME_LABEL_PREFIXES: tuple[str, ...] = (
    "posted at", "updated at", "published at", "posted", "updated", "published", "at", "um", "gegen",
    "aktualisiert um", "aktualisiert", "ore", "alle", "alle ore", "pubblicato alle", "aggiornato alle", "aggiornato",
    "à", "publié à", "mis à jour à", "mis à jour", "a las", "actualizado a las", "actualizado",
)
# Words that may follow the clock ("12.31 Uhr", "16 h 05" reads as "16h05").
TIME_LABEL_SUFFIXES: tuple[str, ...] = ("uhr", "h", "hrs", "horas", "heures", "ore")
_MONTH_WORD = r"[A-Za-zÀ-ÿ]{3,10}\.?"
_DATE_TAIL = rf"(?:,?\s*(?:\d{{1,2}}\.?\s+{_MONTH_WORD}|{_MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?)(?:,?\s+\d{{4}})?)"
_PREFIX = "|".join(re.escape(p) for p in sorted(TIME_LABEL_PREFIXES, key=len, reverse=True))
_SUFFIX = "|".join(re.escape(s) for s in sorted(TIME_LABEL_SUFFIXES, key=len, reverse=True))
_CLOCK_LABEL = (
    rf"(?:(?:{_PREFIX})\s+)?(?P<hour>\d{{1,2}})\s*(?:[:.]|h\s?)(?P<minute>\d{{2}})(?!\d)"
    r"\s*(?P<meridiem>[ap]\.?m\.?)?"
    rf"(?:\s*(?:{_SUFFIX})\b\.?)?"
    r"(?:\s*\(?(?P<zone>[A-Z]{2,5}|[A-Z]{3}[+-]\d{1,2})\)?(?![\w]))?"
    rf"{_DATE_TAIL}?"
)
# A match minute: "45'", "90+3'", "45 + 2’", "12′".
_MINUTE_LABEL = r"(?P<match_minute>\d{1,3}(?:\s*\+\s*\d{1,2})?)\s*['’′]"
# A relative time, per language ("2h ago", "vor 5 Minuten", "il y a 3 h", "2 ore fa", "hace 2 horas").
RELATIVE_TIME_PATTERNS: tuple[str, ...] = (
    r"(?:\d{1,3}|an?|one)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago",
    r"vor\s+(?:\d{1,3}|einer?)\s+(?:sek(?:\.|unden?)?|min(?:\.|uten?)?|std\.?|stunden?|tag(?:en)?)",
    r"il\s+y\s+a\s+\d{1,3}\s*(?:s|sec(?:ondes?)?|min(?:utes?)?|h|heures?|j(?:ours?)?)",
    r"\d{1,3}\s+(?:secondi|minuti|min|ore|ora|giorni)\s+fa",
    r"hace\s+\d{1,3}\s*(?:s|seg(?:undos?)?|min(?:utos?)?|h|horas?|d[ií]as?)",
)
_RELATIVE_LABEL = "(?P<relative>" + "|".join(f"(?:{p})" for p in RELATIVE_TIME_PATTERNS) + ")"


@lru_cache(maxsize=1)
def _label_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Return the compiled (whole label, leading label, closed label) patterns.

    Compiled on first use, not at import: they take tens of milliseconds to compile, which a
    reader opening a text blog should not wait for before its first frame.
    """
    # A whole text that is only a label, and a text that starts with one then a separator ("12.31 Uhr: ...").
    whole = re.compile(rf"^\s*(?:{_CLOCK_LABEL}|{_MINUTE_LABEL}|{_RELATIVE_LABEL})\s*[:|–—-]?\s*$", re.IGNORECASE)
    leading = re.compile(rf"^\s*(?:{_CLOCK_LABEL}|{_MINUTE_LABEL})(?:\s*[:|–—-]\s*|\s+(?=\S))", re.IGNORECASE)
    # A label needs a separator before the headline unless a suffix word ("Uhr") or zone closed it.
    closed = re.compile(rf"(?:\b(?:{_SUFFIX})\.?|\)|['’′]|[ap]\.?m\.?)\s*$", re.IGNORECASE)
    return whole, leading, closed


@dataclass(slots=True, frozen=True)
class TimeLabel:
    """A displayed time label: its clock (None for a match minute or a relative time), named zone,
    match minute, and its text as shown."""

    clock: time | None
    zone: tzinfo | None
    match_minute: str | None
    text: str


def _label_of(match: re.Match[str]) -> TimeLabel | None:
    """Return the `TimeLabel` of a whole or leading label match (`_label_patterns`), or None if not a real time."""
    text = " ".join(match.group(0).split()).rstrip(" :|–—-")
    if "relative" in match.re.groupindex and match.group("relative") is not None:
        return TimeLabel(None, None, None, text)
    minute_mark = match.group("match_minute")
    if minute_mark is not None:
        return TimeLabel(None, None, "".join(minute_mark.split()) + "'", text)
    meridiem = match.group("meridiem")
    hm = to_24h(int(match.group("hour")), int(match.group("minute")),
                meridiem.replace(".", "").lower() if meridiem else None)
    if hm is None:
        return None
    token = match.group("zone")
    return TimeLabel(time(*hm), zone_for(token) if token else None, None, text)


def time_label(text: str | None) -> TimeLabel | None:
    """Return the label if `text` (an element's text) is only a displayed time, else None.

    Accepts "20:19", "12.31 Uhr", "14h05", "21:06 (IST)", "Posted at 15:05",
    "19:02 (IST), Oct 02", "45'", "90+3'"; rejects sentences and numbers that are not times.
    """
    if not text or len(text) > 48:
        return None
    return _time_label_memo(text)


@lru_cache(maxsize=4096)
def _time_label_memo(text: str) -> TimeLabel | None:
    """`time_label` of a short text, memoised: an entry's time text is asked about by several readers
    (its header's small elements, its headline, its label), and pages repeat labels and flags."""
    match = _label_patterns()[0].match(text)
    return _label_of(match) if match else None


def leading_time_label(text: str | None) -> tuple[TimeLabel, str] | None:
    """Return (label, rest) if `text` starts with a displayed time then a headline, else None.

    "12.31 Uhr: Kanzler reist ab" -> (12:31, "Kanzler reist ab"); the label must be closed by
    a separator (":", "–", "|"), a suffix word ("Uhr"), a zone in brackets or a match-minute
    mark, so that "10.000 Menschen" or "3.5 million" are not labels. A whole-text label
    gives an empty rest.
    """
    if not text:
        return None
    whole = time_label(text)
    if whole is not None:
        return whole, ""
    _, leading, closed = _label_patterns()
    match = leading.match(text[:120])
    if match is None:
        return None
    head = match.group(0)
    if not re.search(r"[:|–—-]\s*$", head) and not closed.search(head.rstrip()):
        return None
    label = _label_of(match)
    if label is None:
        return None
    return label, text[match.end():].strip()
