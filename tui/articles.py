"""Which articles to open and how to parse them; no Textual here, so the CLI can check paths first."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from parsers.errors import InputError, LiveBlogError
from parsers.model import LiveBlog
from parsers.options import ParseOptions
from parsers.pipeline import parse_bytes
from parsers.read.detect import looks_like_liveblog
from parsers.read.input import read_input
from tui.library.link import LibraryLink

if TYPE_CHECKING:
    from tui.fetch.follow import Follower
    from tui.offload import ChildLoad

# Files up to this size are parsed before the screen is drawn. A larger one shows a preview of
# its first updates (`parsers.pipeline.parse_preview`) while the reader parses the whole of it
# in the background; one whose start cannot be previewed is still parsed first up to
# `EAGER_PARSE_BYTES`, and above that in the background behind a progress indicator.
PREVIEW_FROM_BYTES = 2 * 1024 * 1024
EAGER_PARSE_BYTES = 4 * 1024 * 1024
# How much of each file in a directory is read to decide whether it is a live blog.
SNIFF_BYTES = 65536


# A file as it was read: (real path, size, mtime_ns). The same identity means the same bytes.
FileIdentity = tuple[str, int, int]


def file_identity(path: str) -> FileIdentity | None:
    """Return `(real path, size, mtime_ns)` of the file at `path`, or None when it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return os.path.realpath(path), info.st_size, info.st_mtime_ns


class ParsedBlogs:
    """The blogs parsed in this session, one per file (the latest version), by file identity.

    Lets the picker, the reader and reload reuse a parse when the file is unchanged: the same
    path listed twice, an article opened while the picker was parsing it, `r` on a file that
    has not changed. Thread-safe: a second caller asking for a file being parsed waits for
    that parse instead of starting its own.

    `dependencies` are other files every parse reads (the user topics file): a parse is only
    reused while they, too, are unchanged, so editing topics.toml and pressing `r` takes effect.
    """

    def __init__(self, dependencies: tuple[str, ...] = ()) -> None:
        self.dependencies = dependencies
        # Called with every blog remembered (each a full parse): the library records it.
        self.on_remember: Callable[[FileIdentity, LiveBlog], None] | None = None
        self._blogs: dict[str, tuple[FileIdentity, tuple[FileIdentity | None, ...], LiveBlog]] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _dependency_stamp(self) -> tuple[FileIdentity | None, ...]:
        """Return the identities of the dependency files now (None for a missing one)."""
        return tuple(file_identity(path) for path in self.dependencies)

    def get(self, identity: FileIdentity | None) -> LiveBlog | None:
        """Return the blog parsed from the file with `identity`, or None."""
        if identity is None:
            return None
        found = self._blogs.get(identity[0])
        if found is None or found[0] != identity or found[1] != self._dependency_stamp():
            return None
        return found[2]

    def remember(self, identity: FileIdentity | None, blog: LiveBlog) -> None:
        """Keep `blog` as the parse of the file with `identity` (replacing an older version's)."""
        if identity is not None:
            self._blogs[identity[0]] = (identity, self._dependency_stamp(), blog)
            if self.on_remember is not None:
                self.on_remember(identity, blog)

    def get_or_parse(self, identity: FileIdentity | None, parse: Callable[[], LiveBlog]) -> LiveBlog:
        """Return the remembered blog for `identity`, or call `parse` once and remember its result.

        With no identity (the file could not be stat'ed, or changed while it was read), just
        parses. Exceptions from `parse` propagate and nothing is remembered.
        """
        if identity is None:
            return parse()
        with self._guard:
            lock = self._locks.setdefault(identity[0], threading.Lock())
        with lock:
            blog = self.get(identity)
            if blog is None:
                blog = parse()
                self.remember(identity, blog)
            return blog


