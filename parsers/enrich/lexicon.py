"""The words of speech, per language: data only, no rules.

Each `Lexicon` lists, for one language, what the speech rules in `speech` and `people` look for:
speech verbs (finite forms, and auxiliaries + participles for compound tenses such as "ha detto",
"a déclaré"), the "according to" forms that put a source before (or after) a name, subject pronouns
with their gender, adverbs that may stand between a subject and its verb, words that may open an
inverted report ("Lo ha detto X"), and the quotation marks of the language. People's titles,
honorifics and capitalised words that are never names are shared by all languages (a title is a
title wherever it stands), so they are listed once per language here and merged by `people`.

Add a language by adding a `Lexicon` to `LEXICONS`; nothing else changes. The language of a blog
comes from the page (`lang`, `og:locale`) or, failing that, from `guess_language`, which counts
each language's commonest words (`function_words`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from parsers.model import language_code


def _words(text: str, *phrases: str) -> tuple[str, ...]:
    """Return the words of `text` (split at whitespace), then `phrases` (entries of several words)."""
    return (*text.split(), *phrases)


@dataclass(slots=True, frozen=True)
class Lexicon:
    """The speech words of one language (see the module docstring)."""

    code: str
    # finite speech verbs that follow a subject or precede an inverted one: "said", "sagte", "dijo"
    verbs: tuple[str, ...]
    # auxiliaries and past participles that make compound speech verbs: "ha" + "detto", "a" + "déclaré"
    auxiliaries: tuple[str, ...] = ()
    participles: tuple[str, ...] = ()
    # verbs that carry on the last speaker with no subject: ", saying", '"…", ha aggiunto'
    implicit: tuple[str, ...] = ()
    # cue words that count only right after a quote or a comma: German '„…“, so Scholz'
    inverted_only: tuple[str, ...] = ()
    # words before a source ("according to X", "secondo X") and after one ("X zufolge")
    according_before: tuple[str, ...] = ()
    according_after: tuple[str, ...] = ()
    # words that may open an inverted report before its verb: "Lo ha detto X", "Così X"
    inversion_leads: tuple[str, ...] = ()
    pronouns: tuple[tuple[str, str | None], ...] = ()
    # True when a verb may stand with no subject ("ha aggiunto"): a verb right after a quote is the last speaker's
    pro_drop: bool = False
    # "and": ", and added" carries on the last speaker
    conjunctions: tuple[str, ...] = ()
    adverbs: tuple[str, ...] = ()
    # people's titles ("ministro"), honorifics ("Herr") and capitalised non-name words ("Der", "Secondo")
    titles: tuple[str, ...] = ()
    honorifics: tuple[tuple[str, str | None], ...] = ()
    non_names: tuple[str, ...] = ()
    # capitalised words that make a run of names an organisation, place or document ("Ministero", "Beige Book")
    org_words: tuple[str, ...] = ()
    # "of" words: a name right after one is a possessor ("the office of X", "l'ufficio di X"), not a subject
    of_words: tuple[str, ...] = ()
    # locative prepositions, plural articles and elided articles: the capitalised word after one is a place or
    # a body ("negli Usa", "degli Usa", "dell'Unrwa"), not a person
    place_prepositions: tuple[str, ...] = ()
    elisions: tuple[str, ...] = ()
    # the agent of a passive: "annunciato dal capo di stato maggiore X" (announced by)
    agent_words: tuple[str, ...] = ()
    # relative pronouns for people: "X, who ..." makes X a person
    relative_pronouns: tuple[str, ...] = ()
    # words that make a role another office: "shadow", "former", "deputy" home secretary
    role_qualifiers: tuple[str, ...] = ()
    # the language's quotation marks, opening + closing: double ones (“…”, „…“, «…») and single ones
    # (‘…’, ‚…‘, ‹…›), which `quotes` reads only in text with no double marks
    quote_pairs: tuple[str, ...] = ()
    single_quote_pairs: tuple[str, ...] = ()
    # the commonest words of the language, for guessing it from text
    function_words: tuple[str, ...] = ()
    # True when titles compound with other nouns ("Wirtschaftsminister"): a word ending in a title is a title
    compound_titles: bool = False
    # other common words that make no topic ("sono stati", "degli esteri" are no key phrases)
    stopwords: tuple[str, ...] = ()

    def common_words(self) -> frozenset[str]:
        """Return the language's words that make no topic, lower-cased: every function word of the lexicon."""
        groups = (self.function_words, self.stopwords, self.non_names, self.verbs, self.participles,
                  self.auxiliaries, self.adverbs, self.conjunctions, self.of_words, self.place_prepositions,
                  self.relative_pronouns, self.agent_words, self.according_before, self.inversion_leads,
                  tuple(p for p, _ in self.pronouns))
        return frozenset(w.casefold() for group in groups for phrase in group for w in phrase.split())

    def cue_words(self) -> list[str]:
        """Return every speech cue of the language: finite verbs and auxiliary + participle pairs."""
        compound = [f"{aux} {part}" for aux in self.auxiliaries for part in self.participles]
        return sorted({*self.verbs, *compound})


