"""Parsers: turn saved live-blog files into the immutable `LiveBlog` model."""

from parsers.errors import InputError, LiveBlogError
from parsers.model import Link, LiveBlog, Quote, Source, Update
from parsers.options import ParseOptions
from parsers.pipeline import load_liveblog, parse_bytes

__all__ = [
    "InputError",
    "Link",
    "LiveBlog",
    "LiveBlogError",
    "ParseOptions",
    "Quote",
    "Source",
    "Update",
    "load_liveblog",
    "parse_bytes",
]
