"""The one pipeline: bytes on disk -> detect format -> parse -> enrich -> LiveBlog."""

from __future__ import annotations

from parsers.model import LiveBlog
from parsers.options import ParseOptions
from parsers.read.detect import detect_format
from parsers.read.input import read_input


def parse_bytes(data: bytes, path: str, options: ParseOptions | None = None) -> LiveBlog:
    """Parse article bytes (any supported format) into an un-enriched `LiveBlog`.

    Raises only `LiveBlogError` subclasses on bad input.
    """
    options = options or ParseOptions()
    return detect_format(data).load_parser()(data, path, options)


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
    from dataclasses import replace

    from parsers.read.input import format_size

    chars = text_chars(blog)
    if chars > ENRICH_MAX_CHARS:
        warning = (f"{blog.source.path}: {format_size(chars)} of text is over the {format_size(ENRICH_MAX_CHARS)} "
                   "limit for finding speakers, quotes and topics; they are left out")
        return replace(blog, warnings=(*blog.warnings, warning))
    from parsers.enrich.run import enrich_liveblog

    return enrich_liveblog(blog, topics_file=topics_file)


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