ENGLISH = Lexicon(
    code="en",
    titles=_words("""footballer cricketer golfer boxer athlete singer actor actress comedian epidemiologist
    scientist virologist expert activist campaigner"""),
    agent_words=_words("by"),
    relative_pronouns=_words("who"),
    place_prepositions=_words("in from"),
    role_qualifiers=_words("shadow former ex deputy vice assistant junior acting interim outgoing incoming late"),
    org_words=_words("""Book Report Review Survey Index Study Paper Statement Letter Memo Document Manifesto
    Budget Strategy Bulletin Fed Reserve"""),
    of_words=_words("of"),
    non_names=_words("""Sen Rep Gov Gen Lt Col Sgt Capt Cmdr Adm Supt Insp Det Pres Amb Russian Ukrainian
    American British
    English Scottish Welsh Irish Chinese French German Italian Spanish Israeli Palestinian Iranian
    Syrian Iraqi Lebanese Egyptian Turkish Saudi Japanese Korean Indian Pakistani Afghan European
    African Asian Arab Canadian Australian Mexican Brazilian Polish Dutch Belgian Greek Swedish
    Norwegian Danish Finnish Swiss Austrian Hungarian Czech Romanian Bulgarian Serbian Croatian Qatari
    Jordanian Democrat Republican Tory Tories Labour"""),
    conjunctions=_words("and"),
    verbs=_words("""say says said tell tells told add adds added warn warns warned insist insists insisted
    confirm confirms confirmed call calls called describe describes described accuse accuses accused
    stress stresses stressed argue argues argued claim claims claimed deny denies denied admit admits
    admitted explain explains explained announce announces announced reiterate reiterates reiterated
    urge urges urged ask asks asked reply replies replied respond responds responded tweet tweets
    tweeted post posts posted note notes noted suggest suggests suggested declare declares declared
    acknowledge acknowledges acknowledged concede concedes conceded reveal reveals revealed repeat
    repeats repeated continue continues continued begin begins began thank thanks thanked joke jokes
    joked state states stated comment comments commented agree agrees agreed remark remarks remarked
    vow vows vowed pledge pledges pledged predict predicts predicted caution cautions cautioned
    boast boasts boasted complain complains complained clarify clarifies clarified recall recalls recalled
    emphasise emphasises emphasised emphasize emphasizes emphasized maintain maintains maintained assert asserts
    asserted lament laments lamented quip quips quipped recount recounts recounted allege alleges alleged answer
    answers answered shout shouts shouted testify testifies testified criticise criticises
    criticised criticize criticizes criticized condemn condemns condemned hint hints hinted indicate indicates
    indicated mention mentions mentioned disclose discloses disclosed counter counters countered observe
    observes observed demand demands demanded""", "pointed out", "points out", "went on", "goes on",
                 "was quoted as saying", "is quoted as saying"),
    implicit=_words("""saying adding insisting warning telling arguing claiming stressing explaining noting
    said says added adds told warned insisted stressed"""),
    according_before=("according to",),
    pronouns=(("he", "m"), ("she", "f")),
    adverbs=_words("""also though later then has had have earlier previously again however yesterday today just
    further once repeatedly even only would will could did does now reportedly publicly flatly firmly simply
    quickly personally separately privately tonight"""),
    quote_pairs=("“”", '""'),
    single_quote_pairs=("‘’", "''"),
    function_words=_words("the and of to is was that with for on are said has have by from his her it"),
)

