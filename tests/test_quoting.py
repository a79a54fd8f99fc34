"""Quotes placed in an update's body (parsers/quoting.py) and shown once, as written (issue 13.1, 13.2)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import CORPUS

from parsers.model import Quote, Update
from parsers.quoting import place_quotes, quoted_paragraphs
from tui.render import update_content

STATEMENT = (
    "The minister said the talks had gone well.",
    "“We will keep supporting Ukraine for as long as it takes.",
    "“Nothing about Ukraine without Ukraine,” she added, in Brussels.",
)


def update_of(paragraphs: tuple[str, ...], *quotes: Quote) -> Update:
    return Update(id="u1", time="12:00", datetime=None, headline=None, paragraphs=paragraphs, quotes=quotes)


def test_a_quote_over_two_paragraphs_is_placed_across_them_marks_ignored() -> None:
    quote = Quote("We will keep supporting Ukraine for as long as it takes. Nothing about Ukraine without Ukraine,",
                  "Ursula von der Leyen", "added")
    update = update_of(STATEMENT, quote)
    [placed], missing = place_quotes(update)
    assert not missing
    assert (placed.first, placed.start) == (1, 0), "from the opening mark of the second paragraph"
    assert placed.last == 2 and STATEMENT[2][: placed.end] == "“Nothing about Ukraine without Ukraine,”"
    assert quoted_paragraphs(update) == {1}, "the third paragraph goes on after the quote"


def test_each_paragraph_shows_once_as_written_and_the_speaker_on_a_line_under_it() -> None:
    quote = Quote("We will keep supporting Ukraine for as long as it takes. Nothing about Ukraine without Ukraine,",
                  "Ursula von der Leyen", "added")
    reported = Quote("the same level of stamina, perseverance", "Ursula von der Leyen", "said")
    paragraphs = (*STATEMENT, "She asked for “the same level of stamina, perseverance” that she had witnessed.")
    text = update_content(update_of(paragraphs, quote, reported)).plain
    for paragraph in paragraphs:
        assert text.count(paragraph) == 1, paragraph
    assert "We will keep supporting" in text and text.count("keep supporting") == 1
    assert "(Ursula von der Leyen)" not in text
    assert f"{paragraphs[2]}\n↳ Ursula von der Leyen" in text
    assert f"{paragraphs[3]}\n↳ Ursula von der Leyen" in text


def test_a_quote_nowhere_in_the_body_is_shown_once_after_it() -> None:
    quote = Quote("A line only the enrichment saw", "Someone", "said")
    text = update_content(update_of(("Body text.",), quote)).plain
    assert text.count("A line only the enrichment saw") == 1 and "↳ Someone" in text


def exported(name: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-m", "tui", "export", str(CORPUS / name), "--format", "json"],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    result: dict[str, object] = json.loads(out)
    return result


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not present")
@pytest.mark.parametrize(
    ("page", "time", "words"),
    [
        # The Stoltenberg statement, quoted over six paragraphs (the 12:24 post).
        ("guardian_russia-ukraine-war-live_2023-05-15.html", "12:24", "Nato allies will, when they meet in July"),
        # Andriy Yermak's tweet, quoted over three paragraphs (the 12:12 post).
        ("guardian_russia-ukraine-war-live_2023-05-15.html", "12:12", "Our team is working on strengthening"),
        # Beth England's words, a quotation reopened with “ in the next paragraph (the 10:01 post).
        ("independent_womens-world-cup-live_2023-08-14.html", "10:01", "We’ve been in this situation"),
    ],
)
def test_a_quote_over_several_paragraphs_shows_once_in_the_detail_pane(page: str, time: str, words: str) -> None:
    blog = exported(page)
    updates = blog["updates"]
    assert isinstance(updates, list)
    [data] = [u for u in updates if u["time"] == time and any(words in p for p in u["paragraphs"])]
    update = Update(id=data["id"], time=time, datetime=None, headline=data["headline"],
                    paragraphs=tuple(data["paragraphs"]),
                    quotes=tuple(Quote(q["text"], q["speaker"], q["cue"]) for q in data["quotes"]))
    assert any(words in q.text for q in update.quotes), "the quote spans paragraphs"
    assert update_content(update).plain.count(words) == 1
