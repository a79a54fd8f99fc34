"""Enrichment: quotes, speakers and topics for every update (filled in by the enrichment work)."""

from __future__ import annotations

from parsers.model import LiveBlog


def enrich_liveblog(blog: LiveBlog, topics_file: str | None = None) -> LiveBlog:
    """Return `blog` with quotes, speakers and topics filled in. Currently returns it unchanged."""
    return blog
