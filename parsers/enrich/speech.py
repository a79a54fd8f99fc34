"""Who said what: find speech events in an update and attribute its quotes to speakers.

A speech event is a person (a name, a pronoun, or a role such as "the Russian foreign minister")
joined to a speech verb: `X said`, `said X` after a quote, `X, the Foreign Secretary, said:`,
`according to X`, a headline `X: "..."`, or an implicit subject (`..., saying`, `and added`).
Quotes attach to the event right after them, else the nearest event before them in the same
paragraph, else (for a paragraph that opens with a quote) to the previous quote's speaker.
Events with no quote are reported speech and become quotes of the clause they introduce.
Everything is found on text whose quoted passages are blanked out, so words inside a quote
never make a speaker.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from parsers.enrich.lexicon import lexicon_for
from parsers.enrich.people import (
    HONORIFICS,
    TITLE_HEADS,
    NameRun,
    PeopleRegistry,
    honorific_before,
    is_title_compound,
    name_runs,
    role_stems,
    same_context,
    title_before,
)
from parsers.enrich.quotes import MASK, QuoteSpan, find_quotes, mask_quotes
from parsers.enrich.wordtrie import trie_pattern
from parsers.model import Quote, Update

# --- the speech patterns, built from each language's lexicon ------------------------------

# English adverbial phrases that are not single words (the lexicons list single words).
_ADVERB_PHRASES = r"|this\s+morning|last\s+night|on\s+\w+day"
# "X writes:" introduces the blog's own reporters, who are authors, not speakers: never a cue.
_NOT_CUES = frozenset({"writes", "write", "wrote"})
# What follows the speech verb of an aside: its speaker, up to the dash that closes it ("… - said X - …").
_ASIDE_END = r"[^—–\"“”„«»\x00-]{1,100}?\s[—–-](?=[\s,.;:])"
_ASIDE_END_RE = re.compile(_ASIDE_END)
# Closing quotation marks after which an inverted report may follow ('"…," said X', '„…“, sagte X').
_CLOSERS = "\"”’»“›‘"


def _after_first(words: Sequence[str]) -> tuple[str, str]:
    """Return a regex branch matching any of `words` after its first letter, and the class of first letters.

    The branch checks the first letter with a lookbehind (`(?<=[Hh])e` for "he"), so that a pattern
    can open with one character class and let the regex engine skip straight to candidates.
    """
    branches = []
    firsts: set[str] = set()
    for word in sorted(words, key=len, reverse=True):
        if len(word) < 2:
            continue
        first = word[0]
        pair = re.escape(first.upper()) + re.escape(first.lower())
        firsts.update((first.upper(), first.lower()))
        branches.append(f"(?<=[{pair}]){re.escape(word[1:])}")
    return "|".join(branches) or "(?!)", "".join(re.escape(c) for c in sorted(firsts))


def _implicit_lead(conjunctions: Sequence[str], adverbs: str) -> str:
    r"""Return the regex source of what comes before a subject-less verb: a comma, or a conjunction and an adverb.

    It matches what `(?:,\s*|\b(?:and|…)\s+(?:(?:adverbs)\s+)?)` matches, written to open with one
    character class (the comma and the conjunctions' first letters) that the regex engine can skip
    ahead to; lookbehinds then check which it was and the word boundary before a conjunction.
    """
    if not conjunctions:
        return r",\s*"
    firsts = "".join(sorted({re.escape(word[0]) for word in conjunctions}))
    rests = "|".join(f"(?<={re.escape(word[0])}){re.escape(word[1:])}" for word in conjunctions)
    return rf"[,{firsts}](?:(?<=,)\s*|(?<!\w.)(?:{rests})\s+(?:(?:{adverbs})\s+)?)"


@dataclass(slots=True, frozen=True)
class SpeechPatterns:
    """The compiled speech patterns of one language (see `speech_patterns`)."""

    code: str
    cue_verbs: frozenset[str]
    implicit_cues: frozenset[str]
    pronouns: dict[str, str | None]
    # After a subject: optional bracket, optional ", apposition,", adverbs, then the cue verb.
    after_subject: re.Pattern[str]
    # Before a subject: a cue verb right after a quote, comma, dash or lead word (`"…," said Mr Tillerson`).
    inverted_before: re.Pattern[str]
    according_before: re.Pattern[str]
    according_after: re.Pattern[str] | None
    # A quote mark (and optional comma) or a comma, then the verb and the pronoun ("…," he said).
    inverted_pronoun: re.Pattern[str]
    # An auxiliary, a pronoun and a participle after a quote: "…", a-t-il déclaré / hat er gesagt.
    aux_pronoun: re.Pattern[str] | None
    # Any speech verb (group "cue") and the non-word character before it: text without one has no
    # pronoun, role, implicit or non-person speech event.
    any_cue: re.Pattern[str]
    # Any "according to" form: with no verb either, no name in the text is reported
    any_according: re.Pattern[str]
    # A speech verb and its speaker between dashes inside a quote: "… - ha detto X - …". The regex
    # source: `aside()` compiles it on first need, as few texts may hold one
    # (see `may_hold_aside`).
    aside_source: str
    # False when an aside may open with a lead word ("Lo ha detto X"): `may_hold_aside` cannot tell
    aside_gate: bool
    # the lengths of the speech verbs, longest first (`may_hold_aside` looks a verb up at a position)
    cue_lengths: tuple[int, ...]
    # What joins two subjects of one verb: " and ", ", " ("X and Y said")
    coordination: re.Pattern[str]
    # relative pronouns ("who", "che"): a role holds none
    relatives: frozenset[str]
    subject_cue: re.Pattern[str]
    implicit: re.Pattern[str]
    # A speech verb right after a quote with no subject after it ('"…", ha aggiunto.'): the last speaker.
    quote_cue: re.Pattern[str] | None
    # A speech verb (or "according to") with the words after it up to the end: the inverted role form.
    cue_then_role: re.Pattern[str]
    apposition: re.Pattern[str]
    # an "of" word right before a name: the name is a possessor ("l'ufficio di X"), not a subject
    of_before: re.Pattern[str] | None
    # a locative preposition or an elided article ending the text searched: the word after is a place or body
    place_before: re.Pattern[str] | None
    # ", who" after a full name: a person ("Tedros Adhanom Ghebreyesus, che ha ribadito")
    who_after: re.Pattern[str] | None

    def aside(self) -> re.Pattern[str]:
        """Return the compiled aside pattern (see `aside_source`): compiled on first use, then taken
        from `re`'s own cache of compiled patterns."""
        return re.compile(self.aside_source)


def speech_patterns(language: str | None = None) -> SpeechPatterns:
    """Return the speech patterns of `language` (an ISO 639 code; English when it has no lexicon).

    Compiled on first use, once per lexicon: a blog compiles only its own language's patterns.
    """
    return _speech_patterns(lexicon_for(language).code)


@functools.lru_cache(maxsize=16)
def _speech_patterns(code: str) -> SpeechPatterns:
    """Compile the speech patterns of the lexicon `code` (see `speech_patterns`)."""
    lex = lexicon_for(code)
    cue_words = [w for w in lex.cue_words() if w not in _NOT_CUES]
    cue_verbs = frozenset(cue_words)
    implicit = frozenset(lex.implicit)
    inverted_only = frozenset(lex.inverted_only)
    adverbs = trie_pattern(sorted(lex.adverbs)) + (_ADVERB_PHRASES if lex.code == "en" else "")
    cue = trie_pattern(sorted(cue_verbs))
    titles = trie_pattern(sorted(TITLE_HEADS))
    pronouns = dict(lex.pronouns)
    pro_branch, pro_firsts = _after_first(list(pronouns))
    leads = "|".join(re.escape(w) for w in sorted(lex.inversion_leads, key=len, reverse=True))
    lead_alt = rf"|\b(?i:{leads})" if leads else ""
    inverted_cue = trie_pattern(sorted(cue_verbs | inverted_only))
    according = "|".join(r"\s+".join(map(re.escape, a.split())) for a in lex.according_before) or "(?!)"
    after = "|".join(map(re.escape, lex.according_after))
    aux_pronoun = None
    if lex.auxiliaries and lex.participles and pronouns:
        aux_pronoun = re.compile(
            rf"[{_CLOSERS},]\s*(?P<cue>(?:{trie_pattern(sorted(lex.auxiliaries))})(?:-t-|-|\s+)"
            rf"(?P<pro>{'|'.join(map(re.escape, pronouns))})\s+(?:{trie_pattern(sorted(lex.participles))}))\b"
        )
    quote_cue = None
    if lex.pro_drop:
        quote_cue = re.compile(
            rf"[{_CLOSERS}](?:\s*[,:]|\s+[—–-])?\s*(?P<cue>{cue})\b(?!\s+(?:[A-ZÀ-Þ]|(?:{leads or '(?!)'})\b))"
        )
    of_words = "|".join(re.escape(w) for w in sorted(lex.of_words, key=len, reverse=True))
    place_words = sorted((*lex.place_prepositions, *lex.elisions), key=len, reverse=True)
    place = "|".join(re.escape(w) if w[-1] in "'’" else re.escape(w) + r"\s+" for w in place_words)
    who = "|".join(map(re.escape, lex.relative_pronouns))
    agents = "|".join(map(re.escape, lex.agent_words))
    # the passive "announced by <role> X": the participles of the language (English: its -ed verbs)
    participles = lex.participles or tuple(v for v in lex.verbs if v.endswith("ed") or v in ("said", "told"))
    passive = rf"{trie_pattern(sorted(participles))}\s+(?:{agents})" if agents and participles else ""
    return SpeechPatterns(
        code=lex.code,
        who_after=re.compile(rf",\s+(?:{who})\b") if who else None,
        place_before=re.compile(rf"(?<![\w'’])(?i:{place})$") if place else None,
        of_before=re.compile(rf"(?<![\w'’])(?:{of_words})\s*$", re.IGNORECASE) if of_words else None,
        cue_verbs=cue_verbs,
        implicit_cues=implicit,
        pronouns=pronouns,
        after_subject=re.compile(
            r"(?:\s*\([^)]{0,60}\))?(?:\s*,(?P<apposition>[^,;\"“”«»„]{1,200}?),)?"
            rf"(?:\s+(?:{adverbs})){{0,3}}\s+(?P<cue>{cue})\b(?P<colon>\s*:)?"
        ),
        inverted_before=re.compile(
            rf"(?:[{_CLOSERS}],?|,|\s[—–-]{lead_alt})\s*(?P<cue>{inverted_cue})\s+$"
        ),
        according_before=re.compile(rf"\b(?:{according})\s+$", re.IGNORECASE),
        according_after=re.compile(rf"\s*,?\s+(?:{after})\b") if after else None,
        inverted_pronoun=re.compile(
            rf"[{_CLOSERS},](?:(?<=[{_CLOSERS}]),?|(?<=,))\s*(?P<cue>{cue})(?:\s+|-t-|-)"
            rf"(?P<pro>{'|'.join(map(re.escape, pronouns)) or '(?!)'})\b"
        ),
        aux_pronoun=aux_pronoun,
        # the dash first and the space before it checked behind it: the same matches as "(?<=\s)[—–-]",
        # but a pattern that opens with a character class lets the regex engine skip to the dashes
        aside_source=(
            rf"[—–-](?<=\s.)\s+(?:(?i:{leads or '(?!)'})\s*)?(?:{cue})\b{_ASIDE_END}"
        ),
        aside_gate=not leads,
        cue_lengths=tuple(sorted({len(w) for w in cue_verbs}, reverse=True)),
        relatives=frozenset(w.casefold() for w in lex.relative_pronouns),
        coordination=re.compile(rf"\s*(?:,\s*)?(?:{'|'.join(map(re.escape, lex.conjunctions)) or '(?!)'})\s+"),
        any_according=re.compile(rf"\b(?i:{according})\b"),
        # `\b(?:cues)\b` in masked text, opening with the non-word character before the cue (every cue
        # starts and ends with a word character), so that the regex engine tries the cues only after
        # one, not at every position; never after a MASK: a blanked quote ends with its closing mark
        # (or a space before an aside), never a word character. `_cue_windows` puts a space before the
        # text for a cue at its start.
        any_cue=re.compile(rf"[^\w{MASK}](?P<cue>{trie_pattern(sorted(cue_verbs | implicit | inverted_only))})\b"),
        subject_cue=re.compile(
            rf"[{pro_firsts}TtA-Z](?<!\w.)(?:(?P<pro>{pro_branch})"
            rf"|(?P<role>(?:(?<=[Tt])he|(?<=[A-Z])[\w.]*['’]s)\s+(?:[\w.'’-]+\s+){{0,3}}(?i:{titles})"
            r"(?i:\s+of\s+state|\s+general)?)"
            r"|(?P<other>(?<=[A-Z])[\w.'’-]*+(?:\s+[A-Z][\w.'’-]*+)*+))"
            rf"(?:\s*\([^)]{{0,60}}\))?(?:\s+(?:{adverbs})){{0,3}}\s+(?P<cue>{cue})\b(?P<colon>\s*:)?"
        ),
        implicit=re.compile(_implicit_lead(lex.conjunctions, adverbs)
                            + rf"(?P<cue>{'|'.join(sorted(implicit)) or '(?!)'})\b(?!\s+[A-Z])"),
        quote_cue=quote_cue,
        cue_then_role=re.compile(
            rf"(?:^|[{_CLOSERS},;:.]|\s[—–-]{lead_alt})\s*(?P<cue>{inverted_cue}|(?i:{according}))"
            r"\s+(?P<role>[^.;:!?\"“”„«»\x00]{1,120})$"
            rf"|(?P<passive>\b(?:{passive}))\s+(?P<agent_role>[^.;:!?\"“”„«»\x00]{{1,120}})$"
            if passive else
            rf"(?:^|[{_CLOSERS},;:.]|\s[—–-]{lead_alt})\s*(?P<cue>{inverted_cue}|(?i:{according}))"
            r"\s+(?P<role>[^.;:!?\"“”„«»\x00]{1,120})$"
        ),
        apposition=re.compile(
            r",\s+(?P<role>(?:the|his|her|their|its|our|a|an|[A-Z][\w.]*['’]s)\s+[^,;:\"“”]{0,70}?"
            rf"\b(?i:{titles})\b[^,;:\"“”]{{0,40}}?)\s*(?=[,.;])"
        ),
    )


COLON_RE = re.compile(r"\s*:\s")

_SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)")
_SUBJECT_PREV_WORDS = frozenset(
    "and but while whilst as that when after before though although because so then earlier later if "
    "meanwhile however now yesterday today also".split()
)
_NORMALISE_RE = re.compile(r"\W+")
_TRAILING_CAPS_RE = re.compile(r"(?:\s+[A-Z]{2,4})+$")
_MIN_REPORTED_WORDS = 3
_LAST_WORD_RE = re.compile(r"(\w+)$")
CLAUSE_MAX_CHARS = 1000  # the longest reported clause kept after a cue verb
SUBJECT_LOOKBACK = 200  # characters before a name that decide whether it is a subject
_THAT_RE = re.compile(r"^that\s+")


