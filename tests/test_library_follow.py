"""A blog followed or exported by its URL lands in the library (issue 16): loopback server, Pilot, the CLI."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from loopback import LoopbackServer, blog_page
from screens import status
from textual.pilot import Pilot

from parsers.options import ParseOptions
from tui.app import LiveblogApp
from tui.articles import Article, Settings
from tui.cli import main, url_follower
from tui.fetch.follow import FollowOptions, pages_content
from tui.launch import followed_article
from tui.library.link import LibraryLink
from tui.library.store import BlogRow, library_path, open_library
from tui.screens.library import LibraryApp, LibraryScreen

SIZE = (120, 40)
E1 = ("09:00", "Gales", "Winds of 90mph.")
E2 = ("09:40", "Red warning", "A red warning is in force.")
E3 = ("10:15", "Trains cancelled", "Southern has cancelled all services.")
E4 = ("10:30", "Schools shut", "Schools in Kent close.")
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        running.page("/live", blog_page([E2, E1]))
        yield running


def follow_app(server: LoopbackServer) -> LiveblogApp:
    follower = url_follower(server.url("/live"), ParseOptions(), None, FollowOptions(interval=0.2))
    return LiveblogApp([Article(path=follower.url, follower=follower)], Settings())


def library_rows() -> list[BlogRow]:
    """The blogs in the test's library (the data dir the conftest isolates); none before it exists."""
    if not library_path().exists():
        return []
    with open_library()[0] as library:
        return library.blogs()


def library_texts() -> list[str]:
    """The text (headline and body) of every update the library holds, newest first."""
    with open_library()[0] as library:
        return [f"{h} | {b}" for h, b in library.conn.execute(
            "SELECT headline, body FROM entry_text ORDER BY rowid DESC")]


async def until(pilot: Pilot[None], done: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting; status: {status(pilot.app)}"  # type: ignore[arg-type]
        await pilot.pause(0.05)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


async def test_a_followed_blog_is_recorded_then_recorded_again_when_a_poll_brings_an_update(
    server: LoopbackServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.url("/live")
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(app))
        # The first fetch, parsed and enriched, is recorded (in the background: the test waits for it).
        await until(pilot, lambda: [(r.source, r.updates) for r in library_rows()] == [(url, 2)])
        first = library_rows()[0]
        server.page("/live", blog_page([E3, E2, E1]))
        await until(pilot, lambda: "3 of 3 updates" in status(app))
        await until(pilot, lambda: [r.updates for r in library_rows()] == [3])
    app.settings.library.close()
    rows = library_rows()
    assert [(r.key, r.source, r.title, r.how, r.updates) for r in rows] == [(url, url, "Storm live", "followed", 3)]
    assert rows[0].id == first.id and rows[0].recorded > first.recorded  # the same blog, written again
    assert rows[0].state_key == url  # the read marks the URL reader keeps (not the URL taken for a file path)
    # Both versions' updates: E1 and E2 from the first, E3 from the poll (blog_page writes them, newest first).
    assert library_texts() == ["Trains cancelled | Southern has cancelled all services.",
                               "Red warning | A red warning is in force.", "Gales | Winds of 90mph."]
    # `liveblog search` finds an update of each version, with the URL as its source.
    for word, headline in (("southern", "Trains cancelled"), ("winds", "Gales")):
        code, out, err = run(capsys, "search", word, "--format", "json")
        assert (code, err) == (0, "")
        assert [(r["blog"], r["source"], r["headline"], r["time"]) for r in json.loads(out)["results"]] == [
            ("Storm live", url, headline, "10:15" if word == "southern" else "09:00")]


async def test_the_library_screen_lists_the_followed_blog(server: LoopbackServer) -> None:
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: [r.updates for r in library_rows()] == [2])
    app.settings.library.close()
    library, _ = open_library()
    screen_app = LibraryApp(library, Settings())
    async with screen_app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = screen_app.screen
        assert isinstance(screen, LibraryScreen)
        prompts = [str(screen.options.prompt_at(i)) for i in range(screen.options.option_count)]
        assert len(prompts) == 1 and prompts[0].startswith("Storm live")
        assert "2024-11-02" in prompts[0] and "2 updates" in prompts[0]
    library.close()


