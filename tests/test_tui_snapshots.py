"""SVG snapshots of the reader (pytest-textual-snapshot): main screen, filtered view, help, narrow layout.

The blog is built by hand (tests/conftest.py), so parser and enrichment changes do not move these
pictures; the data dir is isolated by the autouse fixture in conftest.py. Update them after a
deliberate visual change with `pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from conftest import build_reader_blog
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import LiveblogApp
from tui.articles import Article

SnapCompare = Callable[..., bool]


def make_app() -> LiveblogApp:
    blog = build_reader_blog()
    return LiveblogApp([Article(path=blog.source.path, blog=blog)])


async def no_blink(pilot: Pilot[Any]) -> None:
    """Stop every text cursor blinking, so the picture does not depend on timing."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_main_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), press=["j"], run_before=no_blink)


def test_filtered_view(snap_compare: SnapCompare) -> None:
    keys = ["t", "space", "enter", "slash", *"sarin", "enter"]
    assert snap_compare(make_app(), terminal_size=(120, 40), press=keys, run_before=no_blink)


def test_help_screen(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=(120, 40), press=["question_mark"], run_before=no_blink)


def test_narrow_layout(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=no_blink)
