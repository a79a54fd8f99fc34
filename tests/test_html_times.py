"""Times on synthetic HTML pages, through the whole HTML parser: German tickers with day headings,
match minutes, relative ages, a zone token with a country, and the export of labels and notes.

Each page is written here; expected instants are in UTC, worked out by hand in the comments.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from parsers.export import to_json
from parsers.model import LiveBlog
from parsers.pipeline import parse_bytes


def parse(html: str) -> LiveBlog:
    return parse_bytes(html.encode("utf-8"), "page.html")


def utc_of(blog: LiveBlog) -> list[datetime | None]:
    return [u.datetime.astimezone(UTC) if u.datetime is not None else None for u in blog.updates]


GERMAN_TICKER = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Liveticker</title>
<meta property="article:published_time" content="2024-07-17T10:00:00+02:00"></head><body><main><div class="ticker">
<h3 class="tag">Donnerstag, 18. 7.</h3>
<article class="eintrag"><time>0.15 Uhr</time><h2>Nach Mitternacht</h2><p>Die Sitzung geht weiter.</p></article>
<article class="eintrag"><time>0.02 Uhr</time><h2>Mitternacht</h2><p>Noch keine Einigung.</p></article>
<h3 class="tag">Mittwoch, 17. 7.</h3>
<article class="eintrag"><time>23.40 Uhr</time><h2>Spät am Abend</h2><p>Die Verhandlungen dauern an.</p></article>
<article class="eintrag"><time>12.31 Uhr</time><h2>Mittag</h2><p>Die Sitzung beginnt.</p></article>
</div></main></body></html>"""


def test_german_ticker_with_uhr_times_and_day_headings() -> None:
    blog = parse(GERMAN_TICKER)
    assert [u.headline for u in blog.updates] == ["Nach Mitternacht", "Mitternacht", "Spät am Abend", "Mittag"]
    assert [u.time for u in blog.updates] == ["00:15", "00:02", "23:40", "12:31"]
    # Germany is +02:00 in July: 0.15 Uhr on Thursday 18 July is 22:15Z on the 17th.
    assert utc_of(blog) == [datetime(2024, 7, 17, 22, 15, tzinfo=UTC), datetime(2024, 7, 17, 22, 2, tzinfo=UTC),
                            datetime(2024, 7, 17, 21, 40, tzinfo=UTC), datetime(2024, 7, 17, 10, 31, tzinfo=UTC)]
    # The day headings are not updates and not body text.
    assert not any("Donnerstag" in p for u in blog.updates for p in u.paragraphs)


MATCH = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Final: live</title></head><body>
<ol class="feed">
<li class="event"><time>90+3'</time><p>Full time: the champions win it late.</p></li>
<li class="event"><time>45'</time><p>Half time, still goalless.</p></li>
<li class="event"><time>1'</time><p>We are under way.</p></li>
</ol></body></html>"""


def test_match_minutes_become_labels_not_clock_times() -> None:
    blog = parse(MATCH)
    assert [(u.time, u.datetime, u.label) for u in blog.updates] == [
        (None, None, "90+3'"), (None, None, "45'"), (None, None, "1'")]
    exported = json.loads(to_json(blog))
    assert [u["label"] for u in exported["updates"]] == ["90+3'", "45'", "1'"]
    assert [u["time"] for u in exported["updates"]] == [None, None, None]


RELATIVE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Storm: live</title>
<meta property="article:modified_time" content="2024-01-10T12:00:00Z"></head><body><div class="stream">
<div class="post"><time>2h ago</time><h3>Roads closed</h3><p>Several roads are closed.</p></div>
<div class="post"><time>3 hours ago</time><h3>Warning issued</h3><p>An amber warning is in force.</p></div>
</div></body></html>"""


def test_relative_times_are_counted_back_from_the_page_time() -> None:
    blog = parse(RELATIVE)
    # Modified 12:00Z; London is +00:00 in January: 2h ago is 10:00, 3 hours ago 09:00.
    assert [u.time for u in blog.updates] == ["10:00", "09:00"]
    assert utc_of(blog) == [datetime(2024, 1, 10, 10, 0, tzinfo=UTC), datetime(2024, 1, 10, 9, 0, tzinfo=UTC)]
    assert any("counted back" in note for note in blog.time_notes)


INDIA = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Match 14: live</title>
<meta property="og:locale" content="en_IN"></head><body><div class="blog">
<div class="upd"><span>21:06 (IST), Oct 02</span><time dateTime=""></time><p>Last over coming up.</p></div>
<div class="upd"><span>19:02 (IST), Oct 02</span><time dateTime=""></time><p>Toss won, bowling first.</p></div>
</div></body></html>"""


def test_ist_on_an_indian_page_is_india_standard_time() -> None:
    blog = parse(INDIA)
    assert [u.time for u in blog.updates] == ["21:06", "19:02"]
    # IST here is +05:30 (the page's locale is en_IN): 21:06 IST is 15:36Z. The year is unknown
    # (no page date), so the "Oct 02" labels date nothing.
    assert [u.datetime for u in blog.updates] == [None, None]
    assert blog.time_notes[0].startswith("IST read as +05:30 (the page is from IN)")


def test_ist_with_the_page_date_dates_the_label_day() -> None:
    page = INDIA.replace('<meta property="og:locale" content="en_IN">',
                         '<meta property="og:locale" content="en_IN">'
                         '<meta property="article:published_time" content="2020-10-02T13:00:00Z">')
    blog = parse(page)
    assert utc_of(blog) == [datetime(2020, 10, 2, 15, 36, tzinfo=UTC), datetime(2020, 10, 2, 13, 32, tzinfo=UTC)]


UTC_PAGE = """<!DOCTYPE html><html lang="en-gb"><head><meta charset="utf-8"><title>Updates</title>
<link rel="canonical" href="https://news.example.co.uk/live/1">
<script type="application/ld+json">{"@context": "http://schema.org", "@type": "LiveBlogPosting",
 "datePublished": "2020-05-12T00:40:33Z", "liveBlogUpdate": [
 {"@type": "BlogPosting", "headline": "Second", "datePublished": "2020-05-12T15:05:08Z",
  "url": "https://news.example.co.uk/live/1#post_b"},
 {"@type": "BlogPosting", "headline": "First", "datePublished": "2020-05-12T12:34:41Z",
  "url": "https://news.example.co.uk/live/1#post_a"}]}</script></head><body><ol class="feed">
