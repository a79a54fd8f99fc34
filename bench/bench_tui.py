"""Reader speed: start-up to the first painted screen, and keystroke-to-repainted-timeline latency.

    .venv/bin/python bench/bench_tui.py [--runs 5] [--updates 10000]

Start-up: a fresh interpreter per run opens the bundled sample headless at 120x40 (App.run_test)
and reports when the timeline has painted its first rows; the time counts from just before the
process is spawned, so interpreter start and every import are included.

Keystrokes: in-process (App.run_test, the Pilot opens the search field and the speaker picker),
with 10,000 generated updates (speakers and topics set): search queries are typed character by
character and erased, and speakers are toggled in the picker. Each latency runs from the key
event entering the app's queue until nothing it caused is left to paint (as in bench._tui_probe).
Reports p50 / p95 / max in ms. The machine's load average is printed too: on a shared machine
it moves these figures more than anything in the code.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = (
    "minister said talks russia syria attack council vote sanctions border missile summit treaty "
    "election president spokesman statement meeting embassy defence security trade crisis report "
    "ceasefire evidence chemical strike nato alliance kremlin washington london paris berlin"
).split()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(label: str, values_ms: list[float]) -> str:
    return (f"{label}: n={len(values_ms)} p50={statistics.median(values_ms):.1f} ms "
            f"p95={percentile(values_ms, 0.95):.1f} ms max={max(values_ms):.1f} ms")


# --- start-up ---------------------------------------------------------------------------------


def startup_child(spawned_at: float) -> None:
    """Open the sample headless and print seconds from `spawned_at` to the first painted timeline."""
    from tui.app import LiveblogApp
    from tui.articles import Settings, prepare
    from tui.cli import default_article
    from tui.widgets.timeline import Timeline

    async def run() -> float:
        app = LiveblogApp(prepare([str(default_article())], Settings()))
        async with app.run_test(size=(120, 40)):
            timeline = app.screen.query_one(Timeline)
            while timeline.paints == 0:
                await asyncio.sleep(0.001)
            return time.time() - spawned_at

    wall = asyncio.run(run())
    # process_time: CPU seconds this process used, which a busy shared machine inflates far less.
    print(f"{wall:.4f} {time.process_time():.4f}")


def bench_startup(runs: int) -> tuple[list[float], list[float]]:
    times, cpu = [], []
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "LIVEBLOG_DATA_DIR": data}
        for _ in range(runs):
            spawned = time.time()
            out = subprocess.run([sys.executable, __file__, "--startup-child", repr(spawned)],
                                 capture_output=True, text=True, check=True, env=env, cwd=ROOT)
            wall, used = out.stdout.strip().splitlines()[-1].split()
            times.append(float(wall) * 1000)
            cpu.append(float(used) * 1000)
    return times, cpu


# --- keystrokes -------------------------------------------------------------------------------


def generated_blog(count: int, seed: int = 7):  # type: ignore[no-untyped-def]
    """Return a LiveBlog of `count` updates with random text, 1-2 speakers and 1-3 topics each."""
    from parsers.ids import assign_ids
    from parsers.model import LiveBlog, Source, Update

    rng = random.Random(seed)
    speakers = [f"Speaker {chr(65 + i % 26)}{i}" for i in range(60)]
    topics = [f"Topic {w}" for w in WORDS[:25]]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    updates = []
    for i in range(count):
        stamp = start + timedelta(minutes=count - i)
        body = tuple(" ".join(rng.choices(WORDS, k=40)).capitalize() + "." for _ in range(3))
        updates.append(Update(
            id="", time=f"{stamp:%H:%M}", datetime=stamp, headline=" ".join(rng.choices(WORDS, k=7)).capitalize(),
            paragraphs=body, speakers=tuple(rng.sample(speakers, rng.randint(1, 2))),
            topics=tuple(rng.sample(topics, rng.randint(1, 3))),
        ))
    return LiveBlog(title=f"{count} generated updates", source=Source(path="generated.txt", format="text"),
                    updates=assign_ids(updates))


async def keystrokes(count: int) -> dict[str, list[float]]:
    from textual import events

    from bench._tui_probe import wait_until_painted
    from tui.app import LiveblogApp
    from tui.articles import Article
    from tui.widgets.timeline import Timeline

    blog = generated_blog(count)
    app = LiveblogApp([Article(path=blog.source.path, blog=blog)])
    results: dict[str, list[float]] = {
        "search keystroke": [], "search keystroke (CPU)": [],
        "speaker toggle": [], "speaker toggle (CPU)": [],
        "first paint": [],
    }
    started = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        timeline = app.screen.query_one(Timeline)
        while timeline.paints == 0:
            await asyncio.sleep(0.001)
        results["first paint"].append((time.perf_counter() - started) * 1000)

        async def timed(key: str, bucket: str) -> None:
            # The key event goes straight into the app's queue (as a terminal's would), and the
            # clock stops when nothing the key caused is left to paint (as in bench._tui_probe:
            # a key may repaint only some timeline lines, or none, so rendered rows are not a
            # signal). Pilot.press would add its own idle-waiting to the figure, so it is used
            # only to settle between keys.
            character = key if len(key) == 1 else (" " if key == "space" else None)
            t0, c0 = time.perf_counter(), time.process_time()
            app.post_message(events.Key(key, character))
            await wait_until_painted(pilot)
            results[bucket].append((time.perf_counter() - t0) * 1000)
            results[f"{bucket} (CPU)"].append((time.process_time() - c0) * 1000)
            await pilot.pause()

        await pilot.press("slash")
        for word in ("minister", "sanctions", "kremlin talks", "evidence"):
            for char in word:
                await timed(char, "search keystroke")
            for _ in word:
                await timed("backspace", "search keystroke")
        await pilot.press("enter", "s")
        for _ in range(12):
            await timed("space", "speaker toggle")
            await pilot.press("down")
        for _ in range(12):
            await pilot.press("up")
            await timed("space", "speaker toggle")
    return results


def bench_filter_function(count: int) -> list[float]:
    """Time the pure `filter_indices` search on its own (no UI), for comparison."""
    from parsers.query import chronological_order, filter_indices, search_haystacks

    blog = generated_blog(count)
    order, hay = chronological_order(blog.updates), search_haystacks(blog.updates)
    times = []
    for query in ("m", "mi", "min", "mini", "minister", "sanctions", "kremlin talks"):
        t0 = time.perf_counter()
        filter_indices(order, haystacks=hay, query=query)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def reference_loop_ms() -> float:
    """Time a fixed pure-Python loop: how slow this machine is right now, to read the figures by."""
    t0 = time.perf_counter()
    for _ in range(100):
        sum(range(100_000))
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-up runs (fresh processes)")
    parser.add_argument("--updates", type=int, default=10_000, help="generated updates for the keystroke test")
    parser.add_argument("--startup-child", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.startup_child is not None:
        startup_child(args.startup_child)
        return
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs; "
          f"reference loop {reference_loop_ms():.0f} ms (about 150-200 ms on an idle 2020s core)")
    wall, cpu = bench_startup(args.runs)
    print(summary("start-up to first painted screen, sample, 120x40", wall))
    # (CPU seconds are collected too but not shown: worker and driver threads make them exceed wall time.)
    del cpu
    with tempfile.TemporaryDirectory() as data:
        os.environ["LIVEBLOG_DATA_DIR"] = data
        results = asyncio.run(keystrokes(args.updates))
    for label, values in results.items():
        print(summary(f"{label}, {args.updates} updates", values))
    print(summary(f"filter_indices search alone, {args.updates} updates", bench_filter_function(args.updates)))


if __name__ == "__main__":
    main()
