"""Start-up of the reader following a big blog by its URL (issue 17's "content first", for a URL).

``python -m bench.follow [--updates 10000] [--repeat 3] [--form html]``

Serves a generated blog (`bench.make_big`) from a loopback HTTP server (127.0.0.1, in this
process; it answers a conditional request with a 304) and runs ``liveblog URL`` headless through
`bench._tui_probe` (``startup URL``: seconds from the process start to the first frame with
content and to the end of the load), each run a fresh process, in three situations:

- first fetch: an empty data dir (nothing kept, nothing in the library);
- reopen, from the library: the same data dir again (the kept copy is the version the library holds);
- reopen, kept copy parsed: the same data dir with ``LIVEBLOG_NO_LIBRARY=1`` (the copy is parsed
  before the first frame, as when the library lacks that version: another program version, other
  options).

The same blog opened as a file, and the bare app, are timed in the same loop for comparison.
Prints one Markdown table of medians [min-max].

``python -m bench.follow --keys`` measures instead the keystrokes while a poll brings a new version
of the big blog (issue 17's keystroke target, for a followed blog): the server sends the blog
first, then from its second request on the same blog with one more update; the probe
(``keys --during-poll``) types a search once the first version is loaded (idle), asks for a poll,
and types while the poll runs (its fetch, parse, enrichment, merge and redraw), each run a fresh
process. Milliseconds from the key to the repainted screen, p50 / p95 / max over all runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from bench._stats import percentile
from bench.make_big import DEFAULT_OUT, write_blog
from bench.run import _probe


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing: the table is the output."""


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve the files of `folder` on 127.0.0.1 (a free port) while the block runs; yield the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _NextVersionHandler(BaseHTTPRequestHandler):
    """Sends `versions[0]` to the first request, `versions[1]` to every later one (no validators)."""

    versions: ClassVar[list[bytes]] = []
    served = 0

    def do_GET(self) -> None:
        body = self.versions[min(type(self).served, 1)]
        type(self).served += 1
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing: the table is the output."""


def next_version(page: bytes) -> bytes:
    """Return `page` (a `bench.make_big` HTML blog) with one more update at its top: a copy of the
    newest with a new id and headline."""
    start = page.index(b"<article")
    end = page.index(b"</article>", start) + len(b"</article>")
    entry = page[start:end]
    added = (entry.replace(b'data-id="', b'data-id="new-', 1).replace(b'id="', b'id="new-', 1)
             .replace(b'class="entry-title">', b'class="entry-title">The newest update: ', 1))
    return page[:start] + added + b"\n" + page[start:]


def keys_during_poll(path: Path, repeat: int) -> None:
    """Print the keystroke table of ``--keys`` (see the module) for the blog at `path`."""
    page = path.read_bytes()
    idle: list[float] = []
    during: list[float] = []
    for _run in range(repeat):
        handler = type("Versions", (_NextVersionHandler,), {"versions": [page, next_version(page)], "served": 0})
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        with tempfile.TemporaryDirectory(prefix="bench-follow-keys-") as scratch:
            saved = dict(os.environ)
            os.environ.update(LIVEBLOG_DATA_DIR=scratch, LIVEBLOG_NO_LIBRARY="1")
            try:
                seen = _probe(["keys", "--during-poll", f"http://127.0.0.1:{server.server_address[1]}/live"],
                              timeout=600)
            finally:
                os.environ.clear()
                os.environ.update(saved)
                server.shutdown()
                server.server_close()
        if "KEYS" not in seen or "DURING" not in seen:
            raise SystemExit(f"the probe did not finish ({seen.get('stderr')!r})")
        counts = seen["DURING"][1]
        if counts["new_updates"] != 1:
            raise SystemExit(f"the poll did not bring the one new update: {counts}")
        idle += seen["KEYS"][1]["idle_ms"]
        during += seen["KEYS"][1]["samples_ms"]
        print(f"run {_run + 1}: {counts['keys_while_polling']} keys while polling, "
              f"{counts['updates']:,} updates after it", flush=True)

    def cells(samples: list[float]) -> str:
        return (f"{len(samples)} | {percentile(samples, 50):.1f} | {percentile(samples, 95):.1f} | "
                f"{max(samples):.1f}")

    print(f"\nhtml blog, {path.stat().st_size / 1e6:.2f} MB, a poll bringing one new update; {repeat} runs\n")
    print("| keys typed | n | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    print(f"| blog loaded, no poll | {cells(idle)} |")
    print(f"| while the poll runs | {cells(during)} |")


def probe(target: str, data_dir: Path, *, library: bool = True) -> tuple[float, float]:
    """Return the seconds to content and to the end of the load of ``liveblog target`` (a fresh process)."""
    saved = dict(os.environ)
    os.environ["LIVEBLOG_DATA_DIR"] = str(data_dir)
    if library:
        os.environ.pop("LIVEBLOG_NO_LIBRARY", None)
    else:
        os.environ["LIVEBLOG_NO_LIBRARY"] = "1"
    try:
        seen = _probe(["startup", target])
    finally:
        os.environ.clear()
        os.environ.update(saved)
    if target == "--bare" and "FIRST_FRAME" in seen:  # its first frame is all it shows
        return seen["FIRST_FRAME"][0], seen["FIRST_FRAME"][0]
    if "CONTENT" not in seen or "LOADED" not in seen:
        raise SystemExit(f"{target}: the probe did not finish ({seen.get('stderr')!r})")
    return seen["CONTENT"][0], seen["LOADED"][0]


def spread(values: list[float]) -> str:
    """Return `values` as 'median [min-max]' seconds."""
    return f"{statistics.median(values):.2f} [{min(values):.2f}-{max(values):.2f}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--form", default="html", choices=["html", "jsonld", "text"])
    parser.add_argument("--keys", action="store_true", help="keystrokes while a poll brings a new version")
    args = parser.parse_args(argv)
    path = write_blog(DEFAULT_OUT, args.form, args.updates)
    if args.keys:
        keys_during_poll(write_blog(DEFAULT_OUT, "html", args.updates), args.repeat)
        return 0
    cases = ("bare app", "file", "URL: first fetch", "URL: reopen, from the library", "URL: reopen, kept copy parsed")
    content: dict[str, list[float]] = {case: [] for case in cases}
    loaded: dict[str, list[float]] = {case: [] for case in cases}
    with tempfile.TemporaryDirectory(prefix="bench-follow-") as scratch, serving(path.parent) as base:
        url = f"{base}/{path.name}"
        for run in range(args.repeat):
            data_dir = Path(scratch) / f"data-{run}"
            steps = [
                ("bare app", "--bare", data_dir, True),
                ("file", str(path), Path(scratch) / f"file-{run}", False),
                ("URL: first fetch", url, data_dir, True),
                ("URL: reopen, from the library", url, data_dir, True),
                ("URL: reopen, kept copy parsed", url, data_dir, False),
            ]
            for case, target, folder, library in steps:
                first, last = probe(target, folder, library=library)
                content[case].append(first)
                loaded[case].append(last)
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"{args.form} blog, {args.updates:,} updates, {args.repeat} runs; seconds from the process start\n")
    print("| opened as | first frame with content | fully loaded (parsed and enriched) |")
    print("|---|---|---|")
    for case in cases:
        print(f"| {case} | {spread(content[case])} | {spread(loaded[case])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
