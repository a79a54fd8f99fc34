"""Speakers and quotes in German, French, Italian and Spanish, and the blog's language.

The sentences are written here in each language's usual news shapes (subject + verb, an inverted
verb after a quote, "according to", a role before the name); the speech words come from the
lexicon (`parsers/enrich/lexicon.py`), picked by `LiveBlog.language`.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from test_enrich_quotes import make_blog

from parsers.enrich.lexicon import LEXICONS, guess_language, lexicon_for
from parsers.enrich.quotes import find_quotes
from parsers.enrich.run import enrich_liveblog
from parsers.extract.html.page import parse_html_text
from parsers.model import Update, language_code
from parsers.options import ParseOptions


def enrich_in(language: str | None, *paragraphs: str, context: tuple[str, ...] = ()) -> Update:
    """Enrich a one-update blog (plus context updates) declared in `language`; return the first update."""
    blog = make_blog((None, paragraphs), *[(None, [c]) for c in context])
    return enrich_liveblog(replace(blog, language=language)).updates[0]


CASES = [
    # (language, paragraphs, expected speakers)
    ("de", ("„Wir werden das nicht hinnehmen“, sagte Bundeskanzler Olaf Scholz am Montag in Berlin.",),
     ("Olaf Scholz",)),
    ("de", ("Außenministerin Annalena Baerbock erklärte, die Lage sei ernst.",), ("Annalena Baerbock",)),
    ("de", ("Laut Regierungssprecher Steffen Hebestreit ist die Entscheidung gefallen.",), ("Steffen Hebestreit",)),
    ("de", ("Die Gespräche gingen weiter, Olaf Scholz zufolge ohne Ergebnis.",), ("Olaf Scholz",)),
    # a compound title is no part of the name
    ("de", ("Wirtschaftsminister Robert Habeck sagte, die Preise würden sinken.",), ("Robert Habeck",)),
    ("fr", ("« Nous ne céderons pas », a déclaré Emmanuel Macron devant la presse.",), ("Emmanuel Macron",)),
    ("fr", ("Selon le ministre de l'Intérieur Gérald Darmanin, la menace reste élevée.",), ("Gérald Darmanin",)),
    ("fr", ("Le président Emmanuel Macron a affirmé que la France tiendrait bon.",
            "« Nous resterons unis », a-t-il ajouté."), ("Emmanuel Macron",)),
    ("it", ("\"La situazione è grave\". Lo ha detto il ministro degli Esteri, Antonio Tajani, ai giornalisti.",),
     ("Antonio Tajani",)),
    ("it", ("Secondo il portavoce militare Daniel Hagari, l'operazione continua.",), ("Daniel Hagari",)),
    # the attribution as an aside between dashes inside the quote
    ("it", ("\"La situazione - ha detto il ministro degli Esteri Antonio Tajani - è molto grave\".",),
     ("Antonio Tajani",)),
    ("it", ("Giorgia Meloni ha detto che il governo è compatto.",
            "\"Andremo avanti\", ha aggiunto."), ("Giorgia Meloni",)),
    # two subjects of one verb both speak
    ("it", ("I senatori Marco Bianchi e Laura Verdi hanno riferito che i colloqui continuano.",),
     ("Marco Bianchi", "Laura Verdi")),
    ("es", ("\"No vamos a ceder\", dijo el presidente Pedro Sánchez en Madrid.",), ("Pedro Sánchez",)),
    ("es", ("Según la ministra de Defensa Margarita Robles, las tropas ya han llegado.",), ("Margarita Robles",)),
    ("es", ("La ministra Margarita Robles afirmó que el despliegue es temporal.",), ("Margarita Robles",)),
]


@pytest.mark.parametrize(("language", "paragraphs", "expected"), CASES)
def test_speakers_in_other_languages(language: str, paragraphs: tuple[str, ...], expected: tuple[str, ...]) -> None:
    assert enrich_in(language, *paragraphs).speakers == expected


def test_quotes_take_their_speaker_in_other_languages() -> None:
    update = enrich_in("fr", "« Nous ne céderons pas », a déclaré Emmanuel Macron.")
    assert [(q.text, q.speaker) for q in update.quotes] == [("Nous ne céderons pas", "Emmanuel Macron")]
    update = enrich_in("de", "„Das ist inakzeptabel“, sagte Olaf Scholz.")
    assert [(q.text, q.speaker) for q in update.quotes] == [("Das ist inakzeptabel", "Olaf Scholz")]
    update = enrich_in("it", "\"La situazione - ha detto il ministro Antonio Tajani - è molto grave\".")
    assert [q.speaker for q in update.quotes] == ["Antonio Tajani"]


def test_organisations_and_places_do_not_speak_in_other_languages() -> None:
    assert enrich_in("it", "Il ministero della Salute di Gaza ha riferito che i morti sono 27.").speakers == ()
    assert enrich_in("it", "Ambasciatore Israele: \"Colpiremo solo obiettivi militari\"",
                     context=("L'ambasciatore parla in Israele da giorni.",)).speakers == ()
    # "the office of X said": X does not speak
    assert enrich_in("it", "L'ufficio di Benjamin Netanyahu ha precisato che nulla è deciso.").speakers == ()
    # A German compound ending in an organisation word ("Wetter-dienst") is an organisation too.
    assert enrich_in("de", "Laut Deutschem Wetterdienst soll der Regen in der Nacht nachlassen.").speakers == ()
    person = enrich_in("de", "Laut Ministerpräsident Markus Söder soll der Regen nachlassen.")
    assert person.speakers == ("Markus Söder",)


def test_a_verb_of_another_language_is_not_speech() -> None:
    """Each language's verbs apply to its own blogs: "so" is German speech only after a quote."""
    assert enrich_in("en", "„Nein“, so Olaf Scholz.").speakers == ()
    assert enrich_in("de", "„Nein“, so Olaf Scholz.").speakers == ("Olaf Scholz",)


