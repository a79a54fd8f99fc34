"""A large page read while the reader runs goes to a spawned interpreter (`ChildLoad.spawn`,
`ParseInChild`), not to a thread sharing the interpreter with the interface."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from conftest import SAMPLE
from dateutil import tz

from bench.make_big import write_blog
from parsers.errors import LiveBlogError
from parsers.model import LiveBlog
from parsers.options import ParseOptions
from parsers.pipeline import enrich_blog, parse_bytes
from tui.articles import PREVIEW_FROM_BYTES, Settings
from tui.offload import ChildLoad, ParseInChild


def _gone(pid: int) -> bool:
    """Return True when no process `pid` exists any more (killed and reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_spawned_child_parses_with_the_given_options_and_enriches_as_this_process_does() -> None:
    # The sample's times are clock times only ("9:56PM"): the day and zone come from the options.
    options = ParseOptions(date=date(2017, 4, 12), tz=tz.gettz("Europe/London"))
    data = SAMPLE.read_bytes()
    parsed = parse_bytes(data, str(SAMPLE), options)
    enriched = enrich_blog(parsed)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()  # unlike a fork, a spawn is safe with other threads running
    try:
        child = ChildLoad.spawn(data, str(SAMPLE), options, None)
    finally:
        release.set()
        other.join()
    assert child is not None
    got = child.parsed()
    assert got == parsed and not any(u.speakers for u in got.updates)
    first = got.updates[-1].datetime
    assert first is not None and first.date() == date(2017, 4, 12) and first.utcoffset() is not None
    finished = child.enriched()
    assert finished == enriched and any("Sergei Lavrov" in u.speakers for u in finished.updates)
    assert _gone(child.pid)
    # Asked for the enriched blog alone (a follower's poll), the child sends just that.
    alone = ChildLoad.spawn(data, str(SAMPLE), options, None, parsed_frame=False)
    assert alone is not None
    assert alone.enriched() == enriched and _gone(alone.pid)


def test_a_page_the_parser_refuses_gives_the_parsers_own_message() -> None:
    data = b"\x00\x01 this is not a live blog at all \x02" * 10
    with pytest.raises(LiveBlogError) as in_process:
        parse_bytes(data, "junk.bin")
    child = ChildLoad.spawn(data, "junk.bin", ParseOptions(), None)
    assert child is not None
    with pytest.raises(LiveBlogError) as from_child:
        child.parsed()
    assert str(from_child.value) == str(in_process.value)
    assert _gone(child.pid)


@pytest.fixture(scope="module")
def big_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 2,500-update HTML blog: over `PREVIEW_FROM_BYTES`, seconds to parse and enrich."""
    path = write_blog(tmp_path_factory.mktemp("big"), "html", 2_500)
    assert path.stat().st_size > PREVIEW_FROM_BYTES
    return path


def test_closing_ends_a_spawned_child_at_work_at_once(big_page: Path) -> None:
    child = ChildLoad.spawn(big_page.read_bytes(), str(big_page), ParseOptions(), None)
    assert child is not None
    time.sleep(0.3)  # started, reading the page
    start = time.monotonic()
    child.close()
    assert time.monotonic() - start < 5 and _gone(child.pid)


def test_only_a_page_large_enough_for_a_preview_is_given_a_child(big_page: Path) -> None:
    settings = Settings()
    assert settings.spawn_child(SAMPLE.read_bytes(), str(SAMPLE)) is None
    child = settings.spawn_child(big_page.read_bytes(), str(big_page))
    assert child is not None
    child.close()


class _Counted:
    """The in-process parse of a follower, counting its calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, data: bytes, url: str) -> LiveBlog:
        self.calls.append(url)
        return enrich_blog(parse_bytes(data, url))


def test_a_follower_parse_reads_a_large_page_in_a_child_and_a_small_one_here(big_page: Path) -> None:
    here = _Counted()
    parse = ParseInChild(here, partial(Settings().spawn_child, parsed_frame=False))
    data = big_page.read_bytes()
    blog = parse(data, str(big_page))
    assert here.calls == []
    assert blog == enrich_blog(parse_bytes(data, str(big_page)))
    assert len(blog.updates) == 2_500 and any(u.speakers for u in blog.updates)
    assert parse(SAMPLE.read_bytes(), str(SAMPLE)) == here(SAMPLE.read_bytes(), str(SAMPLE))
    assert here.calls == [str(SAMPLE)] * 2


def test_a_child_that_dies_leaves_the_page_to_this_process(big_page: Path) -> None:
    here = _Counted()
    started: list[ChildLoad] = []

    def start_then_die(data: bytes, url: str) -> ChildLoad | None:
        child = ChildLoad.spawn(data, url, ParseOptions(), None, parsed_frame=False)
        assert child is not None
        os.kill(child.pid, signal.SIGKILL)
        started.append(child)
        return child

    blog = ParseInChild(here, start_then_die)(SAMPLE.read_bytes(), str(SAMPLE))
    assert here.calls == [str(SAMPLE)] and len(blog.updates) == 39
    assert _gone(started[0].pid)


def test_closing_a_follower_parse_ends_its_child_and_parses_nothing_here(big_page: Path) -> None:
    here = _Counted()
    parse = ParseInChild(here, partial(Settings().spawn_child, parsed_frame=False))
    failure: list[BaseException] = []

    def poll() -> None:
        try:
            parse(big_page.read_bytes(), str(big_page))
        except LiveBlogError as exc:
            failure.append(exc)

    worker = threading.Thread(target=poll)
    worker.start()
    deadline = time.monotonic() + 10
    while not parse._running and time.monotonic() < deadline:
        time.sleep(0.01)
    children = list(parse._running)
    assert children, "no child started"
    parse.close()
    worker.join(10)
    assert not worker.is_alive() and _gone(children[0].pid)
    assert here.calls == [] and len(failure) == 1 and "closed" in str(failure[0])
    assert parse(SAMPLE.read_bytes(), str(SAMPLE)).updates  # once closed, pages are read here
    assert here.calls == [str(SAMPLE)]


def test_a_follower_parse_closed_while_its_child_starts_ends_that_child(big_page: Path) -> None:
    here = _Counted()
    started: list[ChildLoad] = []

    def start_while_closing(data: bytes, url: str) -> ChildLoad | None:
        child = Settings().spawn_child(data, url, parsed_frame=False)
        assert child is not None
        started.append(child)
        parse.close()  # the reader closes between the child's start and its being tracked
        return child

    parse = ParseInChild(here, start_while_closing)
    with pytest.raises(LiveBlogError, match="closed"):
        parse(big_page.read_bytes(), str(big_page))
    assert here.calls == [] and _gone(started[0].pid)
