"""The reader following a blog by its URL: polls the page, merges each new version, says how fetching goes.

Everything the file reader does, plus: a worker polls the page through `tui.fetch.Follower`
(one poll at a time; the next is scheduled when one ends, after the interval or a backoff);
new updates are marked `+`, edited ones `~`, vanished ones `×`; a new update that passes the
active filters raises a notification (and rings the bell with `--bell`). The status line says
when the page was last checked, when a fetch failed and when it is retried, and when the
reader shows a stored copy.

The blog is recorded in the library ("followed", under its URL) once it is shown parsed and
enriched, and again after each poll that brings new or edited updates: in a background
thread, the newest version replacing one still waiting (`LibraryLink.record_source`).
"""

from __future__ import annotations

import time
from functools import partial
from typing import ClassVar

from textual import work
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static

from parsers.model import LiveBlog, Update
from tui.articles import Article, Settings
from tui.fetch.follow import Follower, PollResult
from tui.fetch.policy import format_wait
from tui.offload import ParseInChild
from tui.screens.reader import ReaderScreen
from tui.stderr import one_line

# The keys that do something else for a URL than for a file, by binding id.
_URL_KEYS: dict[str, BindingType] = {
    "reader.reload": Binding("r", "reload", "Fetch now", id="reader.reload", tooltip="Fetch the page now", show=False),
    "reader.follow": Binding("f", "toggle_follow", "Follow", id="reader.follow",
                             tooltip="Pause or resume polling the page"),
}


