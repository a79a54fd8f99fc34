"""People: recognise person mentions in article text and merge them into one entity per person.

Nothing here names a person. People are found from clues in the text: honorifics ("Mr", "Mrs"),
titles ("Foreign Minister", "first lady"), appositions ("Rex Tillerson, his secretary of state")
and full names that are the subject of a speech verb. A blog-wide `PeopleRegistry` then merges
"Mr Lavrov", "Lavrov", "Sergei Lavrov" and "Sergey Lavrov" into one entity whose canonical name
is the fullest, most frequent spelling.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from parsers.enrich.lexicon import LEXICONS
from parsers.enrich.quotes import MASK
from parsers.enrich.wordtrie import trie_pattern

# --- lexical data -------------------------------------------------------------------------

HONORIFICS: dict[str, str | None] = {
    "Mr": "m", "Mrs": "f", "Ms": "f", "Miss": "f", "Dr": None, "Sir": "m", "Dame": "f",
    "Lord": "m", "Lady": "f", "Prof": None, "Professor": None, "Rev": None, "Reverend": None,
    "Cllr": None, "Councillor": None, "Speaker": None, "Tanaiste": None, "Taoiseach": None,
}
# Title heads: a word that, placed right before a capitalised name, makes it a person.
TITLE_HEADS: dict[str, str | None] = {
    w: None for w in """president minister secretary ambassador envoy senator governor chancellor
    spokesman spokesperson mayor judge general commissioner chairman chairwoman chair director
    leader editor correspondent reporter coach manager captain striker midfielder defender goalkeeper
    forward winger boss player star referee
    inspector sergeant superintendent constable detective officer councillor congressman congresswoman
    representative rep sen gov premier taoiseach tánaiste chief ceo founder economist analyst
    professor deputy counterpart colleague lawyer attorney prosecutor negotiator
    commander admiral colonel lieutenant major justice mp mep candidate nominee host presenter
    journalist columnist adviser advisor aide strategist""".split()
}
# Every language's titles and honorifics count in every blog: a title is a title wherever it stands.
for _lex in LEXICONS.values():
    TITLE_HEADS.update((t, None) for t in _lex.titles if t not in TITLE_HEADS)
    HONORIFICS.update((h, g) for h, g in _lex.honorifics if h not in HONORIFICS)
TITLE_HEADS.update({"lady": "f", "spokeswoman": "f", "queen": "f", "princess": "f", "king": "m",
                    "prince": "m", "duke": "m", "duchess": "f", "businesswoman": "f", "businessman": "m"})

# Capitalised words that are never part of a person's name.
NON_NAME_WORDS: frozenset[str] = frozenset(
    """The A An At In On Of And Or But With For To From By As Is Are Was Were Be Has Have Had It Its This
    That These Those There Then Than He She They We You I His Her Their Our My Your Who What When Where
    Why How Which After Before While Whilst Although Though However Meanwhile Earlier Later Today Tonight
    Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December Mr Mrs Ms Miss Dr Sir Dame Lord Lady
    Prof Professor President Minister Secretary Ambassador Envoy Senator Governor Chancellor General
    State Foreign Prime Deputy Vice Chief First Meets Says Said Tells Told Live Breaking Update Updates
    Watch Read More Analysis Credit Photo Picture Image Getty Reuters AP AFP PA Here So Not No Yes
    If Also Just Only Even Still Now Why Over Under Up Down Out All Some Many Most Every Each Both
    Latest News Key Events Follow Home Security Defence Defense Affairs Justice Health Treasury Labour
    Conservative Conservatives Democratic Republican Liberal Cold Middle East West North South Central
    Western Eastern Northern Southern Our Speaking According Asked Earlier Challenged Top Profile
    Ministers Secretary Spokesman Spokeswoman Spokesperson Mayor Commissioner Chairman Chairwoman
    Director Coach Manager Captain Striker Midfielder Defender Goalkeeper Inspector Sergeant
    Superintendent Constable Detective Councillor Congressman Congresswoman Premier Taoiseach
    Tánaiste CEO Deputy Prosecutor Commander Admiral Colonel Lieutenant Prince Princess Queen Duke
    Duchess Pope Chief Boss Head Former Acting Interim Executive Officer Speaker Tanaiste Reverend Rev
    Cllr Councillor Bishop Archbishop Father Sister Brother Rabbi Imam Justice Coroner""".split()
).union(
    *(lex.non_names for lex in LEXICONS.values()),
    # a capitalised title of another language ("Ambasciatore", "Portavoce") is a title, never a name
    *({t[:1].upper() + t[1:] for t in lex.titles} for lex in LEXICONS.values() if lex.code != "en"),
)
# Words that make a run of capitalised words an organisation, place or thing rather than a person.
NON_PERSON_WORDS: frozenset[str] = frozenset(
    """House Council Nations Network Ministry Office Party Union Court Commission Group Agency Kremlin
    Street Beach University College School Club United City County News Times Post Press Journal
    Herald Mail Telegraph Guardian Independent Express Mirror Organisation Organization Department
    Republic Government Police Service Services Army Navy Force Forces Airport Station Hospital Church
    Bank Fund Company Corporation Inc Ltd Association Federation League Cup Championship Stadium
    Square Road Avenue Centre Center Institute Foundation Committee Parliament Senate
    Congress Assembly Cabinet Embassy Channel Television Radio Broadcasting Airlines Airways Motors
    Democrats Republicans Brigade Regiment Command Pentagon Capitol Downing Whitehall Westminster
    Island Islands Mountains River Sea Ocean Gulf Valley Province Region District Kingdom Empire States
    Arab International National Federal Royal Supreme World War Crisis Act Bill Treaty Accord
    Agreement Plan Programme Program Summit Conference Games Olympics Festival Network Facebook Twitter
    Instagram Google Microsoft Amazon FC Bar Inn Pub Hotel Restaurant Restaurants Cafe Café Sites Site
    Pool Library Museum Gallery Theatre Hall Castle Authority Board Trust Society Alliance Coalition
    Movement Campaign Media Holdings Markets Exchange Reserve Studios Project Coronavirus Covid Airport
    Railway Rail Trains Bus Buses Citybus Citibus Transport Shop Store Stores Market Ltd Plc Limited Charity
    Constabulary Policing Hub Team Teams Unit Squad Academy Institute Council Councils Borough""".split()
).union(*(lex.org_words for lex in LEXICONS.values()))
# Titles that end compound words in languages that compound them ("Wirtschaftsminister", "Regierungssprecher").
_COMPOUND_TITLES = sorted({t.casefold() for lex in LEXICONS.values() if lex.compound_titles for t in lex.titles
                           if len(t) >= 6}, key=len, reverse=True)
_TITLE_COMPOUND_RE = re.compile(rf"\w{{3,}}(?:{'|'.join(map(re.escape, _COMPOUND_TITLES)) or '(?!)'})")


@functools.lru_cache(maxsize=65536)
def is_title_compound(word: str) -> bool:
    """Return True when `word` is a longer word ending in a compounding language's title ("Außenministerin")."""
    return bool(_TITLE_COMPOUND_RE.fullmatch(word.casefold()))


