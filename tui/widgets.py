"""Small widgets of the reader screen: header, detail pane, facet picker and search bar."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, SelectionList, Static
from textual.widgets.selection_list import Selection

FACET_LABELS = {"speakers": "Speakers", "topics": "Topics"}


class DetailPane(VerticalScroll, can_focus=True):
    """The selected update in full; scrolls with the keyboard when focused."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", id="detail.down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", id="detail.up", show=False),
        Binding("g,home", "scroll_home", "Top", id="detail.top", show=False),
        Binding("G,end", "scroll_end", "Bottom", id="detail.bottom", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="detail-body")

    def show(self, content: Content) -> None:
        """Replace the pane's text with `content` and scroll back to its top."""
        self.query_one("#detail-body", Static).update(content)
        self.scroll_home(animate=False, immediate=True)


class FacetPanel(Vertical):
    """A multi-select list of speaker or topic names with their update counts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the list itself would take enter to toggle; here space toggles and enter is done.
        Binding("escape,enter", "close", "Done", id="facets.close", priority=True),
    ]

    class Changed(Message):
        """The chosen names of a facet changed (posted on every toggle)."""

        def __init__(self, facet: str, names: frozenset[str]) -> None:
            self.facet = facet
            self.names = names
            super().__init__()

    class Closed(Message):
        """The user is done picking."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.facet = "speakers"
        self._filling = False

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="facet-title")
        yield SelectionList[str](id="facet-list")

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
        event.stop()
        if not self._filling:
            self.post_message(self.Changed(self.facet, frozenset(event.selection_list.selected)))

    def action_close(self) -> None:
        self.display = False
        self.post_message(self.Closed())


class SearchBar(Input):
    """The free-text search field: every keystroke re-filters; escape or enter returns to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Done", id="search.done"),
    ]

    class Done(Message):
        """The user left the search field."""

    def action_done(self) -> None:
        self.post_message(self.Done())

    async def action_submit(self) -> None:
        self.post_message(self.Done())
