"""The enrichment's speed shortcuts give exactly the answers of the regexes they stand in front of.

Each shortcut skips or replaces a regex scan (the aside gate `may_hold_aside`, the speech-verb scan
`any_cue` opening with the character before a verb, the title-end test `_title_ends_in_head`, the
topic needles of `_needles`); enrichment must find the same speakers, quotes and topics with it as
without it. These properties compare each shortcut with the regex it stands in for, on text drawn
from the words the regexes look for (speech verbs, title heads, honorifics, topic terms) mixed with
dashes, odd spaces, quote marks, punctuation, accented letters, digits and the quote MASK.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import os
import re

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parsers.enrich.lexicon import LEXICONS
from parsers.enrich.people import HONORIFICS, TITLE_HEADS, _title_end_re, _title_ends_in_head
from parsers.enrich.quotes import MASK, find_quotes, mask_quotes
from parsers.enrich.speech import _cue_windows, may_hold_aside, speech_patterns, unmask_asides
from parsers.enrich.topics import BUILTIN_TOPICS, TopicDef, TopicMatcher, _holds_any, _needles, _table
from parsers.enrich.wordtrie import trie_pattern

EXAMPLES = int(os.environ.get("LIVEBLOG_HYPOTHESIS_EXAMPLES", "150"))
# At least 300 examples per property: each is cheap (a few regex scans of a short text).
SHORTCUT = settings(max_examples=max(300, EXAMPLES * 2), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
CODES = sorted(LEXICONS)

# ---------------------------------------------------------------- the pieces of the texts

# Every kind of space `\s` and `str.isspace` know (the gates test `isspace`, the regexes `\s`).
SPACES = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\u2028", "\x1c", "\x85", "\r"]
DASHES = ["—", "–", "-", " - ", " — ", " – ", " -", "- ", "--"]
QUOTE_MARKS = ['"', "“", "”", "„", "«", "»", "'", "‘", "’", "›", "‹"]
PUNCTUATION = [",", ".", ";", ":", "!", "?", "(", ")", "/", ", ", ". ", ": "]
# Word characters of other alphabets, combining marks (not word characters), digits (word characters).
OTHER = ["x", "é", "ü", "ß", "İ", "ſ", "\u212a", "_", "1", "²", "\u0301", "Mr", "Smith", "Lavrov", "il ministro",
         "he", "she"]
FILLER = st.sampled_from([*SPACES, *DASHES, *QUOTE_MARKS, *PUNCTUATION, *OTHER])
# What goes between two tokens: mostly a space, sometimes nothing (words run together) or a mark.
SEPARATOR = st.sampled_from([" ", " ", " ", " ", "", "", ", ", *SPACES, *DASHES, *QUOTE_MARKS, *PUNCTUATION])
DASH = st.sampled_from(["—", "–", "-"])
SPACE_OR_NONE = st.sampled_from(["", *SPACES])


def _variants(words: list[str]) -> list[str]:
    """Return `words` as written, capitalised, in capitals, and run on into a word character."""
    return sorted({v for w in words for v in (w, w.capitalize(), w.upper(), w + "x", w + "_", "x" + w, w + "1")})


def _text_of(words: list[str], max_size: int = 16) -> st.SearchStrategy[str]:
    """Return texts of `words` (and their `_variants`), filler and random bits, joined by `SEPARATOR`s."""
    token = st.one_of(st.sampled_from(sorted(words)), st.sampled_from(_variants(words)), FILLER, st.text(max_size=4))
    return st.lists(st.tuples(token, SEPARATOR), min_size=1, max_size=max_size).map(
        lambda pairs: "".join(w + s for w, s in pairs)
    )


# ---------------------------------------------------------------- 1. the aside gate


def _aside_texts(code: str) -> st.SearchStrategy[str]:
    """Return texts holding something shaped like an aside (" - said Mr Smith - "), each piece of which
    may be off (no space before a dash, a verb run on into a word, no end mark), among other texts."""
    pat = speech_patterns(code)
    verbs = sorted(pat.cue_verbs)
    leads = ["", *(lead + " " for lead in LEXICONS[code].inversion_leads)]
    around = _text_of(verbs, max_size=4)
    aside = st.tuples(
        around, SPACE_OR_NONE, DASH, SPACE_OR_NONE, st.sampled_from(leads),
        st.one_of(st.sampled_from(verbs), st.sampled_from(verbs), st.sampled_from(_variants(verbs))),
        st.one_of(st.sampled_from([" Mr Smith", " il ministro Tajani", " he", " Dr. Müller", " a-b", "\tX\u00a0Y"]),
                  st.sampled_from(["", "x", " «x»", ' "x', "\x00", " " + "x" * 99, " " + "x" * 100])),
        SPACE_OR_NONE, DASH, st.sampled_from([" ", ",", ".", ";", ":", "\n", "\u00a0", "", "x", "-", "»"]),
        around,
    ).map("".join)
    space = st.sampled_from(SPACES)
    clean = st.tuples(
        around, space, DASH, space, st.sampled_from(leads), st.sampled_from(verbs),
        st.sampled_from([" Mr Smith", " he", " Dr. Müller", "\tX\u00a0Y"]), space, DASH,
        st.sampled_from([" ", ",", ".", ";", ":", "\n", "\u00a0", "\x85"]), around,
    ).map("".join)
    return st.one_of(clean, aside, clean, aside, _text_of(verbs), st.text(max_size=40))


GATED = [code for code in CODES if speech_patterns(code).aside_gate]
UNGATED = [code for code in CODES if not speech_patterns(code).aside_gate]


def _gate_property(code: str, data: st.DataObject) -> None:
    """Draw a text for `code` and check: where the aside pattern matches, `may_hold_aside` says True."""
    pat = speech_patterns(code)
    text = data.draw(_aside_texts(code), label="text")
    if pat.aside().search(text) is not None:
        assert may_hold_aside(text, pat), text


@pytest.mark.parametrize("code", GATED)
@SHORTCUT
@given(data=st.data())
def test_may_hold_aside_is_true_wherever_the_aside_pattern_matches(code: str, data: st.DataObject) -> None:
    """`may_hold_aside(text, pat)` is True whenever `pat.aside()` finds an aside in `text`.

    The gate stands in front of the aside regex in `unmask_asides`: when it says False the regex
    is never compiled or run, so a False where the regex matches would leave an aside's speaker
    masked and change who is found to speak. (It may say True where the regex finds nothing.)
    These are the lexicons whose asides never open with a lead word, where the gate decides.
    """
    _gate_property(code, data)


@pytest.mark.parametrize("code", UNGATED)
@settings(SHORTCUT, max_examples=50)
@given(data=st.data())
def test_may_hold_aside_for_asides_with_lead_words(code: str, data: st.DataObject) -> None:
    """The same property for the lexicons whose asides may open with a lead word ("Lo ha detto X"):
    there the gate cannot tell and must say True for every text, so fewer examples check it."""
    _gate_property(code, data)


def test_english_aside_gate_decides() -> None:
    """The English gate really decides (its asides never open with a lead word): True on an aside,
    False on texts without one, so the property above checks a gate that can say no."""
    pat = speech_patterns("en")
    assert pat.aside_gate
    for text in (' "We are ready - said Mr Smith - to talk."', "x \u00a0—\u2003told him —,"):
        assert pat.aside().search(text) and may_hold_aside(text, pat)
    for text in ("We are ready - to talk.", "ready -said Mr Smith - to", "x - saidx him - y"):
        assert not may_hold_aside(text, pat)


# ---------------------------------------------------------------- 2. the speech-verb scan


def _cue_words(code: str) -> list[str]:
    """Return the words `any_cue` looks for: speech verbs, implicit cues and inverted-only verbs."""
    pat = speech_patterns(code)
    return sorted(pat.cue_verbs | pat.implicit_cues | set(LEXICONS[code].inverted_only))


@functools.cache
def _old_any_cue(code: str) -> re.Pattern[str]:
    """Return the speech-verb scan as it was before commit 450fc8c: the cue words between word boundaries."""
    return re.compile(rf"\b(?:{trie_pattern(_cue_words(code))})\b")


def _old_cue_windows(masked: str, code: str) -> tuple[list[tuple[int, int]], set[str]]:
    """Return `_cue_windows(masked, pat)` as it was computed with the `\\b`-led scan (before 450fc8c)."""
    windows: list[tuple[int, int]] = []
    cues: set[str] = set()
    for m in _old_any_cue(code).finditer(masked):
        cues.add(m.group())
        lo, hi = max(0, m.start() - 100), m.end() + 16
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows, cues


def _cue_texts(code: str) -> st.SearchStrategy[str]:
    """Return texts dense in the cue words of `code` and quote marks, with no MASK (cleaned text holds none)."""
    return st.one_of(_text_of(_cue_words(code)), st.text(max_size=40)).map(lambda t: t.replace(MASK, ""))


@pytest.mark.parametrize("code", CODES)
def test_any_cue_scans_for_the_cue_words(code: str) -> None:
    """`any_cue` is the non-word, non-MASK character before one of `_cue_words(code)`, a whole word.

    This ties the old form the next test rebuilds to the word list `any_cue` is built from; and
    every cue opens and closes with a word character, which is what lets the non-word character
    before a cue stand for the word boundary there.
    """
    words = _cue_words(code)
    assert speech_patterns(code).any_cue.pattern == rf"[^\w{MASK}](?P<cue>{trie_pattern(words)})\b"
    assert all(re.fullmatch(r"\w.*\w", w) for w in words)


@pytest.mark.parametrize("code", CODES)
@SHORTCUT
@given(data=st.data())
def test_any_cue_finds_what_the_word_boundary_scan_found(code: str, data: st.DataObject) -> None:
    """The speech-verb scan `any_cue`, opening with the character before a verb (never a MASK) instead
    of `\\b`, finds the same verbs at the same positions as the `\\b(?:cues)\\b` scan it replaced, and
    `_cue_windows` gives the same windows and verbs: on any text without NUL, and on the masked text
    (quotes blanked with MASK, asides shown again) that speech attribution scans. The windows are
    where every subject-and-verb event is looked for, so a verb missed or added there would change
    the speech events found.
    """
    pat = speech_patterns(code)
    text = data.draw(_cue_texts(code), label="text")
    masked = unmask_asides(text, mask_quotes(text, find_quotes(text)), pat)
    for scanned in (text, masked):
        new = [(m.start("cue") - 1, m.end("cue") - 1, m.group("cue")) for m in pat.any_cue.finditer(" " + scanned)]
        old = [(m.start(), m.end(), m.group()) for m in _old_any_cue(code).finditer(scanned)]
        assert new == old, scanned
        assert _cue_windows(scanned, pat) == _old_cue_windows(scanned, code), scanned


# ---------------------------------------------------------------- 3. the title-end test

TITLE_WORDS = sorted({*TITLE_HEADS, *HONORIFICS, *(h + "." for h in HONORIFICS), *(h + ".." for h in HONORIFICS),
                      "of state", "of", "state", "general", "Russia's", "deputy", "U.N.", "the", "foreign",
                      "\u017fecretary", "\u212aing", "mr", "MR", "dr.", "Mme.", "M"})
TRAILING_SPACE = st.lists(st.sampled_from(SPACES), min_size=1, max_size=3).map("".join)
# Title words, then maybe a space or a mark, then a last word (a title head, an honorific, a variant, anything).
TITLE_END = st.tuples(st.one_of(st.just(""), _text_of(TITLE_WORDS)), st.sampled_from(["", " ", "\u00a0", "(", "-"]),
                      st.one_of(st.sampled_from(_variants(TITLE_WORDS)), st.text(max_size=3)))


@SHORTCUT
@given(st.one_of(TITLE_END.map("".join), TITLE_END.map("".join), st.text(max_size=20)), TRAILING_SPACE)
@example("the foreign minister", " ")
@example("Mr", ". ")
@example("Mr..", " ")
@example("Sig.ra", " ")
@example("secretary of", "\u00a0")
@example("the \u017fecretary", " ")
def test_title_ends_in_head_is_the_title_end_pattern(words: str, space: str) -> None:
    """`_title_ends_in_head(words)` equals `_title_end_re().search(words) is not None` for words ending
    in whitespace (as `title_before` gives it). The shortcut reads the last word instead of compiling
    and running the title-end regex; a different answer would add or drop a title before a name.
    """
    words += space
    assert _title_ends_in_head(words) == (_title_end_re().search(words) is not None), words


@SHORTCUT
@given(st.one_of(_text_of(TITLE_WORDS), st.text(max_size=20)))
def test_title_ends_in_head_on_any_text(words: str) -> None:
    """The same equality on any text, ending in whitespace or not (the shortcut leaves what does not
    end in whitespace to the regex)."""
    assert _title_ends_in_head(words) == (_title_end_re().search(words) is not None), words


# ---------------------------------------------------------------- 4. the topic needles


def _without_needles(matcher: TopicMatcher) -> TopicMatcher:
    """Return a copy of `matcher` whose term tables always run their regex scan (no needle pre-test)."""
    plain = copy.copy(matcher)
    plain._tables = tuple(dataclasses.replace(table, needles=None) for table in matcher._tables)
    return plain


def _same_topics(matcher: TopicMatcher, text: str) -> None:
    """Assert `matcher` finds in `text` what it finds without its needles, and that a text one of whose
    terms matches holds a needle of that term's table."""
    plain = _without_needles(matcher)
    for table, plain_table in zip(matcher._tables, plain._tables, strict=True):
        hits = list(plain_table.scan(text))
        assert list(table.scan(text)) == hits, text
        if hits and table.needles is not None:
            assert _holds_any(text if table.sensitive else text.lower(), table.needles), (text, table.needles)
    assert matcher.match(text) == plain.match(text), text


