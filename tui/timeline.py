"""The timeline: ONE line-rendering widget over an index list (the Line API, as Toolong does).

The updates stay in a plain tuple; the current view is a list of positions into it. Only
the rows on screen are rendered, each from `render_line`, and rendered rows are cached.
Changing the filter replaces the view list and drops the cache: no widgets are created.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from parsers.model import Update

UNREAD_MARK = "•"
BOOKMARK_MARK = "★"
NEW_MARK = "+"


class Timeline(ScrollView, can_focus=True):
    """One row per update in the current view: markers, time, headline, speaker/topic counts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", id="timeline.down", show=False),
        Binding("k,up", "cursor_up", "Up", id="timeline.up", show=False),
        Binding("g,home", "first", "First", id="timeline.first", show=False),
        Binding("G,end", "last", "Last", id="timeline.last", show=False),
        Binding("pageup", "page_up", "Page up", id="timeline.page-up", show=False),
        Binding("pagedown", "page_down", "Page down", id="timeline.page-down", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--cursor",
        "timeline--time",
        "timeline--unread",
        "timeline--bookmark",
        "timeline--new",
        "timeline--meta",
        "timeline--read",
    }

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    """The row (index into the view) that is selected."""

    class Highlighted(Message):
        """The selected update changed; `position` indexes the blog's updates, or is None."""

        def __init__(self, timeline: Timeline, position: int | None) -> None:
            self.timeline = timeline
            self.position = position
            super().__init__()

        @property
        def control(self) -> Timeline:
            return self.timeline

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.updates: tuple[Update, ...] = ()
        self.view: list[int] = []
        self.read: set[str] = set()
        self.bookmarks: set[str] = set()
        self.new: set[str] = set()
        self._has_facets = False
        self.paints = 0  # rows rendered so far: lets benchmarks see a repaint happen
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._style_key: tuple[bool, str] | None = None
        self._style_map: dict[str, Style] = {}

    # --- data ---------------------------------------------------------------------------

    def set_view(self, updates: tuple[Update, ...], view: Sequence[int], keep: int | None = None) -> None:
        """Show `view` (positions into `updates`), keeping update `keep` selected when it is shown.

        Otherwise the first row is selected. Posts `Highlighted` for the new selection.
        """
        if updates is not self.updates:
            self._has_facets = any(u.speakers or u.topics for u in updates)
        self.updates = updates
        self.view = list(view)
        self._cache.clear()
        self._set_rows(len(self.view))
        row = 0
        if keep is not None:
            try:
                row = self.view.index(keep)
            except ValueError:
                row = 0
        if row == 0 and self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.cursor = row
        self.refresh()

    def _set_rows(self, rows: int) -> None:
        """Make the virtual height `rows`, without a screen-wide layout when the scrollbar stays as it is.

        Assigning `virtual_size` re-lays out the whole screen, which costs more than everything
        else a filter keystroke does. A layout is only needed when the vertical scrollbar appears
        or disappears; otherwise the scrollbar is updated in place (Textual's `_scroll_update`).
        """
        size = Size(self.scrollable_content_region.width, rows)
        height = self.scrollable_content_region.height
        same_scrollbar = (self.virtual_size.height > height) == (rows > height)
        if same_scrollbar and self.is_mounted and height > 0:
            self.set_reactive(Timeline.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size

    @property
    def position(self) -> int | None:
        """The position (in the blog's updates) of the selected update, or None when the view is empty."""
        if 0 <= self.cursor < len(self.view):
            return self.view[self.cursor]
        return None

    def refresh_marks(self) -> None:
        """Repaint after read/bookmark/new marks changed (the cache keys include the marks)."""
        self.refresh()

    # --- cursor -------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.view) - 1)) if self.view else 0

    def watch_cursor(self, _old: int, row: int) -> None:
        self._scroll_to_row(row)
        self.refresh()
        self.post_message(self.Highlighted(self, self.position))

    def _scroll_to_row(self, row: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.view) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + round(self.scroll_y)
        if row < len(self.view):
            self.focus()
            self.cursor = row

    # --- rendering ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        row = y + round(self.scroll_y)
        width = self.scrollable_content_region.width
        if row >= len(self.view) or width <= 0:
            return Strip.blank(width, self.rich_style)
        update = self.updates[self.view[row]]
        selected = row == self.cursor
        key = (
            self.view[row],
            width,
            selected,
            self.has_focus,
            update.id in self.read,
            update.id in self.bookmarks,
            update.id in self.new,
            self.app.theme,
        )
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(update, width, selected)
            self._cache[key] = strip
        self.paints += 1
        return strip

    def _styles(self) -> dict[str, Style]:
        """Return the rich style of each row part, combined with the widget's own style (cached)."""
        key = (self.has_focus, self.app.theme)
        if self._style_key != key:
            base = self.rich_style
            self._style_map = {name: base + self.get_component_rich_style(name) for name in self.COMPONENT_CLASSES}
            self._style_map["base"] = base
            self._style_key = key
        return self._style_map

    def _render_row(self, update: Update, width: int, selected: bool) -> Strip:
        """Return one row as segments: bookmark, new and unread marks, time, headline, counts.

        The headline is untrusted text; it goes into a Segment as it is, never parsed as markup.
        """
        styles = self._styles()
        read = update.id in self.read
        meta = ""
        if self._has_facets:
            # Fixed-width columns, so the counts line up down the list.
            speakers = f"@{len(update.speakers)}" if update.speakers else ""
            topics = f"#{len(update.topics)}" if update.topics else ""
            meta = f" {speakers:>3} {topics:>3}"
        marks = [
            (BOOKMARK_MARK if update.id in self.bookmarks else " ", styles["timeline--bookmark"]),
            (NEW_MARK if update.id in self.new else " ", styles["timeline--new"]),
            (" " if read else UNREAD_MARK, styles["timeline--unread"]),
            (f" {update.time or '--:--':>5} ", styles["timeline--time"]),
        ]
        room = max(0, width - sum(cell_len(text) for text, _ in marks) - cell_len(meta))
        title = " ".join(update.title_or_lead.split())
        if cell_len(title) > room:
            title = set_cell_size(title, room - 1) + "…" if room > 1 else set_cell_size(title, room)
        else:
            title = set_cell_size(title, room)
        title_style = styles["timeline--read"] if read else styles["base"]
        parts = [*marks, (title, title_style), (meta, styles["timeline--meta"])]
        cursor = styles["timeline--cursor"] if selected else None
        segments = [Segment(text, style + cursor if cursor else style) for text, style in parts if text]
        return Strip(segments).crop_extend(0, width, styles["base"])

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_key = None
        self._cache.clear()

    def on_focus(self, _event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, _event: events.Blur) -> None:
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.view))
        self._scroll_to_row(self.cursor)
