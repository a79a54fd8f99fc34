"""Pilot tests of the reader: press the keys, check the state and the rendered text (120x40 unless said)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_reader_blog
from screens import (
    SIZE,
    detail_text,
    notifications,
    reader,
    reader_app,
    sample_app,
    screen_text,
    settle,
    status,
    timeline_rows,
    wait_until,
)
from textual.pilot import Pilot

from parsers.model import LiveBlog
from tui.app import LiveblogApp
from tui.articles import Settings, prepare
from tui.internals import screen_strips, shown_notifications
from tui.screens.help import HelpScreen
from tui.screens.picker import PickerScreen
from tui.screens.reader import ReaderScreen
from tui.state import article_key, data_dir, load_state, state_path
from tui.widgets.detail import FacetPanel
from tui.widgets.timeline import Timeline

REPO = Path(__file__).resolve().parents[1]


# --- opening and the screen ---------------------------------------------------------------


async def test_sample_opens_with_header_timeline_detail_status_and_footer(sample_path: Path) -> None:
    app = sample_app(sample_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # The footer paints its keys a frame after the screen (slow on a loaded machine).
        await wait_until(pilot, lambda: "Quit" in screen_text(app).splitlines()[-1])
        text = screen_text(app)
        assert "Donald Trump says US - Russia relations have reached a 'low point'" in text
        assert "39 of 39 updates" in status(app)
        rows = timeline_rows(app)
        # The intro first (selected on a first visit), then the newest update.
        assert rows[0].startswith("    Intro Donald Trump has described US relations with Russia")
        assert "Mr Tillerson held a two-hour meeting" in detail_text(app)
        assert "21:56" in rows[1] and "Trump says will take on North" in rows[1]
        await pilot.press("j")
        assert "Speaking at the joint news conference" in detail_text(app)
        # The footer is composed a moment after the first frame (later on a busy machine).
        await wait_until(pilot, lambda: "Quit" in screen_text(app).splitlines()[-1])
        text = screen_text(app)
        for key_hint in ("Speakers", "Topics", "Search", "Quit"):
            assert key_hint in text.splitlines()[-1]


async def test_detail_shows_headline_full_date_speakers_topics_quotes_and_numbered_links() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        detail = detail_text(app)
        assert "Trump: relations with Russia at 'an all-time low'" in detail
        assert "Wednesday 12 April 2017, 22:10 UTC" in detail
        assert "Speakers: Donald Trump" in detail and "Topics: Russia" in detail
        assert "the president said.\n↳ Donald Trump" in detail, "the quote's speaker is named under it"
        assert "[1] Full remarks https://example.com/remarks" in detail
        assert "[2] bad javascript:alert(1)" in detail
        assert "The Test Times · 12 April 2017 · Trump and Russia: live" in screen_text(app)


async def test_movement_keys() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.screen.query_one(Timeline)
        await pilot.press("j", "j")
        assert timeline.cursor == 2
        assert "Lavrov" in detail_text(app)
        await pilot.press("k")
        assert timeline.cursor == 1
        await pilot.press("down", "down", "up")
        assert timeline.cursor == 2
        await pilot.press("G")
        assert timeline.cursor == 5 and "Live coverage begins" in detail_text(app)
        await pilot.press("g")
        assert timeline.cursor == 0
        await pilot.press("pagedown")
        assert timeline.cursor == 5, "a page is longer than six rows"
        await pilot.press("pageup")
        assert timeline.cursor == 0


async def test_page_keys_move_by_a_screenful_in_a_long_timeline(sample_path: Path) -> None:
    app = sample_app(sample_path)
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)  # the enriched blog, arriving between two keys, would re-place the cursor
        timeline = app.screen.query_one(Timeline)
        height = timeline.scrollable_content_region.height
        await pilot.press("pagedown")
        assert timeline.cursor == height - 1
        await pilot.press("G")
        assert timeline.cursor == 39, "the intro row, then 39 updates"
        screen = reader(app)
        oldest = screen.updates[screen.view[-1]]
        assert oldest.title_or_lead[:20] in timeline_rows(app)[-1], "the last row is on screen"
        await pilot.press("pageup")
        assert timeline.cursor == 39 - (height - 1)


async def test_tab_switches_focus_between_panes() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, Timeline)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#detail")
        await pilot.press("tab")
        assert isinstance(app.focused, Timeline)


async def test_mouse_click_selects_a_row() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.screen.query_one(Timeline)
        # Row 3 of the content: the border takes the first line.
        await pilot.click(Timeline, offset=(10, 4))
        assert timeline.cursor == 3
        assert "Boris Johnson said Russia" in detail_text(app)


# --- filters, search, order ---------------------------------------------------------------


async def test_speaker_picker_lists_counts_and_filters_on_every_toggle() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        panel = app.screen.query_one(FacetPanel)
        assert panel.display
        text = screen_text(app)
        assert "Donald Trump  2" in text and "Sergei Lavrov  1" in text
        await pilot.press("space")  # Donald Trump, the most frequent
        assert reader(app).chosen_speakers == {"Donald Trump"}
        assert "2 of 6 updates · speaker: Donald Trump" in status(app)
        await pilot.press("down", "space")  # and Rex Tillerson
        assert "4 of 6 updates · speaker: Donald Trump, Rex Tillerson" in status(app)
        await pilot.press("enter")
        assert not panel.display and isinstance(app.focused, Timeline)


async def test_topic_filter_search_and_speaker_combine_and_c_clears_them_all() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "space", "enter")  # Syria (3 updates)
        assert "3 of 6 updates · topic: Syria" in status(app)
        await pilot.press("slash", *"sarin")
        assert '2 of 6 updates · topic: Syria · search: "sarin"' in status(app)
        await pilot.press("enter")
        await pilot.press("s", "down", "space", "enter")  # Rex Tillerson
        assert '2 of 6 updates · speaker: Rex Tillerson · topic: Syria · search: "sarin"' in status(app)
        await pilot.press("s", "down", "down", "space", "enter")  # + Boris Johnson: the same two
        assert "2 of 6 updates · speaker: Boris Johnson, Rex Tillerson · topic: Syria · search" in status(app)
        await pilot.press("slash", "backspace", "backspace", "backspace", "backspace", "backspace", "enter")
        assert "2 of 6 updates · speaker: Boris Johnson, Rex Tillerson · topic: Syria · newest" in status(app)
        await pilot.press("s", "space", "enter")  # + Donald Trump: his Syria-free updates stay out
        assert "2 of 6 updates" in status(app)
        await pilot.press("t", "space", "enter")  # topic off: the four updates with those speakers
        assert "4 of 6 updates" in status(app)
        await pilot.press("c")
        screen = reader(app)
        assert "6 of 6 updates" in status(app)
        assert not screen.chosen_speakers and not screen.chosen_topics and screen.search == ""
        assert screen.query_one("#search").value == ""


def screen_cells(app: LiveblogApp) -> list[list[tuple[str, object]]]:
    """Return every cell of the current screen as (character, style), one list per row."""
    return [
        [(char, segment.style) for segment in strip for char in segment.text]
        for strip in screen_strips(app)
    ]


async def repainted_screen_cells(app: LiveblogApp, pilot: Pilot[None]) -> list[list[tuple[str, object]]]:
    """Return the screen's cells after every widget was repainted from scratch (no cached lines)."""
    for widget in app.screen.walk_children(with_self=True):
        widget.refresh()
    await pilot.pause()
    return screen_cells(app)


