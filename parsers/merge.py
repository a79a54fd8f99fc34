"""Merging versions of one live blog: the pages of a paginated blog, and each new fetch into what is shown.

Pure functions over the model (no I/O): the reader that follows a URL and the export of a
paginated blog both use them. Update ids are derived from content, so an edited update
arrives with a new id; `merge_versions` pairs it with the update it replaces (same clock
time, the only one of its time to vanish and to appear) and keeps the first id, so marks and
the selection stay on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, replace

from parsers.model import LiveBlog, Update


def merge_pages(pages: Sequence[LiveBlog]) -> LiveBlog:
    """Return one blog holding the updates of `pages` (first page first), each update id once.

    Accepts at least one blog; the page-level fields (title, source, intro) are the first page's.
    Warnings of every page are kept, each once.
    """
    first = pages[0]
    if len(pages) == 1:
        return first
    seen: set[str] = set()
    updates: list[Update] = []
    warnings: dict[str, None] = {}
    for page in pages:
        warnings.update(dict.fromkeys(page.warnings))
        for update in page.updates:
            if update.id not in seen:
                seen.add(update.id)
                updates.append(update)
    return replace(first, updates=tuple(updates), warnings=tuple(warnings))


@dataclass(slots=True)
class VersionMemory:
    """What a follower remembers between versions: which ids were renamed, edited or vanished.

    `aliases` maps an id the page now gives to the id first shown for that update (edits);
    `edited` and `gone` hold shown ids.
    """

    aliases: dict[str, str] = field(default_factory=dict)
    edited: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)


@dataclass(slots=True, frozen=True)
class Merged:
    """The blog to show after a new version, and what changed: ids new, newly edited, newly gone."""

    blog: LiveBlog
    fresh: frozenset[str] = frozenset()
    edited: frozenset[str] = frozenset()
    gone: frozenset[str] = frozenset()


def _edit_key(update: Update) -> Hashable | None:
    """Return what an edit keeps of an update (its time), or None when it has none to match by."""
    if update.datetime is not None:
        return update.datetime
    return ("clock", update.time) if update.time else None


def _pair_edits(vanished: list[Update], fresh: list[Update]) -> list[tuple[Update, Update]]:
    """Return (old, new) pairs where one vanished and one fresh update share a time, alone in it."""
    old_by_key: dict[Hashable, list[Update]] = defaultdict(list)
    new_by_key: dict[Hashable, list[Update]] = defaultdict(list)
    for update in vanished:
        if (key := _edit_key(update)) is not None:
            old_by_key[key].append(update)
    for update in fresh:
        if (key := _edit_key(update)) is not None:
            new_by_key[key].append(update)
    return [
        (olds[0], new_by_key[key][0])
        for key, olds in old_by_key.items()
        if len(olds) == 1 and len(new_by_key.get(key, ())) == 1
    ]


def merge_versions(shown: LiveBlog | None, page: LiveBlog, memory: VersionMemory) -> Merged:
    """Return the blog to show once `page` (the newly fetched version) replaces `shown`.

    Updates on `page` come in its order, under the ids first shown for them. An update that
    left the page stays, after the update it followed, and its id joins `memory.gone` (leaving
    it when it comes back). A vanished update and a new one with the same time, each the only
    one of that time, are one edited update: the new content under the old id, in
    `memory.edited`. `memory` is updated in place. With no `shown` version, `page` is shown.
    """
    if shown is None:
        return Merged(page)
    renamed = [replace(u, id=memory.aliases[u.id]) if u.id in memory.aliases else u for u in page.updates]
    shown_ids = {u.id for u in shown.updates}
    page_ids = {u.id for u in renamed}
    fresh = [u for u in renamed if u.id not in shown_ids]
    vanished = [u for u in shown.updates if u.id not in page_ids and u.id not in memory.gone]
    edits = _pair_edits(vanished, fresh)
    replaced_by = {new.id: old.id for old, new in edits}
    for new_id, old_id in replaced_by.items():
        memory.aliases[new_id] = old_id
        memory.edited.add(old_id)
    if replaced_by:
        renamed = [replace(u, id=replaced_by[u.id]) if u.id in replaced_by else u for u in renamed]
        page_ids = {u.id for u in renamed}
    newly_gone = {u.id for u in vanished} - set(replaced_by.values())
    memory.gone = (memory.gone | newly_gone) - page_ids
    # Each update no longer on the page follows the nearest update before it that still is.
    followers: dict[str | None, list[Update]] = defaultdict(list)
    anchor: str | None = None
    for update in shown.updates:
        if update.id in memory.gone:
            followers[anchor].append(update)
        elif update.id in page_ids:
            anchor = update.id
    updates = list(followers[None])
    for update in renamed:
        updates.append(update)
        updates.extend(followers.get(update.id, ()))
    return Merged(
        replace(page, updates=tuple(updates)),
        fresh=frozenset(u.id for u in fresh if u.id not in replaced_by),
        edited=frozenset(replaced_by.values()),
        gone=frozenset(newly_gone),
    )
