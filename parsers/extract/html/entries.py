"""Finding live-blog entries in the DOM and reading each entry's time, headline and byline.

No publisher is assumed: every rule names the general pattern it belongs to, and what one
publisher needs is a row of data in `publishers`, which only ever breaks ties (a headline
XPath tried first). Three generic strategies propose entries:
1. microdata `liveBlogUpdate` items;
2. anchors: elements whose id matches a JSON-LD update's URL fragment or `@id`; each
   entry is the largest ancestor of its anchor that holds no other update's anchor;
3. repeated siblings carrying a timestamp (`<time>`, `amp-timeago`, a `data-*` epoch or ISO
   attribute, or displayed time text: "12.31 Uhr", "18h40", "Posted at 15:05", "45'"):
   the parent whose timestamped children hold the most text is the stream, and its
   children shaped like those (same tag and first class) are the entries; a flat run led by
   time-carrying headings or short labels (`<h2>12.31 Uhr: …</h2><p>…</p>`) groups each
   with the siblings up to the next.
Structured markup (1, then 2) is trusted first, but the timestamped siblings win when they
find more posts, or as many with much more text (`choose_entries`): structured data may
list fewer posts than the page shows. Inside an entry, embedded article and video cards,
the header's time and flags, and a leading flag or time in the headline are not the post's
headline or text.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from copy import deepcopy as copy_element
from dataclasses import dataclass
from datetime import datetime, time, tzinfo
from typing import TypeAlias

import lxml.etree

from parsers.extract.html import microdata
from parsers.extract.html.body import is_furniture_element
from parsers.extract.html.dom import (
    ancestors,
    class_tokens,
    descendant_name,
    memoised_when_short,
    required_attribute,
    select,
    tag_name,
    text_of,
    text_pieces,
)
from parsers.extract.html.jsonld import StructuredUpdate
from parsers.extract.html.publishers import (
    AUTHOR_ATTRIBUTE_CUES,
    AUTHOR_CLASS_CUES,
    AUTHOR_TAG_CUES,
    AUTHOR_XPATHS,
    BYLINE_LABELS,
    COPY_MARKER,
    HEADING_TAGS,
    HEADLINE_XPATHS,
    MODIFIED_ATTRIBUTE_PATTERN,
    RUN_HEAD_TAGS,
    STRUCTURAL_TAGS,
    TIME_ATTRIBUTE_PATTERN,
    TIME_ATTRIBUTES,
    VISIBLE_TIME_TAGS,
)
from parsers.normalise.clean import clean_inline
from parsers.normalise.datetimes import (
    TIME_LABEL_PREFIXES,
    TimeLabel,
    leading_time_label,
    parse_clock,
    parse_datetime,
    parse_time_value,
    time_label,
)
from parsers.normalise.furniture import FLAG_PREFIX, FLAG_WORDS, PIN_WORDS
from parsers.normalise.instants import RELATIVE_DAY_WORDS, read_label_line

Element: TypeAlias = lxml.etree._Element

_ID_PART = re.compile(r"[A-Za-z0-9]+")
_TRAILING_DIGITS = re.compile(r"(\d{3,})$")
_ASCII_DIGIT = re.compile("[0-9]")
_BYLINE_PREFIX = re.compile(r"^(?:[—–-]\s*|by\s+)", re.IGNORECASE)
_MAX_ID_SCAN = 40
RUN_MARK = "data-liveblog-run"
_FULLER = 1.5  # how much more text timestamped entries must cover to replace as many structured ones
_LABEL_CHARS = 48  # a timed element with no more text than this is only a label
# How a label that starts with a word may begin: a prefix ("Posted at") or a relative time ("vor 5 Minuten").
# A day word ("Yesterday 22:15", "Gestern, 22.15 Uhr") too.
_LABEL_WORD_STARTS = (*(w.casefold() for w in TIME_LABEL_PREFIXES), *RELATIVE_DAY_WORDS, "vor ", "il y a", "hace ",
                      "an ", "a ", "one ")
# Text counted per timestamped child when scoring a candidate stream. Small, so that many
# entries beat a few big blocks (a wrapper holding the whole stream plus a sidebar).
_SCORE_CAP = 300


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
    label: TimeLabel | None = None
    cards: tuple[Element, ...] = ()


@memoised_when_short(100, 4096)  # record keys are looked at twice, for anchors and for matching
def id_tokens(value: str) -> tuple[str, ...]:
    """Return the forms of an id that may match across sources ("post-1288914" -> "1288914").

    Most specific first (the whole id, then its parts in order), without repeats: callers take the
    first token that matches, so the order must not depend on Python's string hash seed.
    """
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


@memoised_when_short(100, 1024)  # pages repeat a few attribute names on every element
def is_time_attribute(name: str) -> bool:
    """Return True if an attribute name is one that holds when an entry was posted."""
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
    """Return True if the element carries a timestamp: a time element, a time attribute, or
    displayed time text (`_is_text_stamp`)."""
    tag = element.tag
    if isinstance(tag, str) and tag.lower() in VISIBLE_TIME_TAGS:  # tag_name(), inlined: runs on every element
        return True
    names = element.keys()
    # Most elements have no `data-*` attribute: one C scan of the joined names rules them out
    # before any value is read.
    if names and "data-" in " ".join(names) and any(
            name.startswith("data-") and is_time_attribute(name) and parse_time_value(element.get(name)) is not None
            for name in names):
        return True
    return _is_text_stamp(element)


_ANY_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    """Return True if any character of `text` is a digit (as `str.isdigit`).

    The regex finds every decimal digit in C; only non-ASCII text without one can still hold
    another kind of digit ("²"), which the character loop looks for.
    """
    if _ANY_DIGIT.search(text):
        return True
    return not text.isascii() and any(c.isdigit() for c in text)


def _is_text_stamp(element: Element) -> bool:
    """Return True if the element's own first text is a displayed time label.

    General pattern: tickers with no `<time>` element show the time as text, alone in a
    small element (`<span>14:05</span>`, `<b>45'</b>`) or leading a heading
    (`<h2>12.31 Uhr: Headline</h2>`, `<h5><span>2.59 Uhr: …</span></h5>`).
    """
    text = element.text
    if not text or len(text) > 160:
        return False
    stripped = text.lstrip()
    if not stripped or not (stripped[0].isdigit() or stripped[0].isalpha()):
        return False
    if stripped[0].isalpha() and not stripped[:24].casefold().startswith(_LABEL_WORD_STARTS):
        # Only label words may come before the clock ("Posted at", "Publié aujourd'hui à"): the shared
        # reader knows them all, but is asked only about short texts with a digit, as few are.
        return (len(element) == 0 and len(stripped) <= _LABEL_CHARS and _has_digit(stripped)
                and read_label_line(stripped) is not None)
    if len(element) == 0 and shows_only_time(stripped):
        return True
    return _leads_text(element) and leading_time_label(stripped) is not None


def _leads_text(element: Element) -> bool:
    """Return True if the element is, or sits (within two levels) inside, a heading, a bold
    lead-in or a paragraph: the places where a ticker writes "12.31 Uhr: Headline"."""
    chain = [element, *list(itertools.islice(ancestors(element), 2))]
    return any(tag_name(e) in RUN_HEAD_TAGS for e in chain)


def _signature(element: Element) -> tuple[str, str]:
    """Return an element's shape: its tag and first class token."""
    tokens = class_tokens(element)
    return tag_name(element), tokens[0] if tokens else ""


