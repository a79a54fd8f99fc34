"""Which articles to open and how to parse them; no Textual here, so the CLI can check paths first."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from parsers.errors import InputError
from parsers.loader import parse_bytes
from parsers.model import LiveBlog
from parsers.options import ParseOptions
from parsers.reading import read_input

# Files up to this size are parsed before the screen is drawn; larger ones in a worker
# behind a progress indicator, so the screen appears at once.
EAGER_PARSE_BYTES = 2 * 1024 * 1024
ARTICLE_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml", ".mht", ".txt", ".text", ".md")


@dataclass(slots=True, frozen=True)
class Settings:
    """How to parse articles: the command-line parse options and the user topics file."""

    options: ParseOptions = field(default_factory=ParseOptions)
    topics_file: str | None = None

    def parse(self, data: bytes, path: str) -> LiveBlog:
        """Return the parsed and enriched blog for `data` read from `path`. Raises `LiveBlogError`."""
        return self.enrich(self.parse_only(data, path))

    def parse_only(self, data: bytes, path: str) -> LiveBlog:
        """Return the blog for `data` without enrichment (no quotes, speakers or topics yet)."""
        return parse_bytes(data, path, self.options)

    def enrich(self, blog: LiveBlog) -> LiveBlog:
        """Return `blog` with quotes, speakers and topics filled in."""
        from parsers.enrich import enrich_liveblog

        return enrich_liveblog(blog, topics_file=self.topics_file)

    def load(self, path: str) -> LiveBlog:
        """Read and parse the file at `path`. Raises `LiveBlogError` with a one-line message."""
        return self.parse(read_input(path, self.options.max_bytes), path)


@dataclass(slots=True)
class Article:
    """One article to show: its path, and its blog once parsed (or the bytes still to parse)."""

    path: str
    blog: LiveBlog | None = None
    data: bytes | None = None
    error: str | None = None
    enriched: bool = True  # False: `blog` still lacks speakers and topics (the reader adds them)


def is_article_file(entry: Path) -> bool:
    """Return True for a non-hidden regular file with an article suffix (how directories are read)."""
    return entry.is_file() and not entry.name.startswith(".") and entry.suffix.lower() in ARTICLE_SUFFIXES


def expand_paths(paths: list[str]) -> list[str]:
    """Return the article files named by `paths`: files as given, directories as their article files.

    A directory contributes its non-hidden regular files with a known article suffix, sorted
    by name. Raises `InputError` for a missing path or a directory without article files.
    """
    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(str(entry) for entry in Path(path).iterdir() if is_article_file(entry))
            if not found:
                suffixes = ", ".join(ARTICLE_SUFFIXES)
                raise InputError(path, f"directory holds no article files ({suffixes})")
            files += found
        else:
            files.append(path)
    return files


def prepare(paths: list[str], settings: Settings) -> list[Article]:
    """Return the articles to open, checking every file before any screen is drawn.

    Each file is read now (so a bad path raises `InputError` with the export's one-line
    message). A single small file is also parsed now, and enriched by the reader in a worker
    after its first frame; larger files and the files of a picker are parsed in a worker.
    """
    files = expand_paths(paths)
    articles = [Article(path=path, data=read_input(path, settings.options.max_bytes)) for path in files]
    if len(articles) == 1:
        only = articles[0]
        if only.data is not None and len(only.data) <= EAGER_PARSE_BYTES:
            only.blog, only.data = settings.parse_only(only.data, only.path), None
            only.enriched = False
    return articles
