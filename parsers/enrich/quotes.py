"""Quotation spans: find the quoted passages of a paragraph or headline.

The marks are every language's, as `lexicon` lists them. Double marks of any shape (`"`, `“`, `”`,
`„`, `«`, `»`) are paired in order, so mismatched pairs such as `“…"` and `"…”`, and German `„…“`,
still pair up. Single marks (`'…'`, `‘…’`, `‚…‘`, `‹…›`) are used only in text with no double marks,
and only where they cannot be apostrophes. A quote left open at the end
of a paragraph is reported as open, so that the caller can join it with the next paragraph.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from parsers.enrich.lexicon import LEXICONS

# Every language's marks (data in `lexicon`), opening and closing.
DOUBLE_MARKS = "".join(sorted({c for lex in LEXICONS.values() for pair in lex.quote_pairs for c in pair}))
_SINGLE_OPENERS = "".join(sorted({p[0] for lex in LEXICONS.values() for p in lex.single_quote_pairs}))
_SINGLE_CLOSERS = "".join(sorted({p[1] for lex in LEXICONS.values() for p in lex.single_quote_pairs}))
# Marks that open far more often than they close (German closes with “, rarely at a paragraph's start).
_DOUBLE_OPENERS_ONLY = "“„«"
_DOUBLE_RE = re.compile(f"[{re.escape(DOUBLE_MARKS)}]")
_ASCII_DOUBLE_MARKS = "".join(c for c in DOUBLE_MARKS if c.isascii())
_ASCII_SINGLE_OPENERS = "".join(c for c in _SINGLE_OPENERS if c.isascii())
# A single mark opens after a space/bracket/start and before a letter or digit; it closes after a
# letter/digit/punctuation and before a space, punctuation or the end. "Assad's" matches neither.
# Marks that are never apostrophes (‹ ›, ‚) may stand apart from their words, French style: "‹ non ›".
_APOSTROPHES = "'‘’"
_SPACED_OPENERS = re.escape("".join(c for c in _SINGLE_OPENERS if c not in _APOSTROPHES))
_SPACED_CLOSERS = re.escape("".join(c for c in _SINGLE_CLOSERS if c not in _APOSTROPHES))
# Both open with the mark itself and check what stands before it with lookbehinds (which also look
# at the mark): a pattern that opens with a character class lets the regex engine skip to the marks,
# one that opens with a lookbehind is tried at every position of the text.
_SINGLE_OPEN_RE = re.compile(
    rf"[{re.escape(_SINGLE_OPENERS)}](?:(?<=^.)|(?<=[\s(\[—–-].))(?:(?=[\w])|(?<=[{_SPACED_OPENERS}])\s(?=[\w]))"
)
_SINGLE_CLOSE_RE = re.compile(
    rf"[{re.escape(_SINGLE_CLOSERS)}](?:(?<=[\w.,!?].)|(?<=[\w.,!?]\s[{_SPACED_CLOSERS}]))(?=[\s,.;:!?)\]—–-]|$)"
)


class QuoteSpan(NamedTuple):
    """A quoted passage: position of its opening mark, of its closing mark (None if left open).

    `open` is -1 for a passage that runs from the start of the text (its opening mark was in
    an earlier paragraph).
    """

    open: int
    close: int | None
    text: str

    @property
    def end(self) -> int:
        """The position just after the closing mark (or the open end)."""
        return self.close + 1 if self.close is not None else self.open + 1 + len(self.text)


def _clean_quote(raw: str) -> str:
    """Return quoted words without surrounding spaces or a trailing comma."""
    return raw.strip().rstrip(",").strip()


def _closes_only(text: str, position: int) -> bool:
    """Return True when the mark at `position` can only close a quote (”, or glued to a word before it)."""
    mark = text[position]
    before = text[position - 1] if position else " "
    after = text[position + 1] if position + 1 < len(text) else " "
    if mark in _DOUBLE_OPENERS_ONLY:
        return False
    glued_before = not before.isspace()
    free_after = after.isspace() or after in ".,;:!?)]—–-"
    return glued_before and free_after


def _holds_any(text: str, marks: str) -> bool:
    """Return True when `text` holds any of the characters `marks`.

    A plain loop: a generator inside `any()` costs several times more than the substring tests.
    """
    found = False
    for mark in marks:
        if mark in text:
            found = True
            break
    return found


def find_quotes(text: str) -> list[QuoteSpan]:
    """Return the quoted passages of one paragraph or headline, in order.

    Accepts any str. Empty quotes are skipped. With an odd number of double marks, a first mark
    that can only close a quote ends a passage that started before the text (`open=-1`);
    otherwise the last passage stays open to the end of the text (`close=None`).
    """
    # most paragraphs hold no double mark: a few substring tests are cheaper than a regex scan
    # (an ASCII text, known as one without reading it, can only hold the ASCII marks)
    ascii_only = text.isascii()
    has_double = _holds_any(text, _ASCII_DOUBLE_MARKS if ascii_only else DOUBLE_MARKS)
    marks = [m.start() for m in _DOUBLE_RE.finditer(text)] if has_double else []
    spans: list[QuoteSpan] = []
    if marks:
        if len(marks) % 2 and _closes_only(text, marks[0]):
            # the paragraph ends a quote opened in an earlier one: `… deliveries to Russia”.`
            raw = text[: marks[0]]
            if raw.strip():
                spans.append(QuoteSpan(-1, marks[0], _clean_quote(raw)))
            marks = marks[1:]
        for i in range(0, len(marks), 2):
            start = marks[i]
            close = marks[i + 1] if i + 1 < len(marks) else None
            raw = text[start + 1: close if close is not None else len(text)]
            if raw.strip():
                spans.append(QuoteSpan(start, close, _clean_quote(raw)))
        return spans
    # only the single openers (', ‘, ‚, ‹) can open a single-quoted passage: text with just ’ (apostrophes) has none
    if not _holds_any(text, _ASCII_SINGLE_OPENERS if ascii_only else _SINGLE_OPENERS):
        return spans
    opens = list(_SINGLE_OPEN_RE.finditer(text))
    if not opens:
        return spans
    closes = [m.start() for m in _SINGLE_CLOSE_RE.finditer(text)]
    position = -1
    for m in opens:
        if m.start() <= position:
            continue
        close = next((c for c in closes if c > m.start() + 1), None)
        if close is None:
            break
        raw = text[m.start() + 1: close]
        if raw.strip():
            spans.append(QuoteSpan(m.start(), close, _clean_quote(raw)))
        position = close
    return spans


MASK = "\x00"  # never in cleaned text; neither a word character nor a space, so no pattern runs over it


def mask_quotes(text: str, spans: list[QuoteSpan]) -> str:
    """Return `text` with every quoted passage (marks kept) blanked out with `MASK` characters.

    Positions are unchanged, so patterns run on the masked text see only the narrator's words
    and their match positions still index the original.
    """
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for span in spans:
        out.append(text[last: max(span.open + 1, 0)])
        stop = span.close if span.close is not None else len(text)
        out.append(MASK * (stop - span.open - 1))
        last = stop
    out.append(text[last:])
    return "".join(out)