_HIDDEN_TAGS = frozenset({"head", "script", "template", "noscript"})


def _in_head(chain: list[Element]) -> bool:
    """Return True if an element whose ancestors are `chain` sits inside <head>, a script, a template
    or noscript."""
    for ancestor in chain:  # (`tag_name`, inlined: this runs on every ancestor of every timestamp)
        tag = ancestor.tag
        if isinstance(tag, str) and tag.lower() in _HIDDEN_TAGS:
            return True
    return False


def entries_by_timestamps(root: Element) -> list[list[Element]]:
    """Return the entries of the page's main stream of timestamped siblings (strategy 3), each as
    the list of sibling elements it spans (one element, or a heading and its paragraphs).

    Every parent with two or more timestamped children is a candidate stream. Its members
    are its children shaped like the timestamped ones (same tag and first class): for
    containers (`article`, `li`, `section`, `div`) timed or not, since a ticker may show a
    time on only some entries; for a flat run led by time-carrying headings or paragraphs
    (`<h2>12.31 Uhr: …</h2><p>…</p>`), the timed ones, each with the untimed siblings up to
    the next (`_runs`). Each entry scores its text per timestamp inside it, capped at
    `_SCORE_CAP`, so a wrapper whose children are whole streams (many timestamps each)
    scores low, and many real entries beat a few big blocks or a list of short links (a
    key-events box).
    """
    children_with_stamps: dict[Element, dict[Element, None]] = defaultdict(dict)
    stamp_count: dict[Element, int] = {}  # (a dict: Counter's += calls Python code for every new key)
    for element in root.iter(lxml.etree.Element):  # elements only: comments and processing instructions show no time
        if not _is_stamp(element):
            continue
        chain = list(ancestors(element))  # walked once, for both uses
        if _in_head(chain):
            continue
        stamp_count[element] = stamp_count.get(element, 0) + 1
        child = element
        for parent in chain:
            stamp_count[parent] = stamp_count.get(parent, 0) + 1
            children_with_stamps[parent][child] = None
            child = parent
    best: list[list[Element]] = []
    best_score = 0.0
    lengths: dict[Element, int] = {}  # exact text lengths measured so far, reused by `_mostly_links`
    for parent, children in children_with_stamps.items():
        if len(children) < 2:
            continue
        shape = Counter(_signature(c) for c in children).most_common(1)[0][0]
        if shape[0] in RUN_HEAD_TAGS or _only_labels(children, shape) or _heads_flat_run(children, shape):
            groups = _runs(parent, shape, children)
        else:
            groups = [[c] for c in parent if isinstance(c.tag, str) and _signature(c) == shape]
        crowded = _crowded_children(parent)  # for all its children in one evaluation, not one each
        score = sum(_group_score(group, stamp_count, lengths, crowded) for group in groups)
        if score > best_score and not _mostly_links(groups, lengths):
            best, best_score = groups, score
    return best


