"""Entry finding and merging that do not depend on knowing the publisher (issue 18).

Each fixture in tests/fixtures/html is a small invented page in one general shape seen on
real live blogs from publishers the parser has no row for: flat heading runs with the time
in the heading (German "12.31 Uhr: …"), list items with the clock as text (French "18h40"),
a minute-by-minute match report (Italian "90+3'"), a page whose posts are only in JSON-LD
(Spanish), JSON-LD holding synthetic copies of the posts, and JSON-LD listing fewer posts
than the page shows. None of the fixtures' domains is in the publishers table.
"""

from __future__ import annotations

import pytest
from conftest import HTML_FIXTURES

from parsers.extract.html.publishers import hints_for_url
from parsers.model import LiveBlog
from parsers.normalise.datetimes import leading_time_label, time_label
from parsers.pipeline import parse_bytes


def load(name: str) -> LiveBlog:
    path = HTML_FIXTURES / name
    return parse_bytes(path.read_bytes(), str(path))


def texts(blog: LiveBlog) -> list[str]:
    return [t for u in blog.updates for t in (u.headline or "", *u.paragraphs, *u.captions)]


@pytest.mark.parametrize("name", [
    "run_de_h2_uhr.html", "run_de_h5_span.html", "siblings_li_clock_text.html", "siblings_minutes.html",
    "jsonld_only.html", "jsonld_synthetic_copies.html", "jsonld_fewer_than_shown.html", "run_es_p_strong.html",
    "run_it_div_pairs.html", "jsonld_richer_body.html", "flags_labels_copies.html", "run_de_day_headings.html",
    "run_time_then_heading.html", "run_ids_on_headings.html",
])
def test_fixture_publishers_are_unknown(name: str) -> None:
    blog = load(name)
    assert hints_for_url(blog.source.url) is None
    assert blog.warnings == ()


def test_german_heading_run_h2_uhr() -> None:
    # Seven <h2>H.MM Uhr: …</h2> headings, each followed by its paragraphs; "Mehr zum Thema" ends the run.
    blog = load("run_de_h2_uhr.html")
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("12:31", "Ministerpräsident besucht Krisengebiet"),
        ("11:58", "Bahnstrecke gesperrt"),
        ("11:20", "Pegel in Oberdorf bei 4,80 Metern"),
        ("10:47", "Schulen bleiben geschlossen"),
        ("09:15", "Evakuierung in Unterau"),
        ("08:02", "Deich hält – vorerst"),
        ("07:30", "Guten Morgen"),
    ]
    assert blog.updates[0].paragraphs == (
        "Der Ministerpräsident ist am Mittag in Neustadt eingetroffen und hat sich mit den Einsatzkräften getroffen.",
        "„Wir lassen niemanden allein“, sagte er vor der Feuerwache.",
    )
    # The ad label between two entries and the "Mehr zum Thema" links after the run are not post text.
    assert not any(t in ("Anzeige", "Mehr zum Thema", "So wird das Wetter am Wochenende") for t in texts(blog))
    assert blog.updates[-1].paragraphs == (
        "Willkommen zu unserem Ticker. Wir berichten den ganzen Tag über die Lage in der Region.",)


def test_german_heading_run_h5_span_crosses_midnight() -> None:
    # <h5><span>2.59 Uhr: …</span></h5> headings, newest first, from 23.48 Uhr to 2.59 Uhr.
    blog = load("run_de_h5_span.html")
    assert [u.time for u in blog.updates] == ["02:59", "02:14", "01:40", "00:55", "23:48"]
    assert blog.updates[1].headline == "Keller vollgelaufen"
    assert blog.updates[1].paragraphs == ("Die Feuerwehr pumpt in der Altstadt mehrere Keller leer.",
                                          "Verletzt wurde nach ersten Angaben niemand.")
    assert "Teilen" not in texts(blog)


def test_german_heading_run_with_day_headings_and_an_untimed_post() -> None:
    # <h2>Freitag, 19. 7.</h2>, then <h3>H.MM Uhr: …</h3> posts; one <h3> post has no time; the <h3>
    # "Donnerstag, 18. 7." has nothing under it (a day heading); "Weitere Artikel" follows the last post.
    blog = load("run_de_day_headings.html")
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("09:12", "Flughafen meldet Normalbetrieb"),
        ("08:40", "Noch immer lange Schlangen"),
        (None, "Zusammenfassung der Nacht"),
        ("23:05", "Erste Flüge gestrichen"),
        ("22:30", "IT-Störung legt Check-in lahm"),
    ]
    assert not any(t.startswith(("Donnerstag", "Freitag", "Weitere Artikel", "Rechte bei")) for t in texts(blog))


