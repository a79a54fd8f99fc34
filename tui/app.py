"""The Textual application: opens one article in the reader, or several in the picker."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui.articles import Article, Settings
from tui.commands import FacetCommands
from tui.internals import active_keymap
from tui.screens.help import HelpScreen, help_content
from tui.screens.reader import ReaderScreen
from tui.widgets.detail import DetailPane
from tui.widgets.timeline import Timeline


class LiveblogApp(App[None]):
    """The live-blog reader. `articles` were checked (and a single small one parsed) before start."""

    CSS_PATH = "app.tcss"
    TITLE = "liveblog"
    COMMANDS: ClassVar = App.COMMANDS | {FacetCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
    ]

    def __init__(self, articles: list[Article], settings: Settings | None = None) -> None:
        super().__init__()
        self.articles = articles
        self.settings = settings or Settings()
        self.theme = "textual-dark"

    def get_default_screen(self) -> Screen[None]:
        """Return the first screen: the reader for one article, else the picker.

        The first screen itself rather than pushed over Textual's empty default one: that one
        was laid out, resized and painted too before the first frame a reader sees.
        """
        if len(self.articles) == 1 and self.articles[0].follower is not None:
            from tui.screens.url_reader import UrlReaderScreen

            return UrlReaderScreen(self.articles[0], self.settings, self.articles[0].follower)
        if len(self.articles) == 1:
            return ReaderScreen(self.articles[0], self.settings)
        from tui.screens.picker import PickerScreen

        return PickerScreen(self.articles, self.settings)

    def on_mount(self) -> None:
        for notice in self.settings.library.notices:  # e.g. a damaged library set aside
            self.notify(notice, title="Library", severity="warning", timeout=8, markup=False)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Timeline", Timeline.BINDINGS),
            ("Detail pane", DetailPane.BINDINGS),
            ("Reader", getattr(self.screen, "HELP_BINDINGS", ReaderScreen.BINDINGS)),
            ("Application", self.BINDINGS),
        ]
        self.push_screen(HelpScreen(help_content(sections, active_keymap(self))))