async def test_the_screen_after_each_search_keystroke_equals_a_full_repaint() -> None:
    """A keystroke repaints only the lines it changed (timeline rows, highlighted detail lines):
    what the terminal shows must still equal a full repaint of the same state."""
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        for keys in (["s", "a", "r"], ["i", "n"], ["backspace"] * 2, ["i", "n"], ["backspace"] * 5, ["escape"]):
            await pilot.press(*keys)
            await pilot.pause()
            shown, cells = screen_text(app), screen_cells(app)
            assert cells == await repainted_screen_cells(app, pilot), keys
            if keys == ["s", "a", "r"]:
                assert "Tillerson meets Putin" in shown and "Boris Johnson" in shown
                assert "all-time low" not in shown and "no compromise" not in shown


async def test_the_screen_after_each_speaker_toggle_equals_a_full_repaint() -> None:
    """A toggle repaints the toggled name's line of the picker and the changed timeline rows only."""
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        for keys in (["space"], ["down", "space"], ["down"], ["up", "space"], ["up", "space"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert screen_cells(app) == await repainted_screen_cells(app, pilot), keys
        assert "of 6 updates" in status(app)


async def test_search_updates_on_every_keystroke_and_highlights_matches() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "s")
        assert reader(app).search == "s"
        await pilot.press("a", "r")
        assert reader(app).search == "sar" and "2 of 6 updates" in status(app)
        await pilot.press("i", "n", "enter")
        body = app.screen.query_one("#detail-body").render()
        highlighted = [body.plain[s.start:s.end] for s in body.spans if "warning" in str(s.style)]
        assert highlighted == ["sarin"]
        rows = timeline_rows(app)
        assert "Tillerson meets Putin" in rows[0] and "Boris Johnson" in rows[1] and not rows[2].strip()


async def test_n_and_shift_n_step_through_matches() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.screen.query_one(Timeline)
        await pilot.press("n")
        assert any("No search" in m for m in notifications(app))
        await pilot.press("slash", *"sarin", "enter")
        await pilot.press("n")
        assert timeline.cursor == 1 and "SARIN" in detail_text(app)
        await pilot.press("n")
        assert timeline.cursor == 0, "wraps to the first match"
        await pilot.press("N")
        assert timeline.cursor == 1


async def test_o_toggles_newest_first_and_chronological_order() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        assert "22:10" in timeline_rows(app)[0]
        await pilot.press("o")
        assert "19:00" in timeline_rows(app)[0] and "oldest first" in status(app)
        await pilot.press("o")
        assert "22:10" in timeline_rows(app)[0] and "newest first" in status(app)


async def test_filter_keeps_the_selected_update_when_it_stays_visible() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j")  # the untitled Boris Johnson update
        await pilot.press("t", "space", "enter")  # Syria keeps it
        assert "Boris Johnson said" in detail_text(app)


async def test_command_palette_offers_speaker_and_topic_commands() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Speaker: Sergei")
        await wait_until(pilot, lambda: "Speaker: Sergei Lavrov" in screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).chosen_speakers == {"Sergei Lavrov"}
        assert "1 of 6 updates · speaker: Sergei Lavrov" in status(app)
        await pilot.press("ctrl+p", *"Topic: North")
        await wait_until(pilot, lambda: "Topic: North Korea" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: reader(app).chosen_topics == {"North Korea"})


# --- marks, state, copy, export, links ----------------------------------------------------


async def test_bookmarks_and_read_marks_persist_by_update_id() -> None:
    blog = build_reader_blog()
    app = reader_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "b", "m")
        assert timeline_rows(app)[1].startswith("★")
        await pilot.press("B")
        assert "1 of 6 updates" in status(app) and "bookmarks only" in status(app)
        await pilot.press("B")
        assert "6 of 6 updates" in status(app)
    saved = json.loads(state_path(article_key(blog.source.path), data_dir()).read_text(encoding="utf-8"))
    assert saved["bookmarks"] == [blog.updates[1].id] and saved["read"] == [blog.updates[1].id]
    app = reader_app(build_reader_blog())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = timeline_rows(app)
        assert rows[1].startswith("★") and "•" not in rows[1][:4], "bookmarked and read"
        assert "•" in rows[0][:4], "others stay unread"
        await pilot.press("j", "m", "b")
    state, _ = load_state(article_key(blog.source.path), data_dir())
    assert not state.read and not state.bookmarks


