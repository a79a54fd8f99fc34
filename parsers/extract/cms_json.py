"""The Guardian's CMS JSON (the `.json?dcr` frontend model of a live blog) -> `LiveBlog`.

The file holds `blocks` (one page of updates, newest first), a `pinnedPost` and
`keyEvents`. Each block gives its publication instant (`blockFirstPublished`, epoch ms),
the clock the page displays (`blockFirstPublishedDisplay`, "17.25 GMT"), an optional
`title` and `elements` (HTML text blocks, images, rich links). Key events only repeat
blocks, so they never become updates; the pinned post does when it is not on this page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urldefrag

from parsers.errors import InputError
from parsers.extract.html.body import Body, extract_body, safe_link
from parsers.extract.html.dom import parse_fragment
from parsers.extract.html.publishers import hints_for_url
from parsers.ids import assign_ids
from parsers.model import Link, LiveBlog, Source, Update
from parsers.normalise.clean import clean_inline
from parsers.normalise.datetimes import in_zone, parse_datetime, parse_epoch
from parsers.normalise.instants import PageSignals, ResolvedTime, Stamp, UpdateSignals, resolve
from parsers.normalise.times import zone_for
from parsers.options import ParseOptions
from parsers.read.input import decode_bytes

_HTML_ELEMENTS = ("TextBlockElement", "BlockquoteBlockElement", "SubheadingBlockElement")


# ---------------------------------------------------------------- the typed boundary
#
# The file is untrusted JSON: any value can have any type (a URL that is a number, an id that is
# a list, a time that is "abc", 1e400 or [5]). It is decoded once, here, into typed records; a
# value of the wrong type counts as absent. The rest of the module only sees these records.


def _str(value: Any) -> str | None:
    """Return `value` when it is a str, else None."""
    return value if isinstance(value, str) else None


def _epoch_ms(value: Any) -> int | None:
    """Return an epoch-milliseconds value as an int: a JSON integer or a string of digits, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**15 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 0 <= value < 1e15 else None  # NaN and inf are not integers
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 15:
        return int(value.strip())
    return None


def _id(value: Any) -> str | None:
    """Return a block id as a str (ids are strings; an integer is accepted), else None."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(slots=True, frozen=True)
class _Element:
    """One element of a block: its kind and the fields its kind uses (None when absent or mistyped)."""

    kind: str
    html: str | None = None
    caption: str | None = None
    credit: str | None = None
    url: str | None = None
    text: str | None = None


@dataclass(slots=True, frozen=True)
class _Block:
    """One block (an update) with typed fields."""

    id: str | None
    first_published: int | None  # epoch ms
    display: str | None  # the clock the page shows, "17.25 GMT"
    last_updated: int | None
    title: str | None
    contributors: tuple[str, ...]
    elements: tuple[_Element, ...]


def _element(raw: Any) -> _Element | None:
    if not isinstance(raw, dict):
        return None
    kind = (_str(raw.get("_type")) or "").rsplit(".", 1)[-1]
    data = raw.get("data")
    data = data if isinstance(data, dict) else {}
    return _Element(kind=kind, html=_str(raw.get("html")), caption=_str(data.get("caption")),
                    credit=_str(data.get("credit")), url=_str(raw.get("url")), text=_str(raw.get("text")))


def _block(raw: Any) -> _Block | None:
    """Return the typed block of a raw JSON value, or None when it is not an object."""
    if not isinstance(raw, dict):
        return None
    contributors = raw.get("contributors")
    names = [_str(c.get("name")) for c in contributors if isinstance(c, dict)] if isinstance(
        contributors, list) else []
    elements = raw.get("elements")
    return _Block(
        id=_id(raw.get("id")),
        first_published=_epoch_ms(raw.get("blockFirstPublished")),
        display=_str(raw.get("blockFirstPublishedDisplay")),
        last_updated=_epoch_ms(raw.get("blockLastUpdated")),
        title=_str(raw.get("title")),
        contributors=tuple(n for n in names if n),
        elements=tuple(e for e in map(_element, elements if isinstance(elements, list) else []) if e),
    )


# ---------------------------------------------------------------- records -> model


def _text(value: str | None) -> str | None:
    return clean_inline(value) or None if value is not None else None


def element_body(elements: tuple[_Element, ...], base_url: str | None) -> Body:
    """Return the paragraphs, captions, links and quotes of a block's elements."""
    body = Body()
    for element in elements:
        if element.kind in _HTML_ELEMENTS and element.html is not None:
            fragment = parse_fragment(element.html)
            if fragment is not None:
                part = extract_body(fragment, base_url)
                body.paragraphs.extend(part.paragraphs)
                body.captions.extend(part.captions)
                body.links.extend(link for link in part.links if link not in body.links)
                body.quotes.extend(part.quotes)
        elif element.kind == "ImageBlockElement":
            caption = " ".join(t for t in (_text(element.caption), _text(element.credit)) if t)
            if caption:
                body.captions.append(caption)
        elif element.kind == "RichLinkBlockElement":
            url = safe_link(element.url, base_url)
            if url:
                body.links.append(Link(url=url, text=_text(element.text) or ""))
    return body


