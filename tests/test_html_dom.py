"""`parse_document` given the page's UTF-8 bytes builds the tree it builds from the text alone."""

from __future__ import annotations

import lxml.etree
import pytest

from parsers.errors import InputError
from parsers.extract.html.dom import parse_document
from parsers.extract.html.page import parse_html
from parsers.options import ParseOptions

PAGES = [
    "<html><head><title>Caf\u00e9</title></head><body><p>Live \u2013 \u201cquoted\u201d</p></body></html>",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>After a declaration</p></body></html>",
    "<html><body><p>A NUL \x00 inside</p></body></html>",
    "\ufeff<html><body><p>After a byte-order mark</p></body></html>",
    "  <p>No html element at all</p>",
]


@pytest.mark.parametrize("text", PAGES)
def test_same_tree_from_the_bytes(text: str) -> None:
    from_text, warnings = parse_document(text, "page.html")
    from_bytes, warnings_too = parse_document(text, "page.html", text.encode("utf-8"))
    assert lxml.etree.tostring(from_bytes) == lxml.etree.tostring(from_text)
    assert warnings_too == warnings


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_empty_page_is_an_error_either_way(text: str) -> None:
    for utf8 in (None, text.encode("utf-8")):
        with pytest.raises(InputError):
            parse_document(text, "page.html", utf8)


def test_declared_latin1_page_is_decoded_as_declared() -> None:
    data = ('<html><head><meta charset="iso-8859-1"><title>x</title></head>'
            '<body><article><p>Caf\u00e9 au lait, the whole paragraph.</p></article></body></html>').encode("latin-1")
    blog = parse_html(data, "page.html", ParseOptions())
    assert any("Caf\u00e9 au lait" in p for u in blog.updates for p in u.paragraphs)