async def test_corrupt_state_file_warns_and_is_backed_up() -> None:
    blog = build_reader_blog()
    path = state_path(article_key(blog.source.path), data_dir())
    path.parent.mkdir(parents=True)
    path.write_text("{oops", encoding="utf-8")
    app = reader_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("corrupt" in m for m in notifications(app))
        await pilot.press("b")
    assert list(path.parent.glob("*.corrupt-*"))
    assert json.loads(path.read_text(encoding="utf-8"))["bookmarks"] == [blog.updates[0].id]


async def test_y_copies_the_update_text(monkeypatch: pytest.MonkeyPatch) -> None:
    app = reader_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "y")
    assert copied and copied[0].startswith("Wednesday 12 April 2017, 21:40 UTC\nTillerson meets Putin")
    assert "pressed Vladimir Putin over the sarin attack" in copied[0]


async def test_e_exports_the_filtered_view_as_markdown_and_says_where() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", "space", "enter", "e")
        target = reader(app).last_export
        assert target is not None
        assert any(str(target) in m for m in notifications(app))
    assert target.parent == data_dir() / "exports"
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Trump and Russia: live")
    assert text.count("\n## ") == 3 and "Tillerson meets Putin" in text and "North Korea warning" not in text


class FakeBrowser:
    """Stands in for the controller `webbrowser.get()` returns: records the URLs it is asked to open."""

    name = "fakefox"

    def __init__(self, opened: list[str]) -> None:
        self.opened = opened

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


