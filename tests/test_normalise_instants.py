"""The shared time resolver (`parsers.normalise.instants`) on synthetic signals: every label form,
zone tokens and offsets, day headings both ways, midnight rollover, match minutes, relative ages.

Expected instants are written in UTC and worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from parsers.normalise.instants import (
    DayOfYear,
    PageSignals,
    ResolvedTime,
    Stamp,
    UpdateSignals,
    page_country,
    read_day,
    read_label_line,
    read_relative,
    read_shown,
    resolve,
)

INDIA = timezone(timedelta(hours=5, minutes=30))


def utc(value: str) -> datetime:
    """Return an aware UTC datetime from "YYYY-MM-DD HH:MM[:SS]"."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


def instants_utc(resolution_times: tuple[ResolvedTime, ...]) -> list[datetime | None]:
    """Return each resolved instant converted to UTC (None stays None)."""
    result: list[datetime | None] = []
    for item in resolution_times:
        instant = item.instant
        result.append(instant.astimezone(UTC) if instant is not None else None)
    return result


@pytest.mark.parametrize(("label", "clock", "token", "day"), [
    ("15:05", time(15, 5), None, None),
    ("Posted at 15:05", time(15, 5), None, None),
    ("12.31 Uhr", time(12, 31), None, None),
    ("2.59 Uhr", time(2, 59), None, None),
    ("21h06", time(21, 6), None, None),
    ("21:06 (IST)", time(21, 6), "IST", None),
    ("19:02 (IST), Oct 02", time(19, 2), "IST", DayOfYear(10, 2)),
    ("12.50 BST", time(12, 50), "BST", None),
    ("9:56pm", time(21, 56), None, None),
    ("10:05 +05:30", time(10, 5), "+05:30", None),
    ("18 July 2024 10:05", time(10, 5), None, DayOfYear(7, 18, 2024)),
])
def test_clock_labels(label: str, clock: time, token: str | None, day: DayOfYear | None) -> None:
    shown = read_shown(label)
    assert shown is not None
    assert (shown.clock, shown.token, shown.day, shown.minute, shown.ago) == (clock, token, day, None, None)


@pytest.mark.parametrize(("label", "minute"), [("45'", "45'"), ("90+3'", "90+3'"), ("90 + 3’", "90+3'"), ("7'", "7'")])
def test_match_minutes_are_labels_not_clocks(label: str, minute: str) -> None:
    shown = read_shown(label)
    assert shown is not None and shown.minute == minute and shown.clock is None


@pytest.mark.parametrize(("label", "age"), [
    ("2h ago", timedelta(hours=2)), ("21 mins ago", timedelta(minutes=21)), ("an hour ago", timedelta(hours=1)),
    ("vor 5 Minuten", timedelta(minutes=5)), ("3 ore fa", timedelta(hours=3)), ("il y a 2 heures", timedelta(hours=2)),
    ("hace 10 minutos", timedelta(minutes=10)),
])
def test_relative_labels(label: str, age: timedelta) -> None:
    assert read_relative(label) == age
    shown = read_shown(label)
    assert shown is not None and shown.ago == age and shown.clock is None


@pytest.mark.parametrize("text", ["Bieg 15", "Koniec.", "18.07.2024", "In 2 hours", "2.5 million", "Trump arrives"])
def test_texts_that_are_not_time_labels(text: str) -> None:
    assert read_shown(text) is None


@pytest.mark.parametrize(("text", "day"), [
    ("Donnerstag, 18. 7.", DayOfYear(7, 18)),
    ("Thursday 18 July 2024", DayOfYear(7, 18, 2024)),
    ("Oct 02", DayOfYear(10, 2)),
    ("giovedì 2 novembre 2023", DayOfYear(11, 2, 2023)),
    ("18.07.2024", DayOfYear(7, 18, 2024)),
    ("2024-07-18", DayOfYear(7, 18, 2024)),
    ("mercredi 17 juillet", DayOfYear(7, 17)),
    ("Yesterday", DayOfYear(0, 0, relative=-1)),
])
def test_day_headings(text: str, day: DayOfYear) -> None:
    assert read_day(text) == day


