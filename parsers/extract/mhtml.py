"""The MHTML parser: a page saved "as a single file" (.mhtml/.mht) -> `LiveBlog`.

The archive is a MIME multipart/related message; Python's `email` package reads it, the
main HTML part is decoded (quoted-printable or base64, with the part's charset) and
handed to the HTML parser. The snapshot's URL stands in for a missing canonical URL.
"""

from __future__ import annotations

import email
import email.policy
from dataclasses import replace
from email.message import Message

from parsers.errors import InputError
from parsers.extract.html.body import safe_link
from parsers.extract.html.dom import decode_html
from parsers.extract.html.page import parse_html_text
from parsers.model import LiveBlog
from parsers.options import ParseOptions


def header_text(message: Message, name: str) -> str:
    """Return header `name` as stripped str ("" when absent); a raw non-ASCII header is a `Header` object."""
    value = message.get(name)
    return "" if value is None else str(value).strip()


def html_part(message: Message) -> Message | None:
    """Return the archive's main HTML part: the one at the snapshot location, else the first HTML part."""
    location = header_text(message, "Snapshot-Content-Location")
    first: Message | None = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_type() not in ("text/html", "application/xhtml+xml"):
            continue
        if location and header_text(part, "Content-Location") == location:
            return part
        if first is None:
            first = part
    return first


def parse_mhtml(data: bytes, path: str, options: ParseOptions) -> LiveBlog:
    """Parse MHTML bytes (the `FORMATS` entry point for "mhtml").

    Raises `InputError` if the archive holds no HTML part or the part cannot be decoded.
    """
    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
    except (ValueError, TypeError, IndexError, LookupError) as exc:
        raise InputError(path, f"not a readable MHTML archive ({exc})") from None
    part = html_part(message)
    if part is None:
        raise InputError(path, "MHTML archive holds no HTML page")
    try:
        payload = part.get_payload(decode=True)
    except (ValueError, TypeError, LookupError):
        payload = None
    if not isinstance(payload, bytes) or not payload.strip():
        raise InputError(path, "the HTML page in this MHTML archive is empty")
    charset = part.get_content_charset()
    text, warning = decode_html(payload, path, charset=charset)
    location = header_text(part, "Content-Location") or header_text(message, "Snapshot-Content-Location")
    fallback_url = safe_link(location, None)
    if fallback_url is not None and not fallback_url.lower().startswith(("http://", "https://")):
        fallback_url = None
    try:
        blog = parse_html_text(text, path, options, source_format="mhtml", fallback_url=fallback_url)
    except RecursionError:
        raise InputError(path, "HTML nested too deeply to parse") from None
    if warning:
        blog = replace(blog, warnings=(warning, *blog.warnings))
    return blog
