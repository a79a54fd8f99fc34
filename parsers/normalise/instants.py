"""One time-resolution step shared by every input format: time signals in, instants out.

Extractors gather what a page says about when each update was posted (`UpdateSignals`: the
time text the reader sees, the day heading above it, machine-readable instants from markup
attributes and structured data) and about the page (`PageSignals`: its own published and
modified dates, language, locale, address). `resolve` decides, for every update, the instant
in UTC (expressed in the page's zone), the "HH:MM" the reader saw, and a label when the page
shows a match minute instead of a clock. Each decision that is not obvious is written down as
a note ("visible 15:05 equals JSON-LD 15:05:08Z, so the page shows UTC").

Knowledge of languages and countries is data (the tables below), never a branch: a new
language is a row of month words, a new ambiguous zone token a row of countries.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from itertools import pairwise

from parsers.normalise.clean import clean_inline
from parsers.normalise.datetimes import offset_between
from parsers.normalise.times import ROLLOVER_THRESHOLD, ZONE_ABBREVIATIONS, clock_string, to_24h, zone_for

# --- Data -------------------------------------------------------------------------------

# Zone tokens that name different zones in different countries: token -> (country, offset or
# IANA zone) rows. The page's country picks the row; without one, the row whose offset agrees
# with the page's own instants; else `ZONE_ABBREVIATIONS` (the first meaning) stands.
AMBIGUOUS_ZONE_TOKENS: dict[str, tuple[tuple[str, str], ...]] = {
    "IST": (("IN", "+05:30"), ("IE", "+01:00"), ("IL", "+02:00")),
    "BST": (("GB", "+01:00"), ("BD", "+06:00")),
    "CST": (("US", "-06:00"), ("CN", "+08:00"), ("CU", "-05:00")),
    "AST": (("CA", "-04:00"), ("SA", "+03:00")),
}

# Countries with one civil zone, for pages that say their zone only through their locale or
# language. Countries spanning several zones (US, CA, AU, BR, RU) are left out on purpose.
COUNTRY_ZONES: dict[str, str] = {
    "GB": "Europe/London", "IE": "Europe/Dublin", "PT": "Europe/Lisbon", "ES": "Europe/Madrid",
    "FR": "Europe/Paris", "BE": "Europe/Brussels", "NL": "Europe/Amsterdam", "LU": "Europe/Luxembourg",
    "DE": "Europe/Berlin", "AT": "Europe/Vienna", "CH": "Europe/Zurich", "IT": "Europe/Rome",
    "PL": "Europe/Warsaw", "CZ": "Europe/Prague", "DK": "Europe/Copenhagen", "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo", "FI": "Europe/Helsinki", "GR": "Europe/Athens", "UA": "Europe/Kyiv",
    "TR": "Europe/Istanbul", "IL": "Asia/Jerusalem", "IN": "Asia/Kolkata", "PK": "Asia/Karachi",
    "BD": "Asia/Dhaka", "SG": "Asia/Singapore", "HK": "Asia/Hong_Kong", "CN": "Asia/Shanghai",
    "JP": "Asia/Tokyo", "KR": "Asia/Seoul", "NZ": "Pacific/Auckland", "ZA": "Africa/Johannesburg",
    "NG": "Africa/Lagos", "KE": "Africa/Nairobi", "AR": "America/Argentina/Buenos_Aires",
}

# The country a page in this language most likely comes from, when it names no country.
# English, Spanish and Portuguese are written in too many countries to guess.
LANGUAGE_COUNTRIES: dict[str, str] = {
    "de": "DE", "it": "IT", "fr": "FR", "pl": "PL", "nl": "NL", "da": "DK", "sv": "SE", "nb": "NO",
    "no": "NO", "fi": "FI", "cs": "CZ", "el": "GR", "uk": "UA", "tr": "TR", "he": "IL", "ja": "JP",
    "ko": "KR",
}

# Country-code top-level domains that name a country ("co.uk" -> "uk" -> GB).
DOMAIN_COUNTRIES: dict[str, str] = {
    "uk": "GB", "ie": "IE", "de": "DE", "at": "AT", "ch": "CH", "it": "IT", "fr": "FR", "es": "ES",
    "pl": "PL", "nl": "NL", "be": "BE", "pt": "PT", "in": "IN", "il": "IL", "jp": "JP", "nz": "NZ",
    "dk": "DK", "se": "SE", "no": "NO", "fi": "FI", "cz": "CZ", "gr": "GR", "ua": "UA", "za": "ZA",
}

# Month words in the languages live blogs are written in (full names and the usual short
# forms, Polish genitives included); one flat table, since no word means two different months.
MONTH_WORDS: dict[str, int] = {}
for _number, _words in enumerate(
    (
        "january jan januar jänner janvier gennaio enero stycznia styczeń januari janeiro",
        "february feb februar février fevrier febbraio febrero lutego luty februari fevereiro",
        "march mar märz maerz mars marzo marca marzec maart março",
        "april apr avril aprile abril kwietnia kwiecień",
        "may mai maggio mayo maja maj mei maio",
        "june jun juni juin giugno junio czerwca czerwiec junho",
        "july jul juli juillet luglio julio lipca lipiec julho",
        "august aug août aout agosto sierpnia sierpień augustus",
        "september sep sept septembre settembre septiembre września wrzesień setembro",
        "october oct oktober octobre ottobre octubre października październik okt outubro",
        "november nov novembre noviembre listopada listopad novembro",
        "december dec dezember déc décembre dicembre diciembre grudnia grudzień dez dezembro",
    ),
    start=1,
):
    for _word in _words.split():
        MONTH_WORDS[_word] = _number

# Weekday words, recognised (and skipped) at the start of a day heading: "Donnerstag, 18. 7.".
WEEKDAY_WORDS: frozenset[str] = frozenset(
    """monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat
    sunday sun montag mo dienstag di mittwoch mi donnerstag do freitag fr samstag sa sonntag so
    lundi mardi mercredi jeudi vendredi samedi dimanche lunedì lunedi martedì martedi mercoledì
    mercoledi giovedì giovedi venerdì venerdi sabato domenica lunes martes miércoles miercoles
    jueves viernes sábado domingo poniedziałek wtorek środa czwartek piątek sobota niedziela""".split()
)

# Small words a day heading may hold besides the day ("the 18th of July", "2 de noviembre").
DAY_FILLER_WORDS: frozenset[str] = frozenset("at um alle à a de del of the le il el den der am st nd rd th".split())

# Words a time label may hold besides its clock, zone and day ("Posted at 15:05", "Aktualisiert 12.31 Uhr").
LABEL_WORDS: frozenset[str] = frozenset(
    "posted updated published last modified aktualisiert veröffentlicht aggiornato pubblicato publié mis à jour"
    " actualizado publicado".split()
)

# Words of a day heading that name a day relative to the page's own date.
RELATIVE_DAY_WORDS: dict[str, int] = {
    "today": 0, "heute": 0, "oggi": 0, "aujourd'hui": 0, "hoy": 0, "dzisiaj": 0, "dziś": 0,
    "yesterday": -1, "gestern": -1, "ieri": -1, "hier": -1, "ayer": -1, "wczoraj": -1,
}

# "2h ago", "vor 5 Minuten", "3 ore fa", "il y a 2 heures", "hace 2 horas": unit words -> seconds.
RELATIVE_UNITS: dict[str, int] = {}
for _seconds, _words in (
    (1, "s sec secs second seconds sekunde sekunden secondo secondi seconde secondes segundo segundos"),
    (60, "m min mins minute minutes minuten minuto minuti minuta minut minuty minutos"),
    (3600, "h hr hrs hour hours std stunde stunden ora ore heure heures hora horas godz godzina godziny godzin"),
    (86400, "d day days tag tage tagen giorno giorni jour jours día dia días dias dzień dni"),
):
    for _word in _words.split():
        RELATIVE_UNITS[_word] = _seconds
RELATIVE_BEFORE: tuple[str, ...] = ("vor", "il y a", "hace", "fa")  # words before the number
RELATIVE_AFTER: tuple[str, ...] = ("ago", "fa", "temu")  # words after the unit

# Words written after a clock that only say "o'clock" ("12.31 Uhr", "21 h 06").
CLOCK_WORDS: frozenset[str] = frozenset({"uhr", "h", "heures", "ore", "godz"})

# --- Reading what a page shows -------------------------------------------------------------

_SHORT = 60  # a time label is short; longer text is a sentence, not a label
_VOTES = 600  # clock/instant pairs compared to find the page's zone: enough to outvote a few odd ones
_TEXT_MEMO = 120  # texts up to this long are memoised by `read_shown`
_LEADING_LABEL = 30  # a label that starts a heading ("12.31 Uhr: …") is at most this long
_LABEL_END = re.compile(r"\s*[:|–—]\s+|\s+-\s+")  # what separates such a label from the heading's words
_DAY_WORDS_BESIDE_CLOCK = 6  # words beside a clock that may still be its date ("Thursday 18 July 2024 … BST")
_LABEL_WORDS = 6  # "Thursday 18 July 2024 10:05 BST"; more words make a sentence
_LEADING_WORDS_CHARS = 10  # what may come before the clock of a heading's label ("Posted at ")
_OFFSET_TEXT = re.compile(r"(?:UTC|GMT)?\s?[+-]\d{1,2}(?::?\d{2})?")
_LABEL_PART = re.compile(r"[^\W_]+(?:['’][^\W_]+)?\.?", re.UNICODE)  # the words and numbers of a label
_SENTENCE_END = re.compile(r"([^\W\d_]{2,})[.!?]$")  # a word of two letters or more, then a full stop
_CLOCK = re.compile(
    r"(?<![\d:.,/+-])(?P<hour>[01]?\d|2[0-3])\s?(?:[:.]|h\s?)(?P<minute>[0-5]\d)(?::[0-5]\d)?(?![\d:.])"
    r"\s*(?P<meridiem>[ap]\.?\s?m\.?)?",
    re.IGNORECASE,
)
_ZONE_AFTER = re.compile(
    r"^\s*(?:(?i:uhr)\b\s*)?\(?\s*(?P<token>[A-Z]{2,5})\b\s*\)?|^\s*\(?\s*(?:UTC|GMT)?\s*(?P<offset>[+-]\d{1,2}(?::?\d{2})?)\)?"
)
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.(?:\s?(\d{4}|\d{2})\b)?")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SLASH_DATE = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")
_WORD = re.compile(r"[^\W\d_]+['’]?[^\W\d_]*\.?", re.UNICODE)
_MINUTE = re.compile(r"^(?P<minute>\d{1,3})\s?(?:\+\s?(?P<extra>\d{1,2}))?\s?(?:['’′]|min\.?)$", re.IGNORECASE)
_RELATIVE = re.compile(r"(?P<number>\d{1,3}|an?|one|un|une|ein|eine|einer|einem)\s*(?P<unit>[^\W\d_]+)\.?",
                       re.IGNORECASE)
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "un": 1, "une": 1, "ein": 1, "eine": 1, "einer": 1, "einem": 1}


@dataclass(slots=True, frozen=True)
class DayOfYear:
    """A calendar day a page shows, possibly without its year ("18. 7.", "Oct 02")."""

    month: int
    day: int
    year: int | None = None
    relative: int | None = None  # "yesterday": -1 (month and day are then 0)

    def on(self, reference: date | None) -> date | None:
        """Return the date this day names, taking a missing year from `reference` (the nearest such day)."""
        if self.relative is not None:
            return reference + timedelta(days=self.relative) if reference is not None else None
        if self.year is not None:
            return _safe_date(self.year, self.month, self.day)
        if reference is None:
            return None
        options = [d for y in (reference.year - 1, reference.year, reference.year + 1)
                   if (d := _safe_date(y, self.month, self.day)) is not None]
        return min(options, key=lambda d: abs((d - reference).days), default=None)


def _safe_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when the numbers are not one (31 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(slots=True, frozen=True)
class Shown:
    """What a time label the reader sees says: a clock, a zone, a day, a match minute or an age."""

    text: str
    clock: time | None = None
    token: str | None = None  # a zone word beside the clock ("BST", "IST") or an offset ("+05:30")
    day: DayOfYear | None = None
    minute: str | None = None  # "45'", "90+3'"
    ago: timedelta | None = None


def read_shown(text: str | None) -> Shown | None:
    """Return what a short time label says, or None when it holds no time (see `_read_shown`)."""
    if not text:
        return None
    if len(text) <= _TEXT_MEMO:
        return _read_shown_memo(text)  # pages repeat their labels ("21:56") many times
    return _read_shown(text)


@lru_cache(maxsize=4096)
def _read_shown_memo(text: str) -> Shown | None:
    """`_read_shown`, memoised for short texts."""
    return _read_shown(text)


def _read_shown(text: str) -> Shown | None:
    """Return what a short time label says, or None when it holds no time.

    Accepts labels such as "15:05", "Posted at 15:05", "12.31 Uhr", "21h06", "21:06 (IST)",
    "19:02 (IST), Oct 02", "9:56am BST", "2h ago", "vor 5 Minuten", "45'", "90+3'". Longer
    text is read only when it starts with such a label and a separator, as headings that carry
    their time do ("12.31 Uhr: Headline", "21:06 – Headline"); a sentence is not read.
    """
    if not text:
        return None
    label = " ".join(text.split())
    if not label:
        return None
    if len(label) > _SHORT or len(label.split()) > _LABEL_WORDS or _is_sentence(label):
        head = _LABEL_END.split(label[:_SHORT * 2], maxsplit=1)
        if len(head) < 2 or len(head[0]) > _LEADING_LABEL:
            return None
        clock = _CLOCK.search(head[0])
        if clock is not None and clock.start() > _LEADING_WORDS_CHARS:
            return None  # "The vote at 12:30: …" is a sentence that mentions a time
        shown = read_shown(head[0])
        return shown if shown is not None and (shown.clock is not None or shown.minute is not None) else None
    minute = _MINUTE.match(label)
    if minute:
        extra = minute.group("extra")
        return Shown(label, minute=f"{int(minute.group('minute'))}+{int(extra)}'" if extra
                     else f"{int(minute.group('minute'))}'")
    clock_match = _CLOCK.search(label)
    if clock_match is None:
        ago = read_relative(label)
        return Shown(label, ago=ago) if ago is not None else None
    meridiem = clock_match.group("meridiem")
    hm = to_24h(int(clock_match.group("hour")), int(clock_match.group("minute")),
                re.sub(r"[.\s]", "", meridiem).lower() if meridiem else None)
    if hm is None:
        return None
    token = None
    zone_match = _ZONE_AFTER.match(label[clock_match.end():])
    if zone_match:
        found = zone_match.group("token") or zone_match.group("offset")
        if found and (found[0] in "+-" or found.upper() in ZONE_ABBREVIATIONS):
            token = found.upper()
    rest = label[: clock_match.start()] + " " + label[clock_match.end():]
    # Only a few words beside the clock can be its date ("Oct 02"); more are a headline's words.
    day = read_day(rest, allow_clock=True) if len(rest.split()) <= _DAY_WORDS_BESIDE_CLOCK else None
    return Shown(label, clock=time(*hm), token=token, day=day)


def _is_sentence(label: str) -> bool:
    """Return True if a short text ends like a sentence ("… was close.") rather than a label
    ("18.45 h.", "9.30 p.m.", "2 Sept.")."""
    end = _SENTENCE_END.search(label)
    return end is not None and end.group(1).lower() not in MONTH_WORDS and end.group(1).lower() not in CLOCK_WORDS


def read_label_line(text: str) -> Shown | None:
    """Return the label if the whole text is a clock label and nothing else, else None.

    Besides the clock the text may hold only a zone (word or offset), a day, "o'clock" words and
    label words ("Posted at 15:05", "21h06", "19:02 (IST), Oct 02", "12.31 Uhr"); "9:56 and
    counting" is a sentence. For formats where a line of its own is a timestamp (copied text).
    """
    shown = read_shown(text)
    if shown is None or shown.clock is None or len(text) > _SHORT:
        return None
    rest = _OFFSET_TEXT.sub(" ", _CLOCK.sub(" ", text, count=1))
    for word in _LABEL_PART.findall(rest):
        lowered = word.lower().rstrip(".").replace("’", "'")
        if lowered.isdecimal():
            if not (1 <= int(lowered) <= 31 or 1995 <= int(lowered) <= 2100):
                return None
        elif not (lowered in MONTH_WORDS or lowered in WEEKDAY_WORDS or lowered in LABEL_WORDS
                  or lowered in RELATIVE_DAY_WORDS or lowered in CLOCK_WORDS or lowered in DAY_FILLER_WORDS
                  or word.upper() in ZONE_ABBREVIATIONS):
            return None
    return shown


def read_relative(text: str) -> timedelta | None:
    """Return the age a relative label states ("2h ago", "vor 5 Minuten", "3 ore fa"), else None."""
    lowered = " ".join(text.lower().split())
    if len(lowered) > _SHORT:
        return None
    has_before = any(lowered.startswith(w + " ") for w in RELATIVE_BEFORE)
    has_after = any(lowered.endswith(" " + w) for w in RELATIVE_AFTER)
    if not (has_before or has_after):
        return None
    for match in _RELATIVE.finditer(lowered):
        unit = RELATIVE_UNITS.get(match.group("unit").rstrip("."))
        if unit is None:
            continue
        number = match.group("number")
        count = int(number) if number.isdecimal() else _NUMBER_WORDS.get(number, 1)
        return timedelta(seconds=count * unit)
    return None


def read_day(text: str | None, *, allow_clock: bool = False) -> DayOfYear | None:
    """Return the calendar day a short text names ("Donnerstag, 18. 7.", "Thursday 18 July 2024",
    "Oct 02", "2 novembre 2023", "18.07.2024", "2024-07-18", "Yesterday"), else None.

    A text holding a clock is a post's time, not a day heading, unless `allow_clock`.
    """
    if not text:
        return None
    label = " ".join(text.split())
    if not label or len(label) > _SHORT or (not allow_clock and _CLOCK.search(label)):
        return None
    if (iso := _ISO_DATE.search(label)) is not None:
        return _checked(int(iso.group(2)), int(iso.group(3)), int(iso.group(1)))
    words = [w.rstrip(".").lower().replace("’", "'") for w in _WORD.findall(label)]
    meaningful = [w for w in words if w not in WEEKDAY_WORDS and w not in DAY_FILLER_WORDS
                  and not (allow_clock and (w in CLOCK_WORDS or w in LABEL_WORDS or w.upper() in ZONE_ABBREVIATIONS))]
    for word in meaningful:
        if word in RELATIVE_DAY_WORDS and len(meaningful) <= 2:
            return DayOfYear(0, 0, relative=RELATIVE_DAY_WORDS[word])
    month_words = [MONTH_WORDS[w] for w in meaningful if w in MONTH_WORDS]
    numbers = [int(n) for n in re.findall(r"(?<![\d:.])\d{1,4}(?![\d:])", _CLOCK.sub(" ", label))]
    if month_words and not any(w not in MONTH_WORDS for w in meaningful if len(w) > 3):
        days = [n for n in numbers if 1 <= n <= 31]
        years = [n for n in numbers if n >= 1995]
        if days:
            return _checked(month_words[0], days[0], years[0] if years else None)
        return None
    if (numeric := _NUMERIC_DATE.search(label)) is not None:
        year = numeric.group(3)
        full_year = (int(year) + 2000 if len(year) == 2 else int(year)) if year else None
        return _checked(int(numeric.group(2)), int(numeric.group(1)), full_year)
    if (slash := _SLASH_DATE.search(label)) is not None:
        return _checked(int(slash.group(2)), int(slash.group(1)), int(slash.group(3)))
    return None


def _checked(month: int, day: int, year: int | None) -> DayOfYear | None:
    """Return the day if the numbers can be one (a leap day passes without a year)."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    if _safe_date(year or 2024, month, day) is None:
        return None
    return DayOfYear(month, day, year)


