"""Format detection by content, and the table of parsers for each format.

A new input format is a new module plus one row in `FORMATS`; nothing else changes.
Parsers are imported lazily so that opening a text file never pays for bs4/lxml.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from parsers.model import LiveBlog
    from parsers.options import ParseOptions


class ParseFunction(Protocol):
    def __call__(self, data: bytes, path: str, options: ParseOptions) -> LiveBlog: ...


_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|article|div|section"
    rb"|script|style|link|noscript|main|header|nav|p|h[1-6]|span|ul|table"
    rb"|\?xml[^>]*>\s*(?:<!doctype\s+html[^>]*>\s*)?<html)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(rb"<(?:html|head|body|article|div|p|script)\b[^>]*>", re.IGNORECASE)
_MHTML_HEADER = re.compile(rb"^(?:[\w-]+:[^\n]*\n)*?content-type:\s*multipart/related", re.IGNORECASE | re.MULTILINE)


def looks_like_mhtml(head: bytes) -> bool:
    """Return True if `head` (the first KBs of a file) is a MIME multipart/related archive."""
    return bool(_MHTML_HEADER.match(head.replace(b"\r\n", b"\n")))


def looks_like_html(head: bytes) -> bool:
    """Return True if `head` starts like an HTML document or holds several HTML tags.

    Works on UTF-8/ASCII-compatible bytes and on UTF-16 (decoded by the caller first).
    """
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAGS.findall(head[:65536])) >= 3


_GUARDIAN_JSON = re.compile(rb'^\s*\{.*"blockFirstPublished(?:Display)?"\s*:', re.DOTALL)


def looks_like_guardian_json(head: bytes) -> bool:
    """Return True if `head` starts a JSON object with Guardian live-blog blocks (CMS JSON)."""
    return bool(_GUARDIAN_JSON.match(head))


@dataclass(slots=True, frozen=True)
class Format:
    """One input format: its name, a sniffer over the file's first bytes, and its parser."""

    name: str
    sniff: Callable[[bytes], bool]
    parser: str  # "module:function", imported on first use

    def load_parser(self) -> ParseFunction:
        """Import and return this format's parse function."""
        module_name, _, func = self.parser.partition(":")
        parse: ParseFunction = getattr(importlib.import_module(module_name), func)
        return parse


FORMATS: tuple[Format, ...] = (
    Format("mhtml", looks_like_mhtml, "parsers.extract.mhtml:parse_mhtml"),
    # Before "html": the JSON's block HTML would otherwise pass the HTML sniffer.
    Format("guardian-json", looks_like_guardian_json, "parsers.extract.cms_json:parse_guardian_json"),
    Format("html", looks_like_html, "parsers.extract.html.page:parse_html"),
    Format("text", lambda head: True, "parsers.extract.text:parse_text"),
)


def _sniffable(data: bytes) -> bytes:
    """Return the head of `data` as ASCII-compatible bytes (UTF-16/32 text is transcoded)."""
    head = data[:65536]
    for bom, codec in ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
                       (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if head.startswith(bom):
            return head.decode(codec, errors="ignore").encode("utf-8", errors="ignore")
    return head


def detect_format(data: bytes) -> Format:
    """Return the first `Format` in `FORMATS` whose sniffer accepts `data` (text always does)."""
    head = _sniffable(data)
    for fmt in FORMATS:
        if fmt.sniff(head):
            return fmt
    return FORMATS[-1]
