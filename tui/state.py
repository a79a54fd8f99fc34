"""Read state and bookmarks that last between sessions, one small JSON file per article.

Files live in the user's data dir: `$LIVEBLOG_DATA_DIR` when set, else
`$XDG_DATA_HOME/liveblog`, else `~/.local/share/liveblog`. Marks are keyed by update ids,
which are derived from content, so a re-saved page with new updates keeps the old marks.
Writes are atomic (temporary file + rename); a corrupt file is moved aside, never lost.
No Textual here: the app calls these functions and shows the warnings.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from parsers.dirs import user_dir
from parsers.normalise.clean import clean_text

try:
    import fcntl

    HAVE_FLOCK = True
except ImportError:  # not POSIX: saves are still atomic, only not locked against each other
    HAVE_FLOCK = False

STATE_VERSION = 1


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the directory for persisted state (see `parsers.dirs`)."""
    return user_dir("data", environ)


def article_key(path: str, url: str | None = None) -> str:
    """Return the identity of an article: its canonical URL when known, else its absolute path, or for a
    blog fetched from a URL (whose `path` is the URL) that URL: it is no file to resolve."""
    if url:
        return url
    if path.startswith(("http://", "https://")):
        return path
    return str(Path(path).resolve())


def state_path(key: str, root: Path) -> Path:
    """Return the state file for the article `key` under `root` (a hash, so any key is a safe name)."""
    # os.fsencode: a path key is the file system's bytes, which need not be UTF-8 (a name in
    # Latin-1 arrives as lone surrogates); the same bytes give the same file as before for UTF-8.
    digest = hashlib.sha256(os.fsencode(key)).hexdigest()[:20]
    return root / "state" / f"{digest}.json"