def test_list_items_with_the_clock_as_text() -> None:
    # <li class="fil-item"><span class="heure">18h40</span><h3>…</h3><p>…</p></li>, one without a heading.
    blog = load("siblings_li_clock_text.html")
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("18:40", "Le trafic reprend sur la ligne B"),
        ("17:15", "Les syndicats appellent à poursuivre demain"),
        ("15:02", "Manifestation devant la mairie"),
        ("12:30", None),
        ("09:05", "Bonjour et bienvenue"),
    ]
    # The displayed time is the update's time, not a paragraph; the menu is not an update.
    assert not any(time_label(t) for t in texts(blog))
    assert "Accueil" not in texts(blog)
    assert blog.updates[3].paragraphs == ("Un bus sur trois circule à la mi-journée, selon l'opérateur.",)


def test_minute_by_minute_match_report() -> None:
    # Eight <div class="evento"> siblings: seven with a match minute ("90+3'" … "1'"), one without.
    blog = load("siblings_minutes.html")
    assert len(blog.updates) == 8
    assert [u.paragraphs[-1] for u in blog.updates][:3] == [
        "Finisce qui! La Nordica vince 2-1 e torna in testa alla classifica.",
        "Ammonito Gallo per un fallo a centrocampo.",
        "Gol della Nordica! Bianchi di testa su calcio d'angolo, 2-1.",
    ]
    assert blog.updates[3].paragraphs == ("Inizia il secondo tempo, nessun cambio.",)
    # The minute (<span class="minuto">90+3'</span>) is the update's label, not a paragraph of its text.
    assert [u.label for u in blog.updates] == ["90+3'", "88'", "71'", None, "45+1'", "33'", "12'", "1'"]
    assert all(len(u.paragraphs) == 1 for u in blog.updates)
    # A match minute is not a clock time: none is invented.
    assert all(u.time is None or ":" not in u.time for u in blog.updates)
    assert all(u.datetime is None for u in blog.updates)
    # The line-ups above the report are not an update.
    assert not any("Rossi, Bianchi" in t for t in texts(blog))


def test_spanish_bold_time_lead_ins() -> None:
    # <p><strong>18.45 h.</strong> text</p> then untimed <p>s: each time-led paragraph starts an entry.
    blog = load("run_es_p_strong.html")
    assert [u.time for u in blog.updates] == ["18:45", "17:30", "16:05", "14:20"]
    assert blog.updates[0].paragraphs == ("Protección Civil mantiene la alerta naranja hasta la medianoche.",
                                          "Se recomienda no acercarse a los paseos marítimos.")
    assert not any(leading_time_label(p) for u in blog.updates for p in u.paragraphs)
    # A flag inside a sentence ("<strong>Última hora:</strong> suspendidas…") is the sentence's, and stays.
    assert blog.updates[2].paragraphs[0] == "Última hora: suspendidas las clases de la tarde en cuatro municipios."
    # The ad label and the "Lee también" pointer are not post text; the standfirst is not an entry.
    assert not any(t == "Publicidad" or t.startswith(("Lee también", "Fuertes rachas")) for t in texts(blog))


def test_italian_flat_time_and_text_pairs() -> None:
    # <div class="ora">16:56</div><div class="testo">…</div> pairs side by side: the label leads a run.
    blog = load("run_it_div_pairs.html")
    assert [u.time for u in blog.updates] == ["16:56", "15:20", "13:02", "09:15"]
    assert blog.updates[0].paragraphs[0] == "Ripresa la circolazione sulla linea adriatica."
    assert blog.updates[2].paragraphs == ("Adesione al 60% secondo i sindacati, al 35% secondo l'azienda.",)


def test_page_with_posts_only_in_json_ld() -> None:
    blog = load("jsonld_only.html")
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("20:00", "Cierran los colegios electorales"),
        ("18:05", "La participación sube tres puntos"),
        ("09:00", "Abren los colegios"),
    ]
    assert blog.updates[1].paragraphs == (
        "A las 18:00 había votado el 51% del censo, según el Ministerio del Interior.",)
    assert "Cargando…" not in texts(blog)


def test_synthetic_json_ld_copies_are_not_posts_or_headlines() -> None:
    # JSON-LD headlines are "21:06 (GMT) " + the post's first words, bodies cut mid-word.
    blog = load("jsonld_synthetic_copies.html")
    assert [(u.time, u.headline) for u in blog.updates] == [("21:06", None), ("20:15", None), ("19:30", None)]
    # The page's whole text, not the cut copy; the displayed "21:06 (GMT), Mar 09" is the time, not a paragraph.
    assert blog.updates[0].paragraphs == (
        "FULL TIME: Rovers win the Harbour Cup after a late winner from Okafor in the 89th minute.",)
    assert blog.updates[2].paragraphs == (
        "Welcome to our live coverage of the Harbour Cup final between Rovers and City at the Quayside.",)