# Organisation words that are also common surnames: a run ending in one is a person only after a title.
SURNAME_ORG_WORDS: frozenset[str] = frozenset("Bar Hall Church".split())
NAME_PARTICLES = r"(?:de|del|della|di|da|dos|das|du|van|von|der|den|le|la|bin|ibn|ben|al|el|abu|st\.?)"
_WORD_RE = re.compile(r"[\w.]+(?:['’]s\b)?")
_DETERMINERS = frozenset("the his her their its our a an of to for at in on and".split())

PRONOUNS: dict[str, str | None] = {"he": "m", "she": "f"}


_PARTICLE_WORD_RE = re.compile(rf"(?i:{NAME_PARTICLES})")


@functools.lru_cache(maxsize=65536)
def split_name(name: str) -> tuple[str, str]:
    """Return (given names, surname) of a written name; particles belong to the surname.

    "Staffan de Mistura" -> ("Staffan", "de Mistura"); "De Mistura" -> ("", "De Mistura").
    """
    words = name.split()
    cut = len(words) - 1
    while cut > 0 and _PARTICLE_WORD_RE.fullmatch(words[cut - 1]):
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


@functools.lru_cache(maxsize=65536)
def surname_key(name: str) -> str:
    """Return the matching key of a name's last token: casefolded, without "al-"/"el-" or possessive.

    Accepts a name such as "Bashar al-Assad" and returns "assad".
    """
    last = name.split()[-1]
    last = re.sub(r"['’]s$", "", last)
    last = re.sub(r"^(?:al|el)-", "", last, flags=re.IGNORECASE)
    return last.casefold()


