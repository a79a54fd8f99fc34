"""The Guardian's CMS JSON (`.json?dcr` model): blocks become updates, key events do not."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

try:
    from tests.catalogue import cms_block
except ImportError:
    from catalogue import cms_block

from parsers.errors import InputError
from parsers.extract.cms_json import parse_guardian_json
from parsers.options import ParseOptions
from parsers.pipeline import parse_bytes
from parsers.read.detect import detect_format

URL = "https://www.theguardian.com/politics/live/2024/jan/10/example-live"


block = cms_block  # one block: text, an image with a caption, a rich link


def document() -> bytes:
    # 1704888000000 ms = 2024-01-10T12:00:00Z (GMT in January).
    blocks = [
        block("b2", 1704888000000, "12.00\u00a0GMT", "Vote passes", "<p>The bill passed by 20 votes.</p>"),
        block("b1", 1704884400000, "11.00\u00a0GMT", None,
              "<p>MPs are voting now.</p><blockquote><p>It is a good bill.</p></blockquote>"),
    ]
    model = {
        "headline": "Politics live", "standfirst": "<p>All the news from Westminster.</p>",
        "pinnedPost": blocks[1], "keyEvents": blocks, "blocks": blocks,
        "canonicalUrl": URL, "webPublicationDate": "2024-01-10T12:05:00.000Z",
    }
    return json.dumps(model).encode()


def test_blocks_become_updates_and_copies_do_not() -> None:
    data = document()
    assert detect_format(data).name == "guardian-json"
    blog = parse_bytes(data, "live.json")
    assert blog.source.format == "guardian-json"
    assert blog.source.publisher == "The Guardian"
    assert blog.title == "Politics live"
    assert blog.intro == "All the news from Westminster."
    assert [(u.time, u.headline) for u in blog.updates] == [("12:00", "Vote passes"), ("11:00", None)]
    first, second = blog.updates
    assert first.datetime == datetime.fromisoformat("2024-01-10T12:00:00+00:00")
    assert first.paragraphs == ("The bill passed by 20 votes.",)
    assert first.captions == ("The Commons. Photograph: PA",)
    assert first.links[0].url == "https://www.theguardian.com/politics/x"
    assert first.author == "Ann Lee"
    assert second.quotes[0].text == "It is a good bill."


@pytest.mark.parametrize("data", [b'{"blockFirstPublished": 1, "blocks": "x"}', b'{"blockFirstPublished": 1,'])
def test_bad_json_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError):
        parse_guardian_json(data, "bad.json", ParseOptions())
