"""The Guardian's CMS JSON (the `.json?dcr` frontend model of a live blog) -> `LiveBlog`.

The file holds `blocks` (one page of updates, newest first), a `pinnedPost` and
`keyEvents`. Each block gives its publication instant (`blockFirstPublished`, epoch ms),
the clock the page displays (`blockFirstPublishedDisplay`, "17.25 GMT"), an optional
`title` and `elements` (HTML text blocks, images, rich links). Key events only repeat
blocks, so they never become updates; the pinned post does when it is not on this page.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from parsers.errors import InputError
from parsers.extract.html.body import Body, extract_body, safe_link
from parsers.extract.html.dom import parse_fragment
from parsers.extract.html.publishers import hints_for_url
from parsers.ids import assign_ids
from parsers.model import Link, LiveBlog, Source, Update
from parsers.normalise.clean import clean_inline
from parsers.normalise.datetimes import in_zone, parse_clock, parse_datetime, parse_epoch
from parsers.normalise.times import clock_string, zone_for
from parsers.options import ParseOptions
from parsers.read.input import decode_bytes

_HTML_ELEMENTS = ("TextBlockElement", "BlockquoteBlockElement", "SubheadingBlockElement")


def _text(value: Any) -> str | None:
    return clean_inline(value) or None if isinstance(value, str) else None


def element_body(elements: Any, base_url: str | None) -> Body:
    """Return the paragraphs, captions, links and quotes of a block's `elements` list."""
    body = Body()
    for element in elements if isinstance(elements, list) else []:
        if not isinstance(element, dict):
            continue
        kind = str(element.get("_type", "")).rsplit(".", 1)[-1]
        if kind in _HTML_ELEMENTS and isinstance(element.get("html"), str):
            fragment = parse_fragment(element["html"])
            if fragment is not None:
                part = extract_body(fragment, base_url)
                body.paragraphs.extend(part.paragraphs)
                body.captions.extend(part.captions)
                body.links.extend(link for link in part.links if link not in body.links)
                body.quotes.extend(part.quotes)
        elif kind == "ImageBlockElement" and isinstance(element.get("data"), dict):
            data = element["data"]
            caption = " ".join(t for t in (_text(data.get("caption")), _text(data.get("credit"))) if t)
            if caption:
                body.captions.append(caption)
        elif kind == "RichLinkBlockElement":
            url = safe_link(element.get("url"), base_url)
            if url:
                body.links.append(Link(url=url, text=_text(element.get("text")) or ""))
    return body


def block_update(block: dict[str, Any], base_url: str | None, zone: Any) -> Update:
    """Return the `Update` of one block (id unset)."""
    instant = parse_epoch(str(block.get("blockFirstPublished", ""))) if block.get("blockFirstPublished") else None
    shown = parse_clock(block.get("blockFirstPublishedDisplay") if isinstance(
        block.get("blockFirstPublishedDisplay"), str) else None)
    value = in_zone(instant, zone) if instant is not None else None
    clock = clock_string(shown[0]) if shown else (clock_string(value) if value else None)
    body = element_body(block.get("elements"), base_url)
    names = [c.get("name") for c in block.get("contributors") or [] if isinstance(c, dict)]
    author = " and ".join(n for n in (clean_inline(x) for x in names if isinstance(x, str)) if n) or None
    return Update(
        id="", time=clock, datetime=value, headline=_text(block.get("title")),
        paragraphs=tuple(body.paragraphs), captions=tuple(body.captions), links=tuple(body.links),
        quotes=tuple(body.quotes), author=author,
    )


def parse_guardian_json(data: bytes, path: str, options: ParseOptions) -> LiveBlog:
    """Parse Guardian CMS JSON bytes (the `FORMATS` entry point for "guardian-json").

    Raises `InputError` if the file is not JSON of that shape.
    """
    text, _ = decode_bytes(data, path)
    try:
        model = json.loads(text)
    except (ValueError, RecursionError):
        raise InputError(path, "not valid JSON") from None
    if not isinstance(model, dict) or not isinstance(model.get("blocks"), list):
        raise InputError(path, "JSON without live-blog blocks")
    url = safe_link(model.get("canonicalUrl") or model.get("webURL"), None)
    hints = hints_for_url(url)
    zone = options.tz or (zone_for(hints.zone) if hints and hints.zone else None) or zone_for("UTC")
    blocks = [b for b in model["blocks"] if isinstance(b, dict)]
    ids = {b.get("id") for b in blocks}
    pinned = model.get("pinnedPost")
    if isinstance(pinned, dict) and pinned.get("id") not in ids:
        blocks.append(pinned)
        blocks.sort(key=lambda b: -int(b.get("blockFirstPublished") or 0))
    updates = [block_update(b, url, zone) for b in blocks]
    published = parse_datetime(model.get("webPublicationDate")) if isinstance(
        model.get("webPublicationDate"), str) else None
    standfirst = model.get("standfirst")
    intro = None
    if isinstance(standfirst, str):
        fragment = parse_fragment(standfirst)
        intro = "\n\n".join(extract_body(fragment, url).paragraphs) or None if fragment is not None else None
    edits = [parse_epoch(str(b.get("blockLastUpdated"))) for b in blocks if b.get("blockLastUpdated")]
    stamps: list[datetime] = [in_zone(e, zone) for e in edits if e is not None]
    return LiveBlog(
        title=_text(model.get("headline") or model.get("webTitle")),
        source=Source(path=path, format="guardian-json", publisher=hints.name if hints else None, url=url),
        published=in_zone(published, zone) if published else None,
        modified=max(stamps) if stamps else None,
        intro=intro,
        updates=assign_ids(u for u in updates if u.headline or u.paragraphs),
    )
