"""The library screen: every blog recorded, newest first; search across all of them; who said what.

Lists are one `EntryList` (entries of a fixed height, built only when painted: the first frame
costs the same for ten blogs or ten thousand). Unread counts come from each blog's read marks
(state files): the blogs on the first screen are counted before it is shown, the rest in a
worker after it. Everything shown from the database is untrusted article text:
it passes through `clean_inline` and enters `Content` as plain text, never as markup.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static

from parsers.normalise.clean import clean_inline, clean_text
from tui.app import LiveblogApp
from tui.articles import Article, Settings
from tui.library.search import QuerySyntaxError
from tui.library.store import MARK_END, MARK_START, BlogRow, Hit, Library, LibraryError, open_library
from tui.render import MATCH_STYLE
from tui.widgets.entry_list import EntryList
from tui.widgets.key_bar import KeyBar

Mode = Literal["blogs", "hits", "speakers", "sayings"]
SEARCH_LIMIT = 500  # search hits listed at once
SAYINGS_LIMIT = 5000  # things one speaker said, listed at once
HIT_LINES = 3  # lines of a search result or a saying


def _text(value: str | None) -> str:
    return clean_inline(value or "")


def _piece(value: str) -> str:
    """Return part of a line cleaned, its spaces at either end kept (it joins its neighbours)."""
    return clean_text(value).replace("\n", " ")


def date_span(row: BlogRow) -> str:
    """Return "12 Apr 2017" or "12 Apr 2017 – 14 Apr 2017" for a blog's first and last update, or "date unknown"."""
    first, last = (row.first_time or "")[:10], (row.last_time or "")[:10]
    if not first:
        return "date unknown"
    return first if first == last or not last else f"{first} – {last}"


def blog_entry(row: BlogRow, unread: int | None) -> tuple[Content, Content]:
    """Return a blog's two lines: its title, then date span, updates, unread (None: "…"), publisher and source."""
    parts = [date_span(row), f"{row.updates} updates", "… unread" if unread is None else f"{unread} unread"]
    if row.publisher:
        parts.append(_text(row.publisher))
    parts.append(_text(row.source))
    return Content.styled(_text(row.title) or _text(row.source), "bold"), Content.styled(" · ".join(parts),
                                                                                          "$text-muted")


def snippet_content(snippet: str) -> Content:
    """Return a snippet with its matched words (between `MARK_START` and `MARK_END`) highlighted."""
    pieces: list[str | tuple[str, str]] = []
    for n, part in enumerate(snippet.split(MARK_START)):
        matched, _, rest = part.partition(MARK_END) if n else ("", "", part)
        if matched:
            pieces.append((_piece(matched), MATCH_STYLE))
        if rest:
            pieces.append(_piece(rest))
    return Content.assemble(*pieces)


def hit_when(hit: Hit) -> str:
    """Return "2017-04-12 21:56" (or the clock time alone, or "no time") for a result."""
    return (hit.datetime or "")[:16].replace("T", " ") or hit.time or "no time"


def speaker_entry(name: str, said: int) -> tuple[Content]:
    """Return a speaker's line: the name, then how many things they said."""
    return (Content.assemble((_text(name), "bold"), "  ", (f"{said} said", "$text-muted")),)


def hit_entry(hit: Hit, *, quote: bool = False) -> tuple[Content, Content, Content]:
    """Return a result's `HIT_LINES` lines: when and the headline, the snippet (a quotation in italics), the blog."""
    head = Content.assemble((hit_when(hit), "$text-muted"), "  ", (_text(hit.headline), "bold"))
    body = Content.assemble(("“" + _text(hit.plain_snippet) + "”", "italic $success")) if quote \
        else snippet_content(hit.snippet)
    return head, body, Content.styled(_text(hit.blog), "$text-muted")


@dataclass(slots=True)
class View:
    """What the list shows: its mode, its rows and the title above it (for going back)."""

    mode: Mode
    title: str
    hits: list[Hit]
    names: list[tuple[str, int]]
    highlighted: int | None = 0