async def test_number_keys_open_only_web_links(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.delenv("BROWSER", raising=False)
    monkeypatch.setattr("webbrowser.get", lambda *a: FakeBrowser(opened))
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await settle(pilot)
        assert opened == ["https://example.com/remarks"]
        await pilot.press("2")  # javascript: is never opened
        await pilot.press("3")  # no such link
        await pilot.press("j", "1")  # this update has no links
    assert opened == ["https://example.com/remarks"]
    assert any("Only http and https" in m for m in notifications(app))


# --- untrusted text -----------------------------------------------------------------------


async def test_markup_in_article_text_shows_literally_and_does_nothing() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        text = screen_text(app)
        assert "[Reuters] Lavrov: [bold]no compromise[/bold]" in text
        assert "[@click=app.quit] Sergei Lavrov said" in text
        # Click on the literal action text in the detail pane: nothing happens.
        detail = app.screen.query_one("#detail-body")
        row = next(i for i, line in enumerate(text.splitlines()) if "[@click=app.quit]" in line)
        column = text.splitlines()[row].index("[@click=app.quit]") + 3
        await pilot.click(offset=(column, row))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReaderScreen)
        body = detail.render()
        assert all("click" not in str(span.style) for span in body.spans)


async def test_palette_shows_speaker_names_with_markup_literally() -> None:
    blog = build_reader_blog()
    from dataclasses import replace

    blog = replace(blog, updates=(replace(blog.updates[0], speakers=("[red]Mallory[/red]",)),))
    app = reader_app(blog)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Mallory")
        await wait_until(pilot, lambda: "Speaker: [red]Mallory[/red]" in screen_text(app))
        assert "Speaker: [red]Mallory[/red]" in screen_text(app)
        await pilot.press("enter")
        assert reader(app).chosen_speakers == {"[red]Mallory[/red]"}


# --- help, narrow layout, picker ----------------------------------------------------------


async def test_help_screen_lists_every_key_with_its_description() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for keys, description in [
            ("j / down", "Down"), ("k / up", "Up"), ("g / home", "First"), ("G / end", "Last"),
            ("PgUp", "Page up"), ("PgDn", "Page down"), ("tab", "Switch pane"), ("s", "Speakers"),
            ("t", "Topics"), ("/", "Search"), ("n", "Next match"), ("N", "Previous match"),
            ("c", "Clear"), ("o", "Order"), ("r", "Reload"), ("f", "Follow"), ("b", "Bookmark"),
            ("B", "Bookmarks only"), ("m", "Read"), ("y", "Copy"), ("e", "Export"),
            ("1-9", "Open numbered link"), ("?", "Help"), ("q", "Quit"),
        ]:
            assert any(line.split() and line.strip().startswith(keys + " ") and description in line
                       for line in text.splitlines()), (keys, description)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_every_key_of_the_table_is_bound_with_an_id() -> None:
    from tui.widgets.detail import DetailPane

    keys: dict[str, str] = {}
    for binding in [*Timeline.BINDINGS, *ReaderScreen.BINDINGS, *LiveblogApp.BINDINGS, *DetailPane.BINDINGS]:
        assert not isinstance(binding, tuple) and binding.id, binding
        for key in binding.key.split(","):
            keys.setdefault(key, binding.id)
    wanted = ["j", "k", "down", "up", "g", "G", "pageup", "pagedown", "tab", "s", "t", "slash", "n", "N",
              "c", "o", "r", "f", "b", "B", "m", "y", "e", "question_mark", "q", *"123456789"]
    assert [k for k in wanted if k not in keys] == []


