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
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

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
    args = parser.parse_args(argv)
    path = write_blog(DEFAULT_OUT, args.form, args.updates)
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