def role_stems(role: str) -> frozenset[str]:
    """Return the comparable stems of a role phrase ("Russia's Foreign Minister" -> {russ, fore, mini}).

    Determiners are dropped, dots removed ("U.N." = "UN") and each word cut to four letters, so that
    "Russian" and "Russia's" compare equal.
    """
    stems = set()
    for word in _WORD_RE.findall(role):
        w = re.sub(r"['’]s$", "", word.replace(".", "")).casefold()
        if w and w not in _DETERMINERS:
            stems.add(w[:4])
    return frozenset(stems)


# Words that make a role another office: the "shadow" or "former" home secretary is not the home secretary.
ROLE_QUALIFIERS: frozenset[str] = frozenset().union(
    *(role_stems(" ".join(lex.role_qualifiers)) for lex in LEXICONS.values())
)


# --- edit distance helpers ------------------------------------------------------------------


def _deletes(word: str) -> set[str]:
    """Return `word` and every string made by deleting one character from it."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def close_spelling(a: str, b: str) -> bool:
    """Return True when two name tokens are the same name spelt slightly differently.

    Equal tokens, an initial and its name ("J" / "John"), or tokens of five or more letters that
    share a one-deletion variant (one substitution, insertion or deletion: "Sergei"/"Sergey",
    "Vladmir"/"Vladimir") are close.
    """
    a, b = a.casefold().rstrip("."), b.casefold().rstrip(".")
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    return bool(_deletes(a) & _deletes(b))


# --- the registry -------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    """One person in a blog: spellings seen, gender hint, roles, and the canonical name."""

    key: str
    spellings: Counter[str] = field(default_factory=Counter)
    gender: str | None = None
    roles: set[frozenset[str]] = field(default_factory=set)
    confirmed: bool = False
    firsts: set[str] = field(default_factory=set)  # given-name parts of the spellings, kept by add()

    @property
    def canonical(self) -> str:
        """The fullest form seen: most name tokens, then most frequent, then longest."""
        best = max(self.spellings.items(),
                   key=lambda kv: (bool(split_name(kv[0])[0]), len(kv[0].split()), kv[1], len(kv[0])))
        return best[0]

    def first_names(self) -> set[str]:
        """Return the given-name parts of the full spellings (all tokens but the last); do not modify."""
        return self.firsts

    def add(self, spelling: str, count: int = 1) -> None:
        """Count `count` more sightings of `spelling`."""
        if spelling not in self.spellings:
            first = split_name(spelling)[0]
            if first:
                self.firsts.add(first)
        self.spellings[spelling] += count


@dataclass(slots=True)
class Observation:
    """A name seen with a clue that it is a person (honorific, title, apposition or speech)."""

    name: str
    gender: str | None = None
    role: str | None = None


class PeopleRegistry:
    """The people of one blog, built from observations, then queried for mentions.

    Build: `observe()` every person clue, then `freeze()`. Query: `resolve(name)` maps any written
    form ("Mr Lavrov", "Lavrov", "Sergey Lavrov") to the canonical name, or None.
    """

    def __init__(self) -> None:
        self._by_surname: dict[str, list[Person]] = {}
        self._surname_alias: dict[str, str] = {}
        self._resolve_cache: dict[tuple[str, str | None], str | None] = {}
        self._genders: dict[str, str | None] = {}

    # building ---------------------------------------------------------------------------
    def observe(self, obs: Observation) -> None:
        """Record one person clue. Full names are grouped by surname; first names merge when close."""
        name = obs.name
        key = surname_key(name)
        people = self._by_surname.setdefault(key, [])
        first = split_name(name)[0]
        target: Person | None = None
        if first:
            for person in people:
                firsts = person.first_names()
                if not firsts or any(_first_names_match(first, f) for f in firsts):
                    target = person
                    break
        else:
            target = _best(people, obs.gender)
        if target is None:
            target = Person(key=key)
            people.append(target)
        target.add(name)
        if obs.gender and target.gender is None:
            target.gender = obs.gender
        if obs.role:
            target.roles.add(role_stems(obs.role))
        target.confirmed = True

    def freeze(self) -> None:
        """Merge surname groups spelt slightly differently and drop people with no full name clash."""
        keys = sorted(self._by_surname, key=lambda k: -sum(sum(p.spellings.values())
                                                         for p in self._by_surname[k]))
        index: dict[str, str] = {}
        for key in keys:
            if len(key) < 6:
                continue
            for variant in _deletes(key):
                main = index.get(variant)
                if main is not None and main != key:
                    self._surname_alias[key] = main
                    break
            else:
                for variant in _deletes(key):
                    index.setdefault(variant, key)
        for alias, main in self._surname_alias.items():
            for person in self._by_surname.pop(alias, []):
                self._absorb(main, person)
        self._merge_given_names()
        self._resolve_cache.clear()
        self._genders = {p.canonical: p.gender for p in self.people()}

    def _merge_given_names(self) -> None:
        """Merge a one-word name that is the given name of exactly one full name into that person.

        "Tedros" after "Tedros Adhanom Ghebreyesus": some people are called by their first name.
        A word that is also anyone's surname, or the given name of two people, stays apart.
        """
        owners: dict[str, list[Person]] = {}
        for people in self._by_surname.values():
            for person in people:
                firsts = {first.split()[0].casefold() for first in person.first_names()}
                for first in firsts:
                    owners.setdefault(first, []).append(person)
        for key in list(self._by_surname):
            people = self._by_surname[key]
            if len(people) != 1 or people[0].first_names():
                continue  # a full name, or a surname shared by several people
            main = owners.get(key, [])
            if len(main) == 1 and main[0].key != key:
                (target,) = main
                for spelling, count in people[0].spellings.items():
                    target.add(spelling, count)
                target.gender = target.gender or people[0].gender
                target.roles |= people[0].roles
                # the one-word name now finds that person (and only that one) under its own key
                self._by_surname[key] = [target]

    def _absorb(self, key: str, incoming: Person) -> None:
        people = self._by_surname.setdefault(key, [])
        firsts = incoming.first_names()
        for person in people:
            mine = person.first_names()
            if not firsts or not mine or any(_first_names_match(a, b) for a in firsts for b in mine):
                for spelling, count in incoming.spellings.items():
                    person.add(spelling, count)
                person.roles |= incoming.roles
                person.gender = person.gender or incoming.gender
                return
        people.append(incoming)

    # querying ---------------------------------------------------------------------------
    def knows_surname(self, token: str) -> bool:
        """Return True when `token` (a single word) is the surname of a known person."""
        key = surname_key(token)
        return key in self._by_surname or key in self._surname_alias

    def resolve(self, name: str, gender: str | None = None) -> str | None:
        """Return the canonical name of the person `name` refers to, or None when it is nobody known.

        `gender` ("m"/"f", from an honorific) narrows a surname shared by two people.
        """
        cache_key = (name, gender)
        try:
            return self._resolve_cache[cache_key]  # most calls: a name already resolved
        except KeyError:
            result = self._resolve_cache[cache_key] = self._resolve(name, gender)
            return result

    def _resolve(self, name: str, gender: str | None) -> str | None:
        key = surname_key(name)
        key = self._surname_alias.get(key, key)
        people = self._by_surname.get(key)
        if not people:
            return None
        first = split_name(name)[0]
        if first:
            for person in people:
                firsts = person.first_names()
                if not firsts or any(_first_names_match(first, f) for f in firsts):
                    return person.canonical
            return None
        best = _best(people, gender)
        return best.canonical if best else None

    def gender_of(self, canonical: str) -> str | None:
        """Return the gender hint ("m", "f" or None) of the person with this canonical name."""
        if canonical in self._genders:
            return self._genders[canonical]
        for person in self._by_surname.get(surname_key(canonical), []):
            if person.canonical == canonical:
                return person.gender
        return None

    def holder_of(self, role: str) -> str | None:
        """Return the one person whose known roles best cover `role` ("the Russian foreign minister").

        The role's last word (its head, "minister") must be among a person's role words, and one
        role must contain the other (so "Britain's ambassador" is not "Russia's deputy ambassador");
        the person sharing most words with `role` wins. Returns None when nobody, or more than one person
        equally, fits.
        """
        wanted = role_stems(role)
        words = _WORD_RE.findall(role)
        if not wanted or not words:
            return None
        head = role_stems(words[-1])
        scores: dict[str, int] = {}
        qualified = wanted & ROLE_QUALIFIERS
        for person in self.people():
            for known in person.roles:
                # "shadow home secretary" is not the "home secretary", nor a "former minister" the minister
                if (known & ROLE_QUALIFIERS) != qualified:
                    continue
                if head <= known and (known <= wanted or wanted <= known):
                    score = len(wanted & known)
                    scores[person.canonical] = max(scores.get(person.canonical, 0), score)
        if not scores:
            return None
        best = max(scores.values())
        winners = [name for name, score in scores.items() if score == best]
        return winners[0] if len(winners) == 1 and (best >= 2 or len(wanted) == 1) else None

    def people(self) -> Iterator[Person]:
        """Yield every person of the blog, once (a person called by a given name is under two keys)."""
        seen: set[int] = set()
        for people in self._by_surname.values():
            for person in people:
                if id(person) not in seen:
                    seen.add(id(person))
                    yield person

@functools.lru_cache(maxsize=65536)
def _first_names_match(a: str, b: str) -> bool:
    """Return True when two given-name strings ("Sergei", "Sergey") can be the same person's."""
    ta, tb = a.split(), b.split()
    return close_spelling(ta[0], tb[0])


