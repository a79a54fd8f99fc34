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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from parsers.enrich.people import (
    HONORIFICS,
    PRONOUNS,
    TITLE_HEADS,
    NameRun,
    PeopleRegistry,
    honorific_before,
    name_runs,
    same_context,
    title_before,
)
from parsers.enrich.quotes import MASK, QuoteSpan, find_quotes, mask_quotes
from parsers.enrich.wordtrie import trie_pattern
from parsers.model import Quote, Update

# --- the speech lexicon (data) ----------------------------------------------------------

CUE_VERBS: frozenset[str] = frozenset(
    """say says said tell tells told add adds added warn warns warned insist insists insisted
    confirm confirms confirmed call calls called describe describes described accuse accuses accused
    stress stresses stressed argue argues argued claim claims claimed deny denies denied admit admits
    admitted explain explains explained announce announces announced reiterate reiterates reiterated
    urge urges urged ask asks asked reply replies replied respond responds responded tweet tweets
    tweeted post posts posted note notes noted suggest suggests suggested declare declares declared
    acknowledge acknowledges acknowledged concede concedes conceded reveal reveals revealed repeat
    repeats repeated continue continues continued begin begins began thank thanks thanked joke jokes
    joked state states stated comment comments commented agree agrees agreed remark remarks remarked
    vow vows vowed pledge pledges pledged predict predicts predicted caution cautions cautioned
    boast boasts boasted complain complains complained insisted told writes""".split()
) - {"writes"}  # "X writes:" introduces the blog's own reporters, who are authors, not speakers
IMPLICIT_CUES: frozenset[str] = frozenset(
    """saying adding insisting warning telling arguing claiming stressing explaining noting
    said says added adds told warned insisted stressed""".split()
)
# Words that may stand between a subject and its speech verb ("Mr Lavrov also said").
ADVERB_WORDS = (
    "also though later then has had have earlier previously again however yesterday today just further "
    "once repeatedly even only would will could did does now reportedly publicly flatly firmly simply "
    "quickly personally separately privately tonight"
).split()
ADVERBS = trie_pattern(sorted(ADVERB_WORDS)) + r"|this\s+morning|last\s+night|on\s+\w+day"
_CUE = trie_pattern(sorted(CUE_VERBS))
TITLES_PATTERN = trie_pattern(sorted(TITLE_HEADS))

# After a subject: optional bracket, optional ", apposition,", adverbs, then the cue verb.
AFTER_SUBJECT_RE = re.compile(
    r"(?:\s*\([^)]{0,60}\))?(?:\s*,(?P<apposition>[^,;\"“”«»]{1,200}?),)?"
    rf"(?:\s+(?:{ADVERBS})){{0,3}}\s+(?P<cue>{_CUE})\b(?P<colon>\s*:)?"
)
# Before a subject: a cue verb right after a quote or comma (`"…," said Mr Tillerson`).
INVERTED_BEFORE_RE = re.compile(rf"(?:[\"”’»],?|,)\s*(?P<cue>{_CUE})\s+$")
ACCORDING_BEFORE_RE = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)

