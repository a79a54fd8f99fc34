"""Export a `LiveBlog` as JSON (a stable contract), Markdown or plain text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

from parsers.model import LiveBlog, Update
from parsers.pipeline import collector_paused
from parsers.quoting import place_quotes, quoted_paragraphs

FORMATS = ("json", "markdown", "text")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def update_to_dict(update: Update) -> dict[str, Any]:
    """Return one update as the JSON-contract dict (see the README for the keys)."""
    return {
        "id": update.id,
        "time": update.time,
        "datetime": _iso(update.datetime),
        "headline": update.headline,
        "text": update.text,
        "paragraphs": list(update.paragraphs),
        "captions": list(update.captions),
        "links": [link.url for link in update.links],
        "link_texts": [link.text for link in update.links],
        "quotes": [{"text": q.text, "speaker": q.speaker, "cue": q.cue} for q in update.quotes],
        "speakers": list(update.speakers),
        "topics": list(update.topics),
        "author": update.author,
        "label": update.label,
        "permalink": update.permalink,
    }


def liveblog_to_dict(blog: LiveBlog, updates: Sequence[Update] | None = None) -> dict[str, Any]:
    """Return the whole blog as the JSON-contract dict; `updates` overrides which updates (and order)."""
    return {
        "title": blog.title,
        "source": {
            "path": blog.source.shown_path,
            "format": blog.source.format,
            "publisher": blog.source.publisher,
            "url": blog.source.url,
        },
        "published": _iso(blog.published),
        "modified": _iso(blog.modified),
        "intro": blog.intro,
        "intro_captions": list(blog.intro_captions),
        "suggested_topics": list(blog.suggested_topics),
        "time_notes": list(blog.time_notes),
        "language": blog.language,
        "updates": [update_to_dict(u) for u in (blog.updates if updates is None else updates)],
    }


def to_json(blog: LiveBlog, updates: Sequence[Update] | None = None) -> str:
    """Return the blog as pretty-printed JSON text (UTF-8, non-ASCII kept)."""
    with collector_paused():  # many small objects, no cycles (see `collector_paused`)
        return dumps_indented(liveblog_to_dict(blog, updates)) + "\n"


# Strings are escaped by the json module's own escaper (compiled, where CPython has it), as
# `json.dumps(..., ensure_ascii=False)` escapes them.
_encode_string: Callable[[str], str] = json.encoder.encode_basestring
_INDENT = "  "


def dumps_indented(value: Any) -> str:
    """Return `value` (dicts with string keys, lists, tuples, strings, numbers, booleans, None) as
    `json.dumps(value, ensure_ascii=False, indent=2)` writes it, character for character.

    Why not `json.dumps` itself: with `indent`, it uses its pure-Python encoder (a generator per
    nesting level); writing the indentation here and only the strings through the compiled escaper
    takes a fraction of its time on a large blog. Raises TypeError for any other value.
    """
    chunks: list[str] = []
    _write_json(value, 0, chunks)
    return "".join(chunks)


_STREAM_DEPTH = 2  # `iter_indented` may cut between the elements of the outer object and of the lists in it


def iter_indented(value: Any, batch: int = 1 << 20) -> Iterator[str]:
    """Yield `dumps_indented(value)` in pieces of about `batch` characters or more, cut only between
    elements of the outer object and of the lists in it (say, between two updates).

    Why: a 200 MB article's export, written whole, would take many times its size in memory.
    """
    chunks: list[str] = []
    measured = size = 0
    for _ in _stream_json(value, 0, chunks):
        size += sum(map(len, chunks[measured:]))  # only what this element added
        measured = len(chunks)
        if size >= batch:
            yield "".join(chunks)
            chunks.clear()
            measured = size = 0
    yield "".join(chunks)


def _stream_json(value: Any, depth: int, chunks: list[str]) -> Iterator[None]:
    """Append the JSON text of `value` to `chunks` as `_write_json` does, yielding after each element
    of a dict or list nested less than `_STREAM_DEPTH` deep (a point where the text may be cut)."""
    kind = type(value)
    if depth >= _STREAM_DEPTH or not value or not (kind is dict or kind is list or kind is tuple):
        _write_json(value, depth, chunks)
        return
    inner = "\n" + _INDENT * (depth + 1)
    if kind is dict:
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError("JSON object keys must be strings here")
            chunks.append(f"{separator}{_encode_string(key)}: ")
            yield from _stream_json(item, depth + 1, chunks)
            yield None
            separator = "," + inner
        chunks.append("\n" + _INDENT * depth + "}")
    else:
        separator = "[" + inner
        for item in value:
            chunks.append(separator)
            yield from _stream_json(item, depth + 1, chunks)
            yield None
            separator = "," + inner
        chunks.append("\n" + _INDENT * depth + "]")


def _write_json(value: Any, depth: int, chunks: list[str]) -> None:
    """Append the JSON text of `value`, nested `depth` levels deep, to `chunks` (see `dumps_indented`)."""
    kind = type(value)
    if kind is str:
        chunks.append(_encode_string(value))
    elif kind is dict or (kind is not list and kind is not tuple and isinstance(value, dict)):
        if not value:
            chunks.append("{}")
            return
        inner = "\n" + _INDENT * (depth + 1)
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError("JSON object keys must be strings here")
            if type(item) is str:  # most values: no call of their own
                chunks.append(f"{separator}{_encode_string(key)}: {_encode_string(item)}")
            elif item is None:
                chunks.append(f"{separator}{_encode_string(key)}: null")
            else:
                chunks.append(f"{separator}{_encode_string(key)}: ")
                _write_json(item, depth + 1, chunks)
            separator = "," + inner
        chunks.append("\n" + _INDENT * depth + "}")
    elif kind is list or kind is tuple or isinstance(value, (list, tuple)):
        if not value:
            chunks.append("[]")
            return
        inner = "\n" + _INDENT * (depth + 1)
        strings = list(map(_encode_string, value)) if all(type(item) is str for item in value) else None
        if strings is not None:  # paragraphs, captions, names: one join
            chunks.append(f"[{inner}{(',' + inner).join(strings)}\n{_INDENT * depth}]")
            return
        separator = "[" + inner
        for item in value:
            chunks.append(separator)
            _write_json(item, depth + 1, chunks)
            separator = "," + inner
        chunks.append("\n" + _INDENT * depth + "]")
    else:
        _write_json_scalar(value, chunks)


def _write_json_scalar(value: Any, chunks: list[str]) -> None:
    """Append the JSON text of a value that is no str, dict, list or tuple (see `dumps_indented`)."""
    if isinstance(value, str):  # a str subclass
        chunks.append(_encode_string(value))
    elif value is None:
        chunks.append("null")
    elif value is True:
        chunks.append("true")
    elif value is False:
        chunks.append("false")
    elif isinstance(value, (int, float)):
        chunks.append(json.dumps(value))  # the same text as json.dumps (NaN, Infinity, int subclasses)
    else:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def long_date(value: datetime) -> str:
    """Return a datetime as the reader shows it, e.g. "Wednesday 12 April 2017, 21:56 BST"."""
    zone = value.tzname() or ""
    return f"{value:%A} {value.day} {value:%B %Y, %H:%M} {zone}".rstrip()


def stamp_of(update: Update) -> str:
    """Return an update's date and time as the reader shows it, else its clock time, else "no time"."""
    if update.datetime is not None:
        return long_date(update.datetime)
    return update.time or update.label or "no time"


