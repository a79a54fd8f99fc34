"""Finding a blog page's links to its own older pages (`parsers/extract/html/pagination.py`)."""

from __future__ import annotations

from parsers.extract.html.pagination import older_page_links, page_number

HERE = "https://news.example.net/live/storm"


def links(body: str, url: str = HERE) -> list[str]:
    return older_page_links(f"<html><head></head><body>{body}</body></html>".encode(), url)


def test_rel_next_comes_first_then_older_posts_words_then_the_next_page_number() -> None:
    body = ('<a href="/live/storm?page=2">2</a><a href="/live/storm/archive">Older posts »</a>'
            '<a rel="next" href="/live/storm/p2">Next</a>')
    assert links(body) == ["https://news.example.net/live/storm/p2", "https://news.example.net/live/storm/archive",
                           "https://news.example.net/live/storm?page=2"]


def test_link_element_in_head_and_words_in_other_languages() -> None:
    page = b'<html><head><link rel="next prefetch" href="?page=2"></head><body><p>x</p></body></html>'
    assert older_page_links(page, HERE) == ["https://news.example.net/live/storm?page=2"]
    assert links('<a href="/alt">\u00c4ltere Beitr\u00e4ge</a>') == ["https://news.example.net/alt"]


def test_other_sites_schemes_fragments_and_the_page_itself_are_never_links() -> None:
    body = ('<a rel="next" href="https://ads.example.com/next">Older posts</a>'
            '<a href="http://news.example.net/live/storm?page=2">Older posts</a>'  # other scheme: other site
            '<a href="javascript:load()">Older posts</a><a href="#older">Older posts</a>'
            '<a href="/live/storm#top">Older posts</a><a href="/live/other?page=2">2</a>')
    assert links(body) == []


def test_page_numbers_in_the_query_or_the_path() -> None:
    assert page_number("https://x.test/live?page=3") == 3
    assert page_number("https://x.test/live/page/4/") == 4
    assert page_number("https://x.test/live") is None
    assert links('<a href="/live/storm/page/2">2</a>', HERE) == ["https://news.example.net/live/storm/page/2"]
    assert links('<a href="?page=3">3</a><a href="?page=5">5</a>', HERE + "?page=2") == [
        "https://news.example.net/live/storm?page=3"]


def test_base_href_resolves_relative_links_and_bad_pages_have_none() -> None:
    page = b'<html><head><base href="https://news.example.net/x/"></head><body><a href="old">Older</a></body></html>'
    assert older_page_links(page, HERE) == ["https://news.example.net/x/old"]
    assert older_page_links(b"", HERE) == [] and older_page_links(b"\x00\x01\xff" * 40, HERE) == []