def _best(people: list[Person], gender: str | None) -> Person | None:
    """Return the most-mentioned person among `people` compatible with `gender`."""
    if not people:
        return None
    if gender is not None:
        # a person known to have this gender first, then one of unknown gender, then anyone
        fitting = [p for p in people if p.gender == gender] or [p for p in people if p.gender is None]
        people = fitting or people
    return max(people, key=lambda p: sum(p.spellings.values()))


# --- finding names in text ----------------------------------------------------------------

_PARTICLE_RE = re.compile(rf"{NAME_PARTICLES}")
_PARTICLE_FIRST = frozenset("dvlbiaes")  # the first letters of the NAME_PARTICLES alternatives
# tries, not alternations: every language's titles and honorifics make long lists
_TITLE_WORDS = trie_pattern(sorted(TITLE_HEADS))
_HONORIFIC_WORDS = trie_pattern(sorted(HONORIFICS))
_HONORIFIC_BEFORE_RE = re.compile(rf"\b(?P<hon>{_HONORIFIC_WORDS})\.?\s+$")
# Title and honorific words (and their qualifiers) that may stand right before a name.
_TITLE_RUN_BEFORE_RE = re.compile(
    rf"(?:(?:\b(?:{_HONORIFIC_WORDS})\.?|\b[A-Z][\w.]*(?:['’]s)?|\b(?i:{_TITLE_WORDS}|of|special|foreign"
    rf"|deputy|first|prime|vice|former|acting|state|general|u\.?n\.?|us|uk))\s+){{1,5}}$"
)
_TITLE_LAST_WORDS = frozenset([*TITLE_HEADS, *(h.casefold() for h in HONORIFICS), "state", "general"])
# The title heads made of ASCII letters, lowercased: `(?i:...)` of the title words matches a word of
# ASCII letters whose lowercase is one of them.
_ASCII_TITLE_HEADS = frozenset(t.lower() for t in TITLE_HEADS if t.isascii() and t.isalpha())


