"""Instructions the reader's process runs up to its first frame with content, against the bare app.

Wall-clock start-up figures on this 2-core machine swing by a third between runs (`bench.run`
uses 7 repeats for them); instruction counts do not, so they decide whether a start-up change
did less work. Each run is ``python -m bench._tui_probe startup ...`` under
``valgrind --tool=cachegrind --cache-sim=no``, ending right after the probe's ``CONTENT`` line
(``FIRST_FRAME`` for the bare app: `LIVEBLOG_PROBE_UNTIL`). The reader forks a child that parses
and enriches (`tui.offload`); cachegrind counts each process apart, and the reader's own process
is the one that prints (its pid is on the probe's last line). Valgrind runs everything about 50
times slower, which changes when the child's results arrive, so compare the reader's process
between commits, not with wall time.

Usage: ``python -m bench.instructions [PATH ...]`` (default: the bundled sample). Prints one
Markdown row per input: the reader's process, the child's, the bare app's, and their ratio.
Needs valgrind.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"


def probe_instructions(args: list[str], until: str) -> dict[int, int]:
    """Return the instructions of each process of one probe run (pid -> count), the first pid the probe's own."""
    with tempfile.TemporaryDirectory() as out:
        env = {**os.environ, "LIVEBLOG_PROBE_UNTIL": until, "LIVEBLOG_NO_LIBRARY": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        done = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}/cg.%p",
             sys.executable, "-m", "bench._tui_probe", "startup", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False,
        )
        counts = {int(pid): int(refs.replace(",", ""))
                  for pid, refs in re.findall(r"==(\d+)== I\s+refs:\s+([\d,]+)", done.stderr)}
        last = [line for line in done.stdout.splitlines() if line.startswith(until + " ")]
        if not last or not counts:
            raise SystemExit(f"the probe did not reach {until}: {done.stderr[-500:]}")
        probe = int(json.loads(last[0].partition(" ")[2])["pid"])
        return {probe: counts.pop(probe), **counts}  # the probe's own process first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("paths", nargs="*", default=[str(SAMPLE)])
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    subprocess.run([sys.executable, "-m", "compileall", "-q", "parsers", "tui", "bench"], cwd=ROOT, check=True)
    bare = next(iter(probe_instructions(["--bare"], "FIRST_FRAME").values()))
    print("| input | reader's process to content | its child (parse, enrich) | bare app to first frame "
          "| reader / bare |")
    print("|---|---|---|---|---|")
    for path in args.paths:
        counts = list(probe_instructions([path], "CONTENT").values())
        reader, children = counts[0], counts[1:]
        child = f"{sum(children) / 1e9:.3f} G" if children else "-"
        print(f"| {Path(path).name} | {reader / 1e9:.3f} G | {child} | {bare / 1e9:.3f} G | {reader / bare:.2f} |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
