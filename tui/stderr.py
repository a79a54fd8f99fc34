"""One-line messages on stderr: errors (exit status 2) and warnings, safe to show on a terminal."""

from __future__ import annotations

import re
import sys

PROG = "liveblog"

# Characters that would break a message's single line or reach the terminal as control:
# C0 (tab included), DEL, C1, line/paragraph separators and bidi embedding/override/isolate.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(message: str) -> str:
    """Return `message` with every control character shown as a visible escape (``\\n``, ``\\x1b``).

    File names can hold newlines and escape sequences; a message naming one must still be
    one harmless line on the terminal.
    """
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], message)


def fail(message: str) -> int:
    """Print a one-line error on stderr and return the exit status for bad input (2)."""
    print(f"{PROG}: {one_line(message)}", file=sys.stderr)
    return 2


def warn(message: str) -> None:
    """Print a one-line warning on stderr."""
    print(f"{PROG}: warning: {one_line(message)}", file=sys.stderr)