@pytest.mark.parametrize("text", ["Trump arrives in May", "12.31 Uhr", "Bieg 15", "Koniec.", "31. 2."])
def test_texts_that_are_not_day_headings(text: str) -> None:
    assert read_day(text) is None


def test_a_day_without_a_year_takes_the_nearest_year() -> None:
    assert DayOfYear(12, 31).on(date(2025, 1, 1)) == date(2024, 12, 31)
    assert DayOfYear(7, 18).on(date(2024, 7, 17)) == date(2024, 7, 18)


def test_page_country_from_locale_language_or_domain() -> None:
    assert page_country(PageSignals(locale="en_IN")) == "IN"
    assert page_country(PageSignals(language="en-gb")) == "GB"
    assert page_country(PageSignals(language="de")) == "DE"
    assert page_country(PageSignals(language="en", url="https://www.example.it/x")) == "IT"
    assert page_country(PageSignals(language="en", url="https://example.com/")) is None


def test_german_ticker_with_day_headings_newest_first() -> None:
    # <h3>Donnerstag, 18. 7.</h3> 0.15 Uhr; <h3>Mittwoch, 17. 7.</h3> 23.40 Uhr, 12.31 Uhr.
    # The page is German (lang="de"): Europe/Berlin, +02:00 in July; its published date gives the year.
    thursday, wednesday = DayOfYear(7, 18), DayOfYear(7, 17)
    updates = [
        UpdateSignals(shown="0.15 Uhr", heading=thursday),
        UpdateSignals(shown="23.40 Uhr", heading=wednesday),
        UpdateSignals(shown="12.31 Uhr", heading=wednesday),
    ]
    page = PageSignals(language="de", published=datetime(2024, 7, 17, 8, 0, tzinfo=UTC))
    result = resolve(updates, page)
    assert [t.time for t in result.times] == ["00:15", "23:40", "12:31"]
    assert instants_utc(result.times) == [utc("2024-07-17 22:15"), utc("2024-07-17 21:40"), utc("2024-07-17 10:31")]
    assert any("Europe/Berlin" in note for note in result.notes)
    assert "3 clocks dated by the day heading above them" in result.notes


def test_day_headings_oldest_first() -> None:
    # Oldest first: "Mittwoch, 17. 7." 22.00 Uhr, then "Donnerstag, 18. 7." 9.00 Uhr and 10.30 Uhr.
    updates = [
        UpdateSignals(shown="22.00 Uhr", heading=DayOfYear(7, 17)),
        UpdateSignals(shown="9.00 Uhr", heading=DayOfYear(7, 18)),
        UpdateSignals(shown="10.30 Uhr", heading=DayOfYear(7, 18)),
    ]
    result = resolve(updates, PageSignals(language="de-AT", modified=datetime(2024, 7, 18, 9, 0, tzinfo=UTC)))
    # Vienna is +02:00 in July.
    assert instants_utc(result.times) == [utc("2024-07-17 20:00"), utc("2024-07-18 07:00"), utc("2024-07-18 08:30")]


def test_oldest_first_rolls_over_midnight_from_the_day_the_blog_began() -> None:
    # 22:10, 23:55, 00:20, 01:05 on a blog published 2023-03-04 (UTC page: all its dates are Z).
    updates = [UpdateSignals(shown=s) for s in ("22:10", "23:55", "00:20", "01:05")]
    result = resolve(updates, PageSignals(published=utc("2023-03-04 21:00"), language="en"))
    assert instants_utc(result.times) == [
        utc("2023-03-04 22:10"), utc("2023-03-04 23:55"), utc("2023-03-05 00:20"), utc("2023-03-05 01:05")]
    assert "midnight passed once between clocks (first between 23:55 and 00:20)" in result.notes


