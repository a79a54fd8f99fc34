"""The reader following a URL (Pilot, against a loopback server), and `liveblog URL` / `export URL` on the CLI."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import brotli
import pytest
from loopback import LoopbackServer, blog_page, brotli_bomb, gzip_bomb, send
from screens import detail_text, status
from textual.notifications import Notification
from textual.pilot import Pilot

from parsers.model import LiveBlog
from parsers.options import ParseOptions
from tui.app import LiveblogApp
from tui.articles import Article, Settings
from tui.cli import main, url_follower
from tui.fetch.follow import Follower, FollowOptions
from tui.internals import shown_notifications
from tui.launch import followed_article
from tui.offload import ChildLoad
from tui.screens.help import HelpScreen
from tui.screens.url_reader import UrlReaderScreen
from tui.state import data_dir
from tui.widgets.timeline import Timeline

SIZE = (120, 40)
E1 = ("09:00", "Gales", "Winds of 90mph.")
E2 = ("09:40", "Red warning", "A red warning is in force.")
E3 = ("10:15", "Trains cancelled", "Southern has cancelled all services.")
E4 = ("10:30", "Schools shut", "Schools in Kent close.")


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        running.page("/live", blog_page([E2, E1]))
        yield running


def follow_app(server: LoopbackServer, *, bell: bool = False, offline: bool = False) -> LiveblogApp:
    options = FollowOptions(interval=0.2, bell=bell, offline=offline)
    follower = url_follower(server.url("/live"), ParseOptions(), None, options)
    article = Article(path=follower.url, follower=follower)
    article.blog = follower.open_stored()
    return LiveblogApp([article], Settings())


def screen_of(app: LiveblogApp) -> UrlReaderScreen:
    assert isinstance(app.screen, UrlReaderScreen)
    return app.screen


def rows(app: LiveblogApp) -> list[str]:
    timeline = app.screen.query_one(Timeline)
    return [timeline.render_line(y).text.rstrip() for y in range(len(timeline.view))]


def alerts(app: LiveblogApp) -> list[Notification]:
    """The notifications raised for new updates that pass the active filters."""
    return [n for n in shown_notifications(app) if n.title == "New update matching your filters"]


async def until(pilot: Pilot[None], done: Callable[[], bool], timeout: float = 20.0) -> None:
    """Wait until `done()` (polls arrive every 0.2 s; generous for a loaded machine)."""
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting; status: {status(pilot.app)}"  # type: ignore[arg-type]
        await pilot.pause(0.05)


async def test_new_update_arrives_marked_new_and_the_selection_stays(server: LoopbackServer) -> None:
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(app))
        await pilot.press("j")
        screen = screen_of(app)
        selected = screen.selected()
        assert selected is not None and selected.headline == "Gales"
        server.page("/live", blog_page([E3, E2, E1]))
        await until(pilot, lambda: "3 of 3 updates" in status(app))
        assert rows(app)[0].startswith(" +• 10:15 Trains cancelled")
        assert rows(app)[2].startswith("  • 09:00 Gales")
        after = screen.selected()
        assert after is not None and after.headline == "Gales"
        assert "1 new" in status(app) and "checked" in status(app)
        await until(pilot, lambda: any(n.title == "New update" for n in shown_notifications(app)))
        assert [n.message for n in shown_notifications(app) if n.title == "New update"] == ["10:15 Trains cancelled"]
        # Only the page was requested: no stylesheet, script, image or iframe.
        assert {seen.path for seen in server.requests} == {"/live"}


async def test_the_first_fetch_is_shown_then_enriched_and_an_unchanged_page_is_not_parsed_again(
    server: LoopbackServer,
) -> None:
    """Issue 17, content first for a URL: the first version fetched is shown parsed (not yet
    enriched) and the reader enriches it; a 304 parses nothing again; a changed page is parsed
    and enriched by the follower, merged into the enriched version."""
    lavrov = ("08:00", "Talks", 'Russian foreign minister Sergei Lavrov said: "Talks are over."')
    server.page("/live", blog_page([E2, lavrov]))
    app = follow_app(server)
    follower = app.articles[0].follower
    assert follower is not None
    enriching_parses: list[str] = []
    parse = follower.parse

    def counted(data: bytes, url: str) -> LiveBlog:
        enriching_parses.append(url)
        return parse(data, url)

    follower.parse = counted
    async with app.run_test(size=SIZE) as pilot:
        reader = screen_of(app)
        await until(pilot, lambda: reader.blog is not None and reader.article.enriched)
        assert any(u.speakers for u in reader.updates)
        assert follower.shown is reader.blog  # later versions merge into the enriched one
        hits = len(server.hits("/live"))
        await until(pilot, lambda: len(server.hits("/live")) >= hits + 2)  # two more polls, each a 304
        assert enriching_parses == []
        server.page("/live", blog_page([E3, E2, lavrov]))
        await until(pilot, lambda: "3 of 3 updates" in status(app))
        assert enriching_parses == [server.url("/live")]
        assert [(u.headline, u.speakers) for u in reader.updates] == [
            ("Trains cancelled", ()), ("Red warning", ()), ("Talks", ("Sergei Lavrov",))]


def numbered_entries(count: int) -> list[tuple[str, str, str]]:
    """`count` entries a minute apart from midnight, newest first, each with its number in headline and body."""
    return [(f"{i // 60:02d}:{i % 60:02d}", f"Update {i}", f"The body of update number {i}, with a few more words.")
            for i in reversed(range(count))]


@pytest.fixture
def slow_whole_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader's whole parse takes a second longer, made here (`Settings.parse_only`) or taken
    from a spawned child (`ChildLoad.parsed`): longer than a poll takes here, so a poll not held
    back for a previewed page's whole parse would come first."""
    parse_only, parsed = Settings.parse_only, ChildLoad.parsed

    def slow(self: Settings, data: bytes, path: str) -> LiveBlog:
        time.sleep(1.0)
        return parse_only(self, data, path)

    def slow_from_child(self: ChildLoad) -> LiveBlog | None:
        time.sleep(1.0)
        return parsed(self)

    monkeypatch.setattr(Settings, "parse_only", slow)
    monkeypatch.setattr(ChildLoad, "parsed", slow_from_child)


