"""Loading an HTML document into an lxml tree, and small tree helpers that never recurse.

lxml is used directly rather than through BeautifulSoup: building a bs4 tree for the 1.3 MB
Mirror page alone takes longer than the whole parse may, and bs4's tree methods recurse
(5,000-deep nesting raises RecursionError). bs4 is still used for what it does best here,
finding the declared encoding. libxml2 caps tree depth (2,048 with `huge_tree`), so a
pathologically deep page loses its deepest text instead of crashing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TypeAlias

import lxml.etree
import lxml.html
from bs4.dammit import EncodingDetector

from parsers.errors import InputError
from parsers.reading import decode_bytes

HtmlElement: TypeAlias = lxml.html.HtmlElement

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def declared_encoding(data: bytes) -> str | None:
    """Return the charset an HTML document declares (meta charset, http-equiv or XML prolog), or None."""
    try:
        found = EncodingDetector.find_declared_encoding(data[:65536], is_html=True)
    except (LookupError, ValueError):  # a malformed declaration is no declaration
        return None
    return found or None


def decode_html(data: bytes, path: str, charset: str | None = None) -> tuple[str, str | None]:
    """Decode HTML bytes, honouring a BOM, then `charset` or the page's own declaration.

    Returns ``(text, warning_or_None)``; raises `InputError` for undecodable or binary data.
    """
    return decode_bytes(data, path, declared=charset or declared_encoding(data))


def parse_document(text: str, path: str) -> HtmlElement:
    """Return the root `<html>` element of decoded HTML text.

    Accepts any str; raises `InputError` if no document can be built at all.
    """
    cleaned = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not cleaned.strip():
        raise InputError(path, "empty HTML document")
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(cleaned.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(path, f"not parseable as HTML ({exc})") from None
    if root is None:
        raise InputError(path, "not parseable as HTML")
    document: HtmlElement = root
    return document


def parse_fragment(markup: str) -> HtmlElement | None:
    """Return a `<div>` wrapping an HTML fragment (as found in JSON-LD bodies), or None if unparseable."""
    if not markup.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True)
    try:
        root = lxml.html.document_fromstring(
            f"<html><body><div>{markup}</div></body></html>".encode("utf-8", errors="replace"), parser=parser
        )
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return None
    found: HtmlElement | None = root.find("body/div")
    return found


def tag_name(element: lxml.etree._Element) -> str:
    """Return an element's lower-case tag name, or "" for comments and processing instructions."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def class_tokens(element: lxml.etree._Element) -> list[str]:
    """Return the element's class tokens (possibly empty)."""
    return (element.get("class") or "").split()


def text_of(element: lxml.etree._Element) -> str:
    """Return all text inside an element (script text included), without recursion in Python."""
    return "".join(element.itertext())


def ancestors(element: lxml.etree._Element) -> Iterator[lxml.etree._Element]:
    """Yield the element's ancestors from its parent up to the root."""
    parent = element.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def iter_elements(root: lxml.etree._Element) -> Iterator[lxml.etree._Element]:
    """Yield `root` and every element below it in document order (comments skipped)."""
    for element in root.iter():
        if isinstance(element.tag, str):
            yield element
