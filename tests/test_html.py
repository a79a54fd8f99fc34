"""The HTML parser on small hand-written fixtures, one per page structure (tests/fixtures/html/)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from parsers.errors import InputError
from parsers.formats import detect_format
from parsers.html import NO_STRUCTURE_WARNING, parse_html
from parsers.loader import load_liveblog, parse_bytes
from parsers.model import LiveBlog, Quote
from parsers.options import ParseOptions

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


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
    assert [u.time for u in blog.updates] == ["09:01", "08:01"]
    assert blog.updates[0].datetime == dt("2023-08-14T09:01:52+00:00")
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
