"""Coverage-guided fuzzing of the HTML, MHTML and JSON-LD parsers with atheris (not in CI).

Each input's first byte picks a target, the rest is the data:
  0 `parsers.extract.html.page.parse_html` on the bytes
  1 `parsers.extract.mhtml.parse_mhtml` on the bytes
  2 `parsers.extract.html.page.parse_html` on the bytes wrapped as a JSON-LD script in a small page
  3 `parsers.extract.html.page.parse_html` on the bytes spliced into a live-blog page's article
Any exception other than `LiveBlogError`, or a result breaking the oracle in
`bench/fuzz/fuzz_oracle.py` (no control characters, unique ids, HH:MM times, http(s)/mailto links
only), is a finding.

    .venv/bin/pip install -r bench/fuzz/requirements.txt
    .venv/bin/python bench/fuzz/fuzz_html.py -max_total_time=600 -timeout=20 -rss_limit_mb=2048 [CORPUS_DIR]

FUZZ_FINDINGS=DIR records each distinct finding there and keeps going (see bench/fuzz/fuzz_oracle.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_oracle import check, run_fuzzer

with atheris.instrument_imports():
    from parsers.extract.html.page import parse_html
    from parsers.extract.mhtml import parse_mhtml
    from parsers.options import ParseOptions

OPTIONS = ParseOptions()
PAGE_HEAD = b"<!doctype html><html><head><title>Fuzz live</title>"
ARTICLE = (b"<body><article><h1>Fuzz live</h1><div class='block'><time datetime='2024-05-01T10:00:00Z'>10:00</time>"
           b"<p>First.</p></div>")
PAGE_TAIL = b"</article></body></html>"


def one_input(raw: bytes) -> None:
    """Run one fuzz input through the target its first byte names."""
    if not raw:
        return
    target, data = raw[0] % 4, raw[1:]
    if target == 0:
        check(lambda: parse_html(data, "fuzz.html", OPTIONS))
    elif target == 1:
        check(lambda: parse_mhtml(data, "fuzz.mhtml", OPTIONS))
    elif target == 2:
        page = PAGE_HEAD + b'<script type="application/ld+json">' + data + b"</script></head>" + ARTICLE + PAGE_TAIL
        check(lambda: parse_html(page, "fuzz.html", OPTIONS))
    else:
        page = PAGE_HEAD + b"</head>" + ARTICLE + data + PAGE_TAIL
        check(lambda: parse_html(page, "fuzz.html", OPTIONS))


def seeds() -> dict[str, bytes]:
    """Return seed inputs from the catalogue's HTML entries and the repo's HTML fixtures."""
    from catalogue import (
        JSONLD_CYCLIC,
        JSONLD_INVALID,
        MHTML_NO_BOUNDARY,
        MHTML_TRUNCATED,
        REPO_ROOT,
        deep_html,
        jsonld_page,
        unclosed_script_html,
    )

    found = {
        "0-deep": b"\x00" + deep_html(3000),
        "0-script": b"\x00" + unclosed_script_html(),
        "0-cyclic": b"\x00" + jsonld_page(JSONLD_CYCLIC),
        "1-truncated": b"\x01" + MHTML_TRUNCATED,
        "1-noboundary": b"\x01" + MHTML_NO_BOUNDARY,
        "2-cyclic": b"\x02" + JSONLD_CYCLIC.encode(),
        "2-invalid": b"\x02" + JSONLD_INVALID.encode(),
        "3-div": b"\x03<div class='block'><time>11:00</time><p>Second <a href='https://x.example/'>x</a></p></div>",
    }
    for path in sorted((REPO_ROOT / "tests" / "fixtures").rglob("*"))[:40]:
        if path.is_file() and path.stat().st_size < 300_000:
            prefix = b"\x01" if path.suffix in (".mhtml", ".mht") else b"\x00"
            found[f"fixture-{path.name}"] = prefix + path.read_bytes()
    return found


def main() -> None:
    run_fuzzer(one_input, seeds, "html")


if __name__ == "__main__":
    main()