async def test_an_edit_is_recorded_and_a_poll_that_brings_nothing_new_writes_nothing(server: LoopbackServer) -> None:
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: [r.updates for r in library_rows()] == [2])
        recorded = library_rows()[0].recorded
        polls = len(server.hits("/live"))
        await until(pilot, lambda: len(server.hits("/live")) >= polls + 3)  # three 304s
        # A new page whose updates are the same (only its markup changed): fetched, merged, not written.
        server.page("/live", blog_page([E2, E1], meta_charset=None))
        polls = len(server.hits("/live"))
        await until(pilot, lambda: len(server.hits("/live")) >= polls + 3)  # a 200, then 304s
        # The new page was taken as the current version: later polls send its validator.
        sent = [seen.headers.get("if-none-match") for seen in server.hits("/live")[polls:]]
        assert sent[0] != sent[-1] and sent[-1] == sent[-2]
        assert library_rows()[0].recorded == recorded
        server.page("/live", blog_page([("09:40", "Red warning", "The red warning is extended."), E1]))
        await until(pilot, lambda: "1 edited" in status(app))
        await until(pilot, lambda: any("extended" in text for text in library_texts()))
    app.settings.library.close()
    assert library_texts() == ["Red warning | The red warning is extended.", "Gales | Winds of 90mph."]
    assert [r.how for r in library_rows()] == ["followed"]


async def test_a_stored_copy_reopened_is_recorded_once_enriched_though_the_page_is_unchanged(
    server: LoopbackServer,
) -> None:
    lavrov = ("08:00", "Talks", 'Russian foreign minister Sergei Lavrov said: "Talks are over."')
    server.page("/live", blog_page([E2, lavrov]))
    app = follow_app(server)  # keeps a copy of the page in the data dir
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: [r.updates for r in library_rows()] == [2])
    app.settings.library.close()
    library_path().unlink()
    # As `liveblog URL` opens it: the stored copy parsed quickly, enriched after the first frame,
    # while the first poll gets a 304 (nothing new to record from the page).
    settings = Settings()
    follower = url_follower(server.url("/live"), ParseOptions(), None, FollowOptions(interval=0.2))
    article = Article(path=follower.url, follower=follower)
    article.blog = follower.open_stored(parse=settings.parse_only)
    article.enriched = False
    assert article.blog is not None and article.blog.updates[1].speakers == ()  # not enriched yet
    reopened = LiveblogApp([article], settings)
    async with reopened.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: [(r.how, r.updates) for r in library_rows()] == [("followed", 2)])
        assert server.hits("/live")[-1].headers.get("if-none-match")  # polled with the copy's validator
    settings.library.close()
    with open_library()[0] as library:
        [row] = library.blogs()
        model = library.model(row.id)
    # The enriched version (the speaker found), not the quick parse shown first.
    assert model is not None and [(u.headline, u.speakers) for u in model.updates] == [
        ("Red warning", ()), ("Talks", ("Sergei Lavrov",))]


async def test_a_stored_copy_the_library_holds_reopens_from_its_model_enriched_without_a_parse(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 17, content first for a URL: reopening a followed blog whose stored copy is the version the
    library holds gives the library's model (enriched) before the first frame, with nothing parsed."""
    lavrov = ("08:00", "Talks", 'Russian foreign minister Sergei Lavrov said: "Talks are over."')
    server.page("/live", blog_page([E2, lavrov]))
    app = follow_app(server)  # keeps a copy of the page in the data dir and records the blog
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: [r.updates for r in library_rows()] == [2])
    app.settings.library.close()
    [recorded] = library_rows()

    def no_parse(*_: object) -> None:
        pytest.fail("the stored copy was parsed")

    settings = Settings()
    follower = url_follower(server.url("/live"), ParseOptions(), None, FollowOptions(interval=0.2))
    with monkeypatch.context() as patched:
        patched.setattr(Settings, "parse_only", no_parse)
        patched.setattr(follower, "parse", no_parse)
        article = followed_article(follower, settings)
    assert article.enriched and article.blog is not None
    assert [(u.headline, u.speakers) for u in article.blog.updates] == [("Red warning", ()),
                                                                        ("Talks", ("Sergei Lavrov",))]
    hits = len(server.hits("/live"))
    reopened = LiveblogApp([article], settings)
    async with reopened.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(reopened))
        await until(pilot, lambda: len(server.hits("/live")) > hits)  # the first poll: a 304
        await pilot.pause(0.3)
        assert "Sergei Lavrov" in " ".join(u.speakers[0] for u in reopened.screen.updates if u.speakers)
    settings.library.close()
    # The same version is not written again; the blog stays one row.
    assert [(r.id, r.recorded, r.updates) for r in library_rows()] == [(recorded.id, recorded.recorded, 2)]


