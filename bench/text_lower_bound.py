"""How close can a pure-Python text parse get to the text-parse floor? A lower bound for issue 7.

Times, in CPU seconds (min of N runs, the garbage collector run before each):

- the floor of ``bench.run``'s text row: read + UTF-8 decode + one ``findall`` of `FLOOR_PATTERN`;
- a minimal parser that does the least any parser producing `Update`s must: one ``re.split`` at the
  sample's time lines ("9:56PM"), the non-empty lines of each update as a tuple, a blake2b id of
  the first 400 characters of its body, one `Update` per update. No cleaning, no furniture, no
  captions, no headlines, no dates, no id normalisation: it is not a parser anyone should use,
  only a measure of what the interpreter costs;
- the product: ``load_liveblog(path, enrich=False)``.

It prints the three times and the ratios of the minimal parser and of the product to the floor.
Usage: ``python -m bench.text_lower_bound [FILE] [--runs N]`` (default: the generated
10,000-update text blog, made with ``python -m bench.make_big`` if missing).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import make_big
from bench.run import FLOOR_PATTERN
from parsers.model import Update
from parsers.pipeline import load_liveblog

# The sample's time lines ("9:56PM"), with the newlines around them: `re.split` keeps the time.
MINIMAL_STAMP_LINE = re.compile(r"\n(\d{1,2}[:.]\d{2}\s?[APap][Mm])\n")


def floor(path: Path) -> int:
    """Return the number of time lines found by the floor: read, decode, one regex pass."""
    return len(FLOOR_PATTERN.findall(path.read_bytes().decode("utf-8")))


def minimal_parse(path: Path) -> tuple[Update, ...]:
    """Return the updates of a text blog in the sample's form, parsed with the least possible work."""
    pieces = MINIMAL_STAMP_LINE.split(path.read_bytes().decode("utf-8"))
    blake2b = hashlib.blake2b
    updates = []
    for stamp, body in zip(pieces[1::2], pieces[2::2], strict=True):
        paragraphs = tuple(filter(None, body.split("\n")))
        uid = blake2b(" ".join(paragraphs)[:400].encode("utf-8"), digest_size=6).hexdigest()
        updates.append(Update(uid, stamp, None, None, paragraphs))
    return tuple(updates)


def product(path: Path) -> int:
    """Return the number of updates the reader's own parse finds (no enrichment)."""
    return len(load_liveblog(str(path), enrich=False).updates)


def min_cpu(func: Callable[[], object], runs: int) -> float:
    """Return the least CPU time, in seconds, of `runs` calls of `func` (after one untimed call)."""
    func()
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print the floor, minimal-parse and product times of one text blog and their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, help="a text blog (default: generated, 10,000 updates)")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7); the minimum is shown")
    args = parser.parse_args(argv)
    path: Path = args.path or make_big.write_blog(make_big.DEFAULT_OUT, "text", 10_000)
    found = (floor(path), len(minimal_parse(path)), product(path))
    times = {
        "floor": min_cpu(lambda: floor(path), args.runs),
        "minimal": min_cpu(lambda: minimal_parse(path), args.runs),
        "product": min_cpu(lambda: product(path), args.runs),
    }
    print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB; time lines / updates found: {found}")
    print(f"CPU time, min of {args.runs} runs (process_time):")
    for name, seconds in times.items():
        print(f"  {name:8s} {seconds * 1000:9.1f} ms  {seconds / times['floor']:6.1f}x floor")
    print(f"product / minimal parse: {times['product'] / times['minimal']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
