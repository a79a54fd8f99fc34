"""Speaker and topic accuracy of the enrichment step against a hand annotation.

Usage:
    python bench/accuracy.py                      # the Telegraph sample vs tests/data/ annotation
    python bench/accuracy.py --annotation FILE    # another annotation (same JSON shape)
    python bench/accuracy.py --show PAGE...       # print each update's speakers/topics for eyeballing

Precision and recall are micro-averaged over (update, name) pairs. Topics are scored only for
the names in the annotation's `topic_vocabulary` (suggested topics are judged by eye). The last
line lists people who appear under two names in the blog (two speakers with the same or a
nearly identical surname).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers.enrich.people import close_spelling, split_name, surname_key  # noqa: E402
from parsers.model import LiveBlog, Update  # noqa: E402
from parsers.pipeline import load_liveblog  # noqa: E402

DEFAULT_ANNOTATION = ROOT / "tests" / "data" / "telegraph_sample_annotation.json"


@dataclass(slots=True, frozen=True)
class Score:
    """Counts for one kind of label: true positives, predicted, annotated."""

    correct: int
    predicted: int
    expected: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


@dataclass(slots=True, frozen=True)
class Report:
    """The accuracy of one blog against its annotation."""

    speakers: Score
    topics: Score
    unmatched: tuple[str, ...]  # annotated updates not found in the blog
    duplicates: tuple[tuple[str, str], ...]  # speaker names that look like one person
    errors: tuple[str, ...]  # one line per update that differs from the annotation


def _find(blog: LiveBlog, entry: dict[str, Any]) -> Update | None:
    """Return the update an annotation entry describes: by id, else by time and headline."""
    for update in blog.updates:
        if update.id == entry["id"]:
            return update
    for update in blog.updates:
        if update.time == entry.get("time") and update.headline == entry.get("headline"):
            return update
    return None


def duplicate_people(names: set[str]) -> tuple[tuple[str, str], ...]:
    """Return pairs of distinct names that look like one person under two names.

    Two names look alike when their surnames are the same or one letter apart, and their given
    names are too (or one of them has none): "Lavrov" / "Sergei Lavrov", "Vladmir Putin" /
    "Vladimir Putin"; not "Becky Johnson" / "Diana Johnson".
    """
    ordered = sorted(names)
    pairs = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if not close_spelling(surname_key(a), surname_key(b)):
                continue
            first_a, first_b = split_name(a)[0], split_name(b)[0]
            if not first_a or not first_b or close_spelling(first_a.split()[0], first_b.split()[0]):
                pairs.append((a, b))
    return tuple(pairs)


def score(blog: LiveBlog, annotation: dict[str, Any]) -> Report:
    """Return the speaker and topic accuracy of an enriched `blog` against `annotation`."""
    vocabulary = set(annotation["topic_vocabulary"])
    counts = {"speakers": [0, 0, 0], "topics": [0, 0, 0]}
    unmatched: list[str] = []
    errors: list[str] = []
    for entry in annotation["updates"]:
        update = _find(blog, entry)
        if update is None:
            unmatched.append(f"{entry.get('time')} {entry.get('headline')}")
            continue
        got = {"speakers": set(update.speakers), "topics": set(update.topics) & vocabulary}
        for kind in ("speakers", "topics"):
            want = set(entry[kind])
            counts[kind][0] += len(got[kind] & want)
            counts[kind][1] += len(got[kind])
            counts[kind][2] += len(want)
            if got[kind] != want:
                errors.append(
                    f"{update.time} {(update.headline or '')[:50]!r} {kind}: "
                    f"missing {sorted(want - got[kind])} extra {sorted(got[kind] - want)}"
                )
    all_speakers = {s for u in blog.updates for s in u.speakers}
    return Report(
        Score(*counts["speakers"]),
        Score(*counts["topics"]),
        tuple(unmatched),
        duplicate_people(all_speakers),
        tuple(errors),
    )


def show(path: str) -> None:
    """Print each update's speakers, quotes count and topics, for checking by eye."""
    blog = load_liveblog(path)
    print(f"== {path}: {len(blog.updates)} updates; suggested topics: {list(blog.suggested_topics)}")
    for update in blog.updates:
        if update.speakers or update.quotes:
            print(f"{update.time or '--:--'} {(update.headline or update.title_or_lead)[:60]!r}")
            print(f"    speakers: {list(update.speakers)}  topics: {list(update.topics)}")
            for quote in update.quotes[:4]:
                print(f"    - {quote.speaker} [{quote.cue}]: {quote.text[:90]!r}")
    speakers = {s for u in blog.updates for s in u.speakers}
    print(f"distinct speakers ({len(speakers)}): {sorted(speakers)}")
    print(f"possible duplicates: {list(duplicate_people(speakers))}")


def main(argv: list[str] | None = None) -> int:
    """Run the accuracy report (or `--show` pages) and return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotation", default=str(DEFAULT_ANNOTATION))
    parser.add_argument("--show", nargs="*", metavar="PAGE", help="print speakers/topics of these pages")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    if args.show:
        for page in args.show:
            show(page)
        return 0
    annotation = json.loads(Path(args.annotation).read_text(encoding="utf-8"))
    article = ROOT / annotation["article"]
    report = score(load_liveblog(str(article)), annotation)
    print(f"article: {annotation['article']} ({len(annotation['updates'])} annotated updates)")
    for name, s in (("speakers", report.speakers), ("topics", report.topics)):
        print(f"{name:9} precision {s.precision:.3f}  recall {s.recall:.3f}  "
              f"(correct {s.correct}, predicted {s.predicted}, annotated {s.expected})")
    print(f"unmatched annotated updates: {len(report.unmatched)}")
    print(f"people under two names: {list(report.duplicates) or 'none'}")
    if args.verbose:
        for line in report.errors:
            print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
