"""Child process for the reader measures: start-up to first frame, and keystroke latency.

``python -m bench._tui_probe startup PATH`` runs ``liveblog PATH`` (through `tui.cli.main`, so
argument parsing, loading and the app's own start-up are all counted) headless at 120x40, and
prints ``FIRST_FRAME`` when Textual reports its first frame displayed (the `Ready` event),
``CONTENT`` at the first frame whose timeline shows rows (real headlines: no progress widget
in view), then ``LOADED`` once no worker is running and the screen has refreshed again.
``python -m bench._tui_probe startup --bare`` does the same for `bench._bare_app.BareApp`, and
``startup library`` for the library screen (``liveblog library``; content: its list shows blogs).
With ``LIVEBLOG_PROBE_UNTIL=CONTENT`` (or ``FIRST_FRAME``) in the environment the process ends
right after printing that word (`bench.instructions`).

``python -m bench._tui_probe keys PATH`` opens the reader in-process with `App.run_test`, types
a search with the Pilot and prints one JSON line with the milliseconds from each key press
until nothing it caused is left to paint (the timeline, the detail pane, the status line).
``keys --bare`` types the same keys into the bare app's search input. ``keys --during-load PATH``
types them as soon as the timeline shows rows, while the rest of the load (the whole parse,
enrichment) still runs, and reports how many keys were typed before it ended. ``keys --during-poll
URL`` follows a URL, types them once the blog is loaded (``idle_ms``), asks for a poll and types
them again while it runs (``samples_ms``): the server is to send a new version from its second
request on (`bench.follow --keys`).

The reader is found without knowing its class: `App.run` is patched so that whatever app
`tui.launch` builds is run under this probe. If the reader never starts an app (not built
yet), nothing is printed and the parent reports "n/a".
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: the start-up probe must not import Textual before the reader does
    from collections.abc import Sequence

    from textual.app import App
    from textual.pilot import Pilot

SIZE = (120, 40)
SEARCH_WORDS = ("sarin", "nato", "korea")
TIMEOUT = 120.0
SETTLE_ROUNDS = 20  # extra refresh rounds a key may need before nothing it caused is left to paint


# With ``startup --until-content``: the process ends at once after this word (`bench.instructions`
# counts the work up to the first frame with content, not the exit).
_LAST_WORD = os.environ.get("LIVEBLOG_PROBE_UNTIL")


def _say(word: str, **data: Any) -> None:
    """Print one protocol line for the parent (flushed at once, since the parent times it)."""
    if word == _LAST_WORD:
        print(word, json.dumps({**data, "pid": os.getpid()}), flush=True)
        os._exit(0)
    print(word, json.dumps(data), flush=True)


async def _settle(app: App[Any]) -> None:
    """Wait until no worker runs and the screen has processed a refresh."""
    for _ in range(1000):
        await app.workers.wait_for_complete()
        refreshed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def mark(future: asyncio.Future[None] = refreshed) -> None:
            if not future.done():
                future.set_result(None)

        app.call_after_refresh(mark)
        await asyncio.wait_for(refreshed, TIMEOUT)
        if not any(w.is_running for w in app.workers):
            return


def _progress_widgets(app: App[Any]) -> list[str]:
    """Return the names of the progress/loading widgets visible on the current screen."""
    names = []
    for widget in app.screen.query("*"):
        kind = type(widget).__name__
        if ("Loading" in kind or "Progress" in kind or widget.loading) and widget.region:
            names.append(kind)
    return names


def _timeline_rows(app: App[Any]) -> int:
    """Return how many rows the screen's timeline (the widget with id "timeline", or the library
    screen's list, "library-list") holds, 0 if none.

    Counted the same way for the reader's own list and for a Textual `OptionList` (or the library's
    `EntryList`): options, or else the height of its scrollable content. Hidden or unlaid widgets count 0.
    """
    for widget in app.screen.query("#timeline, #library-list"):
        if not widget.display or not widget.region:
            return 0
        count = getattr(widget, "option_count", None)
        return int(count if count is not None else widget.virtual_size.height)
    return 0


def _has_content(app: App[Any]) -> bool:
    """Return True when the timeline shows rows and no progress widget is in view."""
    return _timeline_rows(app) > 0 and not _progress_widgets(app)


async def wait_for_content(app: App[Any]) -> None:
    """Return after the first refresh at which the timeline shows rows (checked every 5 ms)."""
    while not _has_content(app):
        await asyncio.sleep(0.005)
    await _after_refresh(app)


def _instrument(app: App[Any]) -> None:
    """Make `app` report its first frame, its first frame with content and its loaded state, then exit."""
    base = type(app)

    async def on_ready(self: App[Any]) -> None:
        _say("FIRST_FRAME", progress=_progress_widgets(self), screen=type(self.screen).__name__)
        bare = isinstance(self, _bare_app_class())
        if not bare and _has_content(self):  # the first frame has headlines: it is the content frame
            _say("CONTENT", rows=_timeline_rows(self))

        async def finish() -> None:
            if not bare and not _has_content(self):
                await wait_for_content(self)
                _say("CONTENT", rows=_timeline_rows(self))
            await _settle(self)
            _say("LOADED")
            self.exit()

        asyncio.get_running_loop().create_task(finish())

    app.__class__ = type(f"Probe{base.__name__}", (base,), {"on_ready": on_ready})


def _bare_app_class() -> type[App[Any]]:
    from bench._bare_app import BareApp

    return BareApp


class _PatchOnImport(MetaPathFinder):
    """Calls `patch(module)` right after the module named `name` is first imported."""

    def __init__(self, name: str, patch: Callable[[ModuleType], None]) -> None:
        self.name, self.patch = name, patch

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader, patch = spec.loader, self.patch
        execute = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            execute(module)
            patch(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def run_startup(argv: list[str]) -> int:
    """Start the reader (or the bare app) headless and report its first frame."""
    if argv == ["--bare"]:
        from bench._bare_app import BareApp

        app = BareApp()
        _instrument(app)
        app.run(headless=True, size=SIZE)
        return 0

    def patch(module: ModuleType) -> None:
        app_class = module.App
        original = app_class.run

        def probe_run(self: App[Any], *args: Any, **kwargs: Any) -> Any:
            _instrument(self)
            return original(self, headless=True, size=SIZE)

        app_class.run = probe_run

    # The reader imports Textual when it chooses to (the real program's order, which may overlap
    # other work): `App.run` is patched as `textual.app` is first imported, not imported here.
    sys.meta_path.insert(0, _PatchOnImport("textual.app", patch))
    from tui.cli import main

    main(argv)
    return 0


async def _after_refresh(app: App[Any]) -> None:
    """Return once the app has processed its pending messages and refreshed the screen."""
    refreshed: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def mark() -> None:
        if not refreshed.done():
            refreshed.set_result(None)

    app.call_after_refresh(mark)
    await asyncio.wait_for(refreshed, TIMEOUT)


async def wait_until_painted(pilot: Pilot[Any]) -> None:
    """Return once every widget has handled its messages, a refresh has run, and nothing is left to paint.

    Repeats the wait (at most `SETTLE_ROUNDS` more times) while `tui.internals.work_pending` sees work that
    the app deferred to a later frame, so such work is counted in a keystroke's time.
    """
    from tui.internals import wait_for_screen, work_pending

    await wait_for_screen(pilot)
    await _after_refresh(pilot.app)
    for _ in range(SETTLE_ROUNDS):
        if not work_pending(pilot.app):
            break
        await wait_for_screen(pilot)
        await _after_refresh(pilot.app)


async def _timed_key(pilot: Pilot[Any], key: str) -> float:
    """Send one key as the terminal would and return the ms until the screen has repainted.

    `Pilot.press` sleeps at least 2 x 20 ms per key by design (it waits for the process to look
    idle), so the key goes to the driver directly, as `Pilot.press` does, and the clock stops
    when every widget of the screen has handled its messages and a refresh has run, repeated
    while anything the key caused is still waiting to be painted (`tui.internals.work_pending`): work the
    app defers to a later frame (say the detail pane, after the timeline) is counted too.
    """
    from textual import events

    from tui.internals import send_to_driver

    app = pilot.app
    char = key if len(key) == 1 else {"backspace": "\x08", "space": " "}.get(key)
    event = events.Key(key, char)
    event.set_sender(app)
    start = time.perf_counter()
    send_to_driver(app, event)
    await wait_until_painted(pilot)
    return (time.perf_counter() - start) * 1000


async def _type_and_time(app: App[Any], keys: list[str], bare: bool = False, during_load: bool = False) -> list[float]:
    """Open the search with the Pilot, then time each key of `keys` to the repainted screen.

    With `bare`, the app is `BareApp` and its search input is focused instead. With
    `during_load`, the keys are typed as soon as the timeline shows rows, not once loaded;
    then the number of keys typed before the load ended is printed as ``DURING``.
    """
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        if during_load:
            await wait_for_content(app)
        else:
            await _settle(app)
        if bare:
            app.set_focus(app.query_one("#search"))
        else:
            await pilot.press("slash")
        if not during_load:
            await _settle(app)
        loading = 0
        for key in keys:
            loading += any(w.is_running for w in app.workers)
            samples.append(await _timed_key(pilot, key))
        if during_load:
            _say("DURING", keys_while_loading=loading, still_loading=any(w.is_running for w in app.workers))
        await pilot.press("escape")
    return samples


async def _type_during_poll(app: App[Any], keys: list[str]) -> tuple[list[float], list[float]]:
    """Open the search of a reader following a URL once its first version is in (parsed whole and
    enriched), time `keys` typed then (idle), ask for a poll (`r`), and time `keys` again, over and
    over, for as long as that poll runs; return both lists of milliseconds and print ``DURING``."""
    async with app.run_test(size=SIZE) as pilot:
        await _settle(app)
        await pilot.press("slash")
        await _settle(app)
        idle = [await _timed_key(pilot, key) for key in keys]
        screen: Any = app.screen
        screen.action_reload()  # the server sends the page's next version from its second request on

        def polling() -> bool:
            return any(w.group == "fetch" and not w.is_finished for w in app.workers)

        during: list[float] = []
        while polling():
            for key in keys:
                if not polling():
                    break
                during.append(await _timed_key(pilot, key))
        _say("DURING", keys_while_polling=len(during), new_updates=len(screen.new_ids),
             updates=len(screen.updates))
        await pilot.press("escape")
    return idle, during


def run_keys(argv: list[str]) -> int:
    """Open the reader on a file in-process and time search keystrokes; print one JSON line."""
    keys = [key for word in SEARCH_WORDS for key in (*word, *(["backspace"] * len(word)))]
    if argv == ["--bare"]:
        from bench._bare_app import BareApp

        samples = asyncio.run(_type_and_time(BareApp(), keys, bare=True))
        _say("KEYS", samples_ms=samples, keys=keys)
        return 0
    during_load = argv[:1] == ["--during-load"]
    during_poll = argv[:1] == ["--during-poll"]
    argv = argv[1:] if during_load or during_poll else argv
    from textual.app import App

    if during_poll:

        def polled_run(self: App[Any], *args: Any, **kwargs: Any) -> Any:
            idle, during = asyncio.run(_type_during_poll(self, keys))
            _say("KEYS", samples_ms=during, idle_ms=idle, keys=keys)
            return 0

        App.run = polled_run  # type: ignore[method-assign]
        from tui.cli import main as reader_main

        reader_main(argv)
        return 0

    def typing_run(self: App[Any], *args: Any, **kwargs: Any) -> Any:
        # Typed where the app would run, so that what the reader starts before it (a child
        # process parsing, see tui.offload) and ends after it is as in a real session.
        samples = asyncio.run(_type_and_time(self, keys, during_load=during_load))
        _say("KEYS", samples_ms=samples, keys=keys)
        return 0

    App.run = typing_run  # type: ignore[method-assign]
    from tui.cli import main

    main(argv)
    return 0


def main(argv: list[str]) -> int:
    """Dispatch to the `startup` or `keys` probe."""
    if not argv or argv[0] not in ("startup", "keys"):
        raise SystemExit("usage: python -m bench._tui_probe startup PATH|--bare | "
                         "keys [--during-load|--during-poll] PATH|URL|--bare")
    return run_startup(argv[1:]) if argv[0] == "startup" else run_keys(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
