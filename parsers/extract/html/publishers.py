"""The one table of HTML knowledge: generic selectors, attribute names and per-publisher hints.

Everything the HTML parser knows about page templates lives here as data. The parser's
code is generic; a new publisher or template is a new row (or a new selector in a list),
never a new `if` in the code. XPath is used rather than CSS so that no extra dependency
is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class PublisherHints:
    """What a publisher's pages need beyond the generic rules.

    `domains` are host suffixes ("theguardian.com"). `zone` is the IANA zone the
    publisher's readers see times in, used when the page itself never says (its
    datetimes are all UTC and its displayed clocks carry no zone). `headline_xpaths` are
    tried before the generic ones, relative to an entry element.
    """

    name: str
    domains: tuple[str, ...]
    zone: str | None = None
    headline_xpaths: tuple[str, ...] = ()


PUBLISHERS: tuple[PublisherHints, ...] = (
    PublisherHints("The Guardian", ("theguardian.com", "guardian.co.uk"), "Europe/London"),
    PublisherHints("The New York Times", ("nytimes.com",), "America/New_York"),
    PublisherHints("The Independent", ("independent.co.uk",), "Europe/London"),
    PublisherHints("Daily Mirror", ("mirror.co.uk",), "Europe/London"),
    PublisherHints("Daily Express", ("express.co.uk",), "Europe/London"),
    PublisherHints("Cork Beo", ("corkbeo.ie",), "Europe/Dublin"),
    PublisherHints("WP SportoweFakty", ("sportowefakty.wp.pl",), "Europe/Warsaw"),
    PublisherHints("BBC News", ("bbc.co.uk", "bbc.com"), "Europe/London"),
    PublisherHints("Sky News", ("news.sky.com",), "Europe/London"),
)


def hints_for_url(url: str | None) -> PublisherHints | None:
    """Return the hints whose domain is the host of `url` (or a parent of it), else None."""
    if not url:
        return None
    match = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", url.strip(), re.IGNORECASE)
    if not match:
        return None
    host = match.group(1).lower()
    for hints in PUBLISHERS:
        if any(host == d or host.endswith("." + d) for d in hints.domains):
            return hints
    return None


# --- Generic rules (every publisher) -------------------------------------------------
# XPaths say `descendant::x` (relative) or `/descendant::x` (whole page) rather than `.//x`
# and `//x`: the same elements in the same order (no positional predicates here), but
# libxml2 then walks the tree once instead of first listing every node below the start.
# `[@class][contains(@class, ...)]` selects what `[contains(@class, ...)]` does (no class: no
# match), but the cheap existence test skips the string function on most elements.

# Elements whose whole subtree is never article text.
DROP_TAGS: frozenset[str] = frozenset(
    (
        "script", "style", "noscript", "template", "svg", "math", "button", "form", "input",
        "select", "textarea", "option", "iframe", "object", "embed", "canvas", "video", "audio",
        "source", "track", "picture", "img", "nav", "aside", "footer", "header", "head", "link",
        "meta", "time", "amp-timeago", "amp-ad", "amp-embed", "amp-analytics", "amp-social-share",
        "amp-sidebar", "amp-consent", "amp-geo", "amp-list", "amp-img", "amp-iframe", "dialog"
    )
)

# A class or id token that marks furniture: ads, share bars, related boxes, sign-ups,
# cookie notices, comment counts. Matched against each whitespace-separated token (and
# the id) in full, so "shadow" or "headline" never match "ad".
FURNITURE_TOKEN = re.compile(
    r"^(?:.*[-_])?(?:ad|ads|advert|advertisement|adslot|ad-slot|ad-container|dfp|gpt|mpu|billboard"
    r"|sponsored|promo|promotion|share|sharing|social|social-share|share-bar|sharebar|shares"
    r"|related|related-content|related-links|read-more|readmore|more-on|recommended|outbrain"
    r"|taboola|newsletter|newsletter-signup|signup|sign-up|subscribe|subscription|cookie"
    r"|cookies|consent|gdpr|comments|comment-count|paywall|banner|popup|modal|toolbar|tags"
    r"|breadcrumbs?|byline-share|print|skip-link)(?:[-_].*)?$",
    re.IGNORECASE,
)
# Class tokens that look like furniture by the rule above but are article content.
FURNITURE_EXCEPTIONS: frozenset[str] = frozenset(
    {"twitter-tweet", "instagram-media", "tiktok-embed", "related-article-quote"}
)

# Where a live blog's entries carry their time outside any <time> element: attributes
# holding an epoch (ms or s) or an ISO date. Names are matched in full, then by pattern.
TIME_ATTRIBUTES: tuple[str, ...] = (
    "datetime", "data-post-time", "data-sort-time", "data-timestamp", "data-time",
    "data-published", "data-publish-time", "data-date", "data-epoch", "data-created",
    "data-first-published", "data-published-time",
)
TIME_ATTRIBUTE_PATTERN = re.compile(r"^data-(?:[\w-]*-)?(?:time|timestamp|date|published|posted|epoch)$")
# Attributes that also hold times but describe a later edit, never when the entry was posted.
MODIFIED_ATTRIBUTE_PATTERN = re.compile(r"(?:update|modif|edit|expire|last)", re.IGNORECASE)
# Elements that display a time to the reader (their datetime attribute is what the page shows).
VISIBLE_TIME_TAGS: frozenset[str] = frozenset({"time", "amp-timeago"})

# Headings, and the tags that can lead a flat run of an entry's elements (`<h2>12.31 Uhr: …</h2><p>…`).
HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
RUN_HEAD_TAGS: frozenset[str] = HEADING_TAGS | {"p", "strong", "b", "dt"}

# Entry headline, relative to the entry element; first match wins.
HEADLINE_XPATHS: tuple[str, ...] = (
    "descendant::*[@itemprop='headline']",
    "descendant::h2",
    "descendant::h3",
    "descendant::h4",
    "descendant::h5",
    "descendant::h6",
    # No heading element: a block named as the entry's title in BEM style ("coventry__title", "post__title"),
    # unless it is the title of a teaser link to another article.
    "descendant::*[@class][contains(@class, '__title')][not(ancestor::a)]",
)

# The per-entry byline, relative to the entry element; first match wins.
AUTHOR_XPATHS: tuple[str, ...] = (
    "descendant::*[@itemprop='author']",
    "descendant::*[@itemprop='author']/descendant::*[@itemprop='name']",
    "descendant::*[@rel='author']",
    "descendant::*[@class][contains(@class, 'entry-info')]/descendant::mark",
    # A contributor block names the person, then their role: the name part is the byline.
    "descendant::*[@class][(contains(@class, 'author') or contains(@class, 'contributor'))"
    " and contains(@class, 'name')]",
    "descendant::*[@class][contains(@class, 'author')]",
    "descendant::*[@class][contains(@class, 'byline')]",
    "descendant::*[@class][contains(@class, 'contributor')]",
    # A contributor avatar: the byline is the text that repeats the avatar's alt text.
    "descendant::header/descendant::*[not(self::img)][normalize-space(text()) != '']"
    "[normalize-space(text()) = ancestor::header[1]//img/@alt]",
)

# What every AUTHOR_XPATHS expression needs somewhere inside an entry (a necessary condition,
# checked in one pass before running the eight XPaths, since most entries have no byline):
# one of these attribute values, a class containing one of these words, or both of these tags.
# Keep it in step with AUTHOR_XPATHS (tests/test_html.py checks each expression names a cue).
AUTHOR_ATTRIBUTE_CUES: tuple[tuple[str, str], ...] = (("itemprop", "author"), ("rel", "author"))
AUTHOR_CLASS_CUES: tuple[str, ...] = ("entry-info", "author", "byline", "contributor")
AUTHOR_TAG_CUES: frozenset[str] = frozenset({"header", "img"})

# Labels shown where a byline usually is; they are not names (Reach marks key events so).
BYLINE_LABELS: frozenset[str] = frozenset(
    {"key event", "key events", "pinned", "pinned post", "breaking", "update", "updated", "live", "summary",
     "advertisement", "sponsored"}
)
# A paragraph that is only a pointer to another article ("Read more: ...", "READ MORE: ...").
READ_MORE_LINE = re.compile(r"^(?:read|see|watch) (?:more|also)\b\s*[:|-]|^related(?: articles?| stories)?\s*:",
                            re.IGNORECASE)

# Tags dropped from bodies but allowed to hold an entry's headline or byline.
STRUCTURAL_TAGS: frozenset[str] = frozenset({"header", "footer", "aside"})

# The page's standfirst / lead; first match wins, else the meta description.
INTRO_XPATHS: tuple[str, ...] = (
    "/descendant::*[@data-gu-name='standfirst']",
    "/descendant::*[@class][contains(@class, 'live-event-lead-entry')]",
    "/descendant::*[@data-testid='standfirst' or @data-test-id='standfirst']",
    "/descendant::*[@class][contains(@class, 'standfirst')]",
    "/descendant::*[@class][contains(@class, 'article-summary') or contains(@class, 'sub-headline')]",
)

# Markers that an entry is a copy shown elsewhere on the page (pinned post, key events,
# summary box). Such a copy is dropped when the same update also appears in the stream.
# Class and id words in the languages of `normalise.furniture`'s word lists, not only English.
COPY_MARKER = re.compile(
    r"pinned|key-?events?|key-?points?|summary|highlights?|carousel"
    r"|angepinnt|zusammenfassung|das-wichtigste|epingl|essentiel|fissat|punti-?chiave|riepilogo|fijad|destacad",
    re.IGNORECASE)

# A class token marking a photo caption or credit outside <figcaption> ("newsCaption").
CAPTION_CLASS = re.compile(r"caption", re.IGNORECASE)

# Embedded social posts kept as quotes: class token -> the cue verb for the quote.
EMBED_QUOTE_CUES: dict[str, str] = {
    "twitter-tweet": "tweeted",
    "instagram-media": "posted",
    "tiktok-embed": "posted",
}

# Main-text containers for a page that has no live-blog structure, best first.
MAIN_TEXT_XPATHS: tuple[str, ...] = (
    "/descendant::*[@itemprop='articleBody']",
    "/descendant::article",
    "/descendant::main",
    "/descendant::*[@role='main']",
    "/descendant::*[@class][contains(@class, 'article-body') or contains(@class, 'article__body')]",
)
