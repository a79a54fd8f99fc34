"""Facets, filters and search in parsers/query.py: pure functions, no terminal."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from parsers.model import LiveBlog, Update
from parsers.pipeline import load_liveblog
from parsers.query import (
    QueryCache,
    chronological_order,
    facet_counts,
    facet_index,
    filter_indices,
    match_spans,
    normalise_query,
    search_haystacks,
    speaker_counts,
    topic_counts,
)


def headlines(blog: LiveBlog, positions: list[int]) -> list[str]:
    return [blog.updates[i].title_or_lead for i in positions]


def run_filter(blog: LiveBlog, **kwargs: object) -> list[int]:
    updates = blog.updates
    return filter_indices(
        list(range(len(updates))),
        speakers=facet_index(updates, "speakers"),
        topics=facet_index(updates, "topics"),
        haystacks=search_haystacks(updates),
        **kwargs,  # type: ignore[arg-type]
    )


def test_speaker_counts_most_frequent_first_then_by_name(reader_blog: LiveBlog) -> None:
    assert speaker_counts(reader_blog.updates) == [
        ("Donald Trump", 2),
        ("Rex Tillerson", 2),
        ("Boris Johnson", 1),
        ("Sergei Lavrov", 1),
    ]


def test_topic_counts(reader_blog: LiveBlog) -> None:
    assert topic_counts(reader_blog.updates) == [
        ("Syria", 3),
        ("Russia", 2),
        ("Chemical weapons", 1),
        ("North Korea", 1),
    ]


def test_a_name_repeated_in_one_update_counts_once() -> None:
    update = Update(id="a", time=None, datetime=None, headline="x", speakers=("Ann", "Ann"))
    assert facet_counts([update], "speakers") == [("Ann", 1)]


def test_no_filters_keep_the_given_order(reader_blog: LiveBlog) -> None:
    order = [5, 3, 1, 0, 2, 4]
    assert filter_indices(order) == order


def test_several_speakers_match_any_of_them(reader_blog: LiveBlog) -> None:
    chosen = run_filter(reader_blog, chosen_speakers={"Sergei Lavrov", "Boris Johnson"})
    assert chosen == [2, 3]


def test_speaker_and_topic_filters_combine_with_and(reader_blog: LiveBlog) -> None:
    chosen = run_filter(reader_blog, chosen_speakers={"Rex Tillerson"}, chosen_topics={"Chemical weapons"})
    assert chosen == [3]
    assert run_filter(reader_blog, chosen_speakers={"Donald Trump"}, chosen_topics={"Syria"}) == []


def test_search_is_case_insensitive_and_combines_with_facets(reader_blog: LiveBlog) -> None:
    # "sarin" is lower case in update 1 and "SARIN" in update 3.
    assert run_filter(reader_blog, query="Sarin") == [1, 3]
    assert run_filter(reader_blog, query="  sarin ", chosen_speakers={"Boris Johnson"}) == [3]
    assert run_filter(reader_blog, query="sarin", chosen_topics={"North Korea"}) == []


def test_search_looks_in_headlines_and_captions(reader_blog: LiveBlog) -> None:
    assert run_filter(reader_blog, query="no compromise") == [2]
    assert run_filter(reader_blog, query="credit: ap") == [1]


def test_only_restricts_to_the_given_positions(reader_blog: LiveBlog) -> None:
    assert run_filter(reader_blog, only={0, 3, 4}, chosen_topics={"Syria", "North Korea"}) == [3, 4]
    assert run_filter(reader_blog, only=set()) == []


def test_unknown_names_match_nothing(reader_blog: LiveBlog) -> None:
    assert run_filter(reader_blog, chosen_speakers={"Nobody"}) == []


def test_filter_follows_a_chronological_order(reader_blog: LiveBlog) -> None:
    order = chronological_order(reader_blog.updates)
    assert order == [5, 4, 3, 2, 1, 0]
    chosen = filter_indices(order, topics=facet_index(reader_blog.updates, "topics"), chosen_topics={"Syria"})
    assert chosen == [3, 2, 1]


def test_match_spans_ignore_case_and_index_the_original_text() -> None:
    text = "Sarin, sarin and SARIN."
    spans = match_spans(text, "sarin")
    assert [text[a:b] for a, b in spans] == ["Sarin", "sarin", "SARIN"]
    assert match_spans(text, "   ") == []
    assert match_spans(text, "tabun") == []


def test_match_spans_do_not_overlap() -> None:
    assert match_spans("aaaa", "aa") == [(0, 2), (2, 4)]


def test_match_spans_stay_aligned_when_case_folding_changes_lengths() -> None:
    text = "Straße und STRASSE"
    spans = match_spans(text, "und")
    assert [text[a:b] for a, b in spans] == ["und"]


@given(st.text(max_size=60), st.text(min_size=1, max_size=5))
def test_every_match_span_equals_the_query_ignoring_case(text: str, query: str) -> None:
    needle = normalise_query(query)
    for start, end in match_spans(text, query):
        found = text[start:end]
        assert found.casefold() == needle or found.lower() == needle.lower()


def test_search_on_the_sample_finds_exactly_the_updates_mentioning_sarin(sample_path: Path) -> None:
    blog = load_liveblog(str(sample_path))
    found = run_filter(blog, query="SARIN")
    expected = [i for i, u in enumerate(blog.updates)
                if "sarin" in " ".join((u.headline or "", *u.paragraphs, *u.captions)).lower()]
    assert found == expected
    assert found, "the sample mentions the sarin attack"




# --- QueryCache: what the reader remembers between search keystrokes ---------------------


def test_query_cache_answers_a_repeated_query_and_narrows_a_longer_one() -> None:
    cache = QueryCache()
    cache.remember("filters", "", [0, 1, 2, 3, 4])
    cache.remember("filters", "sa", [1, 3, 4])
    cache.remember("filters", "sar", [1, 3])
    assert cache.lookup("filters", "sa") == ([1, 3, 4], None)
    # "sari" contains "", "sa" and "sar": the smallest of their results is searched.
    assert cache.lookup("filters", "sari") == (None, [1, 3])
    # "as" contains only "": every update is a candidate.
    assert cache.lookup("filters", "as") == (None, [0, 1, 2, 3, 4])
    # Other filters (another order, speaker or bookmarks) make every remembered view useless.
    assert cache.lookup("other filters", "sa") == (None, None)


def test_query_cache_forgets_the_oldest_beyond_its_size_and_everything_on_new_filters() -> None:
    cache = QueryCache(size=2)
    for needle, view in (("a", [1]), ("b", [2]), ("c", [3])):
        cache.remember("filters", needle, view)
    assert cache.lookup("filters", "a") == (None, None)
    assert cache.lookup("filters", "c") == ([3], None)
    cache.remember("new filters", "d", [4])
    assert cache.lookup("new filters", "c") == (None, None)


def test_typing_and_erasing_with_the_cache_finds_what_a_fresh_search_finds(sample_path: Path) -> None:
    """Replays the reader's keystroke loop on the sample: each view equals a search from scratch."""
    updates = load_liveblog(str(sample_path)).updates
    order = chronological_order(updates)[::-1]
    haystacks = search_haystacks(updates)
    cache = QueryCache(size=4)
    typed = ""
    keys = [*"sarin", *"\b\b\b", *"y ia", *"\b" * 7, *"russia", *"\b\b", "n"]
    for key in keys:
        typed = typed[:-1] if key == "\b" else typed + key
        needle = normalise_query(typed)
        remembered, candidates = cache.lookup("filters", needle)
        if remembered is not None:
            view = remembered
        else:
            view = filter_indices(candidates if candidates is not None else order, haystacks=haystacks, query=typed)
            cache.remember("filters", needle, view)
        assert view == filter_indices(order, haystacks=haystacks, query=typed), typed
