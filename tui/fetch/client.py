"""One HTTP GET with every limit the reader promises, on httpx.

What a request may do: only http and https; at most `MAX_REDIRECTS` redirects, each to
http(s) again; connect and read timeouts plus a deadline for the whole response (httpx's
timeouts are per socket operation, so a body dribbled a byte at a time would never time
out); a size limit on the *decompressed* body, checked while it streams, so a gzip bomb
stops at the limit holding at most the limit in memory. Conditional requests
(`If-None-Match`, `If-Modified-Since`) make an unchanged page a cheap 304.

Bodies are decompressed here rather than by httpx, because httpx inflates each network chunk
whole (a 64 KB chunk of a gzip bomb becomes 64 MB at once, and a hundred bytes of brotli can
hold 64 MB of zeros): zlib's `max_length` and brotli's `output_buffer_limit` (brotli 1.2 and
later) bound every step, so gzip, deflate and br bodies all stop at the limit the same way.
"""

from __future__ import annotations

import asyncio
import errno
import socket
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from typing import Protocol

import brotli  # untyped: used through `_BrotliDecoder`
import httpx

from parsers.errors import LiveBlogError

MAX_REDIRECTS = 5
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 20.0
DEFAULT_TOTAL_TIMEOUT = 60.0
ACCEPT_ENCODING = "gzip, deflate, br"
# The content codings `_Inflater` decodes (a single one; "identity" is no coding).
CODINGS = ("gzip", "x-gzip", "deflate", "br")
_STEP = 1 << 20  # most bytes one decompression step may produce
WEB_SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)


# Hosts no proxy can reach for us: requests to them always go direct.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def new_client() -> httpx.AsyncClient:
    """Return the HTTP client for fetches: the proxy environment variables are honoured, except for loopback."""
    return httpx.AsyncClient(mounts={f"all://{host}": None for host in LOOPBACK_HOSTS})


def user_agent() -> str:
    """Return the User-Agent: the app's name and version, and what it is."""
    try:
        version = metadata.version("liveblog-reader")
    except metadata.PackageNotFoundError:
        version = "0"
    return f"liveblog-reader/{version} (terminal live-blog reader; polls one page)"


def is_web_url(text: str) -> bool:
    """Return True when `text` is an absolute http or https URL with a host."""
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, TypeError):
        return False
    return url.scheme in WEB_SCHEMES and bool(url.host)