# At the start of a line: a list item ("- ", "+ ", "1. ", "2) "), a thematic break or setext
# underline ("---", "==="); escaped by a backslash before its marker.
_MARKDOWN_LINE_START = re.compile(r"^([ \t]*)(?:([-+=])|(\d{1,9})([.)]))", re.MULTILINE)


def _markdown_escape(text: str) -> str:
    """Escape characters that would turn article text into Markdown structure.

    Inline markers (emphasis, strikethrough, code, links, HTML, headings, tables) are escaped
    wherever they stand, line-start markers (lists, rules, setext underlines) at the start of
    each line, so that no article text can restructure the document.
    """
    out = text.replace("\\", "\\\\")
    for ch in "*_`[]<>#|~":
        out = out.replace(ch, "\\" + ch)
    return _MARKDOWN_LINE_START.sub(_escape_line_start, out)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, marker, number, delimiter = match.groups()
    return f"{indent}\\{marker}" if marker else f"{indent}{number}\\{delimiter}"


def _markdown_url(url: str) -> str:
    """Return `url` for a `<...>` link destination: the characters that could end it percent-encoded."""
    return url.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A")


def to_markdown(blog: LiveBlog, updates: Sequence[Update] | None = None) -> str:
    """Return a readable Markdown document: the title, then each update as a heading and its body."""
    chosen = blog.updates if updates is None else updates
    lines: list[str] = [f"# {_markdown_escape(blog.title or blog.source.shown_path)}", ""]
    meta = [m for m in (blog.source.publisher, blog.published and long_date(blog.published), blog.source.url) if m]
    if meta:
        lines += [" · ".join(_markdown_escape(m) for m in meta), ""]
    if blog.intro:
        lines += [_markdown_escape(p) + "\n" for p in blog.intro.split("\n\n")]
    for caption in blog.intro_captions:
        lines += [f"*{_markdown_escape(caption)}*", ""]
    for update in chosen:
        heading = stamp_of(update)
        if update.headline:
            heading += f" — {_markdown_escape(update.headline)}"
        lines += [f"## {heading}", ""]
        extras = [f"Speakers: {', '.join(update.speakers)}"] if update.speakers else []
        extras += [f"Topics: {', '.join(update.topics)}"] if update.topics else []
        if extras:
            lines += ["_" + _markdown_escape(" · ".join(extras)) + "_", ""]
        placed, _ = place_quotes(update)
        quoted = quoted_paragraphs(update, placed)  # a statement or tweet quoted in full: a block quote
        # who said a block quote, under its last paragraph (as the reader shows it beside the quote)
        said_by = {q.last: q.quote.speaker for q in placed if q.quote.speaker and q.last in quoted}
        for index, para in enumerate(update.paragraphs):
            lines += [("> " if index in quoted else "") + _markdown_escape(para), ""]
            if index in said_by:
                lines[-1:-1] = [">", f"> — {_markdown_escape(said_by[index] or '')}"]
        for caption in update.captions:
            lines += [f"*{_markdown_escape(caption)}*", ""]
        for number, link in enumerate(update.links, 1):
            label = _markdown_escape(link.text or link.url)
            lines += [f"{number}. [{label}](<{_markdown_url(link.url)}>)"]
        if update.links:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


