"""The reader with bad and hostile input: a visible message, never a traceback or a blank screen.

Driven with Textual's `App.run_test`: catalogue inputs that parse open and show their
updates; inputs that do not parse show their error in the article picker, or end the app
with one line; a file that breaks while open (emptied, binary, deleted, a directory, a
FIFO) keeps the last good parse with a warning; opening a link only ever hands an http(s)
URL to the browser.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import webbrowser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from screens import SIZE, notifications, screen_text, settle, status

from parsers.errors import LiveBlogError
from parsers.ids import assign_ids
from parsers.model import Link, LiveBlog, Source, Update
from tui.app import LiveblogApp
from tui.articles import Article, Settings, prepare
from tui.screens.picker import PickerScreen
from tui.screens.reader import ReaderScreen

try:
    from tests.catalogue import BY_NAME, FAMILY_EMOJI, SAMPLE, build_all
except ImportError:
    from catalogue import BY_NAME, FAMILY_EMOJI, SAMPLE, build_all


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reader-catalogue")
    paths = build_all(folder)
    # Smaller cousins of "digits-line" (1 MB) and "many-timestamps" (100,000): the full sizes
    # take 28 s and 22 s to open on 2 busy cores (wrapping a 1 MB paragraph; parsing 100,000
    # updates), too slow for CI.
    paths["digits-line-30k"] = folder / "digits-30k.txt"
    paths["digits-line-30k"].write_bytes(b"Title\n\n" + b"12:00 1:1 " * 3_000 + b"\n")
    paths["many-timestamps-5k"] = folder / "stamps-5k.txt"
    paths["many-timestamps-5k"].write_bytes(b"Title\n" + b"10:00\n" * 5_000)
    return paths


# ---------------------------------------------------------------- inputs that parse

OPENABLE = [
    "markup-escapes", "timestamps", "cp1252", "utf16-le-bom", "nul-in-text", "one-byte-letter", "html-deep",
    "html-unclosed-script", "html-markup-escapes", "jsonld-cyclic", "jsonld-huge", "mhtml-truncated",
    "digits-line-30k", "many-timestamps-5k",
]


@pytest.mark.parametrize("name", OPENABLE)
async def test_catalogue_input_opens_with_its_updates_visible(name: str, inputs: dict[str, Path]) -> None:
    settings = Settings()
    try:
        articles = prepare([str(inputs[name])], settings)
    except LiveBlogError as exc:  # refused before any screen: the CLI's one line (test_catalogue)
        assert name not in BY_NAME or BY_NAME[name].expect != "ok", str(exc)
        return
    app = LiveblogApp(articles, settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        blog = app.screen.blog
        assert blog is not None and blog.updates
        assert f"{len(blog.updates)} of {len(blog.updates)} updates" in status(app)
        await pilot.press("j", "j", "k")  # move through the timeline: the detail pane renders
        await pilot.pause()
        text = screen_text(app)
        assert "\x1b" not in text and "\u202e" not in text
        assert app.is_running


async def test_hostile_text_is_shown_literally_and_clicking_it_does_nothing(inputs: dict[str, Path]) -> None:
    articles = prepare([str(inputs["markup-escapes"])], Settings())
    app = LiveblogApp(articles)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")  # the update holding the hostile paragraphs
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]Minister resigns[/bold red] after [/] vote" in text
        assert "[@click=app.quit]quit[/]" in text
        assert FAMILY_EMOJI in app.screen.blog.updates[1].paragraphs[1]  # type: ignore[union-attr]
        row = next(i for i, line in enumerate(text.splitlines()) if "[@click=app.quit]quit" in line)
        column = text.splitlines()[row].index("[@click=app.quit]quit") + 2
        await pilot.click(offset=(column, row))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ReaderScreen)


# ---------------------------------------------------------------- inputs that do not parse

UNPARSEABLE = ["png", "random", "invalid-everywhere", "one-byte-nul", "gzip"]


async def test_picker_shows_each_bad_file_with_its_error(inputs: dict[str, Path]) -> None:
    paths = [str(SAMPLE), *(str(inputs[name]) for name in UNPARSEABLE)]
    settings = Settings()
    app = LiveblogApp(prepare(paths, settings), settings)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        text = screen_text(app)
        for name in UNPARSEABLE:
            assert inputs[name].name in text
        assert "looks like a PNG image" in text and "looks like binary data" in text
        assert "undecodable bytes" in text and "no readable text" in text
        await pilot.press("j", "enter")  # the PNG: a message, and the picker stays
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert any("PNG" in m for m in notifications(app))
        await pilot.press("k", "enter")  # the sample opens
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and "39 of 39 updates" in status(app)


@pytest.mark.parametrize("file_name", ["undecodable.txt", "name [bold]with[red] markup.txt"])
def test_a_file_failing_in_the_background_parse_ends_with_one_line(
    file_name: str, inputs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """A large file is parsed in a worker; if that fails `liveblog` ends with status 2 and one line."""
    from tui.launch import launch

    monkeypatch.setattr("tui.articles.EAGER_PARSE_BYTES", 10)
    path = tmp_path / file_name
    path.write_bytes(inputs["invalid-everywhere"].read_bytes() * 20)
    assert prepare([str(path)], Settings())[0].blog is None, "parsed in the background"
    real_run = LiveblogApp.run

    def headless_run(app: LiveblogApp, *args: Any, **kwargs: Any) -> Any:
        return real_run(app, *args, **{**kwargs, "headless": True, "size": SIZE})

    monkeypatch.setattr(LiveblogApp, "run", headless_run)
    from parsers.options import ParseOptions

    code = launch([str(path)], ParseOptions())
    err = capfd.readouterr().err
    assert code == 2
    assert err.count("\n") == 1, f"not one line: {err!r}"
    assert err.startswith(f"liveblog: {path}: undecodable bytes")


# ---------------------------------------------------------------- a file that breaks while open


def _break_file(path: Path, how: str) -> None:
    if how == "emptied":
        path.write_bytes(b"")
    elif how == "binary":
        path.write_bytes(bytes(range(256)) * 64)
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[:40])
    elif how == "deleted":
        path.unlink()
    elif how == "directory":
        path.unlink()
        path.mkdir()
    elif how == "fifo":
        path.unlink()
        os.mkfifo(path)
    elif how == "undecodable":
        path.write_bytes(b"Title\n\n10:00\n\n\x81\x8d\x8f\x90\x9d" * 100)


@pytest.mark.parametrize("how", ["emptied", "binary", "truncated", "deleted", "directory", "fifo", "undecodable"])
async def test_reload_of_a_broken_file_keeps_the_last_good_parse(how: str, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    shutil.copyfile(SAMPLE, path)
    settings = Settings()
    app = LiveblogApp(prepare([str(path)], settings), settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "39 of 39 updates" in status(app)
        _break_file(path, how)
        await pilot.press("r")
        await asyncio.wait_for(settle(pilot), timeout=30)  # a FIFO must not block the reload
        assert "39 of 39 updates" in status(app), "the last good parse stays on screen"
        assert any("Keeping the last good parse" in m for m in notifications(app))
        assert app.is_running


# ---------------------------------------------------------------- links


HOSTILE_LINKS = (
    "javascript:alert(1)", "file:///etc/passwd", "mailto:desk@example.com", "data:text/html,<b>x</b>",
    "https:no-host", "vbscript:msgbox(1)", "HTTPS://UPPER.EXAMPLE/ok", "http://plain.example/ok",
    "//scheme-relative.example/x", "https://good.example/ok", "ftp://files.example/x", "about:blank",
    " https://leading-space.example/", "https://\x1b]8;;evil\x07.example/", "chrome://settings",
)


def _links_blog() -> LiveBlog:
    chunks = [HOSTILE_LINKS[i : i + 9] for i in range(0, len(HOSTILE_LINKS), 9)]
    updates = [
        Update(id="", time=f"1{n}:00", datetime=None, headline=f"Links {n}", paragraphs=("Links here.",),
               links=tuple(Link(url, f"link {i}") for i, url in enumerate(chunk, 1)))
        for n, chunk in enumerate(chunks)
    ]
    return LiveBlog(title="Links", source=Source(path="links.txt", format="text"), updates=assign_ids(updates))


async def test_opening_links_only_ever_passes_http_or_https(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    def record(url: str, *args: Any, **kwargs: Any) -> bool:
        opened.append(url)
        return True

    for name in ("open", "open_new", "open_new_tab"):
        monkeypatch.setattr(webbrowser, name, record)
    monkeypatch.setattr(webbrowser, "get", lambda *a, **k: pytest.fail("webbrowser.get is not used"))
    blog = _links_blog()
    app = LiveblogApp([Article(path=blog.source.path, blog=blog)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _update in blog.updates:
            await pilot.press(*"123456789")
            await pilot.press("j")
        await pilot.pause()
    assert opened, "the web links were opened"
    for url in opened:
        parts = urlsplit(url)
        assert parts.scheme.lower() in ("http", "https") and parts.netloc, url
        assert not any(ord(c) < 32 or c == "\x7f" for c in url), repr(url)
    assert {"https://good.example/ok", "http://plain.example/ok"} <= set(opened)


async def test_links_from_a_real_html_page_open_only_as_http_or_https(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    anchors = "".join(f"<a href='{url}'>l{i}</a> " for i, url in enumerate(HOSTILE_LINKS))
    page = (
        "<!doctype html><html><head><title>Links live</title></head><body><article><h1>Links live</h1>"
        "<div class='block'><time datetime='2024-05-01T10:00:00Z'>10:00</time>"
        f"<p>Links: {anchors}</p></div>"
        "<div class='block'><time datetime='2024-05-01T09:00:00Z'>09:00</time><p>Second post.</p></div>"
        "</article></body></html>"
    )
    path = tmp_path / "links.html"
    path.write_text(page, encoding="utf-8")
    settings = Settings()
    app = LiveblogApp(prepare([str(path)], settings), settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for _ in range(2):
            await pilot.press(*"123456789", "j")
        await pilot.pause()
    for url in opened:
        parts = urlsplit(url)
        assert parts.scheme.lower() in ("http", "https") and parts.netloc, url
