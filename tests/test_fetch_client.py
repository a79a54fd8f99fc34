"""The HTTP client against a loopback server: limits, faults, conditional requests, headers."""

from __future__ import annotations

import asyncio
import gzip
import socket
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import brotli
import pytest
from loopback import LoopbackServer, blog_page, brotli_bomb, gzip_bomb, send

from tui.fetch.client import (
    Fetched,
    FetchError,
    Limits,
    Validators,
    fetch,
    new_client,
    parse_retry_after,
    user_agent,
)

PAGE = blog_page([("10:15", "Trains cancelled", "Southern has cancelled all services.")])
FAST = Limits(max_bytes=1 << 20, connect_timeout=2, read_timeout=0.5, total_timeout=3)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running


def get(url: str, validators: Validators | None = None, limits: Limits = FAST) -> Fetched:
    async def run() -> Fetched:
        async with new_client() as client:
            return await fetch(client, url, validators, limits)

    return asyncio.run(run())


def failure(url: str, limits: Limits = FAST) -> FetchError:
    with pytest.raises(FetchError) as caught:
        get(url, limits=limits)
    return caught.value


def test_page_is_fetched_with_the_apps_user_agent_and_gzip_deflate_or_brotli(server: LoopbackServer) -> None:
    server.page("/live", PAGE)
    fetched = get(server.url("/live"))
    assert fetched.body == PAGE and not fetched.not_modified
    assert fetched.validators.etag and fetched.validators.last_modified == "Sat, 02 Nov 2024 10:00:00 GMT"
    headers = server.hits("/live")[0].headers
    assert headers["user-agent"] == user_agent() and user_agent().startswith("liveblog-reader/")
    assert headers["accept-encoding"] == "gzip, deflate, br"
    # Only the page: its stylesheet, script, image and iframe are never requested.
    assert [seen.path for seen in server.requests] == ["/live"]


def test_unchanged_page_is_a_304_through_if_none_match(server: LoopbackServer) -> None:
    server.page("/live", PAGE)
    first = get(server.url("/live"))
    again = get(server.url("/live"), first.validators)
    assert again.not_modified and again.body == b""
    sent = server.hits("/live")[1].headers
    assert sent["if-none-match"] == first.validators.etag
    assert sent["if-modified-since"] == "Sat, 02 Nov 2024 10:00:00 GMT"


