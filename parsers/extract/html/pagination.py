"""Links from a live-blog page to its own older pages ("Older posts", `rel="next"`, `?page=2`).

Takes the page's bytes and its URL, returns absolute URLs on the same site, most certain
first. Only links are read: nothing is fetched here. The words that name an older-posts link
are data (`OLDER_LINK_WORDS`), one entry per phrase, in several languages.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsers.errors import InputError
from parsers.extract.html.dom import HtmlElement, decode_html, parse_document, select

# Link texts (compared case-folded, arrows and punctuation trimmed) that lead to older posts.
OLDER_LINK_WORDS = frozenset({
    "older posts", "older entries", "older updates", "older", "earlier posts", "earlier updates",
    "previous posts", "next page", "load more", "load more posts", "show more", "show more posts",
    "more posts", "see older posts", "view older posts",
    "ältere beiträge", "ältere einträge", "weitere beiträge", "nächste seite",
    "articles précédents", "billets précédents", "messages plus anciens", "plus anciens", "page suivante",
    "entradas anteriores", "publicaciones anteriores", "página siguiente", "más entradas",
    "post precedenti", "pagina successiva", "oudere berichten", "volgende pagina",
})
# Query parameters and path segments that number a page of a paginated blog.
PAGE_PARAMETERS = ("page", "paged", "pg", "p", "seite", "pagina", "page_no", "pageNumber")
_PATH_PAGE = re.compile(r"/(?:page|seite|pagina)/(\d+)/?$", re.IGNORECASE)
_TRIM = " \t\r\n\u00a0«»‹›<>←→…·|-–—.:"
WEB_SCHEMES = ("http", "https")


def _same_site(url: str, page_url: str) -> bool:
    target, here = urlsplit(url), urlsplit(page_url)
    same_origin = target.scheme == here.scheme and target.netloc.lower() == here.netloc.lower()
    return same_origin and target.scheme in WEB_SCHEMES


def page_number(url: str) -> int | None:
    """Return the page number a URL names (`?page=3`, `/page/3/`), or None when it names none."""
    parts = urlsplit(url)
    for name, value in parse_qsl(parts.query):
        if name in PAGE_PARAMETERS and value.isdigit():
            return int(value)
    match = _PATH_PAGE.search(parts.path)
    return int(match.group(1)) if match else None


def _without_page(url: str) -> tuple[str, str, str]:
    """Return `url`'s site, path and query with the page number taken out (to compare two pages)."""
    parts = urlsplit(url)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if k not in PAGE_PARAMETERS))
    return parts.netloc.lower(), _PATH_PAGE.sub("", parts.path).rstrip("/"), query


def older_page_links(data: bytes, page_url: str) -> list[str]:
    """Return the URLs of the older pages `data` (the page at `page_url`) links to, best first.

    In order of certainty: `rel="next"` links, links whose text says "Older posts" (see
    `OLDER_LINK_WORDS`), then links to the same page with the next page number. Only http(s)
    URLs on the same site (scheme, host and port) as `page_url`, without fragments, each
    once, never `page_url` itself. An undecodable or empty page has none.
    """
    try:
        text, _warning = decode_html(data, page_url)
        root, _warnings = parse_document(text, page_url)
    except InputError:
        return []
    base = page_url
    for href in select(root, "//head/base/@href"):
        base = urljoin(page_url, str(href).strip())
        break
    current = page_number(page_url) or 1
    here = _without_page(page_url)
    ranked: list[tuple[int, str]] = []
    for found in select(root, "//*[self::a or self::link][@href]"):
        element: HtmlElement = found
        if not isinstance(element.tag, str):
            continue
        href = str(element.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        url = urlunsplit(urlsplit(urljoin(base, href))._replace(fragment=""))
        if url == page_url or not _same_site(url, page_url):
            continue
        rel = {token.lower() for token in str(element.get("rel") or "").split()}
        label = "".join(element.itertext()).strip(_TRIM).casefold() if element.tag == "a" else ""
        if "next" in rel:
            ranked.append((0, url))
        elif label and " ".join(label.split()) in OLDER_LINK_WORDS:
            ranked.append((1, url))
        elif page_number(url) == current + 1 and _without_page(url) == here:
            ranked.append((2, url))
    links: list[str] = []
    for _rank, url in sorted(ranked, key=lambda item: item[0]):
        if url not in links:
            links.append(url)
    return links