def _group_score(group: list[Element], stamp_count: dict[Element, int], lengths: dict[Element, int],
                 crowded: set[Element]) -> float:
    """Return an entry's score in a candidate stream: its text per timestamp inside it, capped at `_SCORE_CAP`.

    Text past the cap cannot change the score, so it is not read: a wrapper holding half the
    page is measured only up to the cap. `crowded`: `_crowded_children` of the group's parent.
    """
    stamps = max(1, sum(stamp_count.get(e, 0) for e in group))
    budget = _SCORE_CAP * stamps
    total = 0
    for element in group:
        if total >= budget:
            break
        total += min(_measured(element, lengths, budget - total, element in crowded), budget - total)
    return min(total / stamps, _SCORE_CAP)


def _measured(element: Element, lengths: dict[Element, int], cap: int | None = None, many: bool | None = None) -> int:
    """Return `_text_length(element, cap)`, kept in `lengths` when it is the exact length.
    `many`: whether the element holds 200 nodes or more, when the caller knows (see `_length_read`)."""
    known = lengths.get(element)
    if known is not None:
        return known
    length, exact = _length_read(element, cap, many)
    if exact:
        lengths[element] = length
    return length


_LINK_SHARE = 0.7


def _mostly_links(groups: list[list[Element]], lengths: dict[Element, int]) -> bool:
    """Return True if most of a candidate stream's text is link text: a list of pointers to other
    pages ("Latest news" with times, a key-events box), not posts. `lengths`: see `_measured`."""
    total = linked = 0
    for group in groups:
        for element in group:
            total += _measured(element, lengths)
            linked += sum(_measured(a, lengths) for a in element.iter("a") if a.get("href"))
    return total > 0 and linked > total * _LINK_SHARE


def _only_labels(children: dict[Element, None], shape: tuple[str, str]) -> bool:
    """Return True if the timed children of a shape hold nothing but their time label.

    General pattern: a flat stream of `<div class="time">12:31</div><div class="text">…</div>`
    pairs; the label leads a run like a heading does.
    """
    timed = [c for c in children if _signature(c) == shape]
    return all(_text_length(c, _LABEL_CHARS + 1) <= _LABEL_CHARS for c in timed)


_HEAD_CHARS = 200


def _heads_flat_run(children: dict[Element, None], shape: tuple[str, str]) -> bool:
    """Return True if the timed children of a shape are headers of a flat run: short, holding no
    paragraph, each followed by a sibling of another shape that has text.

    General pattern: `<div class="zeit"><h2>12.31 Uhr: Headline</h2></div><p>…</p>` — the
    heading sits in a wrapper, and the post's paragraphs follow the wrapper.
    """
    timed = [c for c in children if _signature(c) == shape]
    for child in timed:
        if _text_length(child, _HEAD_CHARS + 1) > _HEAD_CHARS or next(child.iter("p"), None) is not None:
            return False
        follower = child.getnext()
        while follower is not None and not isinstance(follower.tag, str):
            follower = follower.getnext()
        if follower is None or _signature(follower) == shape or not _text_length(follower, 1):
            return False
    return True


# True when a block holds 200 nodes or more (libxml2 stops counting at the 200th).
_MANY_NODES = lxml.etree.XPath("boolean(descendant::node()[200])")
# The children of an element that hold 200 nodes or more.
_CROWDED_CHILDREN = lxml.etree.XPath("*[descendant::node()[200]]")


def _crowded_children(parent: Element) -> set[Element]:
    """Return the element children of `parent` that hold 200 nodes or more (`_MANY_NODES` of each, in
    one XPath evaluation: starting one costs more than the test on a child of a dozen elements)."""
    found = _CROWDED_CHILDREN(parent)
    assert isinstance(found, list)
    return set(found)


def _text_length(element: Element, cap: int | None = None) -> int:
    """Return the length of an element's text with whitespace runs collapsed; with `cap`, reading
    may stop once that length is known to be at least `cap`, and `cap` is returned then."""
    return _length_read(element, cap)[0]


def _length_read(element: Element, cap: int | None, many: bool | None = None) -> tuple[int, bool]:
    """Return `_text_length(element, cap)` and whether it is the exact length (all text was read).

    With a cap, a big block (`_MANY_NODES`) is read in growing batches only until it reaches the
    cap: the collapsed form of the start of a text is a start of the whole text's collapsed form,
    never longer, so a wrapper of half the page is not read to its end to learn that it is more
    than a label or a heading. A smaller block is read whole, which is then exact. `many`: whether
    the block holds 200 nodes or more (`_MANY_NODES`), when the caller knows.
    """
    if cap is None or not (_MANY_NODES(element) if many is None else many):
        # A small block is read whole by libxml2 in one call: cheaper than reading it piece by piece.
        return len(" ".join(text_of(element).split())), True
    pieces = element.itertext()
    text = ""
    batch = 64
    while True:
        taken = list(itertools.islice(pieces, batch))
        text += "".join(taken)
        length = len(" ".join(text.split()))
        if len(taken) < batch:
            return length, True
        if length >= cap:
            return cap, False
        batch *= 4