async def test_keys_can_be_remapped_by_binding_id() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        app.set_keymap({"reader.bookmark": "x"})
        await pilot.press("x")
        assert build_reader_blog().updates[0].id in reader(app).state.bookmarks


async def test_narrow_terminal_stacks_the_panes() -> None:
    app = reader_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        timeline, detail = screen.query_one(Timeline).region, screen.query_one("#detail").region
        assert screen.has_class("-narrow")
        assert timeline.width == detail.width == 80 and timeline.bottom <= detail.y
        assert "Trump: relations with Russia" in screen_text(app)


async def test_resizing_the_terminal_switches_between_stacked_and_side_by_side_panes() -> None:
    # The reader skips Textual's layout for a Resize that names the size it has already (start-up
    # announces it several times): a real resize must still lay it out, with its breakpoint class.
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-wide")
        await pilot.resize_terminal(70, 30)
        await pilot.pause()
        timeline, detail = screen.query_one(Timeline).region, screen.query_one("#detail").region
        assert screen.has_class("-narrow") and not screen.has_class("-wide")
        assert timeline.width == detail.width == 70 and timeline.bottom <= detail.y
        assert "Trump: relations with Russia" in screen_text(app)
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        timeline, detail = screen.query_one(Timeline).region, screen.query_one("#detail").region
        assert screen.has_class("-wide") and timeline.y == detail.y and timeline.right <= detail.x
        width = screen.query_one(Timeline).scrollable_content_region.width
        assert [len(row) for row in timeline_rows(app)[:3]] == [width] * 3, "rows as wide as the list"


async def test_theme_switching_repaints_the_timeline() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "textual-dark"
        dark = app.screen.query_one(Timeline).render_line(1)
        app.theme = "textual-light"
        await pilot.pause()
        light = app.screen.query_one(Timeline).render_line(1)
        assert light.text == dark.text and light != dark


async def test_q_quits() -> None:
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
    assert not app.is_running


