"""MHTML ("save as single file") archives: the HTML part is found, decoded and parsed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from parsers.errors import InputError
from parsers.extract.mhtml import parse_mhtml
from parsers.options import ParseOptions
from parsers.pipeline import parse_bytes
from parsers.read.detect import detect_format

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


def test_mhtml_fixture_is_detected_and_parsed() -> None:
    data = (FIXTURES / "saved.mhtml").read_bytes()
    assert detect_format(data).name == "mhtml"
    blog = parse_bytes(data, "saved.mhtml")
    assert blog.source.format == "mhtml"
    assert blog.source.url == "https://city.example.de/bridge-live"
    assert blog.title == "Bridge opening live"
    assert [(u.time, u.headline) for u in blog.updates] == [("11:20", "First cars cross"), ("10:05", "Crowds gather")]
    # Quoted-printable UTF-8 decoded: the en dash and curly quotes survive.
    assert blog.updates[0].paragraphs == ("The ribbon was cut at 11:15 – crowds cheered “at last”.",)
    assert blog.updates[1].datetime == datetime.fromisoformat("2024-09-14T10:05:00+02:00")


def _archive(part: bytes, content_type: str = "text/html", encoding: str = "base64") -> bytes:
    return (
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n"
        + f"Content-Type: {content_type}\r\nContent-Transfer-Encoding: {encoding}\r\n\r\n".encode()
        + part + b"\r\n--B--\r\n"
    )


def test_base64_html_part_with_latin1_charset() -> None:
    import base64

    page = "<html><body><div class='s'><div class='e'><time datetime='2024-01-02T09:00:00Z'>09:00</time>" \
           "<h2>Café opens</h2><p>Crème brûlée for all.</p></div>" \
           "<div class='e'><time datetime='2024-01-02T08:00:00Z'>08:00</time><h2>Queue</h2><p>Long.</p></div>" \
           "</div></body></html>"
    data = _archive(base64.encodebytes(page.encode("latin-1")), "text/html; charset=iso-8859-1")
    blog = parse_mhtml(data, "x.mhtml", ParseOptions())
    assert blog.updates[0].headline == "Café opens"
    assert blog.updates[0].paragraphs == ("Crème brûlée for all.",)


@pytest.mark.parametrize("data", [
    _archive(b"Ym9keSB7fQ==", "text/css"),
    _archive(b"", "text/html"),
    b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\nno parts at all",
])
def test_archive_without_a_usable_html_part_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError):
        parse_mhtml(data, "x.mhtml", ParseOptions())
