"""Reading input files safely and decoding their bytes.

`read_input` is the only place that touches the file system for an article. It never
opens anything but a regular file (a FIFO would block), never writes, and turns every
failure into an `InputError` with a one-line message.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat

from parsers.errors import InputError
from parsers.normalise.clean import clean_text, clean_utf8_with_rest

DEFAULT_MAX_BYTES = 256 * 1024 * 1024

# Leading bytes of common binary formats, so the error can say what the file is.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"%PDF-", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"\x7fELF", "an executable"),
    (b"RIFF", "a RIFF media file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def format_size(n: int) -> str:
    """Return a byte count as a short human string such as "256 MB"."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def read_input(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Return the bytes of the regular file at `path`, refusing anything else.

    Raises `InputError` for a missing path, a directory, a FIFO or device, a symlink loop,
    an unreadable file, an empty file, or a file larger than `max_bytes`.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(path, "symbolic link loop") from None
        raise InputError(path, exc.strerror or "cannot be read") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(path, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, "is not a regular file (a FIFO, socket or device)")
    if info.st_size > max_bytes:
        raise InputError(
            path,
            f"file is {format_size(info.st_size)}, over the {format_size(max_bytes)} limit "
            "(raise it with --max-size)",
        )
    try:
        # O_NONBLOCK: if the path was swapped for a FIFO after the stat, do not hang on it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(path, "is not a regular file (a FIFO, socket or device)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            # Ask for the size on disk (plus one byte, to notice growth), not for the limit:
            # read(n) allocates n bytes up front, 256 MB for every small file.
            data = handle.read(min(info.st_size, max_bytes) + 1)
            if len(data) > info.st_size:  # the file grew after the stat: read up to the limit
                data += handle.read(max_bytes + 1 - len(data))
    except OSError as exc:
        raise InputError(path, exc.strerror or "cannot be read") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise InputError(path, f"file is over the {format_size(max_bytes)} limit (raise it with --max-size)")
    # isspace, not strip: strip would copy a 200 MB file just to test it.
    if not data or data.isspace():
        raise InputError(path, "file is empty")
    return data


def bom_encoding(data: bytes) -> str | None:
    """Return the encoding named by a byte-order mark at the start of `data`, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def binary_kind(data: bytes) -> str | None:
    """Return a description of `data` if it looks like binary rather than text, else None.

    Known signatures are named; otherwise a sample with many control bytes is "binary data".
    Text with a UTF-16/32 BOM is not binary.
    """
    if bom_encoding(data):
        return None
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if controls > max(2, len(sample) // 20):
        return "binary data"
    return None


def _decode_mixed(data: bytes) -> str | None:
    """Decode line by line as UTF-8, falling back to Windows-1252 per line; None if a line fits neither."""
    out: list[str] = []
    for line in data.splitlines(keepends=True):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            try:
                out.append(line.decode("cp1252"))
            except UnicodeDecodeError:
                return None
    return "".join(out)


# Declared encodings never honoured. A page declaring UTF-16/32 has no BOM (or the BOM would
# have decided): browsers read it as UTF-8 (WHATWG). The rest are not page encodings at all:
# UTF-7 and the escape codecs turn ASCII into other characters, and "undefined" always fails.
_REFUSED_DECLARED = frozenset(
    {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7", "unicode-escape",
     "raw-unicode-escape", "punycode", "idna", "undefined", "mbcs", "oem"}
)


def declared_codec(declared: str) -> str | None:
    """Return the Python codec name for an encoding a page declares, or None if it is not honoured.

    Accepts any str (a page's `<meta charset>` or a MIME charset). None for unknown names,
    names Python cannot look up (NUL bytes), bytes-to-bytes codecs such as "base64" or
    "rot13", and the encodings in `_REFUSED_DECLARED`.
    """
    try:
        info = codecs.lookup(declared)
    except (LookupError, ValueError, TypeError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED_DECLARED:
        return None
    return info.name


def _decode_with_bom(data: bytes, encoding: str) -> str:
    """Decode `data`, which starts with the byte-order mark of `encoding`, dropping the mark."""
    codec = "utf-8-sig" if encoding == "utf-8" else encoding.rsplit("-", 1)[0]  # "utf-16" reads its BOM
    return data.decode(codec).lstrip("\ufeff")


def decode_bytes(data: bytes, path: str, declared: str | None = None) -> tuple[str, str | None]:
    """Decode article bytes to str and return ``(text, warning_or_None)``.

    Order of trust: a BOM, then a `declared` encoding (from HTML meta), then UTF-8, then
    Windows-1252 line by line for mixed files. Raises `InputError` for binary data or bytes
    that no candidate encoding decodes.
    """
    kind = binary_kind(data)
    if kind:
        raise InputError(path, f"looks like {kind}, not a text or HTML live blog")
    bom = bom_encoding(data)
    if bom:
        # FF FE 00 00 is the UTF-32-LE mark but also UTF-16-LE text starting with NUL: when
        # UTF-32 does not decode, try UTF-16 before giving up.
        candidates = [bom, "utf-16-le"] if bom == "utf-32-le" else [bom]
        for encoding in candidates:
            try:
                return _decode_with_bom(data, encoding), None
            except UnicodeDecodeError:
                continue
        raise InputError(path, f"undecodable bytes for its {bom} byte-order mark")
    codec = declared_codec(declared) if declared else None
    if codec and codec not in ("utf-8", "ascii"):
        try:
            return data.decode(codec), None
        except (UnicodeError, LookupError):
            pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    mixed = _decode_mixed(data)
    if mixed is None:
        raise InputError(path, f"undecodable bytes (not UTF-8 or Windows-1252) near byte {first_bad}")
    return mixed, f"{path}: not valid UTF-8; decoded as Windows-1252 where needed"


def decode_clean_text(data: bytes, path: str) -> tuple[str, str | None, str | None]:
    """Return ``(clean_text(text), warning, rest)`` for ``(text, warning) = decode_bytes(data, path)``.

    Plain UTF-8 (no BOM), the usual case, is decoded and cleaned in one step by
    `clean_utf8_with_rest`, which skips the work clean text does not need; `rest` is then the
    characters of `data` other than printable ASCII, tab, newline and carriage return (None
    when not gathered, or for other encodings). Raises `InputError` as `decode_bytes` does.
    """
    if bom_encoding(data) is None and binary_kind(data) is None:
        try:
            text, rest = clean_utf8_with_rest(data)
        except UnicodeDecodeError:
            pass  # not UTF-8: `decode_bytes` says why, or decodes it line by line
        else:
            return text, None, rest
    text, warning = decode_bytes(data, path)
    return clean_text(text), warning, None
