"""The shortcuts that answer tree questions without lxml's own walk or an XPath evaluation give what
the walk or the XPath gives, on every fixture and corpus page: `scan_entry`, `text_pieces`,
`required_attribute`, `may_select_by_class` and `_crowded_children`."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest
from conftest import html_pages

from parsers.extract.html.dom import (
    decode_html,
    may_select_by_class,
    page_class_values,
    parse_document,
    required_attribute,
    select,
    text_pieces,
)
from parsers.extract.html.entries import _MANY_NODES, _crowded_children, scan_entry
from parsers.extract.html.publishers import (
    AUTHOR_XPATHS,
    HEADLINE_XPATHS,
    INTRO_XPATHS,
    MAIN_TEXT_XPATHS,
    VISIBLE_TIME_TAGS,
)

# Elements with more nodes than this are left out of the per-element checks (the page's wrappers):
# scanning every subtree of a page would cost its size times its depth.
_MAX_NODES = 400


def page_root(page: Path) -> lxml.etree._Element:
    """Return the parsed tree of an HTML page."""
    text, _ = decode_html(page.read_bytes(), str(page))
    root, _ = parse_document(text, str(page))
    return root


def small_elements(root: lxml.etree._Element) -> list[lxml.etree._Element]:
    """Return the page's elements holding at most `_MAX_NODES` nodes."""
    return [e for e in root.iter(lxml.etree.Element) if sum(1 for _ in e.iter()) <= _MAX_NODES]


@pytest.mark.parametrize("page", html_pages(), ids=lambda p: p.name)
def test_scan_answers_as_the_walks_and_xpaths_do(page: Path) -> None:
    for element in small_elements(page_root(page)):
        scan = scan_entry(element)
        assert scan.nodes == list(element.iter())
        assert scan.first_of(VISIBLE_TIME_TAGS) is next(element.iter(*VISIBLE_TIME_TAGS), None)
        for tag in ("h2", "h3", "p"):
            assert scan.descendants(tag) == list(element.iterdescendants(tag))
        for xpath in HEADLINE_XPATHS + AUTHOR_XPATHS:
            assert list(scan.matches(element, xpath)) == select(element, xpath), xpath


@pytest.mark.parametrize("page", html_pages(), ids=lambda p: p.name)
def test_text_pieces_are_itertext(page: Path) -> None:
    for element in page_root(page).iter():
        assert text_pieces(element) == list(element.itertext())


def test_required_attribute_only_for_one_path_led_by_an_attribute_step() -> None:
    assert required_attribute("descendant::*[@itemprop='author']/descendant::*[@itemprop='name']") == "itemprop"
    assert required_attribute("descendant::*[@rel]") == "rel"
    assert required_attribute("descendant::*[@a='x' or @b='x']") is None
    assert required_attribute("descendant::*[@a='x'] | descendant::h2") is None
    assert required_attribute("descendant::h2") is None


@pytest.mark.parametrize("page", html_pages(), ids=lambda p: p.name)
def test_a_class_path_skipped_selects_nothing(page: Path) -> None:
    root = page_root(page)
    classes = page_class_values(root)
    for xpath in INTRO_XPATHS + MAIN_TEXT_XPATHS:
        assert may_select_by_class(xpath, classes) or not select(root, xpath), xpath


@pytest.mark.parametrize("page", html_pages(), ids=lambda p: p.name)
def test_crowded_children_are_those_with_many_nodes(page: Path) -> None:
    for parent in page_root(page).iter(lxml.etree.Element):
        if len(parent) >= 2:
            assert _crowded_children(parent) == {c for c in parent if isinstance(c.tag, str) and _MANY_NODES(c)}