async def reopened_large_copy(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> tuple[Follower, Article]:
    """Keep a copy of an 800-update page, then open it again as `liveblog URL` does, as a large copy
    the library does not hold (previewed); the page has gained an update meanwhile."""
    server.page("/live", blog_page(numbered_entries(800)))
    first = follow_app(server)  # keeps a copy of the page
    async with first.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "800 of 800 updates" in status(first))
    monkeypatch.setenv("LIVEBLOG_NO_LIBRARY", "1")  # the copy is parsed, as by another program version
    monkeypatch.setattr("tui.articles.PREVIEW_FROM_BYTES", 100_000)  # the copy (~175 KB) counts as large
    server.page("/live", blog_page(numbered_entries(801)))
    follower = url_follower(server.url("/live"), ParseOptions(), None, FollowOptions(interval=0.2))
    article = followed_article(follower, Settings())
    assert article.preview and article.blog is not None and 2 <= len(article.blog.updates) < 800
    assert article.blog.updates[0].headline == "Update 799"
    return follower, article


@pytest.mark.usefixtures("slow_whole_parse")
async def test_a_large_kept_copy_shows_its_first_updates_and_polls_once_it_is_read_whole(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, content first for a URL: a kept copy the library does not hold, large as a file that
    is previewed, shows its first updates at once; the page is polled only once the whole copy is in,
    so the one update the page gained is the one marked new (not every update after the preview)."""
    follower, article = await reopened_large_copy(server, monkeypatch)
    app = LiveblogApp([article], Settings())
    async with app.run_test(size=SIZE) as pilot:
        reader = screen_of(app)
        assert "reading the rest of the page" in status(app)
        await until(pilot, lambda: "801 of 801 updates" in status(app))
        assert reader.new_ids == {reader.updates[0].id} and reader.updates[0].headline == "Update 800"
        await until(pilot, lambda: reader.article.enriched)
        assert follower.shown is reader.blog


@pytest.mark.usefixtures("slow_whole_parse")
async def test_pausing_while_a_large_kept_copy_is_read_drops_the_poll_waiting_for_it(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The poll held back while the preview shows is not made once the user paused following."""
    _follower, article = await reopened_large_copy(server, monkeypatch)
    requests = len(server.requests)
    app = LiveblogApp([article], Settings())
    async with app.run_test(size=SIZE) as pilot:
        reader = screen_of(app)
        await pilot.press("f")
        assert "reading the rest of the page" in status(app) and "following" not in status(app)
        await until(pilot, lambda: reader.article.enriched)
        await pilot.pause(0.5)
        assert "800 of 800 updates" in status(app)
    assert len(server.requests) == requests  # no request: the page was never polled


@pytest.mark.usefixtures("slow_whole_parse")
async def test_a_large_page_fetched_first_shows_its_first_updates_then_the_rest(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, content first for a URL: with no kept copy, a large page's first version shows its
    first updates as soon as they are parsed; the rest is parsed and enriched by the reader, and the
    next poll waits for it (the update the page gains meanwhile is the one marked new)."""
    monkeypatch.setattr("tui.articles.PREVIEW_FROM_BYTES", 100_000)  # the page (~175 KB) counts as large
    server.page("/live", blog_page(numbered_entries(800)))
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        reader = screen_of(app)
        await until(pilot, lambda: reader.blog is not None)
        assert reader.article.preview and 2 <= len(reader.updates) < 800
        assert "reading the rest of the page" in status(app)
        server.page("/live", blog_page(numbered_entries(801)))
        await until(pilot, lambda: "801 of 801 updates" in status(app))
        assert reader.new_ids == {reader.updates[0].id} and reader.updates[0].headline == "Update 800"
        await until(pilot, lambda: reader.article.enriched)
        assert app.articles[0].follower is not None and app.articles[0].follower.shown is reader.blog


class SpawnedChildren:
    """The children `Settings.spawn_child` starts (a large page read while the reader runs), and the
    reader's own whole parses (`Settings.parse_only` called in this process for a whole page)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.children: list[ChildLoad] = []
        self.parsed_here: list[int] = []
        spawn_child, parse_only = Settings.spawn_child, Settings.parse_only

        def recorded(settings: Settings, data: bytes, path: str, *, parsed_frame: bool = True) -> ChildLoad | None:
            child = spawn_child(settings, data, path, parsed_frame=parsed_frame)
            if child is not None:
                self.children.append(child)
            return child

        def counted(settings: Settings, data: bytes, path: str) -> LiveBlog:
            self.parsed_here.append(len(data))
            return parse_only(settings, data, path)

        monkeypatch.setattr(Settings, "spawn_child", recorded)
        monkeypatch.setattr(Settings, "parse_only", counted)

    def all_gone(self) -> bool:
        """Return True when every child started has ended and been reaped."""
        return all(child._reaped and child._process is not None and child._process.poll() is not None
                   for child in self.children)


async def test_a_large_page_is_read_whole_and_its_new_versions_parsed_in_a_spawned_child(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, keystrokes while loading, for a URL: the whole of a large first version (after its
    preview), and each new version of the large page a poll brings, are parsed and enriched in a
    spawned interpreter, not in a thread of the reader's process (which would share the interpreter
    with the interface for seconds on a big blog). What the reader shows is the same."""
    monkeypatch.setattr("tui.articles.PREVIEW_FROM_BYTES", 100_000)  # the page (~175 KB) counts as large
    spawned = SpawnedChildren(monkeypatch)
    lavrov = ("23:59", "Talks", 'Russian foreign minister Sergei Lavrov said: "Talks are over."')
    server.page("/live", blog_page(numbered_entries(800)))
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        reader = screen_of(app)
        await until(pilot, lambda: reader.blog is not None)
        assert reader.article.preview
        await until(pilot, lambda: reader.article.enriched and "800 of 800 updates" in status(app))
        assert len(spawned.children) == 1 and spawned.parsed_here == []
        polls_here: list[str] = []
        here = reader._poll_parse.here

        def counted(data: bytes, url: str) -> LiveBlog:
            polls_here.append(url)
            return here(data, url)

        reader._poll_parse.here = counted
        server.page("/live", blog_page([lavrov, *numbered_entries(800)]))
        await until(pilot, lambda: "801 of 801 updates" in status(app))
        assert polls_here == [] and len(spawned.children) == 2
        assert reader.updates[0].headline == "Talks" and reader.new_ids == {reader.updates[0].id}
        assert reader.updates[0].speakers == ("Sergei Lavrov",)  # enriched by the child
        assert spawned.all_gone()


async def test_quitting_while_a_large_page_is_read_ends_its_child(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spawned child reading a large page whole ends with the reader, its work unfinished."""
    monkeypatch.setattr("tui.articles.PREVIEW_FROM_BYTES", 100_000)
    spawned = SpawnedChildren(monkeypatch)
    parsed = ChildLoad.parsed

    def never_read(child: ChildLoad) -> LiveBlog | None:
        # Held until the child is closed (at most 30 s): the reader is quit meanwhile.
        deadline = time.monotonic() + 30
        while not child._reaped and time.monotonic() < deadline:
            time.sleep(0.05)
        return parsed(child)

    monkeypatch.setattr(ChildLoad, "parsed", never_read)
    server.page("/live", blog_page(numbered_entries(800)))
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        reader = screen_of(app)
        await until(pilot, lambda: bool(spawned.children))
        assert reader.article.preview
    assert spawned.all_gone()


async def test_new_update_matching_the_search_raises_an_alert_and_rings_the_bell(server: LoopbackServer) -> None:
    app = follow_app(server, bell=True)
    rung: list[bool] = []
    app.bell = lambda: rung.append(True)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(app))
        await pilot.press("slash", *"schools", "enter")
        await until(pilot, lambda: "0 of 2 updates" in status(app))
        server.page("/live", blog_page([E3, E2, E1]))  # does not match: no alert
        await until(pilot, lambda: "0 of 3 updates" in status(app))
        await pilot.pause(0.3)
        assert not rung and not alerts(app)
        server.page("/live", blog_page([E4, E3, E2, E1]))
        await until(pilot, lambda: "1 of 4 updates" in status(app))
        await until(pilot, lambda: bool(alerts(app)))
        assert [n.message for n in alerts(app)] == ["10:30 Schools shut"]
        assert rung == [True]
        assert 'search: "schools"' in status(app) and "2 new" in status(app)


async def test_edited_and_vanished_updates_are_marked(server: LoopbackServer) -> None:
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(app))
        server.page("/live", blog_page([E4, E3, ("09:40", "Red warning", "The red warning is extended.")]))
        await until(pilot, lambda: "4 of 4 updates" in status(app))
        assert rows(app)[2].startswith(" ~• 09:40 Red warning")
        assert rows(app)[3].startswith(" ×• 09:00 Gales")
        assert "1 edited" in status(app) and "1 gone from the page" in status(app)
        await pilot.press("g", "j", "j")
        await until(pilot, lambda: detail_text(app).startswith("Edited on the page since it was first shown"))
        assert "The red warning is extended." in detail_text(app)
        await pilot.press("j")
        await until(pilot, lambda: detail_text(app).startswith("No longer on the page"))
        assert "Winds of 90mph." in detail_text(app)


