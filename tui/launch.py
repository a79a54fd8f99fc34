"""Start the reader (placeholder until the Textual app lands: prints the article as text)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from parsers.export import to_text
from parsers.loader import load_liveblog
from parsers.options import ParseOptions


def launch(paths: Sequence[str], options: ParseOptions, topics_file: str | None = None) -> int:
    """Load the first article and print it. Raises `LiveBlogError` on bad input."""
    blog = load_liveblog(paths[0], options, topics_file=topics_file)
    sys.stdout.write(to_text(blog))
    return 0
