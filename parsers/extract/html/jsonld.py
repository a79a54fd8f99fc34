"""schema.org JSON-LD: the page's `LiveBlogPosting` and its `liveBlogUpdate` items.

Handles a top-level object, a list, an `@graph`, and objects nested anywhere. Invalid,
huge or absurdly deep JSON is skipped (never raised); the walk over parsed JSON is
iterative and bounded, so no JSON-LD can exhaust the stack or run forever.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

import lxml.etree

from parsers.normalise.clean import clean_inline
from parsers.normalise.datetimes import parse_datetime

MAX_SCRIPT_CHARS = 16 * 1024 * 1024
MAX_NODES = 500_000
LIVE_BLOG_TYPES = frozenset({"liveblogposting"})
ARTICLE_TYPES = frozenset(
    {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "webpage",
     "liveblogposting"}
)
EVENT_TYPES = frozenset({"sportsevent", "event", "publicationevent", "broadcastevent"})
_ID_TOKEN = re.compile(r"[A-Za-z0-9_-]+")
# Names (authors, publishers) and types repeat on every update of a page: values this short
# are worked out once (memoised); longer ones are not kept alive in a cache.
_MEMO_CHARS = 200


@dataclass(slots=True, frozen=True)
class StructuredUpdate:
    """One update as structured data gives it (JSON-LD `liveBlogUpdate` or a microdata item).

    `keys` are the ids it can be matched to a DOM entry by (URL fragment, `@id`);
    `body_html` is the raw `articleBody`, which may hold HTML. (An update's own dateModified
    and url were once read too; nothing used them, and parsing them was a tenth of the walk.)
    """

    keys: tuple[str, ...]
    headline: str | None
    published: datetime | None
    body_html: str | None
    author: str | None


@dataclass(slots=True)
class StructuredPage:
    """Page-level facts from JSON-LD, plus the live-blog updates it lists (in its order)."""

    headline: str | None = None
    description: str | None = None
    url: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    publisher: str | None = None
    start: datetime | None = None
    updates: list[StructuredUpdate] = field(default_factory=list)
    is_live_blog: bool = False


class TypedCounter:
    """A `json.loads` object hook that counts the objects whose `object_kind` is not zero."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Count `obj` if it is a live blog, article or event; return it unchanged."""
        raw = obj.get("@type")
        if raw is not None and (
                _kind_of_name(raw) if isinstance(raw, str) and len(raw) <= _MEMO_CHARS else object_kind(obj)):
            self.count += 1
        return obj


def load_json(text: str, object_hook: TypedCounter | None = None) -> Any:
    """Return the parsed JSON of a JSON-LD script body, or None if it is not usable JSON.

    `object_hook` is called on each decoded object, as by `json.loads` (a failed attempt may
    have called it on some objects already).
    """
    if len(text) > MAX_SCRIPT_CHARS:
        return None
    body = text.strip()
    if body.startswith("<!--"):
        body = body[4:]
    if body.endswith("-->"):
        body = body[:-3]
    body = body.strip().rstrip(";")
    if not body:
        return None
    try:
        return json.loads(body, strict=False, object_hook=object_hook)
    except ValueError:
        repaired = repair_json(body)
        if repaired == body:
            return None
        if object_hook is not None:
            object_hook.count = 0  # the failed attempt counted some objects
        try:
            return json.loads(repaired, strict=False, object_hook=object_hook)
        except (ValueError, RecursionError):
            return None
    except RecursionError:
        pass
    # One value nested deeper than the json module can follow (about 1,000 levels) must not
    # lose the whole block: values below `MAX_JSON_DEPTH` become null and the rest is kept.
    try:
        if object_hook is not None:
            object_hook.count = 0  # the failed attempt counted some objects
        return json.loads(prune_deep_json(body, MAX_JSON_DEPTH), strict=False, object_hook=object_hook)
    except (ValueError, RecursionError):
        return None


