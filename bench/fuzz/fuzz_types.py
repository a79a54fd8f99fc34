"""Coverage-guided type-mutation fuzzing of the JSON-shaped inputs with atheris (not in CI).

The byte fuzzers (bench/fuzz/fuzz_text.py, bench/fuzz/fuzz_html.py) rarely produce valid JSON with a value
of the wrong type in the right place. This harness starts from a valid document and lets the
fuzzer choose 1-4 mutations: a path in the document and a value of another type to put there
(`tests/catalogue.py` TYPE_MUTANTS: null, booleans, 10**400, Infinity, NaN, "abc", "1e400",
[5], {}, a lone surrogate, an escape sequence...), a string the fuzzer makes up, or deleting
the key. Families (FUZZ_FAMILY, default both, chosen by the input's first byte):
  cms     the Guardian's CMS JSON through `parsers.pipeline.parse_bytes`
  jsonld  a LiveBlogPosting JSON-LD object in a page through `parsers.pipeline.parse_bytes`
Any exception other than `LiveBlogError`, or a result breaking the oracle in
`bench/fuzz/fuzz_oracle.py`, is a finding.

    .venv/bin/pip install -r bench/fuzz/requirements.txt
    FUZZ_FAMILY=cms .venv/bin/python bench/fuzz/fuzz_types.py -max_total_time=600 -timeout=20 \
        -rss_limit_mb=2048 [CORPUS]

FUZZ_FINDINGS=DIR records each distinct finding there and keeps going (see bench/fuzz/fuzz_oracle.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_oracle import check, run_fuzzer

with atheris.instrument_imports():
    # The parsers are imported here, not on first use by `parse_bytes`, so that they are instrumented.
    import parsers.extract.cms_json
    import parsers.extract.html.jsonld
    import parsers.extract.html.page
    import parsers.normalise.datetimes  # noqa: F401
    from parsers.pipeline import parse_bytes

from catalogue import TYPE_MUTANTS, cms_json_document, json_paths, json_text, jsonld_document, jsonld_page, mutate

FAMILIES = ("cms", "jsonld")
ONLY = os.environ.get("FUZZ_FAMILY")
if ONLY is not None and ONLY not in FAMILIES:
    raise SystemExit(f"FUZZ_FAMILY must be one of {', '.join(FAMILIES)}")
SEEDS: dict[str, Any] = {"cms": cms_json_document(), "jsonld": jsonld_document()}


def mutant(raw: bytes) -> tuple[str, bytes]:
    """Return the family and the document bytes that the fuzzer's choices in `raw` describe."""
    fdp = atheris.FuzzedDataProvider(raw)
    family = ONLY or FAMILIES[fdp.ConsumeIntInRange(0, 1)]
    doc = SEEDS[family]
    for _ in range(fdp.ConsumeIntInRange(1, 4)):
        paths = json_paths(doc)
        if not paths:
            break
        path = paths[fdp.ConsumeIntInRange(0, len(paths) - 1)]
        choice = fdp.ConsumeIntInRange(0, len(TYPE_MUTANTS) + 1)
        if choice < len(TYPE_MUTANTS):
            doc = mutate(doc, path, TYPE_MUTANTS[choice])
        elif choice == len(TYPE_MUTANTS):
            doc = mutate(doc, path, fdp.ConsumeUnicode(40))
        else:
            doc = mutate(doc, path, None, delete=True)
    text = json_text(doc)
    return family, text if family == "cms" else jsonld_page(text.decode())


def one_input(raw: bytes) -> None:
    """Parse one mutated document and check the result against the oracle."""
    family, data = mutant(raw)
    check(lambda: parse_bytes(data, f"fuzz.{family}"))


def seeds() -> dict[str, bytes]:
    """Return a few starting choices (the fuzzer reads them as mutation choices, not as JSON)."""
    return {f"seed-{n}": bytes([n, n * 7 % 256, n * 13 % 256, 255 - n]) * 4 for n in range(16)}


def main() -> None:
    run_fuzzer(one_input, seeds, f"types-{ONLY or 'all'}")


if __name__ == "__main__":
    main()
