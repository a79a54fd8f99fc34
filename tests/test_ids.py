"""Update ids computed in bulk (`content_ids`) equal the per-update reference (`content_id`).

Saved reading state is keyed by update ids, so the bulk path must give exactly the ids the
per-update path gives, for any content: these properties feed both adversarial text (every
Unicode whitespace character, combining marks at the ends of keys, characters NFC changes,
case foldings that expand, the separator itself) and compare.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parsers.ids import (
    _IDS_CHUNK,
    ODD_WHITESPACE,
    _folded_utf8_if_plain,
    _spaced_keys,
    content_id,
    content_ids,
    unique_ids,
)
from parsers.pipeline import load_liveblog

EXAMPLES = int(os.environ.get("LIVEBLOG_HYPOTHESIS_EXAMPLES", "150"))
BOUNDED = settings(max_examples=EXAMPLES * 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SAMPLE = Path(__file__).resolve().parents[1] / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"

Content = tuple[str | None, str | None, tuple[str, ...]]

# Every character `str.split()` splits at (it takes U+001C-U+001F and U+0085 for whitespace too).
WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
COMBINING = ["\u0301", "\u0308", "\u0327", "\u0323", "\u0344", "\u0345", "\u05b0", "\u0f73", "\u1dce", "\u20d2"]
# Characters NFC changes or composes: singletons, precomposable pairs, Hangul jamo, compatibility ideographs.
NFC_CHANGED = [
    "\u212b",
    "\u2126",
    "\u2000",
    "\u2001",
    "A",
    "e",
    "\u0391",
    "\u1100",
    "\u1161",
    "\u11a8",
    "\uac00",
    "\uf900",
    "\u0958",
    "\u1e9b",
    "\u01d5",
    "\u0374",
    "\u037e",
]
# Case foldings that expand or change script: ß, ẞ, the ﬁ ligature, dotted I, ŉ, ΐ, sigmas, Kelvin.
CASEFOLD = [
    "\u00df",
    "\u1e9e",
    "\ufb01",
    "\u0130",
    "\u0149",
    "\u0390",
    "\u03a3",
    "\u03c2",
    "\u212a",
    "\u1f80",
    "\u0587",
    "\U00010400",
    "\u13f8",
]
ALPHABET = [*WHITESPACE, *COMBINING, *NFC_CHANGED, *CASEFOLD, "a", "Z", "1", ".", "\x00", "\ufeff", "\U0001f600"]

adversarial = st.text(st.sampled_from(ALPHABET), max_size=12)
any_text = st.one_of(adversarial, st.text(max_size=12))


@st.composite
def long_paragraph(draw: st.DrawFn) -> str:
    """A paragraph whose 400-character cut falls in or next to a combining sequence."""
    lead = draw(st.integers(min_value=390, max_value=402))
    marks = draw(st.text(st.sampled_from(COMBINING + WHITESPACE[:4] + ["e", "\u1100", "\u1161"]), max_size=8))
    return "a" * lead + marks + draw(adversarial)


paragraph = st.one_of(any_text, long_paragraph())
content = st.tuples(
    st.one_of(st.none(), st.sampled_from(["", "9:56", "21:05", " 9:56 "]), any_text),
    st.one_of(st.none(), any_text),
    st.lists(paragraph, max_size=4).map(tuple),
)
# Content the fast path takes: words of letters (some non-ASCII, some folding), single spaces.
PLAIN_CHARS = [
    "a",
    "b",
    "Z",
    "1",
    ".",
    "\u2019",
    "\u201c",
    "\u2014",
    "\u00e9",
    "\u00c9",
    "\u0301",
    "\u212b",
    "\u00df",
    "\u1100",
    "\u1161",
    "\x00",
]
plain_words = st.lists(st.text(st.sampled_from(PLAIN_CHARS), min_size=1, max_size=6), max_size=80).map(" ".join)
plain_content = st.tuples(
    st.one_of(st.none(), st.just("9:56")),
    st.one_of(st.none(), plain_words),
    st.lists(plain_words, max_size=3).map(tuple),
)
contents = st.lists(st.one_of(content, plain_content), max_size=8).flatmap(
    # Duplicates: repeat some entries, so the uniqueness suffixes are exercised too.
    lambda items: (
        st.lists(st.sampled_from(items), max_size=4).map(lambda extra: items + extra) if items else st.just(items)
    )
)


def reference_unique_ids(items: Sequence[Content]) -> list[str]:
    """Return unique ids as the per-update path defines them: `content_id`, suffixes counted from the end."""
    bases = [content_id(*item) for item in items]
    seen: Counter[str] = Counter()
    ids = [""] * len(bases)
    for index in reversed(range(len(bases))):
        n = seen[bases[index]]
        seen[bases[index]] += 1
        ids[index] = bases[index] if n == 0 else f"{bases[index]}-{n}"
    return ids


@BOUNDED
@given(contents)
@example([])
@example([(None, None, ())])
@example([("", "", ("",)), (None, " ", (" \x1c\x1d\x1e\x1f\x85\u2028 ",))])
@example([("9:56", "\u0301", ("e",)), ("9:56", "e", ("\u0301",)), ("\u0301", "\u0327", ("\u0308",))])
@example([("9:56", "STRASSE", ("\u00df\ufb01\u0130",)), ("9:56", "strasse", ("ssfii\u0307",))])
@example([(None, "\u1100", ("\u1161",)), (None, None, ("\u1161\u11a8",))])
@example([(None, None, ("a" * 399 + "e\u0301\u0327",)), (None, None, ("a" * 400 + "\u0301",))])
@example([(None, "a\x00b", ("c",)), (None, "d", ())])
@example([(None, "\u03a3\u03a3", ("\u03a3 \u03a3.",))])
def test_bulk_ids_equal_per_update_ids(items: list[Content]) -> None:
    assert content_ids(items) == [content_id(*item) for item in items]
    assert unique_ids(items) == reference_unique_ids(items)


def test_separator_is_inert_under_normalisation() -> None:
    # The argument `content_ids` rests on, checked over all of Unicode: no character's NFC, NFD
    # or case folding holds the separator, and the separator is no whitespace.
    assert not "\x00".isspace()
    assert unicodedata.combining("\x00") == 0 and unicodedata.decomposition("\x00") == ""
    assert not any(
        "\x00" in unicodedata.normalize("NFD", chr(c)) or "\x00" in chr(c).casefold()
        for c in range(1, sys.maxunicode + 1)
    )


def test_sample_ids_are_the_per_update_ids() -> None:
    blog = load_liveblog(str(SAMPLE), enrich=False)
    items = [(u.time, u.headline, u.paragraphs) for u in blog.updates]
    assert len(items) > 30
    assert [u.id for u in blog.updates] == reference_unique_ids(items)


def test_odd_whitespace_is_every_whitespace_but_space() -> None:
    everything = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(ODD_WHITESPACE) == everything - {" "}
    assert len(ODD_WHITESPACE) == len(set(ODD_WHITESPACE))


def test_casefold_commutes_with_whitespace_collapse() -> None:
    # `content_ids` casefolds before collapsing whitespace, `content_id` after: the same result as
    # long as casefolding maps whitespace to itself and nothing else to whitespace or to nothing.
    for c in map(chr, range(sys.maxunicode + 1)):
        folded = c.casefold()
        assert folded
        assert folded == c if c.isspace() else not any(x.isspace() for x in folded)


@BOUNDED
@given(st.lists(plain_content, max_size=8))
def test_plain_content_ids_equal_per_update_ids(items: list[Content]) -> None:
    assert content_ids(items) == [content_id(*item) for item in items]


def test_plain_english_takes_the_joined_path() -> None:
    items = [
        ("9:56", "Mr Putin\u2019s \u201cwarning\u201d", ("It is \u2014 as ever " + "word " * 100,)),
        (None, None, ()),
    ]
    keys = _spaced_keys(items)
    assert _folded_utf8_if_plain(keys) == [" ".join(k.split()).casefold().encode() for k in keys]
    assert content_ids(items) == [content_id(*item) for item in items]


def test_keys_needing_more_than_lowercasing_are_left_to_the_per_key_path() -> None:
    for odd in ("STRASSE \u00df", "a  b", " a", "a\u00a0b", "a\x1fb", "a\x00b", "\u00c9", "\u0130"):
        assert _folded_utf8_if_plain(_spaced_keys([("9:56", odd, ())])) is None, odd


def test_space_and_unit_separator_never_compose() -> None:
    # `_spaced_keys` joins fields with a space where `_raw_key` puts U+001F, and drops spaces
    # ending the body: the same NFC and collapse, since no character decomposes into either.
    for c in map(chr, range(sys.maxunicode + 1)):
        decomposed = unicodedata.normalize("NFD", c)
        assert c in (" ", "\x1f") or not (set(decomposed) & {" ", "\x1f"})
    assert unicodedata.combining(" ") == unicodedata.combining("\x1f") == 0


def test_ids_across_chunks_equal_per_update_ids() -> None:
    # `content_ids` folds keys a chunk at a time: ids on both sides of a chunk's edge, a chunk
    # that must go key by key (an odd key in it) beside one that is folded at once, and
    # duplicates in different chunks (counted over the whole list) are the reference's.
    items: list[Content] = [
        (f"{i % 24}:{i % 60:02d}", f"Headline {i % 700}", (f"Body of update {i}.",)) for i in range(3 * _IDS_CHUNK)
    ]
    items[_IDS_CHUNK + 5] = ("9:56", "STRASSE \u00df", ("a\u00a0b",))
    items += items[:3]
    assert content_ids(items) == [content_id(*item) for item in items]
    assert unique_ids(items) == reference_unique_ids(items)
