"""The library database: SQLite in the data dir, one row per blog, every update searchable.

`library.sqlite3` in the data dir (`tui.state.data_dir`: `$LIVEBLOG_DATA_DIR` or the XDG data
dir). WAL mode, so a reader keeps reading while another process writes; a busy timeout, so
two writers wait for each other instead of failing; each blog is written in one transaction,
so a crash leaves the library as it was before or after that blog, never half of it. The
schema's version is `PRAGMA user_version`, and `MIGRATIONS` bring an older file forward.

A file that is not a database, or is damaged, is set aside under a new name (kept) and a
fresh library started; the caller tells the user in one line (`open_library` returns it).

Update rows get time-ordered rowids (the second of the update in the high bits), so "newest
first" is FTS5's own descending rowid scan and stops at the limit instead of sorting every
match.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import time
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from parsers.model import LiveBlog, Update
from parsers.options import ParseOptions
from tui.library.codec import CodecError, decode_blog, encode_blog, model_fingerprint
from tui.library.search import fts_query, name_matches

LIBRARY_NAME = "library.sqlite3"
BUSY_TIMEOUT_S = 15.0  # how long a writer waits for another process's transaction
SLOT_BITS = 20  # rowid = (second of the update << SLOT_BITS) | its place
HOW = ("opened", "exported", "followed", "added")
MARK_START, MARK_END = "\x02", "\x03"  # around matched words in snippets (never in cleaned text)
SNIPPET_TOKENS = 24
DISABLE_ENV = "LIVEBLOG_NO_LIBRARY"  # set (non-empty) to neither read nor write the library

# Each migration is the list of statements taking the schema from version N to N + 1.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE blogs (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,       -- real path of the file, or the URL
            source TEXT NOT NULL,           -- the path or URL as the user gave it
            state_key TEXT NOT NULL,        -- the key of its read marks (tui.state.article_key)
            title TEXT, publisher TEXT, url TEXT, format TEXT NOT NULL,
            first_time TEXT, last_time TEXT, -- ISO datetimes of the oldest and newest update
            newest REAL NOT NULL,           -- sort key: the newest update's time, else when recorded
            updates INTEGER NOT NULL,
            text_chars INTEGER NOT NULL,
            how TEXT NOT NULL,              -- opened, exported, followed or added
            recorded REAL NOT NULL,
            file_size INTEGER, file_mtime_ns INTEGER, content_hash TEXT,
            program TEXT NOT NULL, options TEXT NOT NULL,
            model BLOB NOT NULL,            -- zlib-compressed typed JSON (tui.library.codec)
            entries BLOB NOT NULL           -- its `entries` rowids, 8 bytes each (no index on blog_id)
        )""",
        "CREATE INDEX blogs_newest ON blogs (newest DESC)",
        """CREATE TABLE entries (
            rowid INTEGER PRIMARY KEY,      -- time-ordered: see entry_rowids
            blog_id INTEGER NOT NULL,
            uid TEXT NOT NULL,              -- the update's content id
            time TEXT, datetime TEXT,
            speakers TEXT NOT NULL          -- names joined by U+001F
        )""",
        # `names` holds a token per speaker and topic of the update ("s12 t3": `names` row ids), so
        # that a speaker or topic filter is part of the one full-text query.
        "CREATE VIRTUAL TABLE entry_text USING fts5 (headline, body, names, "
        "columnsize = 0, tokenize = 'unicode61 remove_diacritics 2')",  # no ranking: no column sizes
        "CREATE TABLE names (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, UNIQUE (kind, name))",
        """CREATE TABLE sayings (
            name_id INTEGER NOT NULL, entry INTEGER NOT NULL,
            start INTEGER NOT NULL, length INTEGER NOT NULL, -- where in the update's body it is said
            text TEXT,                      -- only when it is not in the body
            PRIMARY KEY (name_id, entry, start)
        ) WITHOUT ROWID""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class LibraryError(Exception):
    """The library cannot be used; the message is one line for the user."""


@dataclass(slots=True, frozen=True)
class Stamp:
    """What a stored model was made from: the file's identity and content, the program and options.

    A stored model is reused only when every field is the same now.
    """

    size: int | None
    mtime_ns: int | None
    content_hash: str | None
    program: str
    options: str


@dataclass(slots=True, frozen=True)
class BlogRow:
    """One blog of the library, as the library screen lists it."""

    id: int
    key: str
    source: str
    state_key: str
    title: str | None
    publisher: str | None
    first_time: str | None
    last_time: str | None
    updates: int
    how: str
    recorded: float


@dataclass(slots=True, frozen=True)
class Hit:
    """One search result: an update (or one thing a speaker said) and the blog it is in.

    `snippet` holds `MARK_START`/`MARK_END` around matched words; `plain_snippet` drops them.
    """

    blog_id: int
    blog: str
    source: str
    id: str
    time: str | None
    datetime: str | None
    headline: str | None
    snippet: str
    speakers: tuple[str, ...]

    @property
    def plain_snippet(self) -> str:
        return self.snippet.replace(MARK_START, "").replace(MARK_END, "")

    def to_json(self) -> dict[str, object]:
        """Return the result as the CLI's JSON gives it."""
        return {
            "blog": self.blog,
            "source": self.source,
            "id": self.id,
            "time": self.time,
            "datetime": self.datetime,
            "headline": self.headline,
            "snippet": self.plain_snippet,
            "speakers": list(self.speakers),
        }