def _runs(parent: Element, shape: tuple[str, str], timed: dict[Element, None]) -> list[list[Element]]:
    """Return the runs of a flat stream: each timed child of `shape` with the siblings after it.

    General pattern: a heading (or a short paragraph) carries the time and the elements up to
    the next such heading are its body. Between the first and the last timed heading, a
    heading of the same shape without a time starts an untimed entry (a ticker may leave
    the time off a post); one with nothing under it before the next heading is a separator
    (a day heading), not an entry. Any other heading, and an untimed one after the last
    timed heading ("Mehr zum Thema"), ends the run; so does the end of the parent.
    """
    children = [c for c in parent if isinstance(c.tag, str)]
    timed_at = [i for i, c in enumerate(children) if c in timed and _signature(c) == shape]
    if not timed_at:
        return []
    last_timed = timed_at[-1]
    leads_with_heading = tag_name(children[timed_at[0]]) in HEADING_TAGS
    groups: list[list[Element]] = []
    current: list[Element] | None = None
    for index, child in enumerate(children):
        same_shape = _signature(child) == shape
        if child in timed and same_shape:
            current = [child]
            groups.append(current)
        elif same_shape and leads_with_heading and timed_at[0] < index < last_timed:
            current = [child]  # an untimed post inside the run
            groups.append(current)
        elif tag_name(child) in HEADING_TAGS and current is not None and (
                (len(current) == 1 and _only_label(current[0]))
                or (index < last_timed and (_rank(child) > _rank(current[0]) or _only_label(current[0])))):
            current.append(child)  # the headline under a time-only head, or a subheading inside the run
        elif tag_name(child) in HEADING_TAGS or (same_shape and tag_name(child) != "p"):
            current = None
        elif current is not None:
            current.append(child)
    return [g for g in groups if len(g) > 1 or g[0] in timed]


def shows_only_time(text: str) -> bool:
    """Return True if `text` is only a displayed time: a label `time_label` reads ("12.31 Uhr", "45'",
    "2h ago"), or a clock with a day word the shared resolver reads ("Yesterday 22:15", "Gestern, 22.15 Uhr")."""
    return len(text) <= _LABEL_CHARS and (time_label(text) is not None or read_label_line(text) is not None)


def _only_label(element: Element) -> bool:
    """Return True if the element's whole text is a time label ("12.31 Uhr", "16h05")."""
    text = " ".join(text_of(element).split())
    return shows_only_time(text)


def _rank(element: Element) -> int:
    """Return a heading's level (1 for h1 … 6 for h6); 7 for any other element (no heading ranks below it)."""
    tag = tag_name(element)
    return int(tag[1]) if tag in HEADING_TAGS else 7


def wrap_run(group: list[Element]) -> Element:
    """Return the one element of an entry: itself, or a new `<div>` put in place around a run.

    The run's elements (and the text between them) move into the wrapper, so the entry is
    one subtree like any other, still inside the page (ancestors keep their copy markers).
    """
    if len(group) == 1:
        return group[0]
    first = group[0]
    parent = first.getparent()
    wrapper = lxml.etree.Element("div", {RUN_MARK: "run"})
    if parent is None:
        return first
    parent.insert(parent.index(first), wrapper)
    for element in group:
        wrapper.append(element)
    return wrapper


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


def _first(element: Element, xpaths: tuple[str, ...], scan: EntryScan, skip: Element | None = None,
           cards: tuple[Element, ...] = ()) -> Element | None:
    """Return the first element matched by any of `xpaths` under `element` with readable text,
    outside the embedded `cards`. `scan` is `scan_entry(element)`."""
    for xpath in xpaths:
        for match in scan.matches(element, xpath):
            if match is skip or not isinstance(match, lxml.etree._Element):
                continue
            chain = _ancestors_within(match, element)
            # Headlines and bylines often sit in an entry's <header>: only class/id furniture counts here.
            if any(tag_name(a) not in STRUCTURAL_TAGS and is_furniture_element(a) for a in chain):
                continue
            if cards and any(a in cards for a in chain):
                continue
            text = clean_inline(text_of(match))
            if text and text.casefold() not in BYLINE_LABELS and time_label(text) is None:
                return match  # (a heading that only shows the time is the entry's time, not its headline)
    return None


