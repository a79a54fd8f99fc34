"""Benchmarks of the library (issue 16, and issue 17's target 4). Figures go to stdout as a table.

``python -m bench.library reopen [--updates 10000] [--runs 3]``
    A generated blog of 10,000 updates (``bench.make_big``, text and HTML forms) opened the way the
    reader opens a single file (`tui.articles.prepare`, then the parse and enrichment the reader
    runs in a worker): first with an empty library (a real parse), then again with the blog in
    the library (the stored model). Each open is a fresh process; the time is wall-clock from
    before `prepare` until the fully enriched blog is in hand (imports of the modules both paths
    use are outside it; the first open's lazy imports of the enrichment are inside it). Medians.
    Target: reopen <= 0.25x the first open.

``python -m bench.library scale [--blogs 1000] [--updates 500] [--jobs 2]``
    Generates the blogs (text form, distinct seeds, under ``bench/out/library/``), adds them all
    to a fresh library in ``bench/out/library-data/`` (parse, enrich, record; `--jobs` processes
    writing at once), then times, as whole ``liveblog`` processes (wall-clock, median of 5):
    ``search WORD``, ``search --speaker NAME``, and the library screen up to its first frame with
    the list filled (headless, 120x40); and compares the database's size with the blogs' text.
    Targets: searches < 0.3 s, screen < 1 s, database < 3x the text.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
BLOG_DATE = "2017-04-10"  # the generated blogs' first day (text form: clock times only)


def _child_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "LIVEBLOG_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO)}
    env.pop("LIVEBLOG_NO_LIBRARY", None)
    return env


# --- reopen -------------------------------------------------------------------------------------


def open_once(path: str) -> None:
    """(Child) Open `path` as the reader does and print the seconds until the enriched blog is ready."""
    from datetime import date

    from parsers.options import ParseOptions
    from tui.articles import Settings, prepare

    settings = Settings(options=ParseOptions(date=date.fromisoformat(BLOG_DATE)))
    start = time.perf_counter()
    article = prepare([path], settings)[0]
    blog = article.blog
    if blog is None:
        assert article.data is not None
        blog = settings.parse(article.data, path, article.identity)
    elif not article.enriched:
        blog = settings.enrich(blog)
        settings.parsed.remember(article.identity, blog)
    elapsed = time.perf_counter() - start
    settings.library.close()  # the recording (first open) finishes, untimed, before the process ends
    print(json.dumps({"seconds": elapsed, "updates": len(blog.updates)}))


def _open_in_child(path: Path, data_dir: Path) -> float:
    done = subprocess.run([sys.executable, "-m", "bench.library", "_open", str(path)], cwd=REPO, check=True,
                          capture_output=True, text=True, env=_child_env(data_dir))
    return float(json.loads(done.stdout.strip().splitlines()[-1])["seconds"])


def run_reopen(updates: int, runs: int) -> None:
    from bench.make_big import write_blog

    print(f"| blog ({updates} updates) | first open (s) | reopen (s) | ratio |")
    print("|---|---|---|---|")
    for form in ("text", "html"):
        path = write_blog(OUT, form, updates)
        firsts, reopens = [], []
        for run in range(runs):
            data_dir = OUT / f"library-reopen-{form}-{run}"
            for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
                (data_dir / name).unlink(missing_ok=True)
            firsts.append(_open_in_child(path, data_dir))
            reopens.append(_open_in_child(path, data_dir))
        first, again = statistics.median(firsts), statistics.median(reopens)
        print(f"| {form} | {first:.3f} | {again:.3f} | {again / first:.3f} |", flush=True)


# --- scale --------------------------------------------------------------------------------------


def _add_blog(args: tuple[str, str]) -> int:
    """(Worker) Parse, enrich and record one blog file; return its text size in UTF-8 bytes."""
    path, data_dir = args
    os.environ["LIVEBLOG_DATA_DIR"] = data_dir
    from datetime import date

    from parsers.options import ParseOptions
    from parsers.pipeline import enrich_blog, parse_bytes
    from parsers.read.input import read_input
    from tui.library.store import record

    options = ParseOptions(date=date.fromisoformat(BLOG_DATE))
    data = read_input(path, options.max_bytes)
    blog = enrich_blog(parse_bytes(data, path, options))
    notice = record(blog, source=path, how="added", data=data)
    if notice:
        raise RuntimeError(notice)
    return sum(len((u.headline or "").encode()) + sum(len(p.encode()) for p in (*u.paragraphs, *u.captions))
               for u in blog.updates)


def _timed(argv: list[str], data_dir: Path, runs: int = 5) -> tuple[float, float]:
    """Return the median wall-clock and CPU (user + system) seconds of a whole process running `argv`.

    CPU time is given too because the machine is shared: wall-clock includes waiting for a core.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, cwd=REPO, check=True, capture_output=True, env=_child_env(data_dir))
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def _row(label: str, figures: tuple[float, float], target: str) -> str:
    return f"| {label} | {figures[0]:.3f} s | {figures[1]:.3f} s | {target} |"


