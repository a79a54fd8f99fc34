"""Run the benchmark suite: speed and memory of the reader against their floors.

``python -m bench.run`` (from the repo root, in the bench environment: ``pip install -r
bench/requirements.txt``) generates the inputs with `bench.make_big` (cached in ``bench/out/``),
measures, prints ONE table and writes the same data to ``bench/out/results.json``.
``--quick`` runs a small subset (smaller inputs, fewer repeats, no 200 MB file).

Every figure is the median of repeated runs, with min and max. Every ratio is computed per run
from the product and its floor measured back to back in that run, and then summarised.
A measure whose code does not exist yet reports "n/a (not yet built)".
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repo root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import make_big
from bench._stats import REPO, Row, Spread, machine_info, percentile

SAMPLE = REPO / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"
# Beside the repo (/work/main -> /work/shared); a worktree one level deeper looks one level up too.
CORPUS = next((p for p in (REPO.parent / "shared" / "corpus", REPO.parent.parent / "shared" / "corpus")
               if p.is_dir()), REPO.parent / "shared" / "corpus")
CORPUS_PAGES = ("mirror_uk-riots-live_2024-08-05.html", "guardian_russia-ukraine-war-live_2023-05-15.html")
OUT = make_big.DEFAULT_OUT
NOT_BUILT = "n/a (not yet built)"
TRAFILATURA_MAX_MB = 2.0

# The text-parse floor: one regex pass anchored on a literal newline (SRE then jumps between
# newlines with a fast literal search instead of trying every position, as `^...$` with re.M does).
FLOOR_PATTERN = re.compile(r"\n(\d{1,2}[:.]\d{2}\s?[APap][Mm])\n")

TARGETS = {
    "text": "parse <= 5x floor",
    "html_tree": "parse <= 1.5x tree",
    "html_traf": "trafilatura >= 2.5x parse",
    "enrich": "enrich <= 2x parse",
    "startup_sample": "<= 1.3x bare app",
    "startup_big": "< 1.5 s, progress shown",
    "keys_10000": "p95 < 50 ms",
    "keys_50000": "p95 < 150 ms",
    "rss": "< 100 MB + 10x input",
    "rss_200": "< 2 GB (issue 6)",
}


def verdict(ok: bool) -> str:
    """Return the table's word for a target met or missed."""
    return "met" if ok else "MISSED"


def mb(path: Path) -> float:
    """Return a file's size in MB (10**6 bytes)."""
    return path.stat().st_size / 1e6


# CPU seconds of the last `paired` call's runs: on a shared machine the wall-clock ratio is noisy,
# the CPU-time ratio much less so. Reported beside the wall-clock figures.
LAST_CPU: dict[str, list[float]] = {"product": [], "floor": []}


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    """Return (seconds, result) of one call, with the garbage collector run before it."""
    return timed_cpu(func)[::2]  # type: ignore[return-value]


def timed_cpu(func: Callable[[], Any]) -> tuple[float, float, Any]:
    """Return (wall seconds, CPU seconds, result) of one call, with the garbage collector run before it."""
    gc.collect()
    cpu = time.process_time()
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, time.process_time() - cpu, result


def paired(product: Callable[[], Any], floor: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], Any]:
    """Time `floor` then `product` back to back, `repeat` times; return both time lists and a result.

    One warm-up call of each comes first (imports, caches), untimed. The CPU time of each timed
    call is kept in `LAST_CPU`.
    """
    floor()
    result = product()
    products: list[float] = []
    floors: list[float] = []
    LAST_CPU["product"], LAST_CPU["floor"] = [], []
    for _ in range(repeat):
        seconds, cpu, _ = timed_cpu(floor)
        floors.append(seconds)
        LAST_CPU["floor"].append(cpu)
        seconds, cpu, result = timed_cpu(product)
        products.append(seconds)
        LAST_CPU["product"].append(cpu)
    return products, floors, result