class EntryScan:
    """What one walk over an entry's nodes finds, for the steps of `read_entry` that each walked
    the entry again (reading a node through lxml builds Python objects: most of a walk's cost).

    `nodes` is `entry.iter()`'s nodes in document order, the entry first (comments and
    processing instructions too); `tags` their tags as lxml gives them, "" for a comment or
    processing instruction. `attribute_names` are those carried by the entry's descendants.
    `ids` are the ids of the entry and its first descendants, for matching: the first
    `_MAX_ID_SCAN` among its first `_MAX_ID_SCAN * 20 + 1` nodes, in document order.
    `byline_cue` is False only when no `AUTHOR_XPATHS` expression can match inside the entry: it
    looks for the cues in `parsers.extract.html.publishers`, instead of eight XPath evaluations
    for the many entries that carry no byline.
    (A plain class: making a dataclass runs code at import, which every start-up pays.)
    """

    __slots__ = ("attribute_names", "byline_cue", "ids", "nodes", "tags")

    def __init__(self, nodes: list[Element], tags: list[str], attribute_names: frozenset[str],
                 ids: tuple[str, ...], byline_cue: bool) -> None:
        self.nodes = nodes
        self.tags = tags
        self.attribute_names = attribute_names
        self.ids = ids
        self.byline_cue = byline_cue

    def descendants(self, tag: str) -> list[Element]:
        """Return the entry's descendants with this tag, in document order (as `iterdescendants(tag)`)."""
        return [node for node, name in zip(self.nodes[1:], self.tags[1:], strict=True) if name == tag]

    def first_of(self, tags: frozenset[str]) -> Element | None:
        """Return the first of the entry and its descendants with a tag in `tags` (as `iter(*tags)`), else None."""
        return next((node for node, name in zip(self.nodes, self.tags, strict=True) if name in tags), None)

    def matches(self, entry: Element, xpath: str) -> Iterable[object]:
        """Return what `select(entry, xpath)` returns, without evaluating the XPath when the scan tells.

        A path naming only a tag (`descendant::h2`) is answered from `tags`; a path that needs
        an attribute no descendant carries (`required_attribute`) selects nothing.
        """
        name = descendant_name(xpath)
        if name is not None:
            return self.descendants(name)
        needed = required_attribute(xpath)
        if needed is not None and needed not in self.attribute_names:
            return ()
        return select(entry, xpath)


def scan_entry(entry: Element) -> EntryScan:
    """Return the `EntryScan` of an entry element: one walk over its nodes."""
    nodes: list[Element] = []
    tags: list[str] = []
    names_below: set[str] = set()
    ids: list[str] = []
    cue_tags: set[str] = set()
    cue = False
    # The byline cues and the ids are read here rather than by functions of their own: a call per
    # element would cost as much as the walk.
    for index, element in enumerate(entry.iter()):
        nodes.append(element)
        tag = element.tag
        if not isinstance(tag, str):
            tags.append("")
            continue
        tags.append(tag)
        if tag in AUTHOR_TAG_CUES:
            cue_tags.add(tag)
        names = element.keys()  # one call: most elements of a post (p, b, span) have no attribute to read
        if not names:
            continue
        if index:
            names_below.update(names)
        if "id" in names and index <= _MAX_ID_SCAN * 20 and len(ids) < _MAX_ID_SCAN:
            ident = element.get("id")
            if ident:
                ids.append(ident)
        if not cue:
            for attribute, value in AUTHOR_ATTRIBUTE_CUES:
                if attribute in names and element.get(attribute) == value:
                    cue = True
                    break
            classes = element.get("class") if "class" in names else None
            if classes and _has_class_cue(classes):
                cue = True
    return EntryScan(nodes, tags, frozenset(names_below), tuple(ids), cue or cue_tags == AUTHOR_TAG_CUES)


@memoised_when_short(200, 4096)  # classes repeat
def _has_class_cue(classes: str) -> bool:
    """Return True if a class attribute contains one of `AUTHOR_CLASS_CUES`."""
    return any(cue in classes for cue in AUTHOR_CLASS_CUES)


def _ancestors_within(element: Element, top: Element) -> list[Element]:
    """Return `element`'s ancestors strictly below `top`, plus `element` itself."""
    chain = [element]
    for parent in ancestors(element):
        if parent is top:
            break
        chain.append(parent)
    return chain


def _visible_time(scan: EntryScan, label: TimeLabel | None) -> tuple[datetime | None, time | None, tzinfo | None]:
    """Return the instant and clock an entry displays, and the zone its clock text names, given
    its `scan_entry` and its `displayed_label`."""
    instant: datetime | None = None
    clock: time | None = None
    zone: tzinfo | None = None
    element = scan.first_of(VISIBLE_TIME_TAGS)
    if element is not None:
        instant = parse_datetime(element.get("datetime")) or parse_datetime(element.get("data-time"))
        found = parse_clock(text_of(element))
        if found:
            clock, zone = found
    if clock is None and label is not None and label.clock is not None:
        clock, zone = label.clock, label.zone
    return instant, clock, zone


_HEAD_TEXTS = 13  # text pieces at the start of an entry looked at for its time label and pin flag


def head_texts(entry: Element) -> list[str]:
    """Return the entry's first `_HEAD_TEXTS` text pieces (as `itertext` yields them), where its header
    shows its time and flags."""
    return list(itertools.islice(entry.itertext(), _HEAD_TEXTS))


def displayed_label(entry: Element, texts: list[str] | None = None) -> TimeLabel | None:
    """Return the time label among the entry's first few short texts, else None.

    The clock may sit beside the `<time>` element ("12.50 BST" in a span), alone in a small
    element ("18h40", "21:06 (IST)", "45'"), or lead the heading ("12.31 Uhr: Headline").
    `texts`: the entry's `head_texts`, when the caller has them.
    """
    for text in head_texts(entry) if texts is None else texts:
        stripped = " ".join(text.split())
        if not stripped or len(stripped) > 160:
            continue
        found = leading_time_label(stripped)
        if found is not None:
            return found[0]
    return None


