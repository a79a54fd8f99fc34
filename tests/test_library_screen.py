"""The library screen with more blogs than fit on it: a lazily drawn list, unread counts filled in after it shows.

Pilot tests at 120x40: the list has 36 lines (two per blog), so 18 blogs are on screen at once.
"""

from __future__ import annotations

from dataclasses import replace

from conftest import build_reader_blog
from textual.app import App, ComposeResult
from textual.content import Content

from tui.articles import Settings
from tui.library.store import open_library
from tui.screens.library import LibraryApp, LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.state import article_key, load_state, save_state
from tui.widgets.entry_list import EntryList

SIZE = (120, 40)
BLOGS = 60
UPDATES = 6  # each blog is the conftest reader blog


def _fill(read: dict[int, int]) -> None:
    """Record `BLOGS` blogs ("Blog 0" .. "Blog 59", the last recorded listed first); mark the first
    `read[n]` updates of blog n as read, as the reader saves them."""
    with open_library()[0] as library:
        for n in range(BLOGS):
            blog = build_reader_blog(path=f"blog-{n}.txt")
            blog = replace(blog, title=f"Blog {n}")
            library.record(blog, source=f"blog-{n}.txt", how="added")
            if read.get(n):
                state, _ = load_state(article_key(blog.source.path))
                state.read.update(u.id for u in blog.updates[: read[n]])
                save_state(state)


def _screen(app: App[None]) -> LibraryScreen:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    return screen


def _entry(app: App[None], n: int) -> str:
    """Return the text of the list entry for "Blog n" (built as it would be drawn)."""
    options = _screen(app).options
    index = next(i for i, row in enumerate(_screen(app).rows) if row.title == f"Blog {n}")
    return str(options.prompt_at(index))


def _shown(app: App[None]) -> str:
    """Return the list's lines as painted now."""
    options = _screen(app).options
    return "\n".join(options.render_line(y).text for y in range(options.scrollable_content_region.height))


async def test_unread_counts_on_screen_first_then_every_blog_after_the_first_frame() -> None:
    _fill({59: 2, 5: 4})  # blog 59 is at the top; blog 5 is far below the first screen
    library, _ = open_library()
    app = LibraryApp(library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        assert screen.options.option_count == BLOGS
        # The first frame: the blogs on screen come with their counts, read marks taken off.
        shown = _shown(app)
        assert "Blog 59" in shown and f"{UPDATES} updates · {UPDATES - 2} unread" in shown
        assert "Blog 58" in shown and "Blog 5\n" not in shown
        first_screen = {row.id for row in screen.rows[: SIZE[1] // 2 + 1]}
        assert first_screen <= set(screen.unread)
        # The rest are counted in a worker after it; then every blog has its count.
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert set(screen.unread) == {row.id for row in screen.rows}
        assert f"· {UPDATES - 4} unread ·" in _entry(app, 5)
        assert f"· {UPDATES} unread ·" in _entry(app, 0)
        # End scrolls to the last blog (the first recorded), drawn with its count.
        await pilot.press("end")
        await pilot.pause()
        shown = _shown(app)
        assert "Blog 0" in shown and f"{UPDATES} updates · {UPDATES} unread" in shown
        assert "Blog 59" not in shown
    library.close()


async def test_counts_are_taken_again_after_reading_a_blog() -> None:
    _fill({})
    library, _ = open_library()
    app = LibraryApp(library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        assert f"· {UPDATES} unread ·" in _entry(app, 59)
        await pilot.press("enter")  # the highlighted (first) blog: Blog 59
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("m", "escape")  # mark the selected update read, back to the library
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"· {UPDATES - 1} unread ·" in _entry(app, 59)
        assert f"{UPDATES} updates · {UPDATES - 1} unread" in _shown(app)
    library.close()


class _ListApp(App[None]):
    """An `EntryList` of 100 two-line entries, alone."""

    def __init__(self) -> None:
        super().__init__()
        self.selected: list[int] = []
        self.built: set[int] = set()

    def compose(self) -> ComposeResult:
        yield EntryList()

    def entry(self, index: int) -> tuple[Content, Content]:
        self.built.add(index)
        return Content(f"entry {index} " + "long words " * 20), Content.styled(f"second line of {index}", "italic")

    def on_mount(self) -> None:
        self.query_one(EntryList).set_entries(100, 2, self.entry, highlighted=0)

    def on_entry_list_selected(self, event: EntryList.Selected) -> None:
        self.selected.append(event.index)


async def test_entry_list_builds_only_what_it_shows_and_moves_like_a_list() -> None:
    app = _ListApp()
    async with app.run_test(size=(60, 10)) as pilot:
        entries = app.query_one(EntryList)
        await pilot.pause()
        # 10 lines, 2 per entry: entries 0-4 are built, not the other 95.
        assert app.built == set(range(5))
        first = entries.render_line(0).text
        assert first.startswith(" entry 0 long words") and first.rstrip().endswith("…")
        assert len(first) == entries.scrollable_content_region.width == 58  # 60, less the scrollbar
        assert entries.render_line(1).text.strip() == "second line of 0"
        await pilot.press("down", "down", "enter")
        assert entries.highlighted == 2 and app.selected == [2]
        await pilot.press("pagedown")
        assert entries.highlighted == 7
        await pilot.press("end", "enter")
        await pilot.pause()
        assert entries.highlighted == 99 and app.selected == [2, 99]
        assert entries.render_line(9).text.strip() == "second line of 99"
        await pilot.press("home", "up")
        assert entries.highlighted == 0
        await pilot.click(EntryList, offset=(5, 4))  # the third entry's first line
        assert entries.highlighted == 2 and app.selected == [2, 99, 2]
        assert str(entries.prompt_at(3)).splitlines()[1] == "second line of 3"