class UrlReaderScreen(ReaderScreen):
    """The reader on a blog fetched from its URL and followed while it is open."""

    BINDINGS: ClassVar[list[BindingType]] = list(_URL_KEYS.values())

    READING_REST: ClassVar[str] = "reading the rest of the page…"

    # The reader's keys as the help lists them, with `r` and `f` saying what they do for a URL.
    HELP_BINDINGS: ClassVar[list[BindingType]] = [
        _URL_KEYS.get(getattr(binding, "id", None) or "", binding) for binding in ReaderScreen.BINDINGS
    ]

    def __init__(self, article: Article, settings: Settings, follower: Follower) -> None:
        super().__init__(article, settings)
        self.follower = follower
        self.edited_ids: set[str] = set()
        self.gone_ids: set[str] = set()
        self.fetching = False
        self.checked_at: float | None = None  # time.time() of the last successful poll
        self._problem: str | None = None
        self._retry_at = 0.0  # time.monotonic() of the next poll after a failure
        self._poll_timer: Timer | None = None
        self._countdown: Timer | None = None
        self._recorded = False  # a version of the blog was handed to the library
        # A poll waits while a preview of the stored copy is shown: a version merged into the
        # preview would call every update after it new. `_whole_parsed` makes it then.
        self._poll_after_load = False
        self._first_data: bytes | None = None  # the first version's bytes, when only its preview is shown
        # Later versions of a large page are read in a spawned child (seconds of work that a thread
        # of this process would share with the interface); `on_unmount` ends the one at work.
        here = follower.parse.here if isinstance(follower.parse, ParseInChild) else follower.parse
        self._poll_parse = ParseInChild(here, partial(settings.spawn_child, parsed_frame=False))
        follower.parse = self._poll_parse

    def on_mount(self) -> None:
        super().on_mount()
        if self.article.blog is None:
            self.query_one("#loading-label", Static).update(Content(f"Fetching {one_line(self.follower.url)} …"))
            self.follower.quick_parse = self._first_version  # see `apply_poll`
        elif self.article.enriched:  # a stored copy, parsed whole (else `_enriched` records it)
            self.record_version(self.article.blog)
        if not self.follower.options.offline:
            self.following = True  # starts polling (the watcher)

    def _first_version(self, data: bytes, url: str) -> LiveBlog:
        """Parse the first version fetched (in the follower's thread) for the first frame: unenriched,
        and only its first updates when the page is large (its bytes then kept for the whole parse).
        """
        if self.follower.options.all_pages:
            return self.settings.parse_only(data, url)
        blog, preview = self.settings.parse_page_start(data, url)
        self._first_data = data if preview else None
        return blog

    async def on_unmount(self) -> None:
        self._poll_parse.close()
        await self.follower.aclose()

    @work(exclusive=True, group="parse")
    async def parse_in_background(self) -> None:
        """Nothing to parse before the first fetch: the first poll brings the blog."""

    def state_key(self, blog: LiveBlog) -> str:
        return self.follower.url

    def _whole_parsed(self, preview: LiveBlog, blog: LiveBlog) -> None:
        self.follower.take_whole(preview, blog)
        if self._poll_after_load:  # a poll asked for while the preview was shown
            self._poll_after_load = False
            self.poll_now()

    def _enriched(self, original: LiveBlog, blog: LiveBlog) -> None:
        if self.follower.shown is original:
            self.follower.shown = blog  # later versions merge into the enriched one
        super()._enriched(original, blog)
        self.record_version(blog)  # the stored copy, now enriched

    def record_version(self, blog: LiveBlog) -> None:
        """Hand `blog`, the version now shown (parsed and enriched), to the library; returns at once."""
        self._recorded = True
        self.settings.library.record_source(self.follower.url, blog, "followed", self.follower.shown_content())

    # --- polling ------------------------------------------------------------------------

    def _stop_timer(self) -> None:
        if self._poll_timer is not None:
            self._poll_timer.stop()
            self._poll_timer = None

    def watch_following(self, following: bool) -> None:
        self._stop_timer()
        self._poll_after_load = False  # paused: no poll waits for the load (resumed: the one below)
        if following:
            self.poll_now()
        self.update_status()

    def action_reload(self) -> None:
        if self.follower.options.offline:
            self.notify("Offline: the page is not fetched", timeout=3, markup=False)
            return
        self.poll_now()

    def action_toggle_follow(self) -> None:
        if self.follower.options.offline:
            self.notify("Offline: the page is not fetched", timeout=3, markup=False)
            return
        self.following = not self.following
        self.notify("Following the page" if self.following else "Paused: the page is not polled", timeout=3,
                    markup=False)

    @work(exclusive=True, group="fetch")
    async def poll_now(self) -> None:
        """Poll the page once, show what it brought, and schedule the next poll."""
        self._stop_timer()
        if self.article.preview:
            self._poll_after_load = True
            return
        self.fetching = True
        self.update_status()
        try:
            result = await self.follower.poll()
        finally:
            self.fetching = False
        if not self._showing():
            return  # the reader closed while the page was fetched
        self.apply_poll(result)
        if self.following and self._showing():
            self._poll_timer = self.set_timer(result.delay, self.poll_now)

    def apply_poll(self, result: PollResult) -> None:
        """Show a poll's result: a new version (marks, alerts), nothing new, or the failure and its retry."""
        if result.error is not None:
            if self.blog is None:
                # Nothing to show and the first fetch failed: launch prints this as the one line.
                self.article.error = str(result.error)
                self.app.exit(None, return_code=2)
                return
            self._problem = result.problem
            self._retry_at = time.monotonic() + result.delay
            if self._countdown is None:
                self._countdown = self.set_interval(1, self.update_status)
            self.update_status()
            return
        self._problem = None
        if self._countdown is not None:
            self._countdown.stop()
            self._countdown = None
        self.checked_at = time.time()
        if self.follower.store_problem:
            self.notify(self.follower.store_problem, severity="warning", timeout=6, markup=False)
        merged = result.merged
        if merged is None:
            self.update_status()
            return
        if self.blog is None:
            # The first version comes from `Follower.quick_parse` (set in `on_mount`): shown, then
            # parsed whole if a preview and enriched here (`_enriched` records it). Later versions
            # come enriched (`Follower.parse`).
            self.article.enriched = self.follower.quick_parse is None
            self.follower.quick_parse = None
            if self._first_data is not None:  # a preview: the reader parses the rest (`_whole_parsed`)
                self.article.data, self.article.preview, self._first_data = self._first_data, True, None
            self._parsed(merged.blog)
            if self.article.enriched:
                self.record_version(merged.blog)
            else:
                self.load_in_background(after_first_frame=True)
            return
        if merged.fresh or merged.edited or not self._recorded:
            self.record_version(merged.blog)
        self.new_ids |= merged.fresh
        self.edited_ids |= merged.edited
        self.gone_ids = set(self.follower.memory.gone)
        self.new_ids -= self.gone_ids
        timeline = self.timeline
        timeline.edited, timeline.gone = self.edited_ids, self.gone_ids
        selected = self.selected()
        # The selected row stays on the same screen line when updates arrive above it.
        line = timeline.cursor_row - round(timeline.scroll_y)
        self.article.blog, self.article.enriched = merged.blog, True
        self.set_blog(merged.blog, keep=selected.id if selected else None)
        now = self.selected()
        if selected is not None and now is not None and now.id == selected.id:
            timeline.scroll_to(y=max(0, timeline.cursor_row - line), animate=False, immediate=True)
        self.alert(merged.fresh)

    def alert(self, fresh: frozenset[str]) -> None:
        """Notify about new updates that pass the active filters; ring the bell for them with `--bell`."""
        if not fresh:
            return
        matching = [self.updates[i] for i in self.view if self.updates[i].id in fresh]
        if not matching:
            return  # the status line counts them; the filters hide them
        filtered = bool(self.chosen_speakers or self.chosen_topics or self.search.strip() or self.bookmarks_only)
        title = "New update matching your filters" if filtered else "New update"
        if len(matching) > 1:
            title = f"{len(matching)} new updates" + (" matching your filters" if filtered else "")
        lead = " ".join(matching[0].title_or_lead.split())[:120]
        self.notify(f"{matching[0].time or ''} {lead}".strip(), title=title, timeout=8, markup=False)
        if self.follower.options.bell:
            self.app.bell()

    def update_detail(self, update: Update) -> Content:
        """Return the update's detail, after a line saying it was edited or left the page, if it did."""
        shown = super().update_detail(update)
        if update.id in self.gone_ids:
            note = ("No longer on the page (kept as it was last seen)", "bold $text-muted")
            return Content.assemble(note, "\n\n", shown)
        if update.id in self.edited_ids:
            return Content.assemble(("Edited on the page since it was first shown", "bold $warning"), "\n\n", shown)
        return shown

    # --- the status line ----------------------------------------------------------------

    def update_status(self) -> None:
        if self._showing():
            super().update_status()

    def status_content(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        if self.edited_ids:
            parts.append((f" · {len(self.edited_ids)} edited", "$warning"))
        if self.gone_ids:
            parts.append((f" · {len(self.gone_ids)} gone from the page", "$text-muted"))
        if self.follower.copy_from is not None:
            when = self.follower.copy_from.astimezone()
            parts.append((f" · showing the copy from {when:%Y-%m-%d %H:%M}", "bold $warning"))
        if self._problem is not None:
            wait = format_wait(max(0.0, self._retry_at - time.monotonic()))
            parts.append((f" · fetch failed: {one_line(self._problem)}, retrying in {wait}", "bold $error"))
        elif self.fetching:
            parts.append((" · fetching…", "$text-muted"))
        elif self.follower.options.offline:
            parts.append((" · offline", "$text-muted"))
        elif not self.following:
            parts.append((" · paused", "$text-muted"))
        elif self.checked_at is not None:
            parts.append((f" · checked {time.strftime('%H:%M:%S', time.localtime(self.checked_at))}", "$text-muted"))
        return Content.assemble(super().status_content(), *parts)