def clean_author(text: str | None) -> str | None:
    """Return a byline as a bare name ("— Jane Doe" and "By Jane Doe" -> "Jane Doe"), or None."""
    if not text:
        return None
    name = _BYLINE_PREFIX.sub("", clean_inline(text)).strip()
    return name if 0 < len(name) <= 100 else None


_LEAD_IN_TAGS = frozenset({"strong", "b"})
_LEAD_IN_MAX_CHARS = 160  # a bold lead-in longer than this is emphasis, not a headline


def lead_in_headline(entry: Element, cards: tuple[Element, ...] = ()) -> Element | None:
    """Return the bold lead-in that serves as an entry's headline, or None.

    General pattern: tickers without heading elements bold the start of each post's first paragraph
    (`<p><strong>Oms: a Gaza fermi 14 ospedali</strong> Lo ha detto…</p>`). The lead-in is a headline
    when nothing comes before it in its paragraph and the text after it starts a new sentence (a
    capital letter). A bold name inside a sentence ("<b>Boris Johnson</b> said …"), a bold label
    ("<b>Wynik dwumeczu:</b> 98:70 …") and a bold time ("<b>18.45 h.</b> …") are not headlines.
    """
    for paragraph in entry.iter("p"):
        if cards and any(a in cards for a in _ancestors_within(paragraph, entry)):
            continue
        text = clean_inline(text_of(paragraph))
        if not text or shows_only_time(text):
            continue
        lead = paragraph[0] if len(paragraph) else None
        if lead is None or tag_name(lead) not in _LEAD_IN_TAGS or clean_inline(paragraph.text or ""):
            return None
        head = clean_inline(text_of(lead))
        rest = text[len(head):].strip() if text.startswith(head) else ""
        if not head or not rest or len(head) > _LEAD_IN_MAX_CHARS or shows_only_time(head.rstrip(" :")):
            return None
        return lead if rest[0].isupper() and not head.endswith(":") else None
    return None


def byline_name(element: Element) -> str | None:
    """Return the name a byline element gives, or None.

    General pattern: a contributor block names the person, then their role, in elements of their
    own (`<span>By Harry Farley</span><span>Political correspondent</span>`): the name is the first
    of them when it has two words or more. A byline with text of its own ("By <a>A</a> and <a>B</a>")
    or a name split into one-word parts is read whole, its parts spaced.
    """
    parts = [clean_inline(text_of(child)) for child in element if isinstance(child.tag, str)]
    parts = [part for part in parts if part]
    if len(parts) >= 2 and not clean_inline(element.text or ""):
        first = clean_author(parts[0])
        if first is not None and len(first.split()) >= 2:
            return first
    return clean_author(" ".join(element.itertext()))


def read_entry(entry: Element, container: Element | None, headline_xpaths: tuple[str, ...]) -> DomEntry:
    """Return what one entry element says about itself: ids, headline, byline and times."""
    scan = scan_entry(entry)  # read by most steps below, instead of each walking the entry
    cards = embedded_cards(entry, scan) + meta_elements(entry, scan)
    headline_element = _first(entry, headline_xpaths + HEADLINE_XPATHS, scan, cards=cards)
    if headline_element is None:
        headline_element = lead_in_headline(entry, cards)
    author_element = _first(entry, AUTHOR_XPATHS, scan, skip=headline_element, cards=cards) \
        if scan.byline_cue else None
    author = byline_name(author_element) if author_element is not None else None
    if author_element is not None:
        # Take the whole byline ("By <name>") out of the body, not just the name inside it.
        for parent in ancestors(author_element):
            if parent is entry or clean_author(text_of(parent)) != author:
                break
            author_element = parent
        author_element = _byline_block(author_element, entry, author or "")
    texts = head_texts(entry)  # read once for the label and the pin flag
    label = displayed_label(entry, texts)
    instant, clock, zone = _visible_time(scan, label)
    headline = headline_text(headline_element) if headline_element is not None else None
    marked = [entry, *itertools.islice((a for a in ancestors(entry) if container is None or a is not container), 3)]
    is_copy = any(_copy_marked(a.get("class") or "") or _copy_marked(a.get("id") or "") for a in marked) \
        or shows_pin_flag(entry, texts)
    return DomEntry(
        element=entry,
        ids=scan.ids,
        headline_element=headline_element,
        headline=headline_without_label(headline),
        author_element=author_element,
        author=author,
        visible_instant=instant,
        visible_clock=clock,
        clock_zone=zone,
        hidden_instant=hidden_instant(entry),
        is_copy=is_copy,
        label=label,
        cards=cards,
    )


@memoised_when_short(200, 4096)  # class values repeat on every entry and its wrappers
def _copy_marked(value: str) -> bool:
    """Return True if a class or id attribute value holds a `COPY_MARKER` word.

    The class and the id are searched apart: no marker word holds a space, so none can span
    the two.
    """
    return COPY_MARKER.search(value) is not None


def headline_without_label(headline: str | None) -> str | None:
    """Return a headline without the displayed time that leads it ("12.31 Uhr: Deich hält" -> "Deich hält").

    General pattern: flat tickers put the entry's time at the start of its heading; the time
    is shown as the update's time, not repeated in its headline. A heading that is only a
    time is no headline.
    """
    if not headline:
        return headline
    found = leading_time_label(headline)
    if found is None:
        return headline
    return found[1] or None


