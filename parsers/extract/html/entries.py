"""Finding live-blog entries in the DOM and reading each entry's time, headline and byline.

Three generic strategies, tried in order, the first that finds two or more entries wins:
1. microdata `liveBlogUpdate` items;
2. anchors: elements whose id matches a JSON-LD update's URL fragment or `@id`; each
   entry is the largest ancestor of its anchor that holds no other update's anchor;
3. repeated siblings carrying a timestamp (`<time>`, `amp-timeago`, or a `data-*` epoch or
   ISO attribute): the parent whose timestamped children hold the most text is the stream,
   and its children shaped like those (same tag and first class) are the entries.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from functools import lru_cache
from typing import TypeAlias

import lxml.etree

from parsers.extract.html import microdata
from parsers.extract.html.body import is_furniture_element
from parsers.extract.html.dom import ancestors, class_tokens, select, tag_name
from parsers.extract.html.jsonld import StructuredUpdate
from parsers.extract.html.publishers import (
    AUTHOR_ATTRIBUTE_CUES,
    AUTHOR_CLASS_CUES,
    AUTHOR_TAG_CUES,
    AUTHOR_XPATHS,
    BYLINE_LABELS,
    COPY_MARKER,
    HEADLINE_XPATHS,
    MODIFIED_ATTRIBUTE_PATTERN,
    STRUCTURAL_TAGS,
    TIME_ATTRIBUTE_PATTERN,
    TIME_ATTRIBUTES,
    VISIBLE_TIME_TAGS,
)
from parsers.normalise.clean import clean_inline
from parsers.normalise.datetimes import parse_clock, parse_datetime, parse_time_value

Element: TypeAlias = lxml.etree._Element

_ID_PART = re.compile(r"[A-Za-z0-9]+")
_TRAILING_DIGITS = re.compile(r"(\d{3,})$")
_ASCII_DIGIT = re.compile("[0-9]")
# A text node that is only a displayed clock ("12.50 BST", "9:56am").
_CLOCK_ONLY = re.compile(r"^\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5})?$", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^(?:[—–-]\s*|by\s+)", re.IGNORECASE)
_MAX_ID_SCAN = 40
# Text counted per timestamped child when scoring a candidate stream. Small, so that many
# entries beat a few big blocks (a wrapper holding the whole stream plus a sidebar).
_SCORE_CAP = 300  # descendant ids looked at per entry when matching to structured data


@dataclass(slots=True)
class DomEntry:
    """One entry found in the page, with what its markup says about it.

    `visible_instant` comes from a `<time datetime>`/`amp-timeago` the reader sees;
    `visible_clock` from displayed "HH:MM" text; `hidden_instant` from a `data-*`
    attribute. `record` is the entry's own microdata, when it is a microdata item.
    """

    element: Element
    ids: tuple[str, ...]
    headline_element: Element | None
    headline: str | None
    author_element: Element | None
    author: str | None
    visible_instant: datetime | None
    visible_clock: time | None
    clock_zone: tzinfo | None
    hidden_instant: datetime | None
    is_copy: bool
    record: StructuredUpdate | None = None


def id_tokens(value: str) -> tuple[str, ...]:
    """Return the forms of an id that may match across sources ("post-1288914" -> "1288914").

    Most specific first (the whole id, then its parts in order), without repeats: callers take the
    first token that matches, so the order must not depend on Python's string hash seed.
    """
    if len(value) <= 100:
        return _id_tokens_memo(value)  # record keys are looked at twice, for anchors and for matching
    return _id_tokens(value)


@lru_cache(maxsize=4096)
def _id_tokens_memo(value: str) -> tuple[str, ...]:
    """`_id_tokens`, memoised for short values."""
    return _id_tokens(value)


def _id_tokens(value: str) -> tuple[str, ...]:
    """The work of `id_tokens`."""
    value = value.strip()
    if not _ASCII_DIGIT.search(value):
        # Every part is letters only, so neither rule below adds a token: most ids ("header", "main-nav").
        return (value.casefold(),) if value else ()
    tokens: dict[str, None] = {value.casefold(): None} if value else {}
    for part in _ID_PART.findall(value):
        if part.isalpha():
            continue  # no digit: neither rule below applies (most ids: "header", "main-nav")
        if len(part) >= 5 and any(ch.isdigit() for ch in part):
            tokens[part.casefold()] = None
        digits = _TRAILING_DIGITS.search(part)
        if digits:
            tokens[digits.group(1)] = None
    return tuple(tokens)


def is_time_attribute(name: str) -> bool:
    """Return True if an attribute name is one that holds when an entry was posted."""
    if len(name) <= 100:
        return _is_time_attribute_name(name)
    return _is_time_attribute_name.__wrapped__(name)


@lru_cache(maxsize=1024)
def _is_time_attribute_name(name: str) -> bool:
    """`is_time_attribute`, memoised: pages repeat a few attribute names on every element."""
    if name in TIME_ATTRIBUTES or TIME_ATTRIBUTE_PATTERN.match(name):
        return not MODIFIED_ATTRIBUTE_PATTERN.search(name)
    return False


def hidden_instant(element: Element) -> datetime | None:
    """Return the posting time held in the element's own `data-*` attributes, else None."""
    for name, value in element.attrib.items():
        if name != "datetime" and is_time_attribute(name):
            parsed = parse_time_value(value)
            if parsed is not None:
                return parsed
    return None


