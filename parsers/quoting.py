"""Where each quote of an update lies in its body, for showing quotes without repeating them.

A quote's text may span paragraphs (a statement or a tweet quoted over several), and a
paragraph may reopen a quotation with a quotation mark that the quote's text leaves out.
Both the reader and the Markdown export place quotes with these pure functions over the model.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.model import Quote, Update

# Quotation marks, ignored when a quote is matched to the body (continued quotations reopen
# with one, the quote's text has none). Apostrophes look the same and are ignored on both sides.
QUOTE_MARKS = frozenset("\"'“”‘’„‚«»‹›")
_CLOSING_PUNCTUATION = frozenset(",.;:!?…")


@dataclass(slots=True, frozen=True)
class PlacedQuote:
    """A quote found in an update's paragraphs: from offset `start` of paragraph `first` to offset
    `end` (exclusive) of paragraph `last`, its quotation marks included."""

    quote: Quote
    first: int
    start: int
    last: int
    end: int


def _key(text: str) -> tuple[str, list[int]]:
    """Return `text` without quotation marks, whitespace runs as one space, and each kept character's offset."""
    chars: list[str] = []
    offsets: list[int] = []
    after_space = True
    for offset, char in enumerate(text):
        if char in QUOTE_MARKS:
            continue
        if char.isspace():
            if after_space:
                continue
            char, after_space = " ", True
        else:
            after_space = False
        chars.append(char)
        offsets.append(offset)
    return "".join(chars), offsets


def quote_key(text: str) -> str:
    """Return the form quotes are matched in: no quotation marks, single spaces, no spaces at the ends."""
    return _key(text)[0].strip()


def place_quotes(update: Update) -> tuple[list[PlacedQuote], list[Quote]]:
    """Return the update's quotes found in its paragraphs (in body order, none overlapping) and the others.

    A quote is matched ignoring quotation marks and spacing, across paragraph breaks. Its span
    is widened over the quotation marks around it (and punctuation just inside the closing one).
    """
    paragraphs = update.paragraphs
    joined = "\n".join(paragraphs)
    starts: list[int] = []
    position = 0
    for paragraph in paragraphs:
        starts.append(position)
        position += len(paragraph) + 1
    key, offsets = _key(joined)
    spans: list[tuple[int, int, Quote]] = []
    missing: list[Quote] = []
    for quote in update.quotes:
        wanted = quote_key(quote.text)
        found = key.find(wanted) if wanted else -1
        while found >= 0 and any(
            s <= offsets[found + len(wanted) - 1] and offsets[found] < e for s, e, _ in spans
        ):  # the same words quoted twice: the second quote is the next occurrence
            found = key.find(wanted, found + 1)
        if found < 0:
            missing.append(quote)
            continue
        start, end = offsets[found], offsets[found + len(wanted) - 1] + 1
        while end < len(joined) and (joined[end] in QUOTE_MARKS or (
                joined[end] in _CLOSING_PUNCTUATION and end + 1 < len(joined) and joined[end + 1] in QUOTE_MARKS)):
            end += 1
        while start > 0 and joined[start - 1] in QUOTE_MARKS:
            start -= 1
        spans.append((start, end, quote))
    placed = []
    for start, end, quote in sorted(spans, key=lambda span: span[0]):
        first = _paragraph_at(starts, start)
        last = _paragraph_at(starts, end - 1)
        placed.append(PlacedQuote(quote, first, start - starts[first], last, end - starts[last]))
    return placed, missing


def _paragraph_at(starts: list[int], offset: int) -> int:
    """Return the index of the paragraph holding `offset` of the joined body (starts ascending)."""
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def quoted_paragraphs(update: Update, placed: list[PlacedQuote] | None = None) -> set[int]:
    """Return the indices of the paragraphs that are quotation through and through (block quotes).

    A paragraph counts when one quote covers all of it but its quotation marks and closing
    punctuation: a statement quoted over several paragraphs, a quoted tweet. A paragraph
    that only contains a quote ("…," she said) does not.
    """
    if placed is None:
        placed = place_quotes(update)[0]
    quoted: set[int] = set()
    for item in placed:
        for index in range(item.first, item.last + 1):
            paragraph = update.paragraphs[index]
            lead = len(paragraph) - len(paragraph.lstrip("".join(QUOTE_MARKS) + " "))
            tail = len(paragraph.rstrip("".join(QUOTE_MARKS | _CLOSING_PUNCTUATION) + " "))
            if tail <= lead:
                continue
            begins = item.first < index or item.start <= lead
            ends = item.last > index or item.end >= tail
            if begins and ends:
                quoted.add(index)
    return quoted