# --- The page and its updates ------------------------------------------------------------

PAGE_CLOCKS = "its <time> element"  # the source name of `PageSignals.clock_stamps` in notes


@dataclass(slots=True, frozen=True)
class Stamp:
    """A machine-readable instant of an update and where it came from ("JSON-LD", "the <time> element")."""

    source: str
    value: datetime


@dataclass(slots=True, frozen=True)
class UpdateSignals:
    """Everything one update says about its time.

    `shown` is the time label the reader sees (read with `read_shown`); `clock`, `zone` and
    `day` are for extractors that have already read the label (the text parser); `heading` is
    the day heading above the update; `stamps` the machine-readable instants, most visible first.
    """

    shown: str | None = None
    clock: time | None = None
    zone: tzinfo | None = None
    day: date | DayOfYear | None = None
    heading: DayOfYear | None = None
    stamps: tuple[Stamp, ...] = ()


@dataclass(slots=True, frozen=True)
class PageSignals:
    """Everything the page says about time: its own dates, where it comes from, what the user said."""

    published: datetime | None = None
    modified: datetime | None = None
    coverage_start: datetime | None = None
    language: str | None = None  # the `lang` attribute: "en-gb", "it"
    locale: str | None = None  # `og:locale`: "en_GB"
    url: str | None = None
    publisher_zone: str | None = None  # the publisher table's zone: breaks ties only
    user_zone: tzinfo | None = None
    user_date: date | None = None  # the day the blog began, as the user gave it
    # (label, instant) of clocks the page shows outside its updates (a header's "16:58" over 15:58:23Z)
    clock_stamps: tuple[tuple[str, datetime], ...] = ()