def test_newest_first_rolls_back_over_midnight_from_the_last_change() -> None:
    # Newest first, only the modified date known: 00:20 is on the 5th, 23:55 and 22:10 on the 4th.
    updates = [UpdateSignals(shown=s) for s in ("00:20", "23:55", "22:10")]
    result = resolve(updates, PageSignals(modified=utc("2023-03-05 00:30")))
    assert instants_utc(result.times) == [utc("2023-03-05 00:20"), utc("2023-03-04 23:55"), utc("2023-03-04 22:10")]
    assert result.notes == ("every instant on the page is UTC and nothing says otherwise",
                            "undated clocks are dated back from 2023-03-05, the page's last change",
                            "midnight passed once between clocks (first between 23:55 and 00:20)")


def test_a_page_whose_visible_times_are_utc() -> None:
    # Visible 15:05 and JSON-LD 15:05:08Z: the page shows UTC, though its locale is en_GB (BST in May).
    updates = [UpdateSignals(shown="Posted at 15:05", stamps=(Stamp("JSON-LD", utc("2020-05-12 15:05:08")),)),
               UpdateSignals(shown="Posted at 12:34", stamps=(Stamp("JSON-LD", utc("2020-05-12 12:34:41")),))]
    result = resolve(updates, PageSignals(locale="en_GB", publisher_zone="Europe/London"))
    assert [t.time for t in result.times] == ["15:05", "12:34"]
    assert instants_utc(result.times) == [utc("2020-05-12 15:05:08"), utc("2020-05-12 12:34:41")]
    assert result.notes == ("visible 15:05 equals JSON-LD 15:05:08Z, so the page shows UTC",)


def test_a_local_time_written_with_a_z() -> None:
    # <time datetime="…16:56Z">16:56</time> but JSON-LD 15:56:32Z on an Italian page (+01:00 in November).
    updates = [
        UpdateSignals(shown="16:56", stamps=(Stamp("the <time> element", utc("2023-11-02 16:56")),
                                             Stamp("JSON-LD", utc("2023-11-02 15:56:32")))),
        UpdateSignals(shown="00:30", stamps=(Stamp("the <time> element", utc("2023-11-02 00:30")),
                                             Stamp("JSON-LD", utc("2023-11-01 23:30:20")))),
    ]
    result = resolve(updates, PageSignals(language="it"))
    assert [t.time for t in result.times] == ["16:56", "00:30"]
    assert instants_utc(result.times) == [utc("2023-11-02 15:56:32"), utc("2023-11-01 23:30:20")]
    assert "a local time written with a Z" in " ".join(result.notes)


def test_a_local_time_written_with_a_z_without_structured_data_takes_its_day() -> None:
    # Only the mislabelled <time> values, but the page header shows 16:58 for 15:58:23Z.
    updates = [UpdateSignals(shown="16:56", stamps=(Stamp("the <time> element", utc("2023-11-02 16:56")),)),
               UpdateSignals(shown="00:30", stamps=(Stamp("the <time> element", utc("2023-11-02 00:30")),))]
    page = PageSignals(language="it", clock_stamps=(("16:58", utc("2023-11-02 15:58:23")),))
    result = resolve(updates, page)
    assert instants_utc(result.times) == [utc("2023-11-02 15:56"), utc("2023-11-01 23:30")]


def test_structured_data_that_stamps_every_update_with_the_page_time_is_ignored() -> None:
    page_time = utc("2023-05-15 11:50:54")
    updates = [
        UpdateSignals(shown="12.50 BST", stamps=(Stamp("the <time> element", page_time), Stamp("JSON-LD", page_time))),
        UpdateSignals(shown="11.42 BST", stamps=(Stamp("the <time> element", utc("2023-05-15 10:42:56")),
                                                 Stamp("JSON-LD", page_time))),
    ]
    result = resolve(updates, PageSignals(published=page_time, language="en"))
    assert instants_utc(result.times) == [page_time, utc("2023-05-15 10:42:56")]
    assert result.notes[0] == ("JSON-LD stamps every update with 2023-05-15T11:50:54+00:00 (the page's own time), "
                               "so it is ignored")


