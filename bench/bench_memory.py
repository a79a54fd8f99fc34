"""Peak memory and time scaling of parsing large text files (issue 6: limits).

Generates live-blog text files of 25, 50, 100 and 200 MB (streamed to a temporary folder,
never kept) with the catalogue's generator, then for each size runs, in a fresh
subprocess so that RSS is its own:

- `parse`: `parsers.pipeline.load_liveblog(path, enrich=False)` (read, decode, parse);
- `json`: the same, then the JSON export written to /dev/null as `liveblog export` streams it;
- `enrich`: the whole `load_liveblog` (quotes, speakers, topics) at 1, 2 and 4 MB only,
  since enrichment runs at about 10 s per MB.

It prints a table of wall time, CPU time, peak RSS (ru_maxrss of the child), seconds per
MB and RSS per input byte, and checks the issue's two targets: peak RSS under 2 GB for
200 MB, and time linear in size (seconds per MB of the largest within 1.5x of the
smallest). Exit status 1 if a target is missed.

    .venv/bin/python bench/bench_memory.py                  # 25/50/100/200 MB parse+json, 1/2/4 MB enrich
    .venv/bin/python bench/bench_memory.py --sizes 10 20 --enrich-sizes   # quicker, no enrichment
    .venv/bin/python bench/bench_memory.py --modes parse
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from catalogue import MB, large_text_chunks, write_chunks  # noqa: E402

RSS_LIMIT = 2 * 1024 * MB
LINEAR_TOLERANCE = 1.5
# The measured child: argv = path, mode. "parse" reads, decodes and parses (no enrichment);
# "json" also writes the JSON export as `liveblog export` does (streamed, to /dev/null);
# "enrich" is the whole `load_liveblog`.
CHILD_CODE = """
import os, sys
from parsers.pipeline import load_liveblog
path, mode = sys.argv[1], sys.argv[2]
blog = load_liveblog(path, enrich=(mode == "enrich"))
if mode == "json":
    from tui.cli import iter_json
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for piece in iter_json(blog, blog.updates):
            sink.write(piece)
print(len(blog.updates))
"""
MODES = ("parse", "json", "enrich")


@dataclass(frozen=True)
class Run:
    """One measured subprocess."""

    mode: str
    size_mb: int
    wall: float
    cpu: float
    peak_rss: int  # bytes
    updates: int | None
    status: int


def measure_isolated(command: list[str], stdout_null: bool) -> tuple[float, float, int, int, str]:
    """Run `command` via fork+wait4 so its own rusage (CPU, max RSS) is read exactly."""
    start = time.perf_counter()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: exec the command with stdout to the pipe or /dev/null
        try:
            os.chdir(REPO)
            target = os.open(os.devnull, os.O_WRONLY) if stdout_null else write_end
            os.dup2(target, 1)
            devnull_in = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull_in, 0)
            os.close(read_end)
            os.execv(command[0], command)
        finally:
            os._exit(127)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss * 1024  # Linux reports KB
    return wall, cpu, peak, os.waitstatus_to_exitcode(status), b"".join(chunks).decode(errors="replace")


def run_size(folder: Path, size_mb: int, modes: list[str]) -> list[Run]:
    """Generate a `size_mb` file, measure each mode on it, delete it."""
    path = write_chunks(folder / f"blog-{size_mb}mb.txt", large_text_chunks(size_mb * MB))
    runs: list[Run] = []
    try:
        for mode in modes:
            command = [sys.executable, "-c", CHILD_CODE, str(path), mode]
            wall, cpu, peak, status, out = measure_isolated(command, stdout_null=False)
            updates = int(out.strip()) if status == 0 and out.strip().isdigit() else None
            runs.append(Run(mode, size_mb, wall, cpu, peak, updates, status))
            print(f"  {mode:6} {size_mb:4d} MB: wall {wall:7.1f} s  cpu {cpu:7.1f} s  "
                  f"peak RSS {peak / MB:7.0f} MB  exit {status}", flush=True)
    finally:
        path.unlink(missing_ok=True)
    return runs


def report(runs: list[Run]) -> bool:
    """Print the table and the verdicts; return True if every target is met."""
    print()
    print("| mode | size MB | wall s | cpu s | peak RSS MB | cpu s/MB | RSS / input | updates |")
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r.mode} | {r.size_mb} | {r.wall:.1f} | {r.cpu:.1f} | {r.peak_rss / MB:.0f} | "
              f"{r.cpu / r.size_mb:.3f} | {r.peak_rss / (r.size_mb * MB):.1f}x | {r.updates or ''} |")
    ok = True
    for mode in sorted({r.mode for r in runs}):
        mine = sorted((r for r in runs if r.mode == mode), key=lambda r: r.size_mb)
        if any(r.status != 0 for r in mine):
            print(f"{mode}: FAILED runs: {[r.size_mb for r in mine if r.status != 0]}")
            ok = False
            continue
        largest = mine[-1]
        if largest.size_mb >= 200:
            verdict = "under" if largest.peak_rss < RSS_LIMIT else "OVER"
            ok &= largest.peak_rss < RSS_LIMIT
            print(f"{mode}: peak RSS at {largest.size_mb} MB is {largest.peak_rss / MB:.0f} MB, {verdict} 2 GB")
        if len(mine) > 1:
            per_mb = [r.cpu / r.size_mb for r in mine]
            ratio = per_mb[-1] / per_mb[0]
            linear = ratio <= LINEAR_TOLERANCE
            ok &= linear
            print(f"{mode}: CPU s/MB from {mine[0].size_mb} to {largest.size_mb} MB: "
                  f"{per_mb[0]:.3f} -> {per_mb[-1]:.3f} (ratio {ratio:.2f}, {'linear' if linear else 'NOT linear'})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100, 200], help="sizes in MB")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=["parse", "json"])
    parser.add_argument("--enrich-sizes", type=int, nargs="*", default=[1, 2, 4],
                        help="sizes in MB for the (slow) enrichment mode; none to skip")
    args = parser.parse_args()
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="liveblog-bench-") as folder:
        for size in args.sizes:
            runs += run_size(Path(folder), size, [m for m in args.modes if m != "enrich"])
        for size in args.enrich_sizes:
            runs += run_size(Path(folder), size, ["enrich"])
    print(f"(this process's own peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)")
    return 0 if report(runs) else 1


if __name__ == "__main__":
    sys.exit(main())
