"""User topics: read the TOML file of topics a user defines, from `--topics FILE` or the config dir.

Format (documented in the README, section "Topics"):

    [topics."Cyber"]
    include = ["cyber", "hacking", "hack*"]
    exclude = ["cyber monday"]

Without `--topics`, the file is `topics.toml` in `$LIVEBLOG_CONFIG_DIR`, else in
`$XDG_CONFIG_HOME/liveblog`, else in `~/.config/liveblog`; a missing default file means no user
topics. Any problem with the file raises `InputError(path, "...")` with a one-line message.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from parsers.dirs import user_dir
from parsers.enrich.topics import TopicDef
from parsers.errors import InputError

TOPICS_FILE_NAME = "topics.toml"
MAX_TOPICS_BYTES = 1_000_000
_ALLOWED_KEYS = frozenset({"include", "exclude"})


def config_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the liveblog config directory from the environment (see `parsers.dirs`)."""
    return user_dir("config", environ)


def default_topics_path(environ: Mapping[str, str] | None = None) -> Path:
    """Return where the user's topics file is looked for when `--topics` is not given."""
    return config_dir(environ) / TOPICS_FILE_NAME


def _terms(path: str, name: str, key: str, value: Any) -> tuple[str, ...]:
    """Return a topic's list of terms, checked: a list of non-empty strings."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(path, f'topics file: topic "{name}": "{key}" must be a list of strings')
    terms = tuple(" ".join(v.split()) for v in value)
    if any(not t.rstrip("*").strip() for t in terms):
        raise InputError(path, f'topics file: topic "{name}": "{key}" holds an empty term')
    return terms


def parse_topics_toml(text: str, path: str) -> tuple[TopicDef, ...]:
    """Return the topics defined by the TOML `text` (read from `path`, named in errors).

    Raises `InputError` with a one-line message when the TOML is invalid or a topic is malformed.
    """
    import tomllib  # on first use: the reader's first frame needs only `default_topics_path`

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"invalid topics file: {' '.join(str(exc).split())}") from None
    unknown = set(data) - {"topics"}
    if unknown:
        raise InputError(path, f"topics file: unknown table or key {sorted(unknown)[0]!r} (expected [topics.\"Name\"])")
    table = data.get("topics", {})
    if not isinstance(table, dict):
        raise InputError(path, 'topics file: "topics" must be a table of [topics."Name"] tables')
    topics: list[TopicDef] = []
    for name, spec in table.items():
        clean_name = " ".join(str(name).split())
        if not clean_name:
            raise InputError(path, "topics file: a topic has an empty name")
        if not isinstance(spec, dict):
            raise InputError(path, f'topics file: topic "{clean_name}" must be a table with "include"')
        extra = set(spec) - _ALLOWED_KEYS
        if extra:
            raise InputError(path, f'topics file: topic "{clean_name}": unknown key {sorted(extra)[0]!r}')
        if "include" not in spec:
            raise InputError(path, f'topics file: topic "{clean_name}" has no "include" list')
        include = _terms(path, clean_name, "include", spec["include"])
        exclude = _terms(path, clean_name, "exclude", spec.get("exclude", []))
        if not include:
            raise InputError(path, f'topics file: topic "{clean_name}" has an empty "include" list')
        topics.append(TopicDef(clean_name, include, exclude))
    return tuple(topics)


def load_user_topics(topics_file: str | None, environ: Mapping[str, str] | None = None) -> tuple[TopicDef, ...]:
    """Return the user's topics: from `topics_file` if given (it must exist), else the default file.

    Returns () when no file is given and the default file does not exist. The file is only read.
    Raises `InputError` for an unreadable, oversized, non-UTF-8 or invalid file.
    """
    if topics_file is not None:
        path = Path(topics_file)
        if not path.is_file():
            raise InputError(topics_file, "topics file not found")
    else:
        path = default_topics_path(environ)
        if not path.is_file():
            return ()
    shown = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TOPICS_BYTES + 1)
    except OSError as exc:
        raise InputError(shown, f"cannot read topics file: {exc.strerror or exc}") from None
    if len(data) > MAX_TOPICS_BYTES:
        raise InputError(shown, "topics file is larger than 1 MB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(shown, "topics file is not UTF-8 text") from None
    return parse_topics_toml(text, shown)
