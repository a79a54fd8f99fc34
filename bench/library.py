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
    the list filled (headless, 120x40), next to the same harness running `bench._bare_app.BareApp`
    (Textual itself: a bare app's first frame); and compares the database's size with the blogs' text.
    Targets: searches < 0.3 s, screen < 1 s, database < 3x the text.

``python -m bench.library screen [--runs 5]``
    The library screen rows of `scale` alone, on the library `scale` left in ``bench/out/library-data/``
    (no re-adding): screen and bare app timed alternately, two ways (see `_screen_rows`), medians.
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


def bare_screen_once() -> None:
    """(Child) The floor of `screen_once`: the bare app (`bench._bare_app`) through the same harness."""
    import asyncio

    from bench._bare_app import BareApp

    async def main() -> None:
        app = BareApp()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()

    asyncio.run(main())


def _probe_seconds(args: list[str], data_dir: Path, word: str) -> float:
    """Return the seconds from spawning `python -m bench._tui_probe startup ARGS` to its line `word`."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench._tui_probe", "startup", *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**_child_env(data_dir), "TEXTUAL": ""})
    assert proc.stdout is not None
    seen = None
    for line in proc.stdout:
        if line.split(" ", 1)[0] == word and seen is None:
            seen = time.perf_counter() - start
    _, stderr = proc.communicate(timeout=120)
    if seen is None:
        raise RuntimeError(f"no {word} line from the probe {args}: {stderr.strip()[-300:]}")
    return seen


def _screen_rows(data_dir: Path, runs: int) -> list[str]:
    """Time the library screen and the bare app, alternately, `runs` times each, two ways; return table rows.

    1. The harness `scale` has always used: whole processes (`_screen`, `_bare`), `App.run_test`
       up to the list's first frame and a `Pilot.pause`, then exit.
    2. `bench._tui_probe startup library`: the real `liveblog library` command, from spawn to its
       first frame showing blogs (Textual's `Ready`, or the first refresh after it with the list
       filled), against the bare app's first frame through the same probe.
    Ratios are per run (product / floor timed back to back), then their median.
    """
    screen, bare, probe, probe_bare = [], [], [], []
    for _ in range(runs):
        screen.append(_timed([sys.executable, "-m", "bench.library", "_screen"], data_dir, runs=1))
        bare.append(_timed([sys.executable, "-m", "bench.library", "_bare"], data_dir, runs=1))
        probe.append(_probe_seconds(["library"], data_dir, "CONTENT"))
        probe_bare.append(_probe_seconds(["--bare"], data_dir, "FIRST_FRAME"))

    def median(pairs: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(w for w, _ in pairs), statistics.median(c for _, c in pairs)

    def spread(values: list[float]) -> str:
        return f"{statistics.median(values):.3f} [{min(values):.3f}-{max(values):.3f}] s"

    ratio = statistics.median(s[0] / b[0] for s, b in zip(screen, bare, strict=True))
    probe_ratio = statistics.median(s / b for s, b in zip(probe, probe_bare, strict=True))
    return [
        _row("library screen up to its first frame with the list (headless 120x40)", median(screen), "< 1 s"),
        _row("bare Textual app, same harness (for reference)", median(bare), ""),
        f"| library screen / bare app, same harness (median of per-run ratios) | {ratio:.2f}x | | |",
        f"| `liveblog library`: spawn to first frame with blogs listed (probe, 120x40) | {spread(probe)} | | < 1 s |",
        f"| bare app: spawn to first frame (same probe) | {spread(probe_bare)} | | |",
        f"| `liveblog library` / bare app, probe (median of per-run ratios) | {probe_ratio:.2f}x | | |",
    ]


def run_screen(runs: int) -> None:
    data_dir = OUT / "library-data"
    db = data_dir / "library.sqlite3"
    if not db.exists():
        raise SystemExit(f"no library at {db}: run `python -m bench.library scale` first")
    import sqlite3

    with sqlite3.connect(db) as conn:
        count = conn.execute("SELECT count(*), sum(updates) FROM blogs").fetchone()
    print(f"library: {count[0]} blogs, {count[1]} updates; {runs} runs each, alternating; load {os.getloadavg()}")
    print("| measure (whole process, median) | wall | CPU | target |")
    print("|---|---|---|---|")
    for line in _screen_rows(data_dir, runs):
        print(line)


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
    print(f"library: {count[0]} blogs, {count[1]} updates, added in {added:.0f} s with {jobs} processes")
    print("| measure (whole process, median) | wall | CPU | target |")
    print("|---|---|---|---|")
    print(_row("`liveblog search sanctions`", word, "< 0.3 s"))
    print(_row("`liveblog search '\"North Korea\"'`", phrase, "< 0.3 s"))
    print(_row("`liveblog search --speaker Lavrov`", speaker, "< 0.3 s"))
    print(_row("`python -c pass` (for reference)", python, ""))
    for line in _screen_rows(data_dir, 5):
        print(line)
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
    screen = sub.add_parser("screen")
    screen.add_argument("--runs", type=int, default=5)
    sub.add_parser("_screen")
    sub.add_parser("_bare")
    args = parser.parse_args(argv)
    if args.command == "reopen":
        run_reopen(args.updates, args.runs)
    elif args.command == "scale":
        run_scale(args.blogs, args.updates, args.jobs)
    elif args.command == "screen":
        run_screen(args.runs)
    elif args.command == "_open":
        open_once(args.path)
    elif args.command == "_bare":
        bare_screen_once()
    else:
        screen_once()
    return 0


if __name__ == "__main__":
    sys.exit(main())