async def test_a_stored_copy_unlike_the_librarys_version_is_parsed_and_recorded_anew(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's model is reused only for the very pages it was made from, and with the same options."""
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: [r.updates for r in library_rows()] == [2])
    app.settings.library.close()

    # Other parse options (a start day): the stored copy is parsed, as without a library.
    dated = Settings(options=ParseOptions(date=date(2024, 11, 2)))
    follower = url_follower(server.url("/live"), dated.options, None, FollowOptions(interval=0.2))
    article = followed_article(follower, dated)
    assert article.blog is not None and not article.enriched
    dated.library.close()

    # Another version of the page kept in the data dir (fetched while the library was switched
    # off): parsed, then recorded once enriched.
    server.page("/live", blog_page([E3, E2, E1]))
    with monkeypatch.context() as patched:
        patched.setenv("LIVEBLOG_NO_LIBRARY", "1")
        unrecorded = follow_app(server)
        async with unrecorded.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "3 of 3 updates" in status(unrecorded))
    assert [r.updates for r in library_rows()] == [2]
    settings = Settings()
    follower = url_follower(server.url("/live"), ParseOptions(), None, FollowOptions(interval=0.2))
    article = followed_article(follower, settings)
    assert article.blog is not None and not article.enriched and len(article.blog.updates) == 3
    reopened = LiveblogApp([article], settings)
    async with reopened.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: [(r.how, r.updates) for r in library_rows()] == [("followed", 3)])
    settings.library.close()
    # ... and that version reopens from the library's model.
    again = Settings()
    article = followed_article(url_follower(server.url("/live"), ParseOptions(), None, FollowOptions()), again)
    assert article.enriched and again.library.reused_source(server.url("/live"))
    again.library.close()


def test_pages_content_differs_for_any_other_pages() -> None:
    """The library's stamp of a followed blog hashes `pages_content`: equal only for the same pages."""
    pages = [("https://example.com/live", b"<html>one</html>"), ("https://example.com/live?page=2", b"two")]
    assert pages_content(pages) == pages_content(list(pages))
    others = [
        pages[:1],
        pages[::-1],
        [("https://example.com/live", b"<html>one</html>!"), pages[1]],
        [("https://example.com/liv", b"e<html>one</html>"), pages[1]],  # the same bytes, cut elsewhere
        [("https://example.com/live", b"<html>one</html>two"), ("https://example.com/live?page=2", b"")],
    ]
    assert len({pages_content(pages), *map(pages_content, others)}) == len(others) + 1


async def test_no_library_when_switched_off(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEBLOG_NO_LIBRARY", "1")
    app = follow_app(server)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "2 of 2 updates" in status(app))
        server.page("/live", blog_page([E3, E2, E1]))
        await until(pilot, lambda: "3 of 3 updates" in status(app))
    app.settings.library.close()
    assert not library_path().exists()


def test_export_url_records_the_blog_as_exported(server: LoopbackServer, capsys: pytest.CaptureFixture[str]) -> None:
    url = server.url("/live")
    code, _out, err = run(capsys, "export", url, "--format", "text")
    assert (code, err) == (0, "")
    assert [(r.source, r.how, r.updates, r.title) for r in library_rows()] == [(url, "exported", 2, "Storm live")]
    code, out, _err = run(capsys, "search", "red warning", "--format", "json")
    assert [r["source"] for r in json.loads(out)["results"]] == [url]


def test_versions_arriving_during_a_write_wait_as_one_and_the_newest_is_kept(server: LoopbackServer) -> None:
    """`record_source` never waits for the database, and versions that arrive while one is written
    are not queued one by one: the newest replaces the one waiting."""
    parse = url_follower(server.url("/live"), ParseOptions(), None, FollowOptions()).parse
    versions = [parse(blog_page(entries), "https://example.com/live") for entries in
                ([E1], [E2, E1], [E3, E2, E1], [E4, E3, E2, E1])]
    link = LibraryLink(ParseOptions(), None)
    writes: list[int] = []
    original = link._record_now

    def counting(blog: object, *args: object) -> None:
        writes.append(len(blog.updates))  # type: ignore[attr-defined]
        original(blog, *args)  # type: ignore[arg-type]

    link._record_now = counting  # type: ignore[method-assign]
    with link._guard:  # a write under way: the database is busy
        link.record_source("https://example.com/live", versions[0], "followed")
        deadline = time.monotonic() + 20
        while not writes:  # the writer took the first version and waits for the database
            assert time.monotonic() < deadline
            time.sleep(0.01)
        for version in versions[1:]:  # returns at once although the database is busy
            link.record_source("https://example.com/live", version, "followed")
        writers = [t for t in threading.enumerate() if t.name == "library-record"]
        assert len(writers) == 1  # one writer, never one thread per version
    link.close()
    assert writes == [1, 4]  # the first, then only the newest of those that waited
    assert [(r.source, r.updates, r.how) for r in library_rows()] == [("https://example.com/live", 4, "followed")]


