"""Persisted read state and bookmarks (tui/state.py): data dir, round trip, atomic writes, corruption."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tui.state import (
    ArticleState,
    article_key,
    atomic_write,
    data_dir,
    load_state,
    save_state,
    state_path,
    toggle,
)


def test_data_dir_prefers_liveblog_data_dir_then_xdg_then_home(tmp_path: Path) -> None:
    assert data_dir({"LIVEBLOG_DATA_DIR": str(tmp_path / "d"), "XDG_DATA_HOME": "/x"}) == tmp_path / "d"
    assert data_dir({"XDG_DATA_HOME": str(tmp_path)}) == tmp_path / "liveblog"
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    assert data_dir({"XDG_DATA_HOME": "relative/dir"}) == Path.home() / ".local" / "share" / "liveblog"
    assert data_dir({}) == Path.home() / ".local" / "share" / "liveblog"


def test_data_dir_reads_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVEBLOG_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path


def test_article_key_is_the_url_when_known_else_the_absolute_path(tmp_path: Path) -> None:
    assert article_key("a.html", "https://example.com/live") == "https://example.com/live"
    monkey_cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        assert article_key("a.html") == str(tmp_path.resolve() / "a.html")
    finally:
        os.chdir(monkey_cwd)


def test_state_round_trips(tmp_path: Path) -> None:
    state, warning = load_state("article-1", tmp_path)
    assert warning is None and not state.read and not state.bookmarks
    state.read.update({"aaa", "bbb"})
    state.bookmarks.add("bbb")
    save_state(state)
    again, warning = load_state("article-1", tmp_path)
    assert warning is None
    assert again.read == {"aaa", "bbb"} and again.bookmarks == {"bbb"}
    other, _ = load_state("article-2", tmp_path)
    assert not other.read, "state is per article"


def test_state_file_is_plain_json_keyed_by_update_ids(tmp_path: Path) -> None:
    state = ArticleState(path=state_path("k", tmp_path), key="k", read={"x1"}, bookmarks={"y2"})
    save_state(state)
    payload = json.loads(state.path.read_text(encoding="utf-8"))
    assert payload["read"] == ["x1"] and payload["bookmarks"] == ["y2"] and payload["article"] == "k"


@pytest.mark.parametrize("garbage", ["{not json", "[1, 2]", '{"read": "abc"}', '{"bookmarks": [1]}'])
def test_corrupt_state_is_backed_up_and_replaced_by_empty_state(tmp_path: Path, garbage: str) -> None:
    path = state_path("k", tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(garbage, encoding="utf-8")
    state, warning = load_state("k", tmp_path)
    assert warning is not None and "corrupt" in warning
    assert not state.read and not state.bookmarks
    backups = list(path.parent.glob(f"{path.name}.corrupt-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == garbage
    assert str(backups[0]) in warning
    assert not path.exists()
    # The fresh state can be saved over the old name.
    state.read.add("new")
    save_state(state)
    assert load_state("k", tmp_path)[0].read == {"new"}


def test_atomic_write_replaces_the_file_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "state.json"
    atomic_write(target, "one")
    atomic_write(target, "two")
    assert target.read_text(encoding="utf-8") == "two"
    assert [p.name for p in target.parent.iterdir()] == ["state.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "state.json"
    atomic_write(target, "old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_toggle_adds_then_removes() -> None:
    marks: set[str] = set()
    assert toggle(marks, ["a"]) is True and marks == {"a"}
    assert toggle(marks, ["a", "b"]) is True and marks == {"a", "b"}
    assert toggle(marks, ["a", "b"]) is False and marks == set()