def test_json_ld_listing_fewer_posts_than_the_page_shows() -> None:
    # Seven <article class="post"> with a <time>; the JSON-LD lists (and the ids anchor) only three.
    blog = load("jsonld_fewer_than_shown.html")
    assert [u.time for u in blog.updates] == ["11:05", "10:40", "10:10", "09:45", "09:30", "09:10", "08:30"]
    assert len({u.headline for u in blog.updates}) == 7
    # The DOM body is kept (two paragraphs), not the JSON-LD copy (one).
    assert blog.updates[0].paragraphs == ("Amara Osei wins in 2:07:41, a course record.",
                                          "She was clear by more than a minute.")


@pytest.mark.parametrize(("text", "clock"), [
    ("20:19", "20:19"), ("12.31 Uhr", "12:31"), ("14h05", "14:05"), ("21:06 (IST)", "21:06"),
    ("Posted at 15:05", "15:05"), ("19:02 (IST), Oct 02", "19:02"), ("9:56am", "09:56"), ("12.50 BST", "12:50"),
    ("45'", None), ("90+3'", None), ("2h ago", None), ("vor 5 Minuten", None), ("il y a 3 h", None),
    ("2 ore fa", None), ("hace 2 horas", None),
])
def test_time_labels(text: str, clock: str | None) -> None:
    label = time_label(text)
    assert label is not None
    assert (label.clock.strftime("%H:%M") if label.clock else None) == clock
    assert (label.clock is None) == (clock is None)


@pytest.mark.parametrize("text", ["2.5", "57:33", "2023", "65.06 sek.", "Bieg 15", "10.000 Menschen", "3.5 million",
                                  "14.30 Pressekonferenz"])
def test_not_time_labels(text: str) -> None:
    assert time_label(text) is None
    assert leading_time_label(text) is None


def test_leading_time_labels() -> None:
    found = leading_time_label("12.31 Uhr: Kanzler reist ab")
    assert found is not None and found[1] == "Kanzler reist ab"
    found = leading_time_label("16h05 – Macron s'exprime")
    assert found is not None and found[1] == "Macron s'exprime"


def test_a_list_of_timed_links_is_not_a_live_blog() -> None:
    # A plain article beside a "Neueste Meldungen" list (<li><span>14.05 Uhr</span> <a>…</a></li>):
    # the timed items are pointers to other pages, so the page is one article, not a ticker.
    path = HTML_FIXTURES / "article_latest_sidebar.html"
    blog = parse_bytes(path.read_bytes(), str(path))
    assert len(blog.updates) == 1
    assert blog.updates[0].paragraphs[0].startswith("Nach drei Jahren Bauzeit")
    assert any("no live-blog structure" in w for w in blog.warnings)


def test_the_richer_body_is_kept() -> None:
    # Post u2 shows one paragraph and "Read more"; its JSON-LD articleBody holds four paragraphs.
    # Post u1 shows more than its JSON-LD copy: the page's body stays.
    blog = load("jsonld_richer_body.html")
    assert len(blog.updates) == 2
    assert len(blog.updates[0].paragraphs) == 4
    assert blog.updates[0].paragraphs[-1] == "The opposition called the measure a giveaway paid for by cuts elsewhere."
    assert blog.updates[1].paragraphs == ("The chancellor has begun his statement.",
                                          "He starts with the forecasts for growth and inflation.")


def test_flags_labels_and_pinned_copies() -> None:
    # Six <div class="post">: the first is flagged "Épinglé" (pinned) and repeats the 18h02 post further
    # down; "Urgent" flags a headline; a rubric "Réforme des retraites" sits on five posts and is the
    # <h3> of three.
    blog = load("flags_labels_copies.html")
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("18:40", "Les syndicats appellent à manifester jeudi"),
        ("18:02", "Le texte est adopté"),
        ("17:15", None), ("16:30", None), ("15:00", None),
    ]
    assert [u.paragraphs for u in blog.updates[:2]] == [
        ("L'intersyndicale annonce une journée de mobilisation jeudi.",),
        ("Le texte a été adopté par 287 voix contre 262.",),
    ]
    assert not any("Réforme des retraites" in t or "Instagram" in t for t in texts(blog))


