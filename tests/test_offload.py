"""The child process that parses and enriches an article while the reader starts (`tui.offload`)."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SAMPLE
from screens import reader, screen_text, settle, status, wait_until

from bench.make_big import write_blog
from parsers.errors import LiveBlogError
from parsers.model import LiveBlog
from parsers.pipeline import load_liveblog, parse_bytes, parse_preview
from tui.app import LiveblogApp
from tui.articles import Settings, prepare
from tui.loading import Loaded, child_steps
from tui.offload import ChildLoad

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def _one_thread() -> None:
    """Let threads left by earlier tests in this process end (a reader's loading thread finishing,
    a library write): a child is forked only from a process with one thread (`tui.offload`)."""
    deadline = time.monotonic() + 20
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
    others = [t.name for t in threading.enumerate() if t is not threading.current_thread()]
    assert not others, f"threads still running: {others}"


def _in_process(path: Path) -> tuple[LiveBlog, LiveBlog]:
    """Return the sample's parse and enrichment done here, as the reader did before the child."""
    settings = Settings()
    parsed = settings.parse_only(path.read_bytes(), str(path))
    return parsed, settings.enrich(parsed)


def _gone(pid: int) -> bool:
    """Return True when no process `pid` exists any more (killed and reaped)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_child_sends_the_same_parse_and_enrichment_as_the_reader_makes_itself() -> None:
    parsed, enriched = _in_process(SAMPLE)
    settings = Settings()
    data = SAMPLE.read_bytes()
    child = ChildLoad.start(lambda: settings.parse_only(data, str(SAMPLE)), settings.enrich)
    assert child is not None
    got = child.parsed()
    assert got == parsed and not any(u.speakers for u in got.updates)
    finished = child.enriched()
    assert finished == enriched and any("Sergei Lavrov" in u.speakers for u in finished.updates)
    assert child._reaped, "not closed"
    assert _gone(child.pid)


def test_a_file_the_parser_refuses_gives_the_parsers_own_message() -> None:
    data = b"\x00\x01 this is not a live blog at all \x02" * 10
    with pytest.raises(LiveBlogError) as in_process:
        parse_bytes(data, "junk.bin")
    child = ChildLoad.start(lambda: parse_bytes(data, "junk.bin"), Settings().enrich)
    assert child is not None
    with pytest.raises(LiveBlogError) as from_child:
        child.parsed()
    assert str(from_child.value) == str(in_process.value)
    child.close()
    assert child._reaped, "not closed"
    assert _gone(child.pid)


def _crash() -> LiveBlog:
    raise RuntimeError("a bug in the parser")


def test_a_child_that_fails_otherwise_sends_nothing_and_the_reader_parses_itself(tmp_path: Path) -> None:
    child = ChildLoad.start(_crash, Settings().enrich)
    assert child is not None
    assert child.parsed() is None and _gone(child.pid)
    # Through the article: the in-process parse takes over (and would meet the same error itself).
    path = tmp_path / SAMPLE.name
    path.write_bytes(SAMPLE.read_bytes())
    settings = Settings()
    article = prepare([str(path)], settings, in_child=True)[0]
    assert article.child is not None and article.blog is None
    article.child.close()  # as if it had died
    article.take_parse(settings)
    assert article.child is None and article.blog == _in_process(path)[0] and not article.enriched


def _slow_parse() -> LiveBlog:
    time.sleep(60)
    raise AssertionError("not reached")


def test_closing_ends_a_child_at_work_at_once() -> None:
    child = ChildLoad.start(_slow_parse, Settings().enrich)
    assert child is not None
    start = time.monotonic()
    child.close()
    assert time.monotonic() - start < 5 and _gone(child.pid)
    child.close()  # twice is harmless


def test_no_child_is_forked_while_other_threads_run() -> None:
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert ChildLoad.start(_slow_parse, Settings().enrich) is None
    finally:
        release.set()
        other.join()


def test_the_reader_gets_the_enrichment_from_the_child(tmp_path: Path) -> None:
    path = tmp_path / SAMPLE.name
    path.write_bytes(SAMPLE.read_bytes())
    parsed, enriched = _in_process(path)
    settings = Settings()
    article = prepare([str(path)], settings, in_child=True)[0]
    assert article.child is not None
    child = article.child
    article.take_parse(settings)
    # Either the child had finished (the reader opens on the enriched blog) or the parse comes first.
    assert (article.blog, article.enriched) in ((enriched, True), (parsed, False))
    if not article.enriched:
        assert article.blog is not None
        assert list(child_steps(child, article.blog, None, None)) == [None, Loaded(enriched, whole=True, enriched=True)]
    assert child._reaped, "not closed"
    assert _gone(child.pid)


async def test_the_reader_opens_on_the_childs_parse_and_shows_its_speakers(tmp_path: Path) -> None:
    path = tmp_path / SAMPLE.name
    path.write_bytes(SAMPLE.read_bytes())
    enriched = _in_process(path)[1]
    settings = Settings()
    articles = prepare([str(path)], settings, in_child=True)
    child = articles[0].child
    assert child is not None
    articles[0].take_parse(settings)
    app = LiveblogApp(articles, settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: articles[0].enriched)
        await settle(pilot)
        assert articles[0].blog == enriched
        await pilot.press("s")  # the speakers panel lists the enrichment's speakers
        await settle(pilot)
        assert "Sergei Lavrov" in screen_text(app)
    assert child._reaped, "not closed"
    assert _gone(child.pid)


@pytest.mark.parametrize("form", ["text", "html"])
async def test_a_large_file_opens_on_a_preview_then_the_childs_whole_parse_and_speakers(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.articles.PREVIEW_FROM_BYTES", 100_000)
    path = write_blog(tmp_path, form, 1000)
    whole = load_liveblog(str(path))
    settings = Settings()
    articles = prepare([str(path)], settings, in_child=True)
    only, child = articles[0], articles[0].child
    assert child is not None and only.blog is None
    only.take_parse(settings)
    assert only.preview and only.blog is not None, "the child's preview"
    assert only.blog == parse_preview(path.read_bytes(), str(path)), "the preview made here"
    assert only.child is child and only.data is not None, "the whole parse still to come from the child"
    first = len(only.blog.updates)
    app = LiveblogApp(articles, settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = reader(app)
        assert screen.blog is not None and len(screen.updates) == first < 1000, "real headlines in the first frame"
        await wait_until(pilot, lambda: only.enriched, timeout=120)
        await settle(pilot)
        assert screen.blog == whole, "in the end the same blog as the export's"
        assert "1000 of 1000 updates" in status(app) and "finding" not in status(app)
    assert _gone(child.pid)


async def test_a_large_file_the_child_refuses_ends_the_reader_with_the_parsers_message(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"\x00\x01junk" * 900_000)  # 5.4 MB of binary data
    with pytest.raises(LiveBlogError) as in_process:
        parse_bytes(path.read_bytes(), str(path))
    settings = Settings()
    articles = prepare([str(path)], settings, in_child=True)
    only, child = articles[0], articles[0].child
    assert child is not None and only.blog is None and not only.preview, "too large to wait for: a progress bar"
    app = LiveblogApp(articles, settings)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: only.error is not None, timeout=60)
    assert app.return_code == 2 and only.error == str(in_process.value)
    assert _gone(child.pid)


def test_a_small_file_the_child_refuses_is_one_line_before_the_screen_is_switched(tmp_path: Path) -> None:
    # The app takes the child's parse once it has started (`LiveblogApp.on_load`), before the
    # terminal is switched to its screen: a refusal is the parser's one line and nothing else.
    path = tmp_path / "scripts-only.html"
    path.write_text("<html><body><script>var x = 1;</script></body></html>")
    with pytest.raises(LiveBlogError) as in_process:
        parse_bytes(path.read_bytes(), str(path))
    result = subprocess.run([sys.executable, "-m", "tui", str(path)], capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[1], env={**os.environ, "LIVEBLOG_NO_LIBRARY": "1"})
    assert result.returncode == 2
    assert result.stdout == "", "nothing drawn"
    assert result.stderr == f"liveblog: {in_process.value}\n", "one line, no screen switch or escape codes"


async def test_ctrl_c_while_the_app_waits_for_the_childs_parse_ends_it_before_any_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before the terminal is in the app's mode, Ctrl+C is a SIGINT; during the wait in `on_load` it
    # must end the app cleanly (status 130), not cancel the app's task halfway through mounting.
    settings = Settings()
    articles = prepare([str(SAMPLE)], settings, in_child=True)

    def interrupted(self: object, settings: Settings) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("tui.articles.Article.take_parse", interrupted)
    handler = signal.getsignal(signal.SIGINT)
    app = LiveblogApp(articles, settings)
    try:
        async with app.run_test(size=SIZE):
            pass
        assert app.return_code == 130
        assert not app.screen_stack and articles[0].blog is None, "no screen was shown"
        assert signal.getsignal(signal.SIGINT) is handler, "the handler before the wait is back"
    finally:
        for article in articles:
            article.close_child()


def test_a_large_file_whose_child_died_gets_its_preview_made_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.articles.PREVIEW_FROM_BYTES", 100_000)
    path = write_blog(tmp_path, "text", 1000)
    settings = Settings()
    only = prepare([str(path)], settings, in_child=True)[0]
    assert only.child is not None
    only.child.close()  # as if it had died
    only.take_parse(settings)
    assert only.child is None and only.preview and only.data is not None
    assert only.blog == parse_preview(path.read_bytes(), str(path))


def test_the_child_sends_the_enrichment_alone_or_else_the_whole_enriched_blog() -> None:
    parsed, enriched = _in_process(SAMPLE)
    data = SAMPLE.read_bytes()

    def parse() -> LiveBlog:
        return Settings().parse_only(data, str(SAMPLE))

    def retitled(blog: LiveBlog) -> LiveBlog:  # an enrichment that also changed what the parse gave
        return replace(Settings().enrich(blog), title="Retitled")

    for enrich, expected in ((Settings().enrich, enriched), (retitled, replace(enriched, title="Retitled"))):
        child = ChildLoad.start(parse, enrich)
        assert child is not None
        assert child.parsed() == parsed
        assert child.enriched() == expected
        assert not child.failed and _gone(child.pid)


def test_nothing_the_child_prints_reaches_the_terminal(capfd: pytest.CaptureFixture[str]) -> None:
    parsed = _in_process(SAMPLE)[0]
    data = SAMPLE.read_bytes()

    def noisy_parse() -> LiveBlog:
        print("noise on stdout")
        print("noise on stderr", file=sys.stderr)
        return Settings().parse_only(data, str(SAMPLE))

    child = ChildLoad.start(noisy_parse, Settings().enrich)
    assert child is not None
    assert child.parsed() == parsed
    child.close()
    captured = capfd.readouterr()
    assert "noise" not in captured.out + captured.err


async def test_the_garbage_collector_paused_for_the_start_up_runs_again_from_the_first_frame() -> None:
    settings = Settings()
    articles = prepare([str(SAMPLE)], settings)
    gc.disable()
    try:
        app = LiveblogApp(articles, settings, gc_paused=True)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert gc.isenabled() and gc.get_freeze_count() > 0, "collecting again, the start-up's objects frozen"
    finally:
        gc.unfreeze()  # this test process goes on: let its objects be collected again
        gc.enable()


async def test_the_loaded_blog_is_frozen_out_of_the_collectors_reach() -> None:
    # A full collection during a keystroke would otherwise walk every update of a large blog.
    settings = Settings()
    articles = prepare([str(SAMPLE)], settings)
    gc.unfreeze()
    try:
        app = LiveblogApp(articles, settings)  # gc_paused=False: the app itself freezes nothing
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            screen = reader(app)
            assert articles[0].enriched and screen.blog is not None
            assert gc.get_freeze_count() > 0, "frozen once loaded whole and enriched"
            index = screen._haystacks  # a list built from the blog: tracked by the collector
            assert gc.is_tracked(index) and not any(o is index for o in gc.get_objects()), "in no generation"
    finally:
        gc.unfreeze()


def test_launch_leaves_the_garbage_collector_on_whatever_happens(monkeypatch: pytest.MonkeyPatch) -> None:
    from parsers.options import ParseOptions
    from tui.launch import launch

    monkeypatch.setattr(LiveblogApp, "run", lambda app, *args, **kwargs: None)  # the app never shows a frame
    assert launch([str(SAMPLE)], ParseOptions()) == 0
    assert gc.isenabled()
    with pytest.raises(LiveBlogError):
        launch([str(SAMPLE) + ".missing"], ParseOptions())
    assert gc.isenabled()


class _Cycle:
    """An object in a reference cycle: only the collector frees it."""

    def __init__(self) -> None:
        self.me = self


async def test_the_reader_freezes_no_garbage_and_gives_the_frozen_back_when_it_closes() -> None:
    # A reader closed before this one (from the picker) is garbage with reference cycles, its blog
    # with it: frozen with the next reader's blog, it would be kept for good.
    import weakref

    settings = Settings()
    articles = prepare([str(SAMPLE)], settings)
    gc.unfreeze()
    gc.disable()  # the reader's own collection is the only one: garbage left to it must be gone after
    try:
        garbage = _Cycle()
        left = weakref.ref(garbage)
        del garbage
        app = LiveblogApp(articles, settings)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert articles[0].enriched and gc.get_freeze_count() > 0, "the loaded blog frozen"
            assert left() is None, "garbage collected before the freeze, not frozen with the blog"
        assert gc.get_freeze_count() == 0, "what the reader froze given back when it closed"
    finally:
        gc.enable()
        gc.unfreeze()
