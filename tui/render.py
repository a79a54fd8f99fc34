"""Build what the reader shows from the model, as `Content` objects, never as markup strings.

Article text is untrusted: every piece of it enters a `Content(...)` or a `(text, style)`
tuple of `Content.assemble`, which are never parsed for markup, so `[bold]` or
`[@click=app.quit]` in an article shows literally and does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from urllib.parse import urlsplit

from textual.content import Content

from parsers.export import stamp_of
from parsers.model import LiveBlog, Update
from parsers.normalise.clean import clean_inline
from parsers.query import match_spans
from parsers.quoting import place_quotes, quote_key

HEADLINE_STYLE = "bold $text"
STAMP_STYLE = "$text-muted"
LABEL_STYLE = "bold $text-muted"
SPEAKER_STYLE = "$accent"
TOPIC_STYLE = "$secondary"
QUOTE_STYLE = "italic $success"
SPEAKER_MARK_STYLE = "italic $text-muted"
CAPTION_STYLE = "italic $text-muted"
LINK_NUMBER_STYLE = "bold $primary"
LINK_STYLE = "underline $text-primary"
MATCH_STYLE = "bold $background on $warning"
WEB_SCHEMES = ("http", "https")


def count_of(number: int, noun: str, plural: str | None = None) -> str:
    """Return `number` with `noun` in the singular or plural: "1 update", "3 updates", "0 updates"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def is_web_url(url: str) -> bool:
    """Return True when `url` is an absolute http or https URL (the only kind the reader opens)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def paragraph_contents(update: Update) -> list[Content]:
    """Return each paragraph of the update as it is written, its quotes highlighted.

    A quote may span paragraphs; each is shown once, in place. Who speaks is never written into
    the sentence: a dim line under the paragraph where a quote ends names its speaker(s).
    """
    placed, _missing = place_quotes(update)
    spans: list[list[tuple[int, int]]] = [[] for _ in update.paragraphs]
    speakers: list[list[str]] = [[] for _ in update.paragraphs]
    for item in placed:
        for index in range(item.first, item.last + 1):
            start = item.start if index == item.first else 0
            end = item.end if index == item.last else len(update.paragraphs[index])
            spans[index].append((start, end))
        speaker = item.quote.speaker
        if speaker and speaker not in speakers[item.last]:
            speakers[item.last].append(speaker)
    contents = []
    for paragraph, quoted, names in zip(update.paragraphs, spans, speakers, strict=True):
        content = Content(paragraph)
        for start, end in quoted:
            content = content.stylize(QUOTE_STYLE, start, end)
        if names:
            content = Content.assemble(content, "\n", ("↳ ", SPEAKER_MARK_STYLE),
                                       (" · ".join(names), SPEAKER_MARK_STYLE))
        contents.append(content)
    return contents


def _names_line(label: str, names: Sequence[str], style: str) -> Content:
    pieces: list[str | tuple[str, str]] = [(f"{label}: ", LABEL_STYLE)]
    for number, name in enumerate(names):
        if number:
            pieces.append(", ")
        pieces.append((name, style))
    return Content.assemble(*pieces)


def update_content(update: Update, query: str = "") -> Content:
    """Return the detail pane's view of an update, with `query` matches highlighted.

    Shows the headline, full date and time, speakers and topics, then the body with quotes
    highlighted (speakers named under the paragraph), captions styled as captions, and links numbered.
    """
    blocks: list[Content] = []
    if update.headline:
        blocks.append(Content.assemble((update.headline, HEADLINE_STYLE)))
    meta = [Content.assemble((stamp_of(update), STAMP_STYLE))]
    if update.author:
        meta.append(Content.assemble(("By ", STAMP_STYLE), (update.author, STAMP_STYLE)))
    if update.speakers:
        meta.append(_names_line("Speakers", update.speakers, SPEAKER_STYLE))
    if update.topics:
        meta.append(_names_line("Topics", update.topics, TOPIC_STYLE))
    blocks.append(Content("\n").join(meta))
    blocks.extend(paragraph_contents(update))
    # A quote that is nowhere in the body (nor in the headline or a caption, on screen already)
    # is shown after it, once.
    elsewhere = quote_key(" ".join((update.headline or "", *update.captions, *update.paragraphs)))
    for quote in update.quotes:
        if quote.text and quote_key(quote.text) not in elsewhere:
            label = [("\n↳ ", SPEAKER_MARK_STYLE), (quote.speaker, SPEAKER_MARK_STYLE)] if quote.speaker else []
            blocks.append(Content.assemble(("“", QUOTE_STYLE), (quote.text, QUOTE_STYLE), ("”", QUOTE_STYLE), *label))
    for caption in update.captions:
        blocks.append(Content.assemble(("Caption: ", CAPTION_STYLE), (caption, CAPTION_STYLE)))
    if update.links:
        lines = []
        for number, link in enumerate(update.links, 1):
            key = f"[{number}]" if number <= 9 else f"({number})"
            shown = f"{link.text} " if link.text and link.text != link.url else ""
            lines.append(Content.assemble((key, LINK_NUMBER_STYLE), " ", shown, (link.url, LINK_STYLE)))
        blocks.append(Content("\n").join(lines))
    return highlight(Content("\n\n").join(blocks), query)


def highlight(content: Content, query: str) -> Content:
    """Return `content` with every case-insensitive occurrence of `query` styled as a match."""
    for start, end in match_spans(content.plain, query):
        content = content.stylize(MATCH_STYLE, start, end)
    return content


def date_span(first: date, last: date) -> str:
    """Return the days from `first` to `last` as a reader says them: "12 April 2017",
    "2–5 August 2024", "30 July – 2 August 2024" or "30 December 2023 – 2 January 2024"."""
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"
    return f"{first.day} {first:%B %Y} – {last.day} {last:%B %Y}"


def blog_dates(blog: LiveBlog) -> str | None:
    """Return the days the blog's updates span (see `date_span`), else its publication day, else None."""
    days = [u.datetime.date() for u in blog.updates if u.datetime is not None]
    if days:
        return date_span(min(days), max(days))
    return date_span(blog.published.date(), blog.published.date()) if blog.published else None


