"""The HTML parser on small hand-written fixtures, one per page structure (tests/fixtures/html/)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import HTML_FIXTURES as FIXTURES
from conftest import html_pages

from parsers.errors import InputError
from parsers.extract.html.page import NO_STRUCTURE_WARNING, parse_html
from parsers.model import LiveBlog, Quote
from parsers.options import ParseOptions
from parsers.pipeline import load_liveblog, parse_bytes
from parsers.read.detect import detect_format


def load(name: str, options: ParseOptions | None = None) -> LiveBlog:
    path = FIXTURES / name
    return parse_bytes(path.read_bytes(), str(path), options)


def dt(value: str) -> datetime:
    return datetime.fromisoformat(value)


def test_json_ld_graph_with_nested_objects() -> None:
    blog = load("jsonld_graph.html")
    assert blog.title == "Riverton flood live: river peaks overnight"
    assert blog.source.publisher == "Riverton Post"
    assert blog.source.url == "https://news.example.org/live/riverton-flood"
    assert blog.published == dt("2024-03-09T21:40:00+02:00")
    assert blog.modified == dt("2024-03-10T00:20:00+02:00")
    assert blog.intro == "Rolling coverage as the Riverton rises."
    assert [u.headline for u in blog.updates] == [
        "River level passes record", "Evacuation centre opens", "Welcome to our live coverage",
    ]
    first, second, third = blog.updates
    assert (first.time, first.datetime) == ("00:15", dt("2024-03-10T00:15:00+02:00"))
    assert first.paragraphs == ("The gauge at Mill Bridge read 4.2 metres.", "That beats the 1998 record.")
    assert first.author == "Ana Lind"
    assert second.author == "Ben Okafor"
    assert second.paragraphs == ("The school hall on Elm Street is open all night.",
                                 "Bring medicines and a phone charger.")
    assert third.paragraphs == ("We will follow the flood through the night & bring you every update.",)
    assert len({u.id for u in blog.updates}) == 3


def test_json_ld_list_form_and_invalid_json_ld_is_skipped() -> None:
    blog = load("jsonld_list.html")
    assert blog.source.publisher == "Sail Weekly"
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("11:30", "Race two abandoned"), ("09:10", "Start delayed"),
    ]
    assert blog.updates[0].paragraphs == ('Winds dropped below 4 knots. The committee said: "We have no choice."',)


def test_microdata_updates() -> None:
    blog = load("microdata.html")
    assert [(u.time, u.headline, u.author) for u in blog.updates] == [
        ("13:47", "Fuel duty frozen again", "Priya Shah"),
        ("12:31", "Chancellor rises to speak", None),
    ]
    # The byline ("By Priya Shah") is not repeated in the body.
    assert blog.updates[0].paragraphs == ("The chancellor kept fuel duty at its current rate for another year.",)


class TestDomWithTimeDatetime:
    """Entries with <time datetime>, a pinned copy, degenerate JSON-LD and furniture."""

    @pytest.fixture(scope="class")
    def blog(self) -> LiveBlog:
        return load("dom_datetime.html")

    def test_updates_times_and_zone(self, blog: LiveBlog) -> None:
        # The page shows "14.05 CET" beside <time datetime="…13:05Z">: the zone is +01:00.
        assert [(u.time, u.headline) for u in blog.updates] == [
            ("14:05", None), ("13:40", "Tunnel deal agreed"), ("12:58", "Summit opens"),
        ]
        assert blog.updates[0].datetime == dt("2024-02-12T14:05:00+01:00")

    def test_pinned_copy_is_not_a_new_update(self, blog: LiveBlog) -> None:
        assert sum(u.headline == "Tunnel deal agreed" for u in blog.updates) == 1

    def test_json_ld_page_values_do_not_override_the_dom(self, blog: LiveBlog) -> None:
        assert all(u.headline != blog.title for u in blog.updates)

    def test_body_keeps_text_quotes_captions_and_links(self, blog: LiveBlog) -> None:
        update = blog.updates[0]
        assert update.author == "Lena Vogt"
        assert update.paragraphs[:3] == (
            "The Swiss president spoke to reporters after the signing.",
            "She said:",
            "This tunnel will carry our children’s trains.",
        )
        assert Quote("This tunnel will carry our children’s trains.") in update.quotes
        tweet = next(q for q in update.quotes if q.cue == "tweeted")
        assert tweet.speaker == "Mara Keller"
        assert tweet.text.startswith("A historic day for Alpine rail.")
        assert update.captions == ("Leaders at the signing in Davos. Photograph: Ada Ruiz/Reuters",)
        urls = [link.url for link in update.links]
        assert "https://www.bergblatt.example/documents/treaty.pdf" in urls
        assert "mailto:desk@bergblatt.example" in urls
        assert not any(url.lower().startswith("javascript") for url in urls)
        treaty = next(link for link in update.links if link.url.endswith("treaty.pdf"))
        assert treaty.text == "full treaty text"

    def test_furniture_is_dropped(self, blog: LiveBlog) -> None:
        text = "\n".join(p for u in blog.updates for p in u.paragraphs)
        for furniture in ("Advertisement", "Sign up", "Related", "Share on Facebook", "widgets.js", "cookies",
                          "color: red"):
            assert furniture not in text

    def test_page_metadata(self, blog: LiveBlog) -> None:
        assert blog.title == "Alpine summit live: leaders agree tunnel deal"
        assert blog.source.publisher == "Bergblatt"
        assert blog.intro == "Leaders from four countries meet in Davos to settle the rail tunnel dispute."
        assert blog.published == dt("2024-02-12T12:58:00+01:00")


def test_hh_mm_only_times_take_the_publication_date_and_roll_over_midnight() -> None:
    blog = load("dom_hhmm.html")
    # The key-events box repeats two headlines; it is not a second stream of updates.
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("00:20", "Power cut across the valley"),
        ("23:50", "Trees down on the coast road"),
        ("22:45", "Storm warning upgraded"),
    ]
    assert [u.datetime for u in blog.updates] == [
        dt("2024-01-06T00:20:00+00:00"), dt("2024-01-05T23:50:00+00:00"), dt("2024-01-05T22:45:00+00:00"),
    ]
    assert [u.author for u in blog.updates] == ["Tom Reyes", None, "Tom Reyes"]


def test_hh_mm_only_times_honour_the_date_option() -> None:
    blog = load("dom_hhmm.html", ParseOptions(date=datetime(2024, 2, 1).date()))
    assert blog.updates[-1].datetime == dt("2024-02-01T22:45:00+00:00")
    assert blog.updates[0].datetime == dt("2024-02-02T00:20:00+00:00")


def test_data_attribute_epoch_milliseconds() -> None:
    blog = load("dom_epoch_ms.html")
    # 1713693600000 ms = 10:00Z; the page's own dates are +01:00, so readers saw 11:00.
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("11:00", "Elite women finish"), ("10:00", "Elite women start"),
    ]
    assert blog.updates[0].datetime == dt("2024-04-21T11:00:00+01:00")


def test_data_attribute_epoch_seconds() -> None:
    blog = load("dom_epoch_seconds.html")
    # 1730858400 s = 2024-11-06T02:00Z = 21:00 at -05:00.
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("21:00", "Polls close in the east"), ("23:00", "First county declares"),
    ]
    assert blog.updates[1].datetime == dt("2024-11-05T23:00:00-05:00")


def test_displayed_time_wins_over_data_attributes_and_json_ld() -> None:
    blog = load("conflict.html")
    # The reader sees the footer clock ("Sam Hale14 August 2023 10:01", "… 09:01"); it sits an
    # hour after the amp-timeago instants (09:01:52Z, 08:01:52Z), so the page shows +01:00. The
    # data-sort-time and JSON-LD values (04:16Z, 04:15Z) are creation times, not what is shown.
    assert [u.time for u in blog.updates] == ["10:01", "09:01"]
    assert blog.updates[0].datetime == dt("2023-08-14T09:01:52+00:00")
    assert blog.time_notes == ("visible 10:01 and the <time> element 09:01:52Z: the page shows +01:00",)
    # Matched to JSON-LD by id (#liveblogPost902 <-> id="post-902"): the byline comes from there.
    assert [u.author for u in blog.updates] == ["Sam Hale", "Sam Hale"]
    # The empty ad slot carrying data-sort-time is not an update.
    assert len(blog.updates) == 2


def test_windows_1252_page_decodes_from_its_http_equiv() -> None:
    blog = load("cp1252.html")
    assert blog.title == "Fête de la musique en direct"
    assert blog.updates[0].headline == "Le café déborde"
    assert blog.updates[0].paragraphs == ("« Quelle soirée ! » — la rue est pleine, dit Zoë.",)
    assert blog.updates[1].paragraphs == ("Les premières notes résonnent place de l’Église.",)
    assert blog.updates[0].time == "20:00"


def test_page_saved_without_extension_is_detected_as_html() -> None:
    data = (FIXTURES / "saved_page").read_bytes()
    assert detect_format(data).name == "html"
    blog = load("saved_page")
    assert [(u.time, u.headline) for u in blog.updates] == [("16:30", "Talks resume"), ("15:10", "Sailings cancelled")]
    assert blog.updates[0].datetime == dt("2024-07-01T16:30:00+01:00")


def test_ordinary_article_becomes_one_untimed_update_with_a_warning() -> None:
    blog = load("article.html")
    assert len(blog.updates) == 1
    update = blog.updates[0]
    assert update.time is None and update.datetime is None
    assert update.paragraphs == (
        "The central library will reopen on Monday after eight months of roof repairs.",
        "Librarian Joy Tan said the children's section has doubled in size.",
    )
    assert any(NO_STRUCTURE_WARNING in w for w in blog.warnings)
    assert blog.title == "Library reopens after repairs"
    assert blog.source.publisher == "Townsville Gazette"


def test_export_cli_path_through_the_loader(tmp_path: Path) -> None:
    blog = load_liveblog(str(FIXTURES / "dom_epoch_ms.html"))
    assert blog.source.format == "html"
    assert len(blog.updates) == 2


def test_parse_html_rejects_a_page_with_no_text() -> None:
    with pytest.raises(InputError):
        parse_html(b"<html><head><title></title></head><body></body></html>", "empty.html", ParseOptions())


def test_tz_option_sets_the_zone_of_clock_only_pages() -> None:
    from parsers.normalise.times import zone_for

    blog = load("dom_hhmm.html", ParseOptions(tz=zone_for("+05:30")))
    assert blog.updates[-1].time == "22:45"
    assert blog.updates[-1].datetime is not None and blog.updates[-1].datetime.utcoffset() is not None
    assert blog.updates[-1].datetime.isoformat().endswith("+05:30")


def test_tz_option_does_not_override_the_zone_the_page_proves() -> None:
    from parsers.normalise.times import zone_for

    blog = load("dom_datetime.html", ParseOptions(tz=zone_for("-08:00")))
    # The page shows "14.05 CET" for 13:05Z: readers saw 14:05, whatever --tz says.
    assert blog.updates[0].time == "14:05"
    assert blog.updates[0].datetime == dt("2024-02-12T14:05:00+01:00")


def test_caption_classes_and_trailing_bylines() -> None:
    markup = b"""<html><head><meta property="article:published_time" content="2024-03-01T09:00:00Z"></head><body>
    <div class="feed">
      <div class="post" data-post-time="1709287200000"><h3>Ferry docks</h3><p>The ferry is in.</p>
        <div class="photo"><img src="x.jpg">
          <span class="newsCaption">Passengers leave <span class="credit">(Image: PA)</span></span></div>
        <div class="meta"><a href="/author/kim-ode" class="author">Kim Ode</a></div>
        <div class="foot">By Kim Ode, 1 March 2024 10:00</div></div>
      <div class="post" data-post-time="1709283600000"><h3>Ferry leaves</h3><p>On time.</p></div>
    </div></body></html>"""
    blog = parse_bytes(markup, "ferry.html")
    first = blog.updates[0]
    assert first.captions == ("Passengers leave (Image: PA)",)
    assert first.author == "Kim Ode"
    # The trailing "By Kim Ode, 1 March 2024 10:00" repeats the byline: not body text.
    assert first.paragraphs == ("The ferry is in.",)


BBC_LIKE = b"""<!DOCTYPE html><html><head><title>Storm live</title>
<link rel="canonical" href="https://news.example.net/live/storm"></head><body><main>
<ol class="lx-stream__feed">
<li class="lx-stream__post-container"><article><header><time datetime="2023-11-02T10:15:00+00:00">
<span class="visually-hidden">posted at </span>10:15</time><h3><span>Trains cancelled</span></h3></header>
<div class="lx-stream-post-body"><p>Southern has cancelled all services.</p></div>
<footer><div class="lx-share-tools"><button>Share</button></div></footer></article></li>
<li class="lx-stream__post-container"><article><header><time datetime="2023-11-02T09:40:00+00:00">09:40</time>
<h3><span>Red warning issued</span></h3></header>
<div class="lx-stream-post-body"><p>A red warning is in force.</p>
<ul><li>Winds of 90mph</li><li>Flooding</li></ul></div>
</article></li></ol>
<aside><h2>Top stories</h2><ul>
<li><a href="/news/1">Other story</a><time datetime="2023-11-02T08:00:00Z">08:00</time></li>
<li><a href="/news/2">Another</a><time datetime="2023-11-02T07:00:00Z">07:00</time></li></ul></aside>
</main></body></html>"""

WORDPRESS_LIKE = b"""<html><head><title>Match live</title></head><body><div class="liveblog-feed">
<div id="liveblog-entry-88" class="liveblog-entry" data-timestamp="1714921200"><header class="liveblog-meta">
<a class="liveblog-time-permalink" href="#liveblog-entry-88"><abbr title="x">5:00 pm</abbr></a>
<span class="liveblog-author-name">Eva Berg</span></header>
<div class="liveblog-entry-text"><p><strong>Goal!</strong> 1-0 after ten minutes.</p>
<blockquote class="twitter-tweet"><p>What a strike</p>&mdash; Fan Club (@fans) <a href="#">May 5, 2024</a></blockquote>
</div></div>
<div id="liveblog-entry-87" class="liveblog-entry" data-timestamp="1714920600"><header class="liveblog-meta">
<span class="liveblog-author-name">Eva Berg</span></header><div class="liveblog-entry-text"><p>Kick-off!</p></div></div>
</div></body></html>"""


def test_unknown_publisher_list_stream_beats_a_sidebar_of_times() -> None:
    blog = parse_bytes(BBC_LIKE, "storm.html")
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("10:15", "Trains cancelled"), ("09:40", "Red warning issued"),
    ]
    assert blog.updates[1].paragraphs == ("A red warning is in force.", "Winds of 90mph", "Flooding")
    assert "Share" not in " ".join(blog.updates[0].paragraphs)


def test_unknown_publisher_epoch_seconds_with_a_displayed_clock() -> None:
    blog = parse_bytes(WORDPRESS_LIKE, "match.html")
    # data-timestamp 1714921200 is 15:00Z; the page displays "5:00 pm", so its zone is +02:00.
    assert [u.time for u in blog.updates] == ["17:00", "16:50"]
    assert blog.updates[0].datetime == dt("2024-05-05T17:00:00+02:00")
    assert blog.updates[0].author == "Eva Berg"
    assert blog.updates[0].quotes == (Quote("What a strike", speaker="Fan Club", cue="tweeted"),)


def test_utf16_page_with_a_bom_and_a_mis_declared_charset() -> None:
    page = ('<html><head><meta charset="windows-1252"><title>Zürich live</title></head><body>'
            '<div class="s"><div class="e"><time datetime="2024-08-01T09:00:00+02:00">09:00</time>'
            "<h2>Fête nationale</h2><p>Feuerwerk über dem See.</p></div>"
            '<div class="e"><time datetime="2024-08-01T08:00:00+02:00">08:00</time><h2>Früh</h2><p>Ruhig.</p></div>'
            "</div></body></html>")
    data = page.encode("utf-16")  # with a BOM, which wins over the declared charset
    assert detect_format(data).name == "html"
    blog = parse_bytes(data, "zurich.html")
    assert blog.title == "Zürich live"
    assert blog.updates[0].headline == "Fête nationale"
    assert blog.updates[0].paragraphs == ("Feuerwerk über dem See.",)


def test_utf8_bytes_declared_as_utf8_with_stray_windows_1252_warn_and_decode() -> None:
    page = ('<html><head><meta charset="utf-8"><title>Caf\u00e9 live</title></head><body><article>'
            "<p>Good coffee today at the caf\u00e9 on the corner, everyone agrees.</p>").encode("utf-8")
    data = page + "<p>Prices \u2013 up \u201cagain\u201d.</p></article></body></html>".encode("cp1252")
    blog = parse_bytes(data, "cafe.html")
    assert blog.updates[0].paragraphs[-1] == "Prices \u2013 up \u201cagain\u201d."
    assert any("Windows-1252" in w for w in blog.warnings)


# --- The byline pre-check: it may only skip the author XPaths when none of them can match.


def test_every_author_xpath_names_a_precheck_cue() -> None:
    from parsers.extract.html.publishers import AUTHOR_ATTRIBUTE_CUES, AUTHOR_CLASS_CUES, AUTHOR_TAG_CUES, AUTHOR_XPATHS

    for xpath in AUTHOR_XPATHS:
        attribute_cue = any(f"@{name}='{value}'" in xpath for name, value in AUTHOR_ATTRIBUTE_CUES)
        class_cue = any(f"contains(@class, '{word}')" in xpath for word in AUTHOR_CLASS_CUES)
        tag_cue = all(tag in xpath for tag in AUTHOR_TAG_CUES)
        assert attribute_cue or class_cue or tag_cue, xpath


@pytest.mark.parametrize("page", html_pages(), ids=lambda p: p.name)
def test_byline_precheck_never_hides_a_match(page: Path) -> None:
    """Wherever the entry scan finds no byline cue, every author XPath really selects nothing."""
    from parsers.extract.html.dom import decode_html, parse_document, select
    from parsers.extract.html.entries import scan_entry
    from parsers.extract.html.publishers import AUTHOR_XPATHS

    text, _ = decode_html(page.read_bytes(), str(page))
    root, _ = parse_document(text, str(page))
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    for element in elements:
        if not scan_entry(element).byline_cue:
            assert all(not select(element, xpath) for xpath in AUTHOR_XPATHS), element.tag


def test_id_tokens_are_ordered_most_specific_first_whatever_the_hash_seed() -> None:
    """Entry matching takes the first token that hits, so the order must be fixed, not a set's."""
    import os
    import subprocess
    import sys

    from parsers.extract.html.entries import id_tokens

    assert id_tokens("post-1288914") == ("post-1288914", "1288914")
    assert id_tokens("block-64d2a9f8e4b0c1a7d3e5f6a1") == ("block-64d2a9f8e4b0c1a7d3e5f6a1", "64d2a9f8e4b0c1a7d3e5f6a1")
    assert id_tokens("header") == ("header",)
    script = "from parsers.extract.html.entries import id_tokens; print(id_tokens('Live-Update-A12345-post-998877'))"
    outputs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outputs) == 1