def cpu_note(numerator: str = "product") -> tuple[str, dict[str, Any]]:
    """Return a table note and JSON extras with the CPU-time ratio of the last `paired` call."""
    other = "floor" if numerator == "product" else "product"
    values = [a / b for a, b in zip(LAST_CPU[numerator], LAST_CPU[other], strict=True) if b > 0]
    if not values:
        return "", {}
    spread = Spread.of(values)
    return f"CPU-time ratio {spread.median:.2f}", {"cpu_ratio": vars_of(spread)}


def ratios(a: list[float], b: list[float]) -> Spread:
    """Return the spread of the per-run ratios a[i] / b[i]."""
    return Spread.of([x / y for x, y in zip(a, b, strict=True)])


def module_exists(name: str) -> bool:
    """Return True if the module `name` can be imported (without importing it)."""
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


# ---------------------------------------------------------------- text parse


def measure_text(inputs: list[tuple[str, Path, int | None]], repeat: int) -> list[Row]:
    """Text parse MB/s against read + decode + one newline-anchored regex pass, per input."""
    from parsers.pipeline import load_liveblog

    rows = []
    for label, path, expected in inputs:
        runs = repeat if mb(path) < 10 else min(repeat, 3)
        def floor(path: Path = path) -> int:
            return len(FLOOR_PATTERN.findall(path.read_bytes().decode("utf-8")))

        def product(path: Path = path) -> int:
            return len(load_liveblog(str(path), enrich=False).updates)

        products, floors, count = paired(product, floor, runs)
        size = mb(path)
        ratio = ratios(products, floors)
        note, extra = cpu_note()
        if expected not in (None, count):
            note += f"; parsed {count} updates, expected {expected}"
        rows.append(Row("text parse", label, size, count, "MB/s", Spread.of(products).inverted(size),
                        Spread.of(floors).inverted(size), "read+decode+regex", ratio, TARGETS["text"],
                        verdict(ratio.median <= 5), note, extra))
    return rows


# ---------------------------------------------------------------- HTML parse


def measure_html(inputs: list[tuple[str, Path, int | None]], repeat: int) -> list[Row]:
    """HTML parse s/MB against the BeautifulSoup+lxml tree build, and against trafilatura.extract."""
    from bs4 import BeautifulSoup

    from parsers.pipeline import parse_bytes
    from parsers.read.detect import detect_format

    html_built = module_exists("parsers.extract.html.page")
    try:
        import trafilatura
    except ImportError:
        trafilatura = None
    rows = []
    for label, path, expected in inputs:
        data = path.read_bytes()
        size = mb(path)

        def tree(data: bytes = data) -> Any:
            return BeautifulSoup(data, "lxml")

        if not html_built or detect_format(data).name != "html":
            tree_times = [timed(tree)[0] for _ in range(repeat)]
            rows.append(Row("HTML parse", label, size, expected, "s/MB", None, Spread.of(tree_times).scaled(1 / size),
                            "bs4+lxml tree", None, TARGETS["html_tree"], NOT_BUILT))
            continue

        def product(data: bytes = data, path: Path = path) -> int:
            return len(parse_bytes(data, str(path)).updates)

        runs = repeat if size < 2 else min(repeat, 3)
        try:
            products, floors, count = paired(product, tree, runs)
        except Exception as exc:  # the parser is someone else's work in progress: report, go on
            rows.append(Row("HTML parse", label, size, expected, "s/MB", None, None, "bs4+lxml tree", None,
                            TARGETS["html_tree"], f"error: {type(exc).__name__}: {exc}"[:120]))
            continue
        ratio = ratios(products, floors)
        note, extra = cpu_note()
        if expected not in (None, count):
            note += f"; parsed {count} updates, expected {expected}"
        rows.append(Row("HTML parse", label, size, count, "s/MB", Spread.of(products).scaled(1 / size),
                        Spread.of(floors).scaled(1 / size), "bs4+lxml tree", ratio, TARGETS["html_tree"],
                        verdict(ratio.median <= 1.5), note, extra))
        if trafilatura is None:
            rows.append(Row("HTML vs trafilatura", label, size, count, "s/MB", None, None, "trafilatura", None,
                            TARGETS["html_traf"], "n/a (trafilatura not installed)"))
            continue
        if size > TRAFILATURA_MAX_MB:
            continue  # trafilatura takes minutes on the 10,000-update pages: compared on the smaller ones
        text = data.decode("utf-8", errors="replace")
        products2, trafs, _ = paired(product, lambda text=text: trafilatura.extract(text), runs)
        speedup = ratios(trafs, products2)
        note, extra = cpu_note("floor")
        rows.append(Row("HTML vs trafilatura", label, size, count, "s/MB", Spread.of(products2).scaled(1 / size),
                        Spread.of(trafs).scaled(1 / size), "trafilatura.extract", speedup, TARGETS["html_traf"],
                        verdict(speedup.median >= 2.5), f"ratio = trafilatura / parse; {note}", extra))
    return rows