def _is_stamp(element: Element) -> bool:
    """Return True if the element carries a timestamp (a time element, or a time attribute)."""
    tag = element.tag
    if isinstance(tag, str) and tag.lower() in VISIBLE_TIME_TAGS:  # tag_name(), inlined: runs on every element
        return True
    attributes = element.attrib
    if not attributes:
        return False
    return any(is_time_attribute(name) and parse_time_value(value) is not None
               for name, value in element.attrib.items() if name.startswith("data-"))


def _signature(element: Element) -> tuple[str, str]:
    """Return an element's shape: its tag and first class token."""
    tokens = class_tokens(element)
    return tag_name(element), tokens[0] if tokens else ""


def _in_head(element: Element) -> bool:
    """Return True if the element sits inside <head>, a script, a template or noscript."""
    return any(tag_name(a) in ("head", "script", "template", "noscript") for a in ancestors(element))


def entries_by_timestamps(root: Element) -> list[Element]:
    """Return the entries of the page's main stream of timestamped sibling elements (strategy 3).

    Every parent with two or more timestamped children is a candidate stream. Its members
    are its children shaped like the timestamped ones (same tag and first class), timed or
    not. Each member scores its text per timestamp inside it, capped at `_SCORE_CAP`, so a
    wrapper whose children are whole streams (many timestamps each) scores low, and many
    real entries beat a few big blocks or a list of short links (a key-events box).
    """
    children_with_stamps: dict[Element, dict[Element, None]] = defaultdict(dict)
    stamp_count: Counter[Element] = Counter()
    for element in root.iter():
        if not isinstance(element.tag, str) or not _is_stamp(element) or _in_head(element):
            continue
        stamp_count[element] += 1
        child = element
        for parent in ancestors(element):
            stamp_count[parent] += 1
            children_with_stamps[parent][child] = None
            child = parent
    best: list[Element] = []
    best_score = 0.0
    for parent, children in children_with_stamps.items():
        if len(children) < 2:
            continue
        shape = Counter(_signature(c) for c in children).most_common(1)[0][0]
        members = [c for c in parent if isinstance(c.tag, str) and _signature(c) == shape]
        score = sum(
            min(len(" ".join("".join(c.itertext()).split())) / max(1, stamp_count[c]), _SCORE_CAP)
            for c in members
        )
        if score > best_score:
            best, best_score = members, score
    return best


