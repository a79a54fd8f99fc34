"""The live-blog model: the one plain, typed, immutable structure every parser produces.

The TUI, the JSON export and the tests all consume these classes. Nothing here knows
about HTML, text layout or Textual.
"""

from __future__ import annotations

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


@dataclass(slots=True, frozen=True)
class Update:
    """One timestamped entry of a live blog.

    `time` is the wall-clock time as the page shows it ("HH:MM", 24-hour), `datetime`
    the full aware datetime when the date is known. `paragraphs` is the body text,
    one string per paragraph; captions and links are kept apart from it.
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


def displayed_strings(blog: LiveBlog) -> Iterator[str]:
    """Yield every non-empty text field of `blog` that can reach a display or an export.

    Accepts a parsed blog; used to check, in one place, that untrusted text was cleaned.
    """
    for value in (blog.title, blog.intro, blog.source.publisher, blog.source.url):
        if value:
            yield value
    yield from blog.intro_captions
    yield from blog.suggested_topics
    for update in blog.updates:
        for value in (update.headline, update.author, update.time):
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
