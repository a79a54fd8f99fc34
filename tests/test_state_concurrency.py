"""Persisted read state under stress: two viewers, crashes mid-write, corrupt files (issue 6).

- Two viewers (two `ArticleState`s from `load_state`, as two app instances hold them, and
  two processes) marking the same article must not lose each other's marks, nor corrupt
  the file.
- A crash between writing the temporary file and renaming it (os.replace failing, or the
  process killed right there) leaves the previous state file intact and loadable.
- Corrupt, half-written, binary, wrongly-typed or non-file state is recovered: the
  original is kept (moved aside, byte for byte) and a warning says where it went.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tui.state import ArticleState, atomic_write, load_state, save_state, state_path, toggle

KEY = "https://example.com/live/2024/05/01/blog"


def _on_disk(root: Path) -> tuple[set[str], set[str]]:
    state, warning = load_state(KEY, root)
    assert warning is None, warning
    return state.read, state.bookmarks


# ---------------------------------------------------------------- two viewers


def test_two_viewers_keep_each_others_read_marks(tmp_path: Path) -> None:
    first, _ = load_state(KEY, tmp_path)
    second, _ = load_state(KEY, tmp_path)
    toggle(first.read, ["u1"])
    save_state(first)
    toggle(second.read, ["u2"])
    save_state(second)  # saved from a view that never saw u1
    read, _ = _on_disk(tmp_path)
    assert read == {"u1", "u2"}, "the second viewer's save dropped the first viewer's mark"


def test_two_viewers_keep_each_others_bookmarks_and_unmarks(tmp_path: Path) -> None:
    seed, _ = load_state(KEY, tmp_path)
    seed.read.update({"old-1", "old-2"})
    seed.bookmarks.add("keep")
    save_state(seed)
    first, _ = load_state(KEY, tmp_path)
    second, _ = load_state(KEY, tmp_path)
    toggle(first.read, ["old-1"])  # unmark
    toggle(first.bookmarks, ["b1"])
    save_state(first)
    toggle(second.bookmarks, ["b2"])
    save_state(second)
    read, bookmarks = _on_disk(tmp_path)
    assert bookmarks == {"keep", "b1", "b2"}
    assert read == {"old-2"}, "an unmark by one viewer must not be undone by the other's save"


def test_a_viewer_sees_the_merged_marks_after_saving(tmp_path: Path) -> None:
    first, _ = load_state(KEY, tmp_path)
    second, _ = load_state(KEY, tmp_path)
    toggle(first.read, ["u1"])
    save_state(first)
    toggle(second.read, ["u2"])
    save_state(second)
    toggle(first.read, ["u3"])
    save_state(first)
    read, _ = _on_disk(tmp_path)
    assert read == {"u1", "u2", "u3"}


def _mark_many(root: str, prefix: str, count: int, start: Any) -> None:
    """One viewer process: load, mark one update, save; `count` times."""
    start.wait()
    for n in range(count):
        state, warning = load_state(KEY, Path(root))
        assert warning is None, warning
        toggle(state.read, [f"{prefix}-{n}"])
        save_state(state)


def test_concurrent_processes_lose_no_marks_and_never_corrupt_the_file(tmp_path: Path) -> None:
    """Two processes marking 60 updates each, interleaved: all 120 marks on disk, valid JSON."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)  # both begin together, so their saves interleave
    workers = [context.Process(target=_mark_many, args=(str(tmp_path), name, 60, start)) for name in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    path = state_path(KEY, tmp_path)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1
    read, _ = _on_disk(tmp_path)
    assert read == {f"{p}-{n}" for p in ("a", "b") for n in range(60)}
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")], "temporary files left behind"


def _mark_from_one_view(root: str, prefix: str, count: int, start: Any) -> None:
    """One long-lived viewer (like an open app): one state object, a mark and a save per step."""
    state, _ = load_state(KEY, Path(root))
    start.wait()
    for n in range(count):
        toggle(state.read, [f"{prefix}-{n}"])
        save_state(state)


def test_two_long_lived_viewers_in_parallel_lose_no_marks(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    workers = [context.Process(target=_mark_from_one_view, args=(str(tmp_path), name, 60, start))
               for name in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    read, _ = _on_disk(tmp_path)
    assert read == {f"{p}-{n}" for p in ("a", "b") for n in range(60)}


# ---------------------------------------------------------------- crash mid-write


def _saved(tmp_path: Path, ids: set[str]) -> ArticleState:
    state, _ = load_state(KEY, tmp_path)
    state.read.update(ids)
    save_state(state)
    return state


def test_rename_failing_mid_write_keeps_the_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = _saved(tmp_path, {"before"})
    before = state.path.read_bytes()

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    state.read.add("after")
    with pytest.raises(OSError):
        save_state(state)
    monkeypatch.undo()
    assert state.path.read_bytes() == before
    assert _on_disk(tmp_path)[0] == {"before"}
    assert [p.name for p in state.path.parent.iterdir()] == [state.path.name], "no temporary file left"


def test_write_failing_half_way_keeps_the_previous_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up after half the new text is written: the old file is untouched."""
    state = _saved(tmp_path, {"before"})
    before = state.path.read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, text: str) -> int:
            self.handle.write(text[: len(text) // 2])  # type: ignore[attr-defined]
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    state.read.add("after")
    with pytest.raises(OSError):
        save_state(state)
    monkeypatch.undo()
    assert state.path.read_bytes() == before


def test_process_killed_between_write_and_rename_keeps_the_previous_state(tmp_path: Path) -> None:
    """A real crash: the saving process dies (os._exit) right before the rename."""
    _saved(tmp_path, {"before"})
    path = state_path(KEY, tmp_path)
    before = path.read_bytes()
    script = textwrap.dedent(f"""
        import os
        from pathlib import Path
        from tui.state import load_state, save_state
        state, _ = load_state({KEY!r}, Path({str(tmp_path)!r}))
        state.read.add("after")
        os.replace = lambda *a, **k: os._exit(9)  # killed between write and rename
        save_state(state)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 9, done.stderr.decode()
    assert path.read_bytes() == before
    state, warning = load_state(KEY, tmp_path)
    assert warning is None and state.read == {"before"}
    # The orphaned temporary file does not stop the next save.
    state.read.add("later")
    save_state(state)
    assert _on_disk(tmp_path)[0] == {"before", "later"}


# ---------------------------------------------------------------- corrupt files

CORRUPT: dict[str, bytes] = {
    "empty": b"",
    "half-written": b'{\n "version": 1,\n "article": "x",\n "read": [\n  "a1",\n  "a',
    "not-json": b"this is not json",
    "binary": bytes(range(256)),
    "invalid-utf8": b'{"read": ["\xff\xfe"]}',
    "wrong-types": b'{"version": 1, "read": "a1", "bookmarks": {"b": 1}}',
    "list": b'["a1", "a2"]',
    "numbers-in-list": b'{"read": [1, 2, 3]}',
    "nul-bytes": b"\x00" * 64,
}
DEEP = b"[" * 100_000 + b"]" * 100_000  # valid JSON nested past the recursion limit


@pytest.mark.parametrize("name", [*sorted(CORRUPT), "deeply-nested"])
def test_corrupt_state_is_moved_aside_byte_for_byte_with_a_warning(tmp_path: Path, name: str) -> None:
    path = state_path(KEY, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(CORRUPT.get(name, DEEP))
    state, warning = load_state(KEY, tmp_path)
    assert state.read == set() and state.bookmarks == set()
    assert warning is not None and "\n" not in warning
    backups = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".corrupt")]
    assert len(backups) == 1 and str(backups[0]) in warning
    assert backups[0].read_bytes() == CORRUPT.get(name, DEEP), "the corrupt file is kept as it was"
    # And the reader can go on saving.
    toggle(state.read, ["fresh"])
    save_state(state)
    assert _on_disk(tmp_path)[0] == {"fresh"}


def test_two_corrupt_files_in_the_same_second_keep_both_backups(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("time.time", lambda: 1_700_000_000.0)
    path = state_path(KEY, tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"first garbage")
    load_state(KEY, tmp_path)
    path.write_bytes(b"second garbage")
    load_state(KEY, tmp_path)
    kept = sorted(p.read_bytes() for p in path.parent.iterdir() if ".corrupt" in p.name)
    assert kept == [b"first garbage", b"second garbage"], "a backup was overwritten"


def test_a_directory_where_the_state_file_should_be(tmp_path: Path) -> None:
    path = state_path(KEY, tmp_path)
    path.mkdir(parents=True)
    (path / "inside").write_text("kept")
    state, warning = load_state(KEY, tmp_path)
    assert warning is not None and state.read == set()
    assert any((p / "inside").exists() for p in path.parent.iterdir() if p.is_dir()), "nothing deleted"


def test_atomic_write_to_an_unwritable_directory_raises_oserror(tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    with pytest.raises(OSError):
        atomic_write(blocker / "state" / "a.json", "{}")
    assert blocker.read_text() == "x"