MAX_JSON_DEPTH = 200
# A JSON string, or a comma that only closing brackets follow (a trailing comma).
_STRING_OR_TRAILING_COMMA = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|,(?=\s*[\]}])', re.DOTALL)
# An escape pair inside a JSON string; one JSON does not have ("\'", "\x41") loses its backslash.
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_JSON_ESCAPES = frozenset('"\\/bfnrtu')


def repair_json(text: str) -> str:
    """Return JSON text with the two common hand-written mistakes mended, strings kept as they are
    but for their escapes: trailing commas before `]` or `}`, and escapes JSON does not have
    (`\'`). Publishers' templates write both; a block that still does not parse is dropped."""

    def mend(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == ",":
            return ""
        if "\\" not in token:
            return token
        return _ESCAPE.sub(lambda e: e.group(0) if e.group(1) in _JSON_ESCAPES else e.group(1), token)

    return _STRING_OR_TRAILING_COMMA.sub(mend, text)
# A JSON string (escapes included) or one bracket; everything else in JSON text is skipped over.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)


def prune_deep_json(text: str, max_depth: int) -> str:
    """Return JSON `text` with every array or object nested deeper than `max_depth` replaced by null.

    A linear scan of strings and brackets (no recursion), used only after the json module
    gave up on the nesting. Valid JSON stays valid; invalid JSON stays invalid.
    """
    pieces: list[str] = []
    position = 0
    depth = 0
    cut_at: int | None = None
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token[0] == '"':
            continue
        if token in "[{":
            depth += 1
            if depth == max_depth + 1:
                cut_at = match.start()
        else:
            if depth == max_depth + 1 and cut_at is not None:
                pieces.append(text[position:cut_at])
                pieces.append("null")
                position = match.end()
                cut_at = None
            depth -= 1
    pieces.append(text[position:])
    return "".join(pieces)


def iter_objects(data: Any, closed: set[int] | frozenset[int] = frozenset()) -> Iterator[dict[str, Any]]:
    """Yield every JSON object inside `data` (lists, `@graph` and nesting), at most `MAX_NODES` nodes.

    An object whose id is in `closed` when it is yielded is yielded without what it holds
    (the caller may add to `closed` as it goes).
    """
    stack: list[Any] = [data]
    visited = 0
    containers = (dict, list)
    while stack and visited < MAX_NODES:
        node = stack.pop()
        visited += 1
        # Containers are pushed in reverse so they are visited in document order.
        if isinstance(node, dict):
            yield node
            if closed and id(node) in closed:
                continue
            children = [v for v in node.values() if isinstance(v, containers)]
        elif isinstance(node, list):
            children = [v for v in node if isinstance(v, containers)]
        else:
            continue
        if children:
            children.reverse()
            stack.extend(children)


_NO_TYPES: frozenset[str] = frozenset()


@lru_cache(maxsize=1024)
def _type_name(value: str) -> str:
    """Return one `@type` value lower-cased and stripped of any schema prefix or URL."""
    return value.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()


# What an object's `@type` says, as bit flags: a live blog, an article-like page, an event.
_LIVE_BLOG, _ARTICLE, _EVENT = 1, 2, 4


def _kind_of(types: frozenset[str]) -> int:
    """Return the kind flags of an object with these type names (0 for none of them)."""
    return ((_LIVE_BLOG if types & LIVE_BLOG_TYPES else 0) | (_ARTICLE if types & ARTICLE_TYPES else 0)
            | (_EVENT if types & EVENT_TYPES else 0))


@lru_cache(maxsize=1024)
def _kind_of_name(value: str) -> int:
    """Return the kind flags of an object whose `@type` is the one string `value` (memoised)."""
    return _kind_of(frozenset((_type_name(value),)))


def object_kind(obj: dict[str, Any]) -> int:
    """Return the kind flags (`_LIVE_BLOG`, `_ARTICLE`, `_EVENT`) of a JSON-LD object, 0 for other types."""
    raw = obj.get("@type")
    if isinstance(raw, str) and len(raw) <= _MEMO_CHARS:
        return _kind_of_name(raw)
    if raw is None:
        return 0
    return _kind_of(type_names(obj))


def type_names(obj: dict[str, Any]) -> frozenset[str]:
    """Return an object's `@type` values, lower-cased and stripped of any schema prefix or URL."""
    raw = obj.get("@type")
    if raw is None:
        return _NO_TYPES
    if isinstance(raw, str) and len(raw) <= _MEMO_CHARS:
        return frozenset((_type_name(raw),))
    values = raw if isinstance(raw, list) else [raw]
    return frozenset(_type_name(v) for v in values if isinstance(v, str))


def text_value(value: Any) -> str | None:
    """Return a JSON-LD value as clean one-line text (entities decoded), or None."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if not isinstance(value, str):
        return None
    if len(value) <= _MEMO_CHARS:
        return _clean_short(value)
    return clean_inline(html.unescape(value)) or None


@lru_cache(maxsize=4096)
def _clean_short(value: str) -> str | None:
    """Return `value` entity-decoded and cleaned to one line, or None if nothing is left (memoised)."""
    return clean_inline(html.unescape(value)) or None


def name_value(value: Any) -> str | None:
    """Return the name(s) of a Person/Organization value, joined with " and " for several."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:10]:
        raw = item.get("name") if isinstance(item, dict) else item
        # text_value's own first step for a short string, taken here: an update names several authors.
        name = _clean_short(raw) if isinstance(raw, str) and len(raw) <= _MEMO_CHARS else text_value(raw)
        if name and name not in names:
            names.append(name)
    return " and ".join(names) or None


def _url_value(value: Any) -> str | None:
    """Return a URL-valued property (a string, or an object with `@id`/`url`) as a string."""
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value.strip() if isinstance(value, str) and value.strip() else None


def update_keys(obj: dict[str, Any]) -> tuple[str, ...]:
    """Return the ids an update can be matched to the DOM by: its URL fragment and its `@id`."""
    keys: list[str] = []
    for raw in (obj.get("url"), obj.get("@id"), obj.get("mainEntityOfPage") if isinstance(
            obj.get("mainEntityOfPage"), str) and "#" in obj.get("mainEntityOfPage", "") else None):
        if not isinstance(raw, str) or not raw.strip():
            continue
        value = raw.strip()
        if "#" in value:
            value = value.rsplit("#", 1)[1]
        elif "/" in value:
            continue  # a bare page URL identifies the page, not the update
        if value and _ID_TOKEN.fullmatch(value) and value not in keys:
            keys.append(value)
    return tuple(keys)


def structured_update(obj: dict[str, Any]) -> StructuredUpdate:
    """Return the `StructuredUpdate` of one `liveBlogUpdate` object."""
    body = obj.get("articleBody") or obj.get("text") or obj.get("description")
    return StructuredUpdate(
        keys=update_keys(obj),
        headline=text_value(obj.get("headline") or obj.get("name")),
        published=_date_prop(obj, "datePublished", "dateCreated"),
        body_html=body if isinstance(body, str) else None,
        author=name_value(obj.get("author")),
    )


def _date_prop(obj: dict[str, Any], *names: str) -> datetime | None:
    """Return the first of the named properties that holds a parseable date, else None."""
    for name in names:
        value = obj.get(name)
        if isinstance(value, str):
            parsed = parse_datetime(value)
            if parsed is not None:
                return parsed
    return None


def _fill_page(page: StructuredPage, obj: dict[str, Any]) -> None:
    """Fill page fields that are still empty from an article-like object."""
    page.headline = page.headline or text_value(obj.get("headline") or obj.get("name"))
    page.description = page.description or text_value(obj.get("description"))
    page.url = page.url or _url_value(obj.get("url")) or _url_value(obj.get("mainEntityOfPage"))
    page.published = page.published or _date_prop(obj, "datePublished", "dateCreated")
    page.modified = page.modified or _date_prop(obj, "dateModified")
    page.publisher = page.publisher or name_value(obj.get("publisher"))
    page.start = page.start or _date_prop(obj, "coverageStartTime")


def _update_items(value: Any) -> list[dict[str, Any]]:
    """Return the update objects of a `liveBlogUpdate` value: one object, a list, or an `@list`."""
    if isinstance(value, dict) and isinstance(value.get("@list"), list):
        value = value["@list"]
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def typed_objects(data: Any, total: int | None = None) -> list[tuple[dict[str, Any], int]]:
    """Return (object, kind flags) for the objects in `data` that are a live blog, article or event.

    The objects `iter_objects` yields, in its order, whose `object_kind` is not zero. `total`,
    when given, must be how many such objects `data` holds in all (`TypedCounter` counts them
    as the JSON is decoded) and fewer than `MAX_NODES` nodes: then the walk first skips the
    inside of live-blog updates (their authors, publishers and images: most of the nodes of a
    big live blog), and if it finds them all, none was skipped.
    """
    if total is not None:
        found = _typed_walk(data, skip_update_insides=True)
        if len(found) == total:
            return found
    return _typed_walk(data, skip_update_insides=False)


def _typed_walk(data: Any, skip_update_insides: bool) -> list[tuple[dict[str, Any], int]]:
    """Return (object, kind flags) of the typed objects `iter_objects` yields, in its order.

    With `skip_update_insides`, the items of a live blog's `liveBlogUpdate` are looked at but
    what they hold is not. Without it, the result is exactly `iter_objects` filtered.
    """
    found: list[tuple[dict[str, Any], int]] = []
    closed: set[int] = set()  # ids of update items whose insides are not walked
    for node in iter_objects(data, closed) if skip_update_insides else iter_objects(data):
        raw = node.get("@type")
        if raw is not None:
            kind = _kind_of_name(raw) if isinstance(raw, str) and len(raw) <= _MEMO_CHARS else object_kind(node)
            if kind:
                found.append((node, kind))
                if skip_update_insides and kind & _LIVE_BLOG:
                    closed.update(id(item) for item in _update_items(node.get("liveBlogUpdate")))
    return found


def read_jsonld(root: lxml.etree._Element) -> StructuredPage:
    """Return the page facts and live-blog updates of every JSON-LD script in the document.

    Accepts the document root. Every `LiveBlogPosting` found contributes its updates (a
    later duplicate of an earlier update, by key or by headline and time, is dropped).
    """
    page = StructuredPage()
    articles: list[dict[str, Any]] = []
    seen: set[tuple[str, ...] | tuple[str | None, datetime | None]] = set()
    update_objects: set[int] = set()  # ids of update dicts, so they are not taken for the page's article
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        source = script.text or ""
        # Text this short holds fewer containers (two characters each at least) than the walk's limit.
        counter = TypedCounter() if len(source) < 2 * MAX_NODES else None
        data = load_json(source, counter)
        if data is None:
            continue
        for obj, kind in typed_objects(data, counter.count if counter is not None else None):
            if kind & _LIVE_BLOG:
                page.is_live_blog = True
                _fill_page(page, obj)
                for item in _update_items(obj.get("liveBlogUpdate")):
                    update_objects.add(id(item))
                    update = structured_update(item)
                    key = update.keys or (update.headline, update.published)
                    if key in seen:
                        continue
                    seen.add(key)
                    page.updates.append(update)
            elif kind & _ARTICLE and id(obj) not in update_objects:
                articles.append(obj)
            elif kind & _EVENT:
                page.start = page.start or _date_prop(obj, "startDate")
    for obj in articles:
        _fill_page(page, obj)
    return page
