"""Benchmark: parsing the 1.3 MB Mirror live blog (428 updates), and how cost grows with size.

Usage: python bench/bench_html.py [--repeats N] [--corpus DIR]

Prints the median wall time of `parse_bytes` over N runs for the page as saved, then for
pages made 2x and 4x larger by repeating the live-entry stream and the JSON-LD updates
(new ids, so every copy is a real extra update: 856 and 1,712 updates). Time per MB should stay flat if the cost is
linear. Needs ../shared/corpus (or --corpus); exits with status 2 when it is missing.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.loader import parse_bytes

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
PAGE = "mirror_uk-riots-live_2024-08-05.html"
def scaled(page: bytes, factor: int) -> bytes:
    """Return the page with its live-entry stream and JSON-LD updates repeated `factor` times.

    Each copy's element ids, URL fragments and headlines get a suffix, so the copies are
    distinct updates (the parser must keep them all) and the page grows by about `factor`.
    """
    if factor == 1:
        return page
    root = lxml.html.document_fromstring(page.decode("utf-8"))
    stream = root.xpath("//div[@class='live-event-entries']")[0]
    originals = list(stream)
    for n in range(1, factor):
        for entry in originals:
            clone = copy.deepcopy(entry)
            if clone.get("id"):
                clone.set("id", f"{clone.get('id')}{n}")
            for heading in clone.iter("h3"):
                heading.text = f"{heading.text or ''} ({n})"
            stream.append(clone)
    for script in root.xpath("//script[@type='application/ld+json']"):
        data = json.loads(script.text)
        if data.get("@type") != "LiveBlogPosting":
            continue
        updates = data["liveBlogUpdate"]
        extra = []
        for n in range(1, factor):
            for update in updates:
                clone = dict(update)
                clone["url"] = f"{update['url']}{n}"
                clone["headline"] = f"{update['headline']} ({n})"
                extra.append(clone)
        data["liveBlogUpdate"] = updates + extra
        script.text = json.dumps(data, ensure_ascii=False)
    result: bytes = lxml.html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>")
    return result


def median_seconds(data: bytes, repeats: int) -> tuple[float, float, int]:
    """Return (median wall seconds, median CPU seconds, update count) over `repeats` parses.

    One warm-up parse first. CPU time is reported too because the machine is shared:
    wall time grows with other load, CPU time much less.
    """
    blog = parse_bytes(data, PAGE)
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        parse_bytes(data, PAGE)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), len(blog.updates)


def main() -> int:
    """Run the benchmark and print one line per page size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    path = args.corpus / PAGE
    if not path.is_file():
        print(f"corpus page not found: {path}", file=sys.stderr)
        return 2
    page = path.read_bytes()
    print(f"{'size':>6} {'MB':>6} {'updates':>8} {'wall s':>8} {'cpu s':>8} {'cpu s/MB':>9}")
    for factor in (1, 2, 4):
        data = scaled(page, factor)
        seconds, cpu, count = median_seconds(data, args.repeats)
        megabytes = len(data) / 1_000_000
        print(f"{factor:>5}x {megabytes:6.2f} {count:8d} {seconds:8.3f} {cpu:8.3f} {cpu / megabytes:9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
