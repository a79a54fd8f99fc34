"""Speaker and topic accuracy of the enrichment step against hand annotations (tests/data/*_speakers.json etc.).

Usage (from the repository root):
    python tests/speaker_accuracy.py                  # every annotation in tests/data/, per page and overall
    python tests/speaker_accuracy.py -v               # ... and every update that differs from its annotation
    python tests/speaker_accuracy.py --annotation F   # one annotation file
    python tests/speaker_accuracy.py --show PAGE...   # print each update's speakers/quotes for eyeballing

An annotation names its article by a path from the repository root, or `corpus:NAME` for a page of the
shared corpus (`tests/conftest.py` CORPUS); such pages are skipped when the corpus is absent. Each entry finds
its update by `id`, else by `time` and `headline`, else by `text`, words copied from the update (matched
case-, space- and apostrophe-insensitively), so that an entry stays meaningful when the extraction changes
ids, times or which updates a page gives. Precision and recall are micro-averaged over (update, name) pairs.
Topics are scored only for names in the annotation's `topic_vocabulary`. People who appear under two names
in a blog are listed too. `tests/test_enrich_accuracy.py` is the gate that runs this.
"""

from __future__ import annotations

import argparse
import json
import os
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

DATA = ROOT / "tests" / "data"
CORPUS = Path(os.environ.get("LIVEBLOG_CORPUS") or ROOT.parent / "shared" / "corpus")


def annotation_files() -> list[Path]:
    """Return every annotation file in tests/data/, sorted."""
    return sorted(DATA.glob("*_annotation.json")) + sorted(DATA.glob("*_speakers.json"))


def article_path(annotation: dict[str, Any]) -> Path:
    """Return the file an annotation describes (a `corpus:` name is looked up in the shared corpus)."""
    article = str(annotation["article"])
    if article.startswith("corpus:"):
        return CORPUS / article.removeprefix("corpus:")
    return ROOT / article


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

    def __add__(self, other: Score) -> Score:
        return Score(self.correct + other.correct, self.predicted + other.predicted, self.expected + other.expected)


@dataclass(slots=True, frozen=True)
class Report:
    """The accuracy of one blog against its annotation."""

    speakers: Score
    topics: Score
    unmatched: tuple[str, ...]  # annotated updates not found in the blog
    duplicates: tuple[tuple[str, str], ...]  # speaker names that look like one person
    errors: tuple[str, ...]  # one line per update that differs from the annotation


_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"', "\u200b": None})


def _folded(text: str) -> str:
    """Return `text` case-folded with apostrophes/quote marks unified and whitespace collapsed."""
    return " ".join(text.translate(_FOLD).casefold().split())


def find_update(blog: LiveBlog, entry: dict[str, Any]) -> Update | None:
    """Return the update an annotation entry describes: by id, else time and headline, else its text."""
    for update in blog.updates:
        if entry.get("id") and update.id == entry["id"]:
            return update
    if entry.get("headline") and "text" not in entry:
        for update in blog.updates:
            if update.time == entry.get("time") and update.headline == entry.get("headline"):
                return update
    words = _folded(entry.get("text") or "")
    if not words:
        return None
    found = [u for u in blog.updates if words in _folded(" ".join((u.headline or "", *u.paragraphs)))]
    # A page can hold copies of a post (a summary box, a structured-data twin): prefer the one whose
    # headline is the annotated one, else the first.
    for update in found:
        if entry.get("headline") and update.headline and _folded(update.headline) == _folded(entry["headline"]):
            return update
    return found[0] if found else None


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
    vocabulary = set(annotation.get("topic_vocabulary", ()))
    counts = {"speakers": [0, 0, 0], "topics": [0, 0, 0]}
    unmatched: list[str] = []
    errors: list[str] = []
    for entry in annotation["updates"]:
        update = find_update(blog, entry)
        if update is None:
            unmatched.append(f"{entry.get('time')} {entry.get('headline') or entry.get('text')}")
            continue
        got = {"speakers": set(update.speakers), "topics": set(update.topics) & vocabulary}
        for kind in ("speakers", "topics"):
            want = set(entry.get(kind, ()))
            if kind == "topics" and not vocabulary:
                continue
            counts[kind][0] += len(got[kind] & want)
            counts[kind][1] += len(got[kind])
            counts[kind][2] += len(want)
            if got[kind] != want:
                errors.append(
                    f"{entry.get('time')} {(entry.get('headline') or entry.get('text') or '')[:50]!r} {kind}: "
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


def score_file(path: Path) -> tuple[dict[str, Any], Report] | None:
    """Return an annotation and the report of its article, or None when the article is absent."""
    annotation = json.loads(path.read_text(encoding="utf-8"))
    article = article_path(annotation)
    if not article.is_file():
        return None
    return annotation, score(load_liveblog(str(article)), annotation)


def show(path: str) -> None:
    """Print each update's speakers, quotes and topics, for checking by eye."""
    blog = load_liveblog(path)
    print(f"== {path}: {len(blog.updates)} updates, language {blog.language}; suggested topics: "
          f"{list(blog.suggested_topics)}")
    for update in blog.updates:
        if update.speakers or update.quotes:
            print(f"{update.time or '--:--'} {(update.headline or update.title_or_lead)[:60]!r}")
            print(f"    speakers: {list(update.speakers)}  topics: {list(update.topics)}")
            for quote in update.quotes[:4]:
                print(f"    - {quote.speaker} [{quote.cue}]: {quote.text[:90]!r}")
    speakers = {s for u in blog.updates for s in u.speakers}
    print(f"distinct speakers ({len(speakers)}): {sorted(speakers)}")
    print(f"possible duplicates: {list(duplicate_people(speakers))}")


def _line(name: str, s: Score) -> str:
    return (f"{name:9} precision {s.precision:.3f}  recall {s.recall:.3f}  "
            f"(correct {s.correct}, predicted {s.predicted}, annotated {s.expected})")


def main(argv: list[str] | None = None) -> int:
    """Run the accuracy report (or `--show` pages) and return the exit status."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--annotation", action="append", help="an annotation file (default: all in tests/data)")
    parser.add_argument("--show", nargs="*", metavar="PAGE", help="print speakers/topics of these pages")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = parser.parse_args(argv)
    if args.show:
        for page in args.show:
            show(page)
        return 0
    files = [Path(a) for a in args.annotation] if args.annotation else annotation_files()
    total = Score(0, 0, 0)
    for path in files:
        result = score_file(path)
        if result is None:
            print(f"{path.name}: article absent, skipped")
            continue
        annotation, report = result
        total += report.speakers
        print(f"{annotation['article']} ({len(annotation['updates'])} annotated updates)")
        print("  " + _line("speakers", report.speakers))
        if annotation.get("topic_vocabulary"):
            print("  " + _line("topics", report.topics))
        print(f"  unmatched annotated updates: {len(report.unmatched)} {list(report.unmatched)[:3]}")
        print(f"  people under two names: {list(report.duplicates) or 'none'}")
        if args.verbose:
            for line in report.errors:
                print("    " + line)
    print("overall " + _line("speakers", total))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