# ---------------------------------------------------------------- enrichment


def measure_enrich(inputs: list[tuple[str, Path, int | None]], repeat: int) -> list[Row]:
    """Enrichment time against the parse of the same blog."""
    from parsers.pipeline import load_liveblog

    rows = []
    for label, path, _ in inputs:
        size = mb(path)
        if not module_exists("parsers.enrich.run"):
            rows.append(Row("enrichment", label, size, None, "s", None, None, "parse", None, TARGETS["enrich"],
                            NOT_BUILT))
            continue
        from parsers.enrich.run import enrich_liveblog

        blog = load_liveblog(str(path), enrich=False)
        enriched = enrich_liveblog(blog)
        if enriched is blog or not any(u.speakers or u.topics or u.quotes for u in enriched.updates):
            rows.append(Row("enrichment", label, size, len(blog.updates), "s", None, None, "parse", None,
                            TARGETS["enrich"], NOT_BUILT, "enrich_liveblog returns the blog unchanged"))
            continue
        runs = repeat if size < 1 else min(repeat, 3)
        products, floors, enriched = paired(
            lambda blog=blog: enrich_liveblog(blog), lambda path=path: load_liveblog(str(path), enrich=False), runs
        )
        ratio = ratios(products, floors)
        speakers = len({s for u in enriched.updates for s in u.speakers})
        topics = len({t for u in enriched.updates for t in u.topics})
        note, extra = cpu_note()
        rows.append(Row("enrichment", label, size, len(blog.updates), "s", Spread.of(products), Spread.of(floors),
                        "parse", ratio, TARGETS["enrich"], verdict(ratio.median <= 2),
                        f"{note}; {speakers} speakers, {topics} topics found", extra))
    return rows


# ---------------------------------------------------------------- reader start-up


