"""The one pipeline: bytes on disk -> detect format -> parse -> enrich -> LiveBlog."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import replace

from parsers.errors import InputError, LiveBlogError
from parsers.model import LiveBlog
from parsers.options import ParseOptions
from parsers.read.detect import detect_format
from parsers.read.input import read_input


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the garbage collector (when it is on) for the block, then turn it on again.

    Why: parsing, enriching and decoding build many small objects that stay alive to the end
    and hold no reference cycles; the collector's passes meanwhile walk them all for nothing,
    more and more of them as the blog grows (issue 17: 9-18% of a large blog's parse and
    enrichment). Whatever cyclic garbage the block leaves is collected afterwards.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def parse_bytes(data: bytes, path: str, options: ParseOptions | None = None) -> LiveBlog:
    """Parse article bytes (any supported format) into an un-enriched `LiveBlog`.

    Raises only `LiveBlogError` subclasses on bad input.
    """
    options = options or ParseOptions()
    try:
        with collector_paused():
            return detect_format(data).load_parser()(data, path, options)
    except RecursionError:
        # Parsers walk nested input iteratively where they can, and a library that recurses
        # (html5 trees, email MIME parts, json) is guarded where it is called; this is the last
        # line, so that no input depth ever shows a thousand-frame traceback.
        raise InputError(path, "input nested too deeply to read") from None


# Enrichment (quotes, speakers, topics) costs several seconds per MB of article text, far
# more than parsing. Above this much text it is skipped with a warning, so that a huge file
# (a 200 MB text dump, a 50 MB single line) still opens in about a minute rather than half an
# hour. Real live blogs hold well under 2 MB of text.
ENRICH_MAX_CHARS = 8 * 1024 * 1024


def text_chars(blog: LiveBlog) -> int:
    """Return how many characters of text enrichment would read in `blog`."""
    total = len(blog.title or "") + len(blog.intro or "")
    for update in blog.updates:
        total += len(update.headline or "") + sum(map(len, update.paragraphs)) + sum(map(len, update.captions))
    return total


def enrich_blog(blog: LiveBlog, topics_file: str | None = None) -> LiveBlog:
    """Return `blog` enriched, or unchanged with a warning when its text is over `ENRICH_MAX_CHARS`."""
    enriched = blog
    with collector_paused():  # all at once here (the steps, taken one by one elsewhere, leave it on)
        for step in enrich_blog_steps(blog, topics_file):
            enriched = step or enriched
    return enriched


def enrich_blog_steps(
    blog: LiveBlog, topics_file: str | None = None, *, partial: bool = False
) -> Iterator[LiveBlog | None]:
    """`enrich_blog` a few milliseconds at a time, as `parsers.enrich.run.enrich_steps` does it.

    Yields None between steps (where the caller may stop), with `partial` the blogs enriched in
    part as they are known, and `enrich_blog(blog)`'s result last.
    """
    from parsers.read.input import format_size

    chars = text_chars(blog)
    if chars > ENRICH_MAX_CHARS:
        warning = (f"{blog.source.path}: {format_size(chars)} of text is over the {format_size(ENRICH_MAX_CHARS)} "
                   "limit for finding speakers, quotes and topics; they are left out")
        yield replace(blog, warnings=(*blog.warnings, warning))
        return
    from parsers.enrich.run import enrich_steps

    try:
        yield from enrich_steps(blog, topics_file, partial=partial)
    except RecursionError:  # the last line, as in `parse_bytes`
        raise InputError(blog.source.path, "text or topics nested too deeply to find topics") from None


# A preview parses this much of the start of a large file: a hundred or more updates of a typical
# blog, enough for the first screens, in a small fraction of the whole parse.
PREVIEW_BYTES = 128 * 1024


def parse_preview(
    data: bytes, path: str, options: ParseOptions | None = None, size: int = PREVIEW_BYTES
) -> LiveBlog | None:
    """Return the first updates of `data`, parsed from its first `size` bytes, or None.

    For showing something while the whole of a large file is parsed: the bytes are cut at the
    last line break before `size` and parsed as any file is; the last update found is left out,
    since the cut may have shortened it. Returns None when `data` is not longer than `size`,
    or when its start alone does not parse (a JSON document cut short) or holds fewer than two
    updates. The whole parse must follow: the preview is only its first part when the file
    lists its updates in one run, as live blogs do (its ids, times and order are the parse's).
    """
    if len(data) <= size:
        return None
    cut = data.rfind(b"\n", 0, size)
    try:
        blog = parse_bytes(data[: cut if cut > 0 else size], path, options)
    except LiveBlogError:
        return None
    if len(blog.updates) < 2:
        return None
    return replace(blog, updates=blog.updates[:-1], warnings=())


def load_liveblog(
    path: str,
    options: ParseOptions | None = None,
    *,
    enrich: bool = True,
    topics_file: str | None = None,
) -> LiveBlog:
    """Read the file at `path` and return its fully parsed and enriched `LiveBlog`.

    Raises `InputError` (a `LiveBlogError`) with a one-line message for any bad input.
    The file is only ever read. `topics_file` names a TOML file of user topics.
    """
    options = options or ParseOptions()
    blog = parse_bytes(read_input(path, options.max_bytes), path, options)
    return enrich_blog(blog, topics_file) if enrich else blog
