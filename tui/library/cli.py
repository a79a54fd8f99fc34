"""`liveblog add`, `liveblog search` and `liveblog library`: the library from the command line.

No Textual here but for `run_library`, which imports it only when the screen is opened. `tui.cli`
dispatches here and hands over its parse-option helpers (`ParseOptionsCli`), so that this module
never imports `tui.cli` back.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parsers.errors import LiveBlogError
from parsers.model import LiveBlog
from parsers.normalise.clean import clean_inline
from parsers.options import ParseOptions
from tui.library.search import QuerySyntaxError
from tui.library.store import Hit, Library, LibraryError, library_enabled, open_library
from tui.stderr import PROG, fail, one_line, warn

DEFAULT_LIMIT = 50
WEB_PREFIXES = ("http://", "https://")


@dataclass(slots=True, frozen=True)
class ParseOptionsCli:
    """The reader's parse options on the command line: adds `--date`, `--tz`, ... and reads them back."""

    add: Callable[[argparse.ArgumentParser], None]
    read: Callable[[argparse.Namespace], ParseOptions]
    # Fetch a URL once and parse it: (url, options, topics file) -> LiveBlog; raises LiveBlogError.
    fetch: Callable[[str, ParseOptions, str | None], LiveBlog] | None = None


def build_add_parser(parse_options: ParseOptionsCli) -> argparse.ArgumentParser:
    """Return the argument parser for `liveblog add`."""
    parser = argparse.ArgumentParser(prog=f"{PROG} add", description="Add live blogs to the library without "
                                     "opening the reader: files, or folders (every article in them).")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="saved live blog files or folders")
    parse_options.add(parser)
    return parser


def build_search_parser() -> argparse.ArgumentParser:
    """Return the argument parser for `liveblog search`."""
    parser = argparse.ArgumentParser(
        prog=f"{PROG} search",
        description="Search every update of every blog in the library, newest first. Words must all match "
        '(any case, any accents); "a phrase" matches words in a row; lavr* matches words starting so; '
        "AND, OR, NOT and parentheses combine. With --speaker and no query: what that person said.",
    )
    parser.add_argument("query", nargs="?", help="what to search for")
    parser.add_argument("--speaker", metavar="NAME", help="only updates naming this speaker (all of its words)")
    parser.add_argument("--topic", metavar="NAME", help="only updates with this topic")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                        help=f"at most N results (default {DEFAULT_LIMIT}; 0: all)")
    return parser


def _open() -> Library:
    """Open the user's library, telling the user in one line when a damaged one was set aside."""
    library, notice = open_library()
    if notice:
        warn(notice)
    return library


def run_add(argv: Sequence[str], parse_options: ParseOptionsCli) -> int:
    """Run `liveblog add`: parse and record each file (a folder: its articles). Returns the exit status.

    A file unchanged since it was recorded (same content, program and options) is not parsed
    again. A bad file is reported in one line and the others are still added (status 2 at the end).
    """
    from tui.articles import Settings, expand_paths, read_article

    args = build_add_parser(parse_options).parse_args(argv)
    if not library_enabled():
        return fail("the library is switched off ($LIVEBLOG_NO_LIBRARY is set)")
    urls = [p for p in args.paths if p.startswith(WEB_PREFIXES)]
    if urls and parse_options.fetch is None:
        return fail(f"{urls[0]}: adding a URL needs URL following, which this version does not have")
    settings = Settings(options=parse_options.read(args), topics_file=args.topics)
    failed = 0
    try:
        files = expand_paths([p for p in args.paths if p not in urls])
    except LiveBlogError as exc:
        return fail(str(exc))
    try:
        library = _open()
    except LibraryError as exc:
        return fail(str(exc))
    with library:
        for url in urls:
            assert parse_options.fetch is not None
            try:
                blog = parse_options.fetch(url, settings.options, settings.topics_file)
                library.record(blog, source=url, how="added")
                print(f"added      {_line(blog.title or url)}  ({len(blog.updates)} updates)")
            except LiveBlogError as exc:
                failed += 1
                fail(str(exc))
            except sqlite3.Error as exc:
                return fail(f"the library could not record {url}: {exc}")
        for path in files:
            try:
                article = read_article(path, settings)
                assert article.data is not None
                stamp = settings.library.stamp(article.identity)
                stored = library.stored_model(path, stamp) if stamp else None
                if stored is not None:
                    print(f"unchanged  {_line(stored.title or path)}  ({len(stored.updates)} updates)")
                    continue
                blog = settings.enrich(settings.parse_only(article.data, path))
                for message in blog.warnings:
                    warn(message)
                library.record(blog, source=path, how="added", stamp=stamp)
                print(f"added      {_line(blog.title or path)}  ({len(blog.updates)} updates)")
            except LiveBlogError as exc:
                failed += 1
                fail(str(exc))
            except sqlite3.Error as exc:
                return fail(f"the library could not record {path}: {exc}")
    return 2 if failed else 0