def find_entries(
    root: Element, records: list[StructuredUpdate], headline_xpaths: tuple[str, ...] = ()
) -> list[DomEntry]:
    """Return the page's DOM entries in document order, each matched to its structured record if any.

    Accepts the document root and the JSON-LD updates. Each strategy proposes a set of
    entries; the one that covers the page's stream wins (`choose_entries`). Furniture (ads)
    and empty entries are left out.
    """
    items = microdata.update_elements(root)
    structured: list[tuple[Element, StructuredUpdate | None]] = []
    if len(items) >= 2:
        structured = [(item, microdata.read_item(item)) for item in items]
    if not structured:
        # The record is matched again (by id or headline) with all the others by the caller.
        structured = [(element, None) for element, _ in entries_by_anchors(root, records)]
    pairs = choose_entries(structured, entries_by_timestamps(root))
    entries: list[DomEntry] = []
    for element, record in pairs:
        if is_furniture_element(element) or not text_of(element).strip():
            continue
        entry = read_entry(element, element.getparent(), headline_xpaths)
        entry.record = record
        entries.append(entry)
    return entries


def choose_entries(structured: list[tuple[Element, StructuredUpdate | None]],
                   stamped: list[list[Element]]) -> list[tuple[Element, StructuredUpdate | None]]:
    """Return the entries of the strategy that covers the stream: structured markup, or timestamps.

    Entries marked by structured data (microdata items, ids of JSON-LD updates) are trusted
    first; but a page's structured data may list fewer posts than it shows (three of seven),
    so the timestamped siblings win when they are more entries and cover more text, or as
    many entries with much more text (ids on the headings of a heading run). A timestamped
    entry that is a microdata item keeps its record.
    """
    if not stamped:
        return structured
    if structured:
        covered = sum(_text_length(element) for element, _ in structured)
        stamped_cover = sum(_text_length(e) for group in stamped for e in group)
        more_posts = len(stamped) > len(structured) and stamped_cover > covered
        # As many posts with much more text: the ids marked only each post's heading, not its body.
        fuller_posts = len(stamped) >= len(structured) and stamped_cover >= covered * _FULLER
        if not (more_posts or fuller_posts):
            return structured
    records = {element: record for element, record in structured}
    return [(element, records.get(element)) for element in (wrap_run(group) for group in stamped)]


def headline_text(element: Element) -> str | None:
    """Return a headline element's text without a leading flag ("Breaking", "Pinned", "Key event").

    General pattern: a flag is shown as its own small element before the headline text
    (`<span class="tag">Breaking</span><span>Total lockdown…</span>`, glued together when the
    text is joined), or as a word and a colon ("Eilmeldung: …"). The flag words per language
    are data (`FLAG_WORDS`). A headline that is only a flag is no headline. A time shown inside
    the heading (`<h2><time>12:31</time> Headline</h2>`) is the entry's time, not its headline.
    """
    raw = _text_without_times(element)
    first = next((i for i, t in enumerate(raw) if t.strip()), None)
    flag = " ".join(raw[first].split()).casefold().rstrip(":") if first is not None else ""
    if first is not None and flag in FLAG_WORDS and "".join(raw[first + 1:]).strip():
        raw = raw[first + 1:]
    return without_flag(clean_inline("".join(raw)))


def without_flag(text: str | None) -> str | None:
    """Return a headline without a leading "Flag: " ("Breaking: Vote delayed" -> "Vote delayed"), or
    None if it is only a flag. The same rule for headlines from the markup and from structured data."""
    if not text:
        return None
    flagged = FLAG_PREFIX.match(text)
    if flagged and flagged.group("flag").casefold() in FLAG_WORDS:
        text = text[flagged.end():].strip()
    if text.casefold() in FLAG_WORDS:
        return None
    return text or None


# Elements that show media (an embedded card has a picture or a player).
_MEDIA_TAGS = frozenset({"figure", "img", "picture", "video", "iframe", "amp-img", "amp-video", "amp-iframe"})
_CARD_TAGS = frozenset({"article", "section", "aside"})
_CARD_EXTRA_CHARS = 400


