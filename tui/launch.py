"""Start the reader: check every path first (errors exit before any screen), then run the app."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from parsers.model import LiveBlog
from parsers.options import ParseOptions
from tui.articles import Article, Settings, prepare
from tui.stderr import fail, warn

if TYPE_CHECKING:
    from tui.fetch.follow import Follower


def launch(paths: Sequence[str], options: ParseOptions, topics_file: str | None = None) -> int:
    """Open the reader on `paths`; return the exit status.

    Raises `LiveBlogError` (before anything is drawn) when a path is missing, unreadable or not
    an article, or when the topics file (`topics_file`, else the default one) is broken. A file
    that fails to parse in the background ends the app with status 2.
    """
    return _with_gc_paused(lambda: _launch(paths, options, topics_file))


def _with_gc_paused(run: Callable[[], int]) -> int:
    """Return `run()` with no garbage collection until the app's first frame (the app enables it
    again then, `LiveblogApp(gc_paused=True)`; and here at the latest).

    Why: the start-up allocates much and frees little, and the collector's passes over it cost
    about a tenth of the time to the first frame (`gc.callbacks` on the sample: 170 passes, 90 ms;
    8 alternating spawns each, first frame with content 0.68 s paused against 0.79 s).
    """
    gc.disable()
    try:
        return run()
    finally:
        gc.enable()


def _launch(paths: Sequence[str], options: ParseOptions, topics_file: str | None) -> int:
    """`launch`, with the garbage collector paused until the app's first frame."""
    from parsers.enrich.user_topics import load_user_topics

    # The topics file is checked now, like the articles: a broken one stops the program with
    # one line before the reader opens (enrichment runs later, in a worker, and could only warn).
    load_user_topics(topics_file)
    settings = Settings(options=options, topics_file=topics_file)
    articles = prepare(list(paths), settings, in_child=True)
    from tui.state import data_dir, remove_stale_temporaries

    remove_stale_temporaries(data_dir())  # left by a process killed while saving
    try:
        # Textual is imported while a child process parses the article (tui.offload); the app
        # takes the parse when it has started (`LiveblogApp.on_load`).
        from tui.app import LiveblogApp

        app = LiveblogApp(articles, settings, gc_paused=True)
        app.run()
    finally:
        for article in articles:
            article.close_child()  # quitting stops the enrichment
        settings.library.close()  # a recording under way is committed, not cut short
    for notice in settings.library.notices:
        warn(notice)
    failed = next((article.error for article in articles if article.error), None)
    if app.return_code == 2 and failed:
        return fail(failed)  # the parse failed (at the start, or in the background): one line, like the export
    return app.return_code or 0


def launch_url(follower: Follower, options: ParseOptions, topics_file: str | None = None) -> int:
    """Open the reader following `follower`'s URL; return the exit status.

    The latest stored copy, when there is one, is shown at once while the page is fetched:
    the library's model of it when the library holds the version made from those very pages,
    else parsed before the first frame and enriched after it. With `--offline` nothing is fetched
    and a missing copy is an error. With no copy, a first fetch that fails ends the app with
    one line naming the host and status 2.
    """
    return _with_gc_paused(lambda: _launch_url(follower, options, topics_file))


def followed_article(follower: Follower, settings: Settings) -> Article:
    """Return the article the reader opens for `follower`'s URL: its latest stored copy, if any.

    The copy is the library's model (enriched) when the library holds the version made from
    those very pages, else it is parsed here and marked for the reader to enrich; a large copy
    of one page is parsed as a large file is, a preview of its first updates (`preview`, with
    `data` for the reader to parse whole; polling waits for that). Without a
    copy the article is empty (the first poll brings the blog). Raises `LiveBlogError` when the
    stored copy does not parse.
    """
    article = Article(path=follower.url, follower=follower)

    def first_screen(data: bytes, url: str) -> LiveBlog:
        # A large copy of one page, as a large file: its first updates now, the rest read by the reader.
        if article.data is not None or follower.options.all_pages:
            return settings.parse_only(data, url)
        blog, article.preview = settings.parse_page_start(data, url)
        article.data = data if article.preview else None
        return blog

    article.blog = follower.open_stored(
        parse=first_screen, known=lambda content: settings.library.stored_source(follower.url, content))
    # A blog fetched by the follower comes enriched (`Follower.parse`), and so does the library's model.
    article.enriched = article.blog is None or settings.library.reused_source(follower.url)
    return article


def _launch_url(follower: Follower, options: ParseOptions, topics_file: str | None) -> int:
    """`launch_url`, with the garbage collector paused until the app's first frame."""
    from parsers.errors import LiveBlogError

    settings = Settings(options=options, topics_file=topics_file)
    try:
        article = followed_article(follower, settings)
    except LiveBlogError as exc:
        warn(f"the stored copy does not open ({exc}); fetching the page")
        article = Article(path=follower.url, follower=follower, enriched=True)
    if article.blog is None and follower.options.offline:
        return fail(f"{follower.url}: no stored copy (open it once without --offline)")
    from tui.app import LiveblogApp

    app = LiveblogApp([article], settings, gc_paused=True)
    try:
        app.run()
    finally:
        settings.library.close()  # a version being recorded is committed, not cut short
    for notice in settings.library.notices:
        warn(notice)
    if app.return_code == 2 and article.error:
        return fail(article.error)
    return app.return_code or 0
