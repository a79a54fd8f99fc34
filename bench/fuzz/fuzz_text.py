"""Coverage-guided fuzzing of the text side of the parsers with atheris (not run in CI).

Each input's first byte picks a target, the rest is the data:
  0 `parsers.pipeline.parse_bytes` + `parsers.enrich.run.enrich_liveblog` (the whole pipeline)
  1 `parsers.extract.text.parse_text_string` on the bytes decoded as UTF-8 (surrogates escaped)
  2 `parsers.read.input.decode_bytes`, then `parsers.normalise.clean.clean_text` / `clean_inline`
  3 `parsers.extract.text.parse_timestamp_line` on every line
  4 `parsers.read.detect.detect_format`
Any exception other than `LiveBlogError`, or a result breaking the oracle in
`bench/fuzz/fuzz_oracle.py`, is a finding (libFuzzer writes the input to crash-*).

    .venv/bin/pip install -r bench/fuzz/requirements.txt
    .venv/bin/python bench/fuzz/fuzz_text.py -max_total_time=600 -timeout=20 -rss_limit_mb=2048 [CORPUS_DIR]

With no corpus directory it seeds one in a temp folder from the sample and the catalogue.
FUZZ_FINDINGS=DIR records each distinct finding there and keeps going.
Reproduce a finding: `.venv/bin/python bench/fuzz/fuzz_text.py crash-<hash>`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_oracle import Finding, check, run_fuzzer

with atheris.instrument_imports():
    from parsers.enrich.run import enrich_liveblog
    from parsers.errors import LiveBlogError
    from parsers.extract.text import parse_text_string, parse_timestamp_line
    from parsers.normalise.clean import clean_inline, clean_text
    from parsers.pipeline import parse_bytes
    from parsers.read.detect import detect_format
    from parsers.read.input import decode_bytes


def one_input(raw: bytes) -> None:
    """Run one fuzz input through the target its first byte names."""
    if not raw:
        return
    target, data = raw[0] % 5, raw[1:]
    if target == 0:
        check(lambda: enrich_liveblog(parse_bytes(data, "fuzz")))
    elif target == 1:
        check(lambda: parse_text_string(data.decode("utf-8", "surrogateescape"), "fuzz"))
    elif target == 2:
        try:
            text, _ = decode_bytes(data, "fuzz")
        except LiveBlogError:
            return
        for cleaned in (clean_text(text), clean_inline(text)):
            if clean_text(cleaned) != cleaned:
                raise Finding(f"clean_text not idempotent on {cleaned[:100]!r}")
    elif target == 3:
        for line in data.decode("utf-8", "replace").split("\n"):
            parse_timestamp_line(line)
    else:
        detect_format(data)


def seeds() -> dict[str, bytes]:
    """Return seed inputs: the sample and the small text entries of the catalogue, per target."""
    from catalogue import CP1252_TEXT, HOSTILE_LINES, SAMPLE, TIMESTAMP_TEXT, timed_text

    texts = {
        "sample": SAMPLE.read_bytes(),
        "timestamps": TIMESTAMP_TEXT.encode(),
        "hostile": timed_text(HOSTILE_LINES).encode(),
        "utf16": timed_text().encode("utf-16"),
        "cp1252": CP1252_TEXT,
    }
    return {f"{target}-{name}": bytes([target]) + data for target in range(5) for name, data in texts.items()}


def main() -> None:
    run_fuzzer(one_input, seeds, "text")


if __name__ == "__main__":
    main()