BUILTIN_MATCHER = TopicMatcher(BUILTIN_TOPICS)
BUILTIN_WORDS = sorted({w for t in BUILTIN_TOPICS for term in (*t.include, *t.exclude, *t.context)
                        for w in (*term.split(), term)})


@SHORTCUT
@given(st.one_of(_text_of(BUILTIN_WORDS), st.text(max_size=30)))
@example("The regime's sarin attack")
@example("CHEMICAL\u00a0WEAPONS in Idlib")
def test_builtin_topics_are_the_same_with_and_without_needles(text: str) -> None:
    """The built-in topics found in a text are the same with the needle pre-test (`_needles`: skip
    the regex scan of a table when the text holds none of its needles) as with the scan alone.
    The pre-test stands in front of the topic regex, so it must never skip a text the regex matches.
    """
    assert any(table.needles for table in BUILTIN_MATCHER._tables)  # the shortcut is on for the built-ins
    _same_topics(BUILTIN_MATCHER, text)


# Words of user terms: words inside other words ("b", "ab", "abc"), hyphens, an apostrophe, capitals,
# letters whose lowercase changes their length ("İ") or that case-fold to ASCII ("ſ", the Kelvin sign).
TERM_WORDS = ["b", "ab", "abc", "cyber", "cyberattack", "Cyber", "hack", "hacker", "Nato", "NATO", "x-y", "y", "é",
              "İstanbul", "\u017fun", "sun", "\u212ailo", "o'neil", "neil", "straße"]