@dataclass(slots=True, frozen=True)
class ResolvedTime:
    """One update's time: the "HH:MM" the reader saw, the instant, and a label (a match minute)."""

    time: str | None
    instant: datetime | None
    label: str | None = None


@dataclass(slots=True, frozen=True)
class Resolution:
    """The times of all updates, the zone the page shows, and the notes that explain the decisions."""

    times: tuple[ResolvedTime, ...]
    zone: tzinfo | None
    notes: tuple[str, ...]


def page_country(page: PageSignals) -> str | None:
    """Return the two-letter country the page comes from: its locale, its language's region, its
    address's country domain, or the one country its language is mostly written in; else None."""
    for value in (page.locale, page.language):
        parts = re.split(r"[-_]", (value or "").strip())
        if len(parts) >= 2 and len(parts[1]) == 2 and parts[1].isalpha():
            return parts[1].upper()
    host = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", (page.url or "").strip(), re.IGNORECASE)
    if host:
        domain = DOMAIN_COUNTRIES.get(host.group(1).rsplit(".", 1)[-1].lower())
        if domain:
            return domain
    for value in (page.locale, page.language):
        language = re.split(r"[-_]", (value or "").strip())[0].lower()
        if language in LANGUAGE_COUNTRIES:
            return LANGUAGE_COUNTRIES[language]
    return None


