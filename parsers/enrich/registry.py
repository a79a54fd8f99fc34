"""The blog's people: who is a person, under which names, built from every text of the blog.

`build_registry` reads the clues each text gives (honorifics, titles, appositions, subjects of
speech verbs; see `person_clues`) and returns the `PeopleRegistry` that speech attribution
(`parsers.enrich.speech`) resolves names, surnames and roles against.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from parsers.enrich.people import (
    HONORIFICS,
    TITLE_HEADS,
    NameRun,
    Observation,
    PeopleRegistry,
    name_runs,
    split_name,
    surname_key,
)
from parsers.enrich.speech import (
    COLON_RE,
    ROLE_WINDOW,
    SpeechPatterns,
    apposition_before,
    role_before,
    speech_patterns,
)
from parsers.enrich.wordtrie import word_start_trie_pattern

# --- building the blog's people --------------------------------------------------------------

WHO_AFTER_RE = re.compile(r",\s+who\b")


@dataclass(slots=True)
class Clues:
    """What one text says about people (see `person_clues`)."""

    found: list[Observation] = field(default_factory=list)  # sure: honorific, title, apposition
    speaking: list[str] = field(default_factory=list)  # full names that are subjects of speech verbs
    bare: list[str] = field(default_factory=list)  # full names with no clue
    single: list[str] = field(default_factory=list)  # one-word names with no clue
    colon: list[str] = field(default_factory=list)  # one-word names opening a text before a colon


def person_clues(text: str, runs: list[NameRun] | None = None, pat: SpeechPatterns | None = None) -> Clues:
    """Return what one text tells about people.

    A run of capitalised words is surely a person when an honorific or a title stands before
    it, an apposition with a role or ", who" follows it, or it is a full name (two words or more,
    none of them an organisation or place word such as "Bar" or "Police") that is the subject of
    a speech verb. Other full names count once their surname is known. A single word opening a
    text before a colon ("Stoltenberg: no point") is too weak alone ("Ukraine: ..."); it
    confirms a full name with that surname.
    """
    pat = pat or speech_patterns()
    clues = Clues()
    found, speaking, bare, single, colon = clues.found, clues.speaking, clues.bare, clues.single, clues.colon
    all_runs = name_runs(text) if runs is None else runs
    for run in all_runs:
        hon = run.honorific
        if hon:
            found.append(Observation(run.name, gender=HONORIFICS[hon]))
            continue
        title = run.title
        if title:
            head = title.split()[-1].casefold()
            found.append(Observation(run.name, gender=TITLE_HEADS.get(head), role=title.strip()))
            continue
        if " " not in run.name or not split_name(run.name)[0]:  # "Lavrov", "Von der Leyen"
            if COLON_RE.match(text, run.end) and not text[: run.start].strip():
                colon.append(run.name)
            else:
                single.append(run.name)
            continue
        if run.weak:
            # a name that is as often a place ("Alon Bar", "Shelbourne Bar"): a person only with a role
            if role_before(text, max(0, run.start - ROLE_WINDOW), run.start, pat):
                speaking.append(run.name)
            continue
        appos = pat.apposition.match(text, run.end)
        if appos:
            found.append(Observation(run.name, role=appos.group("role")))
            continue
        if WHO_AFTER_RE.match(text, run.end) or (pat.who_after is not None and pat.who_after.match(text, run.end)):
            found.append(Observation(run.name))  # "Stephen Rapp, who led ..."
            continue
        window = text[max(0, run.start - 40): run.start]
        if pat.of_before is not None and pat.of_before.search(text, max(0, run.start - 12), run.start):
            bare.append(run.name)
            continue
        if (
            pat.after_subject.match(text, run.end)
            or _coordinated_subject(text, run, all_runs, pat)
            or (apposition_before(text, run.start) and text[run.end:run.end + 1] == ","
                and pat.after_subject.match(text, run.end + 1))
            or pat.inverted_before.search(window)
            or pat.according_before.search(window)
            or (pat.according_after is not None and pat.according_after.match(text, run.end))
            or role_before(text, max(0, run.start - ROLE_WINDOW), run.start, pat)
        ):
            speaking.append(run.name)  # a person if the surname also stands alone somewhere
            continue
        bare.append(run.name)
    return clues


def _coordinated_subject(text: str, run: NameRun, runs: Sequence[NameRun], pat: SpeechPatterns) -> bool:
    """Return True when `run` is the first of two names joined as subjects of one speech verb ("X and Y said").

    `runs` are the text's name runs, in text order (found by binary search: most texts never ask).
    """
    joint = pat.coordination.match(text, run.end)
    if joint is None:
        return False
    index = bisect.bisect_left(runs, joint.end(), key=_run_start)
    following = runs[index] if index < len(runs) and runs[index].start == joint.end() else None
    return following is not None and pat.after_subject.match(text, following.end) is not None


def _run_start(run: NameRun) -> int:
    """Return where a name run starts (the key `_coordinated_subject` searches runs by)."""
    return run.start


def _places(texts: Sequence[str], words: set[str], place_before: re.Pattern[str]) -> set[str]:
    """Return those of `words` (one-word names) that some text uses as a place ("in Israele", "l'Unrwa")."""
    if not words:
        return set()
    # a trie, not an alternation: a blog can have hundreds of one-word names
    occurrence = re.compile(rf"{word_start_trie_pattern(sorted(words))}\b")
    found: set[str] = set()
    for text in texts:
        for m in occurrence.finditer(text):
            if (m.group() not in found and text[m.end():m.end() + 1] not in ("'", "’")
                    and place_before.search(text, max(0, m.start() - 16), m.start())):
                found.add(m.group())
    return found


def build_registry(
    texts: Sequence[str], runs: Sequence[list[NameRun]] | None = None, language: str | None = None
) -> PeopleRegistry:
    """Return the frozen people registry of a blog from all its texts (title, intro, updates, captions).

    `runs`, when given, holds `name_runs(text)` for each text, so that callers who also need the
    runs later (`attribute_update`) scan each text once.
    """
    pat = speech_patterns(language)
    observations: list[Observation] = []
    speaking: list[str] = []
    bare: list[str] = []
    colon: list[str] = []
    for index, text in enumerate(texts):
        if runs is not None and not runs[index]:
            continue  # no name in this text: no clue
        clues = person_clues(text, runs[index] if runs is not None else None, pat)
        observations += clues.found
        speaking += clues.speaking
        bare += clues.bare
        colon += clues.colon
    colon_keys = {surname_key(name) for name in colon}
    observations += [Observation(n) for n in speaking]
    if pat.place_before is not None:
        # "in Israele", "dell'Unrwa", "negli Usa": a word used as a place or with an article is not a
        # one-word name, even after a title ("Ambasciatore Israele: ..." is Israel's ambassador)
        places = _places(texts, {o.name for o in observations if " " not in o.name} | set(colon), pat.place_before)
        observations = [o for o in observations if " " in o.name or o.name not in places]
        colon = [name for name in colon if name not in places]
    registry = PeopleRegistry()
    # full names first, so that "Mr Trump" joins the right "... Trump" when two share a surname
    observations.sort(key=lambda o: -len(o.name.split()))
    for obs in observations:
        registry.observe(obs)
    known = [name for name in bare if registry.knows_surname(name) or surname_key(name) in colon_keys]
    for name in sorted(known, key=lambda n: -len(n.split())):
        registry.observe(Observation(name))
    for name in colon:
        if registry.knows_surname(name):
            registry.observe(Observation(name))
    registry.freeze()
    return registry
