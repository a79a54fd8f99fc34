"""The JSON-LD walk that skips the inside of live-blog updates finds exactly what the full walk finds."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.extract.html.jsonld import TypedCounter, load_json, typed_objects

TYPES = ["LiveBlogPosting", "BlogPosting", "NewsArticle", "Person", "ImageObject", "SportsEvent", None]


def walks(data: Any) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Return (full walk, counted walk) as (object id, kind) lists, the JSON decoded the way read_jsonld does."""
    text = json.dumps(data)
    counter = TypedCounter()
    decoded = load_json(text, counter)
    full = [(id(obj), kind) for obj, kind in typed_objects(decoded)]
    counted = [(id(obj), kind) for obj, kind in typed_objects(decoded, counter.count)]
    return full, counted


def update(n: int, inside: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return a Mirror-shaped update, with `inside` nested in its author when given."""
    author: dict[str, Any] = {"@type": "Person", "name": f"Author {n}"}
    if inside is not None:
        author["worksFor"] = inside
    return {"@type": "BlogPosting", "headline": f"Update {n}", "articleBody": "<p>Body</p>",
            "author": [author], "image": {"@type": "ImageObject", "url": "https://example.com/i.jpg"}}


def test_mirror_shaped_blog_is_walked_the_same() -> None:
    blog = {"@type": "LiveBlogPosting", "headline": "Live", "liveBlogUpdate": [update(n) for n in range(50)]}
    full, counted = walks(blog)
    assert len(full) == 51
    assert counted == full


def test_an_article_nested_inside_an_update_is_still_found_in_order() -> None:
    nested = {"@type": "NewsArticle", "headline": "Nested page article"}
    blog = {"@type": "LiveBlogPosting", "liveBlogUpdate": [update(0), update(1, nested), update(2)],
            "about": {"@type": "SportsEvent", "startDate": "2024-05-01T10:00:00Z"}}
    full, counted = walks(blog)
    assert len(full) == 6  # the blog, three updates, the nested article and the event
    assert counted == full


def test_a_live_blog_inside_an_update_of_another_is_still_found() -> None:
    inner = {"@type": "LiveBlogPosting", "liveBlogUpdate": {"@list": [update(10), update(11)]}}
    outer = {"@graph": [{"@type": "LiveBlogPosting", "liveBlogUpdate": [update(0, inner)]}]}
    full, counted = walks(outer)
    assert len(full) == 5
    assert counted == full


json_leaf = st.one_of(st.none(), st.integers(), st.text(max_size=5))


@st.composite
def json_ld(draw: st.DrawFn, depth: int = 0) -> Any:
    """Draw JSON shaped like JSON-LD: typed objects, update lists, arrays and leaves."""
    if depth > 4:
        return draw(json_leaf)
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return draw(json_leaf)
    if choice == 1:
        return [draw(json_ld(depth + 1)) for _ in range(draw(st.integers(0, 3)))]
    obj: dict[str, Any] = {}
    kind = draw(st.sampled_from(TYPES))
    if kind is not None:
        obj["@type"] = kind if draw(st.booleans()) else [kind, "Thing"]
    for key in draw(st.lists(st.sampled_from(["liveBlogUpdate", "author", "about", "@graph", "x"]), max_size=3)):
        obj[key] = draw(json_ld(depth + 1))
    return obj


@settings(max_examples=300, deadline=None)
@given(json_ld())
def test_counted_walk_equals_full_walk(data: Any) -> None:
    full, counted = walks(data)
    assert counted == full