GERMAN = Lexicon(
    code="de",
    compound_titles=True,
    stopwords=_words("""der die das den dem des ist sind war waren wird werden wurde wurden hat haben hatte
    sein nicht auch noch nur
    mehr sehr schon einen einem eines ihre ihren seine seinen sich dass bis über"""),
    agent_words=_words("von"),
    relative_pronouns=_words("welcher welche"),
    place_prepositions=_words("in aus nach im"),
    role_qualifiers=_words("ehemalige ehemaliger stellvertretende stellvertretender vize"),
    org_words=_words("""Ministerium Regierung Bundesregierung Partei Behörde Amt Polizei Armee Bundeswehr
    Agentur Verband Gericht Bundestag Kommission Zeitung Rundfunk Sender Dienst Institut Zentrum Konzern
    Stiftung Verein Feuerwehr Kreuz Rat Ausschuss Landtag Senat Bundesrat Stadtrat Gemeinderat"""),
    of_words=_words("von des der"),
    conjunctions=_words("und"),
    verbs=_words("""sagte sagt sagten sagen erklärte erklärt erklärten betonte betont betonten warnte warnt
    meinte meint sprach spricht forderte fordert kündigte kritisierte kritisiert bekräftigte versicherte
    räumte bestätigte bestätigt antwortete antwortet schrieb schreibt twitterte teilte fügte ergänzte
    ergänzt behauptete behauptet verkündete unterstrich mahnte drohte lobte bezeichnete"""),
    auxiliaries=_words("hat haben"),
    participles=_words("gesagt erklärt betont gewarnt gefordert angekündigt kritisiert bestätigt geschrieben"),
    implicit=_words("sagte erklärte betonte fügte ergänzte"),
    inverted_only=("so",),
    inversion_leads=("das", "dies", "dazu", "darauf"),  # "Das sagte Regierungssprecher X"
    according_before=("laut", "nach Angaben von", "nach Angaben des", "nach Angaben der"),
    according_after=("zufolge",),
    pronouns=(("er", "m"), ("sie", "f")),
    adverbs=_words("auch zudem außerdem später dann bereits erneut noch heute gestern jetzt nun ebenfalls"),
    titles=_words("""kanzler kanzlerin bundeskanzler bundeskanzlerin minister ministerin präsident präsidentin
    sprecher sprecherin regierungssprecher bürgermeister bürgermeisterin trainer chef chefin vorsitzende
    vorsitzender abgeordnete abgeordneter botschafter botschafterin generalsekretär senator gouverneur
    ministerpräsident ministerpräsidentin außenminister außenministerin innenminister innenministerin
    verteidigungsminister verteidigungsministerin gesundheitsminister finanzminister kapitän direktor
    direktorin professor professorin"""),
    honorifics=(("Herr", "m"), ("Frau", "f")),
    non_names=_words("""Der Die Das Den Dem Ein Eine Einer Und Oder Aber Auch Laut Nach Nachdem Als Wie Wenn
    Am Im Um Zum
    Zur Vom Beim Auf Aus Bei Mit Von Vor Für Gegen Über Unter Zwischen Heute Gestern Morgen Montag
    Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März Mai Juni Juli Oktober
    Dezember Uhr Er Sie Es Wir Ihr Man Dies Diese Dieser Damit Dabei Dazu Zudem Außerdem So Doch Noch
    Herr Frau Bundeskanzler Kanzler Kanzlerin Minister Ministerin Präsident Präsidentin Sprecher
    Sprecherin
    Innern Auswärtigen Verteidigung Gesundheit Finanzen Justiz"""),
    quote_pairs=("„“", "»«", "«»"),
    single_quote_pairs=("‚‘", "›‹", "‹›"),
    function_words=_words("der die das und ist nicht sich mit von den auf für dem des eine im zu sagte wurde"),
)

FRENCH = Lexicon(
    code="fr",
    stopwords=_words("""le la les de du des est sont était étaient sera ont avait être avoir pas plus très
    aussi encore déjà leur
    leurs son ses cette ces qui que dont où sur"""),
    agent_words=_words("par"),
    relative_pronouns=_words("qui"),
    place_prepositions=_words("en au aux"),
    elisions=_words("l' d' l’ d’"),
    role_qualifiers=_words("ancien ancienne ex vice adjoint adjointe"),
    org_words=_words("""Ministère Gouvernement Armée Police Agence Commission Assemblée Sénat Conseil Parti
    Tribunal Élysée Matignon Nations Unies Organisation Office"""),
    of_words=_words("de du des d' d’"),
    conjunctions=_words("et"),
    verbs=_words("""dit déclare affirme ajoute explique souligne indique estime assure avertit annonce confie
    répond insiste précise martèle lance rappelle réagit prévient déplore dénonce juge reconnaît confirme
    écrit raconte poursuit conclut"""),
    auxiliaries=_words("a ont avait"),
    participles=_words("""dit déclaré affirmé ajouté expliqué souligné indiqué estimé assuré averti annoncé
    confié répondu insisté précisé martelé lancé rappelé réagi prévenu déploré dénoncé jugé reconnu
    confirmé écrit raconté poursuivi conclu"""),
    implicit=_words("ajoute poursuit conclut précise"),
    according_before=("selon", "d'après", "d’après"),
    inversion_leads=("ainsi", "comme"),
    pronouns=(("il", "m"), ("elle", "f")),
    adverbs=_words("aussi également ensuite encore déjà alors aujourd'hui hier notamment toutefois"),
    titles=_words("""ministre président présidente porte-parole secrétaire ambassadeur ambassadrice directeur
    directrice commissaire chancelier chancelière général sénateur sénatrice maire chef leader premier
    député députée entraîneur capitaine roi reine prince pape"""),
    honorifics=(("M.", "m"), ("Mme", "f"), ("Mlle", "f")),
    non_names=_words("""Les Un Une Et Ou Mais Selon Pour Par Avec Dans Sur Sous Après Avant Lors Depuis Il
    Elle Ils Elles On
    Nous Vous Ce Cette Ces Son Sa Ses Leur Leurs Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche
    Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre Ainsi Alors
    Aussi Mme Ministre Président Présidente
    Intérieur Défense Santé Économie Affaires Étrangères Justice Armées Finances Culture Éducation"""),
    quote_pairs=("«»", "“”"),
    single_quote_pairs=("‹›",),
    function_words=_words("le la les de des du et est une un pour dans que qui sur pas avec il a été selon"),
)

