"""The one pipeline: bytes on disk -> detect format -> parse -> enrich -> LiveBlog."""

from __future__ import annotations

from parsers.formats import detect_format
from parsers.model import LiveBlog
from parsers.options import ParseOptions
from parsers.reading import read_input


def parse_bytes(data: bytes, path: str, options: ParseOptions | None = None) -> LiveBlog:
    """Parse article bytes (any supported format) into an un-enriched `LiveBlog`.

    Raises only `LiveBlogError` subclasses on bad input.
    """
    options = options or ParseOptions()
    return detect_format(data).load_parser()(data, path, options)


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
    if enrich:
        from parsers.enrich import enrich_liveblog

        blog = enrich_liveblog(blog, topics_file=topics_file)
    return blog
