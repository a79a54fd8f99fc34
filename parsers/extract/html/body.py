"""Turning one HTML element (an entry, or a JSON-LD body fragment) into readable parts.

`extract_body` walks the element's subtree with an explicit stack (no recursion, so any
depth is safe) and returns paragraphs, captions, links and quotes. Furniture (scripts,
share bars, ads, related boxes, sign-ups) is skipped by the rules in `parsers.extract.html.publishers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.etree

from parsers.extract.html.dom import class_tokens, memoised_when_short, text_of
from parsers.extract.html.publishers import (
    BYLINE_LABELS,
    CAPTION_CLASS,
    DROP_TAGS,
    EMBED_QUOTE_CUES,
    FURNITURE_EXCEPTIONS,
    FURNITURE_TOKEN,
    READ_MORE_LINE,
)
from parsers.model import Link, Quote
from parsers.normalise.clean import clean_inline, strip_controls
from parsers.normalise.furniture import (
    EMBED_LEFTOVER,
    FLAG_WORDS,
    TRACKING_PARAMETER,
    is_furniture,
    is_furniture_line,
)

# Tags that start a new paragraph; everything else is inline.
BLOCK_TAGS: frozenset[str] = frozenset(
    (
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "figure", "figcaption", "table", "thead", "tbody", "tr", "td", "th",
        "section", "article", "main", "pre", "address", "hr", "br", "center", "details", "summary"
    )
)
CAPTION_TAGS: frozenset[str] = frozenset({"figcaption"})
LINK_SCHEMES: tuple[str, ...] = ("http://", "https://", "mailto:")
# The attribution line closing an embedded tweet: "— Name (@handle) August 5, 2024".
_TWEET_ATTRIBUTION = re.compile(r"^[—–-]\s*(?P<name>[^(@]{1,80}?)\s*\(@\w{1,30}\)")
_MAX_LINKS = 200


@dataclass(slots=True)
class Body:
    """The readable parts of an element: paragraphs, photo captions, links and quotes."""

    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


# Class attributes up to this long are memoised (`memoised_when_short`).
_MEMO_CHARS = 200
_FURNITURE_ROLES = frozenset({"button", "navigation", "complementary", "banner", "dialog"})


@memoised_when_short(_MEMO_CHARS, 4096)
def _class_verdict(classes: str) -> bool | None:
    """Return what a class attribute says about furniture: False for an exception token (article
    content), True for a furniture token, None for neither (the id then decides). Memoised:
    pages repeat a few class attributes on thousands of elements."""
    tokens = classes.split()
    if any(t in FURNITURE_EXCEPTIONS for t in tokens):
        return False
    if any(FURNITURE_TOKEN.match(t) for t in tokens):
        return True
    return None


def is_furniture_element(element: lxml.etree._Element) -> bool:
    """Return True if the element is page furniture by its tag, class, id or role."""
    tag = element.tag
    return _is_furniture(element, tag.lower() if isinstance(tag, str) else "")


def _is_furniture(element: lxml.etree._Element, tag: str) -> bool:
    """`is_furniture_element`, given the element's lower-case tag ("" for a comment or PI)."""
    if not tag or tag in DROP_TAGS:
        return True
    if not element.attrib:
        return False  # most elements of a body (p, b, br) have no attributes: nothing more to look at
    get = element.get
    if get("aria-hidden") == "true" or get("hidden") is not None:
        return True
    if (get("role") or "") in _FURNITURE_ROLES:
        return True
    classes = get("class")
    verdict = _class_verdict(classes) if classes else None
    if verdict is not None:
        return verdict
    ident = get("id") or ""
    return bool(ident and FURNITURE_TOKEN.match(ident))


def safe_link(href: str | None, base_url: str | None) -> str | None:
    """Return `href` resolved against `base_url` if it is an http(s) or mailto target, else None."""
    if not href:
        return None
    if len(href) <= 500 and (base_url is None or len(base_url) <= 500):
        return _safe_link_memo(href, base_url)  # pages repeat links (author pages, "read more")
    return _safe_link(href, base_url)


@lru_cache(maxsize=2048)
def _safe_link_memo(href: str, base_url: str | None) -> str | None:
    """`_safe_link`, memoised for short values."""
    return _safe_link(href, base_url)


def _safe_link(href: str, base_url: str | None) -> str | None:
    """The work of `safe_link` for a non-empty `href`."""
    href = "".join(href.split())  # browsers strip whitespace inside URLs, so "java script:" tricks fail
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base_url or "", href)
    except ValueError:
        return None
    if strip_controls(url) != url:
        # A control, escape, bidi or invisible character (what the cleaning would remove): not
        # a URL a browser would follow as shown.
        return None
    return url if url.lower().startswith(LINK_SCHEMES) else None


def without_tracking(url: str | None) -> str | None:
    """Return `url` without the query parameters that only track readers (`utm_*`, `ref_src`, …)."""
    if url is None or "?" not in url:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING_PARAMETER.match(k)]
    return urlunsplit(parts._replace(query=urlencode(query))) if len(query) != len(parts.query.split("&")) else url


@memoised_when_short(_MEMO_CHARS, 4096)
def _caption_class(classes: str) -> bool:
    """Return True if a class attribute holds a caption token ("newsCaption")."""
    return any(CAPTION_CLASS.search(t) for t in classes.split())


