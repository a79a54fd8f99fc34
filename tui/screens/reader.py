"""The reader screen: header, timeline, detail pane, status line and footer, plus every reader key."""

from __future__ import annotations

import asyncio
import gc
import os
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import events, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from parsers.errors import LiveBlogError
from parsers.export import to_markdown
from parsers.model import LiveBlog, Update
from parsers.normalise.clean import clean_inline
from parsers.query import (
    QueryCache,
    chronological_order,
    facet_counts,
    facet_index,
    filter_indices,
    match_spans,
    normalise_query,
    search_haystacks,
)
from tui.articles import Article, Settings, read_article
from tui.internals import closing
from tui.loading import Loaded, child_steps, load_steps, steps_in_thread
from tui.prefs import Prefs, save_prefs
from tui.render import (
    copy_text,
    count_of,
    header_content,
    highlight,
    intro_content,
    intro_row_text,
    is_web_url,
    update_content,
)
from tui.state import ArticleState, article_key, data_dir, load_state, save_state, toggle, write_new
from tui.widgets.detail import DetailPane, FacetPanel, SearchBar
from tui.widgets.key_bar import KeyBar
from tui.widgets.timeline import Timeline

# A re-parse that loses more than this share of the updates looks like a half-written file.
HALF_WRITTEN_SHARE = 0.5


