"""Read state and bookmarks that last between sessions, one small JSON file per article.

Files live in the user's data dir: `$LIVEBLOG_DATA_DIR` when set, else
`$XDG_DATA_HOME/liveblog`, else `~/.local/share/liveblog`. Marks are keyed by update ids,
which are derived from content, so a re-saved page with new updates keeps the old marks.
Writes are atomic (temporary file + rename); a corrupt file is moved aside, never lost.
No Textual here: the app calls these functions and shows the warnings.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from parsers.dirs import user_dir

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
    """Return the identity of an article: its canonical URL when known, else its absolute path."""
    return url if url else str(Path(path).resolve())


def state_path(key: str, root: Path) -> Path:
    """Return the state file for the article `key` under `root` (a hash, so any key is a safe name)."""
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]
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

    def to_json(self) -> str:
        """Return the state as the JSON text stored on disk (sorted, so files diff cleanly)."""
        payload = {
            "version": STATE_VERSION,
            "article": self.key,
            "read": sorted(self.read),
            "bookmarks": sorted(self.bookmarks),
        }
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
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return state, None
    except (OSError, UnicodeDecodeError) as exc:
        return _move_aside(state, f"cannot read it ({exc.__class__.__name__})")
    try:
        state.read, state.bookmarks = _parse_marks(raw)
    except ValueError as exc:
        return _move_aside(ArticleState(path=path, key=key), (str(exc).splitlines() or ["invalid"])[0])
    state.saved_read, state.saved_bookmarks = frozenset(state.read), frozenset(state.bookmarks)
    return state, None


def _parse_marks(raw: str) -> tuple[set[str], set[str]]:
    """Return the (read, bookmarks) ids of state-file text. Raises ValueError if it is not state JSON."""
    try:
        payload = json.loads(raw)
    except RecursionError:  # valid JSON nested past Python's limit: not a state file
        raise ValueError("nested too deeply") from None
    if not isinstance(payload, dict):
        raise ValueError("not a JSON object")
    return _ids(payload.get("read", [])), _ids(payload.get("bookmarks", []))


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
            on_disk: tuple[set[str], set[str]] | None = _parse_marks(state.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            on_disk = None
        except (OSError, UnicodeDecodeError, ValueError):
            _move_aside(state, "unreadable when saving")
            on_disk = None
        if on_disk is not None:
            _merge(state.read, state.saved_read, on_disk[0])
            _merge(state.bookmarks, state.saved_bookmarks, on_disk[1])
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
