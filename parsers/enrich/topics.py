"""Topics: the built-in topic lexicons and a fast matcher for built-in and user topics.

A term written with a capital letter ("Syria", "Nato") matches case-sensitively, and in capitals
("SYRIA"); a term in lowercase ("sarin", "chemical attack") matches in any case. Terms match whole
words only ("Syria" is not found in "Syrian"; list "Syrian" too), spaces inside a term match any
run of spaces, and a term ending in `*` matches any word starting with it ("hack*"). An include
match inside an exclude match of the same topic does not count ("cyber monday" excludes "cyber").
Context terms ("the alliance") count only in a blog where the topic's own terms appear in at
least `CONTEXT_MIN_UPDATES` updates.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from parsers.enrich.wordtrie import trie_pattern

CONTEXT_MIN_UPDATES = 2


@dataclass(slots=True, frozen=True)
class TopicDef:
    """A topic: its name, the terms that put an update in it, and the terms that keep it out."""

    name: str
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    context: tuple[str, ...] = ()


BUILTIN_TOPICS: tuple[TopicDef, ...] = (
    TopicDef(
        "Syria",
        include=("Syria", "Syrian", "Syrians", "Assad", "Damascus", "Idlib", "Aleppo", "Homs", "Ghouta",
                 "Raqqa", "Khan Sheikhoun", "Khan Shaykhun", "Shayrat", "sarin"),
        context=("chemical attack", "chemical attacks", "chemical weapons", "chemical weapon",
                 "gas attack", "nerve agent", "the regime"),
    ),
    TopicDef(
        "NATO",
        include=("NATO", "Nato", "North Atlantic Treaty Organization", "North Atlantic Treaty Organisation",
                 "Stoltenberg", "Rutte"),
        context=("the alliance", "alliance members"),
    ),
    TopicDef(
        "North Korea",
        include=("North Korea", "North Korean", "North Koreans", "Pyongyang", "Kim Jong-un",
                 "Kim Jong Un", "Kim Jong-Un", "DPRK"),
    ),
)


def _term_pattern(terms: list[str]) -> str:
    """Return the regex source for a list of terms: whole words; spaces in a term match any spaces.

    A term ending in `*` matches any word that starts with it.
    """
    exact = [t for t in terms if not t.endswith("*")]
    prefixes = [t.rstrip("*") for t in terms if t.endswith("*")]
    parts = []
    if exact:
        parts.append(trie_pattern([" ".join(t.split()) for t in exact]).replace("\\ ", r"\s+"))
    if prefixes:
        parts.append("(?:" + trie_pattern([" ".join(t.split()) for t in prefixes]).replace("\\ ", r"\s+")
                     + r")[\w'’-]*")
    # no lookbehind at the start: it would stop the regex engine from skipping ahead to the
    # first letters of the terms; `scan` checks the word boundary before a match instead
    return r"(?:" + "|".join(parts) + r")(?!\w)"


def _key(text: str, sensitive: bool) -> str:
    """Return the lookup key of a term or matched text: spaces collapsed, casefolded when insensitive."""
    text = " ".join(text.split())
    return text if sensitive else text.lower()


@dataclass(slots=True)
class _TermTable:
    """One compiled alternation of terms and what each term means (topic, kind)."""

    regex: re.Pattern[str] | None
    exact: dict[str, list[tuple[str, str]]]
    prefixes: list[tuple[str, str, str]]  # (prefix key, topic, kind)
    sensitive: bool
    # Words one of which every match holds (see `_needles`); None: the text is always scanned.
    needles: tuple[str, ...] | None = None

    def scan(self, text: str) -> Iterable[tuple[int, int, str, str]]:
        """Yield (start, end, topic, kind) for every term found in `text`."""
        if self.regex is None:
            return
        if not self.sensitive:
            text = text.lower()
        if self.needles is not None and not _holds_any(text, self.needles):
            return  # no term can match: a few substring tests instead of the regex scan
        for m in self.regex.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
                continue  # inside a word: "Syria" in "ASyria" is no match
            key = _key(m.group(), self.sensitive)
            hits = self.exact.get(key)
            if hits is None:
                hits = [(t, k) for p, t, k in self.prefixes if key.startswith(p)]
            for topic, kind in hits:
                yield m.start(), m.end(), topic, kind


def _table(entries: list[tuple[str, str, str]], sensitive: bool) -> _TermTable:
    """Compile (term, topic, kind) entries into one table.

    An insensitive table matches lowercased terms against lowercased text (`scan` lowers it),
    which is much faster than a case-insensitive regex.
    """
    exact: dict[str, list[tuple[str, str]]] = {}
    prefixes: list[tuple[str, str, str]] = []
    terms: list[str] = []
    for term, topic, kind in entries:
        term = term if sensitive else term.lower()
        if term.endswith("*"):
            prefixes.append((_key(term.rstrip("*"), sensitive), topic, kind))
        else:
            exact.setdefault(_key(term, sensitive), []).append((topic, kind))
        terms.append(term)
    regex = re.compile(_term_pattern(list(dict.fromkeys(terms)))) if terms else None
    return _TermTable(regex, exact, prefixes, sensitive, _needles([t.rstrip("*") for t in terms]))


# The most needles tested before a scan: past this, the substring tests cost about what the scan saves.
MAX_NEEDLES = 16


def _needles(terms: list[str]) -> tuple[str, ...] | None:
    """Return words one of which every text that a term of `terms` matches in holds; None if there are too many.

    A term's match holds each of its words (spaces in a term match any spaces; a `*` term is given
    without its star), so its longest word is a needle; a needle holding another is left out, as
    the shorter one is in every text that holds it. None past `MAX_NEEDLES` needles, or when a term
    has no word.
    """
    if not all(term.split() for term in terms):
        return None  # a term of no word: nothing every match holds
    longest = {max(term.split(), key=len) for term in terms}
    if len(longest) > 8 * MAX_NEEDLES:
        return None  # (leaving out the needles that hold another compares every two: not for thousands)
    needles = tuple(sorted(n for n in longest if not any(other in n for other in longest if other != n)))
    return needles if len(needles) <= MAX_NEEDLES else None


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    """Return True when `text` holds any of `needles` (a plain loop: cheaper than `any()` of a generator)."""
    found = False
    for needle in needles:
        if needle in text:
            found = True
            break
    return found


class TopicMatcher:
    """Finds which topics a text belongs to. Build once per blog; `match()` is linear in the text."""

    def __init__(self, topics: Sequence[TopicDef]) -> None:
        self.topics = tuple(topics)
        sensitive: list[tuple[str, str, str]] = []
        insensitive: list[tuple[str, str, str]] = []
        for topic in self.topics:
            for kind, terms in (("include", topic.include), ("exclude", topic.exclude),
                                ("context", topic.context)):
                for term in terms:
                    term = term.strip()
                    if not term.rstrip("*").strip():
                        continue
                    if term == term.lower():
                        insensitive.append((term, topic.name, kind))
                    else:
                        sensitive.append((term, topic.name, kind))
                        if term.upper() != term:
                            sensitive.append((term.upper(), topic.name, kind))
        self._tables = (_table(sensitive, True), _table(insensitive, False))
        self._order = {t.name: i for i, t in enumerate(self.topics)}

    def match(self, text: str) -> tuple[set[str], set[str]]:
        """Return (topics matched by their own terms, topics matched only by context terms)."""
        hits: list[tuple[int, int, str, str]] = []
        for table in self._tables:
            hits.extend(table.scan(text))
        if not hits:
            return set(), set()
        excluded = _exclusion_reach(hits)
        direct: set[str] = set()
        context: set[str] = set()
        for start, end, topic, kind in hits:
            if kind == "exclude" or topic in direct:
                continue
            reach = excluded.get(topic)
            if reach is not None:
                # The exclude matches of this topic starting at or before `start`: the match
                # lies inside one of them when the farthest of their ends reaches `end`.
                before = bisect_right(reach[0], start) - 1
                if before >= 0 and reach[1][before] >= end:
                    continue
            (direct if kind == "include" else context).add(topic)
        return direct, context - direct

    def ordered(self, names: Iterable[str]) -> tuple[str, ...]:
        """Return topic names in the order the topics were defined."""
        return tuple(sorted(names, key=lambda n: self._order.get(n, len(self._order))))


def _exclusion_reach(hits: Iterable[tuple[int, int, str, str]]) -> dict[str, tuple[list[int], list[int]]]:
    """Return, per topic, the starts of its exclude matches (sorted) and the farthest end reached so far.

    With these, "does an exclude match of the same topic contain this match?" is one binary
    search, where comparing every include match with every exclude match was quadratic (a
    0.8 MB update full of "Cyber Monday" and "cyber" took 17 s instead of 0.2 s).
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    for start, end, topic, kind in hits:
        if kind == "exclude":
            spans.setdefault(topic, []).append((start, end))
    reach: dict[str, tuple[list[int], list[int]]] = {}
    for topic, found in spans.items():
        found.sort()
        reach[topic] = ([start for start, _ in found], list(accumulate((end for _, end in found), max)))
    return reach


