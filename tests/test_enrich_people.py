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


# --- non-people and titles glued to names (issue 18) --------------------------------------------


def test_a_document_is_not_a_speaker() -> None:
    update = enrich_one(None, "The Beige Book says growth slowed in most districts.",
                        "Beige Book said consumer spending rose.")
    assert update.speakers == ()


def test_a_nationality_is_not_part_of_a_name() -> None:
    update = enrich_one(None, "Mr Putin said Russia was ready.", "Russian Putin said so.")
    assert update.speakers == ("Putin",)


def test_an_abbreviated_title_is_not_part_of_a_name() -> None:
    """"Sen Patty Murray" and "Patty Murray" are one person; "Rep" glued from the next sentence is no name."""
    update = enrich_one(None, "Democratic Sen Patty Murray says the tests are late.",
                        "US Senator Patty Murray said the plan was a disaster.")
    assert update.speakers == ("Patty Murray",)
    update = enrich_one("Trump meets Reince Priebus", "Reince Priebus Rep Peter King said the vote was close.")
    assert update.speakers == ("Peter King",)


def test_a_shadow_role_is_another_office() -> None:
    """The shadow home secretary is not the home secretary (the Mirror's quotes by James Cleverly)."""
    update = enrich_one(
        None, "James Cleverly has said politicians must be careful. Asked about it, the shadow home secretary "
        "told LBC radio: \"We all have to be very careful.\"",
        context=("Home Secretary Yvette Cooper said the riots were a disgrace.",))
    assert update.speakers == ("James Cleverly",)
    assert [q.speaker for q in update.quotes] == ["James Cleverly"]


def test_a_bare_title_names_someone_of_the_update() -> None:
    """"The spokeswoman said" is not the Kremlin spokesman named elsewhere in the blog."""
    update = enrich_one(None, "Asked about the outbreaks, a WHO spokeswoman said the warnings were ignored.",
                        "One reason, the spokeswoman said, was that many countries had no memory of it.",
                        context=("Kremlin spokesman Dmitry Peskov said the talks were over.",))
    assert update.speakers == ()
    update = enrich_one(None, "Kremlin spokesman Dmitry Peskov spoke to reporters.",
                        "The spokesman said the talks were over.")
    assert update.speakers == ("Dmitry Peskov",)


def test_a_role_before_a_name_is_a_noun_phrase_not_a_clause() -> None:
    """"according to a correspondent who joined Prince Harry": Harry is not the source."""
    update = enrich_one(None, "She left them in tears, according to a royal correspondent who joined Meghan and "
                        "Prince Harry on their tour.", context=("Prince Harry said he was proud.",))
    assert update.speakers == ()
    update = enrich_one(None, "\"It was a mistake,\" said top Democratic Senator Chuck Schumer on CNN.")
    assert update.speakers == ("Chuck Schumer",)


def test_a_given_name_finds_its_one_owner_among_people_of_one_surname() -> None:
    update = enrich_one(None, "Dame Diana said the courts could sit overnight.",
                        context=("Dame Diana Johnson said police had the resources they need.",
                                 "Boris Johnson said the riots were a disgrace.",
                                 "Boris Johnson added that he was appalled."))
    assert update.speakers == ("Diana Johnson",)
