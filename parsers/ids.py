"""Update ids: stable, content-derived identifiers, so saved state survives a re-saved page.

An id hashes an update's time, headline and body start (`content_id`); `content_ids` gives the
same ids for many updates at once, faster; `unique_ids`/`assign_ids` make them unique in a blog.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from parsers.model import Update


def _id_key(time: str | None, headline: str | None, paragraphs: Sequence[str]) -> str:
    """Return the normalised content string an update id is derived from."""
    body = " ".join(paragraphs)[:400]
    raw = f"{time or ''}\x1f{headline or ''}\x1f{body}"
    return " ".join(unicodedata.normalize("NFC", raw).split()).casefold()


def content_id(time: str | None, headline: str | None, paragraphs: Sequence[str]) -> str:
    """Return a stable 12-hex-digit id derived from an update's time, headline and body start.

    The same content always gives the same id, whatever its position in the blog. This is the
    reference: `content_ids` gives the same ids for many updates at once, faster.
    """
    digest = hashlib.blake2b(_id_key(time, headline, paragraphs).encode("utf-8"), digest_size=6)
    return digest.hexdigest()


# Every whitespace character `str.split()` splits at but the space (a test checks the list).
ODD_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_ODD_ASCII_WHITESPACE = tuple(c.encode("ascii") for c in ODD_WHITESPACE if c.isascii())
_ASCII_BYTES = bytes(range(128))


def _spaced_keys(contents: Sequence[tuple[str | None, str | None, Sequence[str]]]) -> list[str]:
    """Return each update's key, NFC-normalised, in a form that collapses to `_id_key`'s.

    The fields are joined by one space (not U+001F), empty ones left out, and the spaces ending
    the body's cut dropped: ``" ".join(key.split())`` gives what it gives for `_id_key`'s raw
    key. Both separators are whitespace, and starters that no character decomposes into, so NFC
    composes nothing across either; collapsing whitespace then makes them the same.
    """
    normalize = unicodedata.normalize
    return [
        normalize("NFC", " ".join(filter(None, (time, headline, " ".join(paragraphs)[:400].rstrip(" ")))))
        for time, headline, paragraphs in contents
    ]


def _folded_utf8_if_plain(keys: list[str]) -> list[bytes] | None:
    """Return ``" ".join(key.split()).casefold().encode("utf-8")`` of each key, or None.

    Works on all keys joined (by NUL) in UTF-8, in a few passes of C, and only when that is
    exact: None unless the space is the only whitespace character, no key holds two spaces in
    a row, starts or ends with one, or holds a NUL, and every non-ASCII character is its own
    case fold (so folding is ASCII lowercasing: ``bytes.lower``). Blogs in English mostly are.
    """
    joined = "\x00".join(keys).encode("utf-8")
    if b"  " in joined or any(c in joined for c in _ODD_ASCII_WHITESPACE):
        return None
    if any(key[:1] == " " or key[-1:] == " " for key in keys):
        return None
    non_ascii = "".join([key for key in keys if not key.isascii()]).encode("utf-8")
    # The distinct non-ASCII characters: few, whatever the length of the text.
    for char in set(non_ascii.translate(None, _ASCII_BYTES).decode("utf-8")):
        if char.isspace() or char.casefold() != char:
            return None
    folded = joined.lower().split(b"\x00")
    return folded if len(folded) == len(keys) else None  # a key held a NUL


def content_ids(contents: Sequence[tuple[str | None, str | None, Sequence[str]]]) -> list[str]:
    """Return `content_id` of each ``(time, headline, paragraphs)``, in order: the same ids, faster.

    Per update only the key is built and NFC-normalised (fast for ASCII keys); the whitespace
    collapse and the case fold run over all keys at once when `_folded_utf8_if_plain` can, else
    key by key. On the generated 10,000-update blog: about half the instructions of one
    `content_id` per update (cachegrind).
    """
    blake2b = hashlib.blake2b
    ids: list[str] = []
    # A chunk at a time: the keys of a 450,000-update blog, joined and folded at once, held
    # 700 MB more at the peak; a chunk keeps the gain, and an odd key slows only its own chunk.
    for start in range(0, len(contents), _IDS_CHUNK):
        keys = _spaced_keys(contents[start : start + _IDS_CHUNK])
        folded = _folded_utf8_if_plain(keys)
        if folded is None:
            folded = [" ".join(key.split()).casefold().encode("utf-8") for key in keys]
        ids += [blake2b(key, digest_size=6).hexdigest() for key in folded]
    return ids


_IDS_CHUNK = 1024  # updates whose keys `content_ids` folds together


def unique_ids(contents: Sequence[tuple[str | None, str | None, Sequence[str]]]) -> list[str]:
    """Return the ids `assign_ids` gives to updates with these ``(time, headline, paragraphs)``.

    Accepts the contents in source order; returns one id per entry, content-derived and unique
    within the list (see `assign_ids`). Parsers that build updates themselves call this so that
    each update is constructed once, with its id.
    """
    bases = content_ids(contents)
    if len(set(bases)) == len(bases):
        return bases  # no two alike: no suffix to count
    seen: Counter[str] = Counter()
    ids: list[str] = [""] * len(bases)
    for index in range(len(bases) - 1, -1, -1):
        base = bases[index]
        n = seen[base]
        seen[base] += 1
        ids[index] = base if n == 0 else f"{base}-{n}"
    return ids


def assign_ids(updates: Iterable[Update]) -> tuple[Update, ...]:
    """Return the updates with content-derived ids, made unique within the blog.

    Accepts updates in source order (ids on input are ignored). Identical content gets a
    suffix counted from the end of the list, so that updates prepended at the top of a
    newest-first blog never shift the ids of the older ones.
    """
    items = list(updates)
    ids = unique_ids([(u.time, u.headline, u.paragraphs) for u in items])
    # `replace` is costly (it introspects the fields); skip it when the id is already right.
    return tuple(u if u.id == i else replace(u, id=i) for u, i in zip(items, ids, strict=True))