def _probe(args: list[str], timeout: float = 180.0) -> dict[str, Any]:
    """Run `bench._tui_probe` in a fresh process; return the seconds to each protocol line and its data."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "bench._tui_probe", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "TEXTUAL": ""})
    seen: dict[str, Any] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        word, _, payload = line.partition(" ")
        if word in ("FIRST_FRAME", "LOADED", "KEYS"):
            seen[word] = (time.perf_counter() - start, json.loads(payload or "{}"))
        if time.perf_counter() - start > timeout:
            proc.kill()
            break
    _, stderr = proc.communicate(timeout=timeout)
    seen["returncode"] = proc.returncode
    seen["stderr"] = stderr[-400:]
    return seen


def tui_built() -> bool:
    """Return True once the reader is a Textual app (the placeholder `tui/launch.py` prints text)."""
    sources = "".join(p.read_text(errors="ignore") for p in (REPO / "tui").glob("*.py"))
    return re.search(r"^\s*(?:from|import) textual\b", sources, re.MULTILINE) is not None


def measure_startup(inputs: list[tuple[str, Path, int | None]], repeat: int) -> list[Row]:
    """Process start to first frame: the reader on each input against the bare app, run after run."""
    # An installed Textual comes with its bytecode; the reader's own modules get theirs on their
    # first import, unless PYTHONDONTWRITEBYTECODE is set (as in some sandboxes). Compile them, so
    # that both sides start as they would on a user's second launch, not recompile every time.
    for package in ("parsers", "tui", "bench"):
        compileall.compile_dir(REPO / package, quiet=1)
    rows = []
    for label, path, count in inputs:
        size = mb(path)
        key = "startup_sample" if path == SAMPLE else "startup_big"
        products: list[float] = []
        floors: list[float] = []
        loaded: list[float] = []
        progress: set[str] = set()
        failure = ""
        runs = repeat if size < 1 else min(repeat, 3)
        for index in range(runs + 1):  # the first pair warms the file cache; it is not counted
            bare = _probe(["startup", "--bare"])
            real = _probe(["startup", str(path)])
            if "FIRST_FRAME" not in real:
                failure = real["stderr"].strip().splitlines()[-1:] or [""]
                failure = failure[0]
                break
            if index == 0:
                continue
            floors.append(bare["FIRST_FRAME"][0])
            products.append(real["FIRST_FRAME"][0])
            progress.update(real["FIRST_FRAME"][1].get("progress", []))
            if "LOADED" in real:
                loaded.append(real["LOADED"][0])
        if not products:
            result = NOT_BUILT if not tui_built() else f"error: {failure}"[:120]
            rows.append(Row("start-up to first frame", label, size, count, "s", None, None, "bare app", None,
                            TARGETS[key], result))
            continue
        ratio = ratios(products, floors)
        first = Spread.of(products)
        loaded_spread = Spread.of(loaded) if loaded else None
        if key == "startup_sample":
            result = verdict(ratio.median <= 1.3)
        else:
            # The target is the first frame; a load still running then must show its progress.
            ready = loaded_spread.median if loaded_spread else first.median
            still_loading = ready - first.median > 0.1
            result = verdict(first.median < 1.5 and (bool(progress) or not still_loading))
        note = f"loaded at {loaded_spread.median:.2f} s" if loaded_spread else ""
        if key != "startup_sample":
            note += f"; progress widget at first frame: {', '.join(sorted(progress)) or 'none'}"
        rows.append(Row("start-up to first frame", label, size, count, "s", first, Spread.of(floors), "bare app",
                        ratio, TARGETS[key], result, note.strip("; "),
                        {"loaded": vars_of(loaded_spread) if loaded_spread else None}))
    return rows


def vars_of(spread: Spread) -> dict[str, float]:
    """Return a spread as a plain dict (for the JSON extras)."""
    return {"median": spread.median, "min": spread.min, "max": spread.max, "n": spread.n}


# ---------------------------------------------------------------- keystrokes


def measure_keys(inputs: list[tuple[str, Path, int | None]], repeat: int) -> list[Row]:
    """Search keystroke to repainted screen, in-process with `App.run_test`; p50/p95/max over all keys.

    The floor is the same keys typed into the bare app's search input (Textual's own cost of a
    key and a repaint on this machine), measured in the same run.
    """
    rows = []
    for label, path, count in inputs:
        key = "keys_10000" if (count or 0) <= 10_000 else "keys_50000"
        limit = 50.0 if key == "keys_10000" else 150.0
        samples: list[float] = []
        bare: list[float] = []
        failure = ""
        for _ in range(max(1, repeat // 2) if (count or 0) <= 10_000 else 1):
            seen = _probe(["keys", str(path)], timeout=1200)
            if "KEYS" not in seen:
                failure = (seen["stderr"].strip().splitlines()[-1:] or [""])[0]
                break
            samples += seen["KEYS"][1]["samples_ms"]
            floor = _probe(["keys", "--bare"])
            bare += floor.get("KEYS", (0, {"samples_ms": []}))[1]["samples_ms"]
        if not samples:
            result = NOT_BUILT if not tui_built() else f"error: {failure}"[:120]
            rows.append(Row("search keystroke", label, mb(path), count, "ms", None, target=TARGETS[key],
                            result=result))
            continue
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        note = f"p50 {p50:.1f}, p95 {p95:.1f}, max {max(samples):.1f} ms over {len(samples)} keys"
        if bare:
            note += f"; bare app p50 {percentile(bare, 50):.1f}, p95 {percentile(bare, 95):.1f} ms"
        rows.append(Row("search keystroke", label, mb(path), count, "ms",
                        Spread(p50, min(samples), max(samples), len(samples)),
                        Spread(percentile(bare, 50), min(bare), max(bare), len(bare)) if bare else None,
                        "bare app typing", None, TARGETS[key], verdict(p95 < limit), note,
                        {"p50": p50, "p95": p95, "max": max(samples), "samples_ms": samples, "bare_ms": bare}))
    return rows


# ---------------------------------------------------------------- peak RSS


def peak_rss_mb(mode: str, path: Path) -> tuple[float, str]:
    """Return (peak RSS in MB, stdout) of `bench._rss_child MODE PATH` run in a fresh process.

    The child is started through the small `wrap` process, which reads it with
    `getrusage(RUSAGE_CHILDREN).ru_maxrss` (see `bench._rss_child` for why).
    """
    done = subprocess.run([sys.executable, "-m", "bench._rss_child", "wrap", mode, str(path)], cwd=REPO,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError((done.stderr.strip().splitlines() or ["wrapper failed"])[-1])
    report = json.loads(done.stdout)
    if report["returncode"] != 0:
        raise RuntimeError((report["stderr"].strip().splitlines() or ["child failed"])[-1])
    return report["maxrss_kb"] / 1024, report["stdout"]


ENRICH_RSS_MAX_MB = 5.0  # above this, enrichment takes minutes: peak RSS is measured for the parse only


def measure_rss(inputs: list[tuple[str, Path, int | None]], repeat: int) -> list[Row]:
    """Peak RSS against input size and a read+decode floor: the parse of every input, and parse +
    enrichment (as the reader loads a file) for inputs up to `ENRICH_RSS_MAX_MB`."""
    rows = []
    for label, path, _ in inputs:
        size = mb(path)
        modes = ["parse", "load"] if size <= ENRICH_RSS_MAX_MB else ["parse"]
        for mode in modes:
            rows += _rss_rows(label, path, mode, 1 if size > 100 else max(1, min(repeat, 3)))
    return rows


def _rss_rows(label: str, path: Path, mode: str, runs: int) -> list[Row]:
    """Return the peak-RSS row of one input in one `bench._rss_child` mode ("parse" or "load")."""
    size = mb(path)
    big = size > 100
    name = "peak RSS, parse" if mode == "parse" else "peak RSS, parse+enrich"
    products: list[float] = []
    floors: list[float] = []
    count = None
    try:
        for _ in range(runs):
            floors.append(peak_rss_mb("floor", path)[0])
            rss, out = peak_rss_mb(mode, path)
            products.append(rss)
            count = int(out or 0)
    except (RuntimeError, ValueError) as exc:
        return [Row(name, label, size, None, "MB", None, result=f"error: {exc}"[:120])]
    figure = Spread.of(products)
    limit = 100 + 10 * size
    target = TARGETS["rss"]
    ok = figure.max < limit
    if big:
        target += "; " + TARGETS["rss_200"]
        ok = ok and figure.max < 2000
    growth = (figure.median - Spread.of(floors).median) / size
    return [Row(name, label, size, count, "MB", figure, Spread.of(floors), "read+decode",
                ratios(products, floors), target, verdict(ok),
                f"limit {limit:.0f} MB; {growth:.1f} MB per input MB above the floor")]


# ---------------------------------------------------------------- table


def fmt(spread: Spread | None, digits: int = 2) -> str:
    """Return 'median [min-max]' for the table, or '-'."""
    if spread is None:
        return "-"
    return f"{spread.median:.{digits}f} [{spread.min:.{digits}f}-{spread.max:.{digits}f}]"


def digits_for(unit: str) -> int:
    """Return the decimals a unit is shown with."""
    return {"MB/s": 1, "MB": 0, "ms": 1, "s/MB": 3, "s": 3}.get(unit, 2)


def render_table(rows: list[Row]) -> str:
    """Return the results as one Markdown table."""
    head = ("measure", "input", "MB", "updates", "figure: median [min-max]", "floor", "ratio", "target", "result")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        d = digits_for(r.unit)
        floor = f"{r.floor_name}: {fmt(r.floor, d)}" if r.floor else (r.floor_name or "-")
        result = r.result + (f" ({r.note})" if r.note else "")
        cells = (r.measure, r.input, f"{r.size_mb:.2f}" if r.size_mb is not None else "-",
                 str(r.updates) if r.updates is not None else "-",
                 f"{fmt(r.figure, d)} {r.unit}" if r.figure else "-", floor, fmt(r.ratio, 2), r.target, result)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


MEASURES = ("text", "html", "enrich", "startup", "keys", "rss")


def plan(quick: bool) -> dict[str, list[tuple[str, Path, int | None]]]:
    """Return the inputs of each measure (generating them as needed): a quick subset or the full set."""
    def blog(form: str, n: int) -> tuple[str, Path, int | None]:
        return (f"{form} {n:,}", make_big.write_blog(OUT, form, n), n)

    sample = ("sample", SAMPLE, None)
    corpus = [(f"corpus {name.split('_')[0]}", CORPUS / name, None) for name in CORPUS_PAGES
              if (CORPUS / name).exists()]
    if quick:
        return {
            "text": [sample, blog("text", 1_000)],
            "html": [blog("html", 1_000), blog("jsonld", 1_000), *corpus[:1]],
            "enrich": [blog("text", 1_000)],
            "startup": [sample],
            "keys": [blog("text", 10_000)],
            "rss": [sample, blog("text", 10_000)],
        }
    rss = [sample, blog("text", 1_000), blog("text", 10_000), blog("text", 50_000), blog("html", 10_000),
           blog("jsonld", 10_000)]
    path200, count200 = make_big.write_text_of_size(OUT, 200)
    rss.append(("text 200 MB", path200, count200))
    return {
        "text": [sample, blog("text", 1_000), blog("text", 10_000), blog("text", 50_000)],
        "html": [blog("html", 1_000), blog("jsonld", 1_000), blog("html", 10_000), blog("jsonld", 10_000), *corpus],
        "enrich": [sample, blog("text", 10_000), blog("jsonld", 10_000)],
        "startup": [sample, blog("text", 10_000)],
        "keys": [blog("text", 10_000), blog("text", 50_000)],
        "rss": rss,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line: run the measures, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description="Benchmark liveblog-reader against its floors.")
    parser.add_argument("--quick", action="store_true", help="small inputs, few repeats, no 200 MB file")
    parser.add_argument("--repeat", type=int, help="runs per figure (default 5, quick 3)")
    parser.add_argument("--only", nargs="*", choices=MEASURES, help="run only these measures")
    parser.add_argument("--json", type=Path, default=OUT / "results.json", help="where to write the JSON")
    args = parser.parse_args(argv)
    repeat = args.repeat or (3 if args.quick else 5)
    inputs = plan(args.quick)
    funcs: dict[str, Callable[[list[tuple[str, Path, int | None]], int], list[Row]]] = {
        "text": measure_text, "html": measure_html, "enrich": measure_enrich,
        "startup": measure_startup, "keys": measure_keys, "rss": measure_rss,
    }
    rows: list[Row] = []
    started = time.time()
    for name in args.only or MEASURES:
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        try:
            rows += funcs[name](inputs[name], repeat)
        except Exception as exc:  # one broken measure must not lose the others' figures
            rows.append(Row(name, "-", None, None, "", None, result=f"error: {type(exc).__name__}: {exc}"[:160]))
    table = render_table(rows)
    info = machine_info()
    info["seconds"] = round(time.time() - started, 1)
    info["quick"] = args.quick
    info["repeat"] = repeat
    print(f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}, load {info['load_average']}, "
          f"commit {info['commit']}, {'quick' if args.quick else 'full'} run, {repeat} repeats")
    print(table)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.json.with_suffix(".tmp")
    tmp.write_text(json.dumps({"machine": info, "rows": [r.as_json() for r in rows], "table": table}, indent=1))
    tmp.replace(args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