ITALIAN = Lexicon(
    code="it",
    stopwords=_words("""il lo la i gli le un una di da del della è sono era erano sarà stato stata stati
    state essere hanno ha ho abbiamo più molto
    già ancora questo questa quello quella loro suo sua suoi sue nostro nostra tutti tutte ogni altri altre"""),
    agent_words=_words("da dal dalla dallo dai dagli"),
    relative_pronouns=_words("che"),
    place_prepositions=_words("in nel nella nei negli nelle verso dagli degli dei delle agli alle sugli sulle dalle"),
    elisions=_words("l' dell' all' nell' dall' sull' d' l’ dell’ all’ nell’ dall’ sull’ d’"),
    role_qualifiers=_words("ex vice sotto"),
    org_words=_words("""Ministero Salute Sanità Esteri Difesa Interno Nazioni Unite Consiglio Governo
    Esercito Forze Agenzia Commissione Autorità Protezione Croce Mezzaluna Organizzazione Ufficio Radio Tv Tg
    Sky Start Adnkronos Ansa Polizia Marina Aeronautica Camera Senato Procura Tribunale Comune Regione Museo"""),
    of_words=_words("di del della dello dei degli delle dell' dell’"),
    conjunctions=_words("e ed"),
    pro_drop=True,
    verbs=_words("""dice afferma dichiara aggiunge spiega sottolinea ribadisce commenta annuncia conclude
    precisa avverte conferma riferisce racconta assicura ripete riassume incalza ricorda chiarisce
    osserva insiste denuncia replica risponde scrive evidenzia""", "fa sapere", "rende noto"),
    auxiliaries=_words("ha hanno aveva"),
    participles=_words("""detto affermato dichiarato aggiunto spiegato sottolineato ribadito commentato annunciato
    concluso precisato avvertito confermato riferito raccontato assicurato ripetuto chiarito osservato
    insistito denunciato replicato risposto scritto evidenziato anticipato""", "fatto sapere", "reso noto"),
    implicit=_words("""aggiunge ripete conclude prosegue precisa incalza sottolinea"""),
    according_before=("secondo", "stando a", "a detta di"),
    inversion_leads=("lo", "l'", "l’", "così", "come"),
    pronouns=(("lui", "m"), ("lei", "f")),
    adverbs=_words("anche poi inoltre ancora già oggi ieri stamani infatti però invece"),
    titles=_words("""ministro ministra presidente portavoce segretario segretaria ambasciatore ambasciatrice
    direttore direttrice commissario commissaria vicepremier premier cancelliere generale tenente colonnello
    senatore senatrice senatori sindaco sindaca capo leader re regina principe papa dg vicepresidente
    negoziatore attivista allenatore capitano"""),
    honorifics=(("Sig.", "m"), ("Sig.ra", "f"), ("Dott.", None), ("Dott.ssa", "f"), ("On.", None)),
    non_names=_words("""Il Gli Un Una Uno Della Dei Degli Dell In Nel Nella Sul Sulla Per Con Tra Fra Che Non
    Anche Secondo
    Come Dove Quando Dopo Prima Oggi Ieri Domani Lunedì Martedì Mercoledì Giovedì Venerdì Sabato
    Domenica Gennaio Febbraio Marzo Aprile Maggio Giugno Luglio Agosto Settembre Ottobre Novembre
    Dicembre Così Loro Questo Questa Quello Quella Sono Ha Hanno Ministro Presidente Portavoce Esteri
    Affari Interno Difesa Sanità Stato Consiglio Farnesina Striscia Ad Ai Agli Alla Alle Nei Negli Nelle
    Sui Sugli Sulle Dai Dagli Dalle Ecco Secondo Stando"""),
    quote_pairs=("“”", "«»", '""'),
    single_quote_pairs=("‘’", "''"),
    function_words=_words("il la di che è e per un una non del della gli con ha sono alla nel dei anche"),
)