def test_gzip_and_deflate_bodies_are_decompressed(server: LoopbackServer) -> None:
    server.routes["/gz"] = lambda h: send(h, 200, gzip.compress(PAGE),
                                          {"Content-Encoding": "gzip"})
    server.routes["/deflate"] = lambda h: send(h, 200, zlib.compress(PAGE), {"Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-15)
    raw_body = raw.compress(PAGE) + raw.flush()
    server.routes["/raw"] = lambda h: send(h, 200, raw_body, {"Content-Encoding": "deflate"})
    assert get(server.url("/gz")).body == PAGE
    assert get(server.url("/deflate")).body == PAGE
    assert get(server.url("/raw")).body == PAGE


def test_brotli_body_is_decompressed(server: LoopbackServer) -> None:
    packed = brotli.compress(PAGE)
    assert packed != PAGE and brotli.decompress(packed) == PAGE
    server.routes["/br"] = lambda h: send(h, 200, packed, {"Content-Encoding": "br", "Content-Type": "text/html"})
    assert get(server.url("/br")).body == PAGE
    # A body larger than one decoding step (1 MB) and than one network chunk, decoded whole.
    big = blog_page([(f"{h:02d}:{m:02d}", f"Entry {h}.{m}", "Text " * 2000) for h in range(24) for m in range(60)])
    assert len(big) > 10 << 20
    server.routes["/big-br"] = lambda h: send(h, 200, brotli.compress(big, quality=1), {"Content-Encoding": "br"})
    assert get(server.url("/big-br"), limits=Limits(max_bytes=64 << 20, read_timeout=5, total_timeout=20)).body == big


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_compression_bomb_stops_at_the_limit_without_holding_the_inflated_body(
    server: LoopbackServer, coding: str
) -> None:
    # 64 MB of zeros: about 64 KB gzipped, a few hundred bytes in brotli.
    bomb = gzip_bomb(64 << 20) if coding == "gzip" else brotli_bomb(64 << 20)
    assert len(bomb) < 100_000
    if coding == "br":
        assert len(brotli.decompress(bomb)) == 64 << 20
    server.routes["/bomb"] = lambda h: send(h, 200, bomb, {"Content-Encoding": coding})
    limits = Limits(max_bytes=4 << 20, read_timeout=5, total_timeout=20)
    tracemalloc.start()
    try:
        error = failure(server.url("/bomb"), limits)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.reason == "page larger than 4 MB (--max-size) once decompressed"
    assert str(error) == f"127.0.0.1:{server.port}: {error.reason}"
    # The limit plus one decoding step (1 MB asked; brotli's buffer may grow to about twice that) and the
    # compressed data, never 64 MB.
    assert peak < 16 << 20


def test_plain_body_over_the_limit_is_refused(server: LoopbackServer) -> None:
    server.routes["/big"] = lambda h: send(h, 200, b"x" * (2 << 20))
    assert "larger than 1 MB" in failure(server.url("/big")).reason


def test_server_error_carries_retry_after(server: LoopbackServer) -> None:
    server.routes["/down"] = lambda h: send(h, 503, b"busy", {"Retry-After": "120"})
    error = failure(server.url("/down"))
    assert (error.reason, error.retry_after) == ("HTTP 503", 120.0)
    server.routes["/500"] = lambda h: send(h, 500, b"oops")
    assert failure(server.url("/500")).reason == "HTTP 500"


def test_retry_after_as_a_date() -> None:
    from datetime import UTC, datetime

    now = datetime(2024, 11, 2, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Sat, 02 Nov 2024 10:01:30 GMT", now) == 90.0
    assert parse_retry_after("Sat, 02 Nov 2024 09:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None and parse_retry_after(None) is None


def test_server_that_never_answers_times_out(server: LoopbackServer) -> None:
    server.routes["/hang"] = lambda h: time.sleep(2)
    started = time.monotonic()
    assert failure(server.url("/hang")).reason == "timed out waiting for the server"
    assert time.monotonic() - started < 2


def test_body_dribbled_slowly_hits_the_total_deadline(server: LoopbackServer) -> None:
    def dribble(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        for _ in range(1000):  # each byte well inside the read timeout; the whole far beyond the deadline
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.1)

    server.routes["/slow"] = dribble
    limits = Limits(read_timeout=1, total_timeout=1.5)
    started = time.monotonic()
    assert failure(server.url("/slow"), limits).reason == "timed out after 1.5 s"
    assert time.monotonic() - started < 3


def test_truncated_body_is_a_failure(server: LoopbackServer) -> None:
    def short(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(PAGE)))
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.wfile.write(PAGE[:100])
        handler.close_connection = True

    server.routes["/short"] = short
    assert failure(server.url("/short")).reason == "truncated response (the connection closed early)"
    cut = gzip.compress(PAGE)[:-20]
    server.routes["/cutgz"] = lambda h: send(h, 200, cut, {"Content-Encoding": "gzip"})
    assert failure(server.url("/cutgz")).reason == "truncated gzip body"
    server.routes["/junk"] = lambda h: send(h, 200, b"not gzip at all", {"Content-Encoding": "gzip"})
    assert failure(server.url("/junk")).reason.startswith("undecodable gzip body")
    cut_br = brotli.compress(PAGE)[:-20]
    server.routes["/cutbr"] = lambda h: send(h, 200, cut_br, {"Content-Encoding": "br"})
    assert failure(server.url("/cutbr")).reason == "truncated br body"
    server.routes["/junkbr"] = lambda h: send(h, 200, b"not brotli at all", {"Content-Encoding": "br"})
    assert failure(server.url("/junkbr")).reason.startswith("undecodable br body")
    server.routes["/zstd"] = lambda h: send(h, 200, b"...", {"Content-Encoding": "zstd"})
    assert failure(server.url("/zstd")).reason == "unsupported content encoding 'zstd'"
    server.routes["/twice"] = lambda h: send(h, 200, b"...", {"Content-Encoding": "gzip, br"})
    assert failure(server.url("/twice")).reason == "unsupported content encoding 'gzip, br'"


def test_connection_refused_names_the_host() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = failure(f"http://127.0.0.1:{port}/live")
    assert str(error) == f"127.0.0.1:{port}: connection refused"


def test_redirects_are_followed_up_to_five(server: LoopbackServer) -> None:
    server.page("/live", PAGE)
    for n in range(1, 6):
        server.routes[f"/r{n}"] = (lambda k: lambda h: send(h, 302, b"", {"Location": f"/r{k + 1}"}))(n)
    server.routes["/r6"] = lambda h: send(h, 301, b"", {"Location": "/live"})
    fetched = get(server.url("/r2"))  # r2 -> r3 -> r4 -> r5 -> r6 -> live: five redirects
    assert fetched.body == PAGE and fetched.url == server.url("/live")
    assert failure(server.url("/r1")).reason == "too many redirects (more than 5)"


def test_redirect_loop_stops(server: LoopbackServer) -> None:
    server.routes["/loop"] = lambda h: send(h, 302, b"", {"Location": "/loop"})
    assert failure(server.url("/loop")).reason == "too many redirects (more than 5)"
    assert len(server.hits("/loop")) == 6


def test_redirect_to_a_file_url_is_refused(server: LoopbackServer) -> None:
    server.routes["/file"] = lambda h: send(h, 302, b"", {"Location": "file:///etc/passwd"})
    assert failure(server.url("/file")).reason == "redirect to a file: URL refused (http and https only)"


def test_only_http_and_https_urls() -> None:
    assert failure("file:///etc/passwd").reason == "only http and https URLs are fetched"
    assert failure("ftp://127.0.0.1/x").reason == "only http and https URLs are fetched"


def test_loopback_is_fetched_directly_even_with_a_proxy_configured(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    server.page("/live", PAGE)
    assert get(server.url("/live")).body == PAGE


def test_redirect_to_a_malformed_url_is_a_failure(server: LoopbackServer) -> None:
    server.routes["/bad"] = lambda h: send(h, 302, b"", {"Location": "http://[::1"})
    assert failure(server.url("/bad")).reason == "redirect to a malformed URL"
