"""Shared helpers of the reader's Pilot tests: build an app, read the screen, wait for it to settle."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from conftest import build_reader_blog
from textual.pilot import Pilot

from parsers.model import LiveBlog
from tui.app import LiveblogApp
from tui.articles import Article, Settings, prepare
from tui.internals import screen_strips, shown_notifications
from tui.screens.reader import ReaderScreen
from tui.widgets.timeline import Timeline

SIZE = (120, 40)  # every Pilot test runs at a fixed size unless it says otherwise


def reader_app(blog: LiveBlog | None = None) -> LiveblogApp:
    """Return an app showing `blog` (default: the small reader blog of conftest)."""
    blog = blog or build_reader_blog()
    return LiveblogApp([Article(path=blog.source.path, blog=blog)])


def sample_app(sample_path: Path) -> LiveblogApp:
    """Return an app opening the sample file as the `liveblog` command would."""
    return LiveblogApp(prepare([str(sample_path)], Settings()))


def reader(app: LiveblogApp) -> ReaderScreen:
    """Return the reader screen (fails if another screen is on top)."""
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def screen_text(app: LiveblogApp) -> str:
    """Return every cell of the current screen as text, one line per row."""
    return "\n".join("".join(segment.text for segment in strip) for strip in screen_strips(app))


def timeline_rows(app: LiveblogApp) -> list[str]:
    """Return the timeline's visible rows as text."""
    timeline = app.screen.query_one(Timeline)
    return [timeline.render_line(y).text for y in range(timeline.scrollable_content_region.height)]


def detail_text(app: LiveblogApp) -> str:
    """Return the detail pane's text."""
    body = app.screen.query_one("#detail-body")
    return str(body.render())


def status(app: LiveblogApp) -> str:
    """Return the status line's text."""
    return str(app.screen.query_one("#status").render())


def notifications(app: LiveblogApp) -> list[str]:
    """Return the texts of the notifications shown."""
    return [str(n.message) for n in shown_notifications(app)]


async def settle(pilot: Pilot[None]) -> None:
    """Wait for every worker to finish and the screen to process what they posted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Let the app run until `condition()` holds (checked after each idle point), or fail after `timeout` s.

    For work the app finishes on its own schedule (the command palette searches in a worker, a
    burst of keys is handled one message at a time): no fixed sleep, and no longer than needed.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout} s")
        await pilot.pause()