async def test_server_error_keeps_the_blog_and_says_when_it_retries_then_recovers(server: LoopbackServer) -> None:
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(app))
        server.routes["/live"] = lambda h: send(h, 500, b"oops")
        await until(pilot, lambda: "fetch failed: HTTP 500, retrying in" in status(app))
        assert len(rows(app)) == 2
        server.page("/live", blog_page([E3, E2, E1]))
        await until(pilot, lambda: "3 of 3 updates" in status(app))
        assert "fetch failed" not in status(app)


async def test_first_fetch_failing_with_nothing_to_show_exits_2_naming_the_host() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    follower = url_follower(f"http://127.0.0.1:{port}/live", ParseOptions(), None, FollowOptions(interval=5))
    article = Article(path=follower.url, follower=follower)
    app = LiveblogApp([article], Settings())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2 and article.error == f"127.0.0.1:{port}: connection refused"


async def test_stored_copy_reopens_offline_and_says_so(server: LoopbackServer) -> None:
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(app))
    requests = len(server.requests)
    offline = follow_app(server, offline=True)
    async with offline.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(offline))
        await pilot.pause(0.5)
        assert "showing the copy from" in status(offline) and "offline" in status(offline)
    assert len(server.requests) == requests  # offline: no request at all


# --- the command line -------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_url_equals_the_export_of_the_saved_page(
    server: LoopbackServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "live.html"
    saved.write_bytes(blog_page([E2, E1]))
    for form in ("json", "markdown", "text"):
        code, from_url, err = run(capsys, "export", server.url("/live"), "--format", form)
        assert (code, err) == (0, "")
        _code, from_file, _err = run(capsys, "export", str(saved), "--format", form)
        assert from_url.replace(server.url("/live"), str(saved)) == from_file
    _code, as_json, _err = run(capsys, "export", server.url("/live"))
    assert json.loads(as_json)["source"]["path"] == server.url("/live")