def _line(text: str) -> str:
    """Return untrusted text as one clean line for the terminal."""
    return one_line(clean_inline(text))


def hit_lines(hit: Hit) -> list[str]:
    """Return a search result as the text output shows it: when and where, the headline, the snippet."""
    when = (hit.datetime or "")[:16].replace("T", " ") or hit.time or "no time"
    lines = [f"{when}  {_line(hit.blog)}  [{_line(hit.source)}#{hit.id}]"]
    if hit.headline:
        lines.append(f"  {_line(hit.headline)}")
    snippet = _line(hit.plain_snippet)
    if snippet:
        lines.append(f"  {snippet}")
    if hit.speakers:
        lines.append(f"  speakers: {_line(', '.join(hit.speakers))}")
    return lines


def run_search(argv: Sequence[str]) -> int:
    """Run `liveblog search`: print matching updates (or a speaker's words), newest first. Returns the status."""
    parser = build_search_parser()
    args = parser.parse_args(argv)
    if not (args.query or args.speaker or args.topic):
        return fail("search: give a query, --speaker NAME or --topic NAME")
    if args.limit < 0:
        return fail(f"search: --limit must be 0 or more, not {args.limit}")
    try:
        library = _open()
    except LibraryError as exc:
        return fail(str(exc))
    with library:
        try:
            hits = library.search(args.query, speaker=args.speaker, topic=args.topic, limit=args.limit or None)
        except QuerySyntaxError as exc:
            return fail(f"search: {exc}")
        except sqlite3.OperationalError as exc:
            return fail(f"search: the query cannot be searched ({exc})")
        except sqlite3.Error as exc:
            return fail(f"search: the library cannot be read ({exc})")
    if args.format == "json":
        payload = {"results": [hit.to_json() for hit in hits]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        for hit in hits:
            sys.stdout.write("\n".join(hit_lines(hit)) + "\n\n")
        if not hits:
            print("no results", file=sys.stderr)
    return 0


def run_library(argv: Sequence[str], parse_options: ParseOptionsCli) -> int:
    """Run `liveblog library`: the library screen. Returns the exit status."""
    parser = argparse.ArgumentParser(prog=f"{PROG} library", description="Browse and search the library: every "
                                     "blog opened, exported, followed or added.")
    parse_options.add(parser)
    args = parser.parse_args(argv)
    if not library_enabled():
        return fail("the library is switched off ($LIVEBLOG_NO_LIBRARY is set)")
    try:
        library, notice = open_library()
    except LibraryError as exc:
        return fail(str(exc))
    from tui.articles import Settings
    from tui.screens.library import LibraryApp

    settings = Settings(options=parse_options.read(args), topics_file=args.topics)
    if notice:
        settings.library.notices.append(notice)
    app = LibraryApp(library, settings)
    try:
        app.run()
    finally:
        library.close()
        settings.library.close()
    return app.return_code or 0
