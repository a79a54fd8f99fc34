"""Times in copied text through the shared resolver: "12.31 Uhr" lines, day-heading lines both
ways, and midnight rollover. Expected instants are in UTC, worked out by hand in the comments.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from parsers.extract.text import parse_text_string
from parsers.options import ParseOptions

BERLIN_SUMMER = timezone(timedelta(hours=2))

GERMAN = """Liveticker: Gipfel in Brüssel

Donnerstag, 18. 7. 2024

0.15 Uhr
Nach Mitternacht
Die Sitzung geht weiter.

Mittwoch, 17. 7. 2024

23.40 Uhr
Spät am Abend
Die Verhandlungen dauern an.

12.31 Uhr
Mittag
Die Sitzung beginnt.
"""


def test_uhr_lines_and_day_headings_newest_first() -> None:
    blog = parse_text_string(GERMAN, "ticker.txt", ParseOptions(tz=BERLIN_SUMMER))
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("00:15", "Nach Mitternacht"), ("23:40", "Spät am Abend"), ("12:31", "Mittag")]
    # +02:00: 00:15 on the 18th is 22:15Z on the 17th.
    assert [u.datetime.astimezone(UTC) if u.datetime else None for u in blog.updates] == [
        datetime(2024, 7, 17, 22, 15, tzinfo=UTC), datetime(2024, 7, 17, 21, 40, tzinfo=UTC),
        datetime(2024, 7, 17, 10, 31, tzinfo=UTC)]
    # The heading lines are neither intro nor body.
    assert blog.intro is None
    assert blog.updates[0].paragraphs == ("Die Sitzung geht weiter.",)


OLDEST_FIRST = """Night session: live

Wednesday 17 July 2024

22:10
Debate opens.

23:55
Vote called.

Thursday 18 July 2024

00:20
Result declared.
"""


def test_day_headings_oldest_first() -> None:
    blog = parse_text_string(OLDEST_FIRST, "night.txt", ParseOptions(tz=UTC))
    assert [u.datetime for u in blog.updates] == [
        datetime(2024, 7, 17, 22, 10, tzinfo=UTC), datetime(2024, 7, 17, 23, 55, tzinfo=UTC),
        datetime(2024, 7, 18, 0, 20, tzinfo=UTC)]
    assert blog.updates[1].paragraphs == ("Vote called.",)


def test_oldest_first_rollover_without_headings_from_the_date_option() -> None:
    text = OLDEST_FIRST.replace("Wednesday 17 July 2024\n\n", "").replace("Thursday 18 July 2024\n\n", "")
    blog = parse_text_string(text, "night.txt", ParseOptions(tz=UTC, date=date(2024, 7, 17)))
    assert [u.datetime for u in blog.updates] == [
        datetime(2024, 7, 17, 22, 10, tzinfo=UTC), datetime(2024, 7, 17, 23, 55, tzinfo=UTC),
        datetime(2024, 7, 18, 0, 20, tzinfo=UTC)]


def test_label_lines_the_shared_reader_knows() -> None:
    # "21h06" (French), "19:02 (IST), Oct 02" (zone word and a day without a year), "Posted at 15:05".
    text = "Live\n\n21h06\nFin du match.\n\n19:02 (IST), Oct 02\nToss won.\n\nPosted at 15:05\nOpening.\n"
    blog = parse_text_string(text, "labels.txt")
    assert [(u.time, u.paragraphs) for u in blog.updates] == [
        ("21:06", ("Fin du match.",)), ("19:02", ("Toss won.",)), ("15:05", ("Opening.",))]


def test_a_sentence_with_a_time_is_not_a_timestamp_line() -> None:
    text = "Live\n\n21:06\n9:56 and counting\nStill going.\n"
    blog = parse_text_string(text, "sentence.txt")
    assert [(u.time, u.headline, u.paragraphs) for u in blog.updates] == [
        ("21:06", "9:56 and counting", ("Still going.",))]


# The same ticker as a page's text copy shows it: the time starts each heading ("12.31 Uhr: Mittag",
# as in <h2>12.31 Uhr: …</h2>), in German, French and Italian forms.
HEADINGS = """Liveticker: Gipfel in Brüssel

Alle Entwicklungen vom Gipfel.

Donnerstag, 18. 7. 2024

0.15 Uhr: Nach Mitternacht

Die Sitzung geht weiter.

Mittwoch, 17. 7. 2024

23h40 - Spät am Abend

Die Verhandlungen dauern an.

12.31 Uhr: Mittag

Die Sitzung beginnt.

10.000 Menschen demonstrieren: friedlich vor dem Gebäude.

9:05 | Ankunft der Delegationen

Die ersten Delegationen sind da.
"""


def test_time_led_heading_lines_start_updates_with_their_headline() -> None:
    blog = parse_text_string(HEADINGS, "ticker.txt", ParseOptions(tz=BERLIN_SUMMER))
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("00:15", "Nach Mitternacht"), ("23:40", "Spät am Abend"), ("12:31", "Mittag"),
        ("09:05", "Ankunft der Delegationen")]
    # A number with a colon later in the line is not a time: it stays a paragraph of 12:31.
    assert blog.updates[2].paragraphs == (
        "Die Sitzung beginnt.", "10.000 Menschen demonstrieren: friedlich vor dem Gebäude.")
    assert blog.intro == "Alle Entwicklungen vom Gipfel."
    # 00:15 on the 18th at +02:00 is 22:15Z on the 17th; 09:05 on the 17th is 07:05Z.
    assert blog.updates[0].datetime is not None and blog.updates[0].datetime.astimezone(UTC) == datetime(
        2024, 7, 17, 22, 15, tzinfo=UTC)
    assert blog.updates[3].datetime is not None and blog.updates[3].datetime.astimezone(UTC) == datetime(
        2024, 7, 17, 7, 5, tzinfo=UTC)
