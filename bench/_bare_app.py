"""The start-up floor: a bare Textual app with the reader's widgets and no data.

It composes the same kinds of widget as the reader's main screen (header, a timeline list,
a scrolling detail pane, a status line and the footer) but loads no article, so the time to
its first frame is what Textual itself costs on this machine.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Input, OptionList, Static


class BareApp(App[None]):
    """Header, timeline, detail pane, search bar, status line and footer, all empty.

    Typing in its search bar is the keystroke floor: Textual's own cost of a key and a repaint.
    """

    TITLE = "liveblog"

    def compose(self) -> ComposeResult:
        """Yield the empty widgets of the reader's main screen."""
        yield Header()
        with Horizontal():
            yield OptionList(id="timeline")
            with VerticalScroll(id="detail"):
                yield Static("", id="body", markup=False)
        yield Input(placeholder="Search", id="search")
        yield Static("", id="status", markup=False)
        yield Footer()