# A quote mark (and optional comma) or a comma, then the verb and the pronoun. Written to open with a
# character class, so that the regex engine skips straight to those marks (same matches as
# `(?:["”’»],?|,)`).
INVERTED_PRONOUN_RE = re.compile(rf"[\"”’»,](?:(?<=[\"”’»]),?|(?<=,))\s*(?P<cue>{_CUE})\s+(?P<pro>he|she)\b")
# Any speech verb: text without one has no pronoun, role, implicit or non-person speech event.
ANY_CUE_RE = re.compile(rf"\b(?:{trie_pattern(sorted(CUE_VERBS | IMPLICIT_CUES))})\b")
# A non-name subject right before a speech verb: a pronoun, a role ("the Russian foreign minister")
# or other capitalised words ("Russia", "The White House"). One pattern, so that the regex engine,
# not Python, walks the text; each match is a speech event.
# The pattern opens with a character class so that the regex engine skips straight to the letters
# a subject can start with; the word boundary before that letter is the lookbehind `(?<!\w.)`,
# and each branch checks its own first letter with a lookbehind. The groups therefore start one
# character after the match: the subject is `masked[m.start():m.end(group)]`.
# The "other" subject's quantifiers are possessive (`*+`): what follows them must open with a
# space, a bracket or a lowercase word, none of which a character or capitalised word they gave
# back could supply, so backtracking into them never finds a match; not trying saves a third of
# the scan (same matches, checked match-for-match on the bench blogs' texts, in windows too).
SUBJECT_CUE_RE = re.compile(
    r"[HhSsTtA-Z](?<!\w.)(?:(?P<pro>(?<=[Hh])e|(?<=[Ss])he)"
    rf"|(?P<role>(?:(?<=[Tt])he|(?<=[A-Z])[\w.]*['’]s)\s+(?:[\w.'’-]+\s+){{0,3}}(?i:{TITLES_PATTERN})"
    r"(?i:\s+of\s+state|\s+general)?)"
    r"|(?P<other>(?<=[A-Z])[\w.'’-]*+(?:\s+[A-Z][\w.'’-]*+)*+))"
    rf"(?:\s*\([^)]{{0,60}}\))?(?:\s+(?:{ADVERBS})){{0,3}}\s+(?P<cue>{_CUE})\b(?P<colon>\s*:)?"
)
# `a(?<!\w.)nd` is `\band` written so that every branch opens with a literal character, which lets
# the regex engine skip ahead to a comma or an "a".
IMPLICIT_RE = re.compile(
    rf"(?:,\s*|a(?<!\w.)nd\s+(?:(?:{ADVERBS})\s+)?)(?P<cue>{'|'.join(sorted(IMPLICIT_CUES))})\b(?!\s+[A-Z])"
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
    else:
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


def find_events(segment: Segment) -> list[Event]:
    """Return the speech events of one segment, in text order (speakers of names filled in)."""
    masked = segment.masked
    events: list[Event] = []
    # Every whole-word speech verb of `masked` is among `cues`. The name/inverted patterns and the
    # pronoun/role/implicit ones all need such a verb, so text without one skips them.
    windows, cues = _cue_windows(masked)
    cue_endings = tuple(cues)
    for mention in segment.mentions:
        title_start = mention.title_start
        after = AFTER_SUBJECT_RE.match(masked, mention.end) if cues else None
        if after:
            events.append(Event(title_start, after.end(), after.group("cue"), "name",
                                speaker=mention.person, colon=bool(after.group("colon"))))
            continue
        window_start = max(0, title_start - 40)
        window = masked[window_start:title_start]
        # Both patterns below end in "<word> <whitespace>" right before the name: a speech verb of
        # `masked`, or "to". Cheap tests of the window's last word come first.
        stripped = window.rstrip()
        spaced = len(stripped) < len(window)
        inverted = (INVERTED_BEFORE_RE.search(window)
                    if spaced and cue_endings and stripped.endswith(cue_endings) else None)
        if inverted:
            events.append(Event(window_start + inverted.start("cue"), mention.end,
                                inverted.group("cue"), "inverted", speaker=mention.person))
            continue
        if spaced and stripped[-2:].lower() == "to" and ACCORDING_BEFORE_RE.search(window):
            events.append(Event(title_start, mention.end, "according to", "according",
                                speaker=mention.person))
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
    for m in (m for lo, hi in windows for m in SUBJECT_CUE_RE.finditer(masked, lo, hi)):
        cue, colon = m.group("cue"), bool(m.group("colon"))
        if m.start("pro") >= 0:
            pronoun = masked[m.start():m.end("pro")]
            events.append(Event(m.start(), m.end(), cue, "pronoun", gender=PRONOUNS[pronoun.casefold()],
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
    if not cues.isdisjoint(CUE_VERBS):
        for m in INVERTED_PRONOUN_RE.finditer(masked):
            events.append(Event(m.start("cue"), m.end(), m.group("cue"), "pronoun",
                                gender=PRONOUNS[m.group("pro")]))
    if not cues.isdisjoint(IMPLICIT_CUES):
        for m in IMPLICIT_RE.finditer(masked):
            events.append(Event(m.start("cue"), m.end(), m.group("cue"), "implicit"))
    events.sort(key=lambda e: (e.start, e.end))
    return _drop_overlaps(events)


_WINDOW_BEFORE = 100  # the longest pronoun/role/name subject plus adverbs before a speech verb
_WINDOW_AFTER = 16  # the verb itself and a colon


def _cue_windows(masked: str) -> tuple[list[tuple[int, int]], set[str]]:
    """Return the merged stretches of `masked` that end just after a speech verb, and the verbs.

    Subject-and-verb events can only sit there, so scanning these stretches alone keeps the
    cost proportional to the number of verbs rather than to the length of the text. The verbs
    are every whole-word speech verb (or implicit cue) of `masked`.
    """
    windows: list[tuple[int, int]] = []
    cues: set[str] = set()
    for m in ANY_CUE_RE.finditer(masked):
        cues.add(m.group())
        lo, hi = max(0, m.start() - _WINDOW_BEFORE), m.end() + _WINDOW_AFTER
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

    def find(self, gender: str | None) -> str | None:
        """Return the latest compatible sentence subject or speaker, else the latest clause subject."""
        for wanted in (2, 1):
            for person, mention in reversed(self.stack):
                if gender is not None and self.registry.gender_of(person) not in (None, gender):
                    continue
                if mention is None or mention.subject >= wanted:
                    return person
        return None


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


def attribute_update(
    update: Update, registry: PeopleRegistry, runs: Sequence[list[NameRun]] | None = None
) -> tuple[tuple[Quote, ...], tuple[str, ...]]:
    """Return the quotes (existing ones kept, new ones added) and the ordered speakers of an update.

    Accepts an update, the blog's frozen people registry and optionally the name runs of its
    headline (if any) and paragraphs, in that order (see `build_registry`). Existing quotes (from HTML
    blockquotes) keep their text; a missing speaker is filled in when the update makes it clear.
    Speakers are the distinct people with a speech event or a quote, in order of appearance.
    """
    texts = ([update.headline] if update.headline else []) + list(update.paragraphs)
    segments = []
    for index, text in enumerate(texts):
        spans = find_quotes(text)
        masked = mask_quotes(text, spans)
        seg = Segment(text, masked, spans)
        seg.mentions = find_mentions(masked, registry, runs[index] if runs is not None else None, text)
        seg.events = find_events(seg)
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


def _event_for_quote(seg: Segment, span: QuoteSpan) -> Event | None:
    """Return the event a quote belongs to: the one right after it, else the nearest one before."""
    after_quote = span.end
    for event in seg.events:
        if event.start >= after_quote and not seg.masked[after_quote:event.start].strip(" ,—–-"):
            return event
    before = [e for e in seg.events if e.end <= span.open]
    if before:
        return before[-1]
    return None


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
