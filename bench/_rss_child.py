"""Child process for the peak-RSS measure: do one thing to one file, print the update count, exit.

``python -m bench._rss_child MODE PATH``, MODE one of:
- ``floor``: import the loader, read the file and decode it (what any parse must at least hold);
- ``parse``: parse it (`load_liveblog` without enrichment);
- ``load``: parse and enrich it, as the reader does.

``python -m bench._rss_child wrap MODE PATH`` runs the above as its own child and prints that
child's peak RSS in KB (`getrusage(RUSAGE_CHILDREN).ru_maxrss`) and its output. The wrapper is
needed because Linux carries a process's pre-`exec` peak into its `ru_maxrss`: a child forked
straight from the (large) benchmark process would report at least the benchmark's own size.
Forked from this small wrapper, it inherits only a few MB.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """Run the requested mode on the file and print the number of updates (0 for `floor`)."""
    if argv[0] == "wrap":
        import json
        import resource
        import subprocess

        done = subprocess.run([sys.executable, "-m", "bench._rss_child", *argv[1:]], capture_output=True,
                              text=True, check=False)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(json.dumps({"maxrss_kb": peak, "stdout": done.stdout.strip(), "stderr": done.stderr[-400:],
                          "returncode": done.returncode}))
        return 0
    mode, path = argv
    from parsers.options import ParseOptions
    from parsers.pipeline import load_liveblog
    from parsers.read.input import DEFAULT_MAX_BYTES, decode_bytes, read_input

    options = ParseOptions(max_bytes=max(DEFAULT_MAX_BYTES, 1 << 30))
    if mode == "floor":
        text, _ = decode_bytes(read_input(path, options.max_bytes), path)
        print(len(text) * 0)
    elif mode in ("parse", "load"):
        blog = load_liveblog(path, options, enrich=mode == "load")
        print(len(blog.updates))
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
