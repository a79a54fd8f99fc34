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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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

    def scan(self, text: str) -> Iterable[tuple[int, int, str, str]]:
        """Yield (start, end, topic, kind) for every term found in `text`."""
        if self.regex is None:
            return
        if not self.sensitive:
            text = text.lower()
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
    return _TermTable(regex, exact, prefixes, sensitive)


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
        excluded = [(s, e, t) for s, e, t, k in hits if k == "exclude"]
        direct: set[str] = set()
        context: set[str] = set()
        for start, end, topic, kind in hits:
            if kind == "exclude":
                continue
            if any(t == topic and s <= start and end <= e for s, e, t in excluded):
                continue
            (direct if kind == "include" else context).add(topic)
        return direct, context - direct

    def ordered(self, names: Iterable[str]) -> tuple[str, ...]:
        """Return topic names in the order the topics were defined."""
        return tuple(sorted(names, key=lambda n: self._order.get(n, len(self._order))))


def merge_topics(builtin: Sequence[TopicDef], user: Sequence[TopicDef]) -> tuple[TopicDef, ...]:
    """Return the built-in topics followed by the user's; a user topic replaces a built-in of its name."""
    user_names = {t.name.casefold() for t in user}
    return (*[t for t in builtin if t.name.casefold() not in user_names], *user)


def assign_topics(texts: Sequence[str], matcher: TopicMatcher) -> list[tuple[str, ...]]:
    """Return, for each update text, the names of the topics that apply to it.

    Context terms count only for topics whose own terms appear in at least
    `CONTEXT_MIN_UPDATES` of the texts.
    """
    results = [matcher.match(text) for text in texts]
    support: dict[str, int] = {}
    for direct, _ in results:
        for name in direct:
            support[name] = support.get(name, 0) + 1
    out: list[tuple[str, ...]] = []
    for direct, context in results:
        names = set(direct) | {n for n in context if support.get(n, 0) >= CONTEXT_MIN_UPDATES}
        out.append(matcher.ordered(names))
    return out
