"""Accuracy of speakers (and topics) against the hand annotations in tests/data/ (see ANNOTATION.md).

The annotations were written by reading each page by hand; the scorer is tests/speaker_accuracy.py,
which also prints the figures (`python tests/speaker_accuracy.py -v`). Corpus pages are skipped when
the shared corpus is absent.
"""

from __future__ import annotations

import json

import speaker_accuracy as scorer
from conftest import REPO

from parsers.pipeline import load_liveblog

ANNOTATION = REPO / "tests" / "data" / "telegraph_sample_annotation.json"


def test_sample_keeps_its_speaker_and_topic_accuracy() -> None:
    annotation = json.loads(ANNOTATION.read_text(encoding="utf-8"))
    blog = load_liveblog(str(REPO / annotation["article"]))
    report = scorer.score(blog, annotation)
    assert report.unmatched == ()
    assert report.speakers.precision == 1.0, report.errors
    assert report.speakers.recall == 1.0, report.errors
    assert report.topics.precision >= 0.90, report.errors
    assert report.topics.recall >= 0.90, report.errors
    assert report.duplicates == ()


def test_the_scorer_counts_errors() -> None:
    """The scorer itself: a wrong blog scores below the targets, so the tests here can fail."""
    annotation = json.loads(ANNOTATION.read_text(encoding="utf-8"))
    blog = load_liveblog(str(REPO / annotation["article"]), enrich=False)
    report = scorer.score(blog, annotation)
    assert report.speakers.correct == 0 and report.speakers.expected > 30
    assert report.topics.recall == 0
    assert scorer.duplicate_people({"Lavrov", "Sergei Lavrov", "Becky Johnson", "Diana Johnson"}) == (
        ("Lavrov", "Sergei Lavrov"),
    )


def test_annotations_find_their_updates_by_text() -> None:
    """An entry keyed by words of its update finds it whatever its id or time."""
    blog = load_liveblog(str(REPO / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"))
    update = blog.updates[3]
    words = " ".join(update.paragraphs[0].split()[2:9]).upper()
    assert scorer.find_update(blog, {"time": "00:00", "text": words}) is update
    assert scorer.find_update(blog, {"text": "words that are in no update at all"}) is None
