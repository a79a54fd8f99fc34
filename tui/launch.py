"""Start the reader: check every path first (errors exit before any screen), then run the app."""

from __future__ import annotations

from collections.abc import Sequence

from parsers.options import ParseOptions
from tui.articles import Settings, prepare
from tui.stderr import fail, warn


def launch(paths: Sequence[str], options: ParseOptions, topics_file: str | None = None) -> int:
    """Open the reader on `paths`; return the exit status.

    Raises `LiveBlogError` (before anything is drawn) when a path is missing, unreadable or not
    an article. A file that fails to parse in the background ends the app with status 2.
    """
    settings = Settings(options=options, topics_file=topics_file)
    articles = prepare(list(paths), settings)
    from tui.app import LiveblogApp  # Textual is imported only once the input is known to be good

    app = LiveblogApp(articles, settings)
    try:
        app.run()
    finally:
        settings.library.close()  # a recording under way is committed, not cut short
    for notice in settings.library.notices:
        warn(notice)
    if app.return_code == 2 and len(articles) == 1 and articles[0].error:
        return fail(articles[0].error)  # the background parse failed: one line, like the export
    return app.return_code or 0
