"""The `liveblog` command: open the reader, or `liveblog export` an article to stdout.

This module imports neither Textual nor the HTML stack at start-up; each is loaded only
when the chosen command needs it.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from parsers.errors import LiveBlogError
from parsers.export import FORMATS
from parsers.options import ParseOptions
from parsers.query import ORDERS
from parsers.read.input import DEFAULT_MAX_BYTES
from tui.stderr import PROG, fail, warn

if TYPE_CHECKING:
    from parsers.model import LiveBlog, Update
    from tui.fetch.follow import Follower, FollowOptions

SAMPLE_NAME = "telegraph-2017-04-12-trump-russia-nato.txt"


def default_article() -> Path:
    """Return the bundled sample article.

    Installed from a wheel it is package data (`tui.sample_articles`, mapped from the top-level
    `sample_articles/` in `pyproject.toml`); in a source checkout it is `sample_articles/` beside `tui/`.
    """
    packaged = Path(__file__).resolve().parent / "sample_articles" / SAMPLE_NAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parent.parent / "sample_articles" / SAMPLE_NAME


class UsageError(Exception):
    """A command-line value is wrong; the message is one line for the user."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and status 2, like bad input (not usage + error)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


def parse_date(value: str) -> date:
    """Return the date in a YYYY-MM-DD option value."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def parse_zone(value: str) -> tzinfo:
    """Return the tzinfo for an IANA zone name option value (or UTC)."""
    import warnings

    from dateutil import tz

    zone: tzinfo | None = None
    if value.upper() == "UTC":
        zone = tz.UTC
    elif _ZONE_NAME.fullmatch(value) and ".." not in value.split("/"):
        # Only names shaped like "Area/Location": dateutil also reads any file path it is given
        # (`--tz ../../etc/passwd`), and warns or raises on what it finds there.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                zone = tz.gettz(value)
            except (ValueError, OSError, OverflowError):
                zone = None
    if zone is None:
        raise argparse.ArgumentTypeError(f"unknown time zone {value!r} (use an IANA name like Europe/London)")
    return zone


# An IANA zone name: "Europe/London", "America/Argentina/Buenos_Aires", "Etc/GMT+5".
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)+")


def parse_size(value: str) -> int:
    """Return a byte count from an option value such as "256MB", "1G" or "1048576"."""
    text = value.strip().upper().removesuffix("B").removesuffix("I")
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:], 1)
    digits = text[:-1] if scale > 1 else text
    try:
        size = int(float(digits) * scale)
    except (ValueError, OverflowError):  # "inf", "1e400" and "nan" are floats, but no size
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (try 256MB)") from None
    if size <= 0:
        raise argparse.ArgumentTypeError(f"size must be positive: {value!r}")
    return size


def program_version() -> str:
    """Return the installed package's version ("unknown" when run from a source tree without metadata)."""
    from importlib import metadata

    try:
        return metadata.version("liveblog-reader")
    except metadata.PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse.Action):
    """`--version`: print "liveblog VERSION" and exit 0 (the version is looked up only when asked)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest=dest, nargs=0, default=argparse.SUPPRESS,
                         help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        print(f"{PROG} {program_version()}")
        parser.exit(0)


def _add_parse_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=parse_date, help="the day the blog began (YYYY-MM-DD), for sources "
                        "whose timestamps carry no date")
    parser.add_argument("--tz", type=parse_zone, help="IANA time zone of the blog's clock times, e.g. Europe/London")
    parser.add_argument("--max-size", type=parse_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                        help="refuse input files, or fetched pages once decompressed, larger than this (default 256MB)")
    parser.add_argument("--topics", metavar="FILE", help="TOML file of user topics (see README)")


def build_export_parser() -> argparse.ArgumentParser:
    """Return the argument parser for `liveblog export`."""
    parser = OneLineParser(prog=f"{PROG} export", description="Print a live blog as JSON, Markdown or text.")
    parser.add_argument("path", help="a saved live blog (HTML, MHTML or text), or its http(s) URL")
    parser.add_argument("--format", choices=FORMATS, default="json")
    parser.add_argument("--order", choices=ORDERS, default="newest",
                        help="newest: newest first, as in the reader (default); chronological: oldest first; "
                        "published: as in the source")
    _add_parse_options(parser)
    _add_url_options(parser, reader=False)
    parser.add_argument("--version", action=_VersionAction)
    return parser


def build_reader_parser() -> argparse.ArgumentParser:
    """Return the argument parser for the reader (`liveblog [PATH ...]`)."""
    parser = OneLineParser(
        prog=PROG,
        description="A keyboard-driven terminal reader for saved news live blogs. With no PATH it opens the "
        "bundled sample; with several paths or a directory it opens an article picker.",
        epilog=f"Export instead of reading: {PROG} export PATH --format {'|'.join(FORMATS)}. The library: "
        f"{PROG} add PATH|FOLDER, {PROG} search QUERY [--speaker NAME] [--topic NAME], {PROG} library. "
        "Data dir (read state, bookmarks): $LIVEBLOG_DATA_DIR or the XDG data dir.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="saved live blog files (HTML, MHTML, text) or directories; or one http(s) URL to follow",
    )
    _add_parse_options(parser)
    _add_url_options(parser, reader=True)
    parser.add_argument("--version", action=_VersionAction)
    return parser


def parse_interval(value: str) -> float:
    """Return the seconds of an `--interval` value: a number no smaller than the polling floor (5)."""
    from tui.fetch.policy import min_interval

    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not math.isfinite(seconds):
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}")
    if seconds < min_interval():
        raise argparse.ArgumentTypeError(f"interval must be at least {min_interval():g} seconds: {value!r}")
    return seconds


def _add_url_options(parser: argparse.ArgumentParser, *, reader: bool) -> None:
    group = parser.add_argument_group("for a URL")
    if reader:
        group.add_argument("--interval", type=parse_interval, default=30.0, metavar="SECONDS",
                           help="seconds between polls of the page (default 30, at least 5)")
        group.add_argument("--bell", action="store_true", help="ring the bell when a new update matches the filters")
    group.add_argument("--all-pages", action="store_true",
                       help="also fetch the blog's own older pages (its pagination links, same site, up to 20 pages)")
    group.add_argument("--offline", action="store_true",
                       help="make no request: use the latest copy kept in the data dir")


def is_url(text: str) -> bool:
    """Return True when a command-line argument is a URL (`scheme://...`) rather than a path."""
    head, sep, _rest = text.partition("://")
    return bool(sep) and head[:1].isalpha() and all(c.isalnum() or c in "+.-" for c in head)


def url_follower(url: str, options: ParseOptions, topics_file: str | None, follow: FollowOptions) -> Follower:
    """Return the `Follower` for `url`: parsing as the options say, keeping copies in the data dir.

    Raises `LiveBlogError` when `url` is not an http(s) URL.
    """
    from parsers.pipeline import enrich_blog, parse_bytes
    from tui.fetch.client import Limits, is_web_url
    from tui.fetch.follow import Follower
    from tui.state import data_dir

    if not is_web_url(url):
        raise LiveBlogError(f"{url}: only http and https URLs are fetched")

    def parse(data: bytes, page_url: str) -> LiveBlog:
        return enrich_blog(parse_bytes(data, page_url, options), topics_file)

    return Follower(url, parse, limits=Limits(max_bytes=options.max_bytes), options=follow, store_root=data_dir())


def options_from(args: argparse.Namespace) -> ParseOptions:
    """Return the `ParseOptions` that parsed command-line arguments ask for."""
    return ParseOptions(date=args.date, tz=args.tz, max_bytes=args.max_size)


def iter_json(blog: LiveBlog, updates: Sequence[Update], batch: int = 1 << 20) -> Iterator[str]:
    """Yield the JSON export of `blog` (exactly `parsers.export.to_json`'s text) in pieces of ~`batch` chars.

    The whole text of a 200 MB article would take many times its size in memory; streaming it
    keeps the export within the memory of the parsed blog.
    """
    from parsers.export import iter_indented, liveblog_to_dict
    from parsers.pipeline import collector_paused

    with collector_paused():  # many small objects, no cycles; on again when the export ends or is abandoned
        pieces = iter_indented(liveblog_to_dict(blog, updates), batch)
        last = next(pieces)
        for piece in pieces:
            yield last
            last = piece
        yield last + "\n"


def run_export(argv: Sequence[str]) -> int:
    """Run `liveblog export`: print the article in the chosen format. Returns the exit status."""
    args = build_export_parser().parse_args(argv)
    from parsers.export import render
    from parsers.pipeline import enrich_blog, parse_bytes
    from parsers.query import ordered
    from parsers.read.input import read_input

    options = options_from(args)
    try:
        data: bytes | None = None
        if is_url(args.path):
            from tui.fetch.follow import FollowOptions, fetch_once

            follow = FollowOptions(all_pages=args.all_pages, offline=args.offline)
            follower = url_follower(args.path, options, args.topics, follow)
            blog = fetch_once(follower, offline=args.offline)
            if follower.copy_from is not None:
                warn(f"exporting the copy fetched at {follower.copy_from.astimezone():%Y-%m-%d %H:%M:%S}")
            if follower.store_problem:
                warn(follower.store_problem)
        else:
            # What `load_liveblog` does, keeping the bytes: the library checks a later open against them.
            data = read_input(args.path, options.max_bytes)
            blog = enrich_blog(parse_bytes(data, args.path, options), args.topics)
    except LiveBlogError as exc:
        return fail(str(exc))
    for warning in blog.warnings:
        warn(warning)
    record_export(blog, args, data)
    del data
    chosen = ordered(blog.updates, args.order)
    chunks = iter_json(blog, chosen) if args.format == "json" else iter([render(blog, args.format, chosen)])
    try:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader closed the pipe (e.g. `| head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def fetch_url(url: str, options: ParseOptions, topics_file: str | None) -> LiveBlog:
    """Return the blog at `url`, fetched once now (for `liveblog add URL`). Raises `LiveBlogError`."""
    from tui.fetch.follow import FollowOptions, fetch_once

    return fetch_once(url_follower(url, options, topics_file, FollowOptions()))


def record_export(blog: LiveBlog, args: argparse.Namespace, data: bytes | None) -> None:
    """Record an exported blog, parsed from `data` (None: fetched), in the library (trouble: a notice on stderr)."""
    from tui.library.store import library_enabled, options_key, record

    if library_enabled():
        notice = record(blog, source=args.path, how="exported", data=data,
                        options=options_key(options_from(args), args.topics))
        if notice:
            warn(notice)


def run_reader(argv: Sequence[str]) -> int:
    """Run the interactive reader on the given paths. Returns the exit status."""
    args = build_reader_parser().parse_args(argv)
    from tui.launch import launch

    paths = args.paths or [str(default_article())]
    try:
        if any(is_url(path) for path in paths):
            from tui.fetch.follow import FollowOptions
            from tui.launch import launch_url

            if len(paths) > 1:
                return fail("a URL is opened on its own: give one URL, or files")
            follow = FollowOptions(interval=args.interval, all_pages=args.all_pages, bell=args.bell,
                                   offline=args.offline)
            return launch_url(url_follower(paths[0], options_from(args), args.topics, follow),
                              options_from(args), topics_file=args.topics)
        return launch(paths, options_from(args), topics_file=args.topics)
    except LiveBlogError as exc:
        return fail(str(exc))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `liveblog` console script."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments[:1] == ["export"]:
            return run_export(arguments[1:])
        if arguments[:1] in (["add"], ["search"], ["library"]):
            from tui.library import cli as library_cli

            parse_options = library_cli.ParseOptionsCli(_add_parse_options, options_from, fetch_url)
            if arguments[0] == "search":
                return library_cli.run_search(arguments[1:])
            run = library_cli.run_add if arguments[0] == "add" else library_cli.run_library
            return run(arguments[1:], parse_options)
        return run_reader(arguments)
    except UsageError as exc:
        return fail(str(exc))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