def token_zone(token: str, country: str | None, evidence: Sequence[timedelta]) -> tuple[tzinfo | None, str]:
    """Return the zone a token beside a clock names, and how it was chosen.

    An ambiguous token (IST: India, Ireland or Israel) is read by the page's country, else by
    the offset the page's own instants carry, else as its first meaning.
    """
    rows = AMBIGUOUS_ZONE_TOKENS.get(token, ())
    for row_country, target in rows:
        if row_country == country:
            return zone_for(target), f"{token} read as {target} (the page is from {country})"
    for row_country, target in rows:
        zone = zone_for(target)
        if zone is not None and any(zone.utcoffset(None) == offset for offset in evidence):
            return zone, f"{token} read as {target} ({row_country}), the offset the page's own instants carry"
    return zone_for(token), f"the clocks are labelled {token}"


def _fixed(offset: timedelta) -> tzinfo:
    """Return a fixed-offset zone (UTC for zero)."""
    from dateutil import tz as dateutil_tz

    seconds = int(offset.total_seconds())
    return dateutil_tz.UTC if seconds == 0 else dateutil_tz.tzoffset(None, seconds)


def _format_offset(offset: timedelta) -> str:
    """Return "+01:00" for an hour, "UTC" for zero."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _stamp_text(stamp: Stamp) -> str:
    """Return an instant as a note shows it: "JSON-LD 15:05:08Z"."""
    value = stamp.value
    offset = value.utcoffset()
    suffix = "Z" if offset == timedelta(0) else _format_offset(offset) if offset is not None else ""
    return f"{stamp.source} {value:%H:%M:%S}{suffix}"


def _named_zone(offset: timedelta, sample: datetime | None, names: Sequence[str | None]) -> tuple[tzinfo, str | None]:
    """Return the first named (DST-aware) zone of `names` that has `offset` at `sample`, else a fixed one."""
    for name in names:
        if not name:
            continue
        zone = zone_for(name)
        if zone is None:
            continue
        at = (sample or datetime(2024, 1, 1)).replace(tzinfo=None)
        if zone.utcoffset(at) == offset:
            return zone, name
    return _fixed(offset), None


def ignored_sources(updates: Sequence[UpdateSignals], page: PageSignals) -> tuple[set[str], list[str]]:
    """Return the stamp sources that say nothing about the updates, and why.

    A source that gives two or more updates one and the same instant (the Guardian's JSON-LD
    gives every update the page's own datePublished) stamps the page, not the update.
    """
    ignored: set[str] = set()
    notes: list[str] = []
    by_source: dict[str, list[datetime]] = {}
    for update in updates:
        for stamp in update.stamps:
            by_source.setdefault(stamp.source, []).append(stamp.value)
    for source, values in by_source.items():
        if len(values) >= 2 and len(set(values)) == 1:
            ignored.add(source)
            page_time = " (the page's own time)" if values[0] in (page.published, page.modified) else ""
            notes.append(f"{source} stamps every update with {values[0].isoformat()}{page_time}, so it is ignored")
    return ignored, notes


@dataclass(slots=True)
class _Work:
    """One update while it is being resolved."""

    shown: Shown | None
    clock: time | None
    token: str | None
    zone: tzinfo | None
    day: date | DayOfYear | None
    heading: DayOfYear | None
    stamps: list[Stamp]
    instant: datetime | None = None
    date: date | None = None


def _work_of(signals: UpdateSignals, ignored: set[str]) -> _Work:
    """Return the working record of one update: its label read, its ignored stamps left out."""
    shown = read_shown(signals.shown) if signals.shown else None
    clock = signals.clock or (shown.clock if shown else None)
    token = shown.token if shown else None
    day = signals.day or (shown.day if shown else None)
    stamps = [s for s in signals.stamps if s.source not in ignored]
    return _Work(shown, clock, token, signals.zone, day, signals.heading, stamps)


def decide_zone(work: Sequence[_Work], page: PageSignals, country: str | None
                ) -> tuple[tzinfo | None, set[str], list[str]]:
    """Return the zone the page shows its clocks in, the stamp sources that hold local times
    written as UTC, and notes saying why.

    Order of trust: a zone token printed beside the clocks; the offset between the clocks the
    page shows and the instants behind them (when sources disagree, the one the page's country
    or publisher expects, else one with a real offset: a Z on a time equal to the clock is a
    local time written with a Z); the user's `--tz`; the offset the page's own dates carry; the
    publisher's zone; the country's zone; UTC when every instant is UTC.
    """
    notes: list[str] = []
    country_zone = COUNTRY_ZONES.get(country or "")
    names = (page.publisher_zone, country_zone)
    all_stamps = [s.value for w in work for s in w.stamps]
    all_stamps += [v for v in (page.published, page.modified) if v is not None]
    evidence = [o for v in all_stamps if v.tzinfo is not None and (o := v.utcoffset()) is not None]
    sample = next((v for v in all_stamps if v.tzinfo is not None), None)
    tokens = Counter(w.token for w in work if w.token and w.clock is not None)
    if tokens:
        token = tokens.most_common(1)[0][0]
        if token[0] in "+-":
            zone, why = zone_for(token), f"the clocks carry the offset {token}"
        else:
            zone, why = token_zone(token, country, evidence)
        if zone is not None:
            offset = zone.utcoffset((sample or datetime(2024, 1, 1)).replace(tzinfo=None))
            named, name = _named_zone(offset, sample, names) if offset is not None else (zone, None)
            if name and token not in ("GMT", "UTC", "Z"):
                notes.append(f"{why}; kept as {name}, which has that offset on the page's day")
                return named, set(), notes
            notes.append(why)
            return (named if name else zone), set(), notes
    # Zones an extractor read beside the clocks (counted by repr: dateutil's zones are unhashable).
    read_zones = {repr(w.zone): w.zone for w in work if w.zone is not None and w.clock is not None}
    if read_zones and page.user_zone is not None:
        notes.append("clocks that name no zone are in the zone given by the user (--tz)")
        return page.user_zone, set(), notes
    if read_zones:
        counts = Counter(repr(w.zone) for w in work if w.zone is not None and w.clock is not None)
        notes.append("the timestamps name their zone")
        return read_zones[counts.most_common(1)[0][0]], set(), notes
    votes: dict[timedelta, Counter[str]] = {}
    example: dict[tuple[timedelta, str], str] = {}
    pairs = 0
    for item in work:
        if item.clock is None or pairs >= _VOTES:
            continue
        for stamp in item.stamps:
            pairs += 1
            offset = offset_between(item.clock, stamp.value)
            if offset is None:
                continue
            votes.setdefault(offset, Counter())[stamp.source] += 1
            if (offset, stamp.source) not in example:  # (the note's text is built only for the first such pair)
                example[offset, stamp.source] = f"visible {clock_string(item.clock)} and {_stamp_text(stamp)}"
    for label, value in page.clock_stamps:
        shown = read_shown(label)
        if shown is None or shown.clock is None or (offset := offset_between(shown.clock, value)) is None:
            continue
        votes.setdefault(offset, Counter())[PAGE_CLOCKS] += 1
        example.setdefault((offset, PAGE_CLOCKS), f"the page's {clock_string(shown.clock)} and "
                                                  f"{_stamp_text(Stamp(PAGE_CLOCKS, value))}")
    mislabelled: set[str] = set()
    if votes:
        chosen = _choose_offset(votes, sample, (page.user_zone, *names), _source_ranks(work))
        source = votes[chosen].most_common(1)[0][0]
        named, name = _named_zone(chosen, sample, names)
        if chosen == timedelta(0) and name is None:
            notes.append(f"{example[(chosen, source)].replace(' and ', ' equals ')}, so the page shows UTC")
        else:
            notes.append(f"{example[(chosen, source)]}: the page shows {name or _format_offset(chosen)}")
        for offset, sources in votes.items():
            if offset == chosen:
                continue
            for other in sources:
                if offset == timedelta(0) and other not in votes[chosen]:
                    mislabelled.add(other)
                    notes.append(f"{example[(offset, other)].replace(' and ', ' equals ')}: a local time written "
                                 f"with a Z, so {other} gives only the day")
        return named, mislabelled, notes
    if page.user_zone is not None:
        notes.append("the zone given by the user (--tz)")
        return page.user_zone, set(), notes
    nonzero = [o for o in evidence if o != timedelta(0)]
    if nonzero:
        offset = Counter(nonzero).most_common(1)[0][0]
        named, name = _named_zone(offset, sample, names)
        notes.append(f"the page's own dates carry {_format_offset(offset)}" + (f" ({name})" if name else ""))
        return named, set(), notes
    for label, name in (("the publisher's zone", page.publisher_zone), (f"the zone of {country}", country_zone)):
        if name and (zone := zone_for(name)) is not None:
            notes.append(f"{label}, {name}: the page names none")
            return zone, set(), notes
    if evidence:
        notes.append("every instant on the page is UTC and nothing says otherwise")
        return zone_for("UTC"), set(), notes
    return None, set(), notes


def _source_ranks(work: Sequence[_Work]) -> dict[str, int]:
    """Return each stamp source's rank by visibility: its earliest place in an update's stamps."""
    ranks: dict[str, int] = {}
    for item in work:
        for place, stamp in enumerate(item.stamps):
            ranks[stamp.source] = min(place, ranks.get(stamp.source, place))
    return ranks


def _choose_offset(votes: dict[timedelta, Counter[str]], sample: datetime | None,
                   expected: Sequence[tzinfo | str | None], ranks: dict[str, int]) -> timedelta:
    """Return the offset the page shows when clock/instant pairs disagree.

    One offset: it. Several: the first the user, the publisher or the country expects; else a
    non-zero one over zero (a Z that restates the clock is a local time marked as UTC); among
    those, the one the most visible source gives (the `<time>` element showing the clock, not
    a creation time in an attribute or in structured data), then the most voted.
    """
    if len(votes) == 1:
        return next(iter(votes))
    at = (sample or datetime(2024, 1, 1)).replace(tzinfo=None)
    for zone in expected:
        resolved = zone_for(zone) if isinstance(zone, str) else zone
        if resolved is not None and (offset := resolved.utcoffset(at)) in votes:
            return offset
    def key(offset: timedelta) -> tuple[bool, int, int]:
        best = min(ranks.get(source, len(ranks)) for source in votes[offset])
        return offset != timedelta(0), -best, sum(votes[offset].values())

    return max(votes, key=key)


def _reference_day(page: PageSignals, work: Sequence[_Work], zone: tzinfo | None) -> date | None:
    """Return a day near the blog, for day headings written without a year."""
    for value in (page.modified, page.published, *(s.value for w in work for s in w.stamps)):
        if value is not None:
            return _local(value, zone).date()
    return page.user_date


def _local(value: datetime, zone: tzinfo | None) -> datetime:
    """Return `value` in `zone` (a naive value is taken to be in `zone` already)."""
    if zone is None:
        return value
    return value.replace(tzinfo=zone) if value.tzinfo is None else value.astimezone(zone)


def _at(day: date, clock: time, zone: tzinfo | None) -> datetime:
    """Return the datetime of `clock` on `day` in `zone` (naive without a zone)."""
    value = datetime.combine(day, clock)
    return value.replace(tzinfo=zone) if zone is not None else value


def resolve(updates: Sequence[UpdateSignals], page: PageSignals) -> Resolution:
    """Return every update's time, the page's zone and the notes explaining them.

    Accepts the updates in page order. Steps: drop sources that stamp every update alike;
    decide the zone (`decide_zone`); then per update: a match minute becomes its label with no
    clock; a clock is matched to an instant that shows it (keeping its seconds), else dated by
    its own date, its day heading or a local day from a mislabelled source; a relative age is
    counted back from the page's modified (else published) time; an update without a label
    takes its instant's wall-clock time. Clocks still undated are dated by walking from the
    dated ones (or from the day the blog began), rolling over at midnight in either order.
    """
    ignored, notes = ignored_sources(updates, page)
    work = [_work_of(u, ignored) for u in updates]
    country = page_country(page)
    zone, mislabelled, zone_notes = decide_zone(work, page, country)
    notes += zone_notes
    reference = _reference_day(page, work, zone)
    labels: list[str | None] = [None] * len(work)
    relative_noted = False
    headed = 0
    for index, item in enumerate(work):
        shown = item.shown
        if shown is not None and shown.minute is not None and item.clock is None:
            labels[index] = shown.minute
            continue
        good = [s for s in item.stamps if s.source not in mislabelled and s.value.tzinfo is not None]
        naive = [s for s in item.stamps if s.value.tzinfo is None]
        # Local days: a mislabelled source's wall time, or a naive (local) date such as datetime="2024-07-18".
        local_days = [s.value.date() for s in item.stamps if s.source in mislabelled] + [s.value.date() for s in naive]
        if item.clock is None:
            chosen = good[0].value if good else (naive[0].value if naive else None)
            if chosen is None and shown is not None and shown.ago is not None:
                # An age ("2h ago") was true when the page was saved; its last change is the nearest known time.
                base = page.modified or page.published
                if base is not None:
                    item.instant = _local(base, zone).replace(second=0, microsecond=0) - shown.ago
                    if not relative_noted:
                        notes.append(f"relative times (\"{clean_inline(shown.text)}\") are counted back from the "
                                     f"page's {'modified' if page.modified else 'published'} time {base.isoformat()}")
                        relative_noted = True
                continue
            item.instant = _local(chosen, zone) if chosen is not None else None
            continue
        for stamp in good:
            local = _local(stamp.value, zone)
            if clock_string(local) == clock_string(item.clock):
                item.instant = local
                break
        if item.instant is not None:
            continue
        for stamp in item.stamps:  # a naive instant (no offset) in the page's zone
            if stamp.value.tzinfo is None and clock_string(stamp.value) == clock_string(item.clock):
                item.instant = _local(stamp.value, zone)
                break
        if item.instant is not None:
            continue
        own = item.day.on(reference) if isinstance(item.day, DayOfYear) else item.day
        from_heading = item.heading.on(reference) if item.heading and not own else None
        headed += from_heading is not None
        item.date = own or from_heading or (local_days[0] if local_days else None)
        if item.date is None and good:
            # An instant that shows another clock still dates it: the local day nearest to it.
            near = _local(good[0].value, zone)
            candidates = [_at(near.date() + timedelta(days=d), item.clock, zone) for d in (-1, 0, 1)]
            item.instant = min(candidates, key=lambda c: abs((c - near).total_seconds()))
        elif item.date is not None:
            own_zone = item.zone or zone
            item.instant = _at(item.date, item.clock, own_zone)
    if headed:
        notes.append(f"{headed} clock{'s' if headed > 1 else ''} dated by the day heading above "
                     f"{'them' if headed > 1 else 'it'}")
    _walk_undated(work, page, zone, notes)
    times = tuple(
        ResolvedTime(
            clock_string(item.clock) if item.clock is not None else (
                clock_string(item.instant) if item.instant is not None and labels[i] is None else None),
            item.instant,
            labels[i],
        )
        for i, item in enumerate(work)
    )
    return Resolution(times, zone, tuple(notes))


def _walk_undated(work: Sequence[_Work], page: PageSignals, zone: tzinfo | None, notes: list[str]) -> None:
    """Date the clocks that nothing dated, walking in time order from the dated ones.

    Going forward in time, a clock that drops by more than `ROLLOVER_THRESHOLD` passed
    midnight; going back, one that rises did. Before any dated clock the walk starts from the
    user's date, the coverage start or the page's published date (the day the blog began),
    else it runs back from the page's modified date (the day of its newest update).
    """
    undated = [i for i, w in enumerate(work) if w.clock is not None and w.instant is None]
    if not undated:
        return
    clocked = [i for i, w in enumerate(work) if w.clock is not None]
    newest_first = _is_newest_first(work, clocked)
    order = clocked[::-1] if newest_first else clocked  # oldest first
    anchored = [i for i in order if work[i].instant is not None]
    start: date | None = None
    backward_from: date | None = None
    if not anchored:
        begin = page.coverage_start or page.published
        if page.user_date is not None:
            start = page.user_date
            notes.append(f"undated clocks are dated from {start.isoformat()}, the day the user gave")
        elif begin is not None:
            start = _local(begin, zone).date()
            notes.append(f"undated clocks are dated from {start.isoformat()}, the day the blog began")
        elif page.modified is not None:
            backward_from = _local(page.modified, zone).date()
            notes.append(f"undated clocks are dated back from {backward_from.isoformat()}, the page's last change")
        else:
            return
    previous: datetime | None = None
    day = start
    rolls: list[str] = []
    if anchored:
        first = order.index(anchored[0])
        _walk_back(work, order[:first][::-1], work[anchored[0]].instant, zone, rolls)
        order = order[first:]
    elif backward_from is not None:
        newest = order[-1]
        work[newest].instant = _at(backward_from, work[newest].clock or time(), work[newest].zone or zone)
        _walk_back(work, order[:-1][::-1], work[newest].instant, zone, rolls)
        _note_rollovers(rolls, notes)
        return
    for index in order:
        item = work[index]
        if item.instant is not None:
            previous = _local(item.instant, zone) if zone is not None else item.instant
            day = previous.date()
            continue
        assert item.clock is not None and day is not None
        candidate = _at(day, item.clock, item.zone or zone)
        if previous is not None and _naive(previous) - _naive(candidate) > ROLLOVER_THRESHOLD:
            if day == date.max:
                break  # past 9999-12-31 (`--date 9999-12-31` on a blog crossing midnight): no date to give
            day += timedelta(days=1)
            candidate = _at(day, item.clock, item.zone or zone)
            rolls.append(f"{clock_string(previous)} and {clock_string(candidate)}")
        item.instant = candidate
        previous = candidate
    _note_rollovers(rolls, notes)


def _note_rollovers(rolls: list[str], notes: list[str]) -> None:
    """Add a note saying where the walk passed midnight, if it did."""
    if rolls:
        times = "once" if len(rolls) == 1 else f"{len(rolls)} times"
        notes.append(f"midnight passed {times} between clocks (first between {rolls[0]})")


def _walk_back(work: Sequence[_Work], indices: Sequence[int], later: datetime | None, zone: tzinfo | None,
               rolls: list[str]) -> None:
    """Date clocks going back in time from `later`: a clock that rises by more than the threshold passed
    midnight (noted in `rolls`, older clock first)."""
    if later is None:
        return
    previous = _local(later, zone) if zone is not None else later
    for index in indices:
        item = work[index]
        if item.instant is not None:
            previous = item.instant
            continue
        assert item.clock is not None
        day = previous.date()
        candidate = _at(day, item.clock, item.zone or zone)
        if _naive(candidate) - _naive(previous) > ROLLOVER_THRESHOLD:
            candidate = _at(day - timedelta(days=1), item.clock, item.zone or zone)
            rolls.append(f"{clock_string(candidate)} and {clock_string(previous)}")
        item.instant = candidate
        previous = candidate


def _naive(value: datetime) -> datetime:
    """Return the wall-clock datetime without its zone (for comparing clocks on one page)."""
    return value.replace(tzinfo=None)


def _is_newest_first(work: Sequence[_Work], clocked: Sequence[int]) -> bool:
    """Return True if the page lists updates newest first: known instants decrease, else clocks do.

    Small steps of clock time decide (a midnight crossing says nothing); ties count as newest-first.
    """
    instants = [work[i].instant for i in clocked if work[i].instant is not None]
    keys: list[float]
    if len(instants) >= 2:
        keys = [_naive(v).timestamp() if v is not None else 0.0 for v in instants]
        threshold = float("inf")
    else:
        keys = [float((work[i].clock or time()).hour * 60 + (work[i].clock or time()).minute) for i in clocked]
        threshold = ROLLOVER_THRESHOLD.total_seconds() / 60
    down = up = 0
    for a, b in pairwise(keys):
        if abs(b - a) > threshold:
            continue
        if b < a:
            down += 1
        elif b > a:
            up += 1
    return down >= up
