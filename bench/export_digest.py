"""Fingerprint the JSON export of every known input, to prove a speed-up changed no output.

Exports (enriched, published order) the bundled sample, every page in ``../shared/corpus`` and the
generated 1,000-update text, HTML and JSON-LD blogs, and prints one SHA-256 per input. Run it before
a change with ``--write FILE`` and after it with ``--check FILE``: any input whose export changed is
listed and the exit status is 1.

Usage: ``python -m bench.export_digest --write /tmp/before.json`` then
``python -m bench.export_digest --check /tmp/before.json`` (``--keep DIR`` also writes each export
to DIR, so a changed one can be diffed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

from bench.make_big import DEFAULT_OUT, write_blog
from parsers.export import to_json
from parsers.pipeline import load_liveblog

ROOT = Path(__file__).resolve().parents[1]
# The corpus sits beside the repository; LIVEBLOG_CORPUS points elsewhere (a git worktree), as in the tests.
CORPUS = Path(os.environ.get("LIVEBLOG_CORPUS") or ROOT.parent / "shared" / "corpus")


def digest_inputs(updates: int = 1000) -> list[Path]:
    """Return the inputs to fingerprint: the sample, the corpus pages and the generated blogs."""
    inputs = sorted((ROOT / "sample_articles").iterdir())
    if CORPUS.is_dir():
        inputs += sorted(p for p in CORPUS.iterdir() if p.suffix in {".html", ".json", ".txt", ".mhtml"})
    inputs += [write_blog(DEFAULT_OUT, form, updates) for form in ("text", "html", "jsonld")]
    return inputs


def export_digests(inputs: list[Path], keep: Path | None) -> dict[str, str]:
    """Return {input name: SHA-256 of its JSON export}, writing each export under `keep` when given."""
    digests: dict[str, str] = {}
    for path in inputs:
        exported = to_json(load_liveblog(str(path)))
        digests[path.name] = hashlib.sha256(exported.encode("utf-8")).hexdigest()
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{path.name}.json").write_text(exported, encoding="utf-8")
    return digests


def main(argv: list[str] | None = None) -> int:
    """Write or check export digests; return 1 when any export differs from the recorded one."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, help="record the digests in this JSON file")
    mode.add_argument("--check", type=Path, help="compare with the digests recorded in this JSON file")
    parser.add_argument("--keep", type=Path, help="also write each export into this folder")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus not found at {CORPUS} (set LIVEBLOG_CORPUS): its pages are not checked", file=sys.stderr)
    digests = export_digests(digest_inputs(), args.keep)
    if args.write:
        args.write.write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(digests)} exports recorded in {args.write}")
        return 0
    recorded = json.loads(args.check.read_text(encoding="utf-8"))
    changed = sorted(name for name in recorded.keys() | digests.keys() if recorded.get(name) != digests.get(name))
    for name in changed:
        print(f"CHANGED: {name}")
    print(f"{len(digests) - len(changed)} of {len(digests)} exports identical")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
