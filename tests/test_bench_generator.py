"""The benchmark generator's outputs parse into the updates it generated (so the bench cannot rot).

No timing here: speed and memory are measured by `bench/run.py`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bench import make_big
from parsers.pipeline import load_liveblog, parse_bytes

COUNT = 200


def _html_parser_present() -> bool:
    return importlib.util.find_spec("parsers.extract.html.page") is not None


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench-out")


def test_text_blog_parses_into_the_generated_updates(out_dir: Path) -> None:
    generated = make_big.generate_updates(COUNT)
    path = make_big.write_blog(out_dir, "text", COUNT)
    blog = load_liveblog(str(path), enrich=False)
    assert len(blog.updates) == COUNT
    assert [u.time for u in blog.updates] == [g.when.strftime("%H:%M") for g in generated]
    assert [u.headline for u in blog.updates] == [g.headline for g in generated]
    assert [u.paragraphs for u in blog.updates] == [g.paragraphs for g in generated]
    # Each caption is written twice (with and without the dash, as in the sample) and kept once.
    assert [len(u.captions) for u in blog.updates] == [len(g.captions) for g in generated]
    assert blog.title == make_big.TITLE
    assert len({u.id for u in blog.updates}) == COUNT


def test_generator_varies_speakers_and_topics() -> None:
    generated = make_big.generate_updates(COUNT)
    speakers = {s for g in generated for s in g.speakers}
    topics = {t for g in generated for t in g.topics}
    assert len(speakers) >= 10
    assert {"Syria", "Nato", "North Korea"} <= topics
    assert sum(1 for g in generated if g.quotes) > COUNT // 3


def test_generator_is_reproducible(tmp_path: Path) -> None:
    first = make_big.write_blog(tmp_path / "a", "jsonld", 50, seed=7)
    second = make_big.write_blog(tmp_path / "b", "jsonld", 50, seed=7)
    other = make_big.write_blog(tmp_path / "c", "jsonld", 50, seed=8)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_text_of_size_reports_its_update_count(tmp_path: Path) -> None:
    path, count = make_big.write_text_of_size(tmp_path, 1)
    assert path.stat().st_size >= 1_000_000
    assert len(parse_bytes(path.read_bytes(), str(path)).updates) == count


@pytest.mark.parametrize("form", ["html", "jsonld"])
def test_html_blog_parses_into_the_generated_updates(out_dir: Path, form: str) -> None:
    if not _html_parser_present():
        pytest.skip("the HTML parser (parsers/extract/html/page.py) is not built yet")
    generated = make_big.generate_updates(COUNT)
    path = make_big.write_blog(out_dir, form, COUNT)
    blog = parse_bytes(path.read_bytes(), str(path))
    assert blog.source.format == "html"
    assert len(blog.updates) == COUNT
    # "Breaking: …" headlines come out without the flag: a flag is not part of a headline (issue 18).
    assert [u.headline for u in blog.updates] == [g.headline.removeprefix("Breaking: ") for g in generated]
    assert [u.datetime for u in blog.updates] == [g.when for g in generated]
    for update in blog.updates:
        text = " ".join(update.paragraphs)
        assert "ads.push" not in text and "Advertisement" not in text and "createElement" not in text
