"""The instant (in UTC) and the displayed time of the first and last post of every corpus page.

Values were read off each page by hand: the clock the reader sees (its place in the markup is
named in each row) and the machine instant behind it (a `datetime`/`data-*` attribute, JSON-LD
`datePublished`, or the CMS `blockFirstPublished`). Posts are found by their words, not by their
position, so that a change in how many updates a page gives does not move the rows. Skips when
the corpus is absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from conftest import CORPUS, parsed_corpus_page

from parsers.model import LiveBlog, Update
from parsers.pipeline import parse_bytes

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


@dataclass(frozen=True)
class Post:
    """A post as the page shows it: words it starts with, its clock, its instant in UTC."""

    file: str
    words: str
    time: str | None
    instant: str  # ISO-8601 in UTC


POSTS = (
    # <time dateTime="2023-05-15T11:50:54.000Z">4m ago</time><span>12.50 BST</span> (first block)
    Post("guardian_russia-ukraine-war-live_2023-05-15.html", "Jennifer Rankin reports from Brussels", "12:50",
         "2023-05-15T11:50:54"),
    # <time dateTime="2023-05-15T10:42:56.000Z">1h ago</time><span>11.42 BST</span> (last block)
    Post("guardian_russia-ukraine-war-live_2023-05-15.html", "Zelenskiy discussed 'coalition of jets'", "11:42",
         "2023-05-15T10:42:56"),
    # blocks[0]: blockFirstPublished 1702488340000, blockFirstPublishedDisplay "17.25 GMT"
    Post("guardian_pmqs-politics-live_2023-12-13.json", "Afternoon summary", "17:25", "2023-12-13T17:25:40"),
    # pinnedPost: 1702473883000, "13.24 GMT"
    Post("guardian_pmqs-politics-live_2023-12-13.json", "PMQs – snap verdict", "13:24", "2023-12-13T13:24:43"),
    # No per-post clock on the page; JSON-LD datePublished 2020-09-25T10:28:53Z, shown in New York time
    # (the header's <time> shows 17:43 for 21:43:16Z: -04:00).
    Post("nytimes_stock-market-live-briefing_2020-09-25.html", "Wall Street rallies, but still logs", "06:28",
         "2020-09-25T10:28:53"),
    Post("nytimes_stock-market-live-briefing_2020-09-25.html", "Catch up on the week", "06:28",
         "2020-09-25T10:28:49.666"),
    # footer "14 August 2023 10:01", <amp-timeago datetime="2023-08-14T09:01:52.000Z"> (first post)
    Post("independent_womens-world-cup-live_2023-08-14.html", "The Lionesses will be ready to face Australia",
         "10:01", "2023-08-14T09:01:52"),
    # footer "14 August 2023 05:15", <amp-timeago datetime="2023-08-14T04:15:52.000Z"> (last post)
    Post("independent_womens-world-cup-live_2023-08-14.html", "England are preparing to face Australia",
         "05:15", "2023-08-14T04:15:52"),
    # <time class="updating-timezone-live-event">21:00</time>, data-post-time="1722888018921"
    Post("mirror_uk-riots-live_2024-08-05.html", "Loud bang heard at Plymouth scene", "21:00",
         "2024-08-05T20:00:18.921"),
    # JSON-LD only (the last of 428): datePublished "2024-08-02T18:42:00.475+01:00"
    Post("mirror_uk-riots-live_2024-08-05.html", "UK police braced for 'at least 15' protests", "18:42",
         "2024-08-02T17:42:00.475"),
    # <time data-time="2024-07-18T11:48"><span>21 mins ago</span>11:48</time>; JSON-LD 11:48:00+01:00
    Post("express_harry-meghan-live_2024-07-18.html", "The only person Prince Harry and Meghan Markle trust",
         "11:48", "2024-07-18T10:48:00"),
    # <time data-time="2024-07-18T07:06"><span>5 hours ago</span>07:06</time>; JSON-LD 07:06:00+01:00
    Post("express_harry-meghan-live_2024-07-18.html", "Meghan Markle shows true colours", "07:06",
         "2024-07-18T06:06:00"),
    # <time>21:22</time>, data-post-time="1602015773212"
    Post("corkbeo_level-3-cork-covid-live_2020-10-06.html", "Goodnight", "21:22", "2020-10-06T20:22:53.212"),
    # <time>08:44</time>, data-post-time="1601970283784"
    Post("corkbeo_level-3-cork-covid-live_2020-10-06.html", "'Circuit breaker' plan", "08:44",
         "2020-10-06T07:44:43.784"),
    # <time>19:30</time> (first timed entry); the date only in SportsEvent.startDate "2020-09-28"; Poland, +02:00
    Post("sportowefakty_unia-leszno-falubaz-speedway-live_2020-09-28.html", "Piotr Protasiewicz pojedzie teraz",
         "19:30", "2020-09-28T17:30:00"),
    # <time>18:05</time> (last timed entry)
    Post("sportowefakty_unia-leszno-falubaz-speedway-live_2020-09-28.html", "Mateusz Tonder pojedzie po raz 100",
         "18:05", "2020-09-28T16:05:00"),
    # "Posted at 15:05" / 15:05; JSON-LD "Where does the US stand on testing?" datePublished 15:05:08Z. The
    # page shows UTC: the post's Mongo-style id 5ebab4a7… was created at 14:37:27Z, before 15:05 UTC
    # and after 15:05 BST (14:05Z), so the clock is not BST. Before: 15:05 BST, an hour off.
    Post("bbc_coronavirus-updates-fauci_2020-05-12.html", "Where does the US stand on testing?", "15:05",
         "2020-05-12T15:05:08"),
    # "Posted at 12:34"; JSON-LD "Russian president's spokesman has Covid-19" 12:34:41Z (last post)
    Post("bbc_coronavirus-updates-fauci_2020-05-12.html", "Russian President Vladimir Putin's spokesman", "12:34",
         "2020-05-12T12:34:41"),
    # <time class="liveblog__post__pubdate" datetime="2023-11-02T16:56Z">16:56</time>: a local time with a Z;
    # JSON-LD 15:56:32Z, and the header's <time datetime="2023-11-02T15:58:23Z">16:58</time> shows +01:00.
    # Before: 16:56 UTC, an hour off.
    Post("repubblica_israele-hamas-diretta_2023-11-02.html", "Oms: “A Gaza fermi 14 ospedali", "16:56",
         "2023-11-02T15:56:32"),
    # the last post: datetime="2023-11-02T00:30Z">00:30; JSON-LD 2023-11-01T23:30:20Z
    Post("repubblica_israele-hamas-diretta_2023-11-02.html", "Israele: “Colpite due cellule terroristiche", "00:30",
         "2023-11-01T23:30:20"),
    # <span>19:02 (IST), Oct 02</span><time dateTime="2020-10-02T19:02:32+05:30"> (first post)
    Post("timesofindia_ipl-csk-vs-srh-liveblog_2020-10-02.html", "TOSS: Sunrisers Hyderabad win toss", "19:02",
         "2020-10-02T13:32:32"),
    # <span>18:16 (IST), Oct 02</span><time dateTime="2020-10-02T18:16:25+05:30"> (last post)
    Post("timesofindia_ipl-csk-vs-srh-liveblog_2020-10-02.html", "Ambati Rayudu's much-awaited comeback", "18:16",
         "2020-10-02T12:46:25"),
)

parsed = parsed_corpus_page  # parsed once per test process, shared with the other corpus tests


def showing(blog: LiveBlog, words: str) -> list[Update]:
    """Return the updates whose headline or body contains `words` (a post and its copies)."""
    return [u for u in blog.updates if words in (u.headline or "") or any(words in p for p in u.paragraphs)]


@pytest.mark.parametrize("post", POSTS, ids=lambda p: f"{p.file.split('_')[0]}-{p.time}")
def test_first_and_last_posts_have_the_displayed_time_and_the_right_instant(post: Post) -> None:
    updates = showing(parsed(post.file), post.words)
    assert updates, post.words
    expected = datetime.fromisoformat(post.instant).replace(tzinfo=UTC)
    for update in updates:
        assert update.time == post.time
        assert update.datetime is not None
        # Every copy is within the minute the page shows; the post's own instant keeps its seconds.
        assert abs(update.datetime - expected) < timedelta(minutes=1)
        assert update.datetime.strftime("%H:%M") == update.time
    assert any(u.datetime == expected for u in updates)


def test_every_corpus_page_explains_its_zone() -> None:
    for path in sorted(CORPUS.glob("*.htm*")) + sorted(CORPUS.glob("*.json")):
        blog = parsed(path.name)
        assert blog.time_notes, path.name


def test_bbc_and_repubblica_notes_say_why() -> None:
    assert parsed("bbc_coronavirus-updates-fauci_2020-05-12.html").time_notes[0] == (
        "visible 15:05 equals JSON-LD 15:05:08Z, so the page shows UTC")
    notes = " ".join(parsed("repubblica_israele-hamas-diretta_2023-11-02.html").time_notes)
    assert "Europe/Rome" in notes and "a local time written with a Z" in notes


@pytest.mark.parametrize("name", sorted({p.file for p in POSTS}), ids=lambda n: n.split("_")[0])
def test_times_need_no_publisher_zone(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every corpus page says its own zone (clocks beside instants, zone words, locale, language):
    with the publisher table's zones blanked, every update keeps its time and instant."""
    import dataclasses

    from parsers.extract.html import publishers

    monkeypatch.setattr(publishers, "PUBLISHERS",
                        tuple(dataclasses.replace(h, zone=None) for h in publishers.PUBLISHERS))
    path = CORPUS / name
    blind = parse_bytes(path.read_bytes(), str(path))
    assert [(u.time, u.datetime) for u in blind.updates] == [(u.time, u.datetime) for u in parsed(name).updates]
