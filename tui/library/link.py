"""The reader's tie to the library: reuse a stored model for an unchanged file, record new ones.

No Textual here. `tui.articles.Settings` holds one `LibraryLink`: every file read notes its
stamp (identity, content hash, program, options), every fully parsed blog is recorded in a
background thread (the reader never waits for the database), and a blog that came from the
library is not written back. Library trouble never stops reading: it becomes a one-line
notice in `notices`.
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
        self._threads.append(thread)
        thread.start()

    def _record_now(self, blog: LiveBlog, path: str, stamp: Stamp, how: str) -> None:
        with self._guard:
            library = self._open()
            if library is None:
                return
            try:
                library.record(blog, source=path, how=how, stamp=stamp)
            except sqlite3.Error as exc:
                self.notices.append(f"the library could not record {path}: {exc}")

    def close(self) -> None:
        """Wait for recordings under way, then close the library."""
        for thread in self._threads:
            thread.join()
        with self._guard:
            if self._library is not None:
                self._library.close()
                self._library = None
