"""Furniture and caption rules shared by every format: share bars, ads, copyright lines, photo credits.

`is_furniture` says whether one cleaned line is page furniture; `parse_caption` splits a photo
caption from its credit. The text parser also uses the whole-text hints (`FURNITURE_HINT`,
`CAPTION_HINT`) to find candidate lines in one regex pass; the HTML body extractor uses the
line rules on paragraphs. The word lists and patterns are data.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import cast

# The non-ASCII letters that `re.IGNORECASE` matches to an ASCII letter.
_IGNORECASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def any_case_pattern(words: Iterable[str], *, extras: bool = False) -> str:
    """Return a regex matching any of `words` (ASCII) in any mix of ASCII case.

    The words are merged into a tree on their first letters, so the regex engine tries one
    letter class per distinct first letter rather than one branch per word. With `extras`, the
    classes also hold the non-ASCII letters `re.IGNORECASE` takes for ASCII ones, so the result
    finds everything a case-insensitive pattern for the words finds. Spelling the cases out is
    several times faster than `re.IGNORECASE` on an alternation tried at every line.
    """

    def letter(c: str) -> str:
        if not c.isalpha():
            return re.escape(c)
        return f"[{c}{c.upper()}{_IGNORECASE_EXTRAS.get(c, '') if extras else ''}]"

    def tree(group: list[str]) -> str:
        branches = []
        for first, tails in itertools.groupby(group, key=lambda w: w[:1]):
            rests = [w[1:] for w in tails]
            if first == "":
                branches.append("")
                continue
            rest = tree(rests)
            branches.append(letter(first) + (f"(?:{rest})" if "|" in rest else rest))
        # A word that is a prefix of another (the empty tail) comes last, so the longer is tried first.
        branches.sort(key=lambda b: b == "")
        return "|".join(branches)

    return tree(sorted(set(words)))


# Page furniture. Lines matching any of these patterns are dropped wherever they appear.
FURNITURE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^advertisement$",
        r"^sponsored( content)?$",
        r"^(skip|jump) to (main )?content$",
        r"^[-•*·]?\s*this content is subject to copyright\.?$",
        r"^(©|\(c\)|copyright\b).{0,120}$",
        r"^all rights reserved\.?$",
        r"^(profile|related|read more|watch|listen|video|explainer|analysis|opinion)\s*\|\s*.{1,120}$",
        # a video or audio promo: its title ("Watch: Reeves unveils budget") and duration ("Video, 00:02:15")
        r"^(watch|listen|video|vidéo|vídeo)\s?:\s*.{1,120}$",
        r"^(video|vidéo|vídeo|audio|media)( content)?,?\s*(duration:?\s*)?\d{1,2}:\d{2}(:\d{2})?$",
        r"^(read|see) more:?$",
        r"^(show|load) (more|all)( updates| posts)?$",
        r"^(back to top|scroll to top)$",
        r"^(follow us|sign up|subscribe)( to [\w ]{1,40})?( on [\w ]{1,20})?\.?$",
    )
)
_FURNITURE_MAX_WORDS = 12  # a furniture line of furniture words has at most this many
# Words that make up share bars and log-in strips. A short line made only of these is furniture.
FURNITURE_WORDS: frozenset[str] = frozenset(
    """register log in sign out up commenting policy comments comment share shares tweet
    email e-mail facebook twitter x whatsapp linkedin pinterest reddit messenger print copy
    link save bookmark follow on the this article show hide close menu more""".split()
)
FURNITURE_REQUIRED: frozenset[str] = frozenset(
    "register log sign commenting comments share tweet facebook twitter whatsapp linkedin pinterest".split()
)
# Speed: all furniture patterns as one alternation (one regex call per line instead of one per
# pattern). A sentence is rejected on its first word, so most lines never reach the word list.
_FURNITURE_ANY = re.compile("|".join(f"(?:{p.pattern})" for p in FURNITURE_PATTERNS), re.IGNORECASE)
_WORDS = re.compile(r"[a-z-]+")

# How each of `FURNITURE_PATTERNS` can begin (keep in step with them; a test checks it).
_FURNITURE_PATTERN_STARTS = (
    "advertisement", "sponsored", "skip", "jump", "-", "\u2022", "*", "\u00b7", "this", "\u00a9", "(c)",
    "copyright", "all", "profile", "related", "read", "watch", "listen", "video", "vidéo", "vídeo", "audio", "media",
    "explainer", "analysis",
    "opinion", "see", "show", "load", "back", "scroll", "follow", "sign", "subscribe",
)
# `str.lower` turns these two non-ASCII letters into ASCII ones ("İ" -> "i̇", Kelvin "K" -> "k").
LOWERS_TO_ASCII = "\u0130\u212a"


def _furniture_hint() -> re.Pattern[str]:
    """Return a regex that finds, after a newline, every line `is_furniture` may accept.

    A line is found when, with its surrounding spaces, it matches one of `FURNITURE_PATTERNS`
    (the patterns themselves, so nothing is missed), or when each of its runs of ASCII letters
    and hyphens is a furniture word, and there are at most `_FURNITURE_MAX_WORDS`. Lines holding
    a letter that `str.lower` turns into ASCII (`LOWERS_TO_ASCII`) are not covered: callers
    check for those apart. A line it does not find is not furniture, so most stretches of text
    are never checked line by line.
    """
    patterns = "|".join(p.pattern.removeprefix("^").removesuffix("$") for p in FURNITURE_PATTERNS)
    starts = any_case_pattern(_FURNITURE_PATTERN_STARTS, extras=True)
    other = "[^A-Za-z\\n-]"  # a character between runs of letters
    word = f"(?:{any_case_pattern(FURNITURE_WORDS)})(?![A-Za-z-])"
    return re.compile(
        rf"\n(?=[^\n])(?:[^\S\n]*+(?={starts})(?i:{patterns})[^\S\n]*(?=\n|\Z)"
        rf"|(?:{other}*+{word}){{1,{_FURNITURE_MAX_WORDS}}}+{other}*+(?=\n|\Z))"
    )


FURNITURE_HINT = _furniture_hint()

# A photo caption: "<text> - Credit: <agency>" (the label may vary).
CAPTION_LINE = re.compile(
    r"^(?P<text>.{10,}?)\s+(?:[-–—]\s*)?(?P<label>credit|photograph|photo|picture|image|pic)s?:"
    r"\s*(?P<credit>\S.{0,120})$",
    re.IGNORECASE,
)

# The end of `CAPTION_LINE`: a label, a colon and a credit of at most 121 characters.
_CAPTION_TAIL = re.compile(
    r"(?:credit|photograph|photo|picture|image|pic)s?:\s*\S.{0,120}$", re.IGNORECASE
)
_CAPTION_LABEL_MAX = len("photographs:")
# A label's colon, as `CAPTION_LINE` needs one: a literal colon first, so the regex engine finds
# colons with a fast search and only looks behind each one.
_CAPTION_LABELS = ("credit", "photograph", "photo", "picture", "image", "pic")
_LABELS_WITH_PLURALS = tuple(label + plural for label in _CAPTION_LABELS for plural in ("", "s"))
# Each look-behind is followed by an empty group, so `Match.lastindex` says which label it found.
# The one-letter look-behind first turns most colons away after one test ("x: " a million times).
CAPTION_HINT = re.compile(
    f":(?<=[{''.join(sorted({label[-1] for label in _LABELS_WITH_PLURALS}))}]:)(?:"
    + "|".join(f"(?<={label}:)()" for label in _LABELS_WITH_PLURALS)
    + ")",
    re.IGNORECASE,
)
_FURNITURE_SCAN_CHARS = 2000  # lines up to this long are split into words in one go

def is_furniture(line: str) -> bool:
    """Return True if a cleaned, non-empty line is page furniture (ads, share bars, copyright)."""
    if (
        "\n" not in line
        # The whole-text hint matched on the line with a newline put in front, rather than a
        # second compiled copy of it for lines: its compile cost ~12 ms at every start-up.
        and not FURNITURE_HINT.match("\n" + line)
        and (line.isascii() or not any(c in line for c in LOWERS_TO_ASCII))
    ):
        return False  # the hint finds every furniture line: most lines end here
    if _FURNITURE_ANY.match(line):
        return True
    lowered = line.lower()
    first = _WORDS.search(lowered)
    if first is None or first.group() not in FURNITURE_WORDS:
        return False  # every word must be a furniture word: the first one already is not
    if len(line) <= _FURNITURE_SCAN_CHARS:
        words = _WORDS.findall(lowered)
    else:
        # Stop at the 13th word: a long line is never furniture, and a 50 MB line must
        # not become a list of millions of words.
        words = [m.group() for m in itertools.islice(_WORDS.finditer(lowered), 13)]
    return (
        0 < len(words) <= _FURNITURE_MAX_WORDS
        and FURNITURE_WORDS.issuperset(words)
        and not FURNITURE_REQUIRED.isdisjoint(words)
    )


def parse_caption(line: str) -> tuple[str, str] | None:
    """Return ``(caption_text, credit)`` if `line` is a photo caption with a credit, else None.

    The result is `CAPTION_LINE`'s (text stripped of dashes, credit stripped; None when the text
    has fewer than three words), found without running that pattern: its lazy text group tries
    every position of the line. Only label colons near the end can start a credit short enough.
    """
    if ":" not in line:
        return None  # most lines: no label's colon at all, so no need to find the tail
    start = _caption_tail_start(line)
    if "\n" in line:  # not a line: let the pattern decide (its "." stops at a newline)
        if not _CAPTION_TAIL.search(line, start):
            return None
        match = CAPTION_LINE.match(line)
        if not match or len(match.group("text").split()) < 3:
            return None
        return match.group("text").rstrip(" -–—"), match.group("credit").strip()
    for hint in CAPTION_HINT.finditer(line, start):
        found = _caption_at(line, hint.start(), cast(int, hint.lastindex))
        if found is not None:
            text, credit = found
            return (text.rstrip(" -–—"), credit.strip()) if len(text.split()) >= 3 else None
    return None


def _caption_at(line: str, colon: int, label: int) -> tuple[str, str] | None:
    """Return `CAPTION_LINE`'s ``(text, credit)`` groups for the match whose label ends at `colon`.

    Accepts a line without newlines, the index of a colon that `CAPTION_HINT` found and the
    number of the group that found it (so ``_LABELS_WITH_PLURALS[label - 1]`` is the label). The
    credit is what follows the colon and its spaces (at most 121 characters). The text is the
    shortest prefix of at least 10 characters followed by spaces, optionally a dash and spaces,
    and the label.
    """
    credit = line[colon + 1 :].lstrip()
    if not credit or len(credit) > 121:
        return None
    label_start = colon - len(_LABELS_WITH_PLURALS[label - 1])
    spaces_start = len(line[:label_start].rstrip())  # the spaces (maybe none) before the label
    text_end = -1
    if spaces_start > 0 and line[spaces_start - 1] in "-–—":
        dash = spaces_start - 1
        before_dash = len(line[:dash].rstrip())
        if before_dash < dash and max(10, before_dash) < dash:  # spaces, then the dash
            text_end = max(10, before_dash)
    if text_end < 0 and spaces_start < label_start and max(10, spaces_start) < label_start:
        text_end = max(10, spaces_start)
    if text_end < 0:
        return None
    return line[:text_end], credit


def _caption_tail_start(line: str) -> int:
    """Return the earliest index at which a `CAPTION_LINE` label can start in `line`.

    The credit is at most 121 characters and follows the label's colon after whitespace
    only, so the colon lies in the last 121 characters or just before a run of whitespace
    reaching into them.
    """
    start = max(0, len(line) - 121)
    start = len(line[:start].rstrip())
    return max(0, start - _CAPTION_LABEL_MAX - 1)


# --- Per-language word lists for posts in any format (issue 18: any publisher, any language) ---

# Flags shown before a headline: they mark the post, they are not its headline. Per language.
FLAG_WORDS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "en": ("breaking", "breaking news", "pinned", "pinned post", "key event", "key events", "just in", "update",
           "updated", "live"),
    "de": ("eilmeldung", "eil", "angepinnt", "wichtig", "aktuell", "neu", "liveblog", "update"),
    "fr": ("urgent", "alerte", "épinglé", "important", "en direct", "direct", "dernière minute", "info"),
    "it": ("ultim'ora", "ultim’ora", "ultima ora", "in evidenza", "fissato", "aggiornamento", "importante"),
    "es": ("última hora", "urgente", "fijado", "destacado", "en directo", "directo", "importante"),
    "pl": ("pilne", "przypięty", "ważne", "na żywo"),
}
FLAG_WORDS: frozenset[str] = frozenset(w for words in FLAG_WORDS_BY_LANGUAGE.values() for w in words)
# The flags that mark a pinned post (a copy shown first), in every language above.
PIN_WORDS: frozenset[str] = frozenset(
    {"pinned", "pinned post", "angepinnt", "épinglé", "fissato", "in evidenza", "fijado", "przypięty"})
# A flag written as a word and a separator before the headline ("Eilmeldung: …", "BREAKING | …").
FLAG_PREFIX = re.compile(r"^(?P<flag>[^\W\d][\w'’ ]{1,20}?)\s*[:|–—]\s+(?=\S)")

# Lines that are page furniture inside a post, per language: embed placeholders, pointers to
# other pages, sign-ups and ad labels. Each is a whole line (matched from start to end, any case).
FURNITURE_LINES_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    # Any language: a CMS placeholder left in the text ("[[(gele.Finegil.Image2014v1) TOPSHOT-…]]").
    "*": (r"\[\[[^\[\]]{1,200}\]\]",),
    "en": (
        r"view (?:more )?on (?:twitter|x|instagram|facebook|youtube|tiktok)",
        r"(?:skip|end of) (?:twitter|x|instagram|facebook|youtube|tiktok) post(?:,? \d+)?(?: by .{1,60})?",
        r"allow (?:twitter|x|instagram|facebook|youtube|tiktok) content\??",
        r"read more(?: here| about .{1,80} here)?[.:]?",
        r"(?:click|tap) here (?:to|for) .{1,80}",
        r"sign up (?:to|for) .{0,60}newsletters?.{0,80}",
        r"(?:subscribe|sign up) (?:now|here|today)\.?",
    ),
    "de": (
        r"(?:mehr (?:dazu|zum thema)|hier weiterlesen|weiterlesen|zum artikel)(?: hier)?[.:]?",
        r"(?:auf|bei) (?:twitter|x|instagram|facebook|youtube|tiktok) (?:ansehen|anzeigen)",
        r"(?:anzeige|werbung)",
        r"(?:jetzt )?(?:den )?newsletter (?:abonnieren|bestellen).{0,80}",
        r"(?:externer inhalt|empfohlener redaktioneller inhalt)",
    ),
    "fr": (
        r"(?:à )?lire (?:aussi|également|la suite)\s*[:.]?.{0,160}",
        r"voir (?:la )?(?:publication|plus) sur (?:twitter|x|instagram|facebook|youtube)",
        r"publicité",
        r"(?:abonnez-vous|inscrivez-vous) (?:à|a) (?:notre|la) newsletter.{0,80}",
    ),
    "it": (
        r"leggi (?:anche|tutto|di più)\s*[:.]?.{0,160}",
        r"pubblicità",
        r"iscriviti alla (?:nostra )?newsletter.{0,80}",
        r"(?:guarda|visualizza) (?:questo post )?su (?:twitter|x|instagram|facebook|youtube)",
    ),
    "es": (
        r"(?:lee|leer|lea) (?:también|más)\s*[:.]?.{0,160}",
        r"publicidad",
        r"(?:suscríbete|suscribete|apúntate) (?:a|al) (?:nuestra |nuestro )?(?:newsletter|boletín).{0,80}",
        r"ver (?:esta publicación|más) en (?:twitter|x|instagram|facebook|youtube)",
    ),
}


def is_furniture_line(line: str) -> bool:
    """Return True if a post's line is one of `FURNITURE_LINES_BY_LANGUAGE` (whole line, any case)."""
    return len(line) <= _FURNITURE_LINE_CHARS and _furniture_line_pattern().match(line) is not None


_FURNITURE_LINE_CHARS = 240


@lru_cache(maxsize=1)
def _furniture_line_pattern() -> re.Pattern[str]:
    """Return `FURNITURE_LINES_BY_LANGUAGE` as one pattern, compiled on first use (not at start-up)."""
    return re.compile(
        "|".join(f"(?:{p})" for words in FURNITURE_LINES_BY_LANGUAGE.values() for p in words).join(("^(?:", ")$")),
        re.IGNORECASE)


# Text an embed leaves in a post that is not the post's words ("pic.twitter.com/AkgXeCJ7cW").
EMBED_LEFTOVER = re.compile(r"\s*\bpic\.twitter\.com/\w+")
# Query parameters that only track where a reader came from (removed from links).
TRACKING_PARAMETER = re.compile(r"^(?:utm_\w+|ref_src|ref_url|fbclid|gclid|ocid|cmpid|xtor|at_medium|at_campaign"
                                r"|at_custom\d*|ito|mc_cid|mc_eid|igshid|smid|s_cid)$", re.IGNORECASE)