# --- identity of what a model was made from -------------------------------------------------


def library_path(root: Path | None = None) -> Path:
    """Return the library file: `library.sqlite3` in `root`, by default the data dir."""
    if root is None:
        from tui.state import data_dir

        root = data_dir()
    return root / LIBRARY_NAME


def library_enabled() -> bool:
    """Return False when `$LIVEBLOG_NO_LIBRARY` is set (benchmarks of parsing set it)."""
    return not os.environ.get(DISABLE_ENV)


@cache
def program_fingerprint() -> str:
    """Return a hash of the parsers' source code and the model codec: a model is reused only by the same program.

    Any change to a parser, an enrichment table or the model makes older stored models stale.
    """
    import parsers

    digest = hashlib.blake2b(model_fingerprint().encode(), digest_size=10)
    root = Path(parsers.__file__).resolve().parent
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".toml", ".json", ".txt")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def content_hash(data: bytes) -> str:
    """Return the hash of an article's bytes that a stored model is checked against."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def options_key(options: ParseOptions, topics_file: str | None) -> str:
    """Return the parse options and user topics that change a model, as one comparable string."""
    from parsers.enrich.user_topics import default_topics_path

    topics = Path(topics_file) if topics_file else default_topics_path()
    try:
        topics_hash = content_hash(topics.read_bytes())
    except OSError:
        topics_hash = "-"
    day = options.date.isoformat() if options.date else "-"
    return f"date={day};tz={options.tz!r};topics={topics_hash}"


def file_stamp(path: str, data: bytes, options: str) -> Stamp:
    """Return the stamp of the file at `path` whose bytes are `data` (size and mtime as now)."""
    size: int | None = None
    mtime: int | None = None
    with contextlib.suppress(OSError):
        info = os.stat(path)
        size, mtime = info.st_size, info.st_mtime_ns
    return Stamp(size, mtime, content_hash(data), program_fingerprint(), options)


def db_text(text: str | None) -> str | bytes | None:
    """Return `text` as SQLite can hold it: itself, or for a path that is not UTF-8 (a Latin-1 file
    name arrives as lone surrogates, which SQLite's UTF-8 text cannot hold) its file-system bytes.

    Bytes in a TEXT column stay a BLOB, so `from_db` gives back the same path and lookups by it match.
    """
    if text is None:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text)
    return text


def from_db(value: object) -> str:
    """Return the text `db_text` stored (a path stored as bytes is decoded as the file system does)."""
    return os.fsdecode(value) if isinstance(value, bytes) else str(value)


def source_key(source: str) -> str:
    """Return the library key of a source: a URL as it is, a path made real (absolute, links resolved)."""
    if source.startswith(("http://", "https://")):
        return source
    return os.path.realpath(source)


# --- the connection -----------------------------------------------------------------------


def is_corrupt(exc: sqlite3.Error) -> bool:
    """Return True when `exc` says the file is not a database or is damaged (not merely busy)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def set_aside(path: Path) -> Path:
    """Rename the library file (and its WAL and shared-memory files) to a new, unused name; return it."""
    stamp = int(time.time())
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while backup.exists() or backup.is_symlink():  # never overwrite an earlier one
        n += 1
        backup = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, backup)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, backup.with_name(backup.name + suffix))
    return backup


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the header: NOTADB here
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection, migrations: Sequence[Sequence[str]] = MIGRATIONS) -> int:
    """Bring the schema forward to `len(migrations)`, one version per transaction; return the version.

    Re-reads the version inside each write transaction, so two processes opening a new library
    at once migrate it once. Raises `LibraryError` for a library newer than this program.
    """
    target = len(migrations)
    while True:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > target:
            raise LibraryError(f"the library was written by a newer liveblog (schema {version}, this one knows "
                               f"{target}); it is left as it is")
        if version == target:
            return version
        with transaction(conn):
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version < target:
                for statement in migrations[version]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Run the block as one write transaction (taken at once, so it waits for other writers, never deadlocks)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def open_library(path: Path | None = None) -> tuple[Library, str | None]:
    """Open (creating or migrating) the library at `path`, by default in the data dir.

    Returns the library and a one-line notice, or None. A file that is not a library or is
    damaged is set aside (see `set_aside`) and a fresh one started; the notice says where the
    old one went. Raises `LibraryError` when the library cannot be opened at all.
    """
    path = library_path() if path is None else path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryError(f"cannot create the library folder {path.parent} ({exc.strerror})") from None
    try:
        return Library(_connect(path), path), None
    except sqlite3.Error as exc:
        if not is_corrupt(exc):
            raise LibraryError(f"cannot open the library {path} ({exc})") from None
        problem = str(exc)
    try:
        backup = set_aside(path)
        library = Library(_connect(path), path)
    except (OSError, sqlite3.Error) as exc:
        raise LibraryError(f"the library {path} is damaged ({problem}) and could not be replaced ({exc})") from None
    return library, f"the library was damaged ({problem}); it was moved to {backup} and a new one started"