@functools.cache
def _title_end_re() -> re.Pattern[str]:
    """Return the pattern of what title words end with: a title head or an honorific, then spaces.

    Compiled on first use: `_title_ends_in_head` decides most title words without it.
    """
    return re.compile(rf"(?:\b(?i:{_TITLE_WORDS}|of\s+state|general)|\b(?:{_HONORIFIC_WORDS})\.?)\s+$")


def _title_ends_in_head(words: str) -> bool:
    """Return True when title words end in a title head or an honorific ("the foreign minister ", "Mr. ").

    Accepts words ending in whitespace, as `title_before` finds them. The same answer as
    `_title_end_re().search(words)`: the last word, when it is a title head of ASCII letters (in any
    case) or an honorific (with or without a dot after it), decides it at once; any other ending
    (another alphabet, "of state") is read by the pattern.
    """
    words_before = words.rsplit(None, 1)
    if words_before and words[-1:].isspace():
        last = words_before[-1]  # a whole word: at the start or after a space, so a word boundary before it
        if last.isascii() and last.isalpha() and last.lower() in _ASCII_TITLE_HEADS:
            return True
        if last in HONORIFICS or (last.endswith(".") and last[:-1] in HONORIFICS):
            return True
    return _title_end_re().search(words) is not None


class NameRun(NamedTuple):
    """A run of capitalised name words in a text: its span, its words ("Sergei Lavrov"), and what stands
    right before it: the honorific ("Mr", or None) and the title words (start and text, "" if none),
    as `honorific_before` and `title_before` give them. Both read at most `CONTEXT_BEFORE` characters
    before the run, so they hold for any text that has the same characters there (a masked copy).
    """

    start: int
    end: int
    name: str
    honorific: str | None = None
    title_start: int = -1
    title: str = ""
    weak: bool = False  # ends in a word that is as often a place ("Bar"): a person only with a clue