<li><article id="post_b">
<time><span>Posted at 15:05</span><span>15:05</span></time><h3>Second</h3><p>B.</p></article></li>
<li><article id="post_a">
<time><span>Posted at 12:34</span><span>12:34</span></time><h3>First</h3><p>A.</p></article></li>
</ol></body></html>"""


def test_a_server_rendered_page_that_shows_utc() -> None:
    blog = parse(UTC_PAGE)
    assert [u.time for u in blog.updates] == ["15:05", "12:34"]
    assert utc_of(blog) == [datetime(2020, 5, 12, 15, 5, 8, tzinfo=UTC), datetime(2020, 5, 12, 12, 34, 41, tzinfo=UTC)]
    assert blog.time_notes == ("visible 15:05 equals JSON-LD 15:05:08Z, so the page shows UTC",)
    exported = json.loads(to_json(blog))
    assert exported["time_notes"] == list(blog.time_notes)


BADGES = """<!DOCTYPE html><html lang="en-IN"><head><meta charset="utf-8"><title>Late match: live</title>
<meta property="article:published_time" content="2020-10-02T12:00:00Z"></head><body><div class="feed">
<div class="post"><span class="badge">Oct 02</span><time>23:10</time><p>Into the last overs.</p></div>
<div class="post"><span class="badge">Oct 02</span><time>23:50</time><p>Last ball, two to win.</p></div>
<div class="post"><span class="badge">Oct 03</span><time>00:10</time><p>Presentation under way.</p></div>
</div></body></html>"""


def test_date_badges_date_the_clocks_oldest_first_over_midnight() -> None:
    blog = parse(BADGES)
    assert [u.time for u in blog.updates] == ["23:10", "23:50", "00:10"]
    # India, +05:30: 23:50 on 2 October is 18:20Z; 00:10 on 3 October is 18:40Z on the 2nd.
    assert utc_of(blog) == [datetime(2020, 10, 2, 17, 40, tzinfo=UTC), datetime(2020, 10, 2, 18, 20, tzinfo=UTC),
                            datetime(2020, 10, 2, 18, 40, tzinfo=UTC)]


YESTERDAY = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Floods: live</title>
<meta property="article:modified_time" content="2024-01-10T12:00:00Z"></head><body><ul class="feed">
<li class="update"><p><strong>2h ago</strong></p><h3>Roads closed</h3><p>Several roads remain closed.</p></li>
<li class="update"><p><strong>Today 09:10</strong></p><h3>Warning issued</h3><p>An amber warning is in force.</p></li>
<li class="update"><p><strong>Yesterday 22:15</strong></p><h3>Evacuations</h3><p>Residents were asked to leave.</p></li>
</ul></body></html>"""


def test_a_clock_with_a_day_word_is_the_time_not_a_paragraph() -> None:
    blog = parse(YESTERDAY)
    # Modified 12:00Z on the 10th, London at +00:00: 2h ago is 10:00; "Yesterday 22:15" the 9th.
    assert [u.time for u in blog.updates] == ["10:00", "09:10", "22:15"]
    assert utc_of(blog)[2] == datetime(2024, 1, 9, 22, 15, tzinfo=UTC)
    assert [u.paragraphs for u in blog.updates] == [
        ("Several roads remain closed.",), ("An amber warning is in force.",), ("Residents were asked to leave.",)]


PUBLIE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Réforme : le direct</title>
<meta property="article:modified_time" content="2024-03-05T13:20:00+00:00"></head><body><div class="live">
<section class="post"><span class="date">Publié aujourd’hui à 14h05</span><h2>Le Sénat adopte le texte</h2>
<p>Le texte a été adopté par 200 voix contre 120.</p></section>
<section class="post"><span class="date">Publié aujourd'hui à 12h40</span><h2>Manifestation à Paris</h2>
<p>Plusieurs milliers de personnes ont défilé.</p></section>
<section class="post"><span class="date">Publié hier à 22h15</span><h2>Ouverture des débats</h2>
<p>Les débats se sont ouverts dans la soirée.</p></section>
</div></body></html>"""


def test_label_words_before_a_day_word_and_a_clock() -> None:
    blog = parse(PUBLIE)
    # Modified 13:20Z on the 5th; Paris is +01:00 in March: "hier à 22h15" is 21:15Z on the 4th.
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("14:05", "Le Sénat adopte le texte"), ("12:40", "Manifestation à Paris"), ("22:15", "Ouverture des débats")]
    assert utc_of(blog) == [datetime(2024, 3, 5, 13, 5, tzinfo=UTC), datetime(2024, 3, 5, 11, 40, tzinfo=UTC),
                            datetime(2024, 3, 4, 21, 15, tzinfo=UTC)]
    assert all(not any("Publié" in p for p in u.paragraphs) for u in blog.updates)
