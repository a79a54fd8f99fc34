"""Build what the reader shows from the model, as `Content` objects, never as markup strings.

Article text is untrusted: every piece of it enters a `Content(...)` or a `(text, style)`
tuple of `Content.assemble`, which are never parsed for markup, so `[bold]` or
`[@click=app.quit]` in an article shows literally and does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from textual.content import Content

from parsers.model import LiveBlog, Update
from parsers.normalise.clean import clean_inline
from parsers.query import match_spans

HEADLINE_STYLE = "bold $text"
STAMP_STYLE = "$text-muted"
LABEL_STYLE = "bold $text-muted"
SPEAKER_STYLE = "$accent"
TOPIC_STYLE = "$secondary"
QUOTE_STYLE = "italic $success"
QUOTE_SPEAKER_STYLE = "bold $success"
CAPTION_STYLE = "italic $text-muted"
LINK_NUMBER_STYLE = "bold $primary"
LINK_STYLE = "underline $text-primary"
MATCH_STYLE = "bold $background on $warning"
WEB_SCHEMES = ("http", "https")
CLOSING_QUOTES = "\"'”’»"


def long_date(value: datetime) -> str:
    """Return a datetime as the detail pane shows it, e.g. "Wednesday 12 April 2017, 21:56 BST"."""
    zone = value.tzname() or ""
    return f"{value:%A} {value.day} {value:%B %Y, %H:%M} {zone}".rstrip()


def stamp_of(update: Update) -> str:
    """Return the full date and time of an update when known, else its clock time, else "no time"."""
    if update.datetime is not None:
        return long_date(update.datetime)
    return update.time or "no time"


def is_web_url(url: str) -> bool:
    """Return True when `url` is an absolute http or https URL (the only kind the reader opens)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)


def _quote_spans(paragraph: str, update: Update) -> list[tuple[int, int, str | None]]:
    """Return non-overlapping `(start, end, speaker)` spans of the update's quotes in `paragraph`."""
    spans: list[tuple[int, int, str | None]] = []
    for quote in update.quotes:
        if not quote.text:
            continue
        start = paragraph.find(quote.text)
        if start < 0:
            continue
        end = start + len(quote.text)
        # Take the closing quotation mark (and punctuation just inside it) into the highlighted
        # span, so the speaker's name sits after the whole quotation.
        if end + 1 < len(paragraph) and paragraph[end] in ",.;:!?" and paragraph[end + 1] in CLOSING_QUOTES:
            end += 2
        elif end < len(paragraph) and paragraph[end] in CLOSING_QUOTES:
            end += 1
        if start > 0 and paragraph[start - 1] in "\"'“‘«":
            start -= 1
        if any(s < end and start < e for s, e, _ in spans):
            continue
        spans.append((start, end, quote.speaker))
    return sorted(spans)


def paragraph_content(paragraph: str, update: Update) -> tuple[Content, bool]:
    """Return one paragraph with its quotes highlighted and speakers named after each quote.

    Also returns whether any quote was found in it.
    """
    spans = _quote_spans(paragraph, update)
    if not spans:
        return Content(paragraph), False
    parts: list[str | Content | tuple[str, str]] = []
    position = 0
    for start, end, speaker in spans:
        parts.append(paragraph[position:start])
        parts.append((paragraph[start:end], QUOTE_STYLE))
        if speaker:
            parts.append((f" ({speaker})", QUOTE_SPEAKER_STYLE))
        position = end
    parts.append(paragraph[position:])
    return Content.assemble(*parts), True


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
    highlighted (speaker named beside each), captions styled as captions, and links numbered.
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
    # Quotes from the headline or a caption are already on screen there.
    shown_elsewhere = " ".join((update.headline or "", *update.captions))
    unplaced = [q for q in update.quotes if q.text and q.text not in shown_elsewhere]
    for paragraph in update.paragraphs:
        content, _found = paragraph_content(paragraph, update)
        unplaced = [q for q in unplaced if q.text not in paragraph]
        blocks.append(content)
    for quote in unplaced:
        label = [(f" ({quote.speaker})", QUOTE_SPEAKER_STYLE)] if quote.speaker else []
        quoted = Content.assemble(("“", QUOTE_STYLE), (quote.text, QUOTE_STYLE), ("”", QUOTE_STYLE))
        blocks.append(Content.assemble(quoted, *label))
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


def header_content(blog: LiveBlog) -> Content:
    """Return the header line: publisher and date when known, then the blog's title.

    The short metadata comes first so that a long title, cut at the screen's edge, never
    hides it.
    """
    title = blog.title or clean_inline(blog.source.path)
    extra = [m for m in (blog.source.publisher, blog.published and f"{blog.published:%-d %B %Y}") if m]
    parts: list[str | tuple[str, str]] = []
    for item in extra:
        parts += [(str(item), "$text-muted"), (" · ", "$text-muted")]
    parts.append((title, "bold"))
    return Content.assemble(*parts)


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
