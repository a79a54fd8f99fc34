"""End to end: run the installed `liveblog` console script in tmux, send keys, read the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
LIVEBLOG = Path(sys.executable).parent / "liveblog"

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
    pytest.mark.skipif(not LIVEBLOG.exists(), reason="the liveblog console script is not installed in this venv"),
]


def tmux(*args: str) -> str:
    assert TMUX is not None
    return subprocess.run([TMUX, *args], capture_output=True, text=True, check=True, timeout=20).stdout


def wait_for(read: Callable[[], str], wanted: str, timeout: float = 15.0) -> str:
    """Poll the screen until `wanted` shows (the app needs a moment to start and to react)."""
    deadline = time.monotonic() + timeout
    screen = read()
    while wanted not in screen and time.monotonic() < deadline:
        time.sleep(0.1)
        screen = read()
    assert wanted in screen, f"{wanted!r} never appeared; screen was:\n{screen}"
    return screen


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """Yield a function that starts `liveblog ARGS` in a 120x40 tmux session; kills it afterwards."""
    name = f"liveblog-e2e-{uuid.uuid4().hex[:8]}"
    started = False

    def start(*args: str, width: int = 120, height: int = 40, extra_env: dict[str, str] | None = None) -> str:
        nonlocal started
        env = {"LIVEBLOG_DATA_DIR": str(tmp_path / "data"), "TERM": "xterm-256color", **(extra_env or {})}
        command = [str(LIVEBLOG), *args]
        tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height),
             *[f"-e{key}={value}" for key, value in env.items()], " ".join(map(quote, command)))
        started = True
        return name

    yield start
    if started:
        subprocess.run([TMUX or "tmux", "kill-session", "-t", name], capture_output=True, timeout=20)


def quote(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


def screen_of(name: str) -> Callable[[], str]:
    return lambda: tmux("capture-pane", "-p", "-t", name)


def keys(name: str, *sent: str) -> None:
    """Send keys one at a time, as a person types (a burst can arrive before focus has moved)."""
    for key in sent:
        tmux("send-keys", "-t", name, key)
        time.sleep(0.15)


def test_reader_opens_the_sample_searches_bookmarks_and_quits(session: Callable[..., str], tmp_path: Path) -> None:
    name = session()
    read = screen_of(name)
    screen = wait_for(read, "39 of 39 updates")
    assert "Donald Trump says US - Russia relations" in screen
    assert "21:56 Trump says will take on North" in screen
    keys(name, "/", *"sarin")
    screen = wait_for(read, 'search: "sarin"')
    matches = int(screen.split(" of 39 updates")[0].split()[-1])
    assert 0 < matches < 39
    keys(name, "Enter", "b")
    screen = wait_for(read, "★")
    keys(name, "c")
    wait_for(read, "39 of 39 updates")
    keys(name, "?")
    help_screen = wait_for(read, "─ Keys ─")
    assert "Page down" in help_screen  # the help lists the bindings (it scrolls past the first screen)
    keys(name, "Escape")
    wait_for(read, "39 of 39 updates")
    keys(name, "q")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if subprocess.run([TMUX or "tmux", "has-session", "-t", name], capture_output=True).returncode != 0:
            break
        time.sleep(0.1)
    else:
        pytest.fail("q did not quit the reader")
    saved = list((tmp_path / "data" / "state").glob("*.json"))
    assert len(saved) == 1 and '"bookmarks": [\n  "' in saved[0].read_text(encoding="utf-8")


def test_narrow_terminal_stacks_the_panes(session: Callable[..., str]) -> None:
    name = session(width=80, height=24)
    screen = wait_for(screen_of(name), "39 of 39 updates")
    lines = screen.splitlines()
    updates_row = next(i for i, line in enumerate(lines) if "Updates" in line)
    update_row = next(i for i, line in enumerate(lines) if "─ Update ─" in line)
    assert update_row > updates_row, "the detail pane sits below the timeline"
    assert all(len(line) <= 80 for line in lines)


def test_bad_path_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    result = subprocess.run([str(LIVEBLOG), str(tmp_path / "nope.html")], capture_output=True, text=True,
                            timeout=30, env={**os.environ, "LIVEBLOG_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"liveblog: {tmp_path / 'nope.html'}: no such file\n"


def test_following_a_loopback_url_shows_an_appended_update_marked_new(session: Callable[..., str]) -> None:
    from loopback import LoopbackServer, blog_page

    entries = [("09:40", "Red warning", "A red warning is in force."), ("09:00", "Gales", "Winds of 90mph.")]
    with LoopbackServer() as server:
        server.page("/live", blog_page(entries))
        # The test lowers the 5 s floor so that a poll comes every half second.
        name = session(server.url("/live"), "--interval", "0.5", extra_env={"LIVEBLOG_MIN_INTERVAL": "0.5"})
        read = screen_of(name)
        screen = wait_for(read, "2 of 2 updates")
        assert "09:40 Red warning" in screen and "following" in screen
        server.page("/live", blog_page([("10:15", "Trains cancelled", "Southern has cancelled all services."),
                                        *entries]))
        screen = wait_for(read, "3 of 3 updates")
        assert "+• 10:15 Trains cancelled" in screen and "1 new" in screen
        assert {seen.path for seen in server.requests} == {"/live"}
