"""The reader's tie to the library: reuse a stored model for an unchanged file, record new ones.

No Textual here. `tui.articles.Settings` holds one `LibraryLink`: every file read notes its
stamp (identity, content hash, program, options), every fully parsed blog is recorded in a
background thread (the reader never waits for the database), and a blog that came from the
library is not written back. A blog followed by its URL is recorded by `record_source` each
time a new version is shown. Library trouble never stops reading: it becomes a one-line
notice in `notices`.

One database operation at a time (`_guard`), each write one SQLite transaction: all of a
blog or none of it. The writing threads are not daemon threads and `close` waits for them, so
quitting lets a write under way commit; a process killed mid-write leaves the library as it
was before that write (SQLite rolls the unfinished transaction back on the next open).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from parsers.model import LiveBlog
from parsers.options import ParseOptions
from tui.library.store import (
    Library,
    LibraryError,
    Stamp,
    content_hash,
    library_enabled,
    library_path,
    open_library,
    options_key,
    program_fingerprint,
)

# (real path, size, mtime_ns): `tui.articles.FileIdentity`.
Identity = tuple[str, int, int]


class LibraryLink:
    """Stored-model lookups and background recording for one reader session."""

    def __init__(self, options: ParseOptions, topics_file: str | None, *, path: Path | None = None,
                 enabled: bool | None = None) -> None:
        self.options = options
        self.topics_file = topics_file
        self.path = path
        self.enabled = library_enabled() if enabled is None else enabled
        self.notices: list[str] = []
        self._read: dict[Identity, tuple[str, str]] = {}  # identity -> (path, content hash)
        self._from_library: set[Identity] = set()
        self._library: Library | None = None
        self._opened = False
        self._guard = threading.Lock()  # one database operation at a time
        self._threads: list[threading.Thread] = []
        # Followed blogs waiting to be written (source -> blog, how): the newest version replaces a waiting one.
        self._pending: dict[str, tuple[LiveBlog, str, Stamp | None]] = {}
        # Followed blogs whose stored model was reused, with its stamp: not written again unchanged.
        self._source_recorded: dict[str, Stamp] = {}
        self._pending_lock = threading.Lock()  # guards `_pending`, `_writer` and `_threads`
        self._writer: threading.Thread | None = None  # the thread writing `_pending`, while there is one

    def _open(self, *, create: bool = True) -> Library | None:
        """Return the library, opening it on first use (None when it cannot be used).

        Without `create`, a library that does not exist yet is not made (a lookup has nothing to find).
        """
        if not create and not self._opened and not (self.path or library_path()).exists():
            return None
        if not self._opened:
            self._opened = True
            try:
                self._library, notice = open_library(self.path)
            except LibraryError as exc:
                notice = str(exc)
            if notice:
                self.notices.append(notice)
        return self._library

    def note_read(self, identity: Identity | None, path: str, data: bytes) -> None:
        """Remember what the file at `path` (with `identity`) held when read, for lookups and records."""
        if self.enabled and identity is not None:
            self._read[identity] = (path, content_hash(data))

    def stamp(self, identity: Identity | None) -> Stamp | None:
        """Return the stamp of the file read with `identity` (with this program and options), or None."""
        noted = self._read.get(identity) if identity is not None else None
        if noted is None or identity is None:
            return None
        return Stamp(identity[1], identity[2], noted[1], program_fingerprint(),
                     options_key(self.options, self.topics_file))

    def stored(self, identity: Identity | None) -> LiveBlog | None:
        """Return the stored model of the file read with `identity` if nothing it depends on changed."""
        stamp = self.stamp(identity) if self.enabled else None
        if stamp is None or identity is None:
            return None
        with self._guard:
            library = self._open(create=False)
            if library is None:
                return None
            try:
                blog = library.stored_model(self._read[identity][0], stamp)
            except sqlite3.Error as exc:
                self.notices.append(f"the library could not be read: {exc}")
                return None
        if blog is not None:
            self._from_library.add(identity)
        return blog

    def record(self, identity: Identity | None, blog: LiveBlog, how: str = "opened") -> None:
        """Record `blog`, parsed from the file read with `identity`, in a background thread.

        Not a daemon thread: quitting waits for a recording under way to commit.
        """
        stamp = self.stamp(identity) if self.enabled else None
        if stamp is None or identity is None or identity in self._from_library:
            return
        path = self._read[identity][0]
        thread = threading.Thread(target=self._record_now, args=(blog, path, stamp, how), name="library-record")
        with self._pending_lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
            thread.start()  # within the lock: `close` sees it alive

    def stored_source(self, source: str, content: bytes) -> LiveBlog | None:
        """Return the stored model of `source` (a URL) when it was recorded from `content` by this program
        with these options (see `record_source`), else None.
        """
        if not self.enabled:
            return None
        stamp = self._source_stamp(content)
        with self._guard:
            library = self._open(create=False)
            if library is None:
                return None
            try:
                blog = library.stored_model(source, stamp)
            except sqlite3.Error as exc:
                self.notices.append(f"the library could not be read: {exc}")
                return None
        if blog is not None:
            with self._pending_lock:
                self._source_recorded[source] = stamp
        return blog

    def reused_source(self, source: str) -> bool:
        """Return whether the version of `source` shown is the library's model (`stored_source`), not yet replaced."""
        with self._pending_lock:
            return source in self._source_recorded

    def record_source(self, source: str, blog: LiveBlog, how: str, content: bytes | None = None) -> None:
        """Record `blog`, read from `source` (a URL), in a background thread; return at once.

        `content` stands for the pages `blog` was made from (`tui.fetch.follow.pages_content`):
        with it, `stored_source` gives the model back for the same pages, and a version already
        stored for them is not written again. For a blog that changes while it is read (a
        followed URL): a version still waiting when a newer one arrives is replaced by it, so
        the writes never queue up behind a slow disk and the library ends with the newest. One
        writer thread at a time, not a daemon (see the module's docstring). Nothing is done when
        the library is disabled.
        """
        if not self.enabled:
            return
        stamp = self._source_stamp(content) if content is not None else None
        with self._pending_lock:
            if stamp is not None and self._source_recorded.get(source) == stamp:
                return  # this version is the stored one (it came from the library)
            self._source_recorded.pop(source, None)
            self._pending[source] = (blog, how, stamp)
            if self._writer is None:
                self._writer = threading.Thread(target=self._write_pending, name="library-record")
                self._threads = [t for t in self._threads if t.is_alive()]
                self._threads.append(self._writer)
                self._writer.start()

    def _source_stamp(self, content: bytes) -> Stamp:
        """Return the stamp of a model made from `content` (a URL's pages) by this program and options."""
        return Stamp(None, None, content_hash(content), program_fingerprint(),
                     options_key(self.options, self.topics_file))

    def _write_pending(self) -> None:
        """Write the waiting versions one by one until none is left (the writer thread's body)."""
        while True:
            with self._pending_lock:
                if not self._pending:
                    self._writer = None
                    return
                source = next(iter(self._pending))
                blog, how, stamp = self._pending.pop(source)
            self._record_now(blog, source, stamp, how)

    def _record_now(self, blog: LiveBlog, path: str, stamp: Stamp | None, how: str) -> None:
        with self._guard:
            library = self._open()
            if library is None:
                return
            try:
                library.record(blog, source=path, how=how, stamp=stamp)
            except sqlite3.Error as exc:
                self.notices.append(f"the library could not record {path}: {exc}")

    def close(self) -> None:
        """Wait for recordings under way (and followed versions waiting), then close the library."""
        while True:
            with self._pending_lock:
                running = [t for t in self._threads if t.is_alive()]
            if not running:
                break
            for thread in running:
                thread.join()
        with self._guard:
            if self._library is not None:
                self._library.close()
                self._library = None