def file_stamp(path: str) -> tuple[int, int] | None:
    """Return `(mtime_ns, size)` of the file at `path`, or None when it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def export_path(article_path: str, root: Path, now: datetime) -> Path:
    """Return where `e` writes the Markdown export: `<data dir>/exports/<article stem>-<time>.md`.

    The stem is cleaned like article text: a file name's escape sequences are not copied into
    the export's name (`write_new` adds "-2", "-3"... when the name is taken).
    """
    stem = clean_inline(Path(article_path).stem) or "liveblog"
    return root / "exports" / f"{stem}-{now:%Y%m%d-%H%M%S}.md"


INTRO = -1  # the detail pane's "position" of the intro
_WIDE_FROM = 81  # columns from which the panes stand side by side (narrower: stacked)


class ReaderScreen(Screen[None]):
    """One article: the timeline of its updates, the selected update, filters and search."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (_WIDE_FROM, "-wide")]  # noqa: RUF012 - Textual's own declaration
    FOLLOW_INTERVAL: ClassVar[float] = 1.0
    READ_AFTER: ClassVar[float] = 1.5  # seconds an update is shown before it counts as read
    # What the status line says while the rest of a previewed article is parsed.
    READING_REST: ClassVar[str] = "reading the rest of the file…"

    BINDINGS: ClassVar[list[BindingType]] = [
        # First, so that the footer shows it first: at 80 columns the footer's end is cut off.
        Binding("question_mark", "app.help", "Help", id="reader.help", key_display="?"),
        Binding(
            "tab",
            "switch_pane",
            "Switch pane",
            id="reader.switch-pane",
            tooltip="Move the keyboard focus between the timeline and the detail pane",
            show=False,
        ),
        # As in less and newsboat: read a long update without leaving the timeline.
        Binding("space", "page_detail(1)", "Page the update down", id="reader.page-down", show=False),
        Binding("shift+space", "page_detail(-1)", "Page the update up", id="reader.page-up", show=False),
        Binding(
            "s",
            "pick('speakers')",
            "Speakers",
            id="reader.speakers",
            tooltip="Filter by speaker: names with their update counts; tick one or several",
            priority=True,
        ),
        Binding(
            "t",
            "pick('topics')",
            "Topics",
            id="reader.topics",
            tooltip="Filter by topic: names with their update counts; tick one or several",
            priority=True,
        ),
        Binding(
            "slash",
            "search",
            "Search",
            id="reader.search",
            tooltip="Free-text search, case-insensitive; the list narrows as you type",
            key_display="/",
            priority=True,
        ),
        # Priority (like s, t and /): keys that move the focus act the moment they arrive.
        # Otherwise keys typed right after them are already queued for the old focus.
        Binding("enter,escape", "search_done", "", id="reader.search-done", show=False, priority=True),
        Binding(
            "n",
            "next_match",
            "Next match",
            id="reader.next-match",
            tooltip="Go to the next update matching the search",
            show=False,
        ),
        Binding(
            "N",
            "previous_match",
            "Previous match",
            id="reader.previous-match",
            tooltip="Go to the previous update matching the search",
            show=False,
        ),
        Binding(
            "c",
            "clear_filters",
            "Clear",
            id="reader.clear",
            tooltip="Clear the speaker, topic, search and bookmark filters",
        ),
        Binding(
            "o",
            "toggle_order",
            "Order",
            id="reader.order",
            tooltip="Switch between newest first and chronological (oldest first)",
        ),
        Binding(
            "r",
            "reload",
            "Reload",
            id="reader.reload",
            tooltip="Read the file again; new updates are marked +",
            show=False,
        ),
        Binding(
            "f",
            "toggle_follow",
            "Follow",
            id="reader.follow",
            tooltip="Follow mode: re-read the file whenever it changes",
        ),
        Binding(
            "b",
            "toggle_bookmark",
            "Bookmark",
            id="reader.bookmark",
            tooltip="Bookmark the selected update, or remove its bookmark",
        ),
        Binding(
            "B",
            "toggle_bookmarks_only",
            "Bookmarks only",
            id="reader.bookmarks-only",
            tooltip="Show only bookmarked updates",
            show=False,
        ),
        Binding(
            "u",
            "next_unread",
            "Next unread",
            id="reader.next-unread",
            tooltip="Go to the next unread update (an update is read once shown for a moment)",
            show=False,
        ),
        Binding("m", "toggle_read", "Read", id="reader.read", tooltip="Mark the selected update read, or unread"),
        Binding(
            "y",
            "copy",
            "Copy",
            id="reader.copy",
            tooltip="Copy the selected update's text to the clipboard",
            show=False,
        ),
        Binding(
            "w",
            "open_page('article')",
            "Open the article's page",
            id="reader.open-article",
            tooltip="Open the article's own address (its URL) in the browser",
            show=False,
        ),
        Binding(
            "W",
            "open_page('update')",
            "Open the update's permalink",
            id="reader.open-permalink",
            tooltip="Open the selected update's own address on the page in the browser",
            show=False,
        ),
        Binding(
            "Y",
            "copy_address",
            "Copy the update's address",
            id="reader.copy-address",
            tooltip="Copy the selected update's permalink (or the article's address when it has none)",
            show=False,
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="reader.export",
            tooltip="Write the filtered view as Markdown to a file in the data dir",
        ),
        *[
            # One help line for the nine keys: 2-9 carry no description of their own.
            Binding(
                str(n),
                f"open_link({n})",
                "Open numbered link (http/https)" if n == 1 else "",
                id=f"reader.link-{n}",
                show=False,
                key_display="1-9" if n == 1 else None,
            )
            for n in range(1, 10)
        ],
        Binding("escape", "back", "Back to the article list", id="reader.back"),
    ]

    # View state. `var`s are reactive (their watchers re-filter) but never repaint the whole
    # screen: the widgets that change refresh themselves.
    chosen_speakers: var[frozenset[str]] = var(frozenset(), init=False)
    chosen_topics: var[frozenset[str]] = var(frozenset(), init=False)
    search: var[str] = var("", init=False)
    bookmarks_only: var[bool] = var(False, init=False)
    newest_first: var[bool] = var(True, init=False)
    following: var[bool] = var(False, init=False)

    def __init__(self, article: Article, settings: Settings, *, from_picker: bool = False) -> None:
        super().__init__()
        self.article = article
        self.settings = settings
        self.from_picker = from_picker
        self.blog: LiveBlog | None = None
        self.state = ArticleState(path=Path(os.devnull), key="")
        self.new_ids: set[str] = set()
        self.view: list[int] = []
        self._speaker_index: dict[str, frozenset[int]] = {}
        self._topic_index: dict[str, frozenset[int]] = {}
        self._haystacks: list[str] = []
        self._chronological: list[int] = []
        self._stamp: tuple[int, int] | None = None
        self._follow_timer: Timer | None = None
        self._warning: str | None = None
        self.last_export: Path | None = None
        self._load_shown: LiveBlog | None = None  # the blog the background load showed last
        self._queries = QueryCache()
        self._detail_wanted: tuple[int | None, str] = (None, "")
        self._detail_shown: tuple[int | None, str] | None = None
        self._detail_base: tuple[int, Content] | None = None
        self._read_timer: Timer | None = None
        self._status_shown: tuple[str, tuple[object, ...]] | None = None  # the status line's text and styles
        self._heap_frozen = False
        self._ids: frozenset[str] = frozenset()  # (position, its unhighlighted content)

    @property
    def updates(self) -> tuple[Update, ...]:
        """The updates of the loaded blog, in source order (empty while loading)."""
        return self.blog.updates if self.blog else ()

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Textual sets the breakpoint class on the screen's first Resize, which reaches the app's
        # first screen only after its first frame: set it now, before the widgets are styled, so
        # a narrow terminal never flashes the wide layout (and the screen is not styled twice).
        width = self.app.size.width
        self.set_class(width < _WIDE_FROM, "-narrow", update=False)
        self.set_class(width >= _WIDE_FROM, "-wide", update=False)
        yield Static(Content(clean_inline(self.article.path)), id="header")
        with Horizontal(id="panes"):
            yield Timeline(id="timeline")
            yield DetailPane(id="detail")
        if self.article.blog is None:
            # Only while a large file is parsed in the background (mounted only then: start-up cost).
            from textual.widgets import ProgressBar  # only here: a few ms of start-up otherwise

            with Vertical(id="loading"):
                yield Static(Content(f"Parsing {clean_inline(self.article.path)} …"), id="loading-label")
                yield ProgressBar(total=None, show_eta=False, id="loading-bar")
        yield SearchBar(id="search", on_change=self.search_typed)
        yield Static(Content(""), id="status")
        yield KeyBar()

    def on_resize(self, event: events.Resize) -> None:
        """Skip Textual's layout of the whole screen when the size has not changed since the last one.

        Why: the terminal driver and the app each announce the size at start-up, and Textual lays the
        screen out and repaints it for each announcement, though the screen was laid out at that size
        already (on resume): with real rows and a real update, a repaint as costly as the first frame's.
        A real resize (another size) takes Textual's path: layout, breakpoint classes.
        """
        if self.is_attached and event.size == self.outer_size and event.size == self.app.size:
            event.prevent_default()
            event.stop()

    async def on_unmount(self) -> None:
        # (Textual calls each class's own handler: a subclass's `on_unmount` runs beside this one.)
        if self._heap_frozen:
            # Everything frozen goes back to the collector (`_loaded`), this reader too once unreachable:
            # whatever still held it when the next reader froze its own blog is not kept for good.
            gc.unfreeze()

    @property
    def timeline(self) -> Timeline:
        return self.query_one(Timeline)

    @property
    def detail(self) -> DetailPane:
        return self.query_one(DetailPane)

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        prefs = self._prefs()
        if prefs is not None:  # the order chosen last time
            self.set_reactive(ReaderScreen.newest_first, prefs.newest_first)
        if self.article.blog is not None:
            self.set_blog(self.article.blog, keep=self.article.selected)
            if self.article.preview or not self.article.enriched:
                self.load_in_background(after_first_frame=True)
        else:
            self.query_one("#panes").display = False
            self.parse_in_background()
        self.timeline.border_title = "Updates"
        self.detail.border_title = "Update"
        self.set_focus(self.timeline)

    @work(exclusive=True, group="parse")
    async def parse_in_background(self) -> None:
        """Load an article that is not parsed yet (a subclass may bring its blog otherwise)."""
        await self._load()

    @work(exclusive=True, group="parse")
    async def load_in_background(self, after_first_frame: bool = False) -> None:
        """Load the rest of a shown article: see `_load`."""
        await self._load(after_first_frame)

    async def _load(self, after_first_frame: bool = False) -> None:
        """Parse the whole article if only a preview (or nothing) is shown, then find its quotes,
        speakers and topics, showing each step as it comes (see `tui.loading`).

        The work runs on a daemon thread, paused while the user types and stopped when this
        worker is cancelled (the screen closed, a reload, the app quit). With `after_first_frame`
        it starts once the screen has been painted, so that it does not compete with that paint.
        """
        if after_first_frame:
            painted = asyncio.Event()
            self.call_after_refresh(painted.set)
            await painted.wait()
        article, settings = self.article, self.settings
        needs_whole = article.blog is None or article.preview
        reused = settings.parsed.get(article.identity)
        if reused is not None:  # the same file, parsed and enriched before (the picker, a reload)
            self._loaded(Loaded(reused, whole=True, enriched=True))
            return
        parse_whole: Callable[[], LiveBlog] | None = None
        child, spawned = article.child, None  # `spawned`: a child started here, ended here
        if needs_whole:
            data, path = article.data, article.path
            if data is None:
                read = read_article(path, settings)
                data, article.identity = read.data, read.identity
            assert data is not None
            parse_whole = partial(settings.parse_only, data, path)
            if child is None:  # no child forked at the start: a large page goes to a spawned one
                spawned = settings.spawn_child(data, path)
                child = spawned
        topics_file, given = settings.topics_file, None if needs_whole else article.blog
        base = given
        steps: Callable[[], Iterator[Loaded | None]] = partial(load_steps, parse_whole, given, topics_file)
        if child is not None:  # a child process parses it (unless given) and enriches it
            steps = partial(child_steps, child, given, parse_whole, topics_file)
        self._load_shown = self.blog
        try:
            async for loaded in steps_in_thread(steps, threading.Event()):
                if not self._showing():
                    return  # the reader is closing (quit during the load)
                if not needs_whole and self.blog is not self._load_shown:
                    return  # a reload or a poll showed another version meanwhile: this one is stale
                whole_now = needs_whole and loaded.whole
                if whole_now:
                    needs_whole, base = False, loaded.blog
                preview = article.blog
                self._loaded(loaded)
                if whole_now and preview is not None:
                    self._whole_parsed(preview, loaded.blog)
                self._load_shown = self.blog
                if loaded.enriched and base is not None:
                    self._enriched(base, loaded.blog)
        except LiveBlogError as exc:
            if needs_whole:
                self._parse_failed(str(exc))
            else:  # the enrichment failed (a bad topics file): keep the blog as it is
                self.notify(str(exc), severity="warning", markup=False)
        finally:
            if spawned is not None:
                spawned.close()  # done, or the reader closed meanwhile: its work stops

    def _showing(self) -> bool:
        """Return False once the reader is closing: a worker may resume after its widgets began to go."""
        return self.is_attached and not closing(self)

    def _loaded(self, loaded: Loaded) -> None:
        """Show one step of the background load (the whole parse, more speakers and topics)."""
        article = self.article
        if loaded.whole and (article.blog is None or article.preview):
            article.data, article.preview = None, False
        article.blog, article.enriched = loaded.blog, loaded.enriched
        if self.query("#loading"):
            self.query_one("#loading").remove()
            self.query_one("#panes").display = True
            self.set_focus(self.timeline)
        if loaded.blog is not self.blog:
            # set_blog tells the first blog's warnings; later ones are the whole parse's (after a
            # preview) or enrichment's (a text too long to enrich).
            told = set(self.blog.warnings) if self.blog is not None else set(loaded.blog.warnings)
            selected = self.selected()
            self.set_blog(loaded.blog, keep=selected.id if selected else None)
            for message in loaded.blog.warnings:
                if message not in told:
                    self.notify(message, severity="warning", timeout=6, markup=False)
        if loaded.enriched:
            # A reload of the unchanged file (or the picker) reuses this enriched parse.
            self.settings.parsed.remember(article.identity, loaded.blog)
            self.update_status()
            if not self._heap_frozen:
                # The blog and its indexes live as long as the screen: out of the collector's reach, so
                # that a full collection during later keystrokes does not walk them all (a 10,000-update
                # blog: an 80 ms pause on one key). They hold no cycles, so a reload still frees them.
                # Collected first (a screen closed before this one is garbage with cycles, its blog
                # with it): nothing unreachable is frozen. Once per screen: one full collection. And
                # given back when the screen goes (`on_unmount`): what was still held then is freed.
                self._heap_frozen = True
                gc.collect()
                gc.freeze()

    def _enriched(self, original: LiveBlog, blog: LiveBlog) -> None:
        """Called when the enrichment of `original` (the whole parse) ended as `blog`, shown already.

        A hook for subclasses (the URL reader merges later versions into `blog`).
        """

    def _whole_parsed(self, preview: LiveBlog, blog: LiveBlog) -> None:
        """Called when the whole parse `blog` replaced `preview`, the first updates shown, on screen.

        A hook for subclasses (the URL reader merges later versions into `blog`).
        """

    def _parsed(self, blog: LiveBlog) -> None:
        """Show `blog`, brought by other means than the load (a fetch): parsed whole unless the
        article is a preview, and enriched as the article says."""
        self._loaded(Loaded(blog, whole=not self.article.preview, enriched=self.article.enriched))

    def _parse_failed(self, message: str) -> None:
        self.article.error = message
        if self.from_picker:
            self.app.notify(message, severity="error", markup=False)
            self.app.pop_screen()
        else:
            # launch() prints article.error as the CLI's one line: an exit message would be
            # printed by Rich, wrapped at the terminal's width (several lines for a long path).
            self.app.exit(None, return_code=2)

    # --- the blog and its indexes -------------------------------------------------------

    def set_blog(self, blog: LiveBlog, *, keep: str | None = None) -> None:
        """Show `blog` (fresh, or re-parsed with the update `keep` still selected)."""
        first_load = self.blog is None
        self.blog = blog
        self._queries, self._detail_shown, self._detail_base = QueryCache(), None, None
        updates = blog.updates
        self._speaker_index = facet_index(updates, "speakers")
        self._topic_index = facet_index(updates, "topics")
        self._haystacks = search_haystacks(updates)
        self._chronological = chronological_order(updates)
        self._stamp = file_stamp(blog.source.path)
        self.query_one("#header", Static).update(header_content(blog))
        if first_load:
            self.state, warning = load_state(self.state_key(blog), data_dir())
            if warning:
                self.notify(warning, title="Read state", severity="warning", timeout=8, markup=False)
            for message in blog.warnings:
                self.notify(message, severity="warning", timeout=6, markup=False)
        timeline = self.timeline
        timeline.read, timeline.bookmarks, timeline.new = self.state.read, self.state.bookmarks, self.new_ids
        if first_load and keep is None:
            keep = self.state.last  # back to the update read last time (else the intro, or the first)
        self._ids = frozenset(u.id for u in updates)
        keep_position = next((i for i, u in enumerate(updates) if u.id == keep), None) if keep else None
        self.refilter(keep=keep_position)

    def state_key(self, blog: LiveBlog) -> str:
        """Return the key the read marks and bookmarks of `blog` are kept under."""
        return article_key(blog.source.path, blog.source.url)

    def base_order(self) -> list[int]:
        """Positions of all updates in the chosen order: newest first, or oldest first."""
        return self._chronological[::-1] if self.newest_first else list(self._chronological)

    def refilter(self, keep: int | None = None) -> None:
        """Recompute the view from the filters and show it, keeping the selected update if it stays."""
        if self.blog is None:
            return
        if keep is None:
            keep = self.timeline.position
        only = None
        if self.bookmarks_only:
            only = {i for i, u in enumerate(self.updates) if u.id in self.state.bookmarks}
        needle = normalise_query(self.search)
        key = (
            id(self.blog),
            self.newest_first,
            self.chosen_speakers,
            self.chosen_topics,
            frozenset(only) if only is not None else None,
        )
        # A query typed before is remembered; a longer one is searched for only within the
        # remembered result of a query it contains (see `QueryCache`).
        remembered, candidates = self._queries.lookup(key, needle)
        if remembered is not None:
            self.view = remembered
        else:
            self.view = filter_indices(
                candidates if candidates is not None else self.base_order(),
                speakers=self._speaker_index,
                chosen_speakers=self.chosen_speakers,
                topics=self._topic_index,
                chosen_topics=self.chosen_topics,
                haystacks=self._haystacks,
                query=self.search,
                only=only,
            )
            self._queries.remember(key, needle, self.view)
        # The intro is the first row of the whole blog; a filtered view lists only matching updates.
        filtered = bool(self.chosen_speakers or self.chosen_topics or needle or self.bookmarks_only)
        intro = None if filtered else intro_row_text(self.blog)
        self.timeline.set_view(self.updates, self.view, keep=keep, intro=intro)
        self.update_status()
        # The detail pane changes now, in the same frame as the list (`Highlighted` follows
        # as a message, and then finds it shown already).
        self._detail_wanted = (self._shown_position(), self.search)
        self._show_detail()

    def watch_chosen_speakers(self) -> None:
        self.refilter()

    def watch_chosen_topics(self) -> None:
        self.refilter()

    def watch_search(self) -> None:
        self.refilter()

    def watch_bookmarks_only(self) -> None:
        self.refilter()

    def watch_newest_first(self) -> None:
        self.refilter()

    def watch_following(self, following: bool) -> None:
        if self._follow_timer is not None:
            self._follow_timer.stop()
            self._follow_timer = None
        if following:
            self._stamp = file_stamp(self.article.path)
            self._follow_timer = self.set_interval(self.FOLLOW_INTERVAL, self.poll_file)
        self.update_status()

    def status_content(self) -> Content:
        """Return the status line: counts, active filters, order and follow state."""
        parts: list[str | tuple[str, str]] = [(f"{len(self.view)} of {count_of(len(self.updates), 'update')}", "bold")]

        def add(label: str, value: str) -> None:
            parts.extend([" · ", (label, "$text-muted"), value])

        if self.chosen_speakers:
            add("speaker: ", ", ".join(sorted(self.chosen_speakers)))
        if self.chosen_topics:
            add("topic: ", ", ".join(sorted(self.chosen_topics)))
        if self.search.strip():
            add("search: ", f'"{self.search.strip()}"')
            if self.view:
                position = self.timeline.cursor - self.timeline.first_update + 1
                parts.append(f" · match {max(1, position)} of {len(self.view)}")
        if self.bookmarks_only:
            parts.append(" · bookmarks only")
        parts.append(" · newest first" if self.newest_first else " · oldest first")
        if self.following:
            parts.append((" · following", "bold $success"))
        if self.new_ids:
            parts.append((f" · {len(self.new_ids)} new", "$success"))
        if self._ids:
            parts.append(f" · {self.unread_count()} unread")
        if self.article.preview:
            parts.append((f" · {self.READING_REST}", "$text-muted"))
        elif not self.article.enriched:
            parts.append((" · finding speakers and topics…", "$text-muted"))
        if self._warning:
            parts.append((f" · {self._warning}", "bold $warning"))
        return Content.assemble(*parts)

    def update_status(self) -> None:
        content = self.status_content()
        shown = (content.plain, tuple(content.spans))
        if shown == self._status_shown:
            # Unchanged (the selection moved within a search's results, or a second call for
            # one key): a repaint would cost a frame of its own after the key's frame.
            return
        self._status_shown = shown
        # One line of fixed height: no layout pass needed, which keeps keystrokes cheap.
        self.query_one("#status", Static).update(content, layout=False)

    def on_timeline_highlighted(self, message: Timeline.Highlighted) -> None:
        if self.blog is None:
            return
        # Shown at once, so the timeline and the detail pane change in the same frame.
        self._detail_wanted = (INTRO if self.timeline.on_intro else message.position, self.search)
        if self.search.strip():
            self.update_status()  # "match 3 of 9" follows the selection
        self._show_detail()

    def _show_detail(self) -> None:
        """Show the update last asked for by `Timeline.Highlighted` (skipped when already shown)."""
        if self.blog is None or self._detail_wanted == self._detail_shown:
            return
        position, query = self._detail_shown = self._detail_wanted
        if position == INTRO:
            self.detail.show(highlight(intro_content(self.blog), query))
        elif position is None:
            shown = intro_content(self.blog) if not self.view else Content("")
            if self.updates and not self.view:
                shown = Content.assemble(("No update matches the filters; c clears them.", "$text-muted"))
            self.detail.show(shown)
        else:
            # The update's own content is built once; each search keystroke only re-highlights it.
            if self._detail_base is None or self._detail_base[0] != position:
                self._detail_base = (position, self.update_detail(self.updates[position]))
                self._start_read_timer()
            base = self._detail_base[1]
            matches = match_spans(base.plain, query) if query.strip() else []
            self.detail.show(highlight(base, query), at=matches[0][0] if matches else None)

    def _start_read_timer(self) -> None:
        """Mark the update shown now as read once it has been on screen for `READ_AFTER` seconds."""
        if self._read_timer is not None:
            self._read_timer.stop()
        self._read_timer = self.set_timer(self.READ_AFTER, self._mark_shown_read)

    def _mark_shown_read(self) -> None:
        """Mark the update in the detail pane read, and remember it as the one to return to."""
        self._read_timer = None
        update = self.selected()
        if update is None:
            return
        newly = update.id not in self.state.read
        if not newly and self.state.last == update.id:
            return
        self.state.read.add(update.id)
        self.state.last = update.id
        self._save()
        if newly:
            self.timeline.refresh_marks()
            self.update_status()

    def unread_count(self) -> int:
        """The number of the blog's updates not read yet."""
        return len(self._ids) - len(self._ids & self.state.read)

    def _prefs(self) -> Prefs | None:
        prefs = getattr(self.app, "prefs", None)
        return prefs if isinstance(prefs, Prefs) else None

    def _shown_position(self) -> int | None:
        """What the detail pane is to show: the selected update's position, `INTRO`, or None (nothing)."""
        return INTRO if self.timeline.on_intro else self.timeline.position

    def update_detail(self, update: Update) -> Content:
        """Return what the detail pane shows for `update`."""
        return update_content(update)

    def selected(self) -> Update | None:
        """The selected update, or None when the view is empty."""
        position = self.timeline.position
        return None if position is None else self.updates[position]

    # --- panes, filters and search ------------------------------------------------------

    def action_page_detail(self, direction: int) -> None:
        """Scroll the detail pane by a page: down when `direction` is positive, else up."""
        if direction > 0:
            self.detail.scroll_page_down(animate=False)
        else:
            self.detail.scroll_page_up(animate=False)

    def action_switch_pane(self) -> None:
        if self.timeline.has_focus:
            self.set_focus(self.detail)
        else:
            self.set_focus(self.timeline)

    async def action_pick(self, facet: str) -> None:
        if isinstance(self.focused, SearchBar):
            raise SkipAction()  # a letter typed in the search field
        if not self.query(FacetPanel):
            # Mounted on first use: most sessions never open it, and start-up pays for every widget.
            hidden = FacetPanel(id="facets", on_change=self.choose_facet)
            hidden.display = False
            await self.query_one("#panes").mount(hidden)
        panel = self.query_one(FacetPanel)
        if panel.display and panel.facet == facet:
            panel.action_close()
            return
        chosen = self.chosen_speakers if facet == "speakers" else self.chosen_topics
        self.detail.display = False  # the picker takes the detail pane's place while open
        panel.open(facet, facet_counts(self.updates, facet), chosen)

    def choose_facet(self, facet: str, names: frozenset[str]) -> None:
        """Filter by the `names` of `facet` ("speakers" or "topics"), as ticked in the facet panel."""
        if facet == "speakers":
            self.chosen_speakers = names
        else:
            self.chosen_topics = names

    def on_facet_panel_closed(self, _message: FacetPanel.Closed) -> None:
        self.detail.display = True
        self.set_focus(self.timeline)

    def toggle_facet(self, facet: str, name: str) -> None:
        """Add `name` to the chosen names of `facet`, or remove it when chosen (the palette's commands)."""
        current = self.chosen_speakers if facet == "speakers" else self.chosen_topics
        names = current - {name} if name in current else current | {name}
        if facet == "speakers":
            self.chosen_speakers = names
        else:
            self.chosen_topics = names

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        if self.focused is bar:
            raise SkipAction()  # "/" typed in the search field is part of the query
        bar.display = True
        self.set_focus(bar)
        bar.select_all()

    def search_typed(self, value: str) -> None:
        """Search for `value`, as typed in the search bar; the bar is repainted with the results."""
        self.search = value
        self.query_one(SearchBar).refresh()

    def action_search_done(self) -> None:
        if not isinstance(self.focused, SearchBar):
            raise SkipAction()
        self.on_search_bar_done(SearchBar.Done())

    def on_search_bar_done(self, _message: SearchBar.Done) -> None:
        bar = self.query_one(SearchBar)
        if not bar.value.strip():
            bar.display = False
        self.set_focus(self.timeline)

    def _step_match(self, step: int) -> None:
        if not self.search.strip():
            self.notify("No search: press / to search", timeout=3, markup=False)
            return
        if not self.view:
            self.notify("No matches", timeout=3, markup=False)
            return
        # The view holds only matching updates, so the next match is the next row (wrapping).
        self.timeline.cursor = (self.timeline.cursor + step) % len(self.view)

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_previous_match(self) -> None:
        self._step_match(-1)

    def action_clear_filters(self) -> None:
        bar = self.query_one(SearchBar)
        bar.set_reactive(SearchBar.value, "")  # quietly: the filters are re-applied once, below
        bar.refresh()
        bar.display = False
        for panel in self.query(FacetPanel):
            panel.display = False
        self.detail.display = True
        # Set all four quietly, then re-filter once.
        self.set_reactive(ReaderScreen.chosen_speakers, frozenset())
        self.set_reactive(ReaderScreen.chosen_topics, frozenset())
        self.set_reactive(ReaderScreen.search, "")
        self.set_reactive(ReaderScreen.bookmarks_only, False)
        self.refilter()
        self.set_focus(self.timeline)

    def action_toggle_order(self) -> None:
        self.newest_first = not self.newest_first
        prefs = self._prefs()
        if prefs is not None:
            prefs.newest_first = self.newest_first
            try:
                save_prefs(prefs)
            except OSError as exc:
                self.notify(f"Could not save the order: {exc}", severity="error", markup=False)

    def action_next_unread(self) -> None:
        """Select the next unread update of the view after the selected one, wrapping round."""
        timeline, count = self.timeline, len(self.view)
        start = timeline.cursor - timeline.first_update
        for step in range(1, count + 1):
            index = (start + step) % count
            if self.updates[self.view[index]].id not in self.state.read:
                timeline.cursor = index + timeline.first_update
                return
        self.notify("No unread updates here", timeout=3, markup=False)

    def action_toggle_bookmarks_only(self) -> None:
        self.bookmarks_only = not self.bookmarks_only

    # --- marks --------------------------------------------------------------------------

    def _save(self) -> None:
        try:
            save_state(self.state)
        except OSError as exc:
            self.notify(f"Could not save read state: {exc}", severity="error", markup=False)

    def action_toggle_bookmark(self) -> None:
        update = self.selected()
        if update is None:
            return
        marked = toggle(self.state.bookmarks, [update.id])
        self._save()
        self.timeline.refresh_marks()
        if self.bookmarks_only and not marked:
            self.refilter()
        self.notify("Bookmarked" if marked else "Bookmark removed", timeout=2, markup=False)

    def action_toggle_read(self) -> None:
        update = self.selected()
        if update is None:
            return
        if self._read_timer is not None:  # the user's choice wins over marking it read on a timer
            self._read_timer.stop()
            self._read_timer = None
        marked = toggle(self.state.read, [update.id])
        self.new_ids.discard(update.id)
        self._save()
        self.timeline.refresh_marks()
        self.update_status()
        self.notify("Marked read" if marked else "Marked unread", timeout=2, markup=False)

    # --- copy, export, links ------------------------------------------------------------

    def action_copy(self) -> None:
        update = self.selected()
        if update is None:
            return
        self.app.copy_to_clipboard(copy_text(update))
        self.notify("Copied the update's text to the clipboard", timeout=3, markup=False)

    def action_export(self) -> None:
        if self.blog is None:
            return
        chosen = [self.updates[i] for i in self.view]
        try:
            # A new file each time: a second export in the same second gets "-2", never overwrites.
            wanted = export_path(self.article.path, data_dir(), datetime.now())
            target = write_new(wanted, to_markdown(self.blog, chosen))
        except OSError as exc:
            self.notify(f"Export failed: {exc}", severity="error", markup=False)
            return
        self.last_export = target
        message = f"Exported {count_of(len(chosen), 'update')} as Markdown to {target}"
        self.notify(message, title="Export", timeout=10, markup=False)

    def action_open_link(self, number: int) -> None:
        update = self.selected()
        if update is None or not 1 <= number <= len(update.links):
            self.notify(f"This update has no link {number}", timeout=3, markup=False)
            return
        url = update.links[number - 1].url
        if not is_web_url(url):
            self.notify("Only http and https links are opened", severity="warning", timeout=4, markup=False)
            return
        self.open_url(url, f"Link {number}")

    def page_address(self, which: str) -> str | None:
        """Return the article's address ("article") or the selected update's permalink ("update"), if known."""
        if which == "article":
            return self.blog.source.url if self.blog else None
        update = self.selected()
        return update.permalink if update else None

    def action_open_page(self, which: str) -> None:
        """Open the article's page or the update's permalink in the browser (http/https only)."""
        url = self.page_address(which)
        label = "The article's page" if which == "article" else "The update's permalink"
        if not url:
            missing = "the article's address is not known (a saved page without its URL)" if which == "article" \
                else "this update has no permalink in the page"
            self.notify(f"Not opened: {missing}", timeout=4, markup=False)
            return
        if not is_web_url(url):
            self.notify("Only http and https links are opened", severity="warning", timeout=4, markup=False)
            return
        self.open_url(url, label)

    def copy_address(self, which: str) -> None:
        """Copy the article's address ("article") or the update's permalink ("update") to the clipboard."""
        url = self.page_address(which)
        name = "the article's address" if which == "article" else "the update's permalink"
        if not url:
            self.notify(f"Nothing copied: {name} is not known", timeout=4, markup=False)
            return
        self.app.copy_to_clipboard(url)
        self.notify(f"Copied {name}: {url}", timeout=4, markup=False)

    def action_copy_address(self) -> None:
        self.copy_address("update" if self.page_address("update") else "article")

    @work(thread=True, group="browser")
    def open_url(self, url: str, label: str) -> None:
        """Open `url` in a browser off the event loop (a browser command can take seconds), then say
        what happened; a link that could not be opened is copied to the clipboard instead."""
        from tui.browser import open_in_browser

        result = open_in_browser(url)
        self.app.call_from_thread(self._browser_done, url, label, result.opened, result.message)

    def _browser_done(self, url: str, label: str, opened: bool, message: str) -> None:
        if opened:
            self.notify(f"{label} {message}", timeout=3, markup=False)
            return
        self.app.copy_to_clipboard(url)
        self.notify(f"{label} {message}; copied it to the clipboard instead", severity="warning", timeout=8,
                    markup=False)

    # --- back to the picker -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.from_picker
        return True

    def action_back(self) -> None:
        if self.from_picker:
            self.app.pop_screen()

    # --- reload and follow --------------------------------------------------------------

    def action_reload(self) -> None:
        self.reload_in_background()

    def action_toggle_follow(self) -> None:
        self.following = not self.following
        self.notify(
            "Following the file for changes" if self.following else "Stopped following", timeout=3, markup=False
        )

    def poll_file(self) -> None:
        """Re-parse the file when its modification time or size changed since the last parse."""
        stamp = file_stamp(self.article.path)
        if stamp is not None and stamp != self._stamp:
            self._stamp = stamp
            self.reload_in_background()

    @work(exclusive=True, group="reload")
    async def reload_in_background(self) -> None:
        """Re-parse the article file off the event loop and hand the result to `apply_reload`.

        On a daemon thread (`tui.loading`), so that quitting during a reload does not wait for it.
        """
        settings, path = self.settings, self.article.path

        def reload() -> Iterator[LiveBlog]:
            yield settings.load(path)

        try:
            async for blog in steps_in_thread(reload, threading.Event()):
                self.apply_reload(blog, None)
        except Exception as exc:  # a half-written file may break any parser: keep the last parse
            problem = str(exc).splitlines()[0] if str(exc) else "parse failed"
            self.apply_reload(None, problem)

    def apply_reload(self, blog: LiveBlog | None, error: str | None) -> None:
        """Show a re-parsed blog, marking new updates; keep the last good parse if it looks half-written."""
        old = self.updates
        if blog is None or (old and len(blog.updates) < len(old) * HALF_WRITTEN_SHARE):
            problem = error or f"only {len(blog.updates) if blog else 0} of {count_of(len(old), 'update')} parsed"
            self._warning = "file looks half-written; showing the last good parse"
            self.notify(f"{problem}. Keeping the last good parse.", title="Reload", severity="warning", markup=False)
            self.update_status()
            return
        self._warning = None
        old_ids = {u.id for u in old}
        fresh = {u.id for u in blog.updates} - old_ids
        self.new_ids |= fresh
        selected = self.selected()
        self.workers.cancel_group(self, "parse")  # a load still running would show the older file
        self.article.blog, self.article.enriched, self.article.preview, self.article.data = blog, True, False, None
        self.set_blog(blog, keep=selected.id if selected else None)
        self.notify(f"Reloaded: {count_of(len(fresh), 'new update')}", timeout=3, markup=False)
