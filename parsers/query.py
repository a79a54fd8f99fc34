"""Ordering, filtering and search: pure functions over the model, shared by the TUI and export."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from parsers.model import Update
from parsers.times import source_is_newest_first

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