@dataclass(slots=True, frozen=True)
class Settings:
    """How to parse articles: the command-line parse options and the user topics file.

    Also holds the session's parsed blogs (`parsed`), so that a file is parsed once as long as
    it does not change, and the tie to the library (`library`), which gives back the stored
    model of a file unchanged since an earlier session and records every new parse.
    """

    options: ParseOptions = field(default_factory=ParseOptions)
    topics_file: str | None = None
    parsed: ParsedBlogs = field(default_factory=ParsedBlogs, compare=False, repr=False)
    library: LibraryLink = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        from parsers.enrich.user_topics import default_topics_path

        self.parsed.dependencies = (self.topics_file or str(default_topics_path()),)
        object.__setattr__(self, "library", LibraryLink(self.options, self.topics_file))
        self.parsed.on_remember = self.library.record

    def parse(self, data: bytes, path: str, identity: FileIdentity | None = None) -> LiveBlog:
        """Return the parsed and enriched blog for `data` read from `path`. Raises `LiveBlogError`.

        `identity` is the file's identity when `data` was read (see `read_article`): when
        given, a blog already parsed from the same file is reused.
        """
        return self.parsed.get_or_parse(
            identity, lambda: self.library.stored(identity) or self.enrich(self.parse_only(data, path))
        )

    def parse_only(self, data: bytes, path: str) -> LiveBlog:
        """Return the blog for `data` without enrichment (no quotes, speakers or topics yet)."""
        return parse_bytes(data, path, self.options)

    def spawn_child(self, data: bytes, path: str, *, parsed_frame: bool = True) -> ChildLoad | None:
        """Return a fresh interpreter parsing and enriching `data` when it is large enough to be shown
        as a preview first (over `PREVIEW_FROM_BYTES`: seconds of work), else None (read it here).
        Without `parsed_frame` the child sends only the enriched blog (see `ChildLoad.spawn`).

        For work started while the reader runs, when no child was forked at its start: a thread of
        this process would share the interpreter with the interface (see `tui.offload`).
        """
        if len(data) <= PREVIEW_FROM_BYTES:
            return None
        from tui.offload import ChildLoad

        return ChildLoad.spawn(data, path, self.options, self.topics_file, parsed_frame=parsed_frame)

    def parse_page_start(self, data: bytes, path: str) -> tuple[LiveBlog, bool]:
        """Return what a first frame shows of a web page's `data`, and whether it is only a preview.

        A page larger than `PREVIEW_FROM_BYTES` gives a preview of its first updates (True),
        as a large file does; any other page, or one whose start alone gives no preview, its
        whole parse without enrichment (False). Raises `LiveBlogError`.
        """
        if len(data) > PREVIEW_FROM_BYTES:
            from parsers.pipeline import parse_preview

            preview = parse_preview(data, path, self.options)
            if preview is not None:
                return preview, True
        return self.parse_only(data, path), False

    def enrich(self, blog: LiveBlog) -> LiveBlog:
        """Return `blog` with quotes, speakers and topics filled in."""
        from parsers.pipeline import enrich_blog  # skipped, with a warning, above its size budget

        return enrich_blog(blog, topics_file=self.topics_file)

    def load(self, path: str) -> LiveBlog:
        """Read and parse the file at `path`. Raises `LiveBlogError` with a one-line message.

        An unchanged file (same real path, size and mtime_ns) parsed before in this session
        is not read again: its blog is returned.
        """
        reused = self.parsed.get(file_identity(path))
        if reused is not None:
            return reused
        article = read_article(path, self)
        assert article.data is not None
        return self.parse(article.data, path, article.identity)


@dataclass(slots=True)
class Article:
    """One article to show: its path, and its blog once parsed (or the bytes still to parse)."""

    path: str
    blog: LiveBlog | None = None
    data: bytes | None = None
    error: str | None = None
    enriched: bool = True  # False: `blog` still lacks speakers and topics (the reader adds them)
    preview: bool = False  # True: `blog` holds only the first updates; `data` is still to parse whole
    identity: FileIdentity | None = None  # the file's identity when `data` was read
    selected: str | None = None  # the id of the update to select when it opens (a library search hit)
    follower: Follower | None = None  # set for a blog followed by its URL (`path` is then the URL)
    child: ChildLoad | None = None  # a child process parsing and enriching `data` (see `tui.offload`)

    def parse_first_screen(self, settings: Settings) -> None:
        """Parse here what the first frame shows: the whole file, or for a large one a preview of
        its first updates (`preview` set), or nothing above `EAGER_PARSE_BYTES` (a progress bar).

        Raises `LiveBlogError` when the file does not parse.
        """
        data = self.data
        assert data is not None
        if len(data) > PREVIEW_FROM_BYTES:
            from parsers.pipeline import parse_preview

            preview = parse_preview(data, self.path, settings.options)
            if preview is not None:
                self.blog, self.preview = preview, True
                return
        if len(data) <= EAGER_PARSE_BYTES:
            self.blog, self.data = settings.parse_only(data, self.path), None

    def take_parse(self, settings: Settings) -> None:
        """Take from the child (`prepare` with `in_child`) what the first frame shows, as
        `parse_first_screen` would make it here; where the child failed, make it here.

        Waits for the child's preview of a large file, else for its whole parse (then `data` is
        dropped). A small blog the child has enriched already comes enriched. Nothing is done
        without a child. Raises `LiveBlogError` when the file does not parse.
        """
        child, data = self.child, self.data
        if child is None or data is None or self.blog is not None:
            return
        try:
            if len(data) > PREVIEW_FROM_BYTES:
                preview = child.preview()
                if preview is not None:
                    self.blog, self.preview = preview, True
                    return
            if len(data) > EAGER_PARSE_BYTES and not child.failed:
                return  # a progress bar while the reader takes the whole parse from the child
            blog = None if child.failed else child.parsed()
        except LiveBlogError:
            self.child = None
            raise
        if blog is None:  # the child failed: the same work here meets the same input
            self.child = None
            self.parse_first_screen(settings)
            return
        self.blog, self.data = blog, None
        if child.wait(timeout=0):  # enriched already (a small blog): show that
            self.child = None
            with contextlib.suppress(LiveBlogError):  # the reader's own enrichment meets it again and warns
                enriched = child.enriched()
                if enriched is not None:
                    self.blog, self.enriched = enriched, True
                    settings.parsed.remember(self.identity, enriched)

    def close_child(self) -> None:
        """End the child process, if any (quitting stops its work)."""
        if self.child is not None:
            self.child.close()
            self.child = None


