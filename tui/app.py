"""The Textual application: opens one article in the reader, or several in the picker."""

from __future__ import annotations

import asyncio
import gc
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any, ClassVar, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from parsers.errors import LiveBlogError
from parsers.normalise.clean import clean_inline, clean_text
from tui.articles import Article, Settings
from tui.commands import FacetCommands
from tui.internals import active_keymap
from tui.loading import INPUT_CLOCK
from tui.prefs import load_prefs, save_prefs

T = TypeVar("T")


class DaemonThreads(ThreadPoolExecutor):
    """An executor running each call in a new daemon thread, and never waiting for them on shutdown.

    (A `ThreadPoolExecutor` only in name, since asyncio's default executor must be one: its pool
    is never used.)

    Textual runs thread workers (parsing, enrichment, reloads) through the event loop's default
    executor. A thread pool's threads are joined when the loop closes and again when Python
    exits, so quitting during the enrichment of a big article left the process running until it
    finished (minutes). Daemon threads end with the process; the workers only compute (state
    and exports are written on the event loop), so nothing is lost by not waiting for them.
    """

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        """Start `fn(*args, **kwargs)` in a new daemon thread; return its future."""
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to whoever awaits the future, as a pool does
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="liveblog-worker", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Return at once: the daemon threads are not waited for."""


class LiveblogApp(App[None]):
    """The live-blog reader. `articles` were checked (and a single small one parsed) before start."""

    CSS_PATH = "app.tcss"
    TITLE = "liveblog"
    COMMANDS: ClassVar = App.COMMANDS | {FacetCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help", key_display="?"),
    ]

    def __init__(self, articles: list[Article], settings: Settings | None = None, *, gc_paused: bool = False) -> None:
        """`gc_paused`: the caller disabled the garbage collector for the start-up (`tui.launch`); it is
        enabled again once the first frame is shown, see `on_ready`."""
        super().__init__()
        self._gc_paused = gc_paused
        self.articles = articles
        self.settings = settings or Settings()
        self.prefs, self._prefs_warning = load_prefs()
        self.theme = self.prefs.theme if self.prefs.theme in self.available_themes else "textual-dark"

    def on_load(self) -> None:
        """Take from each article's child process (`tui.offload`) what its first frame shows.

        Here rather than before the app is built: the child goes on parsing while Textual reads
        the stylesheets. A file that does not parse ends the app before the terminal is switched
        to the app's screen; `tui.launch` prints its one line. So does Ctrl+C while waiting.
        """
        # Before any screen starts a worker: thread workers run in daemon threads (see DaemonThreads).
        asyncio.get_running_loop().set_default_executor(DaemonThreads())
        # The terminal is not in the app's mode yet, so Ctrl+C is a SIGINT; asyncio's handler would
        # cancel the app's task at its next await, halfway through mounting the first screen.
        # While waiting here it is a KeyboardInterrupt instead, and the app ends before it starts.
        in_main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.default_int_handler) if in_main_thread else None
        try:
            for article in self.articles:
                try:
                    article.take_parse(self.settings)
                except LiveBlogError as exc:
                    article.error = str(exc)
                    self.exit(None, return_code=2)
                    return
        except KeyboardInterrupt:
            self.exit(None, return_code=130)
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._prefs_warning:
            self.notify(self._prefs_warning, title="Preferences", severity="warning", timeout=8, markup=False)
        for notice in self.settings.library.notices:  # e.g. a damaged library set aside
            self.notify(notice, title="Library", severity="warning", timeout=8, markup=False)

    def on_ready(self) -> None:
        """The first frame is shown: everything alive now lives as long as the app, so it is frozen out
        of the garbage collector's reach (later collections, during keystrokes, do not walk it), and
        collecting starts again (`tui.launch` paused it for the start-up)."""
        if self._gc_paused:
            self._gc_paused = False
            gc.freeze()
            gc.enable()

    def _theme_changed(self, theme: Theme) -> None:
        """Remember the theme chosen (from the command palette) for the next session."""
        if theme.name == self.prefs.theme:
            return
        self.prefs.theme = theme.name
        try:
            save_prefs(self.prefs)
        except OSError as exc:
            self.notify(f"Could not save the theme: {exc}", severity="error", markup=False)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a notification; its text is cleaned like article text and never read as markup.

        Every notification of the reader passes here (`Screen.notify` and `Widget.notify` call
        the app's): messages carry file paths, error texts and data-dir paths from the
        environment, any of which can hold escape sequences. `markup` is accepted for Textual's
        signature and ignored: no notification text is markup.
        """
        super().notify(clean_text(message), title=clean_inline(title), severity=severity, timeout=timeout,
                       markup=False)

    async def on_event(self, event: events.Event) -> None:
        # Background loading pauses while the user types or clicks (see `tui.loading`).
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)):
            INPUT_CLOCK.touch()
        await super().on_event(event)

    def get_default_screen(self) -> Screen[None]:
        """Return the first screen: the reader for one article, else the picker.

        The first screen itself rather than pushed over Textual's empty default one: that one
        was laid out, resized and painted too before the first frame a reader sees.
        """
        # Imported here, not at the top: `liveblog library` opens without the reader's modules.
        from tui.screens.reader import ReaderScreen

        if len(self.articles) == 1 and self.articles[0].follower is not None:
            from tui.screens.url_reader import UrlReaderScreen

            return UrlReaderScreen(self.articles[0], self.settings, self.articles[0].follower)
        if len(self.articles) == 1:
            return ReaderScreen(self.articles[0], self.settings)
        from tui.screens.picker import PickerScreen

        return PickerScreen(self.articles, self.settings)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, and in the reader: open or copy the article's address or the update's permalink."""
        from tui.screens.reader import ReaderScreen

        yield from super().get_system_commands(screen)
        if isinstance(screen, ReaderScreen):
            yield SystemCommand("Open the article's page", "In the browser (w)",
                                partial(screen.action_open_page, "article"))
            yield SystemCommand("Open the update's permalink", "In the browser (W)",
                                partial(screen.action_open_page, "update"))
            yield SystemCommand("Copy the article's address", "To the clipboard",
                                partial(screen.copy_address, "article"))
            yield SystemCommand("Copy the update's permalink", "To the clipboard (Y)",
                                partial(screen.copy_address, "update"))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, help_content
        from tui.screens.reader import ReaderScreen
        from tui.widgets.detail import DetailPane
        from tui.widgets.timeline import Timeline

        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        reader_bindings = [
            # Only the keys that work here: "Esc: back to the article list" needs a list to go back to.
            b for b in getattr(screen, "HELP_BINDINGS", ReaderScreen.BINDINGS)
            if not isinstance(b, Binding)
            or (b.id != "reader.help" and (not isinstance(screen, ReaderScreen)
                                           or screen.check_action(b.action.partition("(")[0], ()) is not False))
        ]
        sections = [
            ("Timeline", Timeline.BINDINGS),
            ("Detail pane", DetailPane.BINDINGS),
            ("Reader", reader_bindings),
            ("Application", self.BINDINGS),
        ]
        self.push_screen(HelpScreen(help_content(sections, active_keymap(self))))