@dataclass(slots=True)
class Event:
    """One speech event: where it sits in its text, its cue verb and (once resolved) its speaker."""

    start: int
    end: int
    cue: str | None
    kind: str  # "name", "inverted", "according", "colon", "pronoun", "role", "implicit"
    speaker: str | None = None
    gender: str | None = None
    role: str | None = None
    colon: bool = False


@dataclass(slots=True)
class Mention:
    """A person named in the narrator's text (outside quotes), in the masked text `masked`."""

    start: int
    end: int
    person: str
    masked: str
    title_start: int  # where the title words before the name start (`start` if none)
    _rank: int | None = None

    @property
    def subject(self) -> int:
        """0: not a subject, 1: subject of a subordinate clause, 2: subject of a sentence.

        Computed on first use only: most mentions are never asked.
        """
        if self._rank is None:
            self._rank = _subject_rank(self.masked, self.title_start)
        return self._rank


@dataclass(slots=True)
class Segment:
    """A headline or paragraph with its quotes, narrator-only text, mentions and events."""

    text: str
    masked: str
    spans: list[QuoteSpan]
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


def _subject_rank(masked: str, title_start: int) -> int:
    """Return how much the name whose title words start at `title_start` looks like a subject: 2, 1 or 0.

    2 at the start of the text, after punctuation or a capitalised word ("Earlier Nikki Haley");
    1 after a conjunction ("and", "that", "while"); 0 after a verb or preposition ("thanked Mr
    Trump", "with Mr Putin").
    """
    # Only the last words before the name matter: look back a bounded window, so that a
    # paragraph with thousands of mentions stays linear (slicing from 0 made it quadratic).
    window_start = max(0, title_start - SUBJECT_LOOKBACK)
    before = masked[window_start:title_start].rstrip()
    if not before and window_start > 0:
        before = masked[:title_start].rstrip()  # only whitespace in the window: look further back
    if not before or before[-1] in ",.;:!?\"“”«»(—–-":
        return 2
    m = _LAST_WORD_RE.search(before)
    if not m:
        return 2
    word = m.group(1)
    if word[0].isupper():
        return 2
    return 1 if word.casefold() in _SUBJECT_PREV_WORDS else 0


