"""`drop_copies`: a pinned or repeated copy of an update is dropped, distinct updates are kept."""

from __future__ import annotations

from datetime import UTC, datetime

from parsers.extract.html.body import Body
from parsers.extract.html.page import _Draft, drop_copies


def draft(headline: str | None, text: str, hour: int | None, is_copy: bool = False) -> _Draft:
    instant = datetime(2024, 8, 5, hour, 0, tzinfo=UTC) if hour is not None else None
    return _Draft(headline, Body(paragraphs=[text]), None, instant, None, from_dom=True, is_copy=is_copy)


def test_pinned_copy_before_the_stream_entry_gives_way_to_it() -> None:
    pinned = draft("Police statement", "Officers were called.", 9, is_copy=True)
    first = draft("Earlier news", "Something else.", 8)
    stream = draft("Police statement", "Officers were called.", 9)
    assert drop_copies([pinned, first, stream]) == [first, stream]


def test_same_headline_with_other_text_is_another_update() -> None:
    a = draft("Latest", "Crowds gathered.", 9)
    b = draft("Latest", "Crowds left.", 9)
    assert drop_copies([a, b]) == [a, b]


def test_same_text_at_another_time_is_a_repost_and_kept() -> None:
    a = draft("Appeal", "Stay away from the area.", 9)
    b = draft("appeal", "Stay  away from the area.", 12)
    c = draft("APPEAL", "Stay away from the area.", 12)
    assert drop_copies([a, b, c]) == [a, b]  # c repeats b: same text (case and spaces aside) and instant


def test_updates_with_their_own_headlines_are_all_kept() -> None:
    drafts = [draft(f"Headline {n}", "Same body.", 9) for n in range(5)] + [draft(None, "Untimed.", None)]
    assert drop_copies(drafts) == drafts
