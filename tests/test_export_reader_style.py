"""Exports read like the reader (issue 13.17): reader-style times, Markdown block quotes, text
exports with clear separations and link texts, newest first by default."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CORPUS, build_reader_blog

from parsers.export import TEXT_RULE, to_markdown, to_text
from parsers.model import Quote
from tui.cli import main

STATEMENT = ("Jens Stoltenberg said:", "Nato allies will send a clear message of support.",
             "Ukraine will become a member of the alliance.")


def test_markdown_shows_times_as_the_reader_does_and_quoted_paragraphs_as_block_quotes() -> None:
    blog = build_reader_blog()
    quote = Quote(" ".join(STATEMENT[1:]), "Jens Stoltenberg", None)
    first = replace(blog.updates[0], paragraphs=STATEMENT, quotes=(quote,))
    text = to_markdown(replace(blog, updates=(first, *blog.updates[1:])))
    assert "## Wednesday 12 April 2017, 22:10 UTC — Trump: relations with Russia" in text
    assert "The Test Times · Wednesday 12 April 2017, 19:00 UTC" in text
    assert "2017-04-12" not in text, "no raw ISO times"
    assert "\nJens Stoltenberg said:\n" in text
    assert "\n> Nato allies will send a clear message of support.\n" in text
    assert "\n> Ukraine will become a member of the alliance.\n" in text


def test_text_export_separates_updates_and_keeps_link_texts() -> None:
    blog = build_reader_blog()
    text = to_text(blog)
    assert text.count(TEXT_RULE + "\n") == len(blog.updates)
    assert f"{TEXT_RULE}\nWednesday 12 April 2017, 22:10 UTC\nTrump: relations with Russia" in text
    assert "[1] Full remarks <https://example.com/remarks>" in text


OLDEST_FIRST = ("A blog told oldest first\n\n9:00AM\n\nFirst post\n\nIt began.\n\n"
                "10:30AM\n\nSecond post\n\nIt went on.\n")


def test_the_default_export_order_is_newest_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "blog.txt"
    path.write_text(OLDEST_FIRST, encoding="utf-8")
    assert main(["export", str(path)]) == 0
    assert [u["time"] for u in json.loads(capsys.readouterr().out)["updates"]] == ["10:30", "09:00"]
    assert main(["export", str(path), "--order", "published"]) == 0
    assert [u["time"] for u in json.loads(capsys.readouterr().out)["updates"]] == ["09:00", "10:30"]
    assert main(["export", str(path), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert out.index("Second post") < out.index("First post")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not present")
def test_the_guardian_statement_is_a_block_quote_in_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(CORPUS / "guardian_russia-ukraine-war-live_2023-05-15.html"),
                 "--format", "markdown"]) == 0
    text = capsys.readouterr().out
    # The 12:24 post quotes Stoltenberg over six paragraphs, the first "Nato allies will, when they meet…".
    assert "## Monday 15 May 2023, 12:24 BST — Stoltenberg: no point discussing" in text
    assert "\n> Nato allies will, when they meet in July" in text
    assert "\nAt the Copenhagen democracy summit" in text, "the reporter's own words are no quote"


def test_markdown_names_who_said_a_block_quote_under_it() -> None:
    """A tweet embedded in a post: its text is a block quote, its sign-off ("— Fan Club (@fans) …") the
    line under it, as the reader shows the speaker beside the quote."""
    from parsers.pipeline import parse_bytes

    page = ('<html lang="en"><head><title>Match live</title></head><body><main>'
            '<article><time datetime="2024-05-05T15:00:00Z">15:00</time><h2>Goal!</h2><p>What a goal.</p>'
            '<blockquote class="twitter-tweet"><p>What a strike</p>\u2014 Fan Club (@fans) '
            '<a href="https://twitter.com/fans/status/1">May 5, 2024</a></blockquote></article>'
            '<article><time datetime="2024-05-05T14:00:00Z">14:00</time><h2>Kick-off</h2><p>We are under way.</p>'
            '</article></main></body></html>')
    blog = parse_bytes(page.encode(), "match.html")
    text = to_markdown(blog)
    assert "What a goal.\n\n> What a strike\n>\n> — Fan Club\n" in text
    assert "@fans" not in text
