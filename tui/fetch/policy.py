"""When to poll again: the interval, its floor, and exponential backoff with jitter after failures."""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Mapping

DEFAULT_INTERVAL = 30.0
MIN_INTERVAL = 5.0
MAX_BACKOFF = 300.0
# Tests (and only tests) may poll faster: this environment variable lowers the floor.
MIN_INTERVAL_ENV = "LIVEBLOG_MIN_INTERVAL"


def min_interval(environ: Mapping[str, str] | None = None) -> float:
    """Return the shortest poll interval allowed: `MIN_INTERVAL`, or `$LIVEBLOG_MIN_INTERVAL` when set.

    The variable exists so tests can poll a loopback server every fraction of a second; an
    unreadable or non-positive value is ignored.
    """
    env = os.environ if environ is None else environ
    try:
        value = float(env.get(MIN_INTERVAL_ENV, ""))
    except ValueError:
        return MIN_INTERVAL
    return value if 0 < value < MIN_INTERVAL else MIN_INTERVAL


def retry_delay(
    interval: float,
    failures: int,
    retry_after: float | None = None,
    rand: Callable[[], float] = random.random,
) -> float:
    """Return the seconds to wait before retrying after `failures` (>= 1) failures in a row.

    The wait doubles with each failure, from `interval` up to `MAX_BACKOFF` (or `interval`, if
    longer), and is drawn between half and all of that ("equal jitter"), so that many readers
    failing together do not retry together. A server's `Retry-After` is a lower bound.
    """
    ceiling = max(MAX_BACKOFF, interval)
    base = min(ceiling, interval * 2 ** max(0, failures - 1))
    delay = base * (0.5 + rand() / 2)
    return float(max(delay, retry_after)) if retry_after is not None else float(delay)


def format_wait(seconds: float) -> str:
    """Return a wait for the status line: "20 s", or "4 min" from two minutes on."""
    if seconds < 120:
        return f"{max(1, round(seconds))} s"
    return f"{round(seconds / 60)} min"