def host_of(url: str) -> str:
    """Return the host (with a non-default port) of `url`, for messages; the URL itself if it has none."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return url
    if not parsed.host:
        return url
    return f"{parsed.host}:{parsed.port}" if parsed.port else parsed.host


class FetchError(LiveBlogError):
    """A fetch failed. `reason` is short ("HTTP 500", "connection refused"); the message names the host.

    `retry_after` is the server's `Retry-After`, in seconds, when it sent one.
    """

    def __init__(self, url: str, reason: str, retry_after: float | None = None) -> None:
        self.url = url
        self.host = host_of(url)
        self.reason = reason
        self.retry_after = retry_after
        super().__init__(f"{self.host}: {reason}")


@dataclass(slots=True, frozen=True)
class Limits:
    """How much one fetch may cost: body size after decompression, and time."""

    max_bytes: int = 256 * 1024 * 1024
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT


@dataclass(slots=True, frozen=True)
class Validators:
    """What the server said identifies its last version: sent back to get a 304 when unchanged."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """Return the conditional-request headers for these validators (none when both are unset)."""
        found: dict[str, str] = {}
        if self.etag:
            found["If-None-Match"] = self.etag
        if self.last_modified:
            found["If-Modified-Since"] = self.last_modified
        return found


@dataclass(slots=True, frozen=True)
class Fetched:
    """One response: a page (`body`), or `not_modified` (a 304: the last body still stands)."""

    url: str  # the URL after redirects
    body: bytes
    content_type: str | None
    validators: Validators
    not_modified: bool = False
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Return the seconds a `Retry-After` header value asks to wait, or None if absent or unreadable.

    Accepts delta-seconds ("120") or an HTTP date; a date in the past gives 0.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdecimal():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _BrotliDecoder(Protocol):
    """What the client uses of `brotli.Decompressor` (the package ships no type hints)."""

    def process(self, data: bytes, output_buffer_limit: int = ...) -> bytes: ...

    def can_accept_more_data(self) -> bool: ...

    def is_finished(self) -> bool: ...


class _Inflater:
    """Decompresses a body as it streams, about `_STEP` bytes at most per step, counting the output."""

    def __init__(self, encoding: str, url: str, max_bytes: int) -> None:
        self.url = url
        self.max_bytes = max_bytes
        self.size = 0
        self.parts: list[bytes] = []
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip() and c.strip().lower() != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in CODINGS):
            raise FetchError(url, f"unsupported content encoding {encoding!r}")
        self.coding = codings[0] if codings else None
        self._zlib = self._decompressor()
        self._brotli: _BrotliDecoder | None = brotli.Decompressor() if self.coding == "br" else None

    def _decompressor(self, raw_deflate: bool = False) -> zlib._Decompress | None:
        if self.coding is None or self.coding == "br":
            return None
        if self.coding in ("gzip", "x-gzip"):
            return zlib.decompressobj(zlib.MAX_WBITS | 16)
        return zlib.decompressobj(-zlib.MAX_WBITS if raw_deflate else zlib.MAX_WBITS)

    def _room(self) -> int:
        """Return the most output the next step may produce: one byte past the limit tells it was passed."""
        return min(_STEP, self.max_bytes - self.size + 1)

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            from parsers.read.input import format_size

            raise FetchError(self.url, f"page larger than {format_size(self.max_bytes)} (--max-size) once decompressed")
        if data:
            self.parts.append(data)

    def feed(self, chunk: bytes) -> None:
        """Add a chunk of the raw body. Raises `FetchError` past the size limit or on corrupt data."""
        if self._brotli is not None:
            self._feed_brotli(self._brotli, chunk)
            return
        if self._zlib is None:
            self._keep(chunk)
            return
        try:
            pending = chunk
            while pending and not self._zlib.eof:
                try:
                    out = self._zlib.decompress(pending, self._room())
                except zlib.error:
                    if self.coding == "deflate" and self.size == 0 and not self.parts:
                        # "deflate" is meant to be zlib-wrapped, but some servers send it raw.
                        self._zlib = self._decompressor(raw_deflate=True)
                        assert self._zlib is not None
                        out = self._zlib.decompress(pending, self._room())
                    else:
                        raise
                self._keep(out)
                pending = self._zlib.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(self.url, f"undecodable {self.coding} body ({exc})") from None

    def _feed_brotli(self, decoder: _BrotliDecoder, chunk: bytes) -> None:
        """Decode a chunk of a brotli body, one bounded step at a time.

        Past `output_buffer_limit` the decoder keeps the rest of its output for the next calls,
        made with no input until it can take more; bytes after the end of the stream are
        ignored, as they are after a gzip stream.
        """
        if decoder.is_finished():
            return
        try:
            self._keep(decoder.process(chunk, output_buffer_limit=self._room()))
            while not decoder.can_accept_more_data():
                out = decoder.process(b"", output_buffer_limit=self._room())
                if not out:  # no output and no room for input: a decoder that makes no progress
                    raise FetchError(self.url, "undecodable br body (the decoder stalled)")
                self._keep(out)
        except brotli.error as exc:
            raise FetchError(self.url, f"undecodable br body ({exc})") from None

    def _drain_brotli(self, decoder: _BrotliDecoder) -> None:
        """Take the output a brotli decoder still holds once the input has ended, bounded like the rest."""
        try:
            while not decoder.is_finished():
                out = decoder.process(b"", output_buffer_limit=self._room())
                if not out:
                    return  # it needs input that never came: truncated
                self._keep(out)
        except brotli.error as exc:
            raise FetchError(self.url, f"undecodable br body ({exc})") from None

    def finish(self) -> bytes:
        """Return the whole decompressed body. Raises `FetchError` when compressed data ended early."""
        if self._zlib is not None and not self._zlib.eof:
            raise FetchError(self.url, f"truncated {self.coding} body")
        if self._brotli is not None:
            self._drain_brotli(self._brotli)
            if not self._brotli.is_finished():
                raise FetchError(self.url, "truncated br body")
        return b"".join(self.parts)


def _causes(exc: BaseException) -> list[BaseException]:
    """Return `exc` and the exceptions it was raised from or during, innermost last (at most 10)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _reason(exc: httpx.HTTPError) -> str:
    """Return a short reason for an httpx failure, for the status line and stderr."""
    if isinstance(exc, httpx.ConnectTimeout):
        return "connection timed out"
    if isinstance(exc, httpx.ReadTimeout):
        return "timed out waiting for the server"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, httpx.ConnectError):
        causes = _causes(exc)
        if any(isinstance(c, ConnectionRefusedError) or getattr(c, "errno", None) == errno.ECONNREFUSED
               for c in causes):
            return "connection refused"
        if any(isinstance(c, socket.gaierror) or "name or service" in str(c).lower() for c in causes):
            return "host not found"
        return "cannot connect"
    if isinstance(exc, httpx.RemoteProtocolError):
        text = str(exc).lower()
        if "location header" in text:
            return "redirect to a malformed URL"
        if "incomplete" in text or "without sending complete" in text or "closed" in text:
            return "truncated response (the connection closed early)"
        return "malformed response"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return "only http and https URLs are fetched"
    if isinstance(exc, httpx.InvalidURL):
        return "not a valid URL"
    return exc.__class__.__name__