def entries_by_anchors(root: Element, records: list[StructuredUpdate]) -> list[tuple[Element, int]]:
    """Return (entry, record index) pairs for records whose keys match element ids (strategy 2)."""
    wanted: dict[str, int] = {}
    for index, record in enumerate(records):
        for key in record.keys:
            for token in id_tokens(key):
                wanted.setdefault(token, index)
    if not wanted:
        return []
    anchors: list[tuple[Element, int]] = []
    # XPath picks the elements with an id in C, in document order: a Python loop over every element was slower.
    for element in select(root, "descendant-or-self::*[@id]"):
        assert isinstance(element, lxml.etree._Element)
        ident = element.get("id")
        if not ident:
            continue
        match = next((wanted[t] for t in id_tokens(ident) if t in wanted), None)
        if match is not None:
            anchors.append((element, match))
    if len({index for _, index in anchors}) < 2:
        return []
    holders: dict[Element, set[int]] = defaultdict(set)
    for element, index in anchors:
        holders[element].add(index)
        for parent in ancestors(element):
            holders[parent].add(index)
    found: dict[Element, int] = {}
    for element, index in anchors:
        entry = element
        for parent in ancestors(element):
            if holders[parent] != {index}:
                break
            entry = parent
        found.setdefault(entry, index)
    return list(found.items())


def _first(element: Element, xpaths: tuple[str, ...], skip: Element | None = None) -> Element | None:
    """Return the first element matched by any of `xpaths` under `element` with readable text."""
    for xpath in xpaths:
        for match in select(element, xpath):
            if match is skip or not isinstance(match, lxml.etree._Element):
                continue
            # Headlines and bylines often sit in an entry's <header>: only class/id furniture counts here.
            if any(tag_name(a) not in STRUCTURAL_TAGS and is_furniture_element(a)
                   for a in _ancestors_within(match, element)):
                continue
            text = clean_inline("".join(match.itertext()))
            if text and text.casefold() not in BYLINE_LABELS:
                return match
    return None


def may_have_byline(entry: Element) -> bool:
    """Return False only when no `AUTHOR_XPATHS` expression can match inside `entry`.

    One pass over the entry's elements looking for the cues in `parsers.extract.html.publishers`; it
    replaces eight XPath evaluations for the many entries that carry no byline.
    """
    tags: set[str] = set()
    for element in entry.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag in AUTHOR_TAG_CUES:
            tags.add(tag)
        for attribute, value in AUTHOR_ATTRIBUTE_CUES:
            if element.get(attribute) == value:
                return True
        classes = element.get("class")
        if classes and (_has_class_cue(classes) if len(classes) <= 200 else _has_class_cue.__wrapped__(classes)):
            return True
    return tags == AUTHOR_TAG_CUES


@lru_cache(maxsize=4096)
def _has_class_cue(classes: str) -> bool:
    """Return True if a class attribute contains one of `AUTHOR_CLASS_CUES` (memoised: classes repeat)."""
    return any(cue in classes for cue in AUTHOR_CLASS_CUES)


def _ancestors_within(element: Element, top: Element) -> list[Element]:
    """Return `element`'s ancestors strictly below `top`, plus `element` itself."""
    chain = [element]
    for parent in ancestors(element):
        if parent is top:
            break
        chain.append(parent)
    return chain


def _visible_time(entry: Element) -> tuple[datetime | None, time | None, tzinfo | None]:
    """Return the instant and clock the entry displays, and the zone its clock text names."""
    instant: datetime | None = None
    clock: time | None = None
    zone: tzinfo | None = None
    for element in entry.iter(*VISIBLE_TIME_TAGS):
        instant = parse_datetime(element.get("datetime")) or parse_datetime(element.get("data-time"))
        found = parse_clock("".join(element.itertext()))
        if found:
            clock, zone = found
        break
    if clock is None:
        # The clock may sit beside the <time> element ("12.50 BST" in a span): look at the
        # first few short texts of the entry, before its body starts.
        for index, text in enumerate(entry.itertext()):
            if index > 12:
                break
            stripped = " ".join(text.split())
            if stripped and _CLOCK_ONLY.match(stripped):
                found = parse_clock(stripped)
                if found:
                    clock, zone = found
                    break
    return instant, clock, zone


