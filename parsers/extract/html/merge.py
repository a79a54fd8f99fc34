"""One merge of what the markup shows and what the structured data lists.

Rules that hold across publishers, each named by the general pattern it belongs to:
- a structured update and a DOM entry are the same post when their ids match, when the
  record's headline is the entry's, or when the record's headline or first words appear in
  the entry's text (`match_by_text`: la Repubblica's JSON-LD has no ids and its headlines
  are the posts' first paragraphs);
- a structured headline that starts with the displayed time is a synthetic copy ("19:02(IST)
  TOSS: Sunrisers…", time + first words, cut mid-word), never a headline, and a synthetic
  record that matches no post is not a post (`is_synthetic`);
- the richer body is kept: the structured body replaces the DOM's only when it is much longer
  (`richer_body`);
- a "headline" repeated on many posts is a label, not a headline (`drop_labels`).
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from collections.abc import Callable, Sequence

import lxml.etree

from parsers.extract.html.dom import text_of
from parsers.extract.html.jsonld import StructuredUpdate
from parsers.normalise.datetimes import leading_time_label

_TAG = re.compile(r"<[^>]*>")
# A text key shorter than this says too little to match a post by.
_MIN_KEY = 16
# How much of a record's headline or body start is compared.
_KEY_CHARS = 60
# A headline shared by at least this many posts, and this share of them, is a label.
_LABEL_MIN_POSTS = 3
_LABEL_SHARE = 0.4
# The structured body wins when it is this much longer than the DOM's (it holds text the DOM cut).
_RICHER_FACTOR = 1.5
_RICHER_MARGIN = 80


def _plain(text: str | None) -> str:
    """Return `text` with tags removed, entities decoded, whitespace collapsed and case folded."""
    if not text:
        return ""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = html_lib.unescape(text)
    return " ".join(text.split()).casefold()


def _cut_key(text: str) -> str:
    """Return the first `_KEY_CHARS` of `text` ending on a whole word (a cut-off last word may differ)."""
    if len(text) <= _KEY_CHARS:
        return text
    head = text[:_KEY_CHARS]
    space = head.rfind(" ")
    return head[:space] if space >= _MIN_KEY else head


def is_synthetic(record: StructuredUpdate) -> bool:
    """Return True if the record's headline is generated: the displayed time, then the post's first words.

    General pattern: some CMSs fill `headline` with "HH:MM(ZONE) " and the start of the post;
    no editor writes a headline that starts with its own timestamp.
    """
    found = leading_time_label(record.headline) if record.headline else None
    return found is not None and bool(found[1])


def record_keys(record: StructuredUpdate) -> list[str]:
    """Return the text keys a record can be recognised by in a post: its headline and its first words."""
    keys: list[str] = []
    headline = record.headline
    if headline:
        found = leading_time_label(headline)
        if found is not None:
            headline = found[1]
        key = _cut_key(_plain(headline))
        if len(key) >= _MIN_KEY:
            keys.append(key)
    body = _cut_key(_plain(record.body_html))
    if len(body) >= _MIN_KEY:
        keys.append(body)
    return keys


def match_by_text(entry_texts: Sequence[Callable[[], str]], records: Sequence[StructuredUpdate],
                  matches: list[int | None]) -> list[int | None]:
    """Return `matches` with unmatched entries matched to unused records whose text keys they contain.

    `entry_texts[i]()` gives entry i's whole text (asked only when needed). Each record is
    used once; an entry takes the first record, in record order, whose headline or first
    words it contains. Records are found through the first `_SHINGLE` words of their keys,
    so each entry costs a look-up per word of its text, however many records there are.
    """
    used = {m for m in matches if m is not None}
    open_records = [i for i in range(len(records)) if i not in used]
    if not open_records or all(m is not None for m in matches):
        return matches
    keys = {i: record_keys(records[i]) for i in open_records}
    by_start: dict[str, list[int]] = {}
    lengths: set[int] = set()  # a key of fewer words than `_SHINGLE` is looked up by all of them
    for record_index in open_records:
        for key in keys[record_index]:
            start = key.split()[:_SHINGLE]
            lengths.add(len(start))
            by_start.setdefault(" ".join(start), []).append(record_index)
    result = list(matches)
    for index, found in enumerate(result):
        if found is not None:
            continue
        text = _plain(entry_texts[index]())
        if not text:
            continue
        words = text.split()[:_MAX_WORDS]
        candidates = sorted({r for size in lengths for at in range(len(words))
                             for r in by_start.get(" ".join(words[at:at + size]), ()) if r not in used})
        for record_index in candidates:
            if any(key in text for key in keys[record_index]):
                result[index] = record_index
                used.add(record_index)
                break
    return result


_SHINGLE = 4  # words of a key used to find its record
_MAX_WORDS = 2000  # words of an entry's text looked at


def element_text(element: lxml.etree._Element) -> Callable[[], str]:
    """Return a function giving the element's text (so it is read only if a match needs it)."""
    return lambda: " ".join(text_of(element).split())


def richer_body(dom_chars: int, structured_chars: int) -> bool:
    """Return True if a structured body should replace the DOM body of the same post.

    General pattern: a page may show a post cut short ("Read more") while the structured
    data holds all of it; the DOM's own body (with its links, quotes and captions) is kept
    unless the structured one is much longer.
    """
    return structured_chars > dom_chars * _RICHER_FACTOR + _RICHER_MARGIN


def label_headlines(headlines: Sequence[str | None], total: int | None = None) -> set[str]:
    """Return the headlines (folded) that are labels: the same text on many of the page's posts.

    General pattern: a section or competition name repeated on every post ("Women's World
    Cup") is a label; a real headline is written for one post. (A post repeated once later,
    or a pinned copy, shares its headline with one other post only.)
    """
    counts = Counter(" ".join(h.split()).casefold() for h in headlines if h)
    total = len(headlines) if total is None else total  # `total`: the number of posts, when given lines
    return {h for h, n in counts.items() if n >= _LABEL_MIN_POSTS and n >= total * _LABEL_SHARE}


def plain_length(markup: str | None) -> int:
    """Return the length of a structured body's text (tags removed, entities decoded)."""
    return len(_plain(markup))