def read_article(path: str, settings: Settings) -> Article:
    """Return an `Article` holding the bytes of the file at `path` and its identity when read.

    The identity is None when the file changed while it was read (then it is not reused).
    Raises `InputError` for a missing, unreadable or oversized file.
    """
    before = file_identity(path)
    data = read_input(path, settings.options.max_bytes)
    after = file_identity(path)
    identity = before if before == after else None
    settings.library.note_read(identity, path, data)
    return Article(path=path, data=data, identity=identity)


def is_article_file(entry: Path) -> bool:
    """Return True for a non-hidden regular file whose first bytes look like a live blog, whatever its name.

    How directories are read: the format detector on the file's first KBs, not a full parse.
    """
    if entry.name.startswith(".") or not entry.is_file():
        return False
    try:
        with entry.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    return looks_like_liveblog(head)


def expand_paths(paths: list[str]) -> list[str]:
    """Return the article files named by `paths`: files as given, directories as their article files.

    A directory contributes its non-hidden regular files that look like live blogs (see
    `is_article_file`), sorted by name. Raises `InputError` for a missing path or a directory without article files.
    """
    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            found = sorted(str(entry) for entry in Path(path).iterdir() if is_article_file(entry))
            if not found:
                raise InputError(path, "directory holds no live blogs (HTML, MHTML, CMS JSON, or text with "
                                 "timestamps)")
            files += found
        else:
            files.append(path)
    return files


def prepare(paths: list[str], settings: Settings, *, in_child: bool = False) -> list[Article]:
    """Return the articles to open, checking every file before any screen is drawn.

    Each file is read now (so a bad path raises `InputError` with the export's one-line
    message). A single file stored in the library and unchanged since is taken from there, whole.
    Else a single file is parsed now, or for a large one a preview of its first updates; the
    reader parses the rest and finds speakers and topics in the background after its first
    frame. The files of a picker are parsed in a worker.

    With `in_child`, a single file is parsed and enriched by a child process (`tui.offload`)
    where one can be started: its article then has `child` set and no blog yet. The caller
    starts Textual meanwhile, then takes what the first frame shows with `Article.take_parse`;
    the reader takes the rest from the child in the background.
    """
    files = expand_paths(paths)
    articles = [read_article(path, settings) for path in files]
    if len(articles) == 1 and articles[0].data is not None:
        only = articles[0]
        stored = settings.library.stored(only.identity)
        if stored is not None:  # unchanged since it was last read: no parse at all
            only.blog, only.data = stored, None
            settings.parsed.remember(only.identity, stored)
            return articles
        only.enriched = False
        only.child = start_child(only, settings) if in_child else None
        if only.child is None:
            only.parse_first_screen(settings)
    return articles


def start_child(article: Article, settings: Settings) -> ChildLoad | None:
    """Start a child process parsing and enriching `article.data`, or return None (see `tui.offload`).

    The caller goes on starting the reader and takes the parse with `Article.take_parse`.
    """
    from tui.offload import ChildLoad

    data, path = article.data, article.path
    assert data is not None
    preview = None
    if len(data) > PREVIEW_FROM_BYTES:
        from parsers.pipeline import parse_preview

        preview = partial(parse_preview, data, path, settings.options)
    return ChildLoad.start(partial(settings.parse_only, data, path), settings.enrich, preview)
