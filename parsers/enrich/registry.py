"""The blog's people: who is a person, under which names, built from every text of the blog.

`build_registry` reads the clues each text gives (honorifics, titles, appositions, subjects of
speech verbs; see `person_clues`) and returns the `PeopleRegistry` that speech attribution
(`parsers.enrich.speech`) resolves names, surnames and roles against.
"""

from __future__ import annotations

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
    ACCORDING_BEFORE_RE,
    AFTER_SUBJECT_RE,
    COLON_RE,
    INVERTED_BEFORE_RE,
    TITLES_PATTERN,
)

# --- building the blog's people --------------------------------------------------------------

WHO_AFTER_RE = re.compile(r",\s+who\b")
APPOSITION_RE = re.compile(
    r",\s+(?P<role>(?:the|his|her|their|its|our|a|an|[A-Z][\w.]*['’]s)\s+[^,;:\"“”]{0,70}?"
    rf"\b(?i:{TITLES_PATTERN})\b[^,;:\"“”]{{0,40}}?)\s*(?=[,.;])"
)


@dataclass(slots=True)
class Clues:
    """What one text says about people (see `person_clues`)."""

    found: list[Observation] = field(default_factory=list)  # sure: honorific, title, apposition
    speaking: list[str] = field(default_factory=list)  # full names that are subjects of speech verbs
    bare: list[str] = field(default_factory=list)  # full names with no clue
    single: list[str] = field(default_factory=list)  # one-word names with no clue
    colon: list[str] = field(default_factory=list)  # one-word names opening a text before a colon


def person_clues(text: str, runs: list[NameRun] | None = None) -> Clues:
    """Return what one text tells about people.

    A run of capitalised words is surely a person when an honorific or a title stands before
    it, an apposition with a role or ", who" follows it, or it is a full name (two words or more,
    none of them an organisation or place word such as "Bar" or "Police") that is the subject of
    a speech verb. Other full names count once their surname is known. A single word opening a
    text before a colon ("Stoltenberg: no point") is too weak alone ("Ukraine: ..."); it
    confirms a full name with that surname.
    """
    clues = Clues()
    found, speaking, bare, single, colon = clues.found, clues.speaking, clues.bare, clues.single, clues.colon
    for run in name_runs(text) if runs is None else runs:
        words = run.name.split()
        hon = run.honorific
        if hon:
            found.append(Observation(run.name, gender=HONORIFICS[hon]))
            continue
        title = run.title
        if title:
            head = title.split()[-1].casefold()
            found.append(Observation(run.name, gender=TITLE_HEADS.get(head), role=title.strip()))
            continue
        if len(words) < 2 or not split_name(run.name)[0]:  # "Lavrov", "Von der Leyen"
            if COLON_RE.match(text, run.end) and not text[: run.start].strip():
                colon.append(run.name)
            else:
                single.append(run.name)
            continue
        appos = APPOSITION_RE.match(text, run.end)
        if appos:
            found.append(Observation(run.name, role=appos.group("role")))
            continue
        if WHO_AFTER_RE.match(text, run.end):
            found.append(Observation(run.name))  # "Stephen Rapp, who led ..."
            continue
        window = text[max(0, run.start - 40): run.start]
        if (
            AFTER_SUBJECT_RE.match(text, run.end)
            or INVERTED_BEFORE_RE.search(window)
            or ACCORDING_BEFORE_RE.search(window)
        ):
            speaking.append(run.name)  # a person if the surname also stands alone somewhere
            continue
        bare.append(run.name)
    return clues


def build_registry(texts: Sequence[str], runs: Sequence[list[NameRun]] | None = None) -> PeopleRegistry:
    """Return the frozen people registry of a blog from all its texts (title, intro, updates, captions).

    `runs`, when given, holds `name_runs(text)` for each text, so that callers who also need the
    runs later (`attribute_update`) scan each text once.
    """
    observations: list[Observation] = []
    speaking: list[str] = []
    bare: list[str] = []
    colon: list[str] = []
    for index, text in enumerate(texts):
        if runs is not None and not runs[index]:
            continue  # no name in this text: no clue
        clues = person_clues(text, runs[index] if runs is not None else None)
        observations += clues.found
        speaking += clues.speaking
        bare += clues.bare
        colon += clues.colon
    colon_keys = {surname_key(name) for name in colon}
    observations += [Observation(n) for n in speaking]
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
