"""Issue 13, the reader polished: Pilot tests of what a new user hit first (120x40 unless said).

Each test names the point of the issue it guards. Pages of the shared corpus are read from
`CORPUS` and the tests that need them skip when it is absent.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import CORPUS, build_reader_blog
from screens import (
    SIZE,
    detail_text,
    notifications,
    reader,
    reader_app,
    screen_text,
    settle,
    status,
    timeline_rows,
    wait_until,
)
from test_tui import NEW_ENTRY, FakeBrowser

from parsers.errors import InputError
from parsers.model import LiveBlog
from tui.app import LiveblogApp
from tui.articles import Settings, expand_paths, prepare
from tui.screens.reader import ReaderScreen
from tui.widgets.timeline import Timeline

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not present")


def corpus_app(name: str) -> LiveblogApp:
    return LiveblogApp(prepare([str(CORPUS / name)], Settings()))


# --- 8. plurals -------------------------------------------------------------------------


async def test_counts_of_one_are_singular(sample_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "blog.txt"
    shutil.copy(sample_path, path)
    app = LiveblogApp(prepare([str(path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("9:56PM", NEW_ENTRY + "9:56PM", 1), encoding="utf-8")
        os.utime(path, ns=(1, 10**18))
        await pilot.press("r")
        await settle(pilot)
        assert "Reloaded: 1 new update" in notifications(app)
        assert not any("1 new updates" in m for m in notifications(app))
    one = build_reader_blog()
    app = reader_app(type(one)(title=one.title, source=one.source, updates=one.updates[:1]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 of 1 update " in status(app) + " "
        await pilot.press("slash", *"sarin", "enter")
        assert "0 of 1 update " in status(app) + " "
        await pilot.press("c")
        await pilot.press("e")
        assert any(m.startswith("Exported 1 update as Markdown") for m in notifications(app))


# --- 7. help: movement keys scroll it; only keys that work are listed ------------------------


async def test_help_scrolls_with_j_k_g_G_and_lists_back_only_with_a_picker(sample_path: Path) -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        text = str(app.screen.query_one("#help-text").render())
        assert "Back to the article list" not in text, "a single article has no list to go back to"
        assert box.max_scroll_y > 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert box.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert box.scroll_y == 1
        await pilot.press("G")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert box.scroll_y == 0
    app = LiveblogApp(prepare([str(sample_path), str(sample_path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "Back to the article list" in str(app.screen.query_one("#help-text").render())


# --- 16. layout: "? Help" at every size; the timeline shows headlines, not a third of them ----


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_footer_shows_the_help_key_at_every_size(size: tuple[int, int]) -> None:
    app = reader_app()
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: "Speakers" in screen_text(app).splitlines()[-1])
        footer = screen_text(app).splitlines()[-1]
        assert footer.startswith(" ? Help "), footer
        # The command palette's key is shown whole at the right edge, or not at all.
        assert footer.rstrip().endswith("^p palette") == (size[0] >= 120), footer


async def test_the_timeline_shows_most_of_a_headline_at_120_columns(sample_path: Path) -> None:
    app = LiveblogApp(prepare([str(sample_path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The sample's 9:56PM update (line 57): "Trump says will take on North Korea without China's
        # backing if necessary", 72 characters; at least 43 of them fit (32 did before).
        rows = [line.split("││")[0] for line in screen_text(app).splitlines() if "• 21:56" in line]
        assert rows and "Trump says will take on North Korea without" in rows[0], rows


# --- 12. space and shift+space page the detail pane from the timeline -----------------------


async def test_space_pages_the_detail_pane_while_the_timeline_keeps_the_focus() -> None:
    blog = build_reader_blog()
    long = blog.updates[0]
    paragraphs = tuple(f"Paragraph {n} of a long update." for n in range(1, 60))
    blog = type(blog)(title=blog.title, source=blog.source,
                      updates=(type(long)(**{**{f: getattr(long, f) for f in long.__slots__},
                                             "paragraphs": paragraphs}), *blog.updates[1:]))
    app = reader_app(blog)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = reader(app)
        assert screen.timeline.has_focus and screen.detail.scroll_y == 0
        await pilot.press("space")
        await pilot.pause()
        first_page = screen.detail.scroll_y
        assert first_page >= screen.detail.scrollable_content_region.height - 1
        await pilot.press("space")
        await pilot.pause()
        assert screen.detail.scroll_y > first_page
        await pilot.press("shift+space")
        await pilot.pause()
        assert screen.detail.scroll_y == first_page
        assert screen.timeline.has_focus and screen.timeline.cursor == 0


# --- 6. "/" reopens the search with the query selected: typing replaces it ------------------


async def test_slash_reopens_the_search_with_the_query_selected() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = reader(app)
        await pilot.press("slash", *"sarin", "enter")
        assert screen.search == "sarin"
        await pilot.press("slash", *"lavrov")
        assert screen.search == "lavrov", "typing replaced the selected query"
        assert "1 of 6 updates" in status(app)
        await pilot.press("enter", "slash", "backspace")
        assert screen.search == "", "backspace deletes the selected query"
        await pilot.press(*"tillerson", "escape", "slash", "end", *" putin")
        assert screen.search == "tillerson putin", "a movement key unselects and keeps the query"


# --- 5. links: opened off the event loop, never in a console browser, and the truth told ----


class SlowBrowser:
    """A browser whose command takes as long as the test wants (`release` lets it return)."""

    name = "slowfox"

    def __init__(self) -> None:
        self.release = threading.Event()
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.release.wait(10)
        self.opened.append(url)
        return True


async def test_a_slow_browser_does_not_freeze_the_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    browser = SlowBrowser()
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setattr("webbrowser.get", lambda *a: browser)
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "j", "j")
        await pilot.pause()
        assert reader(app).timeline.cursor == 2, "keys work while the browser command runs"
        assert not any("opened" in m for m in notifications(app))
        browser.release.set()
        await settle(pilot)
        assert browser.opened == ["https://example.com/remarks"]
        assert "Link 1 opened in slowfox" in notifications(app)


@pytest.mark.parametrize("command", ["lynx", "/usr/bin/w3m %s", "elinks:firefox"])
async def test_a_console_browser_in_browser_env_is_refused(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    monkeypatch.setenv("BROWSER", command)
    monkeypatch.setattr("webbrowser.get", lambda *a: asked.append("get"))
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await settle(pilot)
        assert not asked, "no browser was even looked for"
        [message] = notifications(app)
        assert message.startswith("Link 1 not opened: $BROWSER is ") and "console browser" in message
        assert "copied it to the clipboard instead" in message
        assert app.clipboard == "https://example.com/remarks"


class ConsoleBrowser:
    """What `webbrowser.get()` returns on a machine without a display but with lynx installed."""

    name = "lynx"

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        raise AssertionError("a console browser was started in the reader's terminal")


async def test_no_browser_or_only_a_console_one_is_said_so(monkeypatch: pytest.MonkeyPatch) -> None:
    import webbrowser

    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setattr("webbrowser.get", lambda *a: ConsoleBrowser())
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await settle(pilot)
        assert notifications(app)[-1].startswith("Link 1 not opened: the only browser found is lynx")

        def no_browser(*args: object) -> None:
            raise webbrowser.Error("could not locate runnable browser")

        monkeypatch.setattr("webbrowser.get", no_browser)
        await pilot.press("1")
        await settle(pilot)
        assert notifications(app)[-1] == (
            "Link 1 not opened: no web browser found; copied it to the clipboard instead"
        )
        assert not any("in the browser" in m for m in notifications(app))


# --- 4. the picker lists what parses into a live blog, whatever the extension ---------------

NOTES = "# Notes on markup\n\nEntries are `<article>` elements with a `<time>`; bodies are `<p>` and `<div>`.\n"


def test_a_directory_lists_live_blogs_by_content_not_by_name(sample_path: Path, tmp_path: Path) -> None:
    shutil.copy(sample_path, tmp_path / "blog.data")  # a text live blog without a known suffix
    (tmp_path / "notes.md").write_text(NOTES, encoding="utf-8")  # mentions tags, has no timestamp
    (tmp_path / "readme.txt").write_text("Nothing to see here.\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (tmp_path / "page.xml").write_text("<!doctype html><html><body><p>hi</p></body></html>", encoding="utf-8")
    assert expand_paths([str(tmp_path)]) == [str(tmp_path / "blog.data"), str(tmp_path / "page.xml")]
    (tmp_path / "blog.data").unlink()
    (tmp_path / "page.xml").unlink()
    with pytest.raises(InputError, match="directory holds no live blogs"):
        expand_paths([str(tmp_path)])


@needs_corpus
async def test_the_picker_on_the_corpus_lists_the_cms_json_page_and_not_sources_md() -> None:
    articles = prepare([str(CORPUS)], Settings())
    names = [Path(a.path).name for a in articles]
    assert "SOURCES.md" not in names
    assert "guardian_pmqs-politics-live_2023-12-13.json" in names
    assert len(names) == len([p for p in CORPUS.iterdir() if p.suffix in (".html", ".json")])
    app = LiveblogApp(articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert f"{len(names)} articles" in screen_text(app)


# --- 9. days: a separator row when the day changes, the blog's span in the header -----------


def two_day_blog() -> LiveBlog:
    """The reader blog with its two oldest updates moved to the day before (11 April 2017)."""
    blog = build_reader_blog()
    updates = list(blog.updates)
    for index in (4, 5):
        when = updates[index].datetime
        assert when is not None
        updates[index] = replace(updates[index], datetime=when - timedelta(days=1))
    return replace(blog, updates=tuple(updates))


async def test_a_day_separator_row_precedes_each_day_and_is_never_selected() -> None:
    app = reader_app(two_day_blog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = timeline_rows(app)
        assert rows[0].startswith("── Wednesday 12 April 2017 ──")
        assert "22:10" in rows[1]
        assert rows[5].startswith("── Tuesday 11 April 2017 ──") and "19:55" in rows[6]
        assert "The Test Times · 11–12 April 2017 · Trump and Russia: live" in screen_text(app)
        timeline = reader(app).timeline
        await pilot.press("j", "j", "j", "j")
        assert "North Korea warning" in detail_text(app), "the separator row was stepped over"
        await pilot.click(Timeline, offset=(5, 6))  # row 6 of the content: the separator (under the border)
        assert timeline.position == reader(app).view[4], "clicking a separator selects nothing"
        await pilot.press("o")  # oldest first: the days in the other order
        rows = timeline_rows(app)
        assert rows[0].startswith("── Tuesday 11 April 2017") and rows[3].startswith("── Wednesday 12 April")
        await pilot.press("slash", *"sarin", "enter")  # both matches are on 12 April: no separator
        rows = timeline_rows(app)
        assert "Boris Johnson" in rows[0] and "Tillerson meets Putin" in rows[1]


@needs_corpus
async def test_the_mirror_blog_shows_its_days_in_the_timeline_and_header() -> None:
    app = corpus_app("mirror_uk-riots-live_2024-08-05.html")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The page's JSON-LD: the oldest post "UK police braced for 'at least 15' protests" was
        # published 2024-08-02T18:42+01:00, the newest, "Loud bang heard at Plymouth scene", on 5 August at 21:00.
        assert "Daily Mirror · 2–5 August 2024 · " in screen_text(app)
        rows = timeline_rows(app)
        assert "Intro" in rows[0] and rows[1].startswith("── Monday 5 August 2024 ──")
        assert "Loud bang heard at Plymouth scene" in rows[2]
        await pilot.press("G")
        rows = timeline_rows(app)
        assert "UK police braced for 'at least 15' protests" in rows[-1]
        assert any(row.startswith("── Friday 2 August 2024 ──") for row in rows)


# --- 10. the intro is the first row, selected on a first visit ------------------------------


async def test_the_intro_is_the_first_row_and_shown_first(sample_path: Path) -> None:
    app = LiveblogApp(prepare([str(sample_path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = reader(app)
        assert timeline_rows(app)[0].startswith("    Intro Donald Trump has described US relations")
        assert screen.timeline.on_intro and screen.selected() is None
        # The sample's intro: the paragraphs before its first timestamp (lines 9-37 of the file).
        assert "Mr Tillerson held a two-hour meeting with Mr Putin" in detail_text(app)
        await pilot.press("j")
        assert "21:56" in timeline_rows(app)[1] and screen.selected() is screen.updates[0]
        await pilot.press("slash", *"nato", "enter")
        assert "Intro" not in timeline_rows(app)[0], "a filtered view lists matching updates only"
        await pilot.press("c", "g")
        assert screen.timeline.on_intro and "Mr Tillerson held a two-hour" in detail_text(app)


# --- 11. read state, unread count, next unread, return to the last read, theme and order ----


async def test_an_update_shown_for_a_moment_becomes_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReaderScreen, "READ_AFTER", 0.2)
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = reader(app)
        await wait_until(pilot, lambda: "5 unread" in status(app))  # the first update, shown on opening
        assert screen.updates[0].id in screen.state.read
        await pilot.press("j", "j")  # the second is passed over at once: still unread
        await wait_until(pilot, lambda: "4 unread" in status(app))
        assert screen.updates[1].id not in screen.state.read and screen.updates[2].id in screen.state.read
        assert timeline_rows(app)[2][2] == " " and timeline_rows(app)[1][2] == "•"
        await pilot.press("g", "u")
        assert screen.selected() is screen.updates[1], "u: the next unread update"
        await pilot.press("u")
        assert screen.selected() is screen.updates[3]
        await pilot.press("m")  # marked by hand before the moment is over: the user's choice stands
        await pilot.pause(0.4)
        assert screen.updates[3].id in screen.state.read
        await pilot.press("m")
        await pilot.pause(0.4)
        assert screen.updates[3].id not in screen.state.read


async def test_reopening_returns_to_the_update_read_last(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReaderScreen, "READ_AFTER", 0.1)
    blog = build_reader_blog()
    app = reader_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j")
        await wait_until(pilot, lambda: reader(app).state.last == blog.updates[3].id)
    app = reader_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert reader(app).selected() is blog.updates[3]
        assert "Boris Johnson said Russia" in detail_text(app)


async def test_the_theme_and_the_order_are_remembered(sample_path: Path) -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.press("o")
        await pilot.pause()
        assert not reader(app).newest_first
    saved = json.loads((Path(os.environ["LIVEBLOG_DATA_DIR"]) / "prefs.json").read_text(encoding="utf-8"))
    assert saved == {"theme": "nord", "newest_first": False}
    app = LiveblogApp(prepare([str(sample_path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord" and not reader(app).newest_first
        assert "oldest first" in status(app)
        # The sample's oldest update, its last in the file (line 413): "5:28PM", "Vladimir Putin hosts US Secretary…"
        assert "17:28 Vladimir Putin hosts US Secretary of State" in timeline_rows(app)[1]


async def test_a_broken_prefs_file_is_set_aside_not_lost() -> None:
    path = Path(os.environ["LIVEBLOG_DATA_DIR"]) / "prefs.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json", encoding="utf-8")
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"
        assert any("preferences file was invalid" in m for m in notifications(app))
    [aside] = list(path.parent.glob("prefs.json.corrupt-*"))
    assert aside.read_text(encoding="utf-8") == "{not json"


# --- 13. search as find: match position, n/N, the detail pane scrolled to the match ---------


def long_update_blog() -> LiveBlog:
    """The reader blog with a long first update whose only "Kaliningrad" is in paragraph 50 of 60."""
    blog = build_reader_blog()
    paragraphs = tuple(f"Paragraph {n} of a long update." for n in range(1, 61))
    paragraphs = (*paragraphs[:49], "Troops moved towards Kaliningrad overnight.", *paragraphs[50:])
    return replace(blog, updates=(replace(blog.updates[0], paragraphs=paragraphs), *blog.updates[1:]))


async def test_search_shows_the_match_position_and_scrolls_the_detail_pane_to_it() -> None:
    app = reader_app(long_update_blog())
    async with app.run_test(size=SIZE) as pilot:
        screen = reader(app)
        await pilot.press("slash", *"sarin", "enter")
        assert "match 1 of 2" in status(app)
        await pilot.press("n")
        assert "match 2 of 2" in status(app)
        await pilot.press("n")
        assert "match 1 of 2" in status(app), "n wraps round"
        await pilot.press("N")
        assert "match 2 of 2" in status(app)
        await pilot.press("slash", *"kaliningrad", "enter")
        await wait_until(pilot, lambda: screen.detail.scroll_y > 0)
        assert "match 1 of 1" in status(app)
        visible = screen_text(app)
        assert "Troops moved towards Kaliningrad overnight." in visible, "the match is on screen"
        await pilot.press("c")
        await pilot.pause()
        assert screen.detail.scroll_y == 0


# --- 14. the article's address and the update's permalink: open or copy either ---------------

ARTICLE_URL = "https://example.com/live/trump-russia"


def blog_with_addresses() -> LiveBlog:
    blog = build_reader_blog()
    first = replace(blog.updates[0], permalink=f"{ARTICLE_URL}#post-1")
    return replace(blog, source=replace(blog.source, url=ARTICLE_URL), updates=(first, *blog.updates[1:]))


async def test_w_and_shift_w_open_the_article_and_the_permalink_y_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setattr("webbrowser.get", lambda *a: FakeBrowser(opened))
    app = reader_app(blog_with_addresses())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot)
        assert opened == [ARTICLE_URL, f"{ARTICLE_URL}#post-1"]
        assert "The update's permalink opened in fakefox" in notifications(app)
        await pilot.press("Y")
        assert app.clipboard == f"{ARTICLE_URL}#post-1"
        await pilot.press("j", "Y")  # no permalink for this one: the article's address
        assert app.clipboard == ARTICLE_URL
        await pilot.press("W")
        await settle(pilot)
        assert opened == [ARTICLE_URL, f"{ARTICLE_URL}#post-1"]
        assert "Not opened: this update has no permalink in the page" in notifications(app)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Open the article's page", "Open the update's permalink", "Copy the article's address",
                      "Copy the update's permalink"):
            assert title in titles


@needs_corpus
@pytest.mark.parametrize(
    ("page", "permalink_end"),
    [
        # The newest post is <article id="block-646219928f08e408b758af95"> in the page.
        ("guardian_russia-ukraine-war-live_2023-05-15.html", "#block-646219928f08e408b758af95"),
        # The newest block of the CMS JSON has "id":"6579e3a48f08e3b7ab1a3236".
        ("guardian_pmqs-politics-live_2023-12-13.json",
         "?page=with:block-6579e3a48f08e3b7ab1a3236#block-6579e3a48f08e3b7ab1a3236"),
    ],
)
def test_updates_carry_the_page_permalink(page: str, permalink_end: str) -> None:
    from parsers import load_liveblog

    blog = load_liveblog(str(CORPUS / page))
    assert blog.source.url and blog.updates[0].permalink == blog.source.url.split("?")[0] + permalink_end