@pytest.mark.parametrize(("page", "offset"), [
    (PageSignals(locale="en_IN", published=utc("2020-10-02 12:00")), timedelta(hours=5, minutes=30)),
    (PageSignals(language="en-IE", published=utc("2020-10-02 12:00")), timedelta(hours=1)),
    # No country: the page's own instants carry +05:30, which is one meaning of IST.
    (PageSignals(language="en", published=datetime(2020, 10, 2, 17, 30, tzinfo=INDIA)),
     timedelta(hours=5, minutes=30)),
])
def test_ist_is_read_by_the_page_country_or_its_offsets(page: PageSignals, offset: timedelta) -> None:
    result = resolve([UpdateSignals(shown="21:06 (IST), Oct 02")], page)
    instant = result.times[0].instant
    assert instant is not None and instant.utcoffset() == offset
    assert result.times[0].time == "21:06"
    assert instant.astimezone(UTC) == datetime(2020, 10, 2, 21, 6, tzinfo=UTC) - offset


def test_match_minutes_become_labels_with_no_invented_clock() -> None:
    updates = [UpdateSignals(shown="90+3'"), UpdateSignals(shown="45'"), UpdateSignals(shown="1'")]
    result = resolve(updates, PageSignals(language="de", published=utc("2024-07-14 19:00")))
    assert [(t.time, t.instant, t.label) for t in result.times] == [
        (None, None, "90+3'"), (None, None, "45'"), (None, None, "1'")]


def test_relative_times_count_back_from_the_page_time() -> None:
    updates = [UpdateSignals(shown="2h ago"), UpdateSignals(shown="3 hours ago")]
    result = resolve(updates, PageSignals(modified=utc("2024-01-10 12:00"), language="en-GB"))
    # London is +00:00 in January: 10:00 and 09:00.
    assert [t.time for t in result.times] == ["10:00", "09:00"]
    assert instants_utc(result.times) == [utc("2024-01-10 10:00"), utc("2024-01-10 09:00")]
    assert any("counted back" in note for note in result.notes)


def test_a_clock_is_kept_over_a_relative_age_and_a_page_without_anything_stays_naive() -> None:
    result = resolve([UpdateSignals(shown="10:05")], PageSignals())
    assert (result.times[0].time, result.times[0].instant, result.zone) == ("10:05", None, None)


def test_the_user_zone_and_date_date_bare_clocks() -> None:
    updates = [UpdateSignals(shown=s) for s in ("23:30", "23:50", "00:05")]  # oldest first
    result = resolve(updates, PageSignals(user_zone=UTC, user_date=date(2017, 4, 12)))
    assert instants_utc(result.times) == [utc("2017-04-12 23:30"), utc("2017-04-12 23:50"), utc("2017-04-13 00:05")]


def test_a_machine_instant_beats_a_relative_age_and_a_date_only_stamp_dates_a_clock() -> None:
    # <time datetime="2024-07-18">10:05</time> (a date, no time) and <time datetime="…08:00Z">2h ago</time>
    # on a German page (+02:00 in July) last changed at 12:00Z: the age would say 10:00Z, the instant says 08:00Z.
    updates = [UpdateSignals(shown="10:05", stamps=(Stamp("the <time> element", datetime(2024, 7, 18)),)),
               UpdateSignals(shown="2h ago", stamps=(Stamp("the <time> element", utc("2024-07-18 08:00")),))]
    result = resolve(updates, PageSignals(language="de", modified=utc("2024-07-18 12:00")))
    assert [t.time for t in result.times] == ["10:05", "10:00"]
    assert instants_utc(result.times) == [utc("2024-07-18 08:05"), utc("2024-07-18 08:00")]


@pytest.mark.parametrize(("line", "is_label"), [
    ("21h06", True), ("19:02 (IST), Oct 02", True), ("Posted at 15:05", True), ("12.31 Uhr", True),
    ("Thursday 18 July 2024 10:05 BST", True), ("10:05 +05:30", True),
    ("9:56 and counting", False), ("10:30 am meeting", False), ("Score 2-1 at 90:00", False), ("45'", False),
])
def test_a_line_that_is_only_a_clock_label(line: str, is_label: bool) -> None:
    assert (read_label_line(line) is not None) == is_label
