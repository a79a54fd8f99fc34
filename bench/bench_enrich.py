"""Speed of enrichment against parsing, on a generated 10,000-update text blog.

Usage:
    python bench/bench_enrich.py [--updates 10000] [--repeats 5] [--input FILE]

The blog is built from the Telegraph sample's updates, repeated with shifted times (one minute
apart, newest first) into a temporary directory. The script times `parse_bytes` (the parse
step alone) and `enrich_liveblog` on the parsed blog, interleaved, and prints the medians and
their ratio.
The target is enrich / parse <= 2.0. No user topics file is read (the config dir points at
the empty temp dir).

`--input FILE` times a given blog instead, e.g. one from `bench/make_big.py` (varied speakers,
topics and wording, so that no figure depends on the same 39 updates coming back):
    python bench/make_big.py --updates 10000 --forms text
    python bench/bench_enrich.py --input bench/out/big-text-10000-s20170412-v1.txt
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from parsers.enrich.run import enrich_liveblog  # noqa: E402
from parsers.options import ParseOptions  # noqa: E402
from parsers.pipeline import parse_bytes  # noqa: E402

SAMPLE = ROOT / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"
_STAMP = re.compile(r"^\d{1,2}:\d{2}[AP]M$", re.MULTILINE)


def sample_blocks(text: str) -> tuple[str, list[str]]:
    """Return the sample's text before its first timestamp, and each update's text after its stamp."""
    stamps = list(_STAMP.finditer(text))
    preamble = text[: stamps[0].start()]
    blocks = [text[m.end(): (stamps[i + 1].start() if i + 1 < len(stamps) else len(text))]
              for i, m in enumerate(stamps)]
    return preamble, blocks


def _clock(minutes: int) -> str:
    """Return a 12-hour "H:MMAM/PM" stamp for a minute of the day."""
    minutes %= 24 * 60
    hour, minute = divmod(minutes, 60)
    suffix = "AM" if hour < 12 else "PM"
    return f"{(hour % 12) or 12}:{minute:02d}{suffix}"


def generate(count: int) -> str:
    """Return a text blog of `count` updates in the sample's form, newest first."""
    preamble, blocks = sample_blocks(SAMPLE.read_text(encoding="utf-8"))
    parts = [preamble]
    start = 23 * 60 + 59
    for i in range(count):
        parts.append(_clock(start - i))
        parts.append(blocks[i % len(blocks)].rstrip() + "\n\n")
    return "\n".join(parts)


def median_time(action: object, repeats: int) -> float:
    """Return the median CPU time of calling `action()` `repeats` times.

    CPU time, not wall time: the machine is shared, and waiting for a core is not our cost.
    """
    assert callable(action)
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        action()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print parse, enrich and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--input", type=Path, default=None,
                        help="time this blog file instead of the repeated sample")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["LIVEBLOG_CONFIG_DIR"] = tmp  # no user topics file
        if args.input is not None:
            path = args.input
        else:
            path = Path(tmp) / "generated.txt"
            path.write_text(generate(args.updates), encoding="utf-8")
        data = path.read_bytes()
        options = ParseOptions(max_bytes=max(len(data) * 2, 64 * 1024 * 1024))
        blog = parse_bytes(data, str(path), options)
        # interleaved, so that load from other processes hits both sides alike
        parse_times, enrich_times = [], []
        for _ in range(args.repeats):
            parse_times.append(median_time(lambda: parse_bytes(data, str(path), options), 1))
            enrich_times.append(median_time(lambda: enrich_liveblog(blog), 1))
        parse_s, enrich_s = statistics.median(parse_times), statistics.median(enrich_times)
        enriched = enrich_liveblog(blog)
    quotes = sum(len(u.quotes) for u in enriched.updates)
    print(f"input: {args.input or 'repeated sample'}")
    print(f"updates: {len(blog.updates)}  bytes: {len(data)}  quotes found: {quotes}")
    print(f"parse  median: {parse_s:.3f} s")
    print(f"enrich median: {enrich_s:.3f} s")
    print(f"ratio enrich/parse: {enrich_s / parse_s:.2f} (target <= 2.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
