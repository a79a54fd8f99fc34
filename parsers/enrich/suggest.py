"""Suggested topics: useful topic filters for any blog, drawn from its own frequent names and phrases.

Candidates are the people of the blog (every spelling counts for the canonical name), other
capitalised names ("White House", "Lionesses", "Southport") and two-word key phrases
("chemical weapons", "riot police"). A candidate's weight is the number of updates it appears
in; names that cover nearly every update filter nothing and are dropped, as are candidates the
built-in or user topics already cover, and near-duplicates of a better candidate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Generator, Sequence
from dataclasses import dataclass

from parsers.enrich.people import HONORIFICS, NON_NAME_WORDS, PeopleRegistry
from parsers.enrich.topics import TopicMatcher

MAX_SUGGESTED = 8
MAX_SHARE = 0.75  # a candidate in more than this share of updates is too broad to filter with
PHRASE_WEIGHT = 0.8

_ENTITY_RE = re.compile(
    r"[A-Z][\w’'-]*\w(?: +(?:(?:of|for|de|the|al|bin|van|von) +|(?:al|el)-)?[A-Z][\w’'-]*\w)*"
)
# A possessive ending ("Russia's"): checked with str.endswith, cheaper than a regex per name.
_POSSESSIVE_ENDINGS = ("'s", "’s")
_LEADING_NON_NAMES = NON_NAME_WORDS | frozenset(HONORIFICS)
_CONTRACTION_RE = re.compile(r"^I['’]|['’](?:ve|ll|re|d|m|t)$")
DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish")
# Opens with the letter and checks the character before it in a lookbehind (same matches as a
# leading `(?<![\w'’-])`), so that the regex engine skips ahead on the first-character test.
_WORD_RE = re.compile(r"[a-z](?<![\w'’-].)[a-z-]+[a-z](?![\w'’])")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:\"“”‘’]\s*)$")
_LOOKBACK = 4  # characters before a word that tell whether it starts a sentence
STOPWORDS: frozenset[str] = frozenset(
    """a about above after again against all almost also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each even ever every few for
    from further get gets got had has have having he her here hers him his how however i if in into is it
    its just last least less like made make many may me might more most much must my near need never new
    next no nor not now of off often on once one only or other our out over own per perhaps rather really
    said same say says see seen she should since so some still such than that the their them then there
    these they this those though through to too under until up upon us very was we well were what when
    where whether which while who whom whose why will with within without would yet you your yesterday
    today tomorrow week weeks year years day days time times told tell tells added adds according
    going way ways things thing lot lots people percent per cent first second third two three four five
    six seven eight nine ten earlier later including around across among already another being away back
    come comes came go goes went know known think thought want wants wanted take takes took give gives
    gave use used using look looks looked set make makes making called call calls say saying says""".split()
)


@dataclass(slots=True, frozen=True)
class Candidate:
    """A suggested-topic candidate: its display name, how it is recognised, and its kind."""

    name: str
    key: str
    kind: str  # "person", "entity", "phrase"


# What a capitalised chunk names: (name, a single word?, offset of the name in the chunk, the
# person it resolves to or None), or None when it names nothing worth a topic.
_ChunkName = tuple[str, bool, int, str | None] | None


def _chunk_name(chunk: str, registry: PeopleRegistry) -> _ChunkName:
    """Return what one `_ENTITY_RE` chunk names (see `_ChunkName`): a pure function of the chunk.

    Leading words that are never names ("The", "Mr", "However") and trailing ones are dropped,
    as is a possessive ending; single-word contractions ("I’ve") and demonyms ("Ukrainian")
    name nothing.
    """
    offset = 0
    if " " in chunk:
        words = chunk.split()
        while words and words[0] in _LEADING_NON_NAMES:
            offset += len(words[0]) + 1
            words = words[1:]
        if not words:
            return None
        while words and words[-1] in NON_NAME_WORDS:
            words = words[:-1]
        if not words:
            return None
        name = " ".join(words)
        single = len(words) == 1
    else:  # one word, the commonest case: no splitting and joining
        if chunk in _LEADING_NON_NAMES:
            return None
        name, single = chunk, True
    if name.endswith(_POSSESSIVE_ENDINGS):
        name = name[:-2]
    if single and (_CONTRACTION_RE.match(name) or name.endswith(DEMONYM_ENDINGS)):
        return None  # "I’ve", and adjectives such as "Ukrainian" or "Chinese" filter nothing useful
    person = registry.resolve(name) if name[:1].isupper() else None
    return name, single, offset, person


def _entities(
    text: str, registry: PeopleRegistry, memo: dict[str, _ChunkName] | None = None
) -> tuple[set[str], set[str]]:
    """Return the (people, other capitalised names) written in one update text.

    A single word at the start of a sentence is kept only as `"^word"` so that callers can
    require it elsewhere too. `memo` (chunk -> `_chunk_name` result, for this registry only)
    spares re-deriving names that recur across the blog's updates.
    """
    people: set[str] = set()
    others: set[str] = set()
    if memo is None:
        memo = {}
    for m in _ENTITY_RE.finditer(text):
        chunk = m.group()
        try:
            named = memo[chunk]
        except KeyError:
            named = memo[chunk] = _chunk_name(chunk, registry)
        if named is None:
            continue
        name, single, offset, person = named
        if person:
            people.add(person)
            continue
        start = m.start() + offset
        if single and ((start < _LOOKBACK and not text[:start].strip())
                       or _SENTENCE_START_RE.search(text, max(0, start - _LOOKBACK), start)):
            others.add("^" + name)
        else:
            others.add(name)
    return people, others


def _words(text: str) -> list[str]:
    """Return the lowercase words of a text that key phrases are made of, in order."""
    # lowercased, so that "Riot police were ..." at a sentence start counts; names that come out
    # as phrases ("keir starmer") lose to the same name as an entity when topics are chosen.
    return _WORD_RE.findall(text.lower())


def _phrases(words: list[str], allowed: set[str] | frozenset[str]) -> set[str]:
    """Return the two-word key phrases ("chemical weapons") of consecutive `words` both in `allowed`.

    `allowed` holds no stopword. Pairs may straddle punctuation: rare, and a pair must recur
    across updates to count.
    """
    # one membership test per word, carried to the next one (pairing every two words first tests
    # each word twice and builds a pair for every word of the text)
    phrases: set[str] = set()
    previous: str | None = None  # the word before, when it is allowed
    for word in words:
        if word in allowed:
            if previous is not None:
                phrases.add(f"{previous} {word}")
            previous = word
        else:
            previous = None
    return phrases


def _phrase_words(word_lists: Sequence[list[str]], min_df: int, stopwords: frozenset[str] = STOPWORDS) -> set[str]:
    """Return the non-stopwords that occur in at least `min_df` of the word lists.

    A phrase occurs in an update only where both its words do, so a phrase with a rarer word
    can never reach `min_df` updates: leaving such words out changes no suggestion and spares
    building most pairs.
    """
    df: Counter[str] = Counter()
    for words in word_lists:
        df.update(set(words))
    return {w for w, count in df.items() if count >= min_df and w not in stopwords}


def _stem(name: str) -> str:
    """Return a loose comparison key: casefolded, and a single word cut to five letters ("Russian")."""
    folded = name.casefold()
    return folded[:5] if " " not in folded and len(folded) > 5 else folded


def suggest_topics(
    texts: Sequence[str],
    registry: PeopleRegistry,
    covered: TopicMatcher,
    limit: int = MAX_SUGGESTED,
    stopwords: frozenset[str] = STOPWORDS,
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """Return the suggested topic names (most useful first) and, per text, the suggested topics in it.

    Accepts one text per update (headline and body). Linear in the total text length. `stopwords`
    are the words no key phrase holds (English ones by default; `run` adds the blog language's).
    """
    steps = suggest_topics_steps(texts, registry, covered, limit, stopwords)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            result: tuple[tuple[str, ...], list[tuple[str, ...]]] = done.value
            return result


SUGGEST_STEP_TEXTS = 200  # texts scanned between two pauses of `suggest_topics_steps`


def suggest_topics_steps(
    texts: Sequence[str],
    registry: PeopleRegistry,
    covered: TopicMatcher,
    limit: int = MAX_SUGGESTED,
    stopwords: frozenset[str] = STOPWORDS,
) -> Generator[None, None, tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """`suggest_topics` a few milliseconds at a time: yields None every `SUGGEST_STEP_TEXTS` texts
    (where a caller may stop), and returns what `suggest_topics` returns (``yield from`` gives it).
    """
    per_update: list[set[str]] = []
    df: Counter[str] = Counter()
    kinds: dict[str, str] = {}
    mid_sentence: set[str] = set()
    n = len(texts)
    min_df = max(2, math.ceil(0.04 * n))
    # Every text's words are kept for the second pass; one shared string per distinct word
    # (instead of one per occurrence) keeps that at a pointer per word: ~40 MB less at 10,000 updates.
    vocabulary: dict[str, str] = {}
    word_lists = [list(map(vocabulary.setdefault, words, words)) for words in map(_words, texts)]
    allowed = _phrase_words(word_lists, min_df, stopwords)
    chunk_names: dict[str, _ChunkName] = {}
    for index, (text, words) in enumerate(zip(texts, word_lists, strict=True)):
        if index % SUGGEST_STEP_TEXTS == SUGGEST_STEP_TEXTS - 1:
            yield None
        people, others = _entities(text, registry, chunk_names)
        keys: set[str] = set()
        for p in people:
            keys.add(p)
            kinds[p] = "person"
        for o in others:
            if o.startswith("^"):
                keys.add(o[1:])
                kinds.setdefault(o[1:], "entity")
            else:
                mid_sentence.add(o)
                keys.add(o)
                kinds[o] = "entity"
        phrases = _phrases(words, allowed)
        keys |= phrases
        # the same as kinds.setdefault(ph, "phrase") for each phrase, in one call
        kinds.update(dict.fromkeys(phrases.difference(kinds), "phrase"))
        per_update.append(keys)
        df.update(keys)
    taken_names = {t.name.casefold() for t in covered.topics}
    language_words = stopwords - STOPWORDS  # another language's common words, capitalised mid-sentence too
    scored: list[tuple[float, str]] = []
    for key, count in df.items():
        if count < min_df or count > MAX_SHARE * n:
            continue
        kind = kinds[key]
        if kind == "entity" and " " not in key and (key not in mid_sentence or key.casefold() in language_words):
            continue  # only ever seen starting a sentence: "Interestingly", "Earlier"; or an article: "Le"
        direct, context = covered.match(key)
        if direct or context or key.casefold() in taken_names:
            continue  # covered by a built-in or user topic, or would share its name
        weight = count * (PHRASE_WEIGHT if kind == "phrase" else 1.0)
        scored.append((weight, key))
    scored.sort(key=lambda t: (-t[0], t[1]))
    chosen: list[str] = []
    for _, key in scored:
        key_words = set(key.casefold().split())
        if any(key_words <= set(c.casefold().split()) or set(c.casefold().split()) <= key_words
               or _stem(c) == _stem(key) for c in chosen):
            continue
        chosen.append(key)
        if len(chosen) >= limit:
            break
    names = {key: (key[0].upper() + key[1:] if kinds[key] == "phrase" else key) for key in chosen}
    assigned = [tuple(names[k] for k in chosen if k in keys) for keys in per_update]
    return tuple(names[k] for k in chosen), assigned
