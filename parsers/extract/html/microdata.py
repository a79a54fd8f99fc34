"""schema.org microdata: `itemprop="liveBlogUpdate"` items and their properties.

A microdata update is both structured data (headline, datePublished, author) and a DOM
entry (the element itself), so it returns the element with its `StructuredUpdate`.
"""

from __future__ import annotations

import re

import lxml.etree

from parsers.extract.html.dom import ancestors, select, text_of
from parsers.extract.html.jsonld import StructuredUpdate
from parsers.normalise.clean import clean_inline
from parsers.normalise.datetimes import parse_time_value

_UPDATE_TYPE = re.compile(
    r"schema\.org/(?:BlogPosting|LiveBlogUpdate|NewsArticle|Article|SocialMediaPosting)\b", re.IGNORECASE
)
_LIVE_BLOG_TYPE = re.compile(r"schema\.org/LiveBlogPosting\b", re.IGNORECASE)


def _own_props(item: lxml.etree._Element, name: str) -> list[lxml.etree._Element]:
    """Return descendants of `item` with itemprop `name` that belong to `item`, not a nested item."""
    found: list[lxml.etree._Element] = []
    for element in item.iter():
        if not isinstance(element.tag, str) or element is item:
            continue
        if name not in (element.get("itemprop") or "").split():
            continue
        owner = next((a for a in ancestors(element) if a.get("itemscope") is not None), None)
        if owner is item:
            found.append(element)
    return found


def prop_value(element: lxml.etree._Element) -> str:
    """Return a microdata property's value: `content`, `datetime`, a URL attribute, or its text."""
    for attribute in ("content", "datetime", "href", "src"):
        value = element.get(attribute)
        if value is not None:
            return str(value)
    return text_of(element)


def update_elements(root: lxml.etree._Element) -> list[lxml.etree._Element]:
    """Return the elements that are microdata live-blog updates, in document order.

    An update is an item with `itemprop="liveBlogUpdate"`, or a BlogPosting-like item
    nested inside a `LiveBlogPosting` item.
    """
    found: list[lxml.etree._Element] = []
    # The items picked by XPath in C (document order): a Python loop over every element cost more.
    for element in select(root, "descendant-or-self::*[@itemscope]"):
        if not isinstance(element, lxml.etree._Element):
            continue
        props = (element.get("itemprop") or "").split()
        if "liveBlogUpdate" in props or (_UPDATE_TYPE.search(element.get("itemtype") or "") and any(
            _LIVE_BLOG_TYPE.search(a.get("itemtype") or "") for a in ancestors(element)
        )):
            found.append(element)
    return found


def read_item(item: lxml.etree._Element) -> StructuredUpdate:
    """Return the structured facts of one microdata update item."""

    def first(name: str) -> str | None:
        props = _own_props(item, name)
        return prop_value(props[0]) if props else None

    author_props = _own_props(item, "author")
    author = None
    if author_props:
        names = _own_props(author_props[0], "name") if author_props[0].get("itemscope") is not None else []
        author = clean_inline(prop_value(names[0]) if names else prop_value(author_props[0])) or None
    headline = first("headline")
    ident = item.get("id") or item.get("itemid") or ""
    return StructuredUpdate(
        keys=(ident.rsplit("#", 1)[-1],) if ident else (),
        headline=clean_inline(headline) if headline else None,
        published=parse_time_value(first("datePublished") or first("dateCreated")),
        body_html=None,
        author=author,
    )
