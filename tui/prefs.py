"""Preferences that last between sessions: the theme and the timeline's order, in the data dir.

One small JSON file, `prefs.json`, written atomically; a file that is not valid is set aside
(renamed `prefs.json.corrupt-<unix time>`), never deleted, and the defaults are used. No
Textual here: the app reads and saves them.
"""

from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from tui.state import atomic_write, data_dir

PREFS_NAME = "prefs.json"
MAX_PREFS_BYTES = 65536


@dataclass(slots=True)
class Prefs:
    """The user's choices: a theme name (None: the default) and newest-first order (else oldest first)."""

    theme: str | None = None
    newest_first: bool = True

    def to_json(self) -> str:
        payload = {"theme": self.theme, "newest_first": self.newest_first}
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"


def prefs_path(root: Path | None = None) -> Path:
    """Return where the preferences are kept: `prefs.json` in the data dir."""
    return (data_dir() if root is None else root) / PREFS_NAME


def _read(path: Path) -> str:
    """Return the text of the regular file at `path` (not following a link, never blocking on a FIFO).

    Raises FileNotFoundError when there is none, ValueError when it is not a small UTF-8 file.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise ValueError(f"cannot open it ({exc.__class__.__name__})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueError("not a regular file")
        data = handle.read(MAX_PREFS_BYTES + 1)
    if len(data) > MAX_PREFS_BYTES:
        raise ValueError("too large")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("not UTF-8") from None


def load_prefs(root: Path | None = None) -> tuple[Prefs, str | None]:
    """Return the saved preferences and a warning (None when all went well).

    A missing file gives the defaults. An invalid one is set aside, with a warning saying where.
    """
    path = prefs_path(root)
    try:
        payload = json.loads(_read(path))
        if not isinstance(payload, dict):
            raise ValueError("not a JSON object")
        theme, newest = payload.get("theme"), payload.get("newest_first", True)
        if not (theme is None or isinstance(theme, str)) or not isinstance(newest, bool):
            raise ValueError("unexpected values")
    except FileNotFoundError:
        return Prefs(), None
    except (ValueError, RecursionError) as exc:
        backup = path.with_name(f"{path.name}.corrupt-{time.time_ns()}")
        try:
            os.replace(path, backup)
        except OSError:
            return Prefs(), f"preferences file {path} is unusable ({exc}); using the defaults"
        return Prefs(), f"preferences file was invalid ({exc}); moved to {backup}, using the defaults"
    return Prefs(theme=theme, newest_first=newest), None


def save_prefs(prefs: Prefs, root: Path | None = None) -> None:
    """Write the preferences atomically. Raises OSError when the data dir is not writable."""
    atomic_write(prefs_path(root), prefs.to_json())
