"""Benchmark: parsing the 1.3 MB Mirror live blog (428 updates), and how cost grows with size.

Usage: python bench/bench_html.py [--repeats N] [--corpus DIR] [--ratios]

Prints the median wall time of `parse_bytes` over N runs for the page as saved, then for
pages made 2x and 4x larger by repeating the live-entry stream and the JSON-LD updates
(new ids, so every copy is a real extra update: 856 and 1,712 updates). Time per MB should stay flat if the cost is
linear. Needs ../shared/corpus (or --corpus); exits with status 2 when it is missing.

With --ratios it prints instead, for every corpus HTML page, the least CPU time of N runs (all
four measured in turn in each run) of: the BeautifulSoup+lxml tree, our lxml floor (decode and
`parse_document`, no extraction), our whole parse, and `trafilatura.extract` when installed;
then parse/tree (target <= 1.5), trafilatura/parse (target >= 2.5), the parse time that target
allows (trafilatura/2.5), and trafilatura/tree: below 2.5, building the bs4 tree alone costs more
than the target allows, so no extractor built on that tree could meet it.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.pipeline import parse_bytes

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


def least_cpu_ms(runs: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Return the least CPU milliseconds of each callable over `repeats` rounds (each round runs all, in turn)."""
    for run in runs.values():
        run()  # warm-up: imports and caches
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.process_time()
            run()
            times[name].append(time.process_time() - start)
    return {name: min(values) * 1000 for name, values in times.items()}


def corpus_ratios(corpus: Path, repeats: int) -> None:
    """Print, per corpus HTML page, the tree, floor, parse and trafilatura CPU times and their ratios."""
    from bs4 import BeautifulSoup

    from parsers.extract.html.dom import decode_html, parse_document
    from parsers.extract.html.page import is_utf8_of

    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    print(f"{'page':<16} {'KB':>5} {'tree':>6} {'floor':>6} {'parse':>6} {'traf':>6}   {'parse/tree':>10} "
          f"{'traf/parse':>10} {'traf/2.5':>8} {'traf/tree':>9}   (CPU ms, least of {repeats})")
    for path in sorted(corpus.glob("*.html")):
        data = path.read_bytes()
        text = data.decode("utf-8", errors="replace")

        def floor(data: bytes = data, path: Path = path) -> None:
            decoded, warning = decode_html(data, str(path))
            parse_document(decoded, str(path), data if warning is None and is_utf8_of(data, decoded) else None)

        runs: dict[str, Callable[[], object]] = {
            "tree": lambda data=data: BeautifulSoup(data, "lxml"),
            "floor": floor,
            "parse": lambda data=data, path=path: parse_bytes(data, str(path)),
        }
        if trafilatura is not None:
            runs["traf"] = lambda text=text: trafilatura.extract(text)
        ms = least_cpu_ms(runs, repeats)
        line = (f"{path.name[:16]:<16} {len(data) // 1024:5d} {ms['tree']:6.1f} {ms['floor']:6.1f} {ms['parse']:6.1f} "
                f"{ms.get('traf', float('nan')):6.1f}   {ms['parse'] / ms['tree']:10.2f}")
        if "traf" in ms:
            line += f" {ms['traf'] / ms['parse']:10.2f} {ms['traf'] / 2.5:8.1f} {ms['traf'] / ms['tree']:9.2f}"
        print(line)


def main() -> int:
    """Run the benchmark and print one line per page size (or, with --ratios, per corpus page)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--ratios", action="store_true", help="CPU-time ratios per corpus page (see above)")
    args = parser.parse_args()
    if args.ratios:
        if not args.corpus.is_dir():
            print(f"corpus not found: {args.corpus}", file=sys.stderr)
            return 2
        corpus_ratios(args.corpus, args.repeats)
        return 0
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
