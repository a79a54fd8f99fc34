"""Every use of Textual's private API, in one place, each with the reason it is needed.

Textual is pinned to the exact version these were checked against (`pyproject.toml`:
``textual==8.2.8``). Upgrading Textual means re-reading each function below against the new
source; the full-repaint equality tests (`tests/test_tui.py`: a partial repaint must give the
same screen as a full one) and the keystroke probe (`bench/_tui_probe.py`) are the guards.

Nothing else in `tui/` (or `bench/`) touches an underscore attribute of a Textual object.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import events
from textual.app import App
from textual.content import Content
from textual.geometry import Size
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget, _RenderCache
from textual.widgets import SelectionList, Static


def rendered_lines(widget: Widget) -> tuple[Size, list[Strip]] | None:
    """Return the size and lines a widget last rendered, or None when a repaint is pending.

    Why: `DetailBody.replace_lines` compares new lines with those on screen to repaint only the
    lines that changed; Textual exposes no public view of a widget's rendered lines.
    """
    if widget._dirty_regions:
        return None
    cache = widget._render_cache
    return cache.size, list(cache.lines)


def install_rendered_lines(static: Static, content: Content, visual: Visual, strips: list[Strip]) -> None:
    """Make `strips` the lines `static` shows for `content`, with no re-render on the next paint.

    Why: `Static.update` throws the rendered lines away and re-renders the whole text on the next
    paint (and asks for a layout); a search keystroke that only moves highlights would pay that
    for every line. Sets Static's name-mangled content and visual (what `content` and `render()`
    return from now on) and Widget's render cache. The caller then refreshes the changed lines;
    `forget_dirty_regions` afterwards keeps those lines from being rendered again.
    """
    static._Static__content = content  # type: ignore[attr-defined]
    static._Static__visual = visual  # type: ignore[attr-defined]
    static._render_cache = _RenderCache(static.size, strips)


def forget_dirty_regions(widget: Widget) -> None:
    """Drop the regions marked for re-rendering: the lines installed are already rendered.

    Why: `refresh(region)` both marks the region for the compositor (wanted) and for the widget's
    own re-render (not wanted, the lines are installed by `install_rendered_lines`).
    """
    widget._dirty_regions.clear()


def toggle_selection(selection_list: SelectionList[Any], value: Any) -> tuple[int, int] | None:
    """Toggle `value` in `selection_list` without repainting it; return its (first line, height).

    Returns None when the option has no cached line (not rendered yet): repaint the whole list.
    Why: `SelectionList.toggle` repaints every visible line; only the toggled option changed.
    """
    selection_list._toggle(value)
    index = selection_list._values[value]
    line = selection_list._line_cache.index_to_line.get(index)
    height = selection_list._line_cache.heights.get(index)
    if line is None or height is None:
        return None
    return line, height


def update_scrollbars(view: ScrollView, size: Size) -> None:
    """Tell a scroll view's scrollbars its new virtual size without a screen-wide layout.

    Why: assigning `virtual_size` re-lays out the whole screen; a filter keystroke that keeps the
    scrollbar's presence only needs the scrollbar itself updated.
    """
    view._scroll_update(size)


def active_keymap(app: App[Any]) -> Mapping[str, str]:
    """Return the app's key remapping (binding id -> keys), as set with `App.set_keymap`.

    Why: the help screen shows the keys in force; Textual has a setter but no public getter.
    """
    return dict(app._keymap)


def work_pending(app: App[Any]) -> bool:
    """Return True while the screen still has something to paint or to run after a paint.

    That is: widgets marked dirty, a layout, scroll or repaint asked for, callbacks waiting for
    the next refresh (`call_after_refresh`), or a widget with messages still queued or a
    repaint/layout it has not yet passed to the screen.
    Why: the keystroke benchmark stops its clock only when a key's whole effect is painted;
    Textual's Pilot waits a fixed time instead.
    """
    screen: Any = app.screen  # private attributes, some untyped: checked against Textual's source
    if (
        screen._dirty_widgets
        or screen._layout_required
        or screen._scroll_required
        or screen._repaint_required
        or screen._callbacks
        or screen._compositor._dirty_regions
    ):
        return True
    queue: Any = app._message_queue
    if queue.qsize():
        return True
    return any(
        widget._message_queue.qsize() or widget._repaint_required or widget._layout_required or widget._scroll_required
        for widget in screen.walk_children(with_self=True)
    )


async def wait_for_screen(pilot: Pilot[Any]) -> None:
    """Wait until every widget of the screen has handled its queued messages.

    Why: `Pilot.pause` sleeps a fixed time; the keystroke benchmark needs the moment the work ends.
    """
    await pilot._wait_for_screen()


def send_to_driver(app: App[Any], event: events.Event) -> None:
    """Deliver `event` as the terminal driver would (the path a real key press takes).

    Why: `Pilot.press` also sleeps at least 2 x 20 ms per key, which would hide the app's latency.
    """
    assert app._driver is not None
    app._driver.send_message(event)


def screen_strips(app: App[Any]) -> list[Strip]:
    """Return every row of the current screen as the compositor would paint it now.

    Why: tests and the tmux-free checks read what a user would see, cell by cell; Textual has
    no public "render the screen to strips" call outside its snapshot machinery.
    """
    strips: list[Strip] = app.screen._compositor.render_strips()
    return strips


def shown_notifications(app: App[Any]) -> list[Notification]:
    """Return the notifications the app is showing (or about to show), oldest first.

    Why: tests check a notification's text; Textual keeps them in a private collection.
    """
    return list(app._notifications)


def closing(widget: Widget) -> bool:
    """Return True once `widget` is being removed (its screen closed, the app quitting) or is gone.

    Why: a worker of a screen (the background load, a poll) may resume after Textual began
    removing the screen's widgets and before it cancels the screen's workers; it must then
    leave the widgets alone. Textual marks such widgets (`_pruning`, `_closing`, `_closed`)
    without a public flag.
    """
    return widget._pruning or widget._closing or widget._closed
