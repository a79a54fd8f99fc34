"""Accuracy of speakers and topics on the Telegraph sample against the hand annotation in tests/data/.

The annotation was written by reading the article before the rules were tuned (see
tests/data/ANNOTATION.md); the scorer is bench/accuracy.py, loaded here so both agree.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType

import pytest
from conftest import CORPUS, REPO

from parsers.pipeline import load_liveblog

ANNOTATION = REPO / "tests" / "data" / "telegraph_sample_annotation.json"


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("enrich_accuracy", REPO / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_sample_meets_the_speaker_and_topic_targets() -> None:
    scorer = load_scorer()
    annotation = json.loads(ANNOTATION.read_text(encoding="utf-8"))
    blog = load_liveblog(str(REPO / annotation["article"]))
    report = scorer.score(blog, annotation)
    assert report.unmatched == ()
    assert report.speakers.precision >= 0.95, report.errors
    assert report.speakers.recall >= 0.90, report.errors
    assert report.topics.precision >= 0.90, report.errors
    assert report.topics.recall >= 0.90, report.errors
    assert report.duplicates == ()


def test_the_scorer_counts_errors() -> None:
    """The scorer itself: a wrong blog scores below the targets, so the test above can fail."""
    scorer = load_scorer()
    annotation = json.loads(ANNOTATION.read_text(encoding="utf-8"))
    blog = load_liveblog(str(REPO / annotation["article"]), enrich=False)
    report = scorer.score(blog, annotation)
    assert report.speakers.correct == 0 and report.speakers.expected > 30
    assert report.topics.recall == 0
    assert scorer.duplicate_people({"Lavrov", "Sergei Lavrov", "Becky Johnson", "Diana Johnson"}) == (
        ("Lavrov", "Sergei Lavrov"),
    )


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
@pytest.mark.parametrize(
    "name",
    [
        "guardian_russia-ukraine-war-live_2023-05-15.html",
        "independent_womens-world-cup-live_2023-08-14.html",
        "corkbeo_level-3-cork-covid-live_2020-10-06.html",
    ],
)
def test_corpus_speakers_are_people_under_one_name(name: str) -> None:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{name} is not in the corpus")
    blog = load_liveblog(str(path))
    speakers = {s for u in blog.updates for s in u.speakers}
    assert speakers, "pages that quote people have speakers"
    assert load_scorer().duplicate_people(speakers) == ()
    for speaker in speakers:
        words = speaker.split()
        assert len(words) >= 2 and all(w[:1].isupper() or w.islower() for w in words), speaker
