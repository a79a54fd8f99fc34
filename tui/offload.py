"""Parse and enrich one article in a forked child process while the reader starts.

Why: the parser's own start-up (its imports and pattern compiles), the parse and the enrichment
are all work in the interpreter. Done in the reader's process, they come before Textual's start-up
(the parse) and share the interpreter with the interface after it (the enrichment). In a child,
they run on another core beside Textual's start-up, and the interface never waits for them.

The child sends back the parsed blog, then what enrichment added to it (the reader holds the
parse already; or the enriched blog whole, should enrichment have changed more), each as the
library's typed JSON codec writes it (never a pickle). It is an optimisation only: where `os.fork` is missing, or
this process already runs other threads (a fork may then copy a lock held by one of them and
deadlock the child), `ChildLoad.start` returns None and the caller parses in-process; a child
that dies, or sends something that does not decode, is read as None, and the caller does the
work itself. A `LiveBlogError` in the child is raised again here, with its one-line message.

Once the reader runs it has threads, so a large page read later (the whole of a page shown as a
preview, a poll's new version of a big followed blog) goes to a fresh interpreter instead
(`ChildLoad.spawn`, running this module): parsing it in a thread of the reader's process would
share the interpreter with the interface for seconds. The spawned child is sent the page and
its parse options by its parent (the options as a pickle: from the parent to its own child
only, never read from disk) and answers with the same frames.

No Textual here.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from typing import IO, BinaryIO

from parsers.errors import LiveBlogError
from parsers.model import LiveBlog
from parsers.options import ParseOptions

# One frame: its kind (one byte) and the length of what follows it.
_HEADER = struct.Struct(">cQ")
_LENGTH = struct.Struct(">Q")  # of the request a spawned child reads before the page
PREVIEW = b"V"  # the first updates of a large file (`parsers.pipeline.parse_preview`), or empty for none
PARSED = b"P"  # the parsed blog, not enriched
ENRICHED = b"E"  # the same blog with quotes, speakers and topics
ENRICHMENT = b"N"  # only what enrichment added to the parsed blog (`tui.library.codec.encode_enrichment`)
REFUSED = b"X"  # a LiveBlogError: its message, UTF-8
FAILED = b"F"  # any other failure: the caller does the work itself (and meets the error there)
_RECHECK = 0.25  # seconds between two looks at whether the child was closed, while waiting for it


def _send(stream: BinaryIO, kind: bytes, payload: bytes) -> None:
    """Write one frame to `stream` and flush it."""
    stream.write(_HEADER.pack(kind, len(payload)))
    stream.write(payload)
    stream.flush()


def _child(
    stream: BinaryIO,
    preview: Callable[[], LiveBlog | None] | None,
    parse: Callable[[], LiveBlog],
    enrich: Callable[[LiveBlog], LiveBlog],
    parsed_frame: bool = True,
) -> None:
    """The child's work: send the preview (when asked for), the parsed blog, then its enrichment
    (or the enriched blog whole), or the reason it stopped. Without `parsed_frame`, only the
    enriched blog whole (or the reason)."""
    from tui.library.codec import encode_blog, encode_enrichment

    gc.freeze()  # the parent's objects are never garbage here: keep collections from walking them
    gc.enable()  # the parent pauses collection while it starts (`tui.launch`); the parse needs it
    try:
        if preview is not None:
            shown = preview()
            _send(stream, PREVIEW, b"" if shown is None else encode_blog(shown))
        blog = parse()
        if not parsed_frame:
            _send(stream, ENRICHED, encode_blog(enrich(blog)))
            return
        _send(stream, PARSED, encode_blog(blog))
        enriched = enrich(blog)
        added = encode_enrichment(blog, enriched)
        if added is not None:
            _send(stream, ENRICHMENT, added)
        else:
            _send(stream, ENRICHED, encode_blog(enriched))
    except LiveBlogError as exc:
        _send(stream, REFUSED, str(exc).encode("utf-8", "replace"))
    except BaseException:  # the parent does the work itself and meets the error there
        _send(stream, FAILED, b"")


class ChildLoad:
    """A child process parsing and enriching one article; read its results in order.

    `preview()` (when one was asked for), `parsed()`, then `enriched()`: each blocks until the
    child sends it. A result of None means the child failed (`failed` is then True) or, for
    the preview only, that the file's start gives none. `close()` ends the child (killed if
    still working) and is safe to call at any time, from any thread.
    """

    def __init__(self, pid: int, stream: IO[bytes], process: subprocess.Popen[bytes] | None = None) -> None:
        self.pid = pid
        self.failed = False
        self._stream = stream
        self._process = process  # a spawned child (`spawn`); a forked one has only its pid
        self._lock = threading.Lock()  # guards `_reaped`
        self._reaped = False
        self._parsed: LiveBlog | None = None  # what the child's enrichment, sent alone, applies to

    @classmethod
    def start(
        cls,
        parse: Callable[[], LiveBlog],
        enrich: Callable[[LiveBlog], LiveBlog],
        preview: Callable[[], LiveBlog | None] | None = None,
    ) -> ChildLoad | None:
        """Fork a child that runs `preview()` (if given), `parse()`, then `enrich(parsed)`; return it,
        or None where it cannot be forked.

        None when `os.fork` is missing or other threads run in this process (see the module).
        """
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return None
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # the child: never returns, and runs none of the parent's cleanup (os._exit)
            try:
                os.close(read_fd)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C before the reader opens ends it too
                # Nothing of the child reaches the terminal the reader draws on (a Python warning, say):
                # it reports through the pipe only.
                quiet = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(quiet, fd)
                sys.stdout = sys.stderr = open(quiet, "w")  # noqa: SIM115 - until os._exit
                with os.fdopen(write_fd, "wb") as stream:
                    _child(stream, preview, parse, enrich)
            finally:
                os._exit(0)
        os.close(write_fd)
        # Unbuffered, so that `wait` (a poll of the pipe) sees every byte not read yet.
        return cls(pid, os.fdopen(read_fd, "rb", buffering=0))

    @classmethod
    def spawn(cls, data: bytes, path: str, options: ParseOptions, topics_file: str | None, *,
              parsed_frame: bool = True) -> ChildLoad | None:
        """Start a fresh interpreter that parses `data` (read from `path`) with `options`, then enriches
        it with `topics_file`; return it, or None where it cannot be started.

        Safe with other threads running (nothing is forked from this process but the new
        interpreter). Returns at once: the page is written to the child by a daemon thread.
        The child sends no preview; without `parsed_frame` it sends only the enriched blog
        (`enriched()` then, not `parsed()`: one blog to decode instead of a blog and a delta).
        """
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "tui.offload"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True,  # no signal from the terminal
            )
        except (OSError, ValueError):
            return None
        assert process.stdin is not None and process.stdout is not None
        request = pickle.dumps((path, options, topics_file, parsed_frame))
        threading.Thread(target=_feed, args=(process.stdin, request, data), name="liveblog-feed", daemon=True).start()
        return cls(process.pid, process.stdout, process)

    def _read_exactly(self, size: int) -> bytes | None:
        """Read `size` bytes from the child (a pipe gives them in pieces); None at its end."""
        pieces, left = [], size
        while left:
            piece = self._stream.read(min(left, 1 << 20))
            if not piece:
                return None
            pieces.append(piece)
            left -= len(piece)
        return b"".join(pieces)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait (without holding the interpreter) up to `timeout` seconds, or without limit when None,
        until the child has sent something not read yet or ended; return True if it has (reading
        will not wait long). False when the child is closed here, meanwhile too (checked every
        `_RECHECK` seconds: a `select` is not woken by another thread closing the pipe)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                if self._reaped:
                    return False
            left = _RECHECK if deadline is None else min(_RECHECK, max(0.0, deadline - time.monotonic()))
            try:
                if select.select([self._stream], [], [], left)[0]:
                    return True
            except (OSError, ValueError):  # closed meanwhile: reading will say so
                return False
            if deadline is not None and time.monotonic() >= deadline:
                return False

    def _receive(self, kind: bytes) -> LiveBlog | None:
        """Read frames up to the next of `kind` (a preview not asked for is skipped) and return its
        blog; None when the child failed, or for an empty preview.

        On failure the child is ended and `failed` set. Raises `LiveBlogError` with the child's
        message when it refused the input (the child has ended then too).
        """
        from tui.library.codec import CodecError, decode_blog, decode_enrichment

        while True:
            try:
                header = self._read_exactly(_HEADER.size)
                got, length = _HEADER.unpack(header) if header is not None else (FAILED, 0)
                payload = self._read_exactly(length) if header is not None else None
            except (OSError, ValueError):  # closed meanwhile (the reader quit)
                got, payload = FAILED, None
            if got == REFUSED and payload is not None:
                self.close()
                raise LiveBlogError(payload.decode("utf-8", "replace"))
            if got != PREVIEW or kind == PREVIEW:
                break
        added = got == ENRICHMENT and kind == ENRICHED
        if (got != kind and not added) or payload is None or (added and self._parsed is None):
            self.failed = True
            self.close()
            return None
        if kind == PREVIEW and not payload:
            return None
        try:
            if added:
                assert self._parsed is not None
                return decode_enrichment(self._parsed, payload)
            blog = decode_blog(payload)
        except CodecError:
            self.failed = True
            self.close()
            return None
        if kind == PARSED:
            self._parsed = blog
        return blog

    def preview(self) -> LiveBlog | None:
        """Wait for the preview of a large file: its first updates, or None when its start gives
        none or the child failed (`failed`). Raises `LiveBlogError` like `parsed`."""
        return self._receive(PREVIEW)

    def parsed(self) -> LiveBlog | None:
        """Wait for the parsed blog; None when the child failed (parse in-process instead).

        Raises `LiveBlogError` when the input is not a live blog the parser reads. The child has
        ended after None or an error.
        """
        return self._receive(PARSED)

    def enriched(self) -> LiveBlog | None:
        """Wait for the enriched blog (after `parsed`); None when the child failed (enrich in-process).

        Raises `LiveBlogError` when the enrichment refused (a topics file broken meanwhile). The
        child has ended after this.
        """
        try:
            return self._receive(ENRICHED)
        finally:
            self.close()

    def close(self) -> None:
        """End the child (killed if it is still working) and reap it; then the results are gone."""
        with self._lock:
            if self._reaped:
                return
            self._reaped = True
        if self._process is not None:
            self._process.kill()
            self._process.wait()
        else:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
        self._stream.close()


class ParseInChild:
    """A follower's parse (page bytes and URL -> the enriched blog) that reads a page in a spawned
    child when `start` gives one (a large page, its child sending only the enriched blog: see
    `ChildLoad.spawn`), else in this process with `here`.

    Called in a worker thread, it waits for the child without holding the interpreter. A child
    that fails leaves the work to `here`. `close()` ends the children still working; a call
    it cut short raises `LiveBlogError` instead of parsing here.
    """

    def __init__(self, here: Callable[[bytes, str], LiveBlog],
                 start: Callable[[bytes, str], ChildLoad | None]) -> None:
        self.here = here
        self.start = start
        self.closed = False
        self._lock = threading.Lock()  # guards `_running` and `closed`
        self._running: set[ChildLoad] = set()

    def __call__(self, data: bytes, url: str) -> LiveBlog:
        """Return the enriched blog of `data` fetched from `url`. Raises `LiveBlogError`."""
        child = None if self.closed else self.start(data, url)
        if child is None:
            return self.here(data, url)
        with self._lock:
            cut = self.closed  # closed while the child started: `close` did not see it
            if not cut:
                self._running.add(child)
        if cut:
            child.close()
            raise LiveBlogError(f"{url}: closed while it was read")
        try:
            enriched = child.enriched()
        finally:
            with self._lock:
                self._running.discard(child)
            child.close()
        if enriched is not None:
            return enriched
        if self.closed:
            raise LiveBlogError(f"{url}: closed while it was read")
        return self.here(data, url)

    def close(self) -> None:
        """End the children still reading pages; later calls parse in this process."""
        with self._lock:
            self.closed = True
            running, self._running = list(self._running), set()
        for child in running:
            child.close()


def _feed(stdin: IO[bytes], request: bytes, data: bytes) -> None:
    """Write a spawned child's input: the length of `request`, `request`, then the page `data`."""
    with contextlib.suppress(OSError, ValueError), stdin:  # OSError: the child ended (or was ended) first
        stdin.write(_LENGTH.pack(len(request)))
        stdin.write(request)
        stdin.write(data)


def _serve_spawned() -> None:
    """The spawned child's work (`python -m tui.offload`): read the request and the page from stdin,
    parse and enrich it, and answer on stdout as a forked child does."""
    from parsers.pipeline import enrich_blog, parse_bytes

    source = sys.stdin.buffer
    head = source.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return
    request = source.read(_LENGTH.unpack(head)[0])
    path, options, topics_file, parsed_frame = pickle.loads(request)  # from the parent: see the module
    data = source.read()
    # The frames go to the pipe alone: anything printed meanwhile (a warning) goes nowhere.
    frames = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    quiet = os.open(os.devnull, os.O_RDWR)
    os.dup2(quiet, sys.stdout.fileno())
    with frames:
        _child(frames, None, partial(parse_bytes, data, path, options), partial(enrich_blog, topics_file=topics_file),
               parsed_frame)


if __name__ == "__main__":
    _serve_spawned()