SPANISH = Lexicon(
    code="es",
    stopwords=_words("""el la los las de del es son era eran será sido ha han había ser estar está están más
    muy ya todavía este
    esta estos estas su sus nuestro nuestra todos todas otros otras"""),
    agent_words=_words("por"),
    relative_pronouns=_words("quien quienes"),
    place_prepositions=_words("en desde"),
    role_qualifiers=_words("ex vice adjunto adjunta"),
    org_words=_words("""Ministerio Gobierno Ejército Policía Agencia Comisión Congreso Senado Consejo Partido
    Tribunal Naciones Unidas Organización Oficina"""),
    of_words=_words("de del"),
    conjunctions=_words("y e"),
    pro_drop=True,
    verbs=_words("""dijo dice afirmó afirma declaró declara explicó explica añadió añade agregó agrega aseguró
    asegura señaló señala indicó indica subrayó subraya advirtió advierte insistió insiste anunció anuncia
    confirmó confirma reconoció respondió manifestó sostuvo destacó apuntó escribió"""),
    auxiliaries=_words("ha han había"),
    participles=_words("""dicho afirmado declarado explicado añadido agregado asegurado señalado indicado subrayado
    advertido insistido anunciado confirmado reconocido respondido manifestado sostenido destacado escrito"""),
    implicit=_words("añadió agregó insistió concluyó"),
    according_before=("según", "de acuerdo con"),
    inversion_leads=("así", "lo", "como"),
    pronouns=(("él", "m"), ("ella", "f")),
    adverbs=_words("también además luego ya hoy ayer después todavía"),
    titles=_words("""ministro ministra presidente presidenta portavoz secretario secretaria embajador embajadora
    director directora comisario canciller general senador senadora alcalde alcaldesa jefe jefa líder
    diputado diputada entrenador capitán rey reina príncipe papa"""),
    honorifics=(("Sr.", "m"), ("Sra.", "f"), ("Doña", "f")),
    non_names=_words("""El Los Las Un Una Unos Unas Y O Pero Según Para Por Con En Sobre Tras Desde Durante
    Que Quien Como
    Cuando Donde Él Ella Ellos Este Esta Estos Estas Lunes Martes Miércoles Jueves Viernes Sábado
    Domingo Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Octubre Noviembre Diciembre Así
    Ministro Presidente Presidenta
    Defensa Interior Exteriores Sanidad Hacienda Justicia Economía Educación"""),
    quote_pairs=("«»", "“”", '""'),
    single_quote_pairs=("‘’", "‹›"),
    function_words=_words("el la de que y en los del las se por un para con una su al es según dijo"),
)

LEXICONS: dict[str, Lexicon] = {lex.code: lex for lex in (ENGLISH, GERMAN, FRENCH, ITALIAN, SPANISH)}
DEFAULT_LANGUAGE = "en"

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
GUESS_MIN_HITS = 20  # function words needed before a guess is trusted
_GUESS_CHARS = 200_000  # enough text to recognise a language; more only costs time


def guess_language(texts: Iterable[str]) -> str | None:
    """Return the supported language whose commonest words are most frequent in `texts`, or None.

    Accepts any strings; reads at most the first 200,000 characters. None when fewer than
    `GUESS_MIN_HITS` function words of any language occur (too little text to tell).
    """
    counts: Counter[str] = Counter()
    budget = _GUESS_CHARS
    for text in texts:
        if budget <= 0:
            break
        chunk = text[:budget]
        budget -= len(chunk)
        counts.update(map(str.casefold, _WORD_RE.findall(chunk)))  # (map: no generator step per word)
    scores = {code: sum(counts[w] for w in set(lex.function_words)) for code, lex in LEXICONS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= GUESS_MIN_HITS else None


def lexicon_for(language: str | None) -> Lexicon:
    """Return the lexicon of `language` (an ISO 639 code), English when the language has none."""
    return LEXICONS.get(language_code(language) or "", LEXICONS[DEFAULT_LANGUAGE])
