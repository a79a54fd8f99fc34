"""Work done for many JSON-LD bodies at once gives what doing it for each body alone gives."""

from __future__ import annotations

import html

import lxml.etree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.clean import clean_inline
from parsers.html import body_from_structured, structured_bodies, unescape_all
from parsers.html_body import clean_lines
from parsers.html_dom import parse_fragment, parse_fragments


def serialised(element: lxml.etree._Element | None) -> bytes | None:
    """Return an element's markup (None stays None), for comparing trees."""
    return lxml.etree.tostring(element) if element is not None else None


FRAGMENTS = [
    "<p>One <b>bold</b> line</p>",
    "Plain <a href='https://example.com/a'>link</a> text<br>and more",
    "<p>Unclosed paragraph<p>and another",
    "   ",
    "",
    "<div>closed too early</div></div><p>spill</p>",
    "<table><tr><td>cell left open",
    "<script>var x = '<div>';</script><p>after script</p>",
    "<!-- comment <div> -->kept text",
    "<ul><li>one<li>two</ul>",
    "<b>open bold over the next fragment",
    '<div data-liveblog-fragment="0">forged</div>',
    "<meta charset='latin-1'><p>caf\u00e9</p>",
    "tail text with a NUL \x00 inside <i>it</i>",
    "<p>cut off at the end <body",
    "<blockquote><p>Quote</p>\u2014 Someone (@someone) May 1, 2024</blockquote>",
]


def test_each_fragment_parses_as_it_does_alone() -> None:
    alone = [serialised(parse_fragment(markup)) for markup in FRAGMENTS]
    assert [serialised(e) for e in parse_fragments(FRAGMENTS)] == alone


def test_well_formed_fragments_are_parsed_in_one_batch() -> None:
    markups = ["<p>First <b>one</b></p>", "Second<br>line", "<ul><li>third</li></ul>"]
    elements = parse_fragments(markups)
    assert all(e is not None for e in elements)
    roots = {e.getroottree().getroot() for e in elements if e is not None}
    assert len(roots) == 1  # one document: the batch was used
    assert [serialised(e) for e in elements] == [serialised(parse_fragment(m)) for m in markups]


@pytest.mark.parametrize("spoiler", [FRAGMENTS[5], FRAGMENTS[6], FRAGMENTS[10]])
def test_a_fragment_that_spills_makes_every_fragment_parse_alone(spoiler: str) -> None:
    markups = ["<p>before</p>", spoiler, "<p>after</p>"]
    elements = parse_fragments(markups)
    assert [serialised(e) for e in elements] == [serialised(parse_fragment(m)) for m in markups]


def joined(pieces: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[str]:
    """Strings made of up to `max_size` of the given pieces."""
    return st.lists(pieces, max_size=max_size).map("".join)


markup_text = joined(st.sampled_from([*"ab <>/&;#x1p\u2019\n", "<p>", "</p>", "<b>", "</div>", "<td>", "&amp;",
                                      "&quot;"]), 30)


@settings(max_examples=300, deadline=None)
@given(st.lists(markup_text, max_size=6))
def test_batch_parse_matches_single_parses(markups: list[str]) -> None:
    expected = [serialised(parse_fragment(m)) for m in markups]
    assert [serialised(e) for e in parse_fragments(markups)] == expected


REFERENCES = ["&quot;", "&amp;", "&#39;", "&#x201C;", "&#x201c;", "&apos;", "&lt;", "&gt;", "&nbsp;", "&#12;",
              "&amp;quot;", "&#38;", "&AMP;", "&eacute;", "&notin;", "&not", "&amp", "&#x26;", "&;", "&", "&#0;",
              "&#xD800;", "&#1114112;", "&bogus;", "&#x201Cabc;"]


@settings(max_examples=500, deadline=None)
@given(st.lists(joined(st.sampled_from(["a", " ", ";", "\f", "#", "x", *REFERENCES]), 12), max_size=6))
def test_unescape_all_is_html_unescape(texts: list[str]) -> None:
    assert unescape_all(texts) == [html.unescape(t) for t in texts]


def test_unescape_all_on_live_blog_bodies() -> None:
    texts = ["Police said &quot;stay away&quot; &#x2013; it&apos;s", "Fish &amp; chips &#x201C;now&#x201D;",
             "&amp;quot; stays escaped once", "no references"]
    assert unescape_all(texts) == [html.unescape(t) for t in texts]


def test_structured_bodies_match_one_at_a_time() -> None:
    markups: list[str | None] = [None, "", "Plain &quot;quoted&quot; text\nsecond line",
                                 "&lt;p&gt;Escaped markup&lt;/p&gt;", "<p>Real <a href='/x'>markup</a></p>",
                                 "<p>Unclosed", "just text"]
    base = "https://example.com/live"
    assert structured_bodies(markups, base) == [body_from_structured(m, base) for m in markups]


LINE_PIECES = ["a", "e", "Z", " ", "  ", "\t", "\r", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u0301", "\u0327",
               "\x00", "\x07", "\x1c", "\x85", "\u2028", "\u202e", "\ufeff", "\x1b[31m", "\x1b]0;t\x07", "\x9b1m",
               "\ue000", "\ud800", "\u00e9", "\u2019", "\uac00", "\u1100\u1161", "\x98x"]


@settings(max_examples=500, deadline=None)
@given(st.lists(joined(st.sampled_from(LINE_PIECES), 10), max_size=8))
def test_clean_lines_is_clean_inline(lines: list[str]) -> None:
    assert clean_lines(lines) == [clean_inline(line) for line in lines]


def test_clean_lines_on_body_text() -> None:
    lines = ["  Police said \u201cstay away\u201d  \u2013 it\u2019s\r\nnot safe", "Cafe\u0301 owners\u00a0agreed.",
             "", "\t"]
    assert clean_lines(lines) == [clean_inline(line) for line in lines]