@dataclass(slots=True)
class ArticleState:
    """The marks on one article: ids of updates read and bookmarked, plus where they are saved."""

    path: Path
    key: str
    read: set[str] = field(default_factory=set)
    bookmarks: set[str] = field(default_factory=set)
    # The marks as this viewer last loaded or saved them: `save_state` applies only this
    # viewer's changes since then to what is on disk now, so two viewers keep both their marks.
    saved_read: frozenset[str] = frozenset()
    saved_bookmarks: frozenset[str] = frozenset()
    last: str | None = None  # the id of the update read last: the reader returns to it

    def to_json(self) -> str:
        """Return the state as the JSON text stored on disk (sorted, so files diff cleanly)."""
        payload = {
            "version": STATE_VERSION,
            "article": clean_text(self.key),  # informative only; JSON cannot hold a lone surrogate
            "read": sorted(self.read),
            "bookmarks": sorted(self.bookmarks),
        }
        if self.last is not None:
            payload["last"] = self.last
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def _ids(value: object) -> set[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("expected a list of update ids")
    return set(value)


def load_state(key: str, root: Path | None = None) -> tuple[ArticleState, str | None]:
    """Return the saved state of article `key` and a warning, or None when all went well.

    A missing file gives empty state. A file that is not valid state JSON is renamed to
    `<name>.corrupt-<unix time>` and empty state is returned with a warning saying where it went.
    """
    root = data_dir() if root is None else root
    path = state_path(key, root)
    state = ArticleState(path=path, key=key)
    try:
        raw = read_state_text(path)
    except FileNotFoundError:
        return state, None
    except UnicodeDecodeError:
        return _move_aside(state, "not UTF-8 text")
    except ValueError as exc:
        return _move_aside(state, str(exc))
    try:
        state.read, state.bookmarks, state.last = _parse_marks(raw)
    except ValueError as exc:
        return _move_aside(ArticleState(path=path, key=key), (str(exc).splitlines() or ["invalid"])[0])
    state.saved_read, state.saved_bookmarks = frozenset(state.read), frozenset(state.bookmarks)
    return state, None


# A state file holds ids of read and bookmarked updates: a few KB, a few MB for the largest
# blogs. Anything larger is not one (a symlink to /dev/zero used to be read without end).
MAX_STATE_BYTES = 32 * 1024 * 1024
# Opened without blocking (a FIFO in its place hung the reader on a blank screen) and without
# following a symbolic link (the file is ours: a link in its place is not).
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def read_state_text(path: Path) -> str:
    """Return the text of the state file at `path`, read safely.

    Raises FileNotFoundError when there is none, and ValueError (UnicodeDecodeError for bytes
    that are not UTF-8) with a short reason when the entry is not a regular file (a FIFO, a
    device, a directory, a symbolic link), cannot be opened, or is over `MAX_STATE_BYTES`.
    """
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ValueError("a symbolic link, not a file") from None
        raise ValueError(f"cannot read it: {exc.strerror or exc.__class__.__name__}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file (a FIFO, device or directory)")
        if info.st_size > MAX_STATE_BYTES:
            raise ValueError(f"larger than {MAX_STATE_BYTES // (1024 * 1024)} MB")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_STATE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_STATE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > MAX_STATE_BYTES:  # grew while it was read
        raise ValueError(f"larger than {MAX_STATE_BYTES // (1024 * 1024)} MB")
    return data.decode("utf-8")


def _parse_marks(raw: str) -> tuple[set[str], set[str], str | None]:
    """Return the (read, bookmarks) ids and the last-read id of state-file text.

    Raises ValueError if it is not state JSON."""
    try:
        payload = json.loads(raw)
    except RecursionError:  # valid JSON nested past Python's limit: not a state file
        raise ValueError("nested too deeply") from None
    if not isinstance(payload, dict):
        raise ValueError("not a JSON object")
    last = payload.get("last")
    return _ids(payload.get("read", [])), _ids(payload.get("bookmarks", [])), last if isinstance(last, str) else None


def _move_aside(state: ArticleState, problem: str) -> tuple[ArticleState, str]:
    backup = state.path.with_name(f"{state.path.name}.corrupt-{int(time.time())}")
    n = 1
    while backup.exists() or backup.is_symlink():  # never overwrite an earlier backup
        n += 1
        backup = state.path.with_name(f"{state.path.name}.corrupt-{int(time.time())}-{n}")
    try:
        os.replace(state.path, backup)
    except OSError:
        return state, f"state file {state.path} is unusable ({problem}); starting afresh"
    return state, f"state file was corrupt ({problem}); moved to {backup} and starting afresh"


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write `text` (str, as UTF-8, or bytes) to `path` atomically: readers see the old file or the new one.

    Creates parent directories. Raises OSError when the directory is not writable.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new(path: Path, text: str) -> Path:
    """Write `text` to a new file at `path`, or beside it as `<stem>-2<suffix>`, `-3`... when taken; return it.

    Never overwrites a file (two exports in the same second used to leave only the second).
    The text is written to a temporary file first and hard-linked to the free name, so a
    reader never sees half a file; where hard links are not supported, the free name is
    created exclusively and written. Raises OSError when the directory is not writable.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        for n in range(1, 10_000):
            target = path if n == 1 else path.with_name(f"{path.stem}-{n}{path.suffix}")
            try:
                os.link(tmp, target)
            except FileExistsError:
                continue
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
                    raise
                try:
                    with target.open("x", encoding="utf-8") as handle:  # no hard links here
                        handle.write(text)
                except FileExistsError:
                    continue
            return target
        raise FileExistsError(errno.EEXIST, "no free file name", str(path))
    finally:
        Path(tmp).unlink(missing_ok=True)


# Temporary files older than this are left over from a process killed while saving (`kill -9`):
# a save holds its temporary file for milliseconds.
STALE_TEMPORARY_SECONDS = 600


def remove_stale_temporaries(root: Path, now: float | None = None) -> int:
    """Delete the temporary files (`.<name>.<random>.tmp`) older than `STALE_TEMPORARY_SECONDS`
    left by interrupted saves and exports under `root`; return how many were deleted.

    Only regular files (not symbolic links) in `root/state` and `root/exports` are considered;
    a folder that cannot be read is skipped.
    """
    now = time.time() if now is None else now
    removed = 0
    for folder in (root / "state", root / "exports"):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not (entry.name.startswith(".") and entry.name.endswith(".tmp")):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_TEMPORARY_SECONDS:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
    return removed


def _merge(marks: set[str], saved: frozenset[str], on_disk: set[str]) -> None:
    """Update `marks` in place to `on_disk` plus this viewer's additions minus its removals since `saved`."""
    merged = (on_disk | (marks - saved)) - (saved - marks)
    marks.intersection_update(merged)
    marks.update(merged)


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on `directory` (flock; nothing on systems without it) for a read-merge-write."""
    if not HAVE_FLOCK:
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def save_state(state: ArticleState) -> None:
    """Write `state` to its file atomically, keeping marks other viewers saved meanwhile.

    Under a lock, the file is read again and this viewer's changes since it last loaded or
    saved (marks added, marks removed) are applied to it; `state` is updated in place to the
    result. A file that turned corrupt meanwhile is moved aside first. Raises OSError when it
    cannot be written.
    """
    state.path.parent.mkdir(parents=True, exist_ok=True)
    with _locked(state.path.parent):
        try:
            on_disk: tuple[set[str], set[str], str | None] | None = _parse_marks(read_state_text(state.path))
        except FileNotFoundError:
            on_disk = None
        except (OSError, ValueError):
            _move_aside(state, "unreadable when saving")
            on_disk = None
        if on_disk is not None:
            _merge(state.read, state.saved_read, on_disk[0])
            _merge(state.bookmarks, state.saved_bookmarks, on_disk[1])
            state.last = state.last or on_disk[2]
        atomic_write(state.path, state.to_json())
    state.saved_read, state.saved_bookmarks = frozenset(state.read), frozenset(state.bookmarks)


def toggle(marks: set[str], ids: Iterable[str]) -> bool:
    """Flip membership of `ids` in `marks` together: add all unless all are present, then remove.

    Returns True when the ids are now marked.
    """
    wanted = list(ids)
    if wanted and all(i in marks for i in wanted):
        marks.difference_update(wanted)
        return False
    marks.update(wanted)
    return True
