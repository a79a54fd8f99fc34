"""Time topic matching with the README's example topics file on one huge update (issue 14, finding 5).

Usage:
    python bench/bench_topics.py [--sizes 0.8,1.6,8] [--timeout 600]

For each size (MB) a text live blog with ONE update of that many bytes is written to a temporary
folder: paragraphs that each hold an `exclude` term ("Cyber Monday") and two `include` terms
("cyber", "hacking") of the README's Cyber topic. Each size runs `load_liveblog` (read, parse and
enrich, with the README's topics file) in a child process, so that a run can be stopped at
`--timeout` seconds, and prints the wall and CPU seconds, with the same file without user topics
as the baseline. Exclusion used to compare every include hit with every exclude hit (quadratic).
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from catalogue import EXCLUDE_HEAVY_PARAGRAPH, README_TOPICS  # noqa: E402

PARAGRAPH = EXCLUDE_HEAVY_PARAGRAPH + " "

CHILD = """
import resource, sys, time
from parsers.pipeline import load_liveblog
topics = sys.argv[2] or None
start = time.perf_counter()
blog = load_liveblog(sys.argv[1], topics_file=topics)
wall = time.perf_counter() - start
cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime
print(f"{wall:.2f} {cpu:.2f} {','.join(blog.updates[0].topics)}")
"""


def write_blog(folder: Path, megabytes: float) -> Path:
    """Write a text blog with one update of about `megabytes` MB (10^6 bytes) and return its path."""
    count = math.ceil(megabytes * 1_000_000 / (len(PARAGRAPH) + 2))
    path = folder / f"one-update-{megabytes}mb.txt"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("A huge update\n\n10:00\n\nHeadline of the update\n\n")
        for _ in range(count):
            handle.write(PARAGRAPH + "\n\n")
    return path


def run(path: Path, topics: str, timeout: float, env: dict[str, str]) -> str:
    """Return "wall cpu topics" from a child process, or a note that it was stopped."""
    try:
        done = subprocess.run([sys.executable, "-c", CHILD, str(path), topics], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT, env=env)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} (stopped)"
    if done.returncode:
        return "failed: " + done.stderr.strip().splitlines()[-1]
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.8,1.6,8")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        topics = folder / "topics.toml"
        topics.write_text(README_TOPICS, encoding="utf-8")
        # No default topics file from the user's config dir in the baseline.
        env = {**os.environ, "LIVEBLOG_CONFIG_DIR": str(folder / "no-config"), "PYTHONPATH": str(ROOT)}
        print("| update MB | with README topics: wall s, CPU s, topics | without user topics: wall s, CPU s |")
        print("|---|---|---|")
        for size in (float(s) for s in args.sizes.split(",")):
            path = write_blog(folder, size)
            with_topics = run(path, str(topics), args.timeout, env)
            without = run(path, "", args.timeout, env)
            print(f"| {size} | {with_topics} | {without} |", flush=True)


if __name__ == "__main__":
    main()
