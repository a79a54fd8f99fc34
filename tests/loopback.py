"""A loopback HTTP server the tests start themselves (127.0.0.1, a free port), and live-blog pages to serve.

Each path is served by a `Route`: a function of the request handler that writes the whole
response, so a test can send a 304, a 500, a gzip bomb, a redirect loop or a body that never
ends. `LoopbackServer.page` serves HTML with an ETag and answers `If-None-Match` with 304,
as a well-behaved news site does. Every request is recorded (path and headers).
"""

from __future__ import annotations

import hashlib
import html
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Route = Callable[[BaseHTTPRequestHandler], None]


def blog_page(entries: Sequence[tuple[str, str, str]], *, title: str = "Storm live", older: str | None = None,
              meta_charset: str | None = "utf-8", day: str = "2024-11-02") -> bytes:
    """Return a live-blog page (the list-stream markup many publishers use), newest entry first.

    `entries` are (HH:MM, headline, body); `older` adds an "Older posts" link to that href.
    """
    posts = "".join(
        f'<li class="post"><article><header><time datetime="{day}T{clock}:00+00:00">{clock}</time>'
        f"<h3>{html.escape(headline)}</h3></header><div class=\"body\"><p>{html.escape(body)}</p></div>"
        "</article></li>\n"
        for clock, headline, body in entries
    )
    charset = f'<meta charset="{meta_charset}">' if meta_charset else ""
    pager = f'<nav class="pager"><a href="{html.escape(older)}">Older posts</a></nav>' if older else ""
    page = (f"<!DOCTYPE html><html><head>{charset}<title>{html.escape(title)}</title>"
            '<link rel="stylesheet" href="/style.css"><script src="/app.js"></script></head><body><main>'
            f'<img src="/photo.jpg" alt=""><ol class="feed">\n{posts}</ol>{pager}'
            '<iframe src="/embed.html"></iframe></main></body></html>')
    return page.encode("utf-8")


@dataclass
class Seen:
    """One request the server received."""

    path: str
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up early are what the tests do (a size limit, a timeout): no traceback for them."""

    def handle_error(self, request: object, client_address: object) -> None:
        return


class LoopbackServer:
    """An HTTP/1.1 server on 127.0.0.1 in a thread; `routes` maps a path (with query) to a `Route`."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server.requests.append(Seen(self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                with suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        """Return the requests made for `path`."""
        return [seen for seen in self.requests if seen.path == path]

    def page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        """Serve `body` at `path` with an ETag; a matching `If-None-Match` gets 304."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'

        def route(handler: BaseHTTPRequestHandler) -> None:
            if handler.headers.get("If-None-Match") == etag:
                handler.send_response(304)
                handler.send_header("ETag", etag)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            send(handler, 200, body, {"Content-Type": content_type, "ETag": etag,
                                      "Last-Modified": "Sat, 02 Nov 2024 10:00:00 GMT"})

        self.routes[path] = route

    def __enter__(self) -> LoopbackServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    """Write a complete response with a Content-Length."""
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def gzip_bomb(inflated: int) -> bytes:
    """Return gzip data that inflates to `inflated` zero bytes (about a thousandth of that compressed)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(inflated >> 20)]
    parts.append(packer.compress(bytes(inflated & ((1 << 20) - 1))))
    return b"".join(parts) + packer.flush()


def brotli_bomb(inflated: int) -> bytes:
    """Return brotli data that decodes to `inflated` zero bytes (a few hundred bytes for tens of MB)."""
    import brotli

    packer = brotli.Compressor(quality=5)
    block = bytes(1 << 20)
    parts = [packer.process(block) for _ in range(inflated >> 20)]
    parts.append(packer.process(bytes(inflated & ((1 << 20) - 1))))
    return b"".join(parts) + packer.finish()


@contextmanager
def serving() -> Iterator[LoopbackServer]:
    """Run a `LoopbackServer` for the duration of the block."""
    with LoopbackServer() as server:
        yield server
