"""The HTTP `charset` of a fetched page, applied before the parsers see its bytes.

Parsers take bytes and trust a BOM, then the page's own declaration, then UTF-8. A server's
`Content-Type` charset is transport information the parsers never see, and it is often wrong
(a UTF-8 page served as ISO-8859-1). It is used only where the page cannot speak for itself.
"""

from __future__ import annotations

from email.message import Message

from parsers.extract.html.dom import declared_encoding
from parsers.read.input import bom_encoding, declared_codec


def header_charset(content_type: str | None) -> str | None:
    """Return the `charset` parameter of a Content-Type header value, or None."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    return charset.strip() if isinstance(charset, str) and charset.strip() else None


def bytes_for_parser(body: bytes, content_type: str | None) -> bytes:
    """Return `body` ready for the parsers: re-encoded as UTF-8 only when the header's charset must decide.

    That is when the page has no BOM and declares no encoding itself, is not valid UTF-8
    (valid UTF-8 served as another charset is UTF-8 mislabelled), and decodes with the
    header's charset. Otherwise `body` is returned as it is.
    """
    charset = header_charset(content_type)
    codec = declared_codec(charset) if charset else None
    if codec is None or codec in ("utf-8", "ascii") or bom_encoding(body) or declared_encoding(body):
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return body
    try:
        return body.decode(codec).encode("utf-8")
    except (UnicodeError, LookupError):
        return body
