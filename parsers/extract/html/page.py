"""The HTML parser: a saved live-blog page -> `LiveBlog`.

Evidence is combined, in this order of trust, and merged (never one source alone):
1. schema.org JSON-LD `LiveBlogPosting.liveBlogUpdate` (`parsers.extract.html.jsonld`);
2. schema.org microdata (`parsers.extract.html.microdata`);
3. the DOM: repeated entries that carry a timestamp (`parsers.extract.html.entries`).

An update the DOM shows gets its body, headline and byline from the DOM (what the reader
sees); structured data fills what the DOM lacks (the New York Times shows no per-post
times) and adds the updates the DOM does not show (the Mirror lists 428 in JSON-LD and
shows 30). The merge rules (matching a record to a post by id, headline or text; synthetic
copies; the richer body; labels) are in `parsers.extract.html.merge`. A page with no
live-blog structure becomes one untimed update with a warning.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from functools import lru_cache
from itertools import pairwise
from urllib.parse import quote, urldefrag

import lxml.etree

from parsers.errors import InputError
from parsers.extract.html.body import Body, extract_body, safe_link
from parsers.extract.html.dom import (
    HtmlElement,
    class_words,
    decode_html,
    may_select_by_class,
    page_class_values,
    parse_document,
    parse_fragments,
    select,
    tag_name,
    text_of,
)
from parsers.extract.html.entries import DomEntry, find_entries, id_tokens, shows_only_time, without_flag
from parsers.extract.html.jsonld import StructuredPage, StructuredUpdate, read_jsonld
from parsers.extract.html.language import page_language
from parsers.extract.html.merge import (
    element_text,
    is_synthetic,
    label_headlines,
    match_by_text,
    plain_length,
    richer_body,
)
from parsers.extract.html.publishers import INTRO_XPATHS, MAIN_TEXT_XPATHS, PublisherHints, hints_for_url
from parsers.extract.html.timelabels import day_headings, entry_labels, page_clock_stamps
from parsers.ids import unique_ids
from parsers.model import LiveBlog, Source, Update
from parsers.normalise.clean import clean_inline
from parsers.normalise.datetimes import (
    in_zone,
    leading_time_label,
    parse_datetime,
)
from parsers.normalise.furniture import is_furniture
from parsers.normalise.instants import PageSignals, Resolution, Stamp, UpdateSignals, read_day, resolve
from parsers.normalise.times import source_is_newest_first
from parsers.options import ParseOptions

NO_STRUCTURE_WARNING = "no live-blog structure found; showing the main text as one update"
_HAS_TAG = re.compile(r"<[A-Za-z/!]")
_BYLINE_START = re.compile(r"^(?:by\s+|[—–-]\s*)", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\n\s*")
_TITLE_SUFFIX = re.compile(r"\s+[-|–—]\s+[^-|–—]{2,60}$")


@dataclass(slots=True, frozen=True)
class PageFacts:
    """Page-level facts: where it lives, who published it, its zone and its own dates."""

    title: str | None
    url: str | None
    publisher: str | None
    hints: PublisherHints | None
    published: datetime | None
    modified: datetime | None


def meta_values(root: HtmlElement) -> dict[str, str]:
    """Return the page's `<meta>` values keyed by lower-cased property/name/itemprop (first wins)."""
    values: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        for attribute in ("property", "name", "itemprop"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and key not in values:
                values[key] = content.strip()
    return values


def _first_text(root: HtmlElement, xpath: str) -> str | None:
    """Return the clean text of the first element matched by `xpath` that has any, else None."""
    for element in select(root, xpath):
        if isinstance(element, lxml.etree._Element):
            text = clean_inline(text_of(element))
            if text:
                return text
    return None


def _meta_date(meta: dict[str, str], *names: str) -> datetime | None:
    """Return the first of the named meta values that holds a parseable date, else None."""
    for name in names:
        parsed = parse_datetime(meta.get(name))
        if parsed is not None:
            return parsed
    return None


def page_facts(root: HtmlElement, meta: dict[str, str], structured: StructuredPage,
               fallback_url: str | None) -> PageFacts:
    """Return the title, canonical URL, publisher and dates from meta tags and JSON-LD."""
    canonical = next((safe_link(link.get("href"), None) for link in root.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split()), None)
    url = canonical or safe_link(meta.get("og:url"), None) or safe_link(structured.url, None) or fallback_url
    hints = hints_for_url(url)
    site = clean_inline(meta.get("og:site_name", "")) or structured.publisher or None
    publisher = hints.name if hints else site or (clean_inline(meta.get("application-name", "")) or None)
    title = (clean_inline(html_lib.unescape(meta.get("og:title", ""))) or structured.headline
             or _first_text(root, "//h1") or None)
    if title is None:
        raw_title = _first_text(root, "//title")
        if raw_title and publisher and _TITLE_SUFFIX.search(raw_title):
            raw_title = _TITLE_SUFFIX.sub("", raw_title)
        title = raw_title
    published = structured.published or _meta_date(
        meta, "article:published_time", "og:article:published_time", "datepublished", "date", "dc.date")
    modified = structured.modified or _meta_date(
        meta, "article:modified_time", "og:updated_time", "datemodified", "last-modified")
    return PageFacts(title, url, publisher, hints, published, modified)


def body_from_structured(markup: str | None, base_url: str | None) -> Body:
    """Return the readable parts of a JSON-LD `articleBody` (plain text, escaped text or HTML)."""
    return structured_bodies([markup], base_url)[0]


def structured_bodies(markups: list[str | None], base_url: str | None) -> list[Body]:
    """Return `body_from_structured` of each markup; the HTML ones are parsed together (`parse_fragments`)."""
    bodies: list[Body | None] = [None] * len(markups)
    html_at: list[int] = []
    fragments: list[str] = []
    for index, markup in enumerate(markups):
        if not markup:
            bodies[index] = Body()
            continue
        if _HAS_TAG.search(markup):
            text = markup
        else:
            text = html_lib.unescape(markup)
            # Escaped markup ("&lt;p&gt;") is markup once unescaped; with no "&" nothing changed.
            if "&" not in markup or not _HAS_TAG.search(text):
                pieces = _LINE_BREAK.split(text) if "\n" in text else [text]
                bodies[index] = Body(paragraphs=[line for line in (clean_inline(p) for p in pieces) if line])
                continue
        html_at.append(index)
        fragments.append(text)
    for index, fragment in zip(html_at, parse_fragments(fragments), strict=True):
        bodies[index] = extract_body(fragment, base_url) if fragment is not None else Body()
    return [body if body is not None else Body() for body in bodies]


def _norm(text: str | None) -> str:
    """Return text with whitespace collapsed and case folded, for comparing."""
    if text is not None and len(text) <= 200:
        return _norm_short(text)  # headlines are compared by several steps: worked out once
    return " ".join((text or "").split()).casefold()


@lru_cache(maxsize=8192)
def _norm_short(text: str) -> str:
    """`_norm` of a short string, memoised."""
    return " ".join(text.split()).casefold()


def _norm_head(parts: list[str], limit: int) -> str:
    """Return `_norm(" ".join(parts))[:limit]`, normalising only about `limit + 100` characters of it.

    A cut-off head of the text normalises to a prefix of the whole text's form up to its
    last space (every word before the last one is complete, and casefolding maps each
    character on its own), so when that much is long enough it is the answer.
    """
    size = limit + 100
    head_parts: list[str] = []
    length = 0
    for part in parts:
        head_parts.append(part)
        length += len(part) + 1
        if length > size:
            head = _norm(" ".join(head_parts)[:size])
            cut = head.rfind(" ")
            if cut >= limit:
                return head[:limit]
            break
    return _norm(" ".join(parts))[:limit]


@dataclass(slots=True, frozen=True)
class Usable:
    """Which per-update JSON-LD fields carry information about the update (not page values)."""

    times: bool = True
    headlines: bool = True
    authors: bool = True


def usable_fields(updates: list[StructuredUpdate], page_headline: str | None) -> Usable:
    """Return which JSON-LD update fields are usable, given updates that may repeat page values.

    The Guardian gives every `liveBlogUpdate` the page's own headline, datePublished and
    full author list: such values say nothing about the update and must not override the
    DOM. A field is unusable when every update has the same value (and, for headlines,
    when most updates carry the page headline).
    """
    if len(updates) < 2:
        return Usable()
    times = Counter(u.published for u in updates if u.published is not None)
    heads = Counter(_norm(u.headline) for u in updates if u.headline)
    same_time = bool(times) and times.most_common(1)[0][1] == len(updates)
    same_head = bool(heads) and heads.most_common(1)[0][0] == _norm(page_headline) and \
        heads.most_common(1)[0][1] > len(updates) // 2
    authors = Counter(u.author for u in updates)
    same_author = len(authors) == 1 and None not in authors and " and " in (next(iter(authors)) or "")
    return Usable(times=not same_time, headlines=not same_head, authors=not same_author)


def match_records(entries: list[DomEntry], records: list[StructuredUpdate]) -> list[int | None]:
    """Return, per DOM entry, the index of the JSON-LD record it shows, or None.

    Matches by id first (URL fragment or `@id` against the entry's ids), then by a
    headline that only one record has. Each record is used once.
    """
    by_token: dict[str, int] = {}
    for index, record in enumerate(records):
        for key in record.keys:
            for token in id_tokens(key):
                by_token.setdefault(token, index)
    heads = [_norm(r.headline) if r.headline else None for r in records]
    head_counts = Counter(h for h in heads if h is not None)
    by_head = {h: i for i, h in enumerate(heads) if h is not None and head_counts[h] == 1}
    used: set[int] = set()
    result: list[int | None] = []
    for entry in entries:
        found: int | None = None
        for ident in entry.ids:
            found = next((by_token[t] for t in id_tokens(ident)
                          if t in by_token and by_token[t] not in used), None)
            if found is not None:
                break
        if found is None and entry.headline:
            candidate = by_head.get(_norm(entry.headline))
            if candidate is not None and candidate not in used:
                found = candidate
        if found is not None:
            used.add(found)
        result.append(found)
    return result


@dataclass(slots=True)
class _Draft:
    """An update being assembled: its parts, its time evidence, and whether it is a copy."""

    headline: str | None
    body: Body
    author: str | None
    instant: datetime | None
    clock: time | None
    from_dom: bool
    is_copy: bool = False
    signals: UpdateSignals = field(default_factory=UpdateSignals)
    anchor: str | None = None  # the entry element's id: the page's own link to the update


def entry_time(entry: DomEntry, record: StructuredUpdate | None, record_times_ok: bool
               ) -> tuple[datetime | None, time | None]:
    """Return (instant, displayed clock) for one DOM entry, choosing between its time sources.

    Order of trust: what the reader sees first, then structured data, then hidden attributes.
    A `<time datetime>` or `amp-timeago` is the time the page displays. The Independent's
    `data-sort-time` attributes and JSON-LD `datePublished` (04:15-04:38Z, when the posts
    were created in a burst) disagree with its `amp-timeago` values (hourly, 05:01-09:01Z),
    and the footer text the reader sees ("14 August 2023 10:01") agrees with `amp-timeago`,
    as does the order of the posts on the page; so the displayed time wins. A displayed
    "HH:MM" clock without a date wins for the clock, and takes its date from the first
    other source whose instant shows that clock.
    """
    structured = record.published if record is not None and record_times_ok else None
    micro = entry.record.published if entry.record is not None else None
    sources = (entry.visible_instant, micro, structured, entry.hidden_instant)
    candidates = [t for t in sources if t is not None]
    return (candidates[0] if candidates else None), entry.visible_clock


_DATE_TAIL = re.compile(r"^\s*(?:[,|·–—-]\s*)?(?:\d{1,2} \w+ \d{4}|\w+ \d{1,2},? \d{4})?[ ,]*(?:\d{1,2}[:.]\d{2})?\s*$")


def is_byline_line(paragraph: str, author: str) -> bool:
    """Return True if a paragraph is only the byline, maybe with a date ("Jane Doe14 August 2023 08:01")."""
    text = _BYLINE_START.sub("", paragraph)
    return text.startswith(author) and bool(_DATE_TAIL.match(text[len(author):]))


def draft_from_entry(entry: DomEntry, record: StructuredUpdate | None, base_url: str | None,
                     usable: Usable) -> _Draft:
    """Return the draft of a DOM entry, structured data filling what the DOM lacks."""
    skip = {e for e in (entry.headline_element, entry.author_element, *entry.cards) if e is not None}
    body = extract_body(entry.element, base_url, skip)
    micro = entry.record
    headline = entry.headline or without_flag(micro.headline if micro else None) or without_flag(
        record.headline if record is not None and usable.headlines and not is_synthetic(record) else None)
    if not entry.headline and headline and body.paragraphs:
        headline = full_headline(headline, body.paragraphs[0])
    body.paragraphs = body_without_repeats(body.paragraphs, headline, entry.visible_clock)
    if record is not None and record.body_html and not is_synthetic(record):
        dom_chars = sum(len(p) for p in body.paragraphs)
        if not body.paragraphs or richer_body(dom_chars, plain_length(record.body_html)):
            fallback = body_from_structured(record.body_html, base_url)
            if not body.paragraphs or richer_body(dom_chars, sum(len(p) for p in fallback.paragraphs)):
                body.paragraphs = body_without_repeats(fallback.paragraphs, headline, entry.visible_clock)
                body.links = body.links or fallback.links
    author = entry.author or (micro.author if micro else None) or (
        record.author if record is not None and usable.authors and not is_synthetic(record) else None)
    if author:
        body.paragraphs = [p for p in body.paragraphs if not is_byline_line(p, author)]
    instant, clock = entry_time(entry, record, usable.times)
    return _Draft(headline, body, author, instant, clock, from_dom=True, is_copy=entry.is_copy,
                  anchor=entry.element.get("id") or None)


_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*$")


def full_headline(structured: str, first_paragraph: str) -> str:
    """Return the post's first paragraph if the structured headline is a cut-off copy of it, else the headline.

    General pattern: structured data may shorten a headline ("… con lui il nuovo …", even
    inside an entity: "dissanguata&rdq…") that the page shows whole as the post's first line.
    """
    if not _ELLIPSIS.search(structured):
        return structured
    stem = _ELLIPSIS.sub("", structured)
    cut = stem.rfind(" ")
    stem = stem[:cut] if cut > 20 else stem
    if len(first_paragraph) <= 300 and _norm(first_paragraph).startswith(_norm(stem)):
        return first_paragraph
    return structured


def body_without_repeats(paragraphs: list[str], headline: str | None, clock: time | None = None) -> list[str]:
    """Return an entry's paragraphs without its displayed time and without a repeat of its headline.

    General patterns: a line that is only the displayed time ("19:02 (IST), Oct 02", "18h40",
    "2h ago", "Yesterday 22:15") is the update's time, not its text, and a match minute ("90+3'") is its
    label; a first paragraph that is the headline (la
    Repubblica renders the headline as the post's first paragraph under an empty heading)
    is shown once, as the headline.
    """
    kept = [p for p in paragraphs if not shows_only_time(p)]
    lead = leading_time_label(kept[0]) if kept and clock is not None else None
    if lead is not None and lead[0].clock == clock and lead[1]:
        kept[0] = lead[1]  # "18.45 h. Protección Civil…": the entry's own time, leading its first paragraph
    if headline and kept and _norm(kept[0]) == _norm(headline):
        kept = kept[1:]
    return kept


def draft_from_record(record: StructuredUpdate, body: Body, usable: Usable) -> _Draft:
    """Return the draft of a JSON-LD update the DOM does not show, given its body (`structured_bodies`)."""
    return _Draft(
        headline=without_flag(record.headline) if usable.headlines else None,
        body=body,
        author=record.author if usable.authors else None,
        instant=record.published if usable.times else None,
        clock=None,
        from_dom=False,
        signals=record_signals(record),
    )


def merge_in_order(dom: list[_Draft], extra: list[_Draft]) -> list[_Draft]:
    """Return DOM drafts in page order with the structured-only drafts slotted in by time.

    The DOM's direction (newest-first or oldest-first) is kept; an extra goes before the
    first DOM draft it is newer (or older) than. Untimed extras go at the end.
    """
    if not dom:
        return extra
    if not extra:
        return dom
    clocks = [d.instant.timetz() if d.instant else None for d in dom]
    stamps = [d.instant for d in dom if d.instant is not None]
    newest_first = _newest_first(stamps) if len(stamps) >= 2 else source_is_newest_first(
        [c.replace(tzinfo=None) if c else None for c in clocks])
    timed = sorted((d for d in extra if d.instant is not None), key=lambda d: _sort_key(d.instant),
                   reverse=newest_first)
    untimed = [d for d in extra if d.instant is None]
    result: list[_Draft] = []
    position = 0
    for draft in dom:
        if draft.instant is not None:
            while position < len(timed) and _before(timed[position], draft, newest_first):
                result.append(timed[position])
                position += 1
        result.append(draft)
    result.extend(timed[position:])
    result.extend(untimed)
    return result


def _sort_key(value: datetime | None) -> float:
    """Return a sortable number for a datetime (naive ones read as local time; None as 0)."""
    if value is None:
        return 0.0
    return value.timestamp() if value.tzinfo is not None else value.replace(tzinfo=None).timestamp()


def _newest_first(stamps: list[datetime]) -> bool:
    """Return True if instants in page order mostly decrease (ties count as newest-first)."""
    keys = [_sort_key(s) for s in stamps]
    down = sum(1 for a, b in pairwise(keys) if b < a)
    up = sum(1 for a, b in pairwise(keys) if b > a)
    return down >= up


def _before(extra: _Draft, dom: _Draft, newest_first: bool) -> bool:
    """Return True if `extra` belongs before `dom` in a list running in the given direction."""
    a, b = _sort_key(extra.instant), _sort_key(dom.instant)
    return a > b if newest_first else a < b


def drop_copies(drafts: list[_Draft]) -> list[_Draft]:
    """Return drafts without repeats: a pinned post or key-event copy of an update is not a new update.

    Two drafts are the same update when their headline and body start match and either
    one is marked as a copy (pinned/key-event/summary) or both carry the same instant.
    Distinct posts that happen to share text at different times (the Mirror re-posts one
    update hours later) are both kept. The draft kept is the one in the main stream.
    """

    heads = [_norm(d.headline) for d in drafts]
    head_counts = Counter(heads)
    kept: list[_Draft | None] = []
    by_key: dict[str, list[int]] = {}
    for draft, head in zip(drafts, heads, strict=True):
        if head_counts[head] == 1:
            kept.append(draft)  # no other draft has its headline, so none has its key: the body need not be read
            continue
        same = by_key.setdefault(head + "\x1f" + _norm_head(draft.body.paragraphs, 300), [])
        twin = next((i for i in same if (k := kept[i]) is not None and _is_repeat(k, draft)), None)
        if twin is not None:
            previous = kept[twin]
            if previous is None or not previous.is_copy or draft.is_copy:
                continue
            kept[twin] = None  # the copy came first (a pinned post at the top): keep the stream's place
        same.append(len(kept))
        kept.append(draft)
    return [d for d in kept if d is not None]


def drop_labels(drafts: list[_Draft]) -> list[_Draft]:
    """Return drafts without labels: a "headline", or a short line, repeated on many posts (`label_headlines`).

    A label repeated as a headline leaves the post with no headline; repeated as a short line
    in the body (a section name in a span above the post), it is not post text.
    """
    labels = label_headlines([d.headline for d in drafts])
    for draft in drafts:
        if draft.headline and " ".join(draft.headline.split()).casefold() in labels:
            draft.headline = None
    line_labels = labels | label_headlines([line for d in drafts for line in dict.fromkeys(
        p for p in d.body.paragraphs if len(p) <= _LABEL_LINE_CHARS)], total=len(drafts))
    if line_labels:
        for draft in drafts:
            draft.body.paragraphs = [p for p in draft.body.paragraphs
                                     if len(p) > _LABEL_LINE_CHARS or " ".join(p.split()).casefold() not in line_labels]
    return drafts


_LABEL_LINE_CHARS = 80


def _is_repeat(a: _Draft, b: _Draft) -> bool:
    """Return True if two drafts with the same text are one update shown twice.

    A draft marked as a copy repeats its twin. Otherwise both must carry the same instant:
    untimed stream entries with equal text ("Track grooming.") are separate posts.
    """
    if a.is_copy or b.is_copy:
        return True
    if a.instant is None or b.instant is None:
        return False
    return _sort_key(a.instant) == _sort_key(b.instant)


def entry_signals(entry: DomEntry, record: StructuredUpdate | None) -> UpdateSignals:
    """Return the time signals of a DOM entry: its time label, a date badge, and its instants.

    The label is the one entry finding read (`DomEntry.label`) when it carries a clock or a
    match minute, else the one `entry_labels` finds. The instants, most visible first, are the
    `<time>` element's own (`datetime`, or a `data-time` beside it), the entry's microdata, its
    JSON-LD record and its `data-*` attributes; `resolve` decides which to trust, and which say
    nothing (JSON-LD that stamps every update with the page's time).
    """
    micro = entry.record.published if entry.record is not None else None
    sources = (("the <time> element", entry.visible_instant), ("microdata", micro),
               ("JSON-LD", record.published if record is not None else None),
               ("a data- attribute", entry.hidden_instant))
    stamps = tuple(Stamp(name, value) for name, value in sources if value is not None)
    label, badge = entry_labels(entry.element)
    found = entry.label
    if found is not None and (found.clock is not None or found.match_minute is not None):
        return UpdateSignals(shown=found.text, clock=found.clock, day=badge, stamps=stamps)
    return UpdateSignals(shown=label, day=badge, stamps=stamps)


def record_signals(record: StructuredUpdate) -> UpdateSignals:
    """Return the time signals of a JSON-LD update the page does not show: its datePublished only."""
    return UpdateSignals(stamps=(Stamp("JSON-LD", record.published),) if record.published is not None else ())


def attach_time_signals(drafts: list[_Draft], entries: list[DomEntry],
                        records: list[StructuredUpdate | None]) -> None:
    """Give each DOM draft (one per entry, in order) its entry's time signals and day heading."""
    headings = day_headings([entry.element for entry in entries])
    for draft, entry, record, heading in zip(drafts, entries, records, headings, strict=True):
        signals = entry_signals(entry, record)
        draft.signals = replace(signals, heading=heading) if heading is not None else signals


def page_signals(root: HtmlElement, meta: dict[str, str], facts: PageFacts, structured: StructuredPage,
                 options: ParseOptions, entries: list[DomEntry]) -> PageSignals:
    """Return what the page says about time: its dates, language, locale, address and the clocks it
    shows outside its entries, and the user's options."""
    return PageSignals(
        clock_stamps=tuple(page_clock_stamps(root, [e.element for e in entries])),
        published=facts.published, modified=facts.modified, coverage_start=structured.start,
        language=root.get("lang") or root.get("xml:lang"), locale=meta.get("og:locale"), url=facts.url,
        publisher_zone=facts.hints.zone if facts.hints else None, user_zone=options.tz, user_date=options.date,
    )


def _intro(root: HtmlElement, base_url: str | None, entries: list[DomEntry], meta: dict[str, str],
           structured: StructuredPage) -> tuple[str | None, tuple[str, ...]]:
    """Return the standfirst (or lead) text and its captions."""
    inside = {e.element for e in entries}
    class_values: frozenset[str] | None = None  # read when a path first needs them
    for xpath in INTRO_XPATHS:
        if class_words(xpath) is not None:
            class_values = page_class_values(root) if class_values is None else class_values
            if not may_select_by_class(xpath, class_values):
                continue
        for element in select(root, xpath):
            if not isinstance(element, lxml.etree._Element):
                continue
            if element in inside or any(a in inside for a in element.iterancestors()):
                continue
            body = extract_body(element, base_url)
            if body.paragraphs:
                return "\n\n".join(body.paragraphs), tuple(body.captions)
    description = meta.get("og:description") or meta.get("description") or structured.description
    text = clean_inline(html_lib.unescape(description)) if description else ""
    return (text or lead_after_title(root, inside) or None), ()


_LEAD_MAX_PARAGRAPHS = 3  # a lead under the title is a paragraph or two, not the page's text
_LEAD_MIN_CHARS = 20


def lead_after_title(root: HtmlElement, entries: set[HtmlElement]) -> str | None:
    """Return the paragraphs right after the page's `<h1>` and before its first entry, or None.

    General pattern: a page with no standfirst markup and no description still puts its lead (a
    sentence or two saying what the blog follows) under its title. Only `<p>` siblings that follow the
    `<h1>` directly count, at most `_LEAD_MAX_PARAGRAPHS`, none inside or holding an entry.
    """
    title = next(root.iter("h1"), None)
    if title is None:
        return None
    lead: list[str] = []
    for sibling in title.itersiblings():
        if not isinstance(sibling.tag, str) or tag_name(sibling) != "p" or sibling in entries \
                or any(e in entries for e in sibling.iterdescendants()):
            break
        text = clean_inline(text_of(sibling))
        if text and (shows_only_time(text) or read_day(text) is not None):
            break  # a time or a day heading: the stream has begun
        if text and not is_furniture(text):
            lead.append(text)
        if len(lead) >= _LEAD_MAX_PARAGRAPHS:
            break
    joined = "\n\n".join(lead)
    return joined if len(joined) >= _LEAD_MIN_CHARS else None


def main_text(root: HtmlElement, base_url: str | None, title: str | None) -> Body:
    """Return the main text of a page with no live-blog structure (article body, else <body>)."""
    for xpath in MAIN_TEXT_XPATHS:
        for element in select(root, xpath):
            if isinstance(element, lxml.etree._Element):
                body = extract_body(element, base_url)
                if sum(len(p) for p in body.paragraphs) >= 80:
                    return _without_title(body, title)
    page_body = root.find("body")
    return _without_title(extract_body(page_body if page_body is not None else root, base_url), title)


def _without_title(body: Body, title: str | None) -> Body:
    """Return `body` without a first paragraph that only repeats the page title."""
    if title and body.paragraphs and _norm(body.paragraphs[0]) == _norm(title):
        body.paragraphs = body.paragraphs[1:]
    return body


def parse_html_text(text: str, path: str, options: ParseOptions, source_format: str = "html",
                    fallback_url: str | None = None, utf8: bytes | None = None) -> LiveBlog:
    """Parse decoded HTML text into an un-enriched `LiveBlog`.

    `utf8`: the bytes `text` is the strict UTF-8 decoding of, if it is (see `parse_document`).
    Raises `InputError` when the page holds no readable text at all.
    """
    root, parse_warnings = parse_document(text, path, utf8)
    structured = read_jsonld(root)
    meta = meta_values(root)
    facts = page_facts(root, meta, structured, fallback_url)
    headline_xpaths = facts.hints.headline_xpaths if facts.hints else ()
    entries = find_entries(root, structured.updates, headline_xpaths)
    records = structured.updates
    usable = usable_fields(records, facts.title or structured.headline)
    matches = match_by_text([element_text(e.element) for e in entries], records, match_records(entries, records))
    base = facts.url
    dom_drafts = [
        draft_from_entry(entry, records[m] if m is not None else None, base, usable)
        for entry, m in zip(entries, matches, strict=True)
    ]
    attach_time_signals(dom_drafts, entries, [records[m] if m is not None else None for m in matches])
    dom_drafts = [d for d in dom_drafts
                  if d.headline or d.body.paragraphs or d.body.quotes or d.body.captions]
    used = {m for m in matches if m is not None}
    # A synthetic record (time + first words) that matches no post on the page is not a post.
    extra_records = [r for i, r in enumerate(records) if i not in used and not is_synthetic(r)]
    extra_bodies = structured_bodies([r.body_html for r in extra_records], base)
    extra = [draft_from_record(r, body, usable) for r, body in zip(extra_records, extra_bodies, strict=True)]
    extra = [d for d in extra if d.headline or d.body.paragraphs]
    drafts = drop_labels(drop_copies(merge_in_order(dom_drafts, extra)))
    warnings: list[str] = list(parse_warnings)
    intro, intro_captions = _intro(root, base, entries, meta, structured)
    if not drafts:
        body = main_text(root, base, facts.title)
        if not body.paragraphs and not body.captions:
            if intro:
                body = Body(paragraphs=intro.split("\n\n"))
                intro = None
            else:
                raise InputError(path, "no live-blog updates and no readable text in this HTML page")
        warnings.append(f"{path}: {NO_STRUCTURE_WARNING}")
        drafts = [_Draft(None, body, None, None, None, from_dom=True)]
    resolution: Resolution = resolve([d.signals for d in drafts], page_signals(root, meta, facts, structured, options,
                                                                                          entries))
    zone = resolution.zone
    times = [(t.time, t.instant) for t in resolution.times]
    page_url = urldefrag(facts.url)[0] if facts.url else None
    paragraph_tuples = [tuple(d.body.paragraphs) for d in drafts]
    # Ids first, so each update is built once, with its id (`assign_ids` would copy every one).
    ids = unique_ids([(clock, d.headline, paragraphs)
                      for d, (clock, _), paragraphs in zip(drafts, times, paragraph_tuples, strict=True)])
    updates = tuple(
        Update(
            id=update_id,
            time=clock,
            datetime=value,
            headline=d.headline,
            paragraphs=paragraphs,
            captions=tuple(d.body.captions),
            links=tuple(d.body.links),
            quotes=tuple(d.body.quotes),
            author=d.author,
            label=resolved.label,
            permalink=f"{page_url}#{quote(d.anchor, safe='-._~')}" if page_url and d.anchor else None,
        )
        for d, (clock, value), paragraphs, update_id, resolved in zip(
            drafts, times, paragraph_tuples, ids, resolution.times, strict=True)
    )
    return LiveBlog(
        title=facts.title,
        source=Source(path=path, format=source_format, publisher=facts.publisher, url=facts.url),
        published=in_zone(facts.published, zone) if facts.published else None,
        modified=in_zone(facts.modified, zone) if facts.modified else None,
        intro=intro,
        intro_captions=intro_captions,
        updates=updates,
        warnings=tuple(warnings),
        time_notes=resolution.notes,
        language=page_language(root, meta),
    )


def is_utf8_of(data: bytes, text: str) -> bool:
    """Return True if `text` is exactly the strict UTF-8 decoding of `data` (no BOM, no other codec)."""
    try:
        return data.decode("utf-8") == text
    except UnicodeDecodeError:
        return False


def parse_html(data: bytes, path: str, options: ParseOptions) -> LiveBlog:
    """Decode and parse HTML bytes (the `FORMATS` entry point for "html")."""
    text, warning = decode_html(data, path)
    try:
        blog = parse_html_text(text, path, options, utf8=data if warning is None and is_utf8_of(data, text) else None)
    except RecursionError:
        raise InputError(path, "HTML nested too deeply to parse") from None
    if warning:
        blog = replace(blog, warnings=(warning, *blog.warnings))
    return blog