def test_time_only_heads_then_headline_headings() -> None:
    # Flat <div class="heure">17h32</div><h2>headline</h2><p>…</p> (a subheading <h3> inside one post);
    # one post has no <h2>; "À lire aussi" after the last post is not part of it.
    blog = load("run_time_then_heading.html")
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("17:32", "Victoire de Lemaire au sommet"),
        ("16:50", "Attaque à 5 km de l'arrivée"),
        ("15:10", None),
        ("13:05", "C'est parti"),
    ]
    assert blog.updates[0].paragraphs[-1] == "Lemaire devance Ortiz et Van Dam."
    assert blog.updates[-1].paragraphs == ("Le départ réel est donné, six coureurs tentent de sortir.",)


def test_time_inside_the_heading_is_not_the_headline() -> None:
    # <h2><time>12:31</time> Headline</h2><p>…</p> runs: the time element (or a span showing only a time)
    # inside the heading is the post's time.
    page = (
        b'<html lang="de"><body><h1>Demo-Ticker</h1><div class="c">'
        b'<h2><time datetime="2024-05-01T12:31:00+02:00">12:31</time> Polizei sperrt Innenstadt</h2>'
        b"<p>Die Innenstadt ist gesperrt worden, teilt die Polizei mit.</p>"
        b'<h2><time datetime="2024-05-01T12:10:00+02:00">12:10</time> Demonstration beginnt</h2>'
        b"<p>Rund 2000 Menschen versammeln sich am Bahnhof.</p>"
        b'<h2><span class="t">11:40</span> Erste Gruppen treffen ein</h2><p>Am Bahnhof treffen erste Gruppen ein.</p>'
        b"</div></body></html>"
    )
    blog = parse_bytes(page, "demo.html")
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("12:31", "Polizei sperrt Innenstadt"), ("12:10", "Demonstration beginnt"),
        ("11:40", "Erste Gruppen treffen ein"),
    ]
    assert blog.updates[1].paragraphs == ("Rund 2000 Menschen versammeln sich am Bahnhof.",)


def test_ids_on_the_headings_of_a_heading_run() -> None:
    # JSON-LD updates point at #eintrag-N, the ids of the <h2>s; each post is the <h2> and its paragraphs.
    blog = load("run_ids_on_headings.html")
    assert [(u.time, u.headline) for u in blog.updates] == [
        ("15:42", "Abstimmung vertagt"),
        ("14:05", "Opposition kritisiert Neuverschuldung"),
        ("13:00", "Finanzminister eröffnet die Debatte"),
    ]
    assert blog.updates[0].paragraphs == (
        "Die Abstimmung über den Haushalt wird auf Donnerstag verschoben, teilte die Bundestagspräsidentin mit.",
        "Grund sind Änderungsanträge, die noch geprüft werden müssen.",
    )


def test_structured_data_with_hand_written_json_mistakes() -> None:
    # Trailing commas and a "\'" escape (invalid JSON, common in publishers' templates): the posts still count.
    script = ('{"@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": "Vote live",'
              ' "liveBlogUpdate": ['
              '{"@type": "BlogPosting", "headline": "Polls close", "datePublished": "2024-05-26T20:00:00Z",'
              ' "articleBody": "Counting starts in the town' + "\\'" + 's three halls.",},'
              '{"@type": "BlogPosting", "headline": "Polls open", "datePublished": "2024-05-26T07:00:00Z",'
              ' "articleBody": "Voting is under way.",},'
              '],}')
    page = (f'<html><head><script type="application/ld+json">{script}</script></head>'
            "<body><h1>Vote live</h1></body></html>").encode()
    blog = parse_bytes(page, "vote.html")
    assert [(u.time, u.headline) for u in blog.updates] == [("20:00", "Polls close"), ("07:00", "Polls open")]
    assert blog.updates[0].paragraphs == ("Counting starts in the town's three halls.",)


def test_heading_in_a_wrapper_with_the_paragraphs_after_it() -> None:
    # <div class="zeit"><h2>12.31 Uhr: …</h2></div><p>…</p>: the wrapper heads a flat run.
    page = (
        b'<html lang="de"><body><h1>Ticker</h1><div class="c">'
        b'<div class="zeit"><h2>12.31 Uhr: Polizei sperrt Innenstadt</h2></div>'
        b"<p>Die Innenstadt ist gesperrt worden, teilt die Polizei mit.</p><p>Zweiter Absatz.</p>"
        b'<div class="zeit"><h2>12.10 Uhr: Demonstration beginnt</h2></div>'
        b"<p>Rund 2000 Menschen versammeln sich am Bahnhof.</p>"
        b'<div class="zeit"><h2>11.40 Uhr: Erste Gruppen treffen ein</h2></div>'
        b"<p>Am Bahnhof treffen erste Gruppen ein.</p></div></body></html>"
    )
    blog = parse_bytes(page, "ticker.html")
    assert [(u.time, u.headline, len(u.paragraphs)) for u in blog.updates] == [
        ("12:31", "Polizei sperrt Innenstadt", 2), ("12:10", "Demonstration beginnt", 1),
        ("11:40", "Erste Gruppen treffen ein", 1),
    ]


