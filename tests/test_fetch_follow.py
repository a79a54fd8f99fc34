"""Following a blog by URL against a loopback server: growth, edits, vanished updates, faults, pages, copies."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Sequence
from http.server import BaseHTTPRequestHandler
from itertools import pairwise
from pathlib import Path

import pytest
from loopback import LoopbackServer, blog_page, send

from parsers.merge import VersionMemory, merge_pages, merge_versions
from parsers.model import LiveBlog
from parsers.pipeline import parse_bytes
from tui.fetch.client import FetchError, Limits
from tui.fetch.follow import Follower, FollowOptions, PollResult, fetch_blog
from tui.fetch.policy import MAX_BACKOFF, format_wait, min_interval, retry_delay
from tui.fetch.store import latest_pages, stored_versions

FAST = Limits(max_bytes=1 << 20, connect_timeout=2, read_timeout=1, total_timeout=3)
E0 = ("08:30", "Yellow warning", "A yellow warning is issued.")
E1 = ("09:00", "Gales", "Winds of 90mph.")
E2 = ("09:40", "Red warning", "A red warning is in force.")
E3 = ("10:15", "Trains cancelled", "Southern has cancelled all services.")
E4 = ("10:30", "Schools shut", "Schools in Kent close.")


def parse(data: bytes, url: str) -> LiveBlog:
    return parse_bytes(data, url)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def follower(server: LoopbackServer, tmp_path: Path | None = None, *, all_pages: bool = False) -> Follower:
    return Follower(server.url("/live"), parse, limits=FAST, options=FollowOptions(interval=30, all_pages=all_pages),
                    store_root=tmp_path)


def polls(follow: Follower, count: int, between: Sequence[Callable[[], None] | None] = ()) -> list[PollResult]:
    """Poll `count` times in one event loop; `between[i]` (a callable) runs before poll i + 1."""

    async def run() -> list[PollResult]:
        results = []
        for index in range(count):
            results.append(await follow.poll())
            step = between[index] if index < len(between) else None
            if step is not None:
                step()
        await follow.aclose()
        return results

    return asyncio.run(run())


def is_copy(follow: Follower) -> bool:
    return follow.copy_from is not None


def headlines(blog: LiveBlog | None) -> list[str | None]:
    assert blog is not None
    return [u.headline for u in blog.updates]


def test_growing_page_adds_new_updates_and_a_304_changes_nothing(server: LoopbackServer) -> None:
    server.page("/live", blog_page([E2, E1]))
    follow = follower(server)
    first, unchanged, grown = polls(follow, 3, [None, lambda: server.page("/live", blog_page([E3, E2, E1]))])
    assert first.merged is not None and headlines(first.merged.blog) == ["Red warning", "Gales"]
    assert unchanged.merged is None and unchanged.error is None and unchanged.delay == 30
    assert [h.headers.get("if-none-match") is not None for h in server.hits("/live")] == [False, True, True]
    assert grown.merged is not None and headlines(grown.merged.blog) == ["Trains cancelled", "Red warning", "Gales"]
    new_id = grown.merged.blog.updates[0].id
    assert grown.merged.fresh == {new_id} and not grown.merged.edited and not grown.merged.gone


def test_edited_update_keeps_its_id_and_vanished_update_stays(server: LoopbackServer) -> None:
    server.page("/live", blog_page([E3, E2, E1]))
    edited = ("09:40", "Red warning", "A red warning is in force until midnight.")
    follow = follower(server)
    first, second = polls(follow, 2, [lambda: server.page("/live", blog_page([E4, E3, edited]))])
    assert first.merged is not None and second.merged is not None
    before = {u.headline: u.id for u in first.merged.blog.updates}
    after = second.merged.blog
    # Edited in place: same id, new text; the vanished "Gales" stays, after the update it followed.
    assert headlines(after) == ["Schools shut", "Trains cancelled", "Red warning", "Gales"]
    assert after.updates[2].id == before["Red warning"]
    assert after.updates[2].paragraphs == ("A red warning is in force until midnight.",)
    assert second.merged.edited == {before["Red warning"]} and second.merged.gone == {before["Gales"]}
    assert second.merged.fresh == {after.updates[0].id}
    assert follow.memory.edited == {before["Red warning"]} and follow.memory.gone == {before["Gales"]}


def test_server_errors_back_off_and_recover(server: LoopbackServer) -> None:
    server.page("/live", blog_page([E2, E1]))
    follow = follower(server)

    def break_it() -> None:
        server.routes["/live"] = lambda h: send(h, 500, b"oops")

    ok, failed, failed_again, recovered = polls(
        follow, 4, [break_it, None, lambda: server.page("/live", blog_page([E3, E2, E1]))])
    assert ok.merged is not None
    assert failed.problem == "HTTP 500" and isinstance(failed.error, FetchError)
    assert 15 <= failed.delay <= 30 and 30 <= failed_again.delay <= 60  # from the interval, doubling
    assert follow.shown is not None and recovered.error is None and recovered.delay == 30
    assert headlines(follow.shown) == ["Trains cancelled", "Red warning", "Gales"]


def test_page_that_suddenly_parses_into_far_fewer_updates_is_not_shown(server: LoopbackServer) -> None:
    server.page("/live", blog_page([E4, E3, E2, E1, E0]))
    follow = follower(server)
    ok, shrunk = polls(follow, 2, [lambda: server.page("/live", blog_page([E4, E3]))])
    assert ok.merged is not None and shrunk.merged is None
    assert shrunk.problem == "page parsed into 2 of 5 updates (half-rendered?)"
    assert headlines(follow.shown) == ["Schools shut", "Trains cancelled", "Red warning", "Gales", "Yellow warning"]


def test_page_that_stays_small_is_accepted_at_last_with_its_updates_marked_gone(server: LoopbackServer) -> None:
    server.page("/live", blog_page([E4, E3, E2, E1, E0]))
    follow = follower(server)
    results = polls(follow, 4, [lambda: server.page("/live", blog_page([E4, E3]))])
    assert [r.error is None for r in results] == [True, False, False, True]
    last = results[-1].merged
    assert last is not None and len(last.gone) == 3 and len(last.blog.updates) == 5


def test_undecodable_page_keeps_what_was_shown(server: LoopbackServer) -> None:
    server.page("/live", blog_page([E2, E1]))
    follow = follower(server)
    _ok, broken = polls(follow, 2, [lambda: server.page("/live", b"\x00\x01\x02binary\xff" * 50)])
    assert broken.merged is None
    assert broken.problem == f"{server.url('/live')}: looks like binary data, not a text or HTML live blog"
    assert headlines(follow.shown) == ["Red warning", "Gales"]


def test_wrong_charset_header_does_not_garble_a_utf8_page(server: LoopbackServer) -> None:
    page = blog_page([("09:00", "Zürich", "Fête über dem See."), E0], meta_charset=None)
    server.page("/live", page, content_type="text/html; charset=iso-8859-1")
    blog = asyncio.run(fetch_blog(follower(server)))
    assert blog.updates[0].headline == "Zürich" and blog.updates[0].paragraphs == ("Fête über dem See.",)


def test_right_charset_header_decodes_a_page_that_declares_none(server: LoopbackServer) -> None:
    page = blog_page([("09:00", "Zürich", "Fête über dem See."), E0], meta_charset=None).decode().encode("iso-8859-1")
    server.page("/live", page, content_type="text/html; charset=iso-8859-1")
    blog = asyncio.run(fetch_blog(follower(server)))
    assert blog.updates[0].headline == "Zürich" and not blog.warnings


def test_all_pages_follows_older_posts_on_the_same_site_only(server: LoopbackServer) -> None:
    server.page("/live", blog_page([E4, E3], older="/live?page=2"))
    server.page("/live?page=2", blog_page([E2, E1], older="/live?page=3"))
    server.page("/live?page=3", blog_page([E1, E0], older=server.url("/live").replace("127.0.0.1", "localhost")))
    blog = asyncio.run(fetch_blog(follower(server, all_pages=True)))
    assert headlines(blog) == ["Schools shut", "Trains cancelled", "Red warning", "Gales", "Yellow warning"]
    assert [seen.path for seen in server.requests] == ["/live", "/live?page=2", "/live?page=3"]
    plain = asyncio.run(fetch_blog(follower(server)))
    assert headlines(plain) == ["Schools shut", "Trains cancelled"]


def test_pagination_stops_at_twenty_pages(server: LoopbackServer) -> None:
    for n in range(1, 30):
        path = "/live" if n == 1 else f"/live?page={n}"
        server.page(path, blog_page([(f"{n % 24:02d}:30", f"Page {n}", f"Entry of page {n}."),
                                     (f"{n % 24:02d}:00", f"Start {n}", f"Start of page {n}.")],
                                    older=f"/live?page={n + 1}"))
    blog = asyncio.run(fetch_blog(follower(server, all_pages=True)))
    assert len(server.requests) == 20 and len(blog.updates) == 40


def test_every_version_is_stored_and_reopens_offline(server: LoopbackServer, tmp_path: Path) -> None:
    server.page("/live", blog_page([E2, E1]))
    follow = follower(server, tmp_path)
    polls(follow, 3, [lambda: server.page("/live", blog_page([E3, E2, E1]))])
    versions = stored_versions(tmp_path, server.url("/live"))
    assert len(versions) == 2  # the unchanged (304) poll stored nothing
    assert versions[-1].body() == blog_page([E3, E2, E1])
    reopened = follower(server, tmp_path)
    blog = reopened.open_stored()
    assert headlines(blog) == ["Trains cancelled", "Red warning", "Gales"]
    assert reopened.copy_from == versions[-1].fetched_at
    # The first poll of a reopened copy is conditional: a 304 confirms the copy is current.
    [result] = polls(reopened, 1)
    assert result.merged is None and not is_copy(reopened)
    assert server.hits("/live")[-1].headers["if-none-match"]
    assert latest_pages(tmp_path, "http://elsewhere.test/") == []


def test_corrupt_store_description_is_set_aside(server: LoopbackServer, tmp_path: Path) -> None:
    server.page("/live", blog_page([E2, E1]))
    polls(follower(server, tmp_path), 1)
    [description] = list(tmp_path.glob("pages/*/*.json"))
    description.write_text("{not json", encoding="utf-8")
    assert follower(server, tmp_path).open_stored() is None
    assert not description.exists() and list(tmp_path.glob("pages/*/*.json.corrupt-*"))


def test_merge_pages_keeps_each_id_once() -> None:
    one = parse_bytes(blog_page([E3, E2]), "a.html")
    two = parse_bytes(blog_page([E2, E1]), "b.html")
    assert [u.headline for u in merge_pages([one, two]).updates] == ["Trains cancelled", "Red warning", "Gales"]


def test_merge_versions_treats_same_time_pairs_as_edits_only_when_unambiguous() -> None:
    shown = parse_bytes(blog_page([("10:00", "A", "one"), ("10:00", "B", "two")]), "a.html")
    page = parse_bytes(blog_page([("10:00", "A2", "one!"), ("10:00", "B2", "two!")]), "a.html")
    merged = merge_versions(shown, page, VersionMemory())
    assert not merged.edited and len(merged.fresh) == 2 and len(merged.gone) == 2


def test_backoff_doubles_from_the_interval_with_jitter_up_to_five_minutes() -> None:
    assert retry_delay(30, 1, rand=lambda: 1.0) == 30 and retry_delay(30, 1, rand=lambda: 0.0) == 15
    assert retry_delay(30, 3, rand=lambda: 1.0) == 120
    assert retry_delay(30, 10, rand=lambda: 1.0) == MAX_BACKOFF
    assert retry_delay(30, 1, retry_after=200, rand=lambda: 1.0) == 200
    assert format_wait(19.6) == "20 s" and format_wait(300) == "5 min"


def test_min_interval_is_five_seconds_unless_tests_lower_it() -> None:
    assert min_interval({}) == 5
    assert min_interval({"LIVEBLOG_MIN_INTERVAL": "0.2"}) == 0.2
    assert min_interval({"LIVEBLOG_MIN_INTERVAL": "60"}) == 5  # never raises the floor
    assert min_interval({"LIVEBLOG_MIN_INTERVAL": "soon"}) == 5


def test_retry_after_is_honoured_by_the_follower(server: LoopbackServer) -> None:
    server.routes["/live"] = lambda h: send(h, 503, b"busy", {"Retry-After": "120"})
    [result] = polls(follower(server), 1)
    assert result.problem == "HTTP 503" and result.delay >= 120


def test_one_request_at_a_time_per_blog(server: LoopbackServer) -> None:
    page = blog_page([E2, E1])
    spans: list[tuple[float, float]] = []

    def slow(handler: BaseHTTPRequestHandler) -> None:
        started = time.monotonic()
        time.sleep(0.3)
        send(handler, 200, page, {"Content-Type": "text/html"})
        spans.append((started, time.monotonic()))

    server.routes["/live"] = slow
    follow = follower(server)

    async def together() -> list[PollResult]:
        results = await asyncio.gather(follow.poll(), follow.poll(), follow.poll())
        await follow.aclose()
        return list(results)

    results = asyncio.run(together())
    assert all(r.error is None for r in results) and len(spans) == 3
    ordered = sorted(spans)
    assert all(earlier[1] <= later[0] for earlier, later in pairwise(ordered))


def test_stored_older_pages_reopen_with_all_pages(server: LoopbackServer, tmp_path: Path) -> None:
    server.page("/live", blog_page([E4, E3], older="/live?page=2"))
    server.page("/live?page=2", blog_page([E2, E1]))
    polls(follower(server, tmp_path, all_pages=True), 1)
    assert [p.page for p in latest_pages(tmp_path, server.url("/live"))] == [0, 1]
    blog = follower(server, tmp_path, all_pages=True).open_stored()
    assert headlines(blog) == ["Schools shut", "Trains cancelled", "Red warning", "Gales"]
    assert headlines(follower(server, tmp_path).open_stored()) == ["Schools shut", "Trains cancelled"]


def test_older_page_links_resolve_against_the_url_redirects_led_to(server: LoopbackServer) -> None:
    server.routes["/live"] = lambda h: send(h, 301, b"", {"Location": "/blog/storm/"})
    server.page("/blog/storm/", blog_page([E4, E3], older="?page=2"))
    server.page("/blog/storm/?page=2", blog_page([E2, E1]))
    blog = asyncio.run(fetch_blog(follower(server, all_pages=True)))
    assert headlines(blog) == ["Schools shut", "Trains cancelled", "Red warning", "Gales"]


def test_a_parser_that_breaks_on_a_page_is_a_failed_poll(server: LoopbackServer) -> None:
    server.page("/live", blog_page([E2, E1]))
    calls: list[str] = []

    def fragile(data: bytes, url: str) -> LiveBlog:
        calls.append(url)
        if len(calls) > 1:
            raise RecursionError("maximum recursion depth exceeded")
        return parse(data, url)

    follow = Follower(server.url("/live"), fragile, limits=FAST, options=FollowOptions(interval=30))
    _ok, broken = polls(follow, 2, [lambda: server.page("/live", blog_page([E3, E2, E1]))])
    assert broken.problem == f"{server.url('/live')}: the page did not parse (RecursionError)"
    assert headlines(follow.shown) == ["Red warning", "Gales"]