# --- rows from the model ---------------------------------------------------------------------


def _epoch(value: datetime) -> int:
    try:
        return max(0, int(value.timestamp()))
    except (OverflowError, OSError, ValueError):
        return 0


def _sayings(update: Update) -> list[tuple[str, str]]:
    """Return (speaker, what they said) pairs of an update: their quotes, else the paragraph that reports it."""
    said: list[tuple[str, str]] = [(q.speaker, q.text) for q in update.quotes if q.speaker and q.text]
    quoted = {speaker for speaker, _ in said}
    for speaker in update.speakers:
        if speaker in quoted:
            continue
        surname = speaker.split()[-1] if speaker.split() else speaker
        # The paragraph naming them, else the first (it may say "the president said"), else the headline.
        paragraph = next((p for p in update.paragraphs if surname in p), None) or next(
            (p for p in update.paragraphs if p.strip()), None)
        said.append((speaker, paragraph or update.title_or_lead))
    return said


def _body(update: Update) -> str:
    return "\n".join((*update.paragraphs, *update.captions))


class Library:
    """An open library. Use `open_library`; close it when done (or use it as a context manager).

    One connection: calls from several threads are serialised by SQLite's own mutex.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # --- writing -----------------------------------------------------------------------

    def record(self, blog: LiveBlog, *, source: str, how: str, stamp: Stamp | None = None) -> int:
        """Store `blog` (read from `source`, a path or URL) with its updates, replacing an older version.

        `how` is "opened", "exported", "followed" or "added"; `stamp` says what the model was
        made from (without one it is kept for search but never reused instead of a parse).
        Returns the blog's row id. One transaction: all of it is stored, or none.
        """
        if how not in HOW:
            raise ValueError(f"unknown way a blog was recorded: {how!r}")
        from tui.state import article_key

        key = source_key(source)
        model = zlib.compress(encode_blog(blog), 6)
        now = time.time()
        stamps = [u.datetime for u in blog.updates if u.datetime is not None]
        try:
            first, last = (min(stamps), max(stamps)) if stamps else (None, None)
        except TypeError:  # naive and aware mixed: keep the source order's ends
            first, last = stamps[-1], stamps[0]
        fallback = blog.published or blog.modified or first
        fallback_epoch = _epoch(fallback) if fallback else int(now)
        chars = sum(len(u.headline or "") + len(_body(u)) for u in blog.updates)
        stamp = stamp or Stamp(None, None, None, program_fingerprint(), "")
        with transaction(self.conn):
            found = self.conn.execute("SELECT id FROM blogs WHERE key = ?", (db_text(key),)).fetchone()
            values = (
                db_text(key), db_text(source), db_text(article_key(blog.source.path, blog.source.url)), blog.title,
                blog.source.publisher,
                blog.source.url, blog.source.format, first.isoformat() if first else None,
                last.isoformat() if last else None, _epoch(last) if last else now, len(blog.updates), chars, how,
                now, stamp.size, stamp.mtime_ns, stamp.content_hash, stamp.program, stamp.options, model,
                b"",  # the rowid list, set once they are chosen
            )
            columns = ("key, source, state_key, title, publisher, url, format, first_time, last_time, newest, "
                       "updates, text_chars, how, recorded, file_size, file_mtime_ns, content_hash, program, "
                       "options, model, entries")
            if found:
                blog_id = int(found[0])
                self._delete_entries(blog_id)
                assignments = ", ".join(f"{c.strip()} = ?" for c in columns.split(","))
                self.conn.execute(f"UPDATE blogs SET {assignments} WHERE id = ?", (*values, blog_id))
            else:
                cursor = self.conn.execute(f"INSERT INTO blogs ({columns}) VALUES ({', '.join('?' * len(values))})",
                                           values)
                assert cursor.lastrowid is not None
                blog_id = cursor.lastrowid
            self._insert_entries(blog_id, blog.updates, fallback_epoch)
        return blog_id

    def _entry_rowids_of(self, blog_id: int) -> list[int]:
        row = self.conn.execute("SELECT entries FROM blogs WHERE id = ?", (blog_id,)).fetchone()
        return list(array("q", row[0])) if row else []

    def _delete_entries(self, blog_id: int) -> None:
        """Delete a blog's updates, their text and their sayings (found by its rowid list, without indexes)."""
        conn = self.conn
        rowids = self._entry_rowids_of(blog_id)
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            speakers = {int(token[1:]) for (names,) in conn.execute(
                f"SELECT names FROM entry_text WHERE rowid IN ({marks})", chunk) for token in str(names).split()
                if token.startswith("s")}
            if speakers:
                conn.execute(f"DELETE FROM sayings WHERE name_id IN ({', '.join('?' * len(speakers))}) "
                             f"AND entry IN ({marks})", (*sorted(speakers), *chunk))
            conn.execute(f"DELETE FROM entry_text WHERE rowid IN ({marks})", chunk)
            conn.execute(f"DELETE FROM entries WHERE rowid IN ({marks})", chunk)

    def _name_ids(self, kind: str, names: Iterable[str]) -> dict[str, int]:
        wanted = sorted(set(names))
        self.conn.executemany("INSERT OR IGNORE INTO names (kind, name) VALUES (?, ?)", [(kind, n) for n in wanted])
        ids: dict[str, int] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.conn.execute(
                f"SELECT name, id FROM names WHERE kind = ? AND name IN ({', '.join('?' * len(chunk))})",
                (kind, *chunk),
            )
            ids.update({str(name): int(i) for name, i in rows})
        return ids

    def _insert_entries(self, blog_id: int, updates: Sequence[Update], fallback_epoch: int) -> None:
        conn = self.conn
        speaker_ids = self._name_ids("speaker", [s for u in updates for s in (*u.speakers, *(
            q.speaker for q in u.quotes if q.speaker))])
        topic_ids = self._name_ids("topic", [t for u in updates for t in u.topics])
        rowids = self._entry_rowids(updates, fallback_epoch)
        # In rowid order: each insert lands just after the last, so pages fill instead of splitting.
        pairs = sorted(zip(rowids, updates, strict=True), key=lambda pair: pair[0])
        rowids, updates = [r for r, _ in pairs], [u for _, u in pairs]
        conn.executemany(
            "INSERT INTO entries (rowid, blog_id, uid, time, datetime, speakers) VALUES (?, ?, ?, ?, ?, ?)",
            [(r, blog_id, u.id, u.time, u.datetime.isoformat() if u.datetime else None, "\x1f".join(u.speakers))
             for r, u in zip(rowids, updates, strict=True)],
        )
        bodies = [_body(u) for u in updates]
        conn.executemany(
            "INSERT INTO entry_text (rowid, headline, body, names) VALUES (?, ?, ?, ?)",
            [(r, u.headline or "", body, " ".join([*(f"s{speaker_ids[n]}" for n in u.speakers),
                                                    *(f"t{topic_ids[n]}" for n in u.topics)]))
             for r, u, body in zip(rowids, updates, bodies, strict=True)],
        )
        rows = []
        for rowid, update, body in zip(rowids, updates, bodies, strict=True):
            for speaker, text in _sayings(update):
                start = body.find(text)
                kept = None if start >= 0 else text
                rows.append((speaker_ids[speaker], rowid, max(start, 0), len(text), kept))
        conn.executemany(  # the same words quoted twice in one update are one saying
            "INSERT OR IGNORE INTO sayings (name_id, entry, start, length, text) VALUES (?, ?, ?, ?, ?)", rows)
        conn.execute("UPDATE blogs SET entries = ? WHERE id = ?", (array("q", rowids).tobytes(), blog_id))

    def _entry_rowids(self, updates: Sequence[Update], fallback_epoch: int) -> list[int]:
        """Return a free, time-ordered rowid for each update: its second, then its place in the blog's time order.

        Updates without a datetime take `fallback_epoch` (the blog's date, else the time of
        recording); their place in the blog's time order still orders them among themselves.
        """
        from parsers.query import chronological_order

        rowids = [0] * len(updates)
        taken: set[int] = set()
        mask = (1 << SLOT_BITS) - 1
        for position, index in enumerate(chronological_order(updates)):
            stamp = updates[index].datetime
            base = (_epoch(stamp) if stamp else fallback_epoch) << SLOT_BITS
            slot = position & mask
            while (base | slot) in taken or self.conn.execute(
                "SELECT 1 FROM entries WHERE rowid = ?", (base | slot,)
            ).fetchone():
                slot = (slot + 1) & mask
            taken.add(base | slot)
            rowids[index] = base | slot
        return rowids

    # --- reading -----------------------------------------------------------------------

    def stored_model(self, source: str, stamp: Stamp) -> LiveBlog | None:
        """Return the stored model of `source` when it was made from the same stamp, else None."""
        row = self.conn.execute(
            "SELECT file_size, file_mtime_ns, content_hash, program, options, model FROM blogs WHERE key = ?",
            (db_text(source_key(source)),),
        ).fetchone()
        if row is None or Stamp(*row[:5]) != stamp or stamp.content_hash is None:
            return None
        try:
            return decode_blog(zlib.decompress(row[5]))
        except (CodecError, zlib.error):
            return None  # written by another program version, or damaged: parse again

    def model(self, blog_id: int) -> LiveBlog | None:
        """Return the stored model of the blog with this row id (None when it is gone or unreadable)."""
        row = self.conn.execute("SELECT model FROM blogs WHERE id = ?", (blog_id,)).fetchone()
        if row is None:
            return None
        try:
            return decode_blog(zlib.decompress(row[0]))
        except (CodecError, zlib.error):
            return None

    def blogs(self) -> list[BlogRow]:
        """Return every blog, newest first (by its newest update, else by when it was recorded)."""
        rows = self.conn.execute(
            "SELECT id, key, source, state_key, title, publisher, first_time, last_time, updates, how, recorded "
            "FROM blogs ORDER BY newest DESC, id DESC"
        )
        return [BlogRow(row[0], from_db(row[1]), from_db(row[2]), from_db(row[3]), *row[4:]) for row in rows]

    def update_ids(self, blog_id: int) -> list[str]:
        """Return the content ids of a blog's updates."""
        rowids = self._entry_rowids_of(blog_id)
        ids: list[str] = []
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            ids += [str(r[0]) for r in self.conn.execute(
                f"SELECT uid FROM entries WHERE rowid IN ({', '.join('?' * len(chunk))})", chunk)]
        return ids

    def names(self, kind: str, wanted: str) -> list[tuple[int, str]]:
        """Return `(id, name)` of the speakers (`kind` "speaker") or topics whose name contains `wanted`'s words."""
        rows = self.conn.execute("SELECT id, name FROM names WHERE kind = ?", (kind,))
        return [(int(i), str(n)) for i, n in rows if name_matches(wanted, str(n))]

    def speakers(self) -> list[tuple[str, int]]:
        """Return `(name, how many things they said)` of every speaker in the library, most first."""
        rows = self.conn.execute(
            "SELECT n.name, s.c FROM (SELECT name_id, count(*) AS c FROM sayings GROUP BY name_id) s "
            "JOIN names n ON n.id = s.name_id ORDER BY s.c DESC, n.name")
        return [(str(n), int(c)) for n, c in rows]

    def search(self, query: str | None, *, speaker: str | None = None, topic: str | None = None,
               limit: int | None = 50) -> list[Hit]:
        """Return the updates matching `query` (the language of `tui.library.search`), newest first.

        `speaker` and `topic` keep only updates naming a matching speaker or topic (all their
        words, any case or accents). With `speaker` and no query, returns what that person
        said (see `said_by`). Raises `QuerySyntaxError` for a query that cannot be searched.
        `limit` None: every match.
        """
        if not query:
            if speaker:
                return self.said_by(speaker, limit=limit)
            if topic:
                return self._by_names([i for i, _ in self.names("topic", topic)], limit)
            return []
        match = "{headline body} : (" + fts_query(query) + ")"
        for kind, wanted in (("speaker", speaker), ("topic", topic)):
            if wanted:
                tokens = [f"{kind[0]}{i}" for i, _ in self.names(kind, wanted)]
                if not tokens:
                    return []
                match += " AND names : (" + " OR ".join(tokens) + ")"
        return self._matching(match, limit)

    def _by_names(self, name_ids: list[int], limit: int | None) -> list[Hit]:
        if not name_ids:
            return []
        return self._matching("names : (" + " OR ".join(f"t{i}" for i in name_ids) + ")", limit)

    def _matching(self, match: str, limit: int | None) -> list[Hit]:
        """Return the hits of an FTS5 expression, newest first (the time-ordered rowids, scanned backwards)."""
        sql = (
            f"SELECT rowid, headline, snippet(entry_text, -1, '{MARK_START}', '{MARK_END}', '…', {SNIPPET_TOKENS}) "
            "FROM entry_text WHERE entry_text MATCH ? ORDER BY rowid DESC"
        )
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        found = self.conn.execute(sql, (match,)).fetchall()
        return self._hits([(int(r), h or None, s) for r, h, s in found])

    def said_by(self, speaker: str, *, limit: int | None = 50, oldest_first: bool = False) -> list[Hit]:
        """Return what the speakers matching `speaker` said (quotes, else the paragraph naming them), across blogs.

        Newest first, or `oldest_first` (time order). Each hit's snippet is the quotation.
        """
        ids = [i for i, _ in self.names("speaker", speaker)]
        if not ids:
            return []
        sql = (f"SELECT s.entry, s.start, s.length, s.text, n.name FROM sayings s JOIN names n ON n.id = s.name_id "
               f"WHERE s.name_id IN ({', '.join('?' * len(ids))}) "
               f"ORDER BY s.entry {'ASC' if oldest_first else 'DESC'}, s.start")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self.conn.execute(sql, ids).fetchall()
        texts = self._texts([int(r[0]) for r in rows])
        found = []
        for entry, start, length, text, name in rows:
            headline, body = texts.get(int(entry), (None, ""))
            said = str(text) if text is not None else body[int(start) : int(start) + int(length)]
            found.append((int(entry), headline, said, str(name)))
        # Each with the one speaker who said it, rather than every speaker of its update.
        return self._hits([(e, h, said) for e, h, said, _ in found], [(name,) for *_, name in found])

    def _texts(self, entries: list[int]) -> dict[int, tuple[str | None, str]]:
        found: dict[int, tuple[str | None, str]] = {}
        for start in range(0, len(entries), 500):
            chunk = sorted(set(entries[start : start + 500]))
            rows = self.conn.execute(
                f"SELECT rowid, headline, body FROM entry_text WHERE rowid IN ({', '.join('?' * len(chunk))})", chunk)
            found.update({int(r): (h or None, str(b)) for r, h, b in rows})
        return found

    def _hits(self, found: list[tuple[int, str | None, str]],
              speakers: list[tuple[str, ...]] | None = None) -> list[Hit]:
        """Return hits for `(entry rowid, headline, snippet)` rows, in their order, with blog and update details.

        `speakers`, one per row, replace the update's own speakers.
        """
        entries: dict[int, tuple[int, str, str | None, str | None, str]] = {}
        blogs: dict[int, tuple[str, str]] = {}
        rowids = sorted({r for r, _, _ in found})
        for start in range(0, len(rowids), 500):
            chunk = rowids[start : start + 500]
            rows = self.conn.execute(
                "SELECT e.rowid, e.blog_id, e.uid, e.time, e.datetime, e.speakers FROM entries e "
                f"WHERE e.rowid IN ({', '.join('?' * len(chunk))})", chunk)
            entries.update({int(r[0]): (int(r[1]), str(r[2]), r[3], r[4], str(r[5])) for r in rows})
        blog_ids = sorted({e[0] for e in entries.values()})
        for start in range(0, len(blog_ids), 500):
            chunk = blog_ids[start : start + 500]
            rows = self.conn.execute(
                f"SELECT id, coalesce(title, source), source FROM blogs WHERE id IN ({', '.join('?' * len(chunk))})",
                chunk)
            blogs.update({int(i): (from_db(t), from_db(s)) for i, t, s in rows})
        hits = []
        for n, (rowid, headline, snippet) in enumerate(found):
            entry = entries.get(rowid)
            if entry is None or entry[0] not in blogs:
                continue
            blog_id, uid, clock, stamp, names = entry
            title, source = blogs[blog_id]
            said_by = speakers[n] if speakers is not None else tuple(s for s in names.split("\x1f") if s)
            hits.append(Hit(blog_id, title, source, uid, clock, stamp, headline, snippet, said_by))
        return hits


# --- one call for the reader, the export and URL following ---------------------------------


def record(blog: LiveBlog, *, source: str, how: str, data: bytes | None = None, options: str = "",
           path: Path | None = None) -> str | None:
    """Record `blog` in the user's library; return a one-line notice for the user, or None.

    The one function to call wherever a blog is opened, exported, followed or added. `source`
    is the path or URL the user gave; `data` the bytes the blog was parsed from (a file's
    model is then reused on the next open while file, program and `options` — see
    `options_key` — are unchanged); `how` one of `HOW`. Never raises for library trouble: a
    damaged library is set aside and replaced, any other problem is returned as the notice,
    and reading goes on. Does nothing when `$LIVEBLOG_NO_LIBRARY` is set.
    """
    if not library_enabled():
        return None
    try:
        library, notice = open_library(path)
    except LibraryError as exc:
        return str(exc)
    try:
        with library:
            stamp = file_stamp(source, data, options) if data is not None else None
            if stamp is not None and source.startswith(("http://", "https://")):
                stamp = Stamp(None, None, stamp.content_hash, stamp.program, stamp.options)
            library.record(blog, source=source, how=how, stamp=stamp)
    except sqlite3.Error as exc:
        return notice or f"the library could not record {source}: {exc}"
    return notice
