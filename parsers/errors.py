"""The project's own error types: everything a parser raises on bad input is one of these."""

from __future__ import annotations


class LiveBlogError(Exception):
    """Base class for every error the parsers raise deliberately.

    Its message is one line, fit to print to a user as it is.
    """


class InputError(LiveBlogError):
    """The input file cannot be read or is not a live blog we can parse.

    The message names the file and the problem: ``"PATH: problem"``.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")