def test_export_of_an_unreachable_host_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert run(capsys, "export", f"http://127.0.0.1:{port}/live") == (
        2, "", f"liveblog: 127.0.0.1:{port}: connection refused\n")


def test_export_never_falls_back_to_a_stored_copy(server: LoopbackServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "export", server.url("/live"))[0] == 0  # keeps a copy
    server.routes["/live"] = lambda h: send(h, 503, b"down")
    assert run(capsys, "export", server.url("/live")) == (2, "", f"liveblog: 127.0.0.1:{server.port}: HTTP 503\n")
    code, out, err = run(capsys, "export", server.url("/live"), "--offline")
    assert code == 0 and json.loads(out)["updates"][0]["headline"] == "Red warning"
    assert err.startswith("liveblog: warning: exporting the copy fetched at ")


def test_gzip_bomb_and_file_redirect_on_the_command_line(
    server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = gzip_bomb(32 << 20)
    server.routes["/bomb"] = lambda h: send(h, 200, bomb, {"Content-Encoding": "gzip"})
    server.routes["/file"] = lambda h: send(h, 302, b"", {"Location": "file:///etc/passwd"})
    host = f"127.0.0.1:{server.port}"
    assert run(capsys, "export", server.url("/bomb"), "--max-size", "1MB") == (
        2, "", f"liveblog: {host}: page larger than 1 MB (--max-size) once decompressed\n")
    assert run(capsys, "export", server.url("/file")) == (
        2, "", f"liveblog: {host}: redirect to a file: URL refused (http and https only)\n")


def test_brotli_page_exports_as_the_plain_page_and_a_brotli_bomb_stops_at_the_limit(
    server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page = blog_page([E3, E2, E1])
    server.page("/plain", page)
    packed = brotli.compress(page)
    server.routes["/br"] = lambda h: send(h, 200, packed, {"Content-Encoding": "br",
                                                           "Content-Type": "text/html; charset=utf-8"})
    code, from_br, err = run(capsys, "export", server.url("/br"), "--format", "json")
    assert (code, err) == (0, "")
    assert [u["headline"] for u in json.loads(from_br)["updates"]] == ["Trains cancelled", "Red warning", "Gales"]
    _code, plain, _err = run(capsys, "export", server.url("/plain"), "--format", "json")
    assert from_br.replace(server.url("/br"), server.url("/plain")) == plain
    assert server.hits("/br")[0].headers["accept-encoding"] == "gzip, deflate, br"
    bomb = brotli_bomb(32 << 20)
    server.routes["/bomb"] = lambda h: send(h, 200, bomb, {"Content-Encoding": "br"})
    assert run(capsys, "export", server.url("/bomb"), "--max-size", "1MB") == (
        2, "", f"liveblog: 127.0.0.1:{server.port}: page larger than 1 MB (--max-size) once decompressed\n")


def test_url_options_are_checked(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIVEBLOG_MIN_INTERVAL", raising=False)
    assert main(["http://127.0.0.1:9/live", "--interval", "2"]) == 2
    assert "interval must be at least 5 seconds" in capsys.readouterr().err
    for bad in ("inf", "nan", "soon"):
        assert main(["http://127.0.0.1:9/live", "--interval", bad]) == 2
        # One line, like any bad input (issue 14): no usage block before it.
        assert capsys.readouterr().err == (f"liveblog: argument --interval: not a number of seconds: {bad!r} "
                                           "(see liveblog --help)\n")
    assert run(capsys, "http://127.0.0.1:9/live", "other.html") == (
        2, "", "liveblog: a URL is opened on its own: give one URL, or files\n")
    assert run(capsys, "ftp://127.0.0.1/live") == (2, "", "liveblog: ftp://127.0.0.1/live: only http and https URLs "
                                                          "are fetched\n")
    assert run(capsys, "https://127.0.0.1:9/live", "--offline") == (
        2, "", "liveblog: https://127.0.0.1:9/live: no stored copy (open it once without --offline)\n")


def test_the_follower_keeps_copies_in_the_data_dir(server: LoopbackServer, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "export", server.url("/live"))
    follower = url_follower(server.url("/live"), ParseOptions(), None, FollowOptions())
    assert isinstance(follower, Follower) and follower.store_root == data_dir()
    assert list((data_dir() / "pages").glob("*/*-p0.html"))


async def test_the_selected_row_keeps_its_screen_line_when_updates_arrive_above(server: LoopbackServer) -> None:
    many = [(f"{h:02d}:{m:02d}", f"Entry {h}.{m}", f"Body {h} {m}.") for h in range(8, 12) for m in (0, 20, 40)]
    server.page("/live", blog_page(many[::-1]))
    app = follow_app(server)
    async with app.run_test(size=(120, 12)) as pilot:
        await until(pilot, lambda: "12 of 12 updates" in status(app))
        timeline = app.screen.query_one(Timeline)
        await pilot.press(*"jjjjjjjjkkk")  # down past the first screen, then up: mid-screen, scrolled
        line = timeline.cursor - round(timeline.scroll_y)
        assert timeline.scroll_y > 0 and line > 0
        before = screen_of(app).selected()
        later = [("12:00", "Noon", "Noon news."), ("12:20", "Later", "Later news.")]
        server.page("/live", blog_page((many + later)[::-1]))
        await until(pilot, lambda: "14 of 14 updates" in status(app))
        after = screen_of(app).selected()
        assert before is not None and after is not None and after.id == before.id
        assert timeline.cursor - round(timeline.scroll_y) == line and timeline.cursor == 7


async def test_help_says_what_r_and_f_do_for_a_url(server: LoopbackServer) -> None:
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(app))
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        lines = str(app.screen.query_one("#help-text").render()).splitlines()
        assert any(line.strip().startswith("r ") and "Fetch now" in line for line in lines)
        assert any(line.strip().startswith("f ") and "Follow" in line for line in lines)


def test_export_all_pages_merges_the_older_pages(server: LoopbackServer, capsys: pytest.CaptureFixture[str]) -> None:
    server.page("/live", blog_page([E4, E3], older="/live?page=2"))
    server.page("/live?page=2", blog_page([E2, E1]))
    code, out, _err = run(capsys, "export", server.url("/live"), "--all-pages", "--format", "json")
    assert code == 0
    assert [u["headline"] for u in json.loads(out)["updates"]] == [
        "Schools shut", "Trains cancelled", "Red warning", "Gales"]
    code, out, _err = run(capsys, "export", server.url("/live"), "--format", "json")
    assert [u["headline"] for u in json.loads(out)["updates"]] == ["Schools shut", "Trains cancelled"]


async def test_tell_me_when_lavrov_speaks_is_one_speaker_filter_away(server: LoopbackServer) -> None:
    lavrov = ("08:00", "Talks", 'Russian foreign minister Sergei Lavrov said: "Talks are over."')
    server.page("/live", blog_page([E1, lavrov]))
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(app))
        screen_of(app).chosen_speakers = frozenset({"Sergei Lavrov"})
        await until(pilot, lambda: "1 of 2 updates" in status(app))
        server.page("/live", blog_page([E2, E1, lavrov]))  # nobody speaks: no alert
        await until(pilot, lambda: "1 of 3 updates" in status(app))
        await pilot.pause(0.3)
        assert not alerts(app)
        again = ("10:00", "Moscow responds", 'Mr Lavrov told reporters: "We will respond."')
        server.page("/live", blog_page([again, E2, E1, lavrov]))
        await until(pilot, lambda: "2 of 4 updates" in status(app))
        await until(pilot, lambda: bool(alerts(app)))  # a notification is a message: it lands a moment later
        assert [n.message for n in alerts(app)] == ["10:00 Moscow responds"]


def test_the_fetch_package_loads_no_textual() -> None:
    import subprocess
    import sys

    code = ("import sys, tui.fetch.client, tui.fetch.follow, tui.fetch.store, tui.fetch.policy, tui.fetch.charset\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
