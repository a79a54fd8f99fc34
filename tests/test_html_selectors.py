"""XPaths are compiled in a faster form (`attribute_steps`) that selects exactly the same elements."""

from __future__ import annotations

from pathlib import Path

import lxml.etree
import pytest
from conftest import html_pages

from parsers.extract.html.dom import attribute_steps, compiled_xpath, decode_html, parse_document
from parsers.extract.html.publishers import AUTHOR_XPATHS, HEADLINE_XPATHS, INTRO_XPATHS, MAIN_TEXT_XPATHS, PUBLISHERS

PAGE_XPATHS = (*INTRO_XPATHS, *MAIN_TEXT_XPATHS, "//h1", "//title", "descendant-or-self::*[@itemscope]")
ENTRY_XPATHS = (*AUTHOR_XPATHS, *HEADLINE_XPATHS, *(x for hints in PUBLISHERS for x in hints.headline_xpaths),
                "descendant-or-self::*[@id]")


def test_rewritten_forms() -> None:
    assert attribute_steps("descendant::*[@itemprop='author']/descendant::*[@itemprop='name']") == \
        "descendant::*/@itemprop[.='author']/../descendant::*/@itemprop[.='name']/.."
    assert attribute_steps("/descendant::*[@class][contains(@class, 'standfirst')]") == \
        "/descendant::*/@class[contains(., 'standfirst')]/.."
    assert attribute_steps("descendant-or-self::*[@id]") == "descendant-or-self::*/@id/.."
    assert attribute_steps("/descendant::*[@class][contains(@class, 'a') or contains(@class, 'b')]") == \
        "/descendant::*/@class[contains(., 'a') or contains(., 'b')]/.."
    assert attribute_steps("/descendant::*[@data-a='x' or @data-b='x']") == \
        "(/descendant::*/@data-a[.='x'] | /descendant::*/@data-b[.='x'])/.."


@pytest.mark.parametrize("xpath", [
    "descendant::*[@class][contains(@class, 'x')][1]",  # a predicate after the step: position matters
    "/descendant::*[@a='x' or @b='x']/p",  # an either-value step is rewritten only as a whole path
    "descendant::*[@class][string-length(@class) > 3]",  # a number: not a plain test of the value
    "descendant::*[@class][contains(@id, 'x')]",  # another attribute
    "descendant::*[@a][@b='c']",
    "count(descendant::*[@a='b'])",
])
def test_other_shapes_are_left_alone(xpath: str) -> None:
    assert attribute_steps(xpath) == xpath


@pytest.mark.parametrize("page", html_pages(), ids=lambda p: p.name)
def test_same_elements_as_the_xpath_as_written(page: Path) -> None:
    text, _ = decode_html(page.read_bytes(), str(page))
    root, _ = parse_document(text, str(page))
    for xpath in PAGE_XPATHS:
        assert compiled_xpath(xpath)(root) == lxml.etree.XPath(xpath)(root), xpath
    # Every element with children as the context (entries, their headers, the page): at most 400 a page.
    contexts = [e for e in root.iter() if isinstance(e.tag, str) and len(e)][:400]
    for xpath in ENTRY_XPATHS:
        written, fast = lxml.etree.XPath(xpath), compiled_xpath(xpath)
        for element in contexts:
            assert fast(element) == written(element), xpath
