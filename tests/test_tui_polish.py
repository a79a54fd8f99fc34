"""Issue 13, the reader polished: Pilot tests of what a new user hit first (120x40 unless said).

Each test names the point of the issue it guards. Pages of the shared corpus are read from
`CORPUS` and the tests that need them skip when it is absent.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from _async import async_test
from conftest import CORPUS, build_reader_blog
from test_tui import SIZE, NEW_ENTRY, detail_text, notifications, reader, reader_app, screen_text, settle, status

from tui.app import LiveblogApp
from tui.articles import Settings, prepare

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not present")


def corpus_app(name: str) -> LiveblogApp:
    return LiveblogApp(prepare([str(CORPUS / name)], Settings()))


# --- 8. plurals -------------------------------------------------------------------------


@async_test
async def test_counts_of_one_are_singular(sample_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "blog.txt"
    shutil.copy(sample_path, path)
    app = LiveblogApp(prepare([str(path)], Settings()))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("9:56PM", NEW_ENTRY + "9:56PM", 1), encoding="utf-8")
        os.utime(path, ns=(1, 10**18))
        await pilot.press("r")
        await settle(pilot)
        assert "Reloaded: 1 new update" in notifications(app)
        assert not any("1 new updates" in m for m in notifications(app))
    one = build_reader_blog()
    app = reader_app(type(one)(title=one.title, source=one.source, updates=one.updates[:1]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 of 1 update " in status(app) + " "
        await pilot.press("slash", *"sarin", "enter")
        assert "0 of 1 update " in status(app) + " "
        await pilot.press("c")
        await pilot.press("e")
        assert any(m.startswith("Exported 1 update as Markdown") for m in notifications(app))
