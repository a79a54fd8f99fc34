"""Text normalisation shared by every parser: article text is untrusted input.

Everything that reaches the model passes through `clean_text` (or `clean_inline`), so
no control character or terminal escape sequence can reach a display.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/SOS/PM/APC
# (ESC P/X/^/_ ... ST) and two-character escapes. The 8-bit C1 forms (CSI = U+009B,
# OSC = U+009D) are covered too, since some terminals honour them.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# C0 except tab and newline, DEL, C1; plus bidi embedding/override/isolate controls, which
# can reorder what a terminal shows (Trojan Source style), the BOM/ZWNBSP, and lone
# surrogates (a str from outside, e.g. surrogateescape, can hold them; they cannot be
# encoded, so one would crash the id hash, the JSON export and the terminal).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
# No-break spaces that become plain spaces. Replaced with str.replace (one C scan each)
# rather than str.translate with a dict, which costs a Python lookup per character.
_NBSP = ("\u00a0", "\u202f", "\u2007")
# Runs of spaces to collapse into one: a run of two or more, or one space that is not an
# ASCII space. A lone ASCII space is not replaced by itself (on a long paragraph that was
# millions of needless substitutions and most of the parse time).
_SPACES = re.compile(r"[ \t\u2000-\u200a\u3000](?:[ \t\u2000-\u200a\u3000]+|(?<! ))")

# Non-ASCII characters that `clean_text` leaves as they are wherever they stand (the no-break
# spaces aside, which become spaces): no control, and stable under NFC in any context (each is its
# own NFC form, has combining class 0 and is never the second character of a canonical
# composition, so text made of them and ASCII passes the NFC quick check). Latin, Greek,
# Cyrillic, general punctuation, currency, arrows, shapes, variation selectors and emoji;
# tests/test_text_equivalences.py checks the property for every one.
NFC_STABLE_RANGES = (
    "\u00a0-\u02ff\u0388-\u0482\u0488-\u052f\u1e00-\u1eff\u2002-\u2029\u202f-\u2065"
    "\u206a-\u20cf\u2190-\u21ff\u2500-\u27bf\ufe00-\ufe0f\U0001f000-\U0001faff"
)
# A character that may need `clean_text`'s work: anything but printable ASCII, tab, newline, carriage
# return (handled apart) and the stable characters.
_NEEDS_WORK = re.compile(f"[^\t\n\r -~{NFC_STABLE_RANGES}]")
# The bytes of printable ASCII, tab, newline and carriage return: deleting them from UTF-8 leaves the
# other characters' whole byte sequences (ASCII bytes never occur inside a multi-byte sequence).
_PLAIN_ASCII_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def strip_controls(text: str) -> str:
    """Return `text` without escape sequences and control characters (newline and tab kept).

    CRLF and lone CR become newlines first, so line structure survives.
    """
    if text.isprintable():
        # Every character this removes or changes (controls, CR, ESC and C1 introducers, bidi
        # controls, BOM, surrogates) is non-printable: one C scan clears most paragraphs, where
        # the regex below cost 3 us on a 250-character non-ASCII one.
        return text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text or "\x90" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


def clean_text(text: str) -> str:
    """Return untrusted multi-line text made safe and canonical.

    Accepts any str. Returns it in Unicode NFC, with no-break spaces turned into spaces and
    control characters and terminal escape sequences removed. Quotes are kept as written.
    """
    text = strip_controls(text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        for space in _NBSP:
            if space in text:
                text = text.replace(space, " ")
    return text


def clean_utf8_with_rest(data: bytes) -> tuple[str, str | None]:
    """Return ``(clean_text(data.decode("utf-8")), rest)``, usually much faster than that.

    Accepts any bytes; raises `UnicodeDecodeError` when they are not UTF-8, as `bytes.decode`
    does. Most live-blog text is ASCII plus a few curly quotes and dashes: when every non-ASCII
    character is one that `clean_text` keeps as it is (`NFC_STABLE_RANGES`), the only work left is
    turning carriage returns into newlines and no-break spaces into spaces, and no regex or
    normalisation pass runs over the whole text. The check looks only at the characters that are
    not plain ASCII.

    `rest` holds, in order, the characters of the decoded bytes other than printable ASCII, tab,
    newline and carriage return, or is None when they are too many to be worth gathering (over a
    quarter of the bytes). A parser can read facts about the text off `rest` rather than scan the
    whole text again.
    """
    text = data.decode("utf-8")
    rest_bytes = data.translate(None, _PLAIN_ASCII_BYTES)
    # A file of mostly non-ASCII text gains nothing from the check and would hold a second copy.
    if len(rest_bytes) > len(data) // 4:
        return clean_text(text), None
    rest = rest_bytes.decode("utf-8")
    if _NEEDS_WORK.search(rest):
        return clean_text(text), rest
    if b"\r" in data:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for space in _NBSP:
        if space in rest:
            text = text.replace(space, " ")
    return text, rest


def clean_inline(text: str) -> str:
    """Return `text` cleaned as by `clean_text` and collapsed to one line of single spaces."""
    text = clean_text(text).replace("\n", " ")
    # `_SPACES` finds nothing without a tab, a double space or a wide space; three C scans are
    # much cheaper than the regex trying a match at every space (HTML bodies: ~40% of this call).
    if "\t" in text or "  " in text or (not text.isascii() and _WIDE_SPACE.search(text)):
        text = _SPACES.sub(" ", text)
    return text.strip()


_WIDE_SPACE = re.compile("[\u2000-\u200a\u3000]")


def collapse_spaces(text: str) -> str:
    """Return `text` with each run of spaces and tabs made one space (newlines are kept).

    On text that `clean_text` already returned, applying this and then splitting on newlines
    gives, after `str.strip`, exactly what `clean_inline` gives for each line, in one pass.
    """
    return _SPACES.sub(" ", text)
