"""Quotes and who said them: quote shapes, speech-verb patterns, reported speech, pronouns."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from parsers.enrich.quotes import find_quotes, mask_quotes
from parsers.enrich.run import enrich_liveblog
from parsers.ids import assign_ids
from parsers.model import LiveBlog, Quote, Source, Update

UpdateSpec = tuple[str | None, Sequence[str]] | tuple[str | None, Sequence[str], Sequence[Quote]]


def make_blog(*updates: UpdateSpec) -> LiveBlog:
    """Return an un-enriched blog of updates given as (headline, paragraphs[, existing quotes])."""
    built = []
    for n, spec in enumerate(updates):
        headline, paragraphs = spec[0], spec[1]
        quotes = tuple(spec[2]) if len(spec) > 2 else ()  # type: ignore[misc]
        built.append(Update(id="", time=f"{10 + n:02d}:00", datetime=None, headline=headline,
                            paragraphs=tuple(paragraphs), quotes=quotes))
    return LiveBlog(title="Test blog", source=Source(path="t.txt", format="text"), updates=assign_ids(built))


def enrich_one(headline: str | None, *paragraphs: str, context: Sequence[str] = ()) -> Update:
    """Enrich a blog whose first update is the one given (plus context updates) and return it."""
    blog = make_blog((headline, paragraphs), *[(None, [c]) for c in context])
    return enrich_liveblog(blog).updates[0]


def quote_map(update: Update) -> dict[str, str | None]:
    return {q.text: q.speaker for q in update.quotes}


# --- quote shapes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'He said "we will win" today.',
        "He said “we will win” today.",
        "He said “we will win\" today.",  # mismatched, as in the sample
        "He said \"we will win” today.",
        "He said «we will win» today.",
    ],
)
def test_quote_marks_of_every_shape_pair_up(text: str) -> None:
    spans = find_quotes(text)
    assert [s.text for s in spans] == ["we will win"]
    assert "we will win" not in mask_quotes(text, spans)


def test_single_quotes_in_a_headline_but_not_apostrophes() -> None:
    spans = find_quotes("Tillerson and Putin 'discussed Assad's future'")
    assert [s.text for s in spans] == ["discussed Assad's future"]
    assert find_quotes("Russia's position and the countries' allies") == []


def test_a_quote_running_over_two_paragraphs_is_one_quote_with_its_speaker() -> None:
    update = enrich_one(
        None,
        'Mr Johnson said: "The international community sought to make clear that this is unacceptable.',
        '"So I am dismayed that Russia has once again blocked the Security Council."',
    )
    assert len(update.quotes) == 1
    quote = update.quotes[0]
    assert quote.text.startswith("The international community") and quote.text.endswith("Security Council.")
    assert quote.speaker == "Johnson"


def test_a_paragraph_closing_a_quote_opened_earlier() -> None:
    spans = find_quotes("deliveries to Russia”.")
    assert [(s.open, s.text) for s in spans] == [(-1, "deliveries to Russia")]


def test_a_quoted_paragraph_after_an_attributed_one_keeps_the_speaker() -> None:
    update = enrich_one(
        None,
        '"President Xi wants to do the right thing," Mr Trump said.',
        '"We talked trade, we talked a lot of things."',
    )
    assert quote_map(update) == {
        "President Xi wants to do the right thing": "Trump",
        "We talked trade, we talked a lot of things.": "Trump",
    }


def test_headline_quote_with_a_colon_speaker() -> None:
    update = enrich_one(
        'Tillerson: "productive meeting" with Mr Putin',
        '"I expressed the view our relations are at a low point," he begins.',
        context=["Rex Tillerson met Vladimir Putin. Mr Tillerson said it went well."],
    )
    assert quote_map(update) == {
        "productive meeting": "Rex Tillerson",
        "I expressed the view our relations are at a low point": "Rex Tillerson",
    }
    assert update.speakers == ("Rex Tillerson",)


def test_headline_colon_quote_without_body() -> None:
    update = enrich_one('Lavrov: "no compromise with terrorism"', "First the agreements.",
                        context=["Sergei Lavrov, the Russian foreign minister, arrived."])
    assert update.quotes == (Quote("no compromise with terrorism", "Sergei Lavrov", None),)


# --- speech verbs on either side --------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "cue"),
    [
        ('"We want peace," Mr Lavrov said.', "said"),
        ('"We want peace," said Mr Lavrov.', "said"),
        ('"We want peace," says Mr Lavrov, as he reiterates his position.', "says"),
        ('Mr Lavrov said: "We want peace."', "said"),
        ('Mr Lavrov told reporters: "We want peace."', "told"),
        ('Mr Lavrov added: "We want peace."', "added"),
        ('Mr Lavrov warned that "We want peace".', "warned"),
        ('Mr Lavrov insisted "We want peace".', "insisted"),
        ('Mr Lavrov confirmed that Russia wanted "We want peace".', "confirmed"),
        ('Mr Lavrov called it "We want peace".', "called"),
        ('Mr Lavrov described the talks as "We want peace".', "described"),
        ('Mr Lavrov accused the West of ignoring "We want peace".', "accused"),
        ('Mr Lavrov, the foreign minister, said "We want peace".', "said"),
        ('According to Mr Lavrov, "We want peace".', "according to"),
        ('"We want peace" Mr Lavrov says of the crisis.', "says"),
    ],
)
def test_speech_verb_patterns(paragraph: str, cue: str) -> None:
    update = enrich_one(None, paragraph, context=["Sergei Lavrov spoke in Moscow."])
    assert [(q.text.rstrip("."), q.speaker, q.cue) for q in update.quotes] == [
        ("We want peace", "Sergei Lavrov", cue)
    ]
    assert update.speakers == ("Sergei Lavrov",)


def test_reported_speech_without_quote_marks() -> None:
    update = enrich_one(
        None,
        "Whilst the US has said it has proof, Mr Lavrov said Russia is still far off from identifying "
        "who it believes to be the culprit.",
    )
    assert update.speakers == ("Lavrov",)
    assert update.quotes == (
        Quote("Russia is still far off from identifying who it believes to be the culprit", "Lavrov", "said"),
    )


def test_nested_reported_speech_gives_both_speakers() -> None:
    update = enrich_one(
        None,
        "Sergey Lavrov says Vladimir Putin said he was ready to reinstate a memorandum.",
        context=["Mr Putin and Mr Lavrov met."],
    )
    assert update.speakers == ("Sergey Lavrov", "Vladimir Putin")


# --- pronouns -----------------------------------------------------------------------------------


def test_pronoun_skips_an_object_and_finds_the_subject() -> None:
    update = enrich_one(
        None,
        'Mr Stoltenberg confirmed that Nato "can and must do more".',
        'He thanked Mr Trump for "drawing attention" to the issue.',
    )
    assert quote_map(update) == {"can and must do more": "Stoltenberg", "drawing attention": "Stoltenberg"}
    assert update.speakers == ("Stoltenberg",)


def test_pronouns_follow_gender() -> None:
    update = enrich_one(
        None,
        "Mrs Haley and Mr Rycroft arrived.",
        'She said "we are ready". He said "so are we".',
    )
    assert quote_map(update) == {"we are ready": "Haley", "so are we": "Rycroft"}


def test_pronoun_prefers_the_speaker_over_a_subordinate_subject() -> None:
    update = enrich_one(
        None,
        "Rex Tillerson reiterates the US view that Bashar al-Assad is responsible for the attack.",
        '"The facts are conclusive," he says.',
        context=["Mr Tillerson and Mr Assad were both named."],
    )
    assert quote_map(update)["The facts are conclusive"] == "Rex Tillerson"
    assert "Bashar al-Assad" not in update.speakers


def test_a_blockquote_from_the_html_parser_is_kept_attributed_and_not_duplicated() -> None:
    blog = make_blog((
        None,
        ["Ursula von der Leyen said the EU was ready to act.", "Asked about sanctions, Von der Leyen said:",
         "We are serious about our sanctions."],
        [Quote("We are serious about our sanctions.")],
    ))
    update = enrich_liveblog(blog).updates[0]
    assert update.quotes == (
        Quote("We are serious about our sanctions.", "Ursula von der Leyen", None),  # the parser's, first
        Quote("the EU was ready to act", "Ursula von der Leyen", "said"),  # reported speech
    )

    blog = make_blog((None, ['"We are serious," Ms Smith said.'], [Quote("We are serious", None)]))
    update = enrich_liveblog(blog).updates[0]
    assert update.quotes == (Quote("We are serious", "Smith", None),)


def test_a_cue_without_a_person_does_not_end_a_persons_reported_speech() -> None:
    """Sample, 21:36 update: "Mr Lavrov says the US has backed Russia demands for … that it considers
    "counter productive."": "demands" (a noun here) has no person before it, so the quote stays Lavrov's."""
    update = enrich_one(
        None,
        "Mr Lavrov says the US has backed Russia demands for a comprehensive UN investigation into the April 4 "
        "attack, but defends Russian decision to veto any resolution at the UN Security Council that it considers "
        "\"counter productive.\"",
        context=["Russian Foreign Minister Sergei Lavrov met Rex Tillerson in Moscow."],
    )
    assert quote_map(update) == {"counter productive.": "Sergei Lavrov"}


def test_a_person_in_an_earlier_sentence_does_not_take_a_later_quote() -> None:
    update = enrich_one(
        None, "Sergei Lavrov says talks went well. Russia demands \"a full inquiry\".",
        context=["Russian Foreign Minister Sergei Lavrov met Rex Tillerson in Moscow."],
    )
    assert quote_map(update) == {"a full inquiry": None}
