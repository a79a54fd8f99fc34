"""Where liveblog keeps the user's files: one XDG lookup for the config and the data directory.

Config (the topics file): `$LIVEBLOG_CONFIG_DIR`, else `$XDG_CONFIG_HOME/liveblog`, else
`~/.config/liveblog`. Data (read marks, bookmarks, exports, the library): `$LIVEBLOG_DATA_DIR`,
else `$XDG_DATA_HOME/liveblog`, else `~/.local/share/liveblog`. An XDG variable that is not an
absolute path is ignored, as the XDG Base Directory specification says.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

# kind -> (our own override variable, the XDG variable, the XDG default under the home directory)
_DIRS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "config": ("LIVEBLOG_CONFIG_DIR", "XDG_CONFIG_HOME", (".config",)),
    "data": ("LIVEBLOG_DATA_DIR", "XDG_DATA_HOME", (".local", "share")),
}


def user_dir(kind: Literal["config", "data"], environ: Mapping[str, str] | None = None) -> Path:
    """Return liveblog's `kind` directory ("config" or "data") for the environment `environ`.

    Accepts an environment mapping (default `os.environ`); returns a path, which may not exist.
    """
    env = os.environ if environ is None else environ
    own, xdg_name, default = _DIRS[kind]
    if env.get(own):
        return Path(env[own]).expanduser()
    xdg = env.get(xdg_name)
    if xdg and Path(xdg).expanduser().is_absolute():
        return Path(xdg).expanduser() / "liveblog"
    home = Path(env["HOME"]) if env.get("HOME") else Path.home()
    return home.joinpath(*default, "liveblog")
