"""`extract_body`: paragraphs, captions, links and quotes of an element, in the order the reader sees them."""

from __future__ import annotations

from parsers.extract.html.body import Body, extract_body
from parsers.extract.html.dom import parse_fragment
from parsers.model import Link, Quote


def body_of(markup: str) -> Body:
    fragment = parse_fragment(markup)
    assert fragment is not None
    return extract_body(fragment, "https://example.com/live")


def test_quote_holds_only_the_paragraphs_kept_inside_it() -> None:
    body = body_of(
        "<p>Before.</p>"
        "<blockquote><p>First line.</p><p>Read more: another story</p><p>Second line.</p></blockquote>"
        "<p>After.</p>")
    assert body.paragraphs == ["Before.", "First line.", "Second line.", "After."]
    assert body.quotes == [Quote(text="First line. Second line.", speaker=None, cue=None)]


def test_nested_quotes_finish_inner_first() -> None:
    body = body_of(
        "<blockquote><p>Outer start.</p><blockquote><p>Inner.</p></blockquote><p>Outer end.</p></blockquote>")
    assert body.quotes == [Quote(text="Inner.", speaker=None, cue=None),
                           Quote(text="Outer start. Inner. Outer end.", speaker=None, cue=None)]


def test_tweet_attribution_becomes_the_speaker() -> None:
    body = body_of(
        '<blockquote class="twitter-tweet"><p>What a strike</p>\u2014 Fan Club (@fans) '
        '<a href="https://twitter.com/fans/status/1">May 5, 2024</a></blockquote>')
    assert len(body.quotes) == 1
    assert body.quotes[0].text == "What a strike"
    assert body.quotes[0].speaker == "Fan Club"
    # The sign-off line is the embed's furniture (issue 18), not a paragraph of the post.
    assert body.paragraphs == ["What a strike"]


def test_captions_once_each_and_links_cleaned() -> None:
    body = body_of(
        "<figure><figcaption>Crowds\u00a0in  the square</figcaption></figure>"
        "<figure><figcaption>Crowds in the square</figcaption></figure>"
        "<p>See <a href='/a'>the\r\n  report</a> and <a href='/a'>again</a>.</p>")
    assert body.captions == ["Crowds in the square"]
    assert body.paragraphs == ["See the report and again."]
    assert body.links == [Link(url="https://example.com/a", text="the report")]