class LibraryScreen(Screen[None]):
    """The blogs of the library; enter opens one, / searches all of them, s lists the speakers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search all", id="library.search", key_display="/"),
        Binding("s", "speakers", "Speakers", id="library.speakers",
                tooltip="Everyone quoted, across the library; enter lists what they said, in time order"),
        Binding("escape", "back", "Back", id="library.back"),
        Binding("j", "cursor('down')", "Down", id="library.down", show=False),
        Binding("k", "cursor('up')", "Up", id="library.up", show=False),
    ]

    def __init__(self, library: Library, settings: Settings) -> None:
        super().__init__()
        self.library = library
        self.settings = settings
        self.rows: list[BlogRow] = []
        self.unread: dict[int, int] = {}
        self.stack: list[View] = []  # views to go back to; the blogs are below them all
        self.view: View = View("blogs", "", [], [])
        self._reading = False  # a blog opened from here is on top: recount when back

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="header")
        yield EntryList(id="library-list")
        yield Input(placeholder="search every blog: words, \"a phrase\", prefix*", id="library-search")
        yield KeyBar()

    @property
    def options(self) -> EntryList:
        return self.query_one("#library-list", EntryList)

    def on_mount(self) -> None:
        try:
            self.rows = self.library.blogs()
        except sqlite3.Error as exc:
            self._unreadable(exc)
        # The blogs on the first screen are counted now (a few state files), the rest after it is shown.
        first = self.rows[: self.app.size.height // 2 + 1]
        self.unread.update(self._count(self.library, first) or {})
        self.show_blogs()
        if len(self.rows) > len(first):
            # After the first frame: a worker thread started now would hold the interpreter while it is painted.
            self.call_after_refresh(self.count_unread, len(first))

    # --- the views ------------------------------------------------------------------------

    def _header(self, title: str, hint: str) -> None:
        self.query_one("#header", Static).update(Content.assemble((title, "bold"), "  ", (hint, "$text-muted")))

    def show_blogs(self, highlighted: int | None = 0) -> None:
        """List every blog, newest first."""
        self.view = View("blogs", "", [], [], highlighted)
        self._header(f"Library: {len(self.rows)} blogs", "enter to read · / search all · s speakers")
        rows, unread = self.rows, self.unread
        self.options.set_entries(len(rows), 2, lambda i: blog_entry(rows[i], unread.get(rows[i].id)), highlighted)

    def _push(self, view: View) -> None:
        """Show `view`, keeping the current one to go back to."""
        self.view.highlighted = self.options.highlighted
        self.stack.append(self.view)
        self._show(view)

    def _show(self, view: View) -> None:
        self.view = view
        if view.mode == "blogs":
            self.show_blogs(view.highlighted)
            return
        if view.mode == "speakers":
            names = view.names
            self._header(view.title, "enter: what they said, in time order · escape back")
            self.options.set_entries(len(names), 1, lambda i: speaker_entry(*names[i]), view.highlighted)
        else:
            hits, quote = view.hits, view.mode == "sayings"
            self._header(view.title, "enter opens it in its blog · escape back")
            self.options.set_entries(len(hits), HIT_LINES, lambda i: hit_entry(hits[i], quote=quote), view.highlighted)

    def action_back(self) -> None:
        search = self.query_one("#library-search", Input)
        if search.display:
            search.display = False
            self.options.focus()
            return
        if self.stack:
            self._show(self.stack.pop())

    def action_cursor(self, direction: str) -> None:
        if direction == "down":
            self.options.action_cursor_down()
        else:
            self.options.action_cursor_up()

    # --- search and speakers ----------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#library-search", Input)
        search.display = True
        search.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        query = event.value.strip()
        event.input.display = False
        self.options.focus()
        if query:
            self.search(query)

    def search(self, query: str) -> None:
        """Show the updates of every blog matching `query`, newest first (a bad query: one line of error)."""
        try:
            hits = self.library.search(query, limit=SEARCH_LIMIT)
        except QuerySyntaxError as exc:
            self.notify(str(exc), title="Search", severity="error", markup=False)
            return
        except sqlite3.Error as exc:
            self._unreadable(exc)
            return
        more = "+" if len(hits) == SEARCH_LIMIT else ""
        title = f"{len(hits)}{more} results for “{_text(query)}”"
        self._push(View("hits", title, hits, []))

    def action_speakers(self) -> None:
        if self.view.mode != "speakers":
            try:
                names = self.library.speakers()
            except sqlite3.Error as exc:
                self._unreadable(exc)
                return
            self._push(View("speakers", "Speakers across the library", [], names))

    def show_sayings(self, name: str) -> None:
        """List everything `name` said, across the library, oldest first."""
        try:
            said = self.library.said_by(name, limit=SAYINGS_LIMIT, oldest_first=True)
        except sqlite3.Error as exc:
            self._unreadable(exc)
            return
        hits = [h for h in said if name in h.speakers]
        self._push(View("sayings", f"What {_text(name)} said, in time order ({len(hits)})", hits, []))

    def on_entry_list_selected(self, event: EntryList.Selected) -> None:
        index = event.index
        if self.view.mode == "blogs":
            row = self.rows[index]
            self.open_blog(row.id, row.key, None)
        elif self.view.mode == "speakers":
            self.show_sayings(self.view.names[index][0])
        else:
            hit = self.view.hits[index]
            self.open_blog(hit.blog_id, None, hit.id)

    def open_blog(self, blog_id: int, key: str | None, selected: str | None) -> None:
        """Open the stored blog in the reader, with the update `selected` (an id) selected."""
        from tui.screens.reader import ReaderScreen

        try:
            blog = self.library.model(blog_id)
        except sqlite3.Error as exc:
            self._unreadable(exc)
            return
        if blog is None:
            self.notify("this blog cannot be read from the library any more", severity="error", markup=False)
            return
        if key is None:
            key = next((r.key for r in self.rows if r.id == blog_id), blog.source.path)
        if not key.startswith(("http://", "https://")):
            # The path as recorded may be relative to another folder: the reader reloads the real one.
            blog = replace(blog, source=replace(blog.source, path=key))
        article = Article(path=key, blog=blog, selected=selected)
        self._reading = True
        self.app.push_screen(ReaderScreen(article, self.settings, from_picker=True))

    def _unreadable(self, exc: sqlite3.Error) -> None:
        """Say in one line that the library could not be read (damaged meanwhile, or locked too long)."""
        self.notify(f"the library cannot be read: {exc}", title="Library", severity="error", markup=False)

    # --- unread counts ------------------------------------------------------------------------

    @staticmethod
    def _count(library: Library, rows: list[BlogRow]) -> dict[int, int] | None:
        """Return the unread updates of each of `rows` (by blog id), from its read marks; None when the
        library cannot be read (the counts stay unknown)."""
        from tui.state import data_dir, load_state, state_path

        counts: dict[int, int] = {}
        root = data_dir()
        try:  # one listing rather than a failed open per blog never read
            saved = set(os.listdir(root / "state"))
        except OSError:
            saved = set()
        for row in rows:
            if state_path(row.state_key, root).name not in saved:
                counts[row.id] = row.updates
                continue
            state, _ = load_state(row.state_key, root)
            if not state.read:
                counts[row.id] = row.updates
                continue
            try:
                counts[row.id] = sum(1 for uid in library.update_ids(row.id) if uid not in state.read)
            except sqlite3.Error:
                return None
        return counts

    @work(thread=True, exclusive=True, group="unread")
    def count_unread(self, start: int = 0) -> None:
        """Count the unread updates of the blogs from `start` on, off the event loop, then show them."""
        try:
            library, _ = open_library(self.library.path)
        except LibraryError:
            return
        with library:
            counts = self._count(library, self.rows[start:])
        if counts is not None:
            self.app.call_from_thread(self._unread_counted, counts)

    def _unread_counted(self, counts: dict[int, int]) -> None:
        unread = self.unread
        changed = [i for i, row in enumerate(self.rows) if row.id in counts and counts[row.id] != unread.get(row.id)]
        self.unread.update(counts)  # the list's entries read this dict: a repaint shows the counts
        if self.view.mode == "blogs":
            self.options.refresh_entries(changed)

    def on_screen_resume(self) -> None:
        if self._reading:  # back from a blog: its read marks may have changed
            self._reading = False
            self.count_unread()


class LibraryApp(LiveblogApp):
    """The reader opened on the library screen (`liveblog library`)."""

    # The reader's styles and the library's (Textual resolves paths from this module's folder; a
    # first screen's own CSS_PATH is not loaded, so the app carries it).
    CSS_PATH = ["../app.tcss", "library.tcss"]  # type: ignore[assignment]  # noqa: RUF012 - Textual takes a list

    def __init__(self, library: Library, settings: Settings) -> None:
        super().__init__([], settings)
        self.library = library

    def get_default_screen(self) -> Screen[None]:
        return LibraryScreen(self.library, self.settings)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, help_content

        if not isinstance(self.screen, LibraryScreen):
            super().action_help()
        elif not isinstance(self.screen, HelpScreen):
            sections = [("Library", LibraryScreen.BINDINGS), ("Application", self.BINDINGS)]
            self.push_screen(HelpScreen(help_content(sections, dict(self._keymap))))
