"""Small widgets of the reader screen: header, detail pane, facet picker and search bar."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, Self

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.visual import Visual, visualize
from textual.widget import Widget
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from parsers.normalise.clean import clean_inline
from tui.internals import forget_dirty_regions, install_rendered_lines, rendered_lines, toggle_selection

FACET_LABELS = {"speakers": "Speakers", "topics": "Topics"}


class DetailBody(Static):
    """The detail pane's text, repainted line by line: only the lines whose look changed are
    marked for painting (a search keystroke usually moves the highlights on a few lines).
    """

    def replace_lines(self, content: Content, min_height: int) -> bool:
        """Show `content` when it needs no layout: it renders to as many lines as shown now.

        The body is `max(content lines, min_height)` tall (its CSS `min-height`). Renders the
        lines once, keeps them as the widget's rendered lines (so the next paint does not
        render the text again), and marks for repainting only the lines that differ from those
        on screen. Returns False, changing nothing, when the height would change or nothing was
        rendered yet at this size: then `update` it (private API: `tui.internals`).
        """
        width, height = self.size
        shown = rendered_lines(self)
        if shown is None or shown[0] != self.size or width <= 0:
            return False
        shown_lines = shown[1]
        visual = visualize(self, content, markup=False)
        strips = Visual.to_strips(self, visual, width, None, self.visual_style)
        if max(len(strips), min_height) != height:
            return False
        changed = [
            y
            for y in range(max(len(strips), len(shown_lines)))
            if y >= len(strips) or y >= len(shown_lines) or strips[y] != shown_lines[y]
        ]
        install_rendered_lines(self, content, visual, strips)
        if changed:
            self.refresh(*[Region(0, y, width, 1) for y in changed])
        # The lines are rendered already: no full re-render of the text on the next paint.
        forget_dirty_regions(self)
        return True


class DetailPane(VerticalScroll, can_focus=True):
    """The selected update in full; scrolls with the keyboard when focused."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", id="detail.down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", id="detail.up", show=False),
        Binding("g,home", "scroll_home", "Top", id="detail.top", show=False),
        Binding("G,end", "scroll_end", "Bottom", id="detail.bottom", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield DetailBody(Content(""), id="detail-body")

    def show(self, content: Content) -> None:
        """Replace the pane's text with `content` and scroll back to its top.

        A layout pass (screen-wide) is requested only when the text's height changes, so
        showing another update of no more than the pane's height, or re-highlighting the
        same update on each search keystroke, stays cheap.
        """
        body = self.query_one(DetailBody)
        pane_height = self.scrollable_content_region.height
        if not body.replace_lines(content, pane_height):
            width = body.content_region.width
            height = content.get_height(body.styles, width) if width > 0 else -1  # type: ignore[arg-type]
            # The body is at least as tall as the pane (`min-height` in the CSS).
            body.update(content, layout=max(height, pane_height) != body.content_region.height)
        if self.scroll_y:
            self.scroll_home(animate=False, immediate=True)


class FacetList(SelectionList[str]):
    """The facet panel's list of names. A toggle repaints the toggled option's line only (the
    list would repaint every visible line) and calls `on_toggle` at once, so that the owner
    re-filters in the same frame.
    """

    def __init__(self, *, on_toggle: Callable[[], None], id: str | None = None) -> None:
        super().__init__(id=id)
        self._on_toggle = on_toggle

    def toggle(self, selection: Selection[str] | str) -> Self:
        value = selection.value if isinstance(selection, Selection) else selection
        lines = toggle_selection(self, value)
        if lines is None:
            self.refresh()
        else:
            self.refresh_lines(*lines)
        self._on_toggle()
        return self


class FacetPanel(Vertical):
    """A multi-select list of speaker or topic names with their update counts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the list itself would take enter to toggle; here space toggles and enter is done.
        Binding("escape,enter", "close", "Done", id="facets.close", priority=True),
    ]

    class Closed(Message):
        """The user is done picking."""

    def __init__(self, *, on_change: Callable[[str, frozenset[str]], None], id: str | None = None) -> None:
        """`on_change(facet, names)` is called on each toggle with the facet's chosen names.

        A direct call rather than a message: the owner re-filters in the same frame as the tick
        mark is drawn (a message arrives a frame later, so the list would repaint twice per toggle).
        """
        super().__init__(id=id)
        self.facet = "speakers"
        self._filling = False
        self._on_change = on_change

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="facet-title")
        yield FacetList(id="facet-list", on_toggle=self._toggled)

    def open(self, facet: str, counts: Sequence[tuple[str, int]], chosen: frozenset[str]) -> None:
        """Show the names of `facet` with their counts, most frequent first, `chosen` ticked."""
        self.facet = facet
        label = FACET_LABELS[facet]
        title = f"{label}: space chooses, enter: done" if counts else f"No {label.lower()} in this article"
        self.query_one("#facet-title", Static).update(Content(title))
        options = self.query_one("#facet-list", SelectionList)
        self._filling = True
        options.clear_options()
        options.add_options(
            [
                # Names are article text: Content, never markup.
                Selection(Content.assemble(name, (f"  {count}", "$text-muted")), name, name in chosen)
                for name, count in counts
            ]
        )
        self._filling = False
        self.display = True
        options.highlighted = 0 if counts else None
        self.screen.set_focus(options)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()  # toggles are reported by `_toggled`, as they happen

    def _toggled(self) -> None:
        if self._filling:
            return
        self._on_change(self.facet, frozenset(self.query_one(FacetList).selected))

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())


class SearchBar(Widget, can_focus=True):
    """The one-line search field: every change calls `on_change(value)`; enter or escape posts `Done`.

    A small widget of its own rather than `Input`: Input re-lays out the whole screen on every
    keystroke, which would cost more than the search itself. Typing, backspace, ctrl+u (clear),
    ctrl+w (delete a word) and pasting are supported.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Done", id="search.done"),
        Binding("enter", "done", "Done", id="search.submit", show=False),
    ]

    # No repaint of its own: `on_change` re-filters and then refreshes the bar,
    # so the field and the filtered list appear in the same frame.
    value: reactive[str] = reactive("", init=False, repaint=False)

    class Done(Message):
        """The user left the search field."""

    def render(self) -> Content:
        cursor = ("▏", "$accent") if self.has_focus else ""
        hint = ("  enter or escape to return", "$text-muted") if self.has_focus else ""
        # The query is typed by the user, but it is still shown literally (never markup).
        return Content.assemble(("Search: ", "bold $text-muted"), self.value, cursor, hint)

    def __init__(self, *, on_change: Callable[[str], None], id: str | None = None) -> None:
        """`on_change(value)` is called on each change of the query.

        A direct call rather than a message: the owner re-filters while handling the key itself,
        so nothing waits for a message to travel to the screen before the next frame.
        """
        super().__init__(id=id)
        self._on_change = on_change

    def watch_value(self, value: str) -> None:
        self._on_change(value)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace":
            self.value = self.value[:-1]
        elif event.key == "ctrl+u":
            self.value = ""
        elif event.key == "ctrl+w":
            self.value = self.value.rstrip().rpartition(" ")[0]
        elif event.is_printable and event.character:
            self.value += event.character
        else:
            return
        event.stop()
        event.prevent_default()

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.value += " ".join(clean_inline(event.text).split())

    def action_done(self) -> None:
        self.post_message(self.Done())