_LOWER = "a-zà-öø-ÿ"
# A capitalised name word: "Lavrov", "McDonald", "O'Brien", "Jong-un". It starts with [A-Z] so that the
# regex engine can skip fast to candidates (an optional prefix group makes the scan several times slower).
_CHUNK_TOKEN = rf"[A-Z](?:[{_LOWER}]+|['’](?=[A-Z]))(?:[A-Z][{_LOWER}]+)?(?:-[A-Z{_LOWER}]+)*"
_CHUNK_JOIN = rf"(?: (?:[A-Z]\. )?(?:{NAME_PARTICLES} ){{0,2}}(?:(?:al|el)-)?)"
_CHUNK_RE = re.compile(rf"{_CHUNK_TOKEN}(?:{_CHUNK_JOIN}{_CHUNK_TOKEN})*")


def name_runs(text: str) -> list[NameRun]:
    """Return the runs of name-like words in `text` that can be people's names.

    Capitalised words joined by single spaces form a chunk. The chunk is split at words that are
    never names ("The", "Minister"), and a part holding a word that marks an organisation or
    place ("White House", "Security Council") is dropped, so "Russia's Foreign Minister Sergei
    Lavrov" gives "Russia" and "Sergei Lavrov". Particles ("de", "al-") stay inside a run but
    never start or end one.
    """
    runs: list[NameRun] = []
    for m in _CHUNK_RE.finditer(text):
        chunk = m.group()
        if " " not in chunk:
            if not _is_never_or_org(chunk):
                start = m.start()
                runs.append(NameRun(start, m.end(), chunk, honorific_before(text, start),
                                    *title_before(text, start)))
            continue
        base = m.start()
        # long chunks (hostile input) are not kept in the memo
        parts = _chunk_parts(chunk) if len(chunk) <= _MEMO_CHUNK_MAX else _chunk_parts.__wrapped__(chunk)
        for offset, stop, name, needs_title in parts:
            start = base + offset
            run = NameRun(start, base + stop, name, honorific_before(text, start), *title_before(text, start))
            if needs_title and not (run.honorific or run.title):
                # "Shelbourne Bar": a place, unless a title or a speech verb makes it a person
                run = run._replace(weak=True)
            runs.append(run)
    return runs


_MEMO_CHUNK_MAX = 200  # the longest chunk whose parts are memoised


@functools.lru_cache(maxsize=65536)
def _chunk_parts(chunk: str) -> tuple[tuple[int, int, str, bool], ...]:
    """Return the name runs a chunk of several words holds, as (start, end, name, needs_title) within it.

    `needs_title` marks a run ending in a word that is a surname as often as a place ("Alon Bar",
    "Shelbourne Bar"): it is a name only with a title or honorific before it. A pure function of
    the chunk, memoised: the same chunks ("Foreign Minister Sergei Lavrov") recur throughout a blog.
    """
    parts: list[tuple[int, int, str, bool]] = []
    position = 0
    part: list[tuple[int, str]] = []
    for word in [*chunk.split(" "), "The"]:
        if _bare(word) in NON_NAME_WORDS or is_title_compound(word):
            orgs = [index for index, (_, w) in enumerate(part[:-1]) if _is_org_word(w)]
            if part and orgs and len(part) - orgs[-1] - 1 >= 2 and not _is_org_word(part[-1][1]):
                # an organisation, then a full name: "del Gobierno Pilar Alegría", "du Sénat Gérard Larcher"
                part = part[orgs[-1] + 1:]
            if part and not any(_is_org_word(w) for _, w in part[:-1]):
                last = part[-1][1]
                if not _is_org_word(last):
                    _emit(part, parts, False)
                elif len(part) > 1 and _bare(last) in SURNAME_ORG_WORDS:
                    _emit(part, parts, True)
            part = []
        else:
            part.append((position, word))
        position += len(word) + 1
    return tuple(parts)