def header_content(blog: LiveBlog) -> Content:
    """Return the header line: publisher and the days the blog spans when known, then its title.

    The short metadata comes first so that a long title, cut at the screen's edge, never
    hides it.
    """
    title = blog.title or clean_inline(blog.source.path)
    extra = [m for m in (blog.source.publisher, blog_dates(blog)) if m]
    parts: list[str | tuple[str, str]] = []
    for item in extra:
        parts += [(str(item), "$text-muted"), (" · ", "$text-muted")]
    parts.append((title, "bold"))
    return Content.assemble(*parts)


def intro_row_text(blog: LiveBlog) -> str | None:
    """Return the text of the timeline's "Intro" row (the intro's start), or None when the blog has no intro."""
    if not blog.intro or not blog.intro.strip():
        return None
    return blog.intro.strip().split("\n", 1)[0]


def intro_content(blog: LiveBlog) -> Content:
    """Return what the detail pane shows when no update is selected: the title and intro."""
    parts = [Content.assemble((blog.title or clean_inline(blog.source.path), HEADLINE_STYLE))]
    if blog.intro:
        parts.append(Content(blog.intro))
    if not blog.updates:
        parts.append(Content.assemble(("This article has no updates.", STAMP_STYLE)))
    return Content("\n\n").join(parts)


def copy_text(update: Update) -> str:
    """Return an update as the plain text copied to the clipboard: stamp, headline, body, links."""
    lines = [stamp_of(update)]
    if update.headline:
        lines.append(update.headline)
    lines += ["", update.text]
    lines += [link.url for link in update.links]
    return "\n".join(lines).rstrip() + "\n"
