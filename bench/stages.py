"""Where `liveblog export` spends its CPU time, stage by stage, next to the floor process's stages.

Issue 17 compares the HTML export with a floor process (read, lxml tree, JSON-LD decoded, each
entry dumped). This script splits both into the same stages, in one process, CPU time
(`time.process_time`, so a loaded machine changes the figures less than wall time would), median
of `--repeat` runs:

- read: the file's bytes;
- tree: `lxml.etree.HTMLParser` over the bytes (what the floor and the reader both build);
- parse: `parse_bytes` (tree + entry finding + bodies + times + ids), the whole parse;
- enrich: `enrich_blog` (speakers, quotes, topics, suggestions), as `liveblog export` calls it;
- json: `to_json` of the enriched blog;
- known markup: `known_markup_blog`, an extractor written for the generated page alone (its
  entry, time, headline, paragraph and caption markup known in advance) that makes the same
  kind of model (ids, times, headlines, cleaned paragraphs, captions) without enrichment: what
  Python costs here once nothing has to be found out about the page.

Usage: ``python -m bench.stages [--updates 10000] [--repeat 3] [--form html jsonld]``.
It prints one Markdown table; the inputs are `bench/make_big.py`'s generated blogs.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import lxml.etree

from bench.make_big import DEFAULT_OUT, write_blog
from parsers.export import to_json
from parsers.model import LiveBlog
from parsers.pipeline import enrich_blog, parse_bytes

T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[float, T]:
    """Return the CPU seconds `work()` took and what it returned (garbage collected first)."""
    gc.collect()
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def known_markup_blog(data: bytes, path: str) -> LiveBlog:
    """Return the blog of a `bench.make_big` HTML page read with its markup known in advance.

    Each ``article.liveblog-entry`` is one update: its id from ``data-id``, its time from the
    ``<time datetime>`` (``dateutil``), its headline from the ``entry-title`` heading, its
    paragraphs from the ``<p>`` of its body (blockquotes included), its captions from the
    ``<figcaption>`` text; every text is cleaned as the reader cleans inline text. Accepts the
    generated page's bytes; returns the blog, unenriched. On the generated 1,000-update page its
    times, paragraphs and captions equal the reader's parse; its ids are the page's own (the
    reader hashes them) and it keeps headline flags ("Breaking:") the reader takes off.
    """
    from dateutil.parser import isoparse

    from parsers.model import Source, Update
    from parsers.normalise.clean import clean_inline

    root = lxml.etree.fromstring(data, lxml.etree.HTMLParser(huge_tree=True))
    updates = []
    for entry in root.iterfind(".//article[@class='liveblog-entry']"):
        stamp = entry.find("header/time")
        when = isoparse(stamp.get("datetime")) if stamp is not None else None
        heading = entry.find("header/*[@class='entry-title']")
        body = entry.find("div[@class='entry-body']")
        paragraphs = tuple(clean_inline("".join(p.itertext())) for p in body.iterfind(".//p")) if body is not None \
            else ()
        captions = tuple(clean_inline("".join(c.itertext())) for c in entry.iterfind(".//figcaption"))
        updates.append(Update(
            id=f"post-{entry.get('data-id')}", time=when.strftime("%H:%M") if when else None, datetime=when,
            headline=clean_inline("".join(heading.itertext())) if heading is not None else None,
            paragraphs=paragraphs, captions=captions,
        ))
    return LiveBlog(title=root.findtext(".//title") or "", source=Source(path=path, format="html"),
                    updates=tuple(updates))


def stage_times(path: Path) -> dict[str, float]:
    """Return the CPU seconds of each export stage for the file at `path` (one run)."""
    seconds: dict[str, float] = {}
    seconds["read"], data = timed(path.read_bytes)
    seconds["tree"], _ = timed(lambda: lxml.etree.fromstring(data, lxml.etree.HTMLParser()))
    seconds["parse"], blog = timed(lambda: parse_bytes(data, str(path)))
    enriched: LiveBlog
    seconds["enrich"], enriched = timed(lambda: enrich_blog(blog))
    seconds["json"], _ = timed(lambda: to_json(enriched))
    if path.suffix == ".html":
        seconds["known"], known = timed(lambda: known_markup_blog(data, str(path)))
        assert len(known.updates) == len(blog.updates), "the known-markup extractor missed entries"
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--form", nargs="+", default=["html", "jsonld"], choices=["html", "jsonld", "text"])
    args = parser.parse_args(argv)
    print("| input | read | lxml tree | parse (incl. tree) | enrich | JSON | export total | parse / tree "
          "| enrich / tree | total / tree | known markup (incl. tree) | known / tree | parse / known |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for form in args.form:
        path = write_blog(DEFAULT_OUT, form, args.updates)
        runs = [stage_times(path) for _ in range(args.repeat)]
        median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        total = median["read"] + median["parse"] + median["enrich"] + median["json"]
        tree = median["tree"]
        known = median.get("known")
        known_cells = (f"{known:.3f} | {known / tree:.1f}x | {median['parse'] / known:.1f}x" if known
                       else "- | - | -")
        print(f"| {form} {args.updates:,} | {median['read']:.3f} | {tree:.3f} | {median['parse']:.3f} | "
              f"{median['enrich']:.3f} | {median['json']:.3f} | {total:.3f} | {median['parse'] / tree:.1f}x | "
              f"{median['enrich'] / tree:.1f}x | {total / tree:.1f}x | {known_cells} |")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
