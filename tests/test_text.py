"""The plain-text parser on the Telegraph sample and on every timestamp form it must accept."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import SAMPLE
from dateutil import tz

from parsers.errors import InputError, LiveBlogError
from parsers.extract.text import (
    parse_text_string,
    parse_timestamp_line,
    reads_as_headline,
)
from parsers.normalise.furniture import is_furniture, parse_caption
from parsers.options import ParseOptions
from parsers.pipeline import collector_paused, enrich_blog, load_liveblog, parse_bytes

# Read off the article by eye: (time as printed, headline or None), newest first.
SAMPLE_UPDATES = [
    ("9:56PM", "Trump says will take on North Korea without China's backing if necessary"),
    ("9:32PM", '"We don\'t want a new Cold War"'),
    ("9:27PM", '"Getting along" with Vladimir Putin "may not happen"'),
    ("9:13PM", 'Nato is "no longer obsolete"'),
    ("9:05PM", "Donald Trump meets with Jens Stoltenberg, NATO secretary general"),
    ("8:36PM", "Why Russia vetoed the resolution"),
    ("8:28PM", "Russia vetoes United Nations Security Council resolution on Syria"),
    ("7:38PM", 'Allegations that Russia interfered in US election are "not proven"'),
    ("7:28PM", "Russia says it has not been shown evidence that Assad regime perpetrated chemical attacks"),
    ("7:20PM", "Vladimir Putin did not raise the question of dropping US sanctions"),
    ("7:18PM", "Ouch"),
    ("7:16PM", None),  # "Our US Editor Ruth Sherlock has this analysis:" introduces the body
    ("7:15PM", "Cyber attacks"),
    ("7:13PM", "Russia will not back regime change in Syria"),
    ("7:07PM", "Scrupulously polite, but no real agreement"),
    ("7:06PM", "Tillerson: Bashar al-Assad 'could face war crimes charges'"),
    ("7:06PM", "Tillerson and Putin 'discussed Assad's future'"),
    ("7:02PM", "Russia repeats US strike was unjustified"),
    ("7:00PM", "Disagreement remains on the April 4 gas massacre"),
    ("6:56PM", 'Rex Tillerson: "The world\'s foremost nuclear powers cannot have this relationship."'),
    ("6:53PM", "Russia's position in stark divergence with the US"),
    ("6:52PM", 'Tillerson: "productive meeting" with Mr Putin'),
    ("6:50PM", "Three main Syria demands"),
    ("6:47PM", "Russia calls for calm in North Korea"),
    ("6:45PM", "Vladmir Putin 'reinstates deconfliction referendum in Syria'"),
    ("6:42PM", 'Russia "sees readiness of US to support investigation into gas attack."'),
    ("6:40PM", 'Lavrov: "no compromise with terrorism"'),
    ("6:37PM", "Lavrov and Tillerson arrive for press conference"),
    ("6:31PM", "US to Russia: choose between Assad or civilization"),
    ("6:28PM", "Russia attacks the UK at the United Nations"),
    ("6:26PM", "Heated exchanges at the United Nations"),
    ("6:16PM", "Ready, steady"),
    ("6:07PM", "Vladimir Putin and Rex Tillerson meeting over"),
    ("6:01PM", "Apparently the lucky ones are AP and Fox"),
    ("5:57PM", "Who is Rex Tillerson?"),
    ("5:55PM", 'Gas used in April 4 attack "Sarin or similar"'),
    ("5:49PM", 'Syrian process is in "grave danger"'),
    ("5:38PM", "'No statement after Kremlin meeting'"),
    ("5:28PM", "Vladimir Putin hosts US Secretary of State in the Kremlin"),
]


def to_24h(printed: str) -> str:
    return datetime.strptime(printed, "%I:%M%p").strftime("%H:%M")


@pytest.fixture(scope="module")
def sample_blog():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parents[1] / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"
    return load_liveblog(str(path), enrich=False)


def test_sample_has_39_timed_updates_in_order(sample_blog) -> None:  # type: ignore[no-untyped-def]
    got = [(u.time, u.headline) for u in sample_blog.updates]
    assert got == [(to_24h(t), h) for t, h in SAMPLE_UPDATES]
    assert all(u.time is not None for u in sample_blog.updates)


def test_both_706_updates_are_distinct(sample_blog) -> None:  # type: ignore[no-untyped-def]
    twins = [u for u in sample_blog.updates if u.time == "19:06"]
    assert len(twins) == 2
    assert twins[0].id != twins[1].id
    assert "threshold necessary to charge Assad" in twins[0].text
    assert "future role for Assad" in twins[1].text


def test_headline_only_updates_keep_no_body(sample_blog) -> None:  # type: ignore[no-untyped-def]
    empty = [u.headline for u in sample_blog.updates if not u.paragraphs]
    assert empty == [
        "Ouch",
        "Scrupulously polite, but no real agreement",
        "Russia attacks the UK at the United Nations",
        "Apparently the lucky ones are AP and Fox",
    ]


def test_title_and_intro(sample_blog) -> None:  # type: ignore[no-untyped-def]
    assert sample_blog.title == (
        "Donald Trump says US - Russia relations have reached a 'low point' but reverses position on Nato"
    )
    assert sample_blog.intro.startswith("Donald Trump has described US relations with Russia")
    assert sample_blog.intro.endswith('saying “we already knew all too well how this ends.”')
    assert "Advertisement" not in sample_blog.intro
    assert "9:56PM" not in sample_blog.intro


def test_three_distinct_captions_with_credits(sample_blog) -> None:  # type: ignore[no-untyped-def]
    captions = list(sample_blog.intro_captions) + [c for u in sample_blog.updates for c in u.captions]
    assert len(captions) == 3
    assert [c.rsplit("Credit: ", 1)[1] for c in captions] == [
        "TASS / Barcroft Images",
        "Alex Brandon/AP",
        "Olivier Douliery/Bloomberg",
    ]
    body = " ".join(p for u in sample_blog.updates for p in u.paragraphs) + sample_blog.intro
    assert "Credit:" not in body


def test_no_furniture_anywhere(sample_blog) -> None:  # type: ignore[no-untyped-def]
    everything = "\n".join(
        [sample_blog.title, sample_blog.intro]
        + [u.headline or "" for u in sample_blog.updates]
        + [p for u in sample_blog.updates for p in u.paragraphs]
    )
    for furniture in ("Advertisement", "subject to copyright", "Register Log in", "commenting policy", "Profile |"):
        assert furniture not in everything


def test_without_date_datetime_is_null(sample_blog) -> None:  # type: ignore[no-untyped-def]
    assert all(u.datetime is None for u in sample_blog.updates)
    assert sample_blog.published is None


def test_date_and_zone_give_full_datetimes(sample_path: Path) -> None:
    london = tz.gettz("Europe/London")
    blog = load_liveblog(str(sample_path), ParseOptions(date=date(2017, 4, 12), tz=london), enrich=False)
    first, last = blog.updates[0], blog.updates[-1]
    assert first.datetime == datetime(2017, 4, 12, 21, 56, tzinfo=london)
    assert first.datetime.utcoffset() == timedelta(hours=1)
    assert last.datetime == datetime(2017, 4, 12, 17, 28, tzinfo=london)
    assert blog.published == last.datetime


@pytest.mark.parametrize(
    ("line", "clock", "day", "offset"),
    [
        ("9:56PM", "21:56", None, None),
        ("9.56pm", "21:56", None, None),
        ("21:56", "21:56", None, None),
        ("21.56 BST", "21:56", None, 1),
        ("9:56 PM ET", "21:56", None, "America/New_York"),
        ("Updated at 9.56pm BST", "21:56", None, 1),
        ("Posted at 21:56", "21:56", None, None),
        ("12 April 2017 9:56pm", "21:56", date(2017, 4, 12), None),
        ("Wed 12 Apr 2017 21.56 BST", "21:56", date(2017, 4, 12), 1),
        ("2017-04-12T21:56:00+01:00", "21:56", date(2017, 4, 12), 1),
        ("12:05am", "00:05", None, None),
        ("12:30 p.m.", "12:30", None, None),
    ],
)
def test_timestamp_forms(line: str, clock: str, day: date | None, offset: int | str | None) -> None:
    stamp = parse_timestamp_line(line)
    assert stamp is not None
    assert stamp.clock.strftime("%H:%M") == clock
    assert stamp.day == day
    if offset is None:
        assert stamp.zone is None
    elif isinstance(offset, int):
        assert stamp.zone is not None
        assert stamp.zone.utcoffset(datetime(2017, 4, 12)) == timedelta(hours=offset)
    else:
        assert stamp.zone is not None
        # A generic zone follows daylight saving: EDT in April, EST in January.
        assert stamp.zone.utcoffset(datetime(2017, 4, 12)) == timedelta(hours=-4)
        assert stamp.zone.utcoffset(datetime(2017, 1, 12)) == timedelta(hours=-5)


@pytest.mark.parametrize(
    "line",
    [
        "25:99",
        "9:75pm",
        "13:00pm",
        "It was 9:56PM when the meeting ended",
        "The vote is at 21:56 tonight",
        "9:56 and counting",
        "Score 2-1 at 90:00",
        "",
    ],
)
def test_not_timestamps(line: str) -> None:
    assert parse_timestamp_line(line) is None


def _blog_text(*entries: tuple[str, str, str]) -> str:
    parts = ["A test live blog", "", "The intro paragraph.", ""]
    for stamp, headline, body in entries:
        parts += [stamp, "", headline, "", body, ""]
    return "\n".join(parts)


def test_every_form_segments_a_blog() -> None:
    forms = [
        "9:56PM", "9.56pm", "21:56", "21.56 BST", "9:56 PM ET", "Updated at 9.56pm BST", "Posted at 21:56",
        "12 April 2017 9:56pm", "Wed 12 Apr 2017 21.56 BST", "2017-04-12T21:56:00+01:00",
    ]
    for form in forms:
        text = _blog_text((form, "Headline one", "Body one."), ("9:00PM", "Headline two", "Body two."))
        blog = parse_text_string(text, "t.txt")
        assert [(u.time, u.headline, u.paragraphs) for u in blog.updates] == [
            ("21:56", "Headline one", ("Body one.",)),
            ("21:00", "Headline two", ("Body two.",)),
        ], form


def test_time_inside_sentence_is_not_a_boundary() -> None:
    text = _blog_text(("10:15PM", "Vote delayed", "The vote, due at 9:30PM, was delayed until 10:45PM tonight."))
    blog = parse_text_string(text, "t.txt")
    assert len(blog.updates) == 1
    assert blog.updates[0].paragraphs == ("The vote, due at 9:30PM, was delayed until 10:45PM tonight.",)


def test_midnight_rollover_newest_first() -> None:
    text = _blog_text(
        ("12:40AM", "Latest", "After midnight."),
        ("12:05AM", "Just past", "Still going."),
        ("11:50PM", "Late", "Before midnight."),
        ("10:00PM", "Start", "The blog begins."),
    )
    london = tz.gettz("Europe/London")
    blog = parse_text_string(text, "t.txt", ParseOptions(date=date(2017, 4, 12), tz=london))
    assert [u.datetime for u in blog.updates] == [
        datetime(2017, 4, 13, 0, 40, tzinfo=london),
        datetime(2017, 4, 13, 0, 5, tzinfo=london),
        datetime(2017, 4, 12, 23, 50, tzinfo=london),
        datetime(2017, 4, 12, 22, 0, tzinfo=london),
    ]
    assert blog.published == datetime(2017, 4, 12, 22, 0, tzinfo=london)


def test_midnight_rollover_oldest_first() -> None:
    text = _blog_text(("23:30", "One", "a."), ("23:55", "Two", "b."), ("00:20", "Three", "c."))
    blog = parse_text_string(text, "t.txt", ParseOptions(date=date(2024, 12, 31)))
    assert [u.datetime for u in blog.updates] == [
        datetime(2024, 12, 31, 23, 30), datetime(2024, 12, 31, 23, 55), datetime(2025, 1, 1, 0, 20)
    ]


def test_stamp_zone_wins_over_option_zone() -> None:
    text = _blog_text(("21.56 BST", "Zoned", "x."), ("21:00", "Unzoned", "y."))
    blog = parse_text_string(text, "t.txt", ParseOptions(date=date(2017, 4, 12), tz=UTC))
    assert blog.updates[0].datetime is not None and blog.updates[0].datetime.utcoffset() == timedelta(hours=1)
    assert blog.updates[1].datetime == datetime(2017, 4, 12, 21, 0, tzinfo=UTC)


def test_untimed_text_is_one_update_with_warning() -> None:
    blog = parse_text_string("Just a note\n\nNo times here at all.\n", "note.txt")
    assert len(blog.updates) == 1
    update = blog.updates[0]
    assert update.time is None and update.datetime is None
    assert update.paragraphs == ("Just a note", "No times here at all.")
    assert any("no timestamps" in w for w in blog.warnings)


def test_clean_text_rules() -> None:
    text = (
        "Caf\u0065\u0301 title\n\n9:56PM\n\nHead\u00a0line\n\n"
        "\x1b[31mRed\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 “curly\" and \"straight”\x07\n"
    )
    blog = parse_text_string(text, "t.txt")
    assert blog.title == "Café title"
    update = blog.updates[0]
    assert update.headline == "Head line"
    assert update.paragraphs == ("Red link “curly\" and \"straight”",)


def test_ids_are_stable_across_parses_and_prepends(sample_path: Path) -> None:
    text = sample_path.read_text(encoding="utf-8")
    once = parse_text_string(text, "a.txt")
    again = parse_text_string(text, "b.txt")
    assert [u.id for u in once.updates] == [u.id for u in again.updates]
    marker = "9:56PM"
    newer = text.replace(marker, "10:30PM\n\nA brand new update\n\nSomething happened.\n\n" + marker, 1)
    grown = parse_text_string(newer, "a.txt")
    assert len(grown.updates) == len(once.updates) + 1
    assert [u.id for u in grown.updates[1:]] == [u.id for u in once.updates]
    assert len({u.id for u in once.updates}) == len(once.updates)


def test_identical_updates_get_distinct_stable_ids() -> None:
    text = _blog_text(("9:00PM", "Same", "Same body."), ("9:00PM", "Same", "Same body."))
    blog = parse_text_string(text, "t.txt")
    ids = [u.id for u in blog.updates]
    assert len(set(ids)) == 2
    prepended = parse_text_string(
        _blog_text(*[("9:00PM", "Same", "Same body.")] * 3),
        "t.txt",
    )
    assert [u.id for u in prepended.updates[1:]] == ids


def test_helpers_on_their_own() -> None:
    assert is_furniture("Advertisement")
    assert is_furniture("Register Log in commenting policy")
    assert is_furniture("Share on Facebook Share on Twitter")
    assert not is_furniture("Russia will share intelligence with Facebook users, he said.")
    assert parse_caption("Leaders meet in Moscow - Credit: TASS / Barcroft Images") == (
        "Leaders meet in Moscow", "TASS / Barcroft Images"
    )
    assert parse_caption("The credit: card company said no") is None
    assert reads_as_headline('Lavrov: "no compromise with terrorism"')
    assert not reads_as_headline("Our US Editor Ruth Sherlock has this analysis:")
    assert not reads_as_headline("He said the talks went well.")


def test_model_is_immutable(sample_blog) -> None:  # type: ignore[no-untyped-def]
    update = sample_blog.updates[0]
    with pytest.raises(AttributeError):
        update.headline = "changed"  # type: ignore[misc]
    assert replace(update, headline="x").headline == "x"
    assert isinstance(sample_blog.updates, tuple)


def test_input_error_type() -> None:
    with pytest.raises(InputError):
        parse_text_string("\n \n\t\n", "blank.txt")


@pytest.mark.parametrize("line", ["Watch: Reeves unveils budget", "Video, 00:02:15", "Video content, duration 2:15",
                                  "Listen: the PM's statement in full", "Vidéo : le discours du président"])
def test_video_and_audio_promos_are_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["Videos with messages like “save our kids” spread on TikTok after the stabbing",
                                  "Watch out for flooding on the A38 tonight, police said."])
def test_sentences_about_videos_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


@pytest.mark.parametrize("was_on", [True, False])
def test_parsing_and_enriching_pause_the_collector_and_leave_it_as_it_was(was_on: bool) -> None:
    (gc.enable if was_on else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() == was_on
        blog = parse_bytes(SAMPLE.read_bytes(), str(SAMPLE))
        assert gc.isenabled() == was_on
        enrich_blog(blog)
        assert gc.isenabled() == was_on
        with pytest.raises(LiveBlogError):
            parse_bytes(b"<html><body><script>x</script></body></html>", "scripts.html")
        assert gc.isenabled() == was_on, "on as before after a refusal too"
    finally:
        gc.enable()
