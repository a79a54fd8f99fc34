"""Options that change how an article is parsed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo

from parsers.read.input import DEFAULT_MAX_BYTES


@dataclass(slots=True, frozen=True)
class ParseOptions:
    """What the user told us about the article.

    `date` is the day the blog started (its oldest update's date) and `tz` the zone its
    clock times are in; both matter for sources whose timestamps carry no date.
    """

    date: date | None = None
    tz: tzinfo | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
