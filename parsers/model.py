"""The live-blog model: the one plain, typed, immutable structure every parser produces.

The TUI, the JSON export and the tests all consume these classes. Nothing here knows
about HTML, text layout or Textual.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True, frozen=True)
class Quote:
    """A quotation inside an update: its words, who said them (if known) and the cue verb."""

    text: str
    speaker: str | None = None
    cue: str | None = None


@dataclass(slots=True, frozen=True)
class Link:
    """A hyperlink inside an update: its target and the text it was shown with."""

    url: str
    text: str = ""


@dataclass(slots=True, frozen=True)
class Source:
    """Where a live blog came from: the file path, detected format and page metadata."""

    path: str
    format: str  # "text", "html", "mhtml", ...
    publisher: str | None = None
    url: str | None = None

    @property
    def shown_path(self) -> str:
        """Return `path` as it may be shown or written: through `clean_text`, like article text.

        `path` itself stays as given (it names the file to read again); a file name is untrusted
        (escape sequences, bytes that are not UTF-8), so every display and export uses this.
        """
        from parsers.normalise.clean import clean_text

        return clean_text(self.path)


@dataclass(slots=True, frozen=True)
class Update:
    """One timestamped entry of a live blog.

    `time` is the wall-clock time as the page shows it ("HH:MM", 24-hour), `datetime`
    the full aware datetime when the date is known. `label` is what the page shows instead
    of a clock, when it shows no clock: a match minute ("45'", "90+3'"); such an update has
    no invented `time`. `paragraphs` is the body text, one string per paragraph; captions
    and links are kept apart from it.
    """

    id: str
    time: str | None
    datetime: datetime | None
    headline: str | None
    paragraphs: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    quotes: tuple[Quote, ...] = ()
    speakers: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    author: str | None = None
    label: str | None = None
    permalink: str | None = None  # the page address that shows this update, when the page gives one

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def title_or_lead(self) -> str:
        """The headline, or the first words of the body when there is no headline."""
        if self.headline:
            return self.headline
        for para in self.paragraphs:
            if para.strip():
                return para.strip()
        return ""


@dataclass(slots=True, frozen=True)
class LiveBlog:
    """A whole live blog: page-level metadata plus its updates in source order."""

    title: str | None
    source: Source
    published: datetime | None = None
    intro: str | None = None
    updates: tuple[Update, ...] = ()
    intro_captions: tuple[str, ...] = ()
    modified: datetime | None = None
    warnings: tuple[str, ...] = field(default=())
    suggested_topics: tuple[str, ...] = ()
    # How the times were decided, one sentence per decision (`parsers.normalise.instants`).
    time_notes: tuple[str, ...] = ()
    # ISO 639-1 code ("en", "it") as the page declares it (`lang`, `og:locale`), else as enrichment guesses
    # it from the text; None when neither knows. Enrichment picks its speech words by it.
    language: str | None = None


_LANGUAGE_TAG_RE = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")


def language_code(tag: str | None) -> str | None:
    """Return the lower-case ISO 639 language of a language tag ("it-IT", "en_GB" -> "it", "en").

    Accepts an HTML `lang` value, an `og:locale` or a bare code; returns None for a missing or
    malformed tag. `LiveBlog.language` holds what this returns.
    """
    if not tag:
        return None
    m = _LANGUAGE_TAG_RE.match(tag)
    return m.group(1).lower() if m else None


def displayed_strings(blog: LiveBlog) -> Iterator[str]:
    """Yield every non-empty text field of `blog` that can reach a display or an export.

    Accepts a parsed blog; used to check, in one place, that untrusted text was cleaned.
    """
    for value in (blog.title, blog.intro, blog.source.publisher, blog.source.url):
        if value:
            yield value
    yield from blog.intro_captions
    yield from blog.suggested_topics
    yield from blog.time_notes
    for update in blog.updates:
        for value in (update.headline, update.author, update.time, update.label):
            if value:
                yield value
        yield from update.paragraphs
        yield from update.captions
        yield from update.speakers
        yield from update.topics
        for link in update.links:
            yield link.url
            yield link.text
        for quote in update.quotes:
            yield quote.text
            if quote.speaker:
                yield quote.speaker
            if quote.cue:
                yield quote.cue