@functools.lru_cache(maxsize=65536)
def _is_never_or_org(token: str) -> bool:
    """Return True when a one-word chunk can be no person's name (a never-name or organisation word)."""
    return _bare(token) in NON_NAME_WORDS or _is_org_word(token)


def _emit(part: list[tuple[int, str]], parts: list[tuple[int, int, str, bool]], needs_title: bool) -> None:
    """Append the run made of `part` (particles trimmed from both ends) to `parts` as (start, end, name)."""
    # a particle starts with one of a few lowercase letters: test that before the regex
    while part and part[-1][1][:1] in _PARTICLE_FIRST and _PARTICLE_RE.fullmatch(part[-1][1]):
        part.pop()
    while part and part[0][1][:1] in _PARTICLE_FIRST and _PARTICLE_RE.fullmatch(part[0][1]):
        part.pop(0)
    if part:
        last_start, last_word = part[-1]
        parts.append((part[0][0], last_start + len(last_word), " ".join(w for _, w in part), needs_title))


# Organisation words that end compound words in languages that compound them ("Wetterdienst", "Landeskriminalamt"
# is left out: "amt" is too short to tell from a name's ending).
_COMPOUND_ORGS = sorted({w.casefold() for lex in LEXICONS.values() if lex.compound_titles for w in lex.org_words
                         if len(w) >= 5}, key=len, reverse=True)
_ORG_COMPOUND_RE = re.compile(rf"\w{{3,}}(?:{'|'.join(map(re.escape, _COMPOUND_ORGS)) or '(?!)'})")


@functools.lru_cache(maxsize=65536)
def _is_org_word(token: str) -> bool:
    """Return True when a name token marks an organisation or place ("Council", "House", "Wetterdienst")."""
    bare = _bare(token)
    return (bare in NON_PERSON_WORDS or any(p in NON_PERSON_WORDS for p in bare.split("-"))
            or bool(_ORG_COMPOUND_RE.fullmatch(bare.casefold())))


def _bare(token: str) -> str:
    """Return a name token without an "al-"/"el-" prefix."""
    return token[3:] if token[:3].casefold() in ("al-", "el-") else token


# How many characters before a name `honorific_before` and `title_before` read (their windows, plus
# the one character a word boundary at the window's start looks at).
CONTEXT_BEFORE = 81


def same_context(text: str, masked: str, start: int) -> bool:
    """Return True when `masked` (a copy of `text` with quote interiors blanked) has the same
    `CONTEXT_BEFORE` characters as `text` before position `start`, so a `NameRun`'s honorific and
    title found in `text` also hold in `masked`."""
    return masked is text or MASK not in masked[max(0, start - CONTEXT_BEFORE):start]


# What the text before a name must end with (spaces stripped) for an honorific to stand there.
_HONORIFIC_ENDINGS = tuple(h + dot for h in HONORIFICS for dot in ("", "."))


def honorific_before(text: str, start: int) -> str | None:
    """Return the honorific ("Mr", "Mrs"...) written right before position `start`, or None."""
    lo = max(0, start - 12)
    window = text[lo:start]
    stripped = window.rstrip()
    # cheap necessary conditions first: the regex needs trailing space after an honorific
    if len(stripped) == len(window) or not stripped.endswith(_HONORIFIC_ENDINGS):
        return None
    m = _HONORIFIC_BEFORE_RE.search(text, lo, start)
    return m.group("hon") if m else None


def title_before(text: str, start: int) -> tuple[int, str]:
    """Return (start, text) of the title words written right before position `start` ("" if none).

    For "Russia's deputy U.N. ambassador Vladimir Safronkov" and the start of the name, returns the
    span of "Russia's deputy U.N. ambassador ".
    """
    previous = text[max(0, start - 30):start].rsplit(None, 1)
    if not previous or previous[-1].rstrip(".").casefold() not in _TITLE_LAST_WORDS:
        return start, ""  # fast path: most names have no title right before them
    if previous[-1].rstrip(".") in HONORIFICS:
        # "Mr Lavrov": the honorific is the whole title (fast path for the commonest case)
        hon_start = text.rfind(previous[-1], max(0, start - 30), start)
        return hon_start, text[hon_start:start]
    window_start = max(0, start - 80)
    m = _TITLE_RUN_BEFORE_RE.search(text, window_start, start)
    if not m:
        return start, ""
    words = m.group()
    # only a real title counts: the word right before the name is a title head or an honorific
    if not _title_ends_in_head(words):
        return start, ""
    return m.start(), words