def test_quote_marks_of_every_language() -> None:
    assert [q.text for q in find_quotes("Er sagte: „Wir bleiben“ und ging.")] == ["Wir bleiben"]
    assert [q.text for q in find_quotes("Il a dit « non » puis « jamais ».")] == ["non", "jamais"]
    assert [q.text for q in find_quotes("Sie nannte es ‚absurd‘ und ging.")] == ["absurd"]
    assert [q.text for q in find_quotes("Il l’a qualifié de ‹ scandale › hier.")] == ["scandale"]


def test_language_codes_and_guesses() -> None:
    assert language_code("it-IT") == "it"
    assert language_code("en_GB") == "en"
    assert language_code("not a tag") is None
    assert lexicon_for("de-AT") is LEXICONS["de"]
    assert lexicon_for("pl") is LEXICONS["en"]  # no Polish lexicon: English rules
    assert guess_language(["Il governo ha detto che la situazione della città è grave e che non ci sono"
                           " soluzioni per il momento, anche se il ministro ha promesso una risposta."] * 2) == "it"
    assert guess_language(["Die Regierung sagte, dass die Lage in der Stadt ernst ist und dass es für den"
                           " Moment keine Lösung gibt, auch wenn der Minister eine Antwort versprach."] * 2) == "de"
    assert guess_language(["Ok."]) is None


def test_the_page_declares_the_language() -> None:
    page = ("<html lang='it-IT'><head><title>Diretta</title></head><body><article><h2>10:05 Titolo</h2>"
            "<p>Testo dell'aggiornamento.</p></article></body></html>")
    blog = parse_html_text(page, "page.html", ParseOptions())
    assert blog.language == "it"
    locale = page.replace("<html lang='it-IT'>", "<html>").replace(
        "<title>", "<meta property='og:locale' content='fr_FR'><title>")
    assert parse_html_text(locale, "page.html", ParseOptions()).language == "fr"