TERM_END = st.sampled_from(["", "", "*", " *", "**"])
TERM = st.one_of(
    st.tuples(st.sampled_from(TERM_WORDS), TERM_END).map("".join),
    st.tuples(st.lists(st.sampled_from(TERM_WORDS), min_size=1, max_size=3),
              st.sampled_from([" ", "  ", "\t", "\u00a0"]), TERM_END)
    .map(lambda t: t[1].join(t[0]) + t[2]),
    st.text(min_size=1, max_size=6),
)
TERMS = st.lists(TERM, max_size=4).map(tuple)
TOPICS = st.lists(st.builds(TopicDef, st.sampled_from(["A", "B", "C"]), TERMS, TERMS, TERMS), min_size=1, max_size=3)


@SHORTCUT
@given(data=st.data())
def test_user_topics_are_the_same_with_and_without_needles(data: st.DataObject) -> None:
    """For any topics (include, exclude and context terms, `*` prefixes, odd spaces, any characters)
    and any text, the topics found are the same with the needle pre-test as without it, and every
    text one of whose terms matches holds one of the needles `_needles` gave its table. A needle
    missing would silently drop a topic (or an exclusion) from an update.
    """
    topics = data.draw(TOPICS, label="topics")
    matcher = TopicMatcher(topics)
    words = sorted({w for t in topics for term in (*t.include, *t.exclude, *t.context)
                    for w in (*term.rstrip("*").split(), term)} | {"x"})
    text = data.draw(st.one_of(_text_of(words), st.text(max_size=30)), label="text")
    _same_topics(matcher, text)


