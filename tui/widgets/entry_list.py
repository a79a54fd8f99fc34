"""A list of entries of a fixed height, rendered lazily: only the entries on screen are ever built.

The library screen lists a thousand blogs or more. Textual's `OptionList` measures the height
of every option when its options are set (and again when one changes), so its first frame
cost grows with the library. Here every entry of a list has the same number of lines, so the
list's height is known without looking at the entries; the screen asks for an entry's
lines (`prompt`) only when the entry is painted, and rendered lines are cached until the
entries change (`set_entries`, `refresh_entries`). The Line API, as in `tui.widgets.timeline`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual

Prompt = Callable[[int], Sequence[Content]]  # an entry's index -> its lines


def _no_prompt(_index: int) -> Sequence[Content]:
    return ()


class EntryList(ScrollView, can_focus=True):
    """Entries of `lines` lines each; `highlighted` is the entry under the cursor, enter selects it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", id="entries.down", show=False),
        Binding("up", "cursor_up", "Up", id="entries.up", show=False),
        Binding("home", "first", "First", id="entries.first", show=False),
        Binding("end", "last", "Last", id="entries.last", show=False),
        Binding("pagedown", "page_down", "Page down", id="entries.page-down", show=False),
        Binding("pageup", "page_up", "Page up", id="entries.page-up", show=False),
        Binding("enter", "select", "Select", id="entries.select", show=False),
    ]

    DEFAULT_CSS = """
    EntryList {
        height: 1fr;
        overflow-x: hidden;
        background: $surface;
        /* One entry line per screen line, cut with an ellipsis: entry heights are fixed. */
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .entry-list--entry {
            padding: 0 1;
        }
        & > .entry-list--entry-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .entry-list--entry-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"entry-list--entry", "entry-list--entry-highlighted"}

    highlighted: reactive[int | None] = reactive(None, init=False)
    """The entry under the cursor, or None when the list is empty."""

    class Selected(Message):
        """Enter (or a click) on entry `index`."""

        def __init__(self, entry_list: EntryList, index: int) -> None:
            self.entry_list = entry_list
            self.index = index
            super().__init__()

        @property
        def control(self) -> EntryList:
            return self.entry_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._count = 0
        self._lines = 1
        self._prompt: Prompt = _no_prompt
        # Rendered entries, by (index, highlighted, focused); valid for one (width, theme). Focus only
        # changes how the highlighted entry looks, so the others are not rendered again when it moves.
        self._cache: LRUCache[tuple[int, bool, bool], list[Strip]] = LRUCache(256)
        self._cache_owner: tuple[object, ...] | None = None

    # --- data ---------------------------------------------------------------------------

    @property
    def option_count(self) -> int:
        """How many entries the list holds."""
        return self._count

    @property
    def entry_lines(self) -> int:
        """How many lines each entry takes."""
        return self._lines

    def prompt_at(self, index: int) -> Content:
        """Return what entry `index` shows, its lines joined by newlines (built now; IndexError outside the list)."""
        if not 0 <= index < self._count:
            raise IndexError(index)
        return Content("\n").join(self._prompt(index))

    def set_entries(self, count: int, lines: int, prompt: Prompt, highlighted: int | None = 0) -> None:
        """Show `count` entries of `lines` lines; `prompt(i)` returns entry i's lines (each one line of
        text; more than `lines` are not shown), called when the entry is painted.

        Highlights entry `highlighted` (kept within the list), scrolled into view.
        """
        self._count, self._lines, self._prompt = count, max(1, lines), prompt
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, count * self._lines)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.set_reactive(EntryList.highlighted, None)
        self.highlighted = None if not count else min(max(highlighted or 0, 0), count - 1)
        self.refresh()

    def refresh_entries(self, indices: Iterable[int] | None = None) -> None:
        """Repaint the entries `indices` (None: all) whose lines `prompt` now returns differently.

        Only those on screen are rendered again now; the others when they are scrolled to.
        """
        if indices is None:
            self._cache.clear()
            self.refresh()
            return
        top, height = round(self.scroll_y), self.scrollable_content_region.height
        width = self.scrollable_content_region.width
        for index in indices:
            for highlighted, focused in ((False, False), (True, False), (True, True)):
                self._cache.discard((index, highlighted, focused))
            y = index * self._lines - top
            if -self._lines < y < height:
                self.refresh(Region(0, y, width, self._lines))

    # --- cursor -------------------------------------------------------------------------

    def validate_highlighted(self, value: int | None) -> int | None:
        if value is None or not self._count:
            return None
        return max(0, min(value, self._count - 1))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if new is None:
            return
        self.scroll_to_region(Region(0, new * self._lines, self.scrollable_content_region.width, self._lines),
                              animate=False, immediate=True, force=True)
        top = round(self.scroll_y)
        width = self.scrollable_content_region.width
        for changed in {old, new}:
            if changed is not None:
                self.refresh(Region(0, changed * self._lines - top, width, self._lines))

    def action_cursor_down(self) -> None:
        self.highlighted = 0 if self.highlighted is None else self.highlighted + 1

    def action_cursor_up(self) -> None:
        self.highlighted = 0 if self.highlighted is None else self.highlighted - 1

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = self._count - 1

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // self._lines)

    def action_page_down(self) -> None:
        self.highlighted = (self.highlighted or 0) + self._page()

    def action_page_up(self) -> None:
        self.highlighted = (self.highlighted or 0) - self._page()

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + round(self.scroll_y)) // self._lines
        if index < self._count:
            self.focus()
            self.highlighted = index
            self.post_message(self.Selected(self, index))

    # --- rendering ----------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = y + round(self.scroll_y)
        index, line = divmod(row, self._lines)
        if index >= self._count or width <= 0:
            return Strip.blank(width, self.get_visual_style("entry-list--entry").rich_style)
        owner = (width, self.app.theme)
        if owner != self._cache_owner:
            self._cache.clear()
            self._cache_owner = owner
        highlighted = index == self.highlighted
        key = (index, highlighted, highlighted and self.has_focus)
        strips = self._cache.get(key)
        if strips is None:
            strips = self._render_entry(index, width, highlighted)
            self._cache[key] = strips
        return strips[line]

    def _render_entry(self, index: int, width: int, highlighted: bool) -> list[Strip]:
        """Return entry `index`'s lines, each `width` cells (cut with an ellipsis, padded)."""
        names = ("entry-list--entry", "entry-list--entry-highlighted") if highlighted else ("entry-list--entry",)
        style = self.get_visual_style(*names)
        padding = self.get_component_styles("entry-list--entry").padding
        lines = list(self._prompt(index))[: self._lines]
        lines += [Content("")] * (self._lines - len(lines))
        inner = max(0, width - padding.width)
        strips = []
        for line in lines:
            cut = line.truncate(inner, ellipsis=True, pad=True)
            strip = Visual.to_strips(self, cut, inner, 1, style, pad=True)[0]
            strips.append(Strip.join([Strip.blank(padding.left, style.rich_style), strip,
                                      Strip.blank(padding.right, style.rich_style)]).crop_extend(
                0, width, style.rich_style))
        return strips

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache_owner = None

    def _refresh_highlighted(self) -> None:
        if self.highlighted is not None:
            top = round(self.scroll_y)
            self.refresh(Region(0, self.highlighted * self._lines - top, self.scrollable_content_region.width,
                                self._lines))

    def on_focus(self, _event: events.Focus) -> None:
        self._refresh_highlighted()

    def on_blur(self, _event: events.Blur) -> None:
        self._refresh_highlighted()

    def on_resize(self, _event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._count * self._lines)
        if self.highlighted is not None:
            self.scroll_to_region(Region(0, self.highlighted * self._lines, self.scrollable_content_region.width,
                                         self._lines), animate=False, immediate=True, force=True)
