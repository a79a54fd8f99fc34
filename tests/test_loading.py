"""Content first: a preview of a large file, the whole parse and the enrichment in steps, and stopping.

The figures (how soon the first headlines show) are measured by `bench/run.py`; these tests prove
what the user sees: real headlines from a large file before it is parsed, speakers and topics
filling in, the same blog at the end as `load_liveblog` gives, and background work that ends
when the reader is quit.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from screens import SIZE, reader, status

from bench.make_big import write_blog
from parsers.enrich.run import enrich_liveblog, enrich_steps
from parsers.pipeline import load_liveblog, parse_bytes, parse_preview
from tui.app import LiveblogApp
from tui.articles import Settings, prepare
from tui.loading import InputClock, steps_in_thread


@pytest.fixture(scope="module")
def big_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 1,000-update text blog (0.44 MB) in the form of the bundled sample."""
    return write_blog(tmp_path_factory.mktemp("big"), "text", 1000)


@pytest.fixture(scope="module")
def big_html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated 1,000-update HTML page, one <article> per update."""
    return write_blog(tmp_path_factory.mktemp("big"), "html", 1000)


@pytest.mark.parametrize("form", ["big_text", "big_html"])
def test_a_preview_is_the_start_of_the_whole_parse(form: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(form)
    data = path.read_bytes()
    preview = parse_preview(data, str(path), size=64 * 1024)
    whole = parse_bytes(data, str(path))
    assert preview is not None and 20 < len(preview.updates) < len(whole.updates) // 4
    assert preview.updates == whole.updates[: len(preview.updates)], "the same updates, ids and times"
    assert preview.title == whole.title


def test_no_preview_of_a_small_file_or_of_a_start_that_does_not_parse(sample_path: Path, tmp_path: Path) -> None:
    assert parse_preview(sample_path.read_bytes(), str(sample_path)) is None, "the whole file is parsed instead"
    cms = Path(__file__).parent / "fixtures"
    pages = sorted(cms.rglob("*.json"))
    if pages:  # a CMS JSON document cut short is no JSON at all
        data = pages[0].read_bytes()
        assert parse_preview(data, str(pages[0]), size=len(data) // 2) is None


def test_enrichment_in_steps_fills_in_topics_then_speakers_and_ends_as_the_whole(big_text: Path) -> None:
    blog = load_liveblog(str(big_text), enrich=False)
    steps = list(enrich_steps(blog, partial=True))
    shown = [s for s in steps if s is not None]
    assert steps.count(None) >= 10, "points where the work may stop, every few milliseconds"
    assert shown[-1] == enrich_liveblog(blog), "the last step is the whole enrichment"
    topics_first = shown[0]
    assert any(u.topics for u in topics_first.updates) and not any(u.speakers for u in topics_first.updates)
    with_speakers = [sum(1 for u in s.updates if u.speakers) for s in shown[:-1]]
    assert with_speakers == sorted(with_speakers) and with_speakers[-1] > 0, "speakers fill in as found"


async def _first(iterator: object) -> None:
    """Consume an async iterator to its end."""
    async for _ in iterator:  # type: ignore[attr-defined]
        pass


def test_closing_the_steps_stops_the_thread() -> None:
    """Cancelling the consumer stops the daemon thread at its next step; it never keeps the process."""
    ran: list[int] = []
    threads: list[threading.Thread] = []

    def endless() -> Iterator[int | None]:
        threads.append(threading.current_thread())
        while True:
            ran.append(1)
            time.sleep(0.001)
            yield None

    async def main() -> None:
        stop = threading.Event()
        task = asyncio.get_running_loop().create_task(_first(steps_in_thread(endless, stop, InputClock())))
        while not ran:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert stop.is_set()

    asyncio.run(main())
    assert threads and threads[0].daemon
    threads[0].join(timeout=30)
    assert not threads[0].is_alive(), "the work stopped"


def test_steps_pause_while_the_user_types() -> None:
    clock = InputClock()
    stop = threading.Event()
    clock.touch()
    waited = threading.Thread(target=clock.wait_for_quiet, args=(stop,))
    waited.start()
    waited.join(timeout=0.05)
    assert waited.is_alive(), "no step right after a key"
    waited.join(timeout=30)
    assert not waited.is_alive(), "steps resume once the keys stop"


async def test_a_large_file_shows_its_first_headlines_then_all_then_speakers(
    big_text: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.articles.PREVIEW_FROM_BYTES", 100_000)
    monkeypatch.setattr("parsers.pipeline.PREVIEW_BYTES", 64 * 1024)
    articles = prepare([str(big_text)], Settings())
    only = articles[0]
    assert only.preview and only.blog is not None and only.data is not None, "a preview before any screen"
    first = len(only.blog.updates)
    whole = load_liveblog(str(big_text))
    app = LiveblogApp(articles)
    async with app.run_test(size=SIZE) as pilot:
        screen = reader(app)
        assert screen.blog is not None and len(screen.updates) == first < 1000, "real headlines in the first frame"
        assert not app.screen.query("#loading-bar"), "no progress bar"
        assert "reading the rest of the file" in status(app)
        for _ in range(3000):  # the load starts after the first frame; wait for its end
            await app.workers.wait_for_complete()
            await pilot.pause(0.01)
            if only.enriched:
                break
        assert screen.blog == whole, "in the end the same blog as the export's"
        assert "1000 of 1000 updates" in status(app) and "finding" not in status(app)
        assert app.settings.parsed.get(only.identity) == whole, "remembered for a reload"


async def test_quitting_while_enriching_stops_the_work(big_text: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader quits during enrichment; the loading thread stops instead of enriching to the end."""
    steps_seen: list[int] = []
    real_steps = enrich_steps

    def counted(*args: object, **kwargs: object) -> Iterator[object]:
        for step in real_steps(*args, **kwargs):  # type: ignore[arg-type]
            steps_seen.append(1)
            yield step

    monkeypatch.setattr("parsers.enrich.run.enrich_steps", counted)
    articles = prepare([str(big_text)], Settings())
    app = LiveblogApp(articles)
    async with app.run_test(size=SIZE) as pilot:
        while not steps_seen:
            await pilot.pause(0.01)
        await pilot.press("q")
    loading = [t for t in threading.enumerate() if t.name == "liveblog-loading"]
    for thread in loading:
        thread.join(timeout=30)
        assert not thread.is_alive()
    total = sum(1 for _ in real_steps(load_liveblog(str(big_text), enrich=False)))
    assert len(steps_seen) < total, "stopped before the end of the enrichment"