def merge_topics(builtin: Sequence[TopicDef], user: Sequence[TopicDef]) -> tuple[TopicDef, ...]:
    """Return the built-in topics followed by the user's; a user topic replaces a built-in of its name."""
    user_names = {t.name.casefold() for t in user}
    return (*[t for t in builtin if t.name.casefold() not in user_names], *user)


def assign_topics(texts: Sequence[str], matcher: TopicMatcher) -> list[tuple[str, ...]]:
    """Return, for each update text, the names of the topics that apply to it.

    Context terms count only for topics whose own terms appear in at least
    `CONTEXT_MIN_UPDATES` of the texts.
    """
    steps = assign_topics_steps(texts, matcher)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            result: list[tuple[str, ...]] = done.value
            return result


ASSIGN_STEP_TEXTS = 500  # texts matched between two pauses of `assign_topics_steps`


def assign_topics_steps(
    texts: Sequence[str], matcher: TopicMatcher
) -> Generator[None, None, list[tuple[str, ...]]]:
    """`assign_topics` a few milliseconds at a time: yields None every `ASSIGN_STEP_TEXTS` texts
    (where a caller may stop), and returns what `assign_topics` returns (``yield from`` gives it).
    """
    results: list[tuple[set[str], set[str]]] = []
    for start in range(0, len(texts), ASSIGN_STEP_TEXTS):
        results.extend(matcher.match(text) for text in texts[start : start + ASSIGN_STEP_TEXTS])
        yield None
    support: dict[str, int] = {}
    for direct, _ in results:
        for name in direct:
            support[name] = support.get(name, 0) + 1
    out: list[tuple[str, ...]] = []
    for direct, context in results:
        names = set(direct) | {n for n in context if support.get(n, 0) >= CONTEXT_MIN_UPDATES}
        out.append(matcher.ordered(names))
    return out
