"""The declared charset of an HTML page is found without importing bs4, by bs4's own rules.

`parsers.extract.html.dom.declared_encoding` copies the two patterns of bs4's
`EncodingDetector.find_declared_encoding` (importing bs4 for them cost more than parsing most
pages). These tests hold the copy to bs4's answer on real pages and on generated heads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4.dammit import EncodingDetector
from hypothesis import example, given, settings
from hypothesis import strategies as st

from parsers.extract.html.dom import declared_encoding
from tests.conftest import html_pages


def bs4_declared(data: bytes) -> str | None:
    """Return what bs4 finds in the head the parser searches (the first 64 KiB)."""
    return EncodingDetector.find_declared_encoding(data[:65536], is_html=True) or None


@pytest.mark.parametrize("page", html_pages(), ids=lambda p: p.name)
def test_real_pages_declare_what_bs4_finds(page: Path) -> None:
    data = page.read_bytes()
    assert declared_encoding(data) == bs4_declared(data)


PIECES = st.sampled_from([
    "<meta charset=", "<meta charset='", '<meta charset="', "<META CHARSET=", "< meta http-equiv=x content='a;",
    "charset=", "<?xml version='1.0' encoding='", '<?xml encoding="', "?>", "utf-8", "ISO-8859-1", "windows-1252",
    "Shift_JIS", "koi8-r", "'", '"', ">", "/", ";", " ", "\n", "<html>", "<head>", "<!-- -->", "\x00", "é", "\ufeff",
])
HEADS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(HEADS, st.sampled_from(["utf-8", "latin-1", "utf-16-le"]), st.integers(0, 70000))
@example("<?xml version='1.0' encoding='Latin-1'?><meta charset=utf-8>", "utf-8", 0)
@example("<meta charset=utf-8>", "utf-8", 3000)  # the meta searched past 2,048 bytes: 5% of 64 KiB
@example("<meta charset=utf-8>", "utf-8", 66000)  # ...and not past the 64 KiB head
def test_generated_heads_agree_with_bs4(head: str, encoding: str, padding: int) -> None:
    data = (" " * padding + head).encode(encoding, errors="replace")
    assert declared_encoding(data) == bs4_declared(data)


def test_opening_html_does_not_import_bs4() -> None:
    """bs4 costs ~0.6 G instructions to import: a page that declares its charset never loads it."""
    code = (
        "import sys; from parsers.pipeline import parse_bytes; "
        "parse_bytes(b'<html><head><meta charset=\"utf-8\"></head><body><article><h2>A</h2><p>b</p></article>"
        "</body></html>', 'x.html'); print('bs4' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
