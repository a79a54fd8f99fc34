"""Ordering, filtering and search: pure functions over the model, shared by the TUI and export."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import time

from parsers.model import Update
from parsers.normalise.times import source_is_newest_first

ORDERS = ("published", "chronological")


def clock_of(update: Update) -> time | None:
    """Return an update's "HH:MM" time as a `time`, or None when it has none."""
    if update.time is None:
        return None
    hours, minutes = update.time.split(":")
    return time(int(hours), int(minutes))


def chronological_order(updates: Sequence[Update]) -> list[int]:
    """Return the indices of `updates` ordered oldest first (a permutation of their positions).

    When every update has a comparable datetime they sort by it (stable for ties).
    Otherwise clock times may cross midnight, so the source order is kept, reversed when
    the blog reads newest first.
    """
    stamps = [u.datetime for u in updates]
    if stamps and all(s is not None for s in stamps):
        aware = {s.tzinfo is not None for s in stamps if s is not None}
        if len(aware) == 1:
            return sorted(range(len(updates)), key=lambda i: stamps[i])  # type: ignore[arg-type,return-value]
    indices = list(range(len(updates)))
    return indices[::-1] if source_is_newest_first([clock_of(u) for u in updates]) else indices


def ordered(updates: Sequence[Update], order: str) -> list[Update]:
    """Return `updates` in `order`: "published" (as in the source) or "chronological" (oldest first)."""
    if order == "chronological":
        return [updates[i] for i in chronological_order(updates)]
    if order == "published":
        return list(updates)
    raise ValueError(f"unknown order {order!r}; expected one of {ORDERS}")


# --- Facets, filters and search ---------------------------------------------------------


def facet_counts(updates: Sequence[Update], facet: str) -> list[tuple[str, int]]:
    """Return `(name, number of updates)` pairs for a facet ("speakers" or "topics").

    Accepts the updates and the name of a tuple-of-str attribute of `Update`. Each update
    counts once per name. Ordered by count, most frequent first, then by name
    (case-insensitively) so the order is stable.
    """
    counts: dict[str, int] = {}
    for update in updates:
        for name in set(_facet_values(update, facet)):
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))


def speaker_counts(updates: Sequence[Update]) -> list[tuple[str, int]]:
    """Return `(speaker, update count)` pairs, most frequent first."""
    return facet_counts(updates, "speakers")


def topic_counts(updates: Sequence[Update]) -> list[tuple[str, int]]:
    """Return `(topic, update count)` pairs, most frequent first."""
    return facet_counts(updates, "topics")


def _facet_values(update: Update, facet: str) -> tuple[str, ...]:
    if facet == "speakers":
        return update.speakers
    if facet == "topics":
        return update.topics
    raise ValueError(f"unknown facet {facet!r}; expected 'speakers' or 'topics'")


def facet_index(updates: Sequence[Update], facet: str) -> dict[str, frozenset[int]]:
    """Return, for each name of a facet, the set of positions of the updates carrying it."""
    index: dict[str, set[int]] = {}
    for position, update in enumerate(updates):
        for name in _facet_values(update, facet):
            index.setdefault(name, set()).add(position)
    return {name: frozenset(positions) for name, positions in index.items()}


def search_text(update: Update) -> str:
    """Return the text a free-text search looks in: time, headline, body, captions and quote speakers."""
    parts = [update.time or "", update.headline or "", *update.paragraphs, *update.captions]
    parts += [q.speaker for q in update.quotes if q.speaker]
    return "\n".join(parts)


def search_haystacks(updates: Sequence[Update]) -> list[str]:
    """Return each update's `search_text`, case-folded, ready for `filter_indices`."""
    return [search_text(u).casefold() for u in updates]


def normalise_query(query: str) -> str:
    """Return a search query as matched: surrounding space removed, case-folded ("" matches all)."""
    return " ".join(query.split()).casefold()


def filter_indices(
    order: Sequence[int],
    *,
    speakers: dict[str, frozenset[int]] | None = None,
    chosen_speakers: Iterable[str] = (),
    topics: dict[str, frozenset[int]] | None = None,
    chosen_topics: Iterable[str] = (),
    haystacks: Sequence[str] | None = None,
    query: str = "",
    only: frozenset[int] | set[int] | None = None,
) -> list[int]:
    """Return the positions in `order` that pass every active filter, in `order`'s order.

    `order` is a sequence of update positions (e.g. from `chronological_order`).
    A facet filter is active when names are chosen: an update passes when it carries ANY
    chosen name (names from `facet_index`). Free-text `query` is active when non-blank:
    an update passes when its case-folded haystack (from `search_haystacks`) contains it.
    `only`, when given, restricts the result to those positions (e.g. bookmarks).
    All active filters combine with AND.
    """
    allowed: set[int] | None = None if only is None else set(only)
    for index, chosen in ((speakers, chosen_speakers), (topics, chosen_topics)):
        names = list(chosen)
        if not names:
            continue
        union: set[int] = set()
        for name in names:
            union |= (index or {}).get(name, frozenset())
        allowed = union if allowed is None else allowed & union
    needle = normalise_query(query)
    if needle and haystacks is None:
        return []
    # Comprehensions, one per case: this runs on every search keystroke over every update.
    if needle and allowed is not None:
        return [p for p in order if p in allowed and needle in haystacks[p]]  # type: ignore[index]
    if needle:
        return [p for p in order if needle in haystacks[p]]  # type: ignore[index]
    if allowed is not None:
        return [p for p in order if p in allowed]
    return list(order)


class QueryCache:
    """The views found for the last few search queries under one set of other filters.

    Typing a query searches again on every keystroke. A query seen before (the user pressed
    backspace) is answered from memory, and a new query only has to be searched for within
    the smallest remembered view whose query it contains: every update matching "sarin" also
    matches "sar" (and "" matches everything). Accepts any hashable `key` standing for the
    other filters (order, facets, bookmarks); a different key forgets everything.
    """

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._key: Hashable = None
        self._views: dict[str, list[int]] = {}

    def lookup(self, key: Hashable, needle: str) -> tuple[list[int] | None, list[int] | None]:
        """Return `(view, candidates)` for the normalised query `needle` under filters `key`.

        `view` is the remembered result for `needle` itself (None when not remembered; do
        not modify it). Otherwise `candidates` is the smallest remembered result of a query
        contained in `needle`, in which the new result lies (None when there is none).
        """
        if key != self._key:
            return None, None
        if needle in self._views:
            return self._views[needle], None
        bases = [view for seen, view in self._views.items() if seen in needle]
        return None, (min(bases, key=len) if bases else None)

    def remember(self, key: Hashable, needle: str, view: list[int]) -> None:
        """Remember `view` as the result of `needle` under `key`, forgetting the oldest beyond `size`."""
        if key != self._key:
            self._key, self._views = key, {}
        self._views.pop(needle, None)
        self._views[needle] = view
        while len(self._views) > self.size:
            del self._views[next(iter(self._views))]


def match_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Return the `(start, end)` character spans where `query` occurs in `text`, ignoring case.

    Accepts any text and query; a blank query gives no spans. Spans do not overlap and
    index into `text` itself, also when case-folding would change a character's length
    (such characters are matched with `str.lower`, which keeps lengths for nearly all text).
    """
    needle = normalise_query(query)
    if not needle:
        return []
    folded = text.casefold()
    if len(folded) != len(text):
        folded, needle = text.lower(), needle.lower()
        if len(folded) != len(text):
            return []
    spans: list[tuple[int, int]] = []
    start = folded.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = folded.find(needle, start + len(needle))
    return spans