async def test_picker_lists_articles_and_returns_after_reading(sample_path: Path, tmp_path: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text("Second blog\n\n10:00AM\n\nFirst entry\n\nSome text.\n\n9:00AM\n\nEarlier\n\nMore.\n",
                      encoding="utf-8")
    app = LiveblogApp(prepare([str(sample_path), str(tmp_path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        text = screen_text(app)
        assert "Donald Trump says US - Russia relations" in text and "39 updates" in text
        assert "2 updates" in text and str(second) in text
        await pilot.press("enter")
        assert isinstance(app.screen, ReaderScreen) and "39 of 39" in status(app)
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("j", "enter")
        assert isinstance(app.screen, ReaderScreen) and "2 of 2" in status(app)


SHORT_BLOG = "Second blog\n\n10:00AM\n\nFirst entry\n\nSome text.\n\n9:00AM\n\nEarlier\n\nMore.\n"
SHORT_BLOG_PLUS_ONE = SHORT_BLOG.replace("9:00AM", "9:00AM\n\nAnother\n\nText.\n\n8:00AM")  # three updates


def touch_later(path: Path) -> None:
    """Move `path`'s modification time 1 ms on, its size and content unchanged."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every parse of an article record its path in the returned list."""
    import tui.articles

    parsed: list[str] = []
    real = tui.articles.parse_bytes

    def counting(data: bytes, path: str, options: object) -> LiveBlog:
        parsed.append(path)
        return real(data, path, options)  # type: ignore[arg-type]

    monkeypatch.setattr(tui.articles, "parse_bytes", counting)
    return parsed


def write_short_blog(folder: Path) -> Path:
    """Write the two-update `SHORT_BLOG` as blog.txt in `folder` and return its path."""
    article = folder / "blog.txt"
    article.write_text(SHORT_BLOG, encoding="utf-8")
    return article


async def test_picker_parses_a_file_listed_twice_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = write_short_blog(tmp_path)
    parsed = count_parses(monkeypatch)
    # The file by name and again through its directory: two rows, one parse.
    app = LiveblogApp(prepare([str(article), str(tmp_path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert screen_text(app).count("2 updates") == 2
        assert parsed == [str(article)]
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and "2 of 2" in status(app)
        assert parsed == [str(article)], "opening the second row reuses the parse"


def test_loading_an_unchanged_file_reuses_its_parse_and_a_changed_one_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = write_short_blog(tmp_path)
    parsed = count_parses(monkeypatch)
    settings = Settings()
    first = settings.load(str(article))
    assert settings.load(str(article)) is first and len(parsed) == 1
    # Same size, other modification time: parsed again.
    touch_later(article)
    assert settings.load(str(article)) is not first and len(parsed) == 2
    # Other content: parsed again, and the new blog has the new update.
    article.write_text(SHORT_BLOG_PLUS_ONE, encoding="utf-8")
    assert len(settings.load(str(article)).updates) == 3 and len(parsed) == 3


def test_a_changed_topics_file_makes_an_unchanged_article_parse_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = write_short_blog(tmp_path)
    topics = tmp_path / "topics.toml"
    topics.write_text('[topics.Weather]\ninclude = ["rain"]\n', encoding="utf-8")
    parsed = count_parses(monkeypatch)
    settings = Settings(topics_file=str(topics))
    first = settings.load(str(article))
    assert settings.load(str(article)) is first and len(parsed) == 1
    topics.write_text('[topics.Weather]\ninclude = ["rain", "snow"]\n', encoding="utf-8")
    touch_later(topics)
    assert settings.load(str(article)) is not first and len(parsed) == 2


async def test_reload_of_an_unchanged_file_does_not_parse_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = write_short_blog(tmp_path)
    parsed = count_parses(monkeypatch)
    app = LiveblogApp(prepare([str(article)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(parsed) == 1
        await pilot.press("r")
        await settle(pilot)
        assert len(parsed) == 1 and "2 of 2" in status(app)
        article.write_text(SHORT_BLOG_PLUS_ONE, encoding="utf-8")
        await pilot.press("r")
        await settle(pilot)
        assert len(parsed) == 2 and "3 of 3" in status(app)


# --- reload and follow --------------------------------------------------------------------

NEW_ENTRY = "10:15PM\n\nA brand new update\n\nIt arrived while we were following.\n\n"


async def test_follow_mode_reparses_keeps_selection_and_marks_new_updates(
    sample_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "blog.txt"
    shutil.copy(sample_path, path)
    app = LiveblogApp(prepare([str(path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # loaded and enriched before the file changes under it
        await pilot.press("j", "j", "f")
        screen = reader(app)
        assert screen.following and "following" in status(app)
        selected = screen.selected()
        assert selected is not None
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("9:56PM", NEW_ENTRY + "9:56PM", 1), encoding="utf-8")
        os.utime(path, ns=(1, 10**18))
        screen.poll_file()
        await settle(pilot)
        assert "40 of 40 updates" in status(app) and "1 new" in status(app)
        assert screen.selected() == selected, "the selection stays on the same update"
        rows = timeline_rows(app)
        assert "Intro" in rows[0] and "A brand new update" in rows[1] and rows[1][1] == "+"
        # Half-written: the file is cut short; the last good parse stays, with a warning.
        path.write_text(text[:300], encoding="utf-8")
        screen.poll_file()
        await settle(pilot)
        assert "40 of 40 updates" in status(app) and "half-written" in status(app)
        assert any("Keeping the last good parse" in m for m in notifications(app))
        await pilot.press("f")
        assert not screen.following


async def test_r_reloads_the_file(sample_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "blog.txt"
    shutil.copy(sample_path, path)
    app = LiveblogApp(prepare([str(path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # loaded and enriched: the update compared below is the enriched one
        await pilot.press("j", "b")  # bookmark the second update
        marked = reader(app).selected()
        path.write_text(path.read_text(encoding="utf-8").replace("9:56PM", NEW_ENTRY + "9:56PM", 1),
                        encoding="utf-8")
        await pilot.press("r")
        await settle(pilot)
        assert "40 of 40 updates" in status(app)
        assert reader(app).selected() == marked
    assert sample_path.read_bytes() != path.read_bytes(), "only the copy changed"
    # A new session on the re-saved page: the mark follows the update's id, not its position.
    app = LiveblogApp(prepare([str(path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("B")
        screen = reader(app)
        assert "1 of 40 updates" in status(app) and screen.selected() == marked


async def test_a_large_file_is_parsed_in_a_worker_behind_a_progress_bar(
    sample_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.articles.EAGER_PARSE_BYTES", 10)
    articles = prepare([str(sample_path)], Settings())
    assert articles[0].blog is None and articles[0].data is not None
    app = LiveblogApp(articles)
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.query("#loading-bar") or "39 of 39" in status(app), "a progress bar until parsed"
        await settle(pilot)
        assert "39 of 39 updates" in status(app)
        assert not app.screen.query("#loading"), "the progress bar is gone"


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["missing.html", "empty.txt", "adir"])
def test_bad_paths_exit_2_with_one_line_before_any_screen(tmp_path: Path, name: str) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "adir").mkdir()
    (tmp_path / "adir" / "notes.bin").write_bytes(b"x")
    result = subprocess.run(
        [sys.executable, "-m", "tui", str(tmp_path / name)],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )
    assert result.returncode == 2
    assert result.stdout == "", "nothing drawn"
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"liveblog: {tmp_path / name}: ")


async def test_notifications_show_paths_literally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEBLOG_DATA_DIR", str(tmp_path / "[red]data[/red]"))
    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        exported = [n for n in shown_notifications(app) if "[red]data[/red]" in n.message]
        assert exported and all(not n.markup for n in exported), "shown as typed, not as markup"


async def test_the_sample_is_enriched_after_the_first_frame(sample_path: Path) -> None:
    articles = prepare([str(sample_path)], Settings())
    blog = articles[0].blog
    assert blog is not None and not articles[0].enriched
    assert not any(u.speakers or u.topics for u in blog.updates), "parsed only, before the screen"
    app = LiveblogApp(articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        selected = reader(app).selected()
        await settle(pilot)
        screen = reader(app)
        assert articles[0].enriched and "finding speakers" not in status(app)
        assert any(u.speakers for u in screen.updates) and any(u.topics for u in screen.updates)
        now = screen.selected()
        assert selected is not None and now is not None and now.id == selected.id


async def test_keys_typed_in_a_burst_after_slash_go_to_the_search_field() -> None:
    from textual import events

    app = reader_app()
    async with app.run_test(size=SIZE) as pilot:
        # All queued at once, as a terminal delivers fast typing: none may reach the old focus.
        for key, character in [("slash", "/"), ("s", "s"), ("a", "a"), ("r", "r"), ("i", "i"),
                               ("n", "n"), ("enter", None), ("b", "b")]:
            app.post_message(events.Key(key, character))
        screen = reader(app)
        await wait_until(pilot, lambda: bool(screen.state.bookmarks))
        assert screen.search == "sarin" and not any(p.display for p in screen.query(FacetPanel))
        assert isinstance(app.focused, Timeline)
        assert screen.state.bookmarks, "the key after enter went to the timeline"
        for key, character in [("slash", "/"), ("slash", "/"), ("t", "t")]:
            app.post_message(events.Key(key, character))
        # The kept query was selected when the field reopened, so the first "/" replaced it.
        await wait_until(pilot, lambda: screen.search == "/t")
        assert screen.search == "/t", "in the search field, / and t are text"
