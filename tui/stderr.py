"""One-line messages on stderr: errors (exit status 2) and warnings, safe to show on a terminal."""

from __future__ import annotations

import sys

PROG = "liveblog"

def one_line(message: str) -> str:
    """Return `message` cleaned like article text (`clean_text`), its newlines and tabs shown as ``\\n``/``\\t``.

    File names and error texts can hold newlines and escape sequences: the same cleaning as
    article text removes the escape sequences and invisible characters, and a message naming
    such a file is still one harmless line on the terminal.
    """
    from parsers.normalise.clean import clean_text

    return clean_text(message).replace("\n", "\\n").replace("\t", "\\t")


def fail(message: str) -> int:
    """Print a one-line error on stderr and return the exit status for bad input (2)."""
    print(f"{PROG}: {one_line(message)}", file=sys.stderr)
    return 2


def warn(message: str) -> None:
    """Print a one-line warning on stderr."""
    print(f"{PROG}: warning: {one_line(message)}", file=sys.stderr)
