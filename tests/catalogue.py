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
from typing import Literal

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
# the bidi embedding/override/isolate controls, and lone surrogates.
FORBIDDEN_CHARS = frozenset(
    [chr(c) for c in range(0x00, 0x20) if c not in (0x09, 0x0A)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
    + [chr(c) for c in range(0xD800, 0xE000)]  # lone surrogates: not text, cannot be encoded
)


@dataclass(frozen=True)
class BadInput:
    """One catalogue entry: how to build it, what a correct program does, what it needs."""

    name: str
    description: str
    build: Callable[[Path], Path]
    expect: Expect
    needs: str | None = None  # "html": skip until the HTML parser exists; "root-drop", "fifo"
    args: tuple[str, ...] = ()  # extra `liveblog export` arguments
    large: bool = False  # slow to build and parse: built once per test session


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
    ]


# Entries known to fail on main (strict xfail in test_catalogue); empty since the 15:00 fixes
# (html.py zone counting, html_body.py URL controls, mhtml.py raw headers).
KNOWN_FAILING: dict[str, str] = {}


CATALOGUE: tuple[BadInput, ...] = tuple(_cat())
BY_NAME: dict[str, BadInput] = {entry.name: entry for entry in CATALOGUE}


def build_all(folder: Path, *, include_large: bool = False) -> dict[str, Path]:
    """Build every catalogue entry under `folder` (one sub-folder each); return name -> path."""
    paths: dict[str, Path] = {}
    for entry in CATALOGUE:
        if entry.large and not include_large:
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
