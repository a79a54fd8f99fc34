"""Work done for many JSON-LD bodies at once gives what doing it for each body alone gives."""

from __future__ import annotations

import lxml.etree
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.extract.html.dom import parse_fragment, parse_fragments
from parsers.extract.html.page import body_from_structured, structured_bodies


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


def test_structured_bodies_match_one_at_a_time() -> None:
    markups: list[str | None] = [None, "", "Plain &quot;quoted&quot; text\nsecond line",
                                 "&lt;p&gt;Escaped markup&lt;/p&gt;", "<p>Real <a href='/x'>markup</a></p>",
                                 "<p>Unclosed", "just text"]
    base = "https://example.com/live"
    assert structured_bodies(markups, base) == [body_from_structured(m, base) for m in markups]

