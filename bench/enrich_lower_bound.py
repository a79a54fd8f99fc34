"""How much of enrichment's 2x-the-parse allowance (issue 4) a single token pass would already use.

Usage:
    python -m bench.enrich_lower_bound [--input FILE] [--repeats 5]

Enrichment finds people, speech verbs, quotes and topic words in every update. Any design in pure
Python must at least cut the text into tokens and look at each token once. This script times, on a
parsed blog (default: the generated 10,000-update text blog from `bench/make_big.py`), in CPU time,
minimum of `--repeats` runs, all in one process:

- `parse`: `load_liveblog(path, enrich=False)`, the reference the target is a multiple of;
- `enrich`: `enrich_liveblog` on that blog, the product;
- `tokenise`: one `re.findall` cutting every headline and paragraph (joined) into words and marks;
- `tokenise + look`: the same, plus one Python loop that sorts each token into the classes any
  enrichment needs (capitalised word, lower-case word, quotation mark, other) and counts them.

It prints each time and its ratio to the parse. If `tokenise + look` alone approaches 2x the parse,
no single-token-stream redesign in pure Python can meet the target, whatever its rules.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_big import DEFAULT_OUT, write_blog  # noqa: E402
from parsers.enrich.run import enrich_liveblog  # noqa: E402
from parsers.model import LiveBlog  # noqa: E402
from parsers.pipeline import load_liveblog  # noqa: E402

T = TypeVar("T")

# Words (with inner apostrophes: "Russia's", "don't") and single marks: the coarsest useful cut.
TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")
QUOTE_MARKS = frozenset("\"“”‘’'")


def min_cpu(func: Callable[[], T], repeats: int) -> tuple[float, T]:
    """Return the least CPU time (seconds) of `repeats` calls of `func`, and its last result."""
    best = float("inf")
    result: T
    for _ in range(repeats):
        start = time.process_time()
        result = func()
        best = min(best, time.process_time() - start)
    return best, result


def blog_text(blog: LiveBlog) -> str:
    """Return every headline and paragraph of `blog`, one per line: the text enrichment reads."""
    parts: list[str] = []
    for update in blog.updates:
        if update.headline:
            parts.append(update.headline)
        parts.extend(update.paragraphs)
    return "\n".join(parts)


def look_at_tokens(tokens: list[str]) -> tuple[int, int, int, int]:
    """Return counts of (capitalised words, lower-case words, quotation marks, other) in `tokens`."""
    capitalised = lower = marks = other = 0
    for token in tokens:
        first = token[0]
        if first.isupper():
            capitalised += 1
        elif first.isalpha():
            lower += 1
        elif first in QUOTE_MARKS:
            marks += 1
        else:
            other += 1
    return capitalised, lower, marks, other


def main(argv: list[str] | None = None) -> int:
    """Time the parse, enrichment and the token-pass lower bound; print them and their ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", type=Path, help="a blog to time (default: generated 10,000-update text)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    path: Path = args.input or write_blog(DEFAULT_OUT, "text", 10_000)
    repeats: int = args.repeats

    parse_s, blog = min_cpu(lambda: load_liveblog(str(path), enrich=False), repeats)
    enrich_s, _ = min_cpu(lambda: enrich_liveblog(blog), max(1, repeats // 2))
    text = blog_text(blog)
    tokenise_s, tokens = min_cpu(lambda: TOKEN.findall(text), repeats)
    look_s, counts = min_cpu(lambda: look_at_tokens(TOKEN.findall(text)), repeats)

    print(f"input: {path} ({len(blog.updates)} updates, {len(text):,} characters, {len(tokens):,} tokens)")
    print("capitalised / lower-case / quotation marks / other tokens: " + " / ".join(f"{n:,}" for n in counts))
    print("| step | CPU ms (min) | x parse |")
    print("|---|---|---|")
    for name, seconds in (
        ("parse", parse_s),
        ("enrich (product)", enrich_s),
        ("tokenise (one findall)", tokenise_s),
        ("tokenise + look at each token", look_s),
    ):
        print(f"| {name} | {seconds * 1000:.0f} | {seconds / parse_s:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
