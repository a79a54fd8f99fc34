"""Malformed and hostile HTML: every case gives a clean result or an `InputError`, never a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.errors import InputError
from parsers.extract.html.jsonld import MAX_JSON_DEPTH, iter_objects, load_json, prune_deep_json
from parsers.extract.html.page import parse_html
from parsers.model import LiveBlog
from parsers.options import ParseOptions
from parsers.pipeline import parse_bytes
from parsers.read.detect import detect_format

OPTIONS = ParseOptions()


def parse(markup: str | bytes) -> LiveBlog:
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    return parse_html(data, "page.html", OPTIONS)


def live_blog_json(updates: object) -> str:
    return json.dumps({"@context": "https://schema.org", "@type": "LiveBlogPosting",
                       "headline": "Test blog", "liveBlogUpdate": updates})


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deep_nesting_keeps_the_text_on_both_sides(depth: int) -> None:
    markup = ("<html><head><title>Deep</title></head><body><article><p>Before the deep part.</p>"
              + "<div>" * depth + "<p>Deep inside.</p>" + "</div>" * depth
              + "<p>After the deep part.</p></article></body></html>")
    blog = parse(markup)
    paragraphs = blog.updates[0].paragraphs
    assert paragraphs == ("Before the deep part.", "Deep inside.", "After the deep part.")
    assert any("flattened" in w for w in blog.warnings)


def test_deeply_nested_live_entries_still_parse() -> None:
    entries = "".join(
        f'<div class="entry"><time datetime="2024-05-01T1{i}:00:00Z">1{i}:00</time><h2>Entry {i}</h2>'
        + "<span>" * 3000 + f"<p>Body {i}</p>" + "</span>" * 3000 + "</div>"
        for i in range(3)
    )
    blog = parse(f"<html><body><div class='stream'>{entries}</div></body></html>")
    assert blog.updates  # a clean result; how much survives the flattening is secondary


def test_unclosed_script_swallows_nothing_it_should_not_show() -> None:
    blog = parse('<html><head><title>T</title></head><body><p>Visible text here.</p>'
                 '<script>var secret = "hidden"; function x() {')
    text = " ".join(p for u in blog.updates for p in u.paragraphs)
    assert "Visible text here." in text
    assert "secret" not in text and "function" not in text


def test_unclosed_tags_everywhere() -> None:
    blog = parse("<html><body><div class=stream><div class=e><time datetime='2024-05-01T10:00:00Z'>10:00</time>"
                 "<h3>One<p>First body<div class=e><time datetime='2024-05-01T11:00:00Z'>11:00</time><h3>Two<p>Second")
    assert blog.updates
    assert all(u.headline or u.paragraphs for u in blog.updates)


@pytest.mark.parametrize("markup", [
    b"",
    b"   \n\t ",
    b"<html></html>",
    b"<html><head><title></title></head><body></body></html>",
    b"<html><body><script>only script</script><style>p{}</style></body></html>",
])
def test_empty_bodies_are_a_clean_error(markup: bytes) -> None:
    with pytest.raises(InputError):
        parse(markup)


def test_page_that_is_only_json_ld() -> None:
    data = ('<script type="application/ld+json">' + live_blog_json([
        {"@type": "BlogPosting", "headline": "Only update", "datePublished": "2024-05-01T10:00:00+01:00",
         "articleBody": "Just this."}]) + "</script>").encode()
    assert detect_format(data).name == "html"
    blog = parse_bytes(data, "only-jsonld.html")
    assert [(u.time, u.headline, u.paragraphs) for u in blog.updates] == [("10:00", "Only update", ("Just this.",))]


@pytest.mark.parametrize("script", [
    "{not json",
    "[" * 100_000 + "]" * 100_000,
    '{"@type": "LiveBlogPosting", "liveBlogUpdate": "not a list"}',
    '{"@type": "LiveBlogPosting", "liveBlogUpdate": [1, null, "x", {"@type": "BlogPosting"}]}',
    '{"@type": 42, "@graph": {"@graph": {"@graph": []}}}',
    '{"@id": "#a", "about": {"@id": "#b"}, "@type": "LiveBlogPosting", "liveBlogUpdate": [{"@id": "#a"}]}',
    '{"@type": "LiveBlogPosting", "liveBlogUpdate": [{"headline": "x", "datePublished": "99999-99-99"}]}',
])
def test_invalid_json_ld_never_raises(script: str) -> None:
    markup = (f'<html><head><script type="application/ld+json">{script}</script></head>'
              "<body><article><p>Some readable article text for the fallback path.</p></article></body></html>")
    blog = parse(markup)
    assert blog.updates


def test_huge_json_ld_is_handled() -> None:
    updates = [{"@type": "BlogPosting", "headline": f"Update {i}", "url": f"https://x.example/live#p{i:06d}",
                "datePublished": f"2024-05-01T{i // 60 % 24:02d}:{i % 60:02d}:00Z", "articleBody": "Body text."}
               for i in range(20_000)]
    markup = f'<html><head><script type="application/ld+json">{live_blog_json(updates)}</script></head></html>'
    blog = parse(markup)
    assert len(blog.updates) == 20_000


def test_json_walk_is_bounded() -> None:
    deep: object = {}
    for _ in range(50_000):
        deep = {"a": deep}
    assert sum(1 for _ in iter_objects(deep)) == 50_001
    # Too deep for the json module: the nesting below MAX_JSON_DEPTH is cut off (null), not raised.
    value = load_json("[" * 200_000 + "]" * 200_000)
    depth = 0
    while isinstance(value, list) and value:
        value, depth = value[0], depth + 1
    assert (depth, value) == (MAX_JSON_DEPTH, None)


def test_pruning_deep_json_keeps_strings_and_shallow_values() -> None:
    text = json.dumps({"s": "a ]}[{ \" quote", "deep": [[[[1]]]], "n": [1, {"k": "v"}]})
    assert json.loads(prune_deep_json(text, 3)) == {"s": "a ]}[{ \" quote", "deep": [[None]], "n": [1, {"k": "v"}]}
    assert prune_deep_json(text, 10) == text


def test_one_deep_value_keeps_the_other_jsonld_updates() -> None:
    nested = '{"a":' * 3_000 + "1" + "}" * 3_000
    updates = [{"@type": "BlogPosting", "headline": f"Deep page update {i}", "articleBody": f"Body {i}.",
                "datePublished": f"2024-05-01T10:{i:02d}:00Z"} for i in range(3)]
    script = live_blog_json(updates)[:-1] + f', "about": {nested}}}'
    markup = f'<html><head><script type="application/ld+json">{script}</script></head><body></body></html>'
    assert [u.headline for u in parse(markup).updates] == [f"Deep page update {i}" for i in range(3)]


def test_binary_data_is_an_input_error() -> None:
    with pytest.raises(InputError):
        parse(b"<html>\x00\x01\x02\x03\x04\x05\x06\x07\x08" * 100)


def test_javascript_and_data_links_are_dropped() -> None:
    blog = parse('<html><body><article><p>Click <a href="javascript:alert(1)">here</a>, '
                 '<a href=" java&#x09;script:alert(1)">there</a>, <a href="data:text/html,x">data</a> '
                 'or <a href="/ok">a real page</a> for more of this text.</p></article>'
                 '<link rel="canonical" href="https://site.example/a/b"></body></html>')
    assert [link.url for link in blog.updates[0].links] == ["https://site.example/ok"]


def test_control_characters_and_escapes_are_cleaned() -> None:
    blog = parse("<html><body><article><p>Alert \x1b[31mred\x1b[0m text and a bell \x07 here, long enough."
                 "</p></article></body></html>")
    text = blog.updates[0].paragraphs[0]
    assert "\x1b" not in text and "\x07" not in text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<time datetime='2024-01-01T10:00:00Z'>", "</time>", "<h2>", "</h2>",
    "<script>", "</script>", "<blockquote class='twitter-tweet'>", "</blockquote>", "<a href='/x'>", "</a>",
    "text ", "12:30 ", "<article>", "</article>", "<!--", "-->", "<", ">", "&amp;", "<br>", "\x00",
    '<script type="application/ld+json">{"@type":"LiveBlogPosting","liveBlogUpdate":[{"headline":"h"}]}</script>',
]), max_size=60))
def test_random_markup_gives_a_result_or_an_input_error(pieces: list[str]) -> None:
    try:
        blog = parse("<html><body>" + "".join(pieces))
    except InputError:
        return
    assert all(u.headline or u.paragraphs or u.captions or u.quotes for u in blog.updates)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\n\r\u00a0\u2003\u3000\u200a\u2000\u1680ab\x1b["), max_size=30))
def test_clean_inline_fast_path_matches_the_regex(text: str) -> None:
    """clean_inline's skip of the space-collapsing regex never changes its result."""
    from parsers.normalise.clean import _SPACES, clean_inline, clean_text

    assert clean_inline(text) == _SPACES.sub(" ", clean_text(text).replace("\n", " ")).strip()