def screen_once() -> None:
    """(Child) Open the library screen headless, up to its first frame with every blog listed, and quit."""
    import asyncio

    from tui.articles import Settings
    from tui.library.store import open_library
    from tui.screens.library import LibraryApp, LibraryScreen

    async def main() -> None:
        library, _ = open_library()
        app = LibraryApp(library, Settings())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LibraryScreen) and screen.options.option_count == len(screen.rows)

    asyncio.run(main())


def run_scale(blogs: int, updates: int, jobs: int) -> None:
    from bench.make_big import write_blog

    folder = OUT / "library"
    data_dir = OUT / "library-data"
    paths = [write_blog(folder, "text", updates, seed=seed) for seed in range(1, blogs + 1)]
    file_bytes = sum(p.stat().st_size for p in paths)
    db = data_dir / "library.sqlite3"
    for name in ("library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"):
        (data_dir / name).unlink(missing_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        text_bytes = sum(pool.map(_add_blog, [(str(p), str(data_dir)) for p in paths], chunksize=4))
    added = time.perf_counter() - start
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        count = conn.execute("SELECT count(*), sum(updates) FROM blogs").fetchone()
    size = db.stat().st_size
    liveblog = [sys.executable, "-m", "tui.cli"]
    word = _timed([*liveblog, "search", "sanctions"], data_dir)
    phrase = _timed([*liveblog, "search", '"North Korea"'], data_dir)
    speaker = _timed([*liveblog, "search", "--speaker", "Lavrov"], data_dir)
    python = _timed([sys.executable, "-c", "pass"], data_dir)
    screen = _timed([sys.executable, "-m", "bench.library", "_screen"], data_dir, runs=3)
    print(f"library: {count[0]} blogs, {count[1]} updates, added in {added:.0f} s with {jobs} processes")
    print("| measure (whole process, median) | wall | CPU | target |")
    print("|---|---|---|---|")
    print(_row("`liveblog search sanctions`", word, "< 0.3 s"))
    print(_row("`liveblog search '\"North Korea\"'`", phrase, "< 0.3 s"))
    print(_row("`liveblog search --speaker Lavrov`", speaker, "< 0.3 s"))
    print(_row("`python -c pass` (for reference)", python, ""))
    print(_row("library screen up to its first frame with the list (headless 120x40)", screen, "< 1 s"))
    print("| size | | | |")
    print(f"| database / blogs' text (UTF-8 of headlines, paragraphs, captions) | {size / 1e6:.0f} MB / "
          f"{text_bytes / 1e6:.0f} MB = {size / text_bytes:.2f}x | | < 3x |")
    print(f"| database / blog files | {size / 1e6:.0f} MB / {file_bytes / 1e6:.0f} MB = {size / file_bytes:.2f}x | | |")



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.library", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    reopen = sub.add_parser("reopen")
    reopen.add_argument("--updates", type=int, default=10_000)
    reopen.add_argument("--runs", type=int, default=3)
    scale = sub.add_parser("scale")
    scale.add_argument("--blogs", type=int, default=1000)
    scale.add_argument("--updates", type=int, default=500)
    scale.add_argument("--jobs", type=int, default=2)
    child = sub.add_parser("_open")
    child.add_argument("path")
    sub.add_parser("_screen")
    args = parser.parse_args(argv)
    if args.command == "reopen":
        run_reopen(args.updates, args.runs)
    elif args.command == "scale":
        run_scale(args.blogs, args.updates, args.jobs)
    elif args.command == "_open":
        open_once(args.path)
    else:
        screen_once()
    return 0


if __name__ == "__main__":
    sys.exit(main())
