"""Following a blog by URL: fetch it (and its older pages when asked), parse it, merge each new version.

`Follower` holds everything between polls: the validators for conditional requests, the last
accepted version of each page, which updates were edited or vanished, how many polls failed
in a row. It makes one request at a time (a lock), parses in a thread, and never replaces
what it shows with a version that looks broken: a failed fetch, an unparsable body, or a page
that suddenly parses into far fewer updates (a half-rendered page) is reported and retried.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

from parsers.errors import LiveBlogError
from parsers.extract.html.pagination import older_page_links
from parsers.merge import Merged, VersionMemory, merge_pages, merge_versions
from parsers.model import LiveBlog
from tui.fetch.charset import bytes_for_parser
from tui.fetch.client import Fetched, FetchError, Limits, Validators, fetch, new_client
from tui.fetch.policy import DEFAULT_INTERVAL, retry_delay
from tui.fetch.store import latest_pages, save_version

MAX_PAGES = 20
# A version with fewer than this share of the last accepted version's updates looks half-rendered.
SHRINK_SHARE = 0.5
# ... but after this many such versions in a row, the page really did shrink: accept it.
SHRINKS_BEFORE_ACCEPTING = 3

ParseFn = Callable[[bytes, str], LiveBlog]
# Given `pages_content` of the stored pages: a blog already made from them, or None.
KnownFn = Callable[[bytes], LiveBlog | None]


def pages_content(pages: list[tuple[str, bytes]]) -> bytes:
    """Return one byte string standing for the pages `(url, body)` in order: equal only for the same pages.

    The library hashes it into the stamp of a followed blog's model, so the stored copy reopens
    from the model while its pages are the same.
    """
    named = [(url.encode("utf-8", "surrogatepass"), body) for url, body in pages]
    return b"".join(b"%d %d\n" % (len(url), len(body)) + url + body for url, body in named)


@dataclass(slots=True, frozen=True)
class FollowOptions:
    """How to follow: seconds between polls, older pages too, ring the bell on a new match."""

    interval: float = DEFAULT_INTERVAL
    all_pages: bool = False
    bell: bool = False
    offline: bool = False


@dataclass(slots=True, frozen=True)
class PollResult:
    """What one poll found: a new version to show (`merged`), nothing new, or a failure (`error`)."""

    merged: Merged | None
    delay: float  # seconds until the next poll
    error: FetchError | LiveBlogError | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def problem(self) -> str | None:
        """A short reason for the status line, or None when the poll succeeded."""
        if self.error is None:
            return None
        return self.error.reason if isinstance(self.error, FetchError) else str(self.error)


@dataclass(slots=True)
class _Page:
    """The accepted version of one page: its bytes, parse and validators."""

    url: str
    body: bytes
    blog: LiveBlog
    validators: Validators
    content_type: str | None = None
    fetched: Fetched | None = None  # set while not yet stored
    reparse: bool = False  # `blog` was parsed otherwise than by `Follower.parse` (a quick first parse)
    final_url: str | None = None  # where redirects led, when it was fetched in this session


class Follower:
    """Fetches and merges the versions of the blog at `url`. No Textual; the reader drives it."""

    def __init__(
        self,
        url: str,
        parse: ParseFn,
        *,
        limits: Limits | None = None,
        options: FollowOptions | None = None,
        store_root: Path | None = None,
    ) -> None:
        self.url = url
        self.parse = parse
        self.limits = limits or Limits()
        self.options = options or FollowOptions()
        self.store_root = store_root
        self.shown: LiveBlog | None = None
        self.memory = VersionMemory()
        self.failures = 0
        self.copy_from: datetime | None = None  # when `shown` is a stored copy: the time it was fetched
        self.store_problem: str | None = None
        self._pages: list[_Page] = []
        # Parses the first version fetched while nothing is shown, instead of `parse` (the reader
        # shows it sooner and enriches it itself); later versions, and pages merged, use `parse`.
        self.quick_parse: ParseFn | None = None
        self._shrinks = 0
        self._lock = asyncio.Lock()
        self._client: httpx.AsyncClient | None = None

    # --- the stored copy ----------------------------------------------------------------

    def open_stored(self, parse: ParseFn | None = None, known: KnownFn | None = None) -> LiveBlog | None:
        """Parse the latest stored copy of the blog, show it as the current version, and return it.

        Returns None when nothing is stored. Raises `LiveBlogError` when the stored copy does
        not parse. Its validators are sent with the first poll, so an unchanged page is a 304.
        `parse` replaces `self.parse` for this once (a quicker parse, before the first frame);
        a page parsed so is parsed again by `self.parse` when a poll finds it unchanged.
        `known` is asked first for a blog already made from these pages (`pages_content`), such
        as the library's model of the version last shown: with one, nothing is parsed.
        """
        quick = parse or self.parse
        if self.store_root is None:
            return None
        stored = latest_pages(self.store_root, self.url)
        if not self.options.all_pages:
            stored = stored[:1]
        bodies: list[bytes] = []
        for page in stored:
            try:
                bodies.append(page.body())
            except OSError:
                break
        if not bodies:
            return None
        stored = stored[:len(bodies)]
        made = known(pages_content([(page.url, body) for page, body in zip(stored, bodies, strict=True)])) \
            if known is not None else None
        if made is not None:
            # One blog for all the pages: a page's own parse is made again when its first poll needs it.
            self._pages = [_Page(page.url, body, made, page.validators, page.content_type, reparse=len(stored) > 1)
                           for page, body in zip(stored, bodies, strict=True)]
            self.shown = made
        else:
            self._pages = [
                _Page(page.url, body, quick(bytes_for_parser(body, page.content_type), page.url), page.validators,
                      page.content_type, reparse=parse is not None)
                for page, body in zip(stored, bodies, strict=True)
            ]
            self.shown = merge_pages([p.blog for p in self._pages])
        self.copy_from = stored[0].fetched_at
        return self.shown

    def take_whole(self, preview: LiveBlog, blog: LiveBlog) -> None:
        """Show `blog`, the whole parse of the stored copy, where its `preview` (first updates) is shown.

        Nothing changes when another version replaced the preview meanwhile.
        """
        if self.shown is not preview:
            return
        self.shown = blog
        for page in self._pages:
            if page.blog is preview:
                page.blog = blog

    def shown_content(self) -> bytes | None:
        """Return what identifies the pages behind the version shown (`pages_content`); None before one."""
        return pages_content([(p.url, p.body) for p in self._pages]) if self._pages else None

    # --- polling ------------------------------------------------------------------------

    async def poll(self) -> PollResult:
        """Fetch the blog once; return the merged new version, nothing new, or the failure.

        Never raises for a network or parse problem: the failure is in the result, with a
        backoff delay; a result without error has the poll interval as its delay.
        """
        try:
            merged = await self.fetch_version()
        except LiveBlogError as exc:
            self.failures += 1
            retry_after = exc.retry_after if isinstance(exc, FetchError) else None
            return PollResult(None, retry_delay(self.options.interval, self.failures, retry_after), exc)
        self.failures = 0
        return PollResult(merged, self.options.interval)

    async def fetch_version(self) -> Merged | None:
        """Fetch every page once and merge a changed version into `shown`; None when nothing changed.

        Raises `FetchError` for a failed request, `LiveBlogError` for a page the parsers reject
        or one that looks half-rendered.
        """
        async with self._lock:  # one request at a time for this blog
            if self._client is None:
                self._client = new_client()
            pages, changed = await self._fetch_pages(self._client)
            if not changed:
                self.copy_from = None  # the stored copy is the current version
                return None
            blog = merge_pages([p.blog for p in pages])
            last = len(self.shown.updates) - len(self.memory.gone) if self.shown else 0
            if last and len(blog.updates) < last * SHRINK_SHARE:
                self._shrinks += 1
                if self._shrinks < SHRINKS_BEFORE_ACCEPTING:
                    raise LiveBlogError(f"page parsed into {len(blog.updates)} of {last} updates (half-rendered?)")
            self._shrinks = 0
            self._pages = pages
            self._store(pages)
            merged = merge_versions(self.shown, blog, self.memory)
            self.shown, self.copy_from = merged.blog, None
            return merged

    async def _get(self, client: httpx.AsyncClient, url: str, known: _Page | None, *, merged: bool = True) -> _Page:
        """Return the current version of the page at `url`: `known` again on a 304, else fetched and parsed.

        `merged`: an unchanged page's blog is merged into the version shown, so one parsed
        otherwise than by `self.parse` (`reparse`) is parsed again. The first page's is not
        needed when it is unchanged (nothing is merged then), so it is not parsed again.
        """
        fetched = await fetch(client, url, known.validators if known else None, self.limits)
        if fetched.not_modified:
            if known is not None and known.reparse and merged:
                known.blog, known.reparse = await self._parse(known.body, known.content_type, url), False
            if known is not None:
                return known
            fetched = await fetch(client, url, None, self.limits)  # a 304 for a request we did not make
        quick = self.shown is None and self.quick_parse is not None
        blog = await self._parse(fetched.body, fetched.content_type, url, self.quick_parse if quick else None)
        return _Page(url, fetched.body, blog, fetched.validators, fetched.content_type, fetched, reparse=quick,
                     final_url=fetched.url)

    async def _parse(self, body: bytes, content_type: str | None, url: str, parse: ParseFn | None = None) -> LiveBlog:
        """Parse a fetched body in a thread with `parse` (else `self.parse`). Raises `LiveBlogError`, also
        for a parser that broke on it.

        A page off the network may be anything: an unexpected exception from a parser is a
        failed poll like any other (retried), not the end of the reader.
        """
        data = bytes_for_parser(body, content_type)
        try:
            return await asyncio.to_thread(parse or self.parse, data, url)
        except LiveBlogError:
            raise
        except Exception as exc:
            raise LiveBlogError(f"{url}: the page did not parse ({exc.__class__.__name__})") from exc

    async def _fetch_pages(self, client: httpx.AsyncClient) -> tuple[list[_Page], bool]:
        """Return the blog's pages now, and whether any changed. Older pages only with `all_pages`.

        Older pages are walked again only when the first page changed (new posts push older
        ones to the next page); a failure on an older page ends the walk there, keeping the
        pages known from before.
        """
        known = {p.url: p for p in self._pages}
        first = await self._get(client, self.url, known.get(self.url), merged=False)
        if first.fetched is None and first is known.get(self.url):
            return self._pages, False
        pages = [first]
        if not self.options.all_pages:
            return pages, True
        visited = {self.url, first.fetched.url if first.fetched else self.url}
        while len(pages) < MAX_PAGES:
            current = pages[-1]
            links = await asyncio.to_thread(older_page_links, current.body, current.final_url or current.url)
            following = next((link for link in links if link not in visited), None)
            if following is None:
                break
            visited.add(following)
            try:
                pages.append(await self._get(client, following, known.get(following)))
            except LiveBlogError:
                pages += [p for p in self._pages[len(pages):] if p.url not in visited]
                break
        return pages, True

    def _store(self, pages: list[_Page]) -> None:
        """Keep the newly fetched pages in the data dir; a store that fails is reported, not fatal."""
        self.store_problem = None
        for index, page in enumerate(pages):
            if page.fetched is not None and self.store_root is not None:
                try:
                    save_version(self.store_root, self.url, index, page.url, page.fetched)
                except OSError as exc:
                    self.store_problem = f"could not keep a copy: {exc.strerror or exc}"
            page.fetched = None

    async def aclose(self) -> None:
        """Close the HTTP connections."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None


async def fetch_blog(follower: Follower) -> LiveBlog:
    """Fetch the blog once (no stored copy is ever used) and return it. Raises `LiveBlogError`."""
    try:
        await follower.fetch_version()
    finally:
        await follower.aclose()
    assert follower.shown is not None
    return follower.shown


def fetch_once(follower: Follower, *, offline: bool = False) -> LiveBlog:
    """Return the blog fetched once now, or with `offline` its latest stored copy. Raises `LiveBlogError`.

    Without `offline` no stored copy is ever used: an unreachable server is an error.
    """
    if offline:
        blog = follower.open_stored()
        if blog is None:
            raise LiveBlogError(f"{follower.url}: no stored copy (open it once without --offline)")
        return blog
    return asyncio.run(fetch_blog(follower))