def test_enrichment_guesses_an_undeclared_language() -> None:
    blog = make_blog((None, ["\"Andremo avanti\". Lo ha detto il ministro degli Esteri, Antonio Tajani, che ha"
                             " parlato con la stampa della situazione nella regione e delle prossime settimane."]),
                     (None, ["Il governo ha detto che la situazione della città è grave e che non ci sono soluzioni"
                             " per il momento, anche se il ministro ha promesso una risposta per la regione."]))
    enriched = enrich_liveblog(blog)
    assert enriched.language == "it"
    assert enriched.updates[0].speakers == ("Antonio Tajani",)


def test_suggested_topics_hold_no_common_words_of_the_language() -> None:
    """An Italian blog's suggestions are names and key phrases, not "Le", "Sono stati" or "Degli esteri"."""
    texts = [
        "Le forze israeliane sono entrate a Gaza. Sono stati colpiti obiettivi degli esteri.",
        "Le sirene hanno suonato in Libano. Sono stati feriti due soldati degli esteri.",
        "Le Nazioni Unite chiedono aiuti per Gaza. Sono stati inviati camion in Libano.",
        "Il governo del Libano parla di Gaza e dei valichi.",
        "Il ministro ha parlato con la stampa del suo viaggio.",
        "Il presidente ha incontrato i sindaci della regione.",
    ]
    blog = replace(make_blog(*[(None, [t]) for t in texts]), language="it")
    suggested = enrich_liveblog(blog).suggested_topics
    assert {"Gaza", "Libano"} <= set(suggested)  # names are kept
    common = LEXICONS["it"].common_words()
    assert not [t for t in suggested if set(t.casefold().split()) <= common], suggested


@pytest.mark.parametrize(("language", "text", "speaker"), [
    ("fr", "Le texte a été adopté, a annoncé le président du Sénat Gérard Larcher.", "Gérard Larcher"),
    ("es", "Lo ha dicho el portavoz del Gobierno Pilar Alegría en rueda de prensa.", "Pilar Alegría"),
    # Mirror page, 3 August: "the deputy leader of Sunderland City Council Kelly Chequer has said"
    ("en", "Violence was on display, the deputy leader of Sunderland City Council Kelly Chequer has said.",
     "Kelly Chequer"),
])
def test_a_role_of_an_organisation_then_the_name(language: str, text: str, speaker: str) -> None:
    """An organisation's name right before a full name ends there: the person after it speaks."""
    assert enrich_in(language, text).speakers == (speaker,)


def test_an_organisation_alone_still_does_not_speak() -> None:
    assert enrich_in("en", "Cork University Hospital said visiting is suspended.").speakers == ()


def test_german_reports_opened_by_das_or_dies() -> None:
    """'Das sagte X', 'Dies erklärte X': the object first, then the verb, then who speaks."""
    assert enrich_in("de", "Das sagte Regierungssprecher Steffen Hebestreit in Berlin.").speakers == (
        "Steffen Hebestreit",)
    assert enrich_in("de", "Dies erklärte Innenministerin Nancy Faeser am Abend.").speakers == ("Nancy Faeser",)
    assert enrich_in("de", "Das Rote Kreuz erklärte, die Lage sei ernst.").speakers == ()


def test_a_blog_compiles_only_its_own_languages_speech_patterns() -> None:
    """The speech patterns are compiled per language on first use: an Italian blog does not pay for
    the English ones (about a tenth of the instructions of opening la Repubblica's page)."""
    from parsers.enrich import speech

    speech._speech_patterns.cache_clear()
    update = enrich_in("it", "\"La situazione è grave\". Lo ha detto il ministro degli Esteri, Antonio Tajani.")
    assert update.speakers == ("Antonio Tajani",)
    assert speech._speech_patterns.cache_info().currsize == 1, "Italian only"
    # One compile per lexicon, whatever the spelling of the language asked for.
    assert speech.speech_patterns(None) is speech.speech_patterns("en") is speech.speech_patterns("EN")
    assert speech._speech_patterns.cache_info().currsize == 2


def test_importing_the_speech_module_compiles_no_patterns() -> None:
    import subprocess
    import sys

    code = "import parsers.enrich.run, parsers.enrich.speech as s; print(s._speech_patterns.cache_info().currsize)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "0"