BYLINE_WITH_ROLE = """<html lang="en-GB"><head><title>Budget live</title></head><body><main><h1>Budget live</h1>
<div class="stream">
<article class="post"><header><time datetime="2024-10-30T14:32:00Z">14:32</time>
<div class="byline"><img src="a.jpg" alt=""><span>By Harry Farley</span><span>Political correspondent</span></div>
</header>
<h3>Chancellor sets out plan</h3><p>Taxes will rise by £40bn, the chancellor said.</p></article>
<article class="post"><header><time datetime="2024-10-30T14:10:00Z">14:10</time><div class="byline">
<span>Jane</span> <span>Smith</span></div></header><h3>Opposition responds</h3>
<p>The opposition replied at once.</p></article>
<article class="post"><header><time datetime="2024-10-30T13:55:00Z">13:55</time><div class="byline">By
<a href="/a">Ann Lee</a> and <a href="/b">Bo Chan</a></div></header><h3>What we know</h3><p>Here is the summary.</p>
</article></div></main></body></html>"""


def test_a_byline_names_the_person_not_their_role() -> None:
    # <span>By Harry Farley</span><span>Political correspondent</span>: the name, then the role.
    blog = parse_bytes(BYLINE_WITH_ROLE.encode(), "budget.html")
    assert [u.author for u in blog.updates] == ["Harry Farley", "Jane Smith", "Ann Lee and Bo Chan"]
    assert not any("correspondent" in p for u in blog.updates for p in u.paragraphs)


BOLD_LEADS = """<html lang="it"><head><title>La diretta</title></head><body><main><h1>La diretta</h1>
<div class="diretta">
<div class="evento"><span class="ora">16:56</span><p><strong>Oms: a Gaza fermi 14 ospedali</strong> Lo ha detto il
portavoce a Ginevra.</p></div>
<div class="evento"><span class="ora">16:48</span><p><strong>Netanyahu</strong> ha precisato di non aver approvato il
trasferimento.</p></div>
<div class="evento"><span class="ora">16:41</span><p><strong>Risultato:</strong> 98:70 per la squadra di casa.</p></div>
<div class="evento"><span class="ora">16:27</span><p>Le sirene hanno suonato in <b>Galilea</b> nel pomeriggio.</p></div>
</div></main></body></html>"""


def test_a_bold_lead_in_that_starts_the_post_is_its_headline() -> None:
    # <p><strong>Headline</strong> Sentence…</p>: a headline; a bold name or label inside a sentence is not.
    blog = parse_bytes(BOLD_LEADS.encode(), "diretta.html")
    assert [u.headline for u in blog.updates] == ["Oms: a Gaza fermi 14 ospedali", None, None, None]
    assert blog.updates[0].paragraphs == ("Lo ha detto il portavoce a Ginevra.",)
    assert blog.updates[1].paragraphs == ("Netanyahu ha precisato di non aver approvato il trasferimento.",)
    assert blog.updates[2].paragraphs == ("Risultato: 98:70 per la squadra di casa.",)


LEAD_UNDER_TITLE = """<html lang="de"><head><title>Hochwasser-Ticker</title></head><body><main>
<h1>Hochwasser-Ticker</h1>
<p>Alle Entwicklungen zum Hochwasser in Bayern.</p><p><strong>Donnerstag, 18. 7. 2024</strong></p>
<h2>14.05 Uhr: Pegel steigt</h2><p>In Passau steigt die Donau weiter.</p>
<h2>12.31 Uhr: Bahn gesperrt</h2><p>Die Strecke nach Regensburg ist gesperrt.</p>
</main></body></html>"""


def test_the_lead_under_the_title_is_the_intro_when_the_page_has_no_other() -> None:
    # No standfirst class, no description: the paragraph under <h1>, up to the day heading, is the intro.
    blog = parse_bytes(LEAD_UNDER_TITLE.encode(), "ticker.html")
    assert blog.intro == "Alle Entwicklungen zum Hochwasser in Bayern."
    assert [u.headline for u in blog.updates] == ["Pegel steigt", "Bahn gesperrt"]
