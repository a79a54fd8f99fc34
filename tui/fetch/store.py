"""Every fetched version of a followed blog, kept in the data dir so it can be reopened offline.

Layout: `<data dir>/pages/<hash of the blog URL>/<UTC time>-p<page>.html`, each beside a
`.json` file saying what it is (page URL, fetch time, content type, validators). A body
identical to the page's latest stored version is not stored again. Writes are atomic; an
unreadable description is moved aside (renamed `.corrupt-<time>`), never deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tui.fetch.client import Fetched, Validators
from tui.state import atomic_write

STORE_VERSION = 1


@dataclass(slots=True, frozen=True)
class StoredPage:
    """One stored version of one page of a blog."""

    blog_url: str
    url: str  # the page's URL as requested
    page: int  # 0 for the blog's own page, 1... for its older pages
    fetched_at: datetime
    content_type: str | None
    validators: Validators
    sha256: str
    body_path: Path

    def body(self) -> bytes:
        """Return the stored bytes. Raises OSError when the file is gone or unreadable."""
        return self.body_path.read_bytes()


def blog_dir(root: Path, blog_url: str) -> Path:
    """Return the folder holding the versions of the blog at `blog_url` (a hash, so any URL is a safe name)."""
    return root / "pages" / hashlib.sha256(blog_url.encode("utf-8")).hexdigest()[:20]


def _set_aside(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.replace(path, path.with_name(f"{path.name}.corrupt-{int(time.time())}"))


def _read_description(path: Path) -> StoredPage | None:
    """Return the stored page described by the JSON file `path`, or None (moving a corrupt one aside)."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        page = StoredPage(
            blog_url=str(meta["blog_url"]),
            url=str(meta["url"]),
            page=int(meta["page"]),
            fetched_at=datetime.fromisoformat(str(meta["fetched_at"])),
            content_type=meta.get("content_type"),
            validators=Validators(meta.get("etag"), meta.get("last_modified")),
            sha256=str(meta["sha256"]),
            body_path=path.with_suffix(".html"),
        )
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        _set_aside(path)
        return None
    return page if page.body_path.exists() else None


def stored_versions(root: Path, blog_url: str) -> list[StoredPage]:
    """Return every stored version of every page of `blog_url`, oldest first."""
    folder = blog_dir(root, blog_url)
    if not folder.is_dir():
        return []
    found = [page for path in sorted(folder.glob("*.json")) if (page := _read_description(path))]
    return sorted(found, key=lambda p: (p.fetched_at, p.page))


def latest_version(root: Path, blog_url: str, page: int) -> StoredPage | None:
    """Return the latest readable stored version of page `page` of `blog_url`, or None.

    Names start with the UTC fetch time, so the latest is the last name: only it is read
    (and the ones before it, when it is unreadable).
    """
    for path in sorted(blog_dir(root, blog_url).glob(f"*-p{page}.json"), reverse=True):
        if (found := _read_description(path)) is not None and found.page == page:
            return found
    return None


def latest_pages(root: Path, blog_url: str) -> list[StoredPage]:
    """Return the latest stored version of each page of `blog_url`, the blog's own page first.

    Empty when nothing is stored. Older pages are included only as far as they follow on from
    the first without a gap.
    """
    latest: dict[int, StoredPage] = {}
    for page in stored_versions(root, blog_url):
        latest[page.page] = page
    pages: list[StoredPage] = []
    while len(pages) in latest:
        pages.append(latest[len(pages)])
    return pages


def save_version(root: Path, blog_url: str, page: int, requested: str, fetched: Fetched) -> StoredPage | None:
    """Store the body of `fetched` as the newest version of page `page` of `blog_url`.

    Returns what was stored, or None when the body is the same as the latest stored version
    of that page (then only nothing is written). Raises OSError when the data dir is not writable.
    """
    digest = hashlib.sha256(fetched.body).hexdigest()
    if (previous := latest_version(root, blog_url, page)) is not None and previous.sha256 == digest:
        return None
    stamp = fetched.fetched_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    folder, name = blog_dir(root, blog_url), f"{stamp}-p{page}"
    stored = StoredPage(blog_url, requested, page, fetched.fetched_at, fetched.content_type,
                        fetched.validators, digest, folder / f"{name}.html")
    meta = {
        "version": STORE_VERSION,
        "blog_url": blog_url,
        "url": requested,
        "final_url": fetched.url,
        "page": page,
        "fetched_at": fetched.fetched_at.isoformat(),
        "content_type": fetched.content_type,
        "etag": fetched.validators.etag,
        "last_modified": fetched.validators.last_modified,
        "sha256": digest,
    }
    atomic_write(stored.body_path, fetched.body)  # the body first: a description never names a missing file
    atomic_write(folder / f"{name}.json", json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    return stored
