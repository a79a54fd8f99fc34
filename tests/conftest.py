"""Shared fixtures: paths to the bundled sample and the shared corpus."""

from __future__ import annotations

import functools
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from parsers.ids import assign_ids
from parsers.model import Link, LiveBlog, Quote, Source, Update
from parsers.pipeline import parse_bytes

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"
# The corpus sits beside the repository; LIVEBLOG_CORPUS points elsewhere (from a git worktree).
CORPUS = Path(os.environ.get("LIVEBLOG_CORPUS") or REPO.parent / "shared" / "corpus")
HTML_FIXTURES = REPO / "tests" / "fixtures" / "html"


@functools.cache
def parsed_corpus_page(name: str) -> LiveBlog:
    """Return the corpus page `name` parsed (not enriched), once per test process."""
    path = CORPUS / name
    return parse_bytes(path.read_bytes(), str(path))


def html_pages() -> list[Path]:
    """Return the HTML fixtures and, when the corpus is present, its HTML pages, each sorted."""
    return sorted(HTML_FIXTURES.glob("*.html")) + sorted(CORPUS.glob("*.html"))


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real config and data dirs."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LIVEBLOG_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("LIVEBLOG_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))


@pytest.fixture(autouse=True)
def _no_reading_on_a_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shown updates become read after `READ_AFTER` seconds; in tests only where a test sets it
    (on a busy machine the moment would pass at random, and marks and pictures would vary)."""
    from tui.screens.reader import ReaderScreen

    monkeypatch.setattr(ReaderScreen, "READ_AFTER", 3600.0)


# --- A hand-made blog for the reader's tests: speakers and topics set by hand, hostile text included.

READER_UPDATES = (
    # (time, headline, paragraphs, speakers, topics)
    ("22:10", "Trump: relations with Russia at 'an all-time low'",
     ("\"Right now we're not getting along with Russia at all,\" the president said.",),
     ("Donald Trump",), ("Russia",)),
    ("21:40", "Tillerson meets Putin for two hours",
     ("Rex Tillerson pressed Vladimir Putin over the sarin attack in Idlib.",),
     ("Rex Tillerson",), ("Russia", "Syria")),
    ("21:05", "[Reuters] Lavrov: [bold]no compromise[/bold]",
     ("[@click=app.quit] Sergei Lavrov said there would be no compromise with terrorism.",),
     ("Sergei Lavrov",), ("Syria",)),
    ("20:30", None,
     ("Boris Johnson said Russia was on the wrong side of the argument after the SARIN attack.",),
     ("Boris Johnson", "Rex Tillerson"), ("Syria", "Chemical weapons")),
    ("19:55", "North Korea warning",
     ("The president said the US would act on North Korea alone if it had to.",),
     ("Donald Trump",), ("North Korea",)),
    ("19:00", "Live coverage begins", ("Welcome to our live coverage.",), (), ()),
)


def build_reader_blog(path: str = "reader-test.txt") -> LiveBlog:
    """Return a six-update blog (newest first) with speakers, topics, quotes, links and markup-like text."""
    updates = []
    for time, headline, paragraphs, speakers, topics in READER_UPDATES:
        hour, minute = map(int, time.split(":"))
        quotes = (Quote("Right now we're not getting along with Russia at all,", "Donald Trump", "said"),) \
            if "Right now" in paragraphs[0] else ()
        links = (Link("https://example.com/remarks", "Full remarks"), Link("javascript:alert(1)", "bad")) \
            if time == "22:10" else ()
        captions = ("Mr Putin and Mr Tillerson in Moscow - Credit: AP",) if time == "21:40" else ()
        updates.append(Update(
            id="", time=time, datetime=datetime(2017, 4, 12, hour, minute, tzinfo=UTC), headline=headline,
            paragraphs=paragraphs, captions=captions, links=links, quotes=quotes, speakers=speakers, topics=topics,
        ))
    return LiveBlog(
        title="Trump and Russia: live", source=Source(path=path, format="text", publisher="The Test Times"),
        published=datetime(2017, 4, 12, 19, 0, tzinfo=UTC), updates=assign_ids(updates),
    )


@pytest.fixture
def reader_blog() -> LiveBlog:
    return build_reader_blog()
