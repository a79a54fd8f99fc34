"""People: one canonical name per person, roles from appositions, and who is not a speaker."""

from __future__ import annotations

from test_enrich_quotes import enrich_one, make_blog

from parsers.enrich.people import close_spelling, name_runs, split_name
from parsers.enrich.registry import build_registry
from parsers.enrich.run import enrich_liveblog


def test_name_runs_split_titles_and_drop_organisations() -> None:
    runs = [r.name for r in name_runs(
        "Russia's Foreign Minister Sergei Lavrov met Staffan de Mistura at the White House with "
        "Bashar al-Assad and Ursula von der Leyen."
    )]
    assert runs == ["Russia", "Sergei Lavrov", "Staffan de Mistura", "Bashar al-Assad", "Ursula von der Leyen"]


def test_split_name_keeps_particles_with_the_surname() -> None:
    assert split_name("Staffan de Mistura") == ("Staffan", "de Mistura")
    assert split_name("De Mistura") == ("", "De Mistura")


def test_close_spellings() -> None:
    assert close_spelling("Sergei", "Sergey")
    assert close_spelling("Vladmir", "Vladimir")
    assert close_spelling("J.", "John")
    assert not close_spelling("Donald", "Melania")
    assert not close_spelling("Rex", "Rey")  # too short to call a typo


def test_all_forms_of_a_name_merge_into_the_fullest_most_frequent_one() -> None:
    registry = build_registry([
        "Foreign minister Sergei Lavrov arrived.",
        "Mr Lavrov said Russia was ready.",
        "Sergey Lavrov says the talks went well.",
        "Lavrov: no compromise.",
        "Sergei Lavrov and Vladimir Putin met. Mr Putin spoke first.",
        "Vladmir Putin 'reinstates' the memorandum; Vladimir Putin said so.",
    ])
    for form in ("Lavrov", "Sergey Lavrov", "Sergei Lavrov"):
        assert registry.resolve(form) == "Sergei Lavrov"
    assert registry.resolve("Vladmir Putin") == "Vladimir Putin"
    assert registry.resolve("Putin") == "Vladimir Putin"


def test_a_surname_shared_by_two_people_follows_the_honorific() -> None:
    update = enrich_one(
        None,
        '"It was a great evening," Mrs Trump said.',
        '"We had a very good chemistry," Mr Trump said.',
        context=["President Donald Trump and first lady Melania Trump pose before dinner."],
    )
    assert update.speakers == ("Melania Trump", "Donald Trump")


def test_speakers_are_listed_once_per_update_in_order_of_appearance() -> None:
    blog = make_blog(
        ("Mr Trump and Mr Stoltenberg speak", [
            'Mr Stoltenberg said Nato "can and must do more".',
            'Mr Trump said the alliance is "no longer obsolete". Mr Stoltenberg agreed.',
            '"We must also ensure members pay," Mr Trump said.',
        ]),
        (None, ["Jens Stoltenberg, the Nato secretary general, and Donald Trump met."]),
    )
    update = enrich_liveblog(blog).updates[0]
    assert update.speakers == ("Jens Stoltenberg", "Donald Trump")


def test_apposition_role_links_to_its_person() -> None:
    blog = make_blog(
        (None, ["Donald Trump sent Rex Tillerson, his secretary of state, to Moscow."]),
        (None, ['"The world\'s foremost nuclear powers cannot have this relationship," the secretary of state said.']),
    )
    assert enrich_liveblog(blog).updates[1].speakers == ("Rex Tillerson",)


def test_a_role_named_later_in_the_update_is_that_person() -> None:
    update = enrich_one(
        "Heated exchanges",
        'Russia\'s deputy U.N. ambassador says the U.S. "provocation" will only encourage extremists.',
        "Vladimir Safronkov told the Security Council the attack needs to be investigated.",
        "He also accused Britain's U.N. Ambassador Matthew Rycroft of wanting regime change.",
        context=["Safronkov spoke for twenty minutes."],
    )
    assert update.speakers == ("Vladimir Safronkov",)
    assert {q.text: q.speaker for q in update.quotes}["provocation"] == "Vladimir Safronkov"


def test_people_only_talked_about_are_not_speakers() -> None:
    update = enrich_one(
        None,
        "Mr Tillerson said the reign of Bashar al-Assad is coming to an end.",
        "Top of the agenda will be demands that Mr Putin ditch his ally Mr Assad.",
        context=["Rex Tillerson met Vladimir Putin."],
    )
    assert update.speakers == ("Rex Tillerson",)


def test_states_organisations_and_documents_are_not_speakers() -> None:
    update = enrich_one(
        None,
        "Russia has said it wants an investigation. The White House said it has proof.",
        'Russia has called the allegations "slanderous".',
        'The draft resolution "expresses its outrage" at the attack.',
    )
    assert update.speakers == ()
    assert all(q.speaker is None for q in update.quotes)


def test_the_blogs_own_reporters_introducing_copy_are_not_speakers() -> None:
    update = enrich_one(
        None,
        "Ruth Sherlock in Washington writes: Mr Lavrov has said Russia agreed to an investigation.",
        "Nikki Haley told Russia to choose, Ruth Sherlock reports:",
        context=["Mrs Haley arrived.", "Ruth Sherlock is our US editor."],
    )
    assert update.speakers == ("Lavrov", "Nikki Haley")


def test_a_full_name_needs_a_person_clue_before_it_speaks() -> None:
    update = enrich_one(
        None,
        "Shelbourne Bar says they are looking forward to greeting customers again.",
        "Stephen Rapp, who led prosecution teams, told the New Yorker it was richer than anything.",
    )
    assert update.speakers == ("Stephen Rapp",)