async def fetch(
    client: httpx.AsyncClient, url: str, validators: Validators | None = None, limits: Limits | None = None
) -> Fetched:
    """GET `url` with `client` and return the response. Raises `FetchError` for every failure.

    Follows up to `MAX_REDIRECTS` redirects, each to http or https only. A status other than
    200 or 304 is a failure (with the server's `Retry-After`, if any). The whole exchange,
    body included, must finish within `limits.total_timeout`.
    """
    limits = limits or Limits()
    try:
        async with asyncio.timeout(limits.total_timeout):
            return await _fetch(client, url, validators or Validators(), limits)
    except TimeoutError:
        raise FetchError(url, f"timed out after {limits.total_timeout:g} s") from None


async def _fetch(client: httpx.AsyncClient, url: str, validators: Validators, limits: Limits) -> Fetched:
    if not is_web_url(url):
        raise FetchError(url, "only http and https URLs are fetched")
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    headers = {"User-Agent": user_agent(), "Accept-Encoding": ACCEPT_ENCODING,
               "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5", **validators.headers()}
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            async with client.stream("GET", current, headers=headers, timeout=timeout,
                                     follow_redirects=False) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    target = response.url.join(response.headers["location"])
                    if target.scheme not in WEB_SCHEMES:
                        raise FetchError(url, f"redirect to a {target.scheme}: URL refused (http and https only)")
                    current = str(target)
                    continue
                return await _read(response, url, limits)
        except httpx.HTTPError as exc:
            raise FetchError(current, _reason(exc)) from None
        except httpx.InvalidURL:  # not an HTTPError: a Location that is no URL
            raise FetchError(current, "redirect to a malformed URL") from None
    raise FetchError(url, f"too many redirects (more than {MAX_REDIRECTS})")


async def _read(response: httpx.Response, url: str, limits: Limits) -> Fetched:
    """Return the `Fetched` for a final (non-redirect) response, reading its body within the limits."""
    found = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
    final = str(response.url)
    if response.status_code == 304:
        return Fetched(final, b"", response.headers.get("content-type"), found, not_modified=True)
    if response.status_code != 200:
        raise FetchError(url, f"HTTP {response.status_code}", parse_retry_after(response.headers.get("retry-after")))
    declared = response.headers.get("content-length", "")
    if response.headers.get("content-encoding") is None and declared.isdecimal() and int(declared) > limits.max_bytes:
        from parsers.read.input import format_size

        raise FetchError(url, f"page larger than {format_size(limits.max_bytes)} (--max-size)")
    inflater = _Inflater(response.headers.get("content-encoding", ""), url, limits.max_bytes)
    async for chunk in response.aiter_raw():
        inflater.feed(chunk)
    return Fetched(final, inflater.finish(), response.headers.get("content-type"), found)