# What `entry.iter()` yields (elements, comments, processing instructions), counted in C (by node
# tests: a predicate on every node made this count slower than the Python loop it replaces).
_ITER_COUNT = lxml.etree.XPath(
    "count(descendant-or-self::*) + count(descendant::comment()) + count(descendant::processing-instruction())")
_ID_VALUES = lxml.etree.XPath("descendant-or-self::*/@id", smart_strings=False)


def _element_ids(entry: Element) -> tuple[str, ...]:
    """Return the ids of the entry and its first descendants (bounded), for matching."""
    if _ITER_COUNT(entry) <= _MAX_ID_SCAN * 20 + 1:
        # Every element is within the bound: the ids straight from XPath, in document order.
        values = _ID_VALUES(entry)
        assert isinstance(values, list)
        return tuple([value for value in values if value][:_MAX_ID_SCAN])
    ids: list[str] = []
    for count, element in enumerate(entry.iter()):
        if count > _MAX_ID_SCAN * 20 or len(ids) >= _MAX_ID_SCAN:
            break
        ident = element.get("id") if isinstance(element.tag, str) else None
        if ident:
            ids.append(ident)
    return tuple(ids)


def clean_author(text: str | None) -> str | None:
    """Return a byline as a bare name ("— Jane Doe" and "By Jane Doe" -> "Jane Doe"), or None."""
    if not text:
        return None
    name = _BYLINE_PREFIX.sub("", clean_inline(text)).strip()
    return name if 0 < len(name) <= 100 else None


def read_entry(entry: Element, container: Element | None, headline_xpaths: tuple[str, ...]) -> DomEntry:
    """Return what one entry element says about itself: ids, headline, byline and times."""
    headline_element = _first(entry, headline_xpaths + HEADLINE_XPATHS)
    author_element = _first(entry, AUTHOR_XPATHS, skip=headline_element) if may_have_byline(entry) else None
    author = clean_author("".join(author_element.itertext())) if author_element is not None else None
    if author_element is not None:
        # Take the whole byline ("By <name>") out of the body, not just the name inside it.
        for parent in ancestors(author_element):
            if parent is entry or clean_author("".join(parent.itertext())) != author:
                break
            author_element = parent
    instant, clock, zone = _visible_time(entry)
    marked = [entry, *[a for a in ancestors(entry) if container is None or a is not container][:3]]
    is_copy = any(COPY_MARKER.search(" ".join(class_tokens(a)) + " " + (a.get("id") or "")) for a in marked)
    return DomEntry(
        element=entry,
        ids=_element_ids(entry),
        headline_element=headline_element,
        headline=clean_inline("".join(headline_element.itertext())) if headline_element is not None else None,
        author_element=author_element,
        author=author,
        visible_instant=instant,
        visible_clock=clock,
        clock_zone=zone,
        hidden_instant=hidden_instant(entry),
        is_copy=is_copy,
    )


def find_entries(
    root: Element, records: list[StructuredUpdate], headline_xpaths: tuple[str, ...] = ()
) -> list[DomEntry]:
    """Return the page's DOM entries in document order, each matched to its structured record if any.

    Accepts the document root and the JSON-LD updates. Furniture (ads) and empty
    entries are left out.
    """
    pairs: list[tuple[Element, StructuredUpdate | None]] = []
    items = microdata.update_elements(root)
    if len(items) >= 2:
        pairs = [(item, microdata.read_item(item)) for item in items]
    if not pairs:
        anchored = entries_by_anchors(root, records)
        if anchored:
            # The record is matched again (by id or headline) with all the others by the caller.
            pairs = [(element, None) for element, _ in anchored]
    if not pairs:
        pairs = [(element, None) for element in entries_by_timestamps(root)]
    entries: list[DomEntry] = []
    for element, record in pairs:
        if is_furniture_element(element) or not any(text.strip() for text in element.itertext()):
            continue
        entry = read_entry(element, element.getparent(), headline_xpaths)
        entry.record = record
        entries.append(entry)
    return entries
