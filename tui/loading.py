"""Loading an article in the background: the whole parse after a preview, then enrichment in steps.

No Textual here. The work runs on a daemon thread, one small step at a time, and hands each
result to the event loop; between steps it stops when asked (the reader was closed), and it
pauses while the user is typing, so that keystrokes never share the interpreter with it. Being
a daemon, the thread never keeps the process alive: quitting ends the work at once.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from parsers.model import LiveBlog
from parsers.pipeline import enrich_blog_steps

if TYPE_CHECKING:
    from tui.offload import ChildLoad

T = TypeVar("T")

# Background steps wait until the user has not pressed a key for this long.
QUIET_AFTER_INPUT = 0.15


class InputClock:
    """When the user last gave input; background work pauses for `QUIET_AFTER_INPUT` after it."""

    def __init__(self) -> None:
        self.last = 0.0

    def touch(self) -> None:
        """Note input now (called by the app on every key and mouse event)."""
        self.last = time.monotonic()

    def wait_for_quiet(self, stop: threading.Event) -> None:
        """Block (without holding the interpreter) until no input came for `QUIET_AFTER_INPUT`, or `stop`."""
        while not stop.is_set():
            left = self.last + QUIET_AFTER_INPUT - time.monotonic()
            if left <= 0:
                return
            stop.wait(left)


INPUT_CLOCK = InputClock()


@dataclass(frozen=True, slots=True)
class _End(Generic[T]):
    """The end of a step iterator: with the exception it raised, if any."""

    error: BaseException | None = None


async def steps_in_thread(
    make_steps: Callable[[], Iterator[T | None]], stop: threading.Event, clock: InputClock = INPUT_CLOCK
) -> AsyncIterator[T]:
    """Run the iterator `make_steps()` on a daemon thread; yield its non-None items on the event loop.

    Between two items the thread checks `stop` (set it to end the work; closing this async
    iterator sets it too) and waits while the user is typing (`clock`). An exception raised by
    the steps is raised here. None items are only points where the work may stop or pause.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[T | _End[T]] = asyncio.Queue()

    def post(item: T | _End[T]) -> bool:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, item)
        except RuntimeError:  # the event loop is closed: the app has gone
            stop.set()
            return False
        return True

    def run() -> None:
        try:
            for item in make_steps():
                if stop.is_set():
                    return
                if item is not None and not post(item):
                    return
                clock.wait_for_quiet(stop)
        except BaseException as exc:  # handed to the event loop, which raises it
            post(_End(exc))
        else:
            post(_End())

    threading.Thread(target=run, name="liveblog-loading", daemon=True).start()
    try:
        while True:
            item = await queue.get()
            if isinstance(item, _End):
                if item.error is not None:
                    raise item.error
                return
            yield item
    finally:
        stop.set()


@dataclass(frozen=True, slots=True)
class Loaded:
    """One result of `load_steps`: the blog to show, and whether it is complete and enriched."""

    blog: LiveBlog
    whole: bool  # every update is in (not a preview of the first ones)
    enriched: bool  # quotes, speakers and topics are all in (the last step)


def load_steps(
    parse_whole: Callable[[], LiveBlog] | None, blog: LiveBlog | None, topics_file: str | None
) -> Iterator[Loaded | None]:
    """Yield the steps of loading an article: its whole parse, then its enrichment in part and in full.

    `parse_whole` parses the article when `blog` is None or only a preview; otherwise `blog` is
    the whole, un-enriched parse. The enrichment yields `Loaded` blogs with more and more topics
    and speakers filled in (`enriched` False), then the last of them again with `enriched` True.
    """
    if parse_whole is not None:
        blog = parse_whole()
        yield Loaded(blog, whole=True, enriched=False)
    assert blog is not None
    latest = blog
    for step in enrich_blog_steps(blog, topics_file, partial=True):
        if step is not None:
            latest = step
            yield Loaded(step, whole=True, enriched=False)
        else:
            yield None
    yield Loaded(latest, whole=True, enriched=True)  # the same blog as the last step: now known to be the last


def child_steps(
    child: ChildLoad, blog: LiveBlog | None, parse_whole: Callable[[], LiveBlog] | None, topics_file: str | None
) -> Iterator[Loaded | None]:
    """Yield what `child` sends: its whole parse (unless `blog` is it already), then its enrichment.

    `blog` is the whole parse taken from the child before, or None while it is still to come (a
    large file shown as a preview or a progress bar). Where the child failed, the work is done
    here as `load_steps` does it (`parse_whole` parses the file). Raises `LiveBlogError` when the
    child's parse or enrichment refused, as `load_steps` would.
    """
    if blog is None:
        child.wait()
        yield None  # decoding a large blog takes the interpreter: not while the user types
        blog = child.parsed()
        if blog is None:
            yield from load_steps(parse_whole, None, topics_file)
            return
        yield Loaded(blog, whole=True, enriched=False)
    child.wait()
    yield None
    enriched = child.enriched()
    if enriched is None:
        yield from load_steps(None, blog, topics_file)
    else:
        yield Loaded(enriched, whole=True, enriched=True)