@SHORTCUT
@given(st.lists(TERM, min_size=1, max_size=6), st.booleans(), st.data())
def test_needles_are_in_every_text_a_term_matches(terms: list[str], sensitive: bool, data: st.DataObject) -> None:
    """`_needles(terms)` directly: when a term of `terms` matches a text by the topic table's own
    matching (`_table`'s whole-word regex and `scan`'s word-boundary check, on the lowercased text for a
    table of lowercase terms), one of the needles is in the text as the table scans it."""
    terms = [t.strip() for t in terms if t.rstrip("*").strip()]  # as `TopicMatcher` keeps them
    keyed = [t if sensitive else t.lower() for t in terms]
    needles = _needles([t.rstrip("*") for t in keyed])
    assert _table([(t, "T", "include") for t in terms], sensitive).needles == needles  # what the table uses
    words = sorted({w for t in keyed for w in (*t.rstrip("*").split(), t)} | {"x"})
    text = data.draw(st.one_of(_text_of(words), st.text(max_size=30)), label="text")
    scanned = text if sensitive else text.lower()
    for term in terms:
        table = dataclasses.replace(_table([(term, "T", "include")], sensitive), needles=None)
        if needles is not None and any(True for _ in table.scan(text)):
            assert _holds_any(scanned, needles), (term, text, needles)
