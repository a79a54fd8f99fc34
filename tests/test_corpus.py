"""Real saved pages from seven publishers (../shared/corpus): counts, first/last updates, clean text.

Expected values were read off the pages by hand (grep of the markup and of the JSON-LD),
not taken from the parser's output. The corpus is never copied into the project; these
tests skip when it is absent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import pytest
from conftest import CORPUS, parsed_corpus_page

from parsers.normalise.datetimes import time_label
from parsers.pipeline import load_liveblog, parse_bytes

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


@dataclass(frozen=True)
class Expected:
    """What a reader of the page sees: how many updates, and the first and last one."""

    file: str
    publisher: str
    count: int
    first_time: str | None
    first_headline: str | None
    last_time: str | None
    last_headline: str | None


PAGES = (
    # 10 <article id="block-…"> blocks; the pinned copy of the 12.05 block is not counted.
    # First block shows "12.50 BST" and has no <h2>; the last shows "11.42 BST".
    Expected("guardian_russia-ukraine-war-live_2023-05-15.html", "The Guardian", 10,
             "12:50", None, "11:42", "Zelenskiy discussed 'coalition of jets' with Sunak on UK visit"),
    # 9 posts with no <time>; times from JSON-LD (10:28:53Z and 10:28:49Z), shown in New York time.
    Expected("nytimes_stock-market-live-briefing_2020-09-25.html", "The New York Times", 9,
             "06:28", "Wall Street rallies, but still logs a decline for the week.",
             "06:28", "Catch up on the week: Volatile markets, economic uncertainty, TikTok confusion."),
    # 10 posts; footers read "14 August 2023 10:01" (first) and "… 05:15" (last). Nine of the ten
    # <h3>s read "Women’s World Cup": a label on every post, not a headline (was expected as the
    # headline before issue 18), so the first and last posts have none.
    Expected("independent_womens-world-cup-live_2023-08-14.html", "The Independent", 10,
             "10:01", None, "05:15", None),
    # 30 entries shown, 428 in JSON-LD; the last JSON-LD item is 2024-08-02T18:42:00+01:00.
    Expected("mirror_uk-riots-live_2024-08-05.html", "Daily Mirror", 428,
             "21:00", "Loud bang heard at Plymouth scene",
             "18:42", "UK police braced for 'at least 15' protests over the weekend"),
    Expected("express_harry-meghan-live_2024-07-18.html", "Daily Express", 9,
             "11:48", "The only person Prince Harry and Meghan Markle trust to look after Archie and Lilibet",
             "07:06", "Meghan Markle shows true colours with tragic blog post about dad Thomas Markle"),
    Expected("corkbeo_level-3-cork-covid-live_2020-10-06.html", "Cork Beo", 26,
             "21:22", "Goodnight", "08:44", "'Circuit breaker' plan - NPHET vs Government"),
    # 53 div.coventry entries; the first ("Koniec.") and last (a video promo) show no time.
    Expected("sportowefakty_unia-leszno-falubaz-speedway-live_2020-09-28.html", "WP SportoweFakty", 53,
             None, None, None, None),
    # 20 <article class="qa-post … lx-stream-post"> in ol.lx-stream__feed (page 1 of 5). The first shows
    # "15:05" (visible <span aria-hidden="true">15:05</span> after "Posted at 15:05"); the last "12:34",
    # whose <h3> holds <span class="…lx-tag…">Breaking</span> then the headline text.
    Expected("bbc_coronavirus-updates-fauci_2020-05-12.html", "BBC News", 20,
             "15:05", "Where does the US stand on testing?",
             "12:34", "Russian president's spokesman has Covid-19"),
    # 79 <section class="liveblog__post" id="419364605_eventN">, event79 first (<time>16:56</time>) and
    # event1 last (<time>00:30</time>). Each headline is the post's first <p> (under or beside an empty
    # <h2 class="liveblog__post__title">), which is also the JSON-LD liveBlogUpdate headline.
    Expected("repubblica_israele-hamas-diretta_2023-11-02.html", "la Repubblica", 79,
             "16:56", "Oms: “A Gaza fermi 14 ospedali su 36, gli altri in sovraccarico”",
             "00:30", "Israele: “Colpite due cellule terroristiche in Libano”"),
    # 8 posts, each a <div class="_2tvI3"> with <span>HH:MM (IST), Oct 02</span>, an empty <time dateTime>
    # and one bold paragraph; no headlines. First "19:02 (IST), Oct 02" (the toss), last "18:16 (IST), Oct 02".
    Expected("timesofindia_ipl-csk-vs-srh-liveblog_2020-10-02.html", "The Times of India", 8,
             "19:02", None, "18:16", None),
)

SCRIPT_OR_MARKUP = re.compile(
    r"function\s*\(|onSiteReady|\bwindow\.[a-z]|\bdocument\.[a-z]|\bvar \w+\s*="
    r"|</?[a-z]+[ >]|\{\s*\"|@media|!important",
    re.IGNORECASE,
)
FURNITURE = re.compile(
    r"^(advertisement|share on \w+|share this|sign up|subscribe|read more|related:|accept (all )?cookies"
    r"|view more on|leggi anche|pubblicità|\[\[)|pic\.twitter\.com/",
    re.IGNORECASE,
)
# What a page shows as a post's time or flag, never a headline's start.
LABEL_START = re.compile(r"^(?:\d{1,2}[:.]\d{2}\b|breaking\b|pinned\b|key event\b)", re.IGNORECASE)

parsed = parsed_corpus_page  # parsed once per test process, shared with the other corpus tests


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file.split("_")[0])
def test_count_and_ends(page: Expected) -> None:
    blog = parsed(page.file)
    assert blog.source.format == "html"
    assert blog.source.publisher == page.publisher
    assert len(blog.updates) == page.count
    first, last = blog.updates[0], blog.updates[-1]
    assert (first.time, first.headline) == (page.first_time, page.first_headline)
    assert (last.time, last.headline) == (page.last_time, page.last_headline)
    assert blog.warnings == ()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file.split("_")[0])
def test_no_script_or_furniture_in_text(page: Expected) -> None:
    blog = parsed(page.file)
    for update in blog.updates:
        texts = [*update.paragraphs, *update.captions, update.headline or "", update.author or ""]
        for text in texts:
            assert not SCRIPT_OR_MARKUP.search(text), (update.time, text[:120])
            assert not FURNITURE.match(text), (update.time, text[:120])
        for link in update.links:
            assert link.url.startswith(("http://", "https://", "mailto:"))
            assert "utm_" not in link.url and "ref_src=" not in link.url, link.url
        assert not LABEL_START.match(update.headline or ""), update.headline
        assert not any(time_label(p) and time_label(p).clock for p in update.paragraphs), update.paragraphs[:1]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.file.split("_")[0])
def test_every_update_has_content_and_aware_times(page: Expected) -> None:
    blog = parsed(page.file)
    for update in blog.updates:
        assert update.headline or update.paragraphs
        if update.datetime is not None:
            assert update.datetime.tzinfo is not None
            assert update.time == update.datetime.strftime("%H:%M")


def test_mirror_gives_all_json_ld_updates_once_with_dom_bodies() -> None:
    blog = parsed("mirror_uk-riots-live_2024-08-05.html")
    keys = {(u.headline, u.datetime) for u in blog.updates}
    assert len(keys) == 428
    first = blog.updates[0]
    # The DOM splits this entry into two <p>; the JSON-LD articleBody runs them together.
    assert first.paragraphs[-1] == "It remains unclear if it is related to the ongoing incident."
    assert first.author == "Antony Clements-Thrower"
    assert first.datetime == datetime.fromisoformat("2024-08-05T21:00:18.921+01:00")
    # "KEY EVENT" is a label in the byline slot, not a name or a paragraph.
    assert all(u.author != "KEY EVENT" and "KEY EVENT" not in u.paragraphs for u in blog.updates)
    # Page order is newest first, JSON-LD-only updates slotted in by time.
    stamps = [u.datetime for u in blog.updates if u.datetime is not None]
    assert stamps == sorted(stamps, reverse=True)


def test_guardian_times_come_from_the_dom_not_json_ld() -> None:
    blog = parsed("guardian_russia-ukraine-war-live_2023-05-15.html")
    # JSON-LD gives every update 11:50:54Z; the DOM gives each block its own time.
    assert len({u.datetime for u in blog.updates}) == 10
    assert blog.updates[2].headline == (
        "Stoltenberg: no point discussing how Ukraine can join Nato if it does not prevail in war first"
    )
    assert blog.updates[2].datetime == datetime.fromisoformat("2023-05-15T12:24:31+01:00")
    # The pinned Sunak block appears once, in its place in the stream (12.05 BST).
    sunak = [u for u in blog.updates if (u.headline or "").startswith("Sunak:")]
    assert [u.time for u in sunak] == ["12:05"]
    assert any(q.text.startswith("We are going to be a key part") for q in sunak[0].quotes)
    # The first block's header shows the reporter's avatar and name.
    assert blog.updates[0].author == "Jennifer Rankin"
    assert blog.updates[0].paragraphs[0] == "Jennifer Rankin reports from Brussels"


def test_independent_uses_the_displayed_times() -> None:
    blog = parsed("independent_womens-world-cup-live_2023-08-14.html")
    # amp-timeago says 09:01:52Z; data-sort-time and JSON-LD say 04:20:06Z.
    assert blog.updates[0].datetime == datetime.fromisoformat("2023-08-14T10:01:52+01:00")
    assert blog.updates[0].author == "Jamie Braidwood"
    # The post footer ("Jamie Braidwood14 August 2023 10:01") is a byline, not body text.
    assert not any(p.startswith("Jamie Braidwood") for u in blog.updates for p in u.paragraphs)


def test_nytimes_posts_keep_page_order_and_bylines() -> None:
    blog = parsed("nytimes_stock-market-live-briefing_2020-09-25.html")
    assert blog.updates[1].headline == "F.A.A. chief will fly the Boeing 737 Max next week in Seattle."
    assert blog.updates[1].time == "15:39"
    assert blog.updates[1].author == "Niraj Chokshi"
    # "— Kevin Granville and Mohammed Hadi": the whole byline, and not left in the body.
    assert blog.updates[0].author == "Kevin Granville and Mohammed Hadi"
    assert not any("Mohammed Hadi" in p for p in blog.updates[0].paragraphs)
    assert blog.updates[0].datetime is not None and blog.updates[0].datetime.utcoffset() is not None


def test_sportowefakty_dates_clock_times_from_the_event() -> None:
    blog = parsed("sportowefakty_unia-leszno-falubaz-speedway-live_2020-09-28.html")
    timed = [u for u in blog.updates if u.time]
    assert len(timed) == 20
    assert (timed[0].time, timed[-1].time) == ("19:30", "18:05")
    assert timed[0].datetime == datetime.fromisoformat("2020-09-28T19:30:00+02:00")
    assert blog.updates[0].paragraphs[0].startswith("Koniec.")
    assert any(u.headline == "Bieg 15" for u in blog.updates)


def test_express_and_cork_bylines() -> None:
    express = parsed("express_harry-meghan-live_2024-07-18.html").updates[0]
    assert express.author == "Jon King"
    # <span class="newsCaption">… <span class="caption">(Image: Getty)</span></span>
    assert express.captions == (
        "Meghan and Harry reportedly only trust Doria Ragland to look after their kids (Image: Getty)",
    )
    assert not any("(Image: Getty)" in p for p in express.paragraphs)
    assert parsed("corkbeo_level-3-cork-covid-live_2020-10-06.html").updates[0].author == "Frances Watkins"


def test_guardian_cms_json() -> None:
    path = CORPUS / "guardian_pmqs-politics-live_2023-12-13.json"
    blog = parse_bytes(path.read_bytes(), str(path))
    assert blog.source.format == "guardian-json"
    # 11 blocks on page 1, plus the pinned post (13.24 GMT), which is not among them.
    assert len(blog.updates) == 12
    assert (blog.updates[0].time, blog.updates[0].headline) == ("17:25", "Afternoon summary")
    assert (blog.updates[-1].time, blog.updates[-1].headline) == ("13:24", "PMQs – snap verdict")
    assert blog.updates[0].captions == ("Keir Starmer at PMQs. Photograph: Jessica Taylor/UK Parliament/Reuters",)


def test_corpus_page_loads_through_the_pipeline() -> None:
    path = CORPUS / "express_harry-meghan-live_2024-07-18.html"
    blog = load_liveblog(str(path))
    assert len(blog.updates) == 9
    assert blog.source.url == "https://www.express.co.uk/news/royal/1924698/prince-harry-meghan-markle-live-grifters"


def test_bbc_flags_contributors_and_embed_placeholders() -> None:
    blog = parsed("bbc_coronavirus-updates-fauci_2020-05-12.html")
    by_time = {u.time: u for u in blog.updates}
    # <h3><span class="…lx-tag…">Breaking</span><span class="lx-stream-post__header-text">Total lockdown…</span></h3>
    assert by_time["12:57"].headline == "Total lockdown announced in Lebanon"
    # <p class="qa-contributor-name">Marianna Spring</p><p class="qa-contributor-role">Specialist disinformation…</p>
    assert by_time["13:37"].author == "Marianna Spring"
    assert by_time["13:03"].author == "Faisal Islam"
    assert not any("Specialist disinformation" in p for p in by_time["13:37"].paragraphs)
    # Tweet placeholders ("View more on twitter") and "Read more here." pointers are not post text.
    assert not any(p in ("View more on twitter", "Read more here.") for u in blog.updates for p in u.paragraphs)
    # <p><strong>Read more about Dr Fauci here:</strong></p><p><a href="…52027201">The face of America's…</a></p>:
    # the pointer and the link it announces are not post text; the link stays a link.
    fauci = by_time["14:26"]
    assert fauci.paragraphs[-1].startswith("As head of immunology")
    assert any(link.url.endswith("52027201") for link in fauci.links)
    # JSON-LD lists the same 20 posts (url #post_…): each once.
    assert len({u.headline for u in blog.updates}) == 20


def test_repubblica_each_post_once_without_embedded_cards() -> None:
    blog = parsed("repubblica_israele-hamas-diretta_2023-11-02.html")
    # The JSON-LD repeats the 79 posts with no ids (headline = the post's first paragraph): one merge, no copies.
    assert len({u.headline for u in blog.updates}) == 79
    first = blog.updates[0]
    # The headline paragraph is shown once, as the headline; the body starts with the next <p>.
    assert first.paragraphs[0].startswith("E' \"profondamente preoccupante\" che \"14 ospedali su 36")
    # The 15:01 post embeds <section class="inline-article"> (its own <h4>, "di Sami al-Ajrami", a <time>):
    # a related article, not the post's headline, byline or text.
    cpj = next(u for u in blog.updates if u.time == "15:01")
    assert cpj.headline == "Cpj: “Dal 7 ottobre morti 33 giornalisti, 28 erano palestinesi”"
    assert cpj.author is None
    assert not any("Gaza, morte in diretta" in t for u in blog.updates for t in (u.headline or "", *u.paragraphs))
    # <section class="inline-video"><h3 class="inline-video__title">Haniyeh: …</h3> is a video card.
    assert not any((u.headline or "").startswith("Haniyeh:") for u in blog.updates)
    # The JSON-LD cuts long headlines ("… con lui il nuovo …"); the page shows them whole.
    blinken = next(u for u in blog.updates if u.time == "16:19")
    assert blinken.headline == ("Blinken torna in Medio Oriente per “prevenire l’espansione del conflitto\", "
                                "con lui il nuovo ambasciatore Usa in Israele")
    # The "Punti chiave" (key points) box repeats posts: it adds none.
    netanyahu = "Netanyahu non ha approvato la benzina per ospedali di Gaza"
    assert sum(1 for u in blog.updates if u.headline == netanyahu) == 1


def test_timesofindia_synthetic_json_ld_is_not_a_second_copy() -> None:
    blog = parsed("timesofindia_ipl-csk-vs-srh-liveblog_2020-10-02.html")
    # JSON-LD headlines read "19:02(IST) TOSS: Sunrisers…" (time + first words): copies, not headlines.
    assert all(u.headline is None for u in blog.updates)
    assert blog.updates[0].paragraphs == (
        "TOSS: Sunrisers Hyderabad win toss, opt to bat against Chennai Super Kings in Dubai",)
    assert [u.time for u in blog.updates] == ["19:02", "18:32"] + ["18:16"] * 6
    assert all(u.author is None for u in blog.updates)


def test_independent_embedded_article_teasers_are_not_post_text() -> None:
    blog = parsed("independent_womens-world-cup-live_2023-08-14.html")
    # Post 3 embeds a card: <figure> + <h3><a href="…england-colombia…">England set up old rivalry…</a></h3> + teaser.
    third = blog.updates[2]
    assert third.paragraphs[-1] == "Miguel Delaney’s match report from Sydney:"
    assert not any("England set up old rivalry" in p for u in blog.updates for p in u.paragraphs)
    # The one post whose <h3> is not the label keeps its headline.
    assert blog.updates[4].headline == "Who and when do England play next? Lionesses route to the World Cup final"