QUIT_MID_WRITE = textwrap.dedent('''
    import os, sys, threading
    sys.path.insert(0, {tests!r})
    from loopback import blog_page
    from parsers.pipeline import parse_bytes
    from tui.library import store

    entries = [(f"{{h:02d}}:{{m:02d}}", f"Entry {{h}} {{m}}", "Storm news " * 20) for h in range(24) for m in range(60)]
    blog = parse_bytes(blog_page(entries[::-1]), "http://127.0.0.1/live")
    small = parse_bytes(blog_page(entries[:3][::-1]), "http://127.0.0.1/live")
    assert store.record(small, source="http://127.0.0.1/live", how="followed") is None  # a first version
    library, _ = store.open_library()
    inserted = threading.Event()

    def trace(statement: str) -> None:
        if statement.startswith("INSERT INTO entry_text"):
            inserted.set()  # the new version's updates are being written: quit now
            {quit}

    library.conn.set_trace_callback(trace)

    def write() -> None:
        library.record(blog, source="http://127.0.0.1/live", how="followed")

    # A daemon thread, as the app's workers are: the process does not wait for it.
    threading.Thread(target=write, daemon=True).start()
    inserted.wait(30)
    print("quitting", flush=True)
    {main_quit}
''')


@pytest.mark.parametrize("how", ["killed", "interpreter exit"])
def test_quitting_during_a_write_leaves_the_library_as_it_was_before(how: str) -> None:
    """The process ends in the middle of a write's transaction: the write is rolled back, whole."""
    kill = how == "killed"
    code = QUIT_MID_WRITE.format(tests=str(REPO / "tests"), quit="os._exit(3)" if kill else "",
                                 main_quit="" if kill else "sys.exit(0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == (3 if kill else 0), done.stderr
    assert done.stderr == ""
    with open_library()[0] as library:
        assert library.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = library.blogs()
        assert len(rows) == 1 and rows[0].how == "followed"
        count = rows[0].updates
        # All of one version or all of the other, never a mix: the row, its updates and their text agree.
        # Killed: the write never committed. Interpreter exit: the daemon thread is stopped, most likely
        # before its commit; a commit that slipped in first is whole too.
        assert count == 3 if kill else count in (3, 24 * 60)
        assert len(library.update_ids(rows[0].id)) == count
        assert library.conn.execute("SELECT count(*) FROM entries").fetchone() == (count,)
        assert library.conn.execute("SELECT count(*) FROM entry_text").fetchone() == (count,)
        model = library.model(rows[0].id)
        assert model is not None and len(model.updates) == count
        # The library goes on: the next write lands.
        assert library.record(model, source="http://127.0.0.1/other", how="followed")
    assert len(library_rows()) == 2


def test_a_database_error_mid_write_rolls_the_whole_write_back() -> None:
    """All or nothing within a process too: a statement that fails after rows went in undoes the whole write."""
    from parsers.pipeline import parse_bytes

    url = "http://127.0.0.1/live"
    library, _ = open_library()
    library.record(parse_bytes(blog_page([E2, E1]), url), source=url, how="followed")
    seen: list[str] = []
    # Once the old updates are deleted, the blog row rewritten and the new updates' rows in, the
    # statement writing their text is interrupted (a progress handler returning non-zero aborts it).
    library.conn.set_trace_callback(seen.append)
    library.conn.set_progress_handler(lambda: int(any(s.startswith("INSERT INTO entry_text") for s in seen)), 1)
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        library.record(parse_bytes(blog_page([E4, E3, E2, E1]), url), source=url, how="exported")
    library.conn.set_progress_handler(None, 0)
    library.conn.set_trace_callback(None)
    assert any(s.startswith("DELETE FROM entries") for s in seen)  # it did run part of the write first
    assert any(s.startswith("INSERT INTO entries") for s in seen)
    assert [(r.updates, r.how) for r in library.blogs()] == [(2, "followed")]
    assert library.conn.execute("SELECT count(*) FROM entry_text").fetchone() == (2,)
    library.close()