def block_signals(block: _Block) -> UpdateSignals:
    """Return a block's time signals: the clock it displays ("17.25 GMT") and its epoch instant."""
    instant = parse_epoch(str(block.first_published)) if block.first_published else None
    return UpdateSignals(shown=block.display,
                         stamps=(Stamp("blockFirstPublished", instant),) if instant is not None else ())


def block_update(block: _Block, base_url: str | None, resolved: ResolvedTime) -> Update:
    """Return the `Update` of one block (id unset), at its resolved time."""
    body = element_body(block.elements, base_url)
    author = " and ".join(n for n in (clean_inline(x) for x in block.contributors) if n) or None
    return Update(
        id="", time=resolved.time, datetime=resolved.instant, headline=_text(block.title),
        paragraphs=tuple(body.paragraphs), captions=tuple(body.captions), links=tuple(body.links),
        quotes=tuple(body.quotes), author=author, label=resolved.label,
        permalink=block_permalink(base_url, block.id),
    )


def block_permalink(page_url: str | None, block_id: str | None) -> str | None:
    """Return the address of one block: the CMS's own form, `PAGE?page=with:block-ID#block-ID`."""
    if not page_url or not block_id or not block_id.strip():
        return None
    ident = quote(block_id.strip(), safe="-._~")
    return f"{urldefrag(page_url)[0].split('?')[0]}?page=with:block-{ident}#block-{ident}"


def parse_guardian_json(data: bytes, path: str, options: ParseOptions) -> LiveBlog:
    """Parse Guardian CMS JSON bytes (the `FORMATS` entry point for "guardian-json").

    Raises `InputError` if the file is not JSON of that shape. Values of the wrong type are
    treated as absent.
    """
    text, _ = decode_bytes(data, path)
    try:
        model = json.loads(text)
    except (ValueError, RecursionError):
        raise InputError(path, "not valid JSON") from None
    if not isinstance(model, dict) or not isinstance(model.get("blocks"), list):
        raise InputError(path, "JSON without live-blog blocks")
    url = safe_link(_str(model.get("canonicalUrl")) or _str(model.get("webURL")), None)
    hints = hints_for_url(url)
    blocks = [b for b in map(_block, model["blocks"]) if b is not None]
    ids = {b.id for b in blocks}
    pinned = _block(model.get("pinnedPost"))
    if pinned is not None and pinned.id not in ids:
        blocks.append(pinned)
        blocks.sort(key=lambda b: -(b.first_published or 0))
    published = parse_datetime(_str(model.get("webPublicationDate")))
    page = PageSignals(published=published, url=url, publisher_zone=hints.zone if hints else None,
                       language=_text(_str(model.get("lang"))),
                       user_zone=options.tz, user_date=options.date)
    resolution = resolve([block_signals(b) for b in blocks], page)
    zone = resolution.zone or zone_for("UTC")
    updates = [block_update(b, url, t) for b, t in zip(blocks, resolution.times, strict=True)]
    standfirst = _str(model.get("standfirst"))
    intro = None
    if standfirst is not None:
        fragment = parse_fragment(standfirst)
        intro = "\n\n".join(extract_body(fragment, url).paragraphs) or None if fragment is not None else None
    edits = [parse_epoch(str(b.last_updated)) for b in blocks if b.last_updated]
    stamps: list[datetime] = [in_zone(e, zone) for e in edits if e is not None]
    return LiveBlog(
        title=_text(_str(model.get("headline")) or _str(model.get("webTitle"))),
        source=Source(path=path, format="guardian-json", publisher=hints.name if hints else None, url=url),
        published=in_zone(published, zone) if published else None,
        modified=max(stamps) if stamps else None,
        intro=intro,
        updates=assign_ids(u for u in updates if u.headline or u.paragraphs),
        time_notes=resolution.notes,
    )
