"""The library as a user meets it: `liveblog add` / `search`, the reader's reopen, the library screen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import SAMPLE, build_reader_blog

from parsers.options import ParseOptions
from parsers.pipeline import load_liveblog
from tui.articles import Settings, prepare
from tui.cli import main
from tui.internals import shown_notifications
from tui.library.store import library_path, open_library
from tui.screens.library import LibraryApp, LibraryScreen
from tui.screens.reader import ReaderScreen
from tui.state import data_dir

SIZE = (120, 40)


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder holding a copy of the sample and a file that is not an article."""
    folder = tmp_path / "blogs"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    (folder / "broken.txt").write_bytes(bytes(range(256)) * 64)
    return folder


# --- liveblog add ------------------------------------------------------------------------------------


def test_add_a_folder_records_every_article_and_reports_a_bad_one(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A folder contributes what looks like a live blog (as in the picker): broken.txt is passed over.
    code, out, err = run_cli(["add", str(folder)], capsys)
    assert (code, err) == (0, "")
    assert "added" in out and "(39 updates)" in out
    # Named on its own, the bad file is reported in one line, and the status says so.
    code, out, err = run_cli(["add", str(folder / "broken.txt")], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "broken.txt" in err
    with open_library()[0] as library:
        rows = library.blogs()
    assert [(Path(r.source).name, r.updates, r.how) for r in rows] == [(SAMPLE.name, 39, "added")]
    assert library_path().parent == data_dir()  # in $LIVEBLOG_DATA_DIR (set by conftest)
    # Again: unchanged, so not parsed again.
    code, out, _ = run_cli(["add", str(folder / SAMPLE.name)], capsys)
    assert code == 0 and out.startswith("unchanged")


def test_add_a_url_fetches_it_from_a_loopback_server(capsys: pytest.CaptureFixture[str]) -> None:
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # the test reads stderr
            pass

    handler = functools.partial(Quiet, directory=str(SAMPLE.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{SAMPLE.name}"
        code, out, err = run_cli(["add", url], capsys)
        assert code == 0, err
        assert "(39 updates)" in out
        with open_library()[0] as library:
            assert [(r.key, r.updates, r.how) for r in library.blogs()] == [(url, 39, "added")]
        # A URL that cannot be fetched: one line, status 2.
        code, out, err = run_cli(["add", url + ".missing"], capsys)
        assert code == 2 and len(err.strip().splitlines()) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_export_records_the_blog(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run_cli(["export", str(SAMPLE), "--format", "text"], capsys)
    assert code == 0
    with open_library()[0] as library:
        assert [(r.title, r.how) for r in library.blogs()] == [(load_liveblog(str(SAMPLE)).title, "exported")]


# --- liveblog search ------------------------------------------------------------------------------------


def test_search_json_has_the_issue_s_shape(capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(["add", str(SAMPLE)], capsys)
    code, out, err = run_cli(["search", "stoltenberg", "--format", "json"], capsys)
    assert code == 0, err
    results = json.loads(out)["results"]
    assert set(json.loads(out)) == {"results"}
    assert results, "the sample names Jens Stoltenberg (lines 59-100)"
    blog = load_liveblog(str(SAMPLE))
    by_id = {u.id: u for u in blog.updates}
    for result in results:
        assert list(result) == ["blog", "source", "id", "time", "datetime", "headline", "snippet", "speakers"]
        assert result["blog"] == blog.title and result["source"] == str(SAMPLE)
        update = by_id[result["id"]]
        assert (result["time"], result["headline"], result["speakers"]) == (
            update.time, update.headline, list(update.speakers))
        assert result["datetime"] is None  # the sample's times carry no date
        assert "stoltenberg" in result["snippet"].casefold()
    # Newest first: the sample is newest first.
    positions = [list(by_id).index(r["id"]) for r in results]
    assert positions == sorted(positions)


def test_search_speaker_alone_lists_their_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(["add", str(SAMPLE)], capsys)
    code, out, _ = run_cli(["search", "--speaker", "Tillerson", "--format", "json", "--limit", "0"], capsys)
    assert code == 0
    results = json.loads(out)["results"]
    blog = load_liveblog(str(SAMPLE))
    quoted = [q.text for u in blog.updates for q in u.quotes if q.speaker == "Rex Tillerson"]
    assert quoted and set(quoted) <= {r["snippet"] for r in results}
    assert all(r["speakers"] == ["Rex Tillerson"] for r in results)


def test_search_text_output_is_clean_lines(capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(["add", str(SAMPLE)], capsys)
    code, out, _ = run_cli(["search", '"no compromise"'], capsys)
    assert code == 0
    assert 'Lavrov: "no compromise with terrorism"' in out
    assert "\x1b" not in out and "\x02" not in out


@pytest.mark.parametrize("argv", [["search", '"unclosed'], ["search", "a OR"], ["search"], ["search", "(x"]])
def test_search_usage_and_syntax_errors_are_one_line_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(argv, capsys)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("liveblog: ")


def test_search_with_a_corrupt_library_sets_it_aside_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    path = library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00garbage" * 1000)
    code, _, err = run_cli(["search", "anything"], capsys)
    assert code == 0
    warning = [line for line in err.splitlines() if "library" in line]
    assert len(warning) == 1 and ".corrupt-" in warning[0]
    assert len(list(path.parent.glob("library.sqlite3.corrupt-*"))) == 1


def test_the_console_script_searches(tmp_path: Path) -> None:
    exe = shutil.which("liveblog", path=os.path.dirname(sys.executable))
    assert exe
    env = {**os.environ, "LIVEBLOG_DATA_DIR": str(tmp_path / "data")}
    assert subprocess.run([exe, "add", str(SAMPLE)], capture_output=True, env=env, timeout=120).returncode == 0
    done = subprocess.run([exe, "search", "lavr*", "--format", "json"], capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode == 0 and json.loads(done.stdout)["results"]


# --- the reader reopens from the library -------------------------------------------------------------------


def _open_and_record(path: Path, options: ParseOptions | None = None) -> Settings:
    """Open `path` as the reader does (prepare, then enrich as its worker would) and let the record finish."""
    settings = Settings(options=options or ParseOptions())
    article = prepare([str(path)], settings)[0]
    if article.blog is not None and not article.enriched:
        settings.parsed.remember(article.identity, settings.enrich(article.blog))
    settings.library.close()
    return settings


def test_an_unchanged_file_reopens_from_the_library_and_a_changed_one_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, path)
    _open_and_record(path)
    settings = Settings()
    article = prepare([str(path)], settings)[0]
    assert article.enriched and article.blog == load_liveblog(str(path))  # stored, with speakers
    assert any(u.speakers for u in article.blog.updates)
    # Other options: parsed again, not taken from the library.
    other = prepare([str(path)], Settings(options=ParseOptions(date=date(2017, 4, 12))))[0]
    assert not other.enriched
    # The file changes: read again.
    path.write_bytes(path.read_bytes().replace(b"Lavrov", b"Lavrow"))
    changed = prepare([str(path)], Settings())[0]
    assert not changed.enriched and changed.blog is not None
    assert "Lavrow" in " ".join(p for u in changed.blog.updates for p in u.paragraphs)


def test_the_reader_opens_a_file_with_a_corrupt_library_and_says_so_once(tmp_path: Path) -> None:
    path = library_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not sqlite" * 100)
    settings = Settings()
    article = prepare([str(SAMPLE)], settings)[0]
    assert article.blog is not None and len(article.blog.updates) == 39
    assert len(settings.library.notices) == 1 and "moved to" in settings.library.notices[0]


def test_no_library_when_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEBLOG_NO_LIBRARY", "1")
    _open_and_record(SAMPLE)
    assert not library_path().exists()


# --- the library screen ---------------------------------------------------------------------------------------


def _fill_library() -> None:
    with open_library()[0] as library:
        library.record(load_liveblog(str(SAMPLE)), source=str(SAMPLE), how="opened")
        library.record(build_reader_blog(), source="reader-test.txt", how="opened")


def _prompts(app: LibraryApp) -> list[str]:
    screen = app.screen
    assert isinstance(screen, LibraryScreen)
    options = screen.options
    return [str(options.prompt_at(i)) for i in range(options.option_count)]


async def test_library_screen_lists_searches_opens_hits_and_speakers() -> None:
    _fill_library()
    library, _ = open_library()
    app = LibraryApp(library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        prompts = _prompts(app)
        # Newest first: the hand-made blog has dated updates (2017-04-12), the sample none (it sorts
        # by when it was recorded, which is now).
        assert len(prompts) == 2
        assert prompts[0].startswith("Donald Trump says US - Russia relations")
        assert "39 updates · 39 unread" in prompts[0]
        assert prompts[1].startswith("Trump and Russia: live")
        assert "2017-04-12 · 6 updates · 6 unread · The Test Times" in prompts[1]
        # Markup-like text in a title or snippet shows literally.
        await pilot.press("slash", *"compromise", "enter")
        await pilot.pause()
        hits = _prompts(app)
        assert any("[Reuters] Lavrov: [bold]no compromise[/bold]" in p for p in hits)
        wanted = next(i for i, p in enumerate(hits) if "[Reuters]" in p)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        screen.options.highlighted = wanted
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        selected = reader.selected()
        assert selected is not None and selected.headline == "[Reuters] Lavrov: [bold]no compromise[/bold]"
        await pilot.press("escape")  # back to the results
        await pilot.pause()
        assert app.screen is screen and isinstance(screen, LibraryScreen) and screen.view.mode == "hits"
        await pilot.press("escape", "s")  # the blogs, then the speakers
        await pilot.pause()
        speakers = _prompts(app)
        counts = [int(p.rsplit("  ", 1)[1].split()[0]) for p in speakers]
        assert counts == sorted(counts, reverse=True)  # who said most, first
        assert isinstance(screen, LibraryScreen)
        screen.options.highlighted = next(i for i, p in enumerate(speakers) if p.startswith("Sergei Lavrov  "))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(screen, LibraryScreen)
        said = screen.view.hits
        assert said and all(h.speakers == ("Sergei Lavrov",) for h in said)
        # In time order: the hand-made blog's 21:05 (dated) before the sample's (dated by recording).
        assert said[0].time == "21:05"
        assert [h.datetime for h in said if h.datetime] == sorted(h.datetime for h in said if h.datetime)
    library.close()


async def test_library_screen_with_a_bad_query_says_so_in_one_line() -> None:
    _fill_library()
    library, _ = open_library()
    app = LibraryApp(library, Settings())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *'"oops', "enter")
        await pilot.pause()
        messages = [n.message for n in shown_notifications(app)]
        assert messages == ["unclosed quotation mark in the query"]
        screen = app.screen
        assert isinstance(screen, LibraryScreen) and screen.view.mode == "blogs"
    library.close()


def test_library_command_when_switched_off(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LIVEBLOG_NO_LIBRARY", "1")
    code, _, err = run_cli(["library"], capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1