def embedded_cards(entry: Element, scan: EntryScan) -> tuple[Element, ...]:
    """Return the blocks inside an entry that embed another article or a video (copies, not the post).

    General pattern: a post may embed a related article or a video as a card with its own
    heading, picture or player and often a date or byline (la Repubblica's
    `section.inline-article`, the Independent's linked-heading teaser). A card is a block
    below the entry holding one heading, a `<time>` or media element, little other text and
    less than half of the entry's text; it is a nested `article`/`section`/`aside`, or its
    heading is all link text. The outermost such block is the card. `scan` is the entry's
    `scan_entry`.
    """
    headings = [h for h, tag in zip(scan.nodes[1:], scan.tags[1:], strict=True)
                if tag in HEADING_TAGS and text_of(h).strip()]
    if not headings:
        return ()
    entry_chars = 0
    cards: list[Element] = []
    for heading in headings:
        if any(c is heading or c in ancestors(heading) for c in cards):
            continue
        blocks = _ancestors_within(heading, entry)[1:]
        linked = _all_link_text(heading)
        if not linked and not any(tag_name(block) in _CARD_TAGS for block in blocks):
            continue  # no block around this heading can be a card: nothing to measure
        heading_chars = _text_length(heading)
        found: Element | None = None
        for block in blocks:
            chars = _text_length(block, heading_chars + _CARD_EXTRA_CHARS + 1)
            if chars > heading_chars + _CARD_EXTRA_CHARS:
                break
            if sum(1 for h in block.iter(*HEADING_TAGS) if text_of(h).strip()) > 1:
                break
            if (tag_name(block) in _CARD_TAGS or linked) and _has_media_or_time(block):
                found = block
        if found is None:
            continue
        entry_chars = entry_chars or _text_length(entry)
        if _text_length(found) * 2 < entry_chars:
            cards.append(found)
    return tuple(cards)


def _all_link_text(heading: Element) -> bool:
    """Return True if all of a heading's text sits inside links."""
    linked = sum(len(text_of(a).strip()) for a in heading.iter("a") if a.get("href"))
    return linked > 0 and linked >= len(text_of(heading).strip())


def _has_media_or_time(block: Element) -> bool:
    """Return True if a block holds a picture, a player or a time element."""
    for element in block.iter():
        tag = tag_name(element)
        if tag in _MEDIA_TAGS or tag in VISIBLE_TIME_TAGS or "video" in tag or "player" in tag:
            return True
    return False


_BYLINE_BLOCK_EXTRA = 120


def _byline_block(element: Element, entry: Element, author: str) -> Element:
    """Return the contributor block around a byline: the outermost ancestor below the entry whose
    class names an author cue and that holds little more than the name (a role, "Reporter").

    General pattern: a contributor block shows the name and the person's role or desk; the
    whole block is the byline, and none of it is the post's text.
    """
    found = element
    for parent in ancestors(element):
        if parent is entry:
            break
        classes = parent.get("class") or ""
        if not any(cue in classes for cue in AUTHOR_CLASS_CUES) or \
                _text_length(parent, len(author) + _BYLINE_BLOCK_EXTRA + 1) > len(author) + _BYLINE_BLOCK_EXTRA:
            break
        found = parent
    return found


def shows_pin_flag(entry: Element, texts: list[str] | None = None) -> bool:
    """Return True if one of the entry's first short texts is a pin flag ("Pinned", "Angepinnt", "Épinglé").

    General pattern: a pinned post is a copy of a post in the stream, shown first; when its
    class does not say so, its flag does (the words per language are data, `PIN_WORDS`).
    `texts`: the entry's `head_texts`, when the caller has them.
    """
    for text in head_texts(entry) if texts is None else texts:
        if len(text) <= 30 and " ".join(text.split()).casefold().rstrip(":") in PIN_WORDS:
            return True
    return False


_META_SCAN = 40  # elements looked at from the start of an entry for its time and flags


def meta_elements(entry: Element, scan: EntryScan) -> tuple[Element, ...]:
    """Return the small elements near the start of an entry that only show its time or a flag.

    General pattern: an entry's header shows the time ("18h02", "2h ago") and flags
    ("Pinned", "Urgent") in their own small elements, often inline, which would otherwise
    glue onto each other as a line of text ("18h02Épinglé"). `scan` is the entry's `scan_entry`.
    """
    found: list[Element] = []
    # The entry itself (first) is left out, and so are comments and processing instructions (tag "").
    for element, tag in zip(scan.nodes[1:_META_SCAN + 1], scan.tags[1:_META_SCAN + 1], strict=True):
        if not tag or len(element):
            continue
        text = element.text
        if not text or len(text) > 48:
            continue
        stripped = " ".join(text.split())
        word = stripped.casefold().rstrip(":")
        if shows_only_time(stripped):
            found.append(element)  # a clock or a match minute: the update's time or label, not its text
        elif (word in FLAG_WORDS or word in PIN_WORDS) and not any(tag_name(a) == "p" for a in
                                                                    _ancestors_within(element, entry)):
            found.append(element)  # a flag in the entry's header; inside a sentence it is the sentence's lead-in
    return tuple(found)


def _text_without_times(element: Element) -> list[str]:
    """Return the text pieces of an element (as `itertext`), leaving out `<time>` elements and small
    elements whose whole text is a time label; their tails, which are the parent's text, stay."""
    if not len(element):
        return text_pieces(element)  # no element inside (most headings): nothing to leave out
    timed = [e for e in element.iter() if e is not element and isinstance(e.tag, str) and (
        tag_name(e) in VISIBLE_TIME_TAGS or (len(e) == 0 and e.text and len(e.text) <= _LABEL_CHARS
                                              and shows_only_time(e.text.strip())))]
    if not timed:
        return text_pieces(element)
    copy = copy_element(element)
    for original, duplicate in zip(element.iter(), copy.iter(), strict=True):
        if original in timed:
            duplicate.text = None
            for child in list(duplicate):
                duplicate.remove(child)  # (a time element's children are its text too)
    return list(copy.itertext())