def _is_caption(element: lxml.etree._Element, tag: str) -> bool:
    """Return True if the element holds a photo caption (a figcaption, or a caption class)."""
    if tag in CAPTION_TAGS:
        return True
    classes = element.get("class")
    if not classes:
        return False
    return _caption_class(classes)


def _embed_cue(element: lxml.etree._Element) -> str | None:
    """Return the quote cue if the element is an embedded social post (a tweet), else None."""
    for token in class_tokens(element):
        if token in EMBED_QUOTE_CUES:
            return EMBED_QUOTE_CUES[token]
    return None


class _Walker:
    """The mutable state of one body walk: the open paragraph and the parts found so far."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        self.body = Body()
        self.buffer: list[str] = []
        self.caption_depth = 0
        self.seen_links: set[str] = set()
        self.pointer_open = False  # the last line was a pointer ("Read more here:") to a link to come

    def flush(self) -> None:
        """Close the open paragraph (or caption) and keep it if it has readable text."""
        if not self.buffer:
            return
        line = clean_inline("".join(self.buffer))
        self.buffer.clear()
        if "pic.twitter.com/" in line:
            line = EMBED_LEFTOVER.sub("", line).strip()
        pointer = self.pointer_open
        self.pointer_open = False
        if not line or is_furniture(line) or line.casefold() in BYLINE_LABELS or line.casefold() in FLAG_WORDS:
            return
        if READ_MORE_LINE.match(line) or is_furniture_line(line):
            # "Read more about Dr Fauci here:" points at the link in the next paragraph.
            self.pointer_open = line.endswith(":")
            return
        if pointer and self.body.links and self.body.links[-1].text == line:
            return  # the paragraph is only the link a pointer line announced
        if self.caption_depth:
            if line not in self.body.captions:
                self.body.captions.append(line)
        else:
            self.body.paragraphs.append(line)

    def add_link(self, element: lxml.etree._Element) -> None:
        """Record an `<a href>` as a `Link` with its text, once per URL."""
        url = without_tracking(safe_link(element.get("href"), self.base_url))
        if url is None or url in self.seen_links or len(self.body.links) >= _MAX_LINKS:
            return
        self.seen_links.add(url)
        self.body.links.append(Link(url=url, text=clean_inline(text_of(element))))


def _finish_quote(body: Body, start: int, cue: str | None) -> None:
    """Turn the paragraphs added since index `start` (a blockquote's) into one `Quote`."""
    lines = body.paragraphs[start:]
    if not lines:
        return
    speaker = None
    if cue:
        for index in range(len(lines) - 1, -1, -1):
            match = _TWEET_ATTRIBUTION.match(lines[index])
            if match:
                speaker = clean_inline(match.group("name")) or None
                lines = lines[:index]
                # The sign-off is the embed's furniture: who posted it is the quote's speaker now.
                del body.paragraphs[start + index]
                break
    text = " ".join(lines).strip()
    if text:
        body.quotes.append(Quote(text=text, speaker=speaker, cue=cue))


def extract_body(
    root: lxml.etree._Element,
    base_url: str | None = None,
    skip: frozenset[lxml.etree._Element] | set[lxml.etree._Element] = frozenset(),
) -> Body:
    """Return the paragraphs, captions, links and quotes inside `root`.

    `skip` holds elements already used elsewhere (the headline, the byline) that must not
    reappear in the body. Furniture subtrees are skipped, but their tail text (which
    belongs to the parent) is kept. Works on trees of any depth.
    """
    walker = _Walker(base_url)
    buffer = walker.buffer  # flush() empties it in place, so this alias stays valid
    flush = walker.flush
    # Stack items: (element, None) on the way in; (element, (tag, was_caption)) on the way out,
    # when the element's tail joins the parent's flow. (Each lxml .tag, .text and .tail read
    # builds a new str, so each is read once.)
    stack: list[tuple[lxml.etree._Element, tuple[str, bool] | None]] = [(root, None)]
    pop, push = stack.pop, stack.append
    quote_starts: list[tuple[int, str | None]] = []
    while stack:
        element, leaving = pop()
        if leaving is None:
            raw_tag = element.tag
            tag = raw_tag.lower() if isinstance(raw_tag, str) else ""  # as tag_name(), inlined: the hot loop
            if element is not root and ((skip and element in skip) or _is_furniture(element, tag)):
                if tag == "br":
                    flush()
                tail = element.tail
                if tail:
                    buffer.append(tail)
                continue
            if tag in BLOCK_TAGS:
                flush()
            if tag == "blockquote":
                quote_starts.append((len(walker.body.paragraphs), _embed_cue(element)))
            caption = _is_caption(element, tag)
            if caption:
                if not walker.caption_depth:
                    flush()  # a caption never joins the paragraph before it
                walker.caption_depth += 1
            text = element.text
            if text:
                buffer.append(text)
            push((element, (tag, caption)))
            # Comments and processing instructions count as furniture: only their tail is kept.
            if len(element):
                stack.extend([(child, None) for child in reversed(element)])
            continue
        tag, caption = leaving
        if tag == "a":
            walker.add_link(element)
        if tag in BLOCK_TAGS:
            flush()
        if caption:
            if walker.caption_depth == 1:
                flush()  # a nested credit ("(Image: Getty)") stays part of its caption
            walker.caption_depth -= 1
        if tag == "blockquote" and quote_starts:
            start, cue = quote_starts.pop()
            _finish_quote(walker.body, start, cue)
        if element is not root:
            tail = element.tail
            if tail:
                buffer.append(tail)
    walker.flush()
    return walker.body