TEXT_RULE = "=" * 60  # between updates in the text export


def to_text(blog: LiveBlog, updates: Sequence[Update] | None = None) -> str:
    """Return the blog as plain text: the title, then each update after a rule line: its date and
    time (as the reader shows them), headline, body, captions and numbered links with their texts."""
    chosen = blog.updates if updates is None else updates
    lines: list[str] = [blog.title or blog.source.shown_path, ""]
    if blog.intro:
        lines += [blog.intro, ""]
    for update in chosen:
        lines += [TEXT_RULE, stamp_of(update)]
        if update.headline:
            lines.append(update.headline)
        lines.append("")
        for para in update.paragraphs:
            lines += [para, ""]
        for caption in update.captions:
            lines += [f"[Caption] {caption}", ""]
        for number, link in enumerate(update.links, 1):
            text = f"{link.text} " if link.text and link.text != link.url else ""
            lines += [f"[{number}] {text}<{link.url}>"]
        if update.links:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


RENDERERS = {"json": to_json, "markdown": to_markdown, "text": to_text}


def render(blog: LiveBlog, fmt: str, updates: Sequence[Update] | None = None) -> str:
    """Return the blog rendered in `fmt` ("json", "markdown" or "text")."""
    return RENDERERS[fmt](blog, updates)
