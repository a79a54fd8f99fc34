"""The timeline: ONE line-rendering widget over an index list (the Line API, as Toolong does).

The updates stay in a plain tuple; the current view is a list of positions into it. Only
the rows on screen are rendered, each from `render_line`, and rendered rows are cached by
what they show (update position, selection, marks), so the cache survives a filter change.
Changing the filter replaces the view list and repaints only the screen lines whose row
changed: no widgets are created, and an unchanged line is neither rebuilt nor recomposed.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip

from parsers.model import Update
from tui.internals import update_scrollbars

UNREAD_MARK = "•"
BOOKMARK_MARK = "★"
NEW_MARK = "+"
EDITED_MARK = "~"  # a followed page changed this update since it was first shown
GONE_MARK = "×"  # a followed page no longer shows this update


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
        "timeline--day",
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
        # The rows on screen are "items" (the intro row when shown, then the updates of the view)
        # and day separators: `rows` holds an item's index, or -1 - k for separator k.
        self.intro: str | None = None  # the intro row's text, when the intro row is shown
        self.rows: list[int] = []
        self._item_rows: list[int] = []  # the row of each item
        self._separators: list[str] = []
        self._days: list[date | None] = []  # each update's day, for the separators
        self.read: set[str] = set()
        self.bookmarks: set[str] = set()
        self.new: set[str] = set()
        self.edited: set[str] = set()
        self.gone: set[str] = set()
        self._has_facets = False
        self.paints = 0  # rows rendered so far: lets benchmarks see a repaint happen
        # Rendered rows, keyed by `_row_key`; valid for one `_cache_owner` (updates, width,
        # focus, theme): anything else that changes a row's look is in its key.
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._cache_owner: tuple[object, ...] | None = None
        self._style_key: tuple[bool, str] | None = None
        self._style_map: dict[str, Style] = {}
        # While `render_lines` runs: (first row on screen, cursor, width), read once per paint
        # rather than once per line (each is a reactive or a layout lookup).
        self._frame: tuple[int, int, int] | None = None

    # --- data ---------------------------------------------------------------------------

    def set_view(
        self, updates: tuple[Update, ...], view: Sequence[int], keep: int | None = None, intro: str | None = None
    ) -> None:
        """Show `view` (positions into `updates`), keeping update `keep` selected when it is shown.

        `intro`, when given, is the text of an "Intro" row shown first. Otherwise the first row
        (the intro row, when shown) is selected. When the view's updates fall on more than one
        day, a separator row names the day before each day's first update. Posts `Highlighted`
        for the new selection.
        """
        before = self._screen_rows()
        if updates is not self.updates:
            self._has_facets = any(u.speakers or u.topics for u in updates)
            self._days = [u.datetime.date() if u.datetime is not None else None for u in updates]
            before = None  # positions now name other updates: repaint every line
            self._cache_owner = None
        self.updates = updates
        self.view = list(view)
        self.intro = intro
        self._lay_out_rows()
        if len(self.rows) != self.virtual_size.height:
            self._set_rows(len(self.rows))
        item = 0
        if keep is not None:
            try:
                item = self.view.index(keep) + self.first_update
            except ValueError:
                item = 0
        if item == 0 and self.scroll_y:
            self.scroll_to(y=0, animate=False, immediate=True)
        # Set quietly: the cursor's watcher would repaint the whole widget.
        self.set_reactive(Timeline.cursor, self.validate_cursor(item))
        self._show_item(self.cursor)
        self._refresh_changed(before)
        self.post_message(self.Highlighted(self, self.position))

    @property
    def first_update(self) -> int:
        """How many items come before the view's first update: 1 with the intro row, else 0."""
        return 0 if self.intro is None else 1

    @property
    def items(self) -> int:
        """The number of selectable rows: the intro row, when shown, and the updates of the view."""
        return len(self.view) + self.first_update

    def _lay_out_rows(self) -> None:
        """Fill `rows`, `_item_rows` and `_separators` for the current view.

        Runs of updates on the same day are laid out a run at a time (`groupby`, list extends), not
        an update at a time: each search keystroke lays out a view of up to thousands of updates.
        """
        offset = self.first_update
        runs = [(day, len(list(run))) for day, run in itertools.groupby(map(self._days.__getitem__, self.view))]
        if len({day for day, _ in runs} - {None}) < 2:
            self.rows = list(range(self.items))
            self._item_rows = list(self.rows)
            self._separators = []
            return
        rows: list[int] = list(range(offset))
        item_rows: list[int] = list(range(offset))
        separators: list[str] = []
        current: date | None = None
        index = 0
        for day, length in runs:
            if day is not None and day != current:  # an undated update does not end its day's run
                current = day
                separators.append(f"{day:%A} {day.day} {day:%B %Y}")
                rows.append(-len(separators))
            item_rows.extend(range(len(rows), len(rows) + length))
            rows.extend(range(index + offset, index + offset + length))
            index += length
        self.rows, self._item_rows, self._separators = rows, item_rows, separators

    def _row_key(self, row: int, cursor: int) -> tuple[object, ...] | None:
        """Return what row `row` shows (None past the end): the key of its cached strip."""
        if not 0 <= row < len(self.rows):
            return None
        item = self.rows[row]
        if item < 0:
            return ("day", self._separators[-1 - item])
        if item < self.first_update:
            return ("intro", self.intro, item == cursor)
        position = self.view[item - self.first_update]
        uid = self.updates[position].id
        return (position, item == cursor, uid in self.read, uid in self.bookmarks, uid in self.new,
                uid in self.edited, uid in self.gone)

    def _screen_rows(self) -> tuple[int, list[tuple[object, ...] | None]] | None:
        """Return the first row on screen and the key of each row on screen (None before mounting)."""
        if not self.is_mounted:
            return None
        top, cursor = round(self.scroll_y), self.cursor
        height = self.scrollable_content_region.height
        return top, [self._row_key(row, cursor) for row in range(top, top + height)]

    def _refresh_changed(self, before: tuple[int, list[tuple[object, ...] | None]] | None) -> None:
        """Repaint the screen lines that show another row than in `before` (all lines when unknown).

        A line whose row is unchanged keeps Textual's rendered line, so a keystroke that leaves
        the top of the list as it was costs no painting there.
        """
        after = self._screen_rows()
        if before is None or after is None or before[0] != after[0] or len(before[1]) != len(after[1]):
            self.refresh()
            return
        width = self.scrollable_content_region.width
        for y, (old, new) in enumerate(zip(before[1], after[1], strict=True)):
            if old != new:
                self.refresh(Region(0, y, width, 1))

    def _set_rows(self, rows: int) -> None:
        """Make the virtual height `rows`, without a screen-wide layout when the scrollbar stays as it is.

        Assigning `virtual_size` re-lays out the whole screen, which costs more than everything
        else a filter keystroke does. A layout is only needed when the vertical scrollbar appears
        or disappears, which it never does while the style keeps it shown (`overflow-y: scroll`, as
        the reader's does); otherwise the scrollbar is updated in place (`tui.internals.update_scrollbars`).
        """
        size = Size(self.scrollable_content_region.width, rows)
        height = self.scrollable_content_region.height
        always = self.styles.overflow_y == "scroll"  # the scrollbar is shown whatever the length
        same_scrollbar = always or (self.virtual_size.height > height) == (rows > height)
        if same_scrollbar and self.is_mounted and height > 0:
            old_thumb = self._thumb(self.virtual_size.height)
            self.set_reactive(Timeline.virtual_size, size)
            if self.scroll_y <= max(0, rows - height) and self._thumb(rows) == old_thumb:
                # The scrollbar looks the same (at the top of a long list the thumb is one cell
                # whatever the length): tell it the new length without repainting its 36 lines.
                self.vertical_scrollbar.set_reactive(ScrollBar.window_virtual_size, rows)
            else:
                update_scrollbars(self, size)
        else:
            self.virtual_size = size

    def _thumb(self, rows: int) -> list[Segment]:
        """Return the vertical scrollbar's cells for a view of `rows` rows at the current scroll position."""
        window = self.container_size.height - self.scrollbar_size_horizontal
        bar = ScrollBarRender.render_bar(
            size=window,
            virtual_size=rows,
            window_size=window if window < rows else 0,
            position=self.scroll_y,
        )
        return list(bar.segments)

    @property
    def position(self) -> int | None:
        """The position (in the blog's updates) of the selected update; None on the intro row or
        when the view is empty."""
        index = self.cursor - self.first_update
        if 0 <= index < len(self.view):
            return self.view[index]
        return None

    @property
    def cursor_row(self) -> int:
        """The row on screen (of all rows, day separators included) that shows the selected item."""
        return self._item_rows[self.cursor] if 0 <= self.cursor < len(self._item_rows) else 0

    @property
    def on_intro(self) -> bool:
        """True when the intro row is shown and selected."""
        return self.intro is not None and self.cursor == 0

    def refresh_marks(self) -> None:
        """Repaint after read/bookmark/new marks changed (the cache keys include the marks)."""
        self.refresh()

    # --- cursor -------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.items - 1)) if self.items else 0

    def watch_cursor(self, old: int, item: int) -> None:
        top = round(self.scroll_y)
        self._show_item(item)
        if round(self.scroll_y) != top:
            self.refresh()
        else:
            # Only the rows that lost and gained the cursor look different.
            width = self.scrollable_content_region.width
            for changed in {old, item}:
                if 0 <= changed < len(self._item_rows):
                    self.refresh(Region(0, self._item_rows[changed] - top, width, 1))
        self.post_message(self.Highlighted(self, self.position))

    def _show_item(self, item: int) -> None:
        """Scroll so that item `item` is on screen, with the day separator just above it if any."""
        if not 0 <= item < len(self._item_rows):
            return
        row = self._item_rows[item]
        first = row - 1 if row > 0 and self.rows[row - 1] < 0 else row
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.items - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height - 1)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + round(self.scroll_y)
        if row < len(self.rows) and self.rows[row] >= 0:  # a day separator is not selectable
            self.focus()
            self.cursor = self.rows[row]

    # --- rendering ----------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = (round(self.scroll_y), self.cursor, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        top, cursor, width = self._frame or (
            round(self.scroll_y),
            self.cursor,
            self.scrollable_content_region.width,
        )
        row = y + top
        if row >= len(self.rows) or width <= 0:
            return Strip.blank(width, self._styles()["base"])
        owner = (id(self.updates), width, self.has_focus, self.app.theme)
        if owner != self._cache_owner:
            self._cache.clear()
            self._cache_owner = owner
        key = self._row_key(row, cursor)
        assert key is not None  # the row is in the view
        strip = self._cache.get(key)
        if strip is None:
            item = self.rows[row]
            if item < 0:
                strip = self._render_separator(self._separators[-1 - item], width)
            elif item < self.first_update:
                strip = self._render_intro(self.intro or "", width, item == cursor)
            else:
                strip = self._render_row(self.updates[self.view[item - self.first_update]], width, item == cursor)
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
            (self._change_mark(update.id), styles["timeline--new"]),
            (" " if read else UNREAD_MARK, styles["timeline--unread"]),
            (f" {update.time or update.label or '--:--':>5} ", styles["timeline--time"]),
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

    def _render_separator(self, label: str, width: int) -> Strip:
        """Return a day separator row: the day's name in a rule, "── Monday 5 August 2024 ───"."""
        styles = self._styles()
        text = f"── {label} "
        text += "─" * max(0, width - cell_len(text))
        return Strip([Segment(set_cell_size(text, width), styles["timeline--day"])])

    def _render_intro(self, intro: str, width: int, selected: bool) -> Strip:
        """Return the intro row: "Intro" in the time column, then the start of the intro text."""
        styles = self._styles()
        label = "   " + " Intro "
        room = max(0, width - cell_len(label))
        text = " ".join(intro.split())
        text = set_cell_size(text, room - 1) + "…" if cell_len(text) > room > 1 else set_cell_size(text, room)
        cursor = styles["timeline--cursor"] if selected else None
        parts = [(label, styles["timeline--time"]), (text, styles["base"])]
        segments = [Segment(t, style + cursor if cursor else style) for t, style in parts if t]
        return Strip(segments).crop_extend(0, width, styles["base"])

    def _change_mark(self, uid: str) -> str:
        """Return the mark for what happened to an update since it was first shown: new, edited, gone."""
        if uid in self.new:
            return NEW_MARK
        if uid in self.gone:
            return GONE_MARK
        return EDITED_MARK if uid in self.edited else " "

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_key = None
        self._cache_owner = None

    def on_focus(self, _event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, _event: events.Blur) -> None:
        self.refresh()

    def on_resize(self, _event: events.Resize) -> None:
        # The rows were counted before the widget had a width (`set_view` from the screen's mount):
        # the width alone changes no scrollbar, so no layout of the whole screen (`_set_rows`).
        self._set_rows(len(self.rows))
        self._show_item(self.cursor)