def find_mentions(
    masked: str, registry: PeopleRegistry, runs: list[NameRun] | None = None, text: str | None = None
) -> list[Mention]:
    """Return the known people named in `masked` (quote interiors blanked), in order.

    `runs` are the name runs of the unmasked `text` when already known; runs inside quotes are
    skipped. Without them, the masked text is scanned.
    """
    mentions: list[Mention] = []
    if runs is None or text is None:
        runs, text = name_runs(masked), masked
    elif masked is not text:  # (a text with no quote is its own masked copy: every run stays)
        runs = [r for r in runs if masked[r.start] != MASK]
    for run in runs:
        if same_context(text, masked, run.start):
            hon, title_start = run.honorific, run.title_start
        else:
            hon, title_start = honorific_before(masked, run.start), title_before(masked, run.start)[0]
        person = registry.resolve(run.name, HONORIFICS.get(hon) if hon else None)
        if person is None and " " in run.name:
            # "Komsomolskaya Pravda Kremlin" style runs: try the last word alone only if honorific'd
            continue
        if person is not None:
            mentions.append(Mention(run.start, run.end, person, masked, title_start))
    return mentions


def _span_membership(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Return a test of whether a position lies in any of `spans` ((start, end), end exclusive).

    Each test costs O(log n) (bisect on the sorted starts with a running maximum of the ends),
    so a paragraph with thousands of mentions stays near-linear.
    """
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    reach: list[int] = []
    furthest = -1
    for _, end in ordered:
        furthest = max(furthest, end)
        reach.append(furthest)

    def contains(position: int) -> bool:
        index = bisect.bisect_right(starts, position) - 1
        return index >= 0 and reach[index] > position

    return contains


def find_events(segment: Segment, pat: SpeechPatterns | None = None) -> list[Event]:
    """Return the speech events of one segment, in text order (speakers of names filled in).

    `pat` holds the speech patterns of the blog's language (English by default).
    """
    pat = pat or speech_patterns("en")
    masked = segment.masked
    events: list[Event] = []
    # Every whole-word speech verb of `masked` is among `cues`. The name/inverted patterns and the
    # pronoun/role/implicit ones all need such a verb, so text without one skips them.
    windows, cues = _cue_windows(masked, pat)
    cue_endings = tuple(cues)
    # whether the text holds an "according to" form: only asked of a text with no speech verb
    # that names someone, so looked for on first need
    according: bool | None = None
    previous_end = 0  # where the previous mention ends: an inverted verb before it is not this one's
    previous_mention: Mention | None = None
    for mention in segment.mentions:
        title_start = mention.title_start
        gap_start, previous_end = previous_end, mention.end
        before, previous_mention = previous_mention, mention
        if pat.of_before is not None and pat.of_before.search(masked, max(0, title_start - 12), title_start):
            continue  # "the office of X said", "l'ufficio di X ha precisato": X is not who speaks
        after = pat.after_subject.match(masked, mention.end) if cues else None
        if after is None and cues and apposition_before(masked, title_start):
            # "Il ministro degli Esteri, Yoko Kamikawa, ha confermato": the comma closes the apposition
            after = pat.after_subject.match(masked, mention.end + 1) if masked[mention.end:mention.end + 1] == "," \
                else None
        if after:
            events.append(Event(title_start, after.end(), after.group("cue"), "name",
                                speaker=mention.person, colon=bool(after.group("colon"))))
            if before is not None and before.person != mention.person \
                    and pat.coordination.fullmatch(masked, before.end, title_start):
                # "Chris Van Hollen e Richard Blumenthal hanno riferito": both subjects speak
                events.append(Event(before.title_start, before.end, after.group("cue"), "name",
                                    speaker=before.person))
            continue
        if pat.according_after is not None and pat.according_after.match(masked, mention.end):
            events.append(Event(title_start, mention.end, "according to", "according", speaker=mention.person))
            continue
        window_start = max(0, title_start - 40)
        window = masked[window_start:title_start]
        # Both patterns below end in "<word> <whitespace>" right before the name: a speech verb of
        # `masked`, or "according to". Cheap tests of the window's last word come first.
        stripped = window.rstrip()
        spaced = len(stripped) < len(window)
        inverted = (pat.inverted_before.search(window)
                    if spaced and cue_endings and stripped.endswith(cue_endings) else None)
        if inverted:
            events.append(Event(window_start + inverted.start("cue"), mention.end,
                                inverted.group("cue"), "inverted", speaker=mention.person))
            continue
        if spaced and pat.according_before.search(window):
            events.append(Event(title_start, mention.end, "according to", "according",
                                speaker=mention.person))
            continue
        # (no verb needed: "according to" is a cue of its own)
        if not cues and according is None:
            according = pat.any_according.search(masked) is not None
        role_cue = (role_before(masked, max(gap_start, mention.start - ROLE_WINDOW), mention.start, pat)
                    if cues or according else None)
        if role_cue is not None:
            kind = "inverted" if role_cue[1] in pat.cue_verbs or role_cue[1] in cues else "according"
            events.append(Event(role_cue[0], mention.end, role_cue[1], kind, speaker=mention.person))
            continue
        if COLON_RE.match(masked, mention.end) and not masked[:title_start].strip():
            events.append(Event(title_start, mention.end + 1, None, "colon", speaker=mention.person))
    if not windows:
        events.sort(key=lambda e: (e.start, e.end))
        return events
    # the named events found so far; their span test is made on first need (most texts have no
    # speech by a non-person)
    named = len(events)
    inside_person: Callable[[int], bool] | None = None
    for m in (m for lo, hi in windows for m in pat.subject_cue.finditer(masked, lo, hi)):
        cue, colon = m.group("cue"), bool(m.group("colon"))
        if m.start("pro") >= 0:
            pronoun = masked[m.start():m.end("pro")]
            events.append(Event(m.start(), m.end(), cue, "pronoun", gender=pat.pronouns.get(pronoun.casefold()),
                                colon=colon))
        elif m.start("role") >= 0:
            role = masked[m.start():m.end("role")]
            events.append(Event(m.start(), m.end(), cue, "role", role=role, colon=colon))
        else:
            if inside_person is None:
                inside_person = _span_membership([(e.start, e.end) for e in events[:named]])
            if inside_person(m.start()):
                continue
            # "Russia has called ...", "The White House said ...": speech, but by no person
            events.append(Event(m.start(), m.end(), cue, "other"))
    if not cues.isdisjoint(pat.cue_verbs):
        for m in pat.inverted_pronoun.finditer(masked):
            events.append(Event(m.start("cue"), m.end(), m.group("cue"), "pronoun",
                                gender=pat.pronouns.get(m.group("pro").casefold())))
        if pat.aux_pronoun is not None:
            for m in pat.aux_pronoun.finditer(masked):
                events.append(Event(m.start("cue"), m.end(), " ".join(m.group("cue").split()), "pronoun",
                                    gender=pat.pronouns.get(m.group("pro").casefold())))
        if pat.quote_cue is not None:
            for m in pat.quote_cue.finditer(masked):
                events.append(Event(m.start("cue"), m.end(), m.group("cue"), "implicit"))
    if not cues.isdisjoint(pat.implicit_cues):
        for m in pat.implicit.finditer(masked):
            events.append(Event(m.start("cue"), m.end(), m.group("cue"), "implicit"))
    events.sort(key=lambda e: (e.start, e.end))
    return _drop_overlaps(events)


_APPOSITION_OPEN_RE = re.compile(r"\w,\s*$")


def apposition_before(masked: str, start: int) -> bool:
    """Return True when the name at `start` follows a comma after a word: the role, Name, ... shape."""
    return bool(_APPOSITION_OPEN_RE.search(masked, max(0, start - 4), start))


ROLE_WINDOW = 130  # characters before a name searched for "said <role words>" (`role_before`)
ROLE_MAX_WORDS = 10
_ROLE_WORD_RE = re.compile(r"[^\W\d_][\w'’.-]*")
# a title ending a longer word: German compounds ("Außenministerin", "Regierungssprecher")
def _is_title_word(word: str) -> bool:
    """Return True when `word` is a person's title ("minister", "portavoce"), or a compound ending in one."""
    bare = re.sub(r"^[dl]['’]", "", word.casefold()).rstrip(".")
    return bare in TITLE_HEADS or is_title_compound(bare)


def role_before(masked: str, lo: int, start: int, pat: SpeechPatterns) -> tuple[int, str] | None:
    """Return (position, cue) of an inverted speech verb whose speaker is named at `start` after a role.

    The general pattern: a speech verb (or "according to") opening an inverted report, then the
    speaker's role, then the name: '"…," said top Democratic Senator Chuck Schumer', "Lo ha detto il
    ministro russo degli Esteri, Sergei Lavrov", "secondo il portavoce militare Daniel Hagari". The role
    is at most `ROLE_MAX_WORDS` words, holds a title word, and no sentence break or quote. Looks only
    at `masked[lo:start]`. Returns None when the words before the name are not such a report.
    """
    m = pat.cue_then_role.search(masked, lo, start)
    if m is None:
        return None
    passive = m.start("cue") < 0
    role = m.group("agent_role") if passive else m.group("role")
    words = _ROLE_WORD_RE.findall(role)
    if not words or len(words) > ROLE_MAX_WORDS or "," in role.rstrip().rstrip(","):
        return None  # "said X, the minister, ... Y": a list, not one role
    if pat.relatives.intersection(w.casefold() for w in words):
        return None  # "according to a correspondent who joined Prince Harry": a clause, not a role
    if not any(_is_title_word(w) for w in words):
        # '"…", racconta in lacrime Linor Atia': right after a quote, a few words that are no name
        after_quote = not passive and m.group().lstrip()[:1] in _CLOSERS
        if not (after_quote and len(words) <= 3 and all(w[:1].islower() for w in words)):
            return None
    cue = m.group("passive") if passive else m.group("cue")
    return (m.start("passive") if passive else m.start("cue")), " ".join(cue.split())


_WINDOW_BEFORE = 100  # the longest pronoun/role/name subject plus adverbs before a speech verb
_WINDOW_AFTER = 16  # the verb itself and a colon


def _cue_windows(masked: str, pat: SpeechPatterns) -> tuple[list[tuple[int, int]], set[str]]:
    """Return the merged stretches of `masked` that end just after a speech verb, and the verbs.

    Subject-and-verb events can only sit there, so scanning these stretches alone keeps the
    cost proportional to the number of verbs rather than to the length of the text. The verbs
    are every whole-word speech verb (or implicit cue) of `masked`.
    """
    windows: list[tuple[int, int]] = []
    cues: set[str] = set()
    # one character more before the text (see `SpeechPatterns.any_cue`): a match's start in it is its
    # cue's start in `masked`, and its end one past the cue's end
    for m in pat.any_cue.finditer(" " + masked):
        cues.add(m.group("cue"))  # the trie's phrases hold single spaces: already normal
        lo, hi = max(0, m.start() - _WINDOW_BEFORE), m.end() - 1 + _WINDOW_AFTER
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows, cues


def _drop_overlaps(events: list[Event]) -> list[Event]:
    """Keep the first of events whose spans overlap (a named event wins over what it contains)."""
    kept: list[Event] = []
    for event in events:
        if kept and event.start < kept[-1].end:
            if kept[-1].kind in ("role", "implicit", "other") and event.kind in ("name", "pronoun", "inverted"):
                kept[-1] = event
            continue
        kept.append(event)
    return kept


def _clause(segment: Segment, event: Event) -> str:
    """Return the reported clause after an event's cue verb, up to the end of the sentence."""
    masked = segment.masked
    start = event.end
    # A sentence longer than CLAUSE_MAX_CHARS is not a reported clause anyone reads as one; the
    # bound keeps a paragraph without full stops (hostile or broken input) linear.
    limit = min(len(masked), start + CLAUSE_MAX_CHARS)
    m = _SENTENCE_END_RE.search(masked, start, limit)
    stop = m.start() if m else limit
    text = segment.text[start:stop].strip(" ,:;—–-")
    text = _THAT_RE.sub("", text)
    return text


def _norm(text: str) -> str:
    """Return `text` reduced to lowercase words for duplicate checks."""
    return _NORMALISE_RE.sub(" ", text.casefold()).strip()


@dataclass(slots=True)
class _Antecedents:
    """People available to a pronoun: the most recent subject mentions of the update."""

    registry: PeopleRegistry
    stack: list[tuple[str, Mention | None]] = field(default_factory=list)

    def push(self, person: str, mention: Mention | None = None) -> None:
        """Add a speaker (no mention: always a sentence subject) or a mention (ranked when needed)."""
        self.stack.append((person, mention))

    def mentions(self, person: str) -> bool:
        """Return True when `person` was named (or spoke) earlier in the update."""
        return any(name == person for name, _ in self.stack)

    def find(self, gender: str | None) -> str | None:
        """Return the latest compatible sentence subject or speaker, else the latest clause subject."""
        for wanted in (2, 1):
            for person, mention in reversed(self.stack):
                if gender is not None and self.registry.gender_of(person) not in (None, gender):
                    continue
                if mention is None or mention.subject >= wanted:
                    return person
        # no subject to refer to: the one compatible person the update has named, if only one
        named = {person for person, _ in self.stack
                 if gender is None or self.registry.gender_of(person) in (None, gender)}
        return named.pop() if len(named) == 1 else None


_NAMED_KINDS = frozenset({"name", "inverted", "according", "colon"})


def _resolve_events(segments: list[Segment], registry: PeopleRegistry) -> None:
    """Fill in the speakers of pronoun, implicit and role events, walking the update in text order.

    A pronoun takes the latest compatible sentence subject or speaker; an implicit subject
    ("..., saying") the latest one of any gender. A role ("the Russian foreign minister") takes
    its one known holder; else the next person named as a speaker in the same or the next
    paragraph ("Russia's deputy U.N. ambassador says ... Vladimir Safronkov told ..."); else the
    person last named as a speaker before it ('"…," the striker said' after "according to X").
    """
    antecedents = _Antecedents(registry)
    pending: list[tuple[Event, int, str | None]] = []  # (role event, paragraph index, earlier speaker)
    last_named: str | None = None
    for index, seg in enumerate(segments):
        waiting = []
        for entry in pending:
            if entry[1] >= index - 1:
                waiting.append(entry)
            else:
                _settle(entry)
        pending = waiting
        if not seg.events:
            for mention in seg.mentions:
                antecedents.push(mention.person, mention)
            continue
        items: list[tuple[int, int, Mention | Event]] = [(m.start, 0, m) for m in seg.mentions]
        items += [(e.start, 1, e) for e in seg.events]
        items.sort(key=lambda t: (t[0], t[1]))
        for _, _, item in items:
            if isinstance(item, Mention):
                antecedents.push(item.person, item)
                continue
            event = item
            if event.kind == "pronoun":
                event.speaker = antecedents.find(event.gender)
            elif event.kind == "implicit":
                event.speaker = antecedents.find(None)
            elif event.kind == "role" and event.role:
                event.speaker = registry.holder_of(event.role)
                if event.speaker is not None and len(role_stems(event.role)) == 1 \
                        and not antecedents.mentions(event.speaker):
                    # "the spokeswoman said": a bare title names someone this update has named, not
                    # whoever holds that title elsewhere in the blog (a WHO spokeswoman is not the Kremlin's)
                    event.speaker = None
                if event.speaker is None:
                    pending.append((event, index, last_named))
            elif event.kind in _NAMED_KINDS and event.speaker:
                for role_event, _, _ in pending:
                    role_event.speaker = event.speaker
                pending = []
                last_named = event.speaker
            if event.speaker:
                antecedents.push(event.speaker)
    for p in pending:
        _settle(p)


def _settle(item: tuple[Event, int, str | None]) -> None:
    """Give a role event that no later speaker claimed the speaker named before it."""
    event, _, earlier = item
    if event.speaker is None:
        event.speaker = earlier


def unmask_asides(text: str, masked: str, pat: SpeechPatterns) -> str:
    """Return `masked` with the narrator's asides inside quotes shown again.

    The general pattern: a quote interrupted by its attribution between dashes ('"La situazione - ha
    detto il ministro Antonio Tajani - è grave"'). The aside is the narrator's, so its speech verb
    and name are read like any other; the quote stays one quote.
    """
    if MASK not in masked or not may_hold_aside(text, pat):
        return masked
    for m in pat.aside().finditer(text):
        start = m.start() - 1  # with the space before the dash, which the patterns read
        if masked[m.start()] == MASK:
            masked = masked[:start] + text[start:m.end()] + masked[m.end():]
    return masked


def may_hold_aside(text: str, pat: SpeechPatterns) -> bool:
    """Return False when `text` holds no aside (see `unmask_asides`); True when it may.

    An aside opens with a dash after a space, then spaces, a speech verb (a whole word) and its
    end (`_ASIDE_END`). A text with no such verb and end after such a dash holds none: that is told
    with string tests and a short pattern, where the aside pattern is long to compile and scans the
    whole text. Always True for a language whose asides may open with a lead word.
    """
    if not pat.aside_gate:
        return True
    for dash in "—–-":
        at = text.find(dash, 1)
        while at >= 0:
            if text[at - 1].isspace():
                after = at + 1
                while after < len(text) and text[after].isspace():
                    after += 1
                if after > at + 1 and any(_ASIDE_END_RE.match(text, end) for end in _verb_ends(text, after, pat)):
                    return True
            at = text.find(dash, at + 1)
    return False


def _verb_ends(text: str, start: int, pat: SpeechPatterns) -> list[int]:
    """Return where the speech verbs of `pat` that stand at `start` in `text` as whole words end.

    Accepts a `start` after a non-word character; a verb must end the text or be followed by one.
    """
    ends = []
    for length in pat.cue_lengths:
        stop = start + length
        if stop <= len(text) and text[start:stop] in pat.cue_verbs \
                and (stop == len(text) or not (text[stop].isalnum() or text[stop] == "_")):
            ends.append(stop)
    return ends


def attribute_update(
    update: Update, registry: PeopleRegistry, runs: Sequence[list[NameRun]] | None = None,
    language: str | None = None,
) -> tuple[tuple[Quote, ...], tuple[str, ...]]:
    """Return the quotes (existing ones kept, new ones added) and the ordered speakers of an update.

    Accepts an update, the blog's frozen people registry and optionally the name runs of its
    headline (if any) and paragraphs, in that order (see `build_registry`). Existing quotes (from HTML
    blockquotes) keep their text; a missing speaker is filled in when the update makes it clear.
    Speakers are the distinct people with a speech event or a quote, in order of appearance.
    `language` (an ISO 639 code) picks the speech words; English when None or unsupported.
    """
    pat = speech_patterns(language)
    texts = ([update.headline] if update.headline else []) + list(update.paragraphs)
    segments = []
    for index, text in enumerate(texts):
        spans = find_quotes(text)
        masked = unmask_asides(text, mask_quotes(text, spans), pat)
        seg = Segment(text, masked, spans)
        seg.mentions = find_mentions(masked, registry, runs[index] if runs is not None else None, text)
        seg.events = find_events(seg, pat)
        segments.append(seg)
    _resolve_events(segments, registry)

    speakers: list[str] = []
    quotes: list[Quote] = []
    open_quote = False  # the last quote was left open at the end of its paragraph
    last_speaker: str | None = None
    introducers: list[str] = []  # speakers of "X said:" events that end their paragraph
    for seg in segments:
        owners = [_event_for_quote(seg, span) for span in seg.spans]
        for n, (span, owner) in enumerate(zip(seg.spans, owners, strict=True)):
            speaker = owner.speaker if owner else None
            cue = owner.cue if owner else None
            starts_paragraph = n == 0 and (span.open < 0 or not seg.masked[: span.open].strip())
            if starts_paragraph and open_quote and quotes:
                previous = quotes[-1]
                quotes[-1] = Quote(f"{previous.text} {span.text}", previous.speaker or speaker,
                                   previous.cue or cue)
            else:
                if speaker is None and starts_paragraph:
                    speaker = last_speaker  # a paragraph that carries on the previous speaker's words
                quotes.append(Quote(span.text, speaker, cue))
            last_speaker = quotes[-1].speaker or last_speaker
            open_quote = span.close is None
        if not seg.spans:
            open_quote = False
        used = {id(owner) for owner in owners if owner is not None}
        for event in seg.events:
            if event.speaker is None:
                continue
            if event.speaker not in speakers:
                speakers.append(event.speaker)
            last_speaker = event.speaker if event.end > (seg.spans[-1].end if seg.spans else 0) else last_speaker
            if not seg.masked[event.end:].strip(" :,.\u2014\u2013-"):
                introducers.append(event.speaker)  # "She said:" / "He said" ending the paragraph
            if id(event) in used or event.kind in ("colon", "inverted", "according", "other") or seg.spans:
                continue
            clause = _clause(seg, event)
            if len(clause.split()) >= _MIN_REPORTED_WORDS:
                quotes.append(Quote(clause, event.speaker, event.cue))
        for quote in quotes:
            if quote.speaker and quote.speaker not in speakers:
                speakers.append(quote.speaker)
    merged_quotes = _merge_existing(update.quotes, quotes, registry, introducers, speakers)
    for quote in merged_quotes:
        if quote.speaker and quote.speaker not in speakers:
            speakers.append(quote.speaker)
    return merged_quotes, tuple(speakers)


_SENTENCE_END = re.compile(r"[.!?][\"”’\)]?\s+(?=[A-ZÀ-Þ“\"«„])")


def _event_for_quote(seg: Segment, span: QuoteSpan) -> Event | None:
    """Return the event a quote belongs to: one in an aside inside it ("… - ha detto X - …"), the one right
    after it, else the nearest one before."""
    after_quote = span.end
    for event in seg.events:
        if span.open < event.start < after_quote:
            return event
    for event in seg.events:
        if event.start >= after_quote and not seg.masked[after_quote:event.start].strip(" ,—–-"):
            return event
    before = [e for e in seg.events if e.end <= span.open]
    if not before:
        return None
    # The nearest cue whose subject is no person ("Russia demands") does not end the reported speech
    # of a person earlier in the same sentence: "Mr Lavrov says … Russia demands … it considers "…"".
    for event in reversed(before):
        if _SENTENCE_END.search(seg.masked, event.end, span.open):
            break
        if event.speaker is not None:
            return event
    return before[-1]


def _merge_existing(
    existing: Sequence[Quote],
    found: list[Quote],
    registry: PeopleRegistry,
    introducers: list[str],
    speakers: list[str],
) -> tuple[Quote, ...]:
    """Return the parser's quotes (speakers filled in where clear) followed by new, non-duplicate ones.

    A found quote duplicates an existing one when either's words contain the other's. An existing
    quote with no speaker gets the speaker of its duplicate, else the only "X said:" introducer
    of the update, else the update's only speaker.
    """
    if not existing:
        return tuple(found)  # nothing to merge with (text sources have no blockquotes)
    out: list[Quote] = []
    found_norm = [(_norm(q.text), q) for q in found]
    taken: set[int] = set()
    for quote in existing:
        speaker = quote.speaker
        if speaker:
            # "Luke Pollard MP" from a tweet card is "Luke Pollard" of the text
            bare = _TRAILING_CAPS_RE.sub("", speaker) or speaker
            speaker = registry.resolve(bare) or bare
        norm = _norm(quote.text)
        for i, (fnorm, fq) in enumerate(found_norm):
            if fnorm and norm and (fnorm in norm or norm in fnorm):
                taken.add(i)
                speaker = speaker or fq.speaker
        if speaker is None:
            if len(set(introducers)) == 1:
                speaker = introducers[0]
            elif len(speakers) == 1:
                speaker = speakers[0]
        out.append(Quote(quote.text, speaker, quote.cue))
    out += [q for i, (_, q) in enumerate(found_norm) if i not in taken]
    return tuple(out)
