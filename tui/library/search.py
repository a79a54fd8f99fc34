"""The user's search language, turned into a safe SQLite FTS5 query; and name matching for speakers.

Accepted: words (all must match), ``"a phrase"``, a prefix ``lavr*`` (also ``"a phr"*``), the
operators ``AND``, ``OR``, ``NOT`` in capitals, and parentheses. Every word and phrase reaches
FTS5 as a quoted string, so punctuation in a word (``U.S.``, ``Putin's``, ``al-Assad``) is
never FTS5 syntax. Matching ignores case and diacritics (the index's tokenizer folds both).
"""

from __future__ import annotations

import re
import unicodedata

OPERATORS = ("AND", "OR", "NOT")
# A quoted phrase, a parenthesis, or a run of anything else; each optionally followed by `*`.
_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"(?P<pstar>\*?)|(?P<paren>[()])|(?P<word>[^\s"()]+)')


class QuerySyntaxError(ValueError):
    """The user's query cannot be searched; the message is one line for the user."""


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def fts_query(query: str) -> str:
    """Return the FTS5 MATCH expression for the user's `query`.

    Accepts the language in this module's docstring. Raises `QuerySyntaxError` for an unclosed
    quote or parenthesis, an operator with nothing on one side, or a query with no word in it.
    """
    text = unicodedata.normalize("NFC", query).strip()
    if text.count('"') % 2:
        raise QuerySyntaxError("unclosed quotation mark in the query")
    parts: list[str] = []
    depth = 0
    expect_operand = True  # at the start, after an operator or after "("
    for match in _TOKEN.finditer(text):
        if match["paren"] == "(":
            if not expect_operand:
                parts.append("AND")
            parts.append("(")
            depth += 1
            continue
        if match["paren"] == ")":
            if depth == 0:
                raise QuerySyntaxError("a ')' closes nothing in the query")
            if expect_operand:
                raise QuerySyntaxError("nothing to search for before ')'")
            parts.append(")")
            depth -= 1
            continue
        word = match["word"]
        if word in OPERATORS:
            if expect_operand:
                raise QuerySyntaxError(f"{word} needs something to search for on both sides")
            parts.append(word)
            expect_operand = True
            continue
        if word is not None:
            prefix = word.endswith("*")
            term = word.rstrip("*")
        else:
            prefix = bool(match["pstar"])
            term = match["phrase"]
        if not _has_word(term):
            continue  # punctuation alone: nothing the index holds
        if not expect_operand:
            parts.append("AND")
        parts.append('"' + term.replace('"', '""') + '"' + (" *" if prefix else ""))
        expect_operand = False
    if depth:
        raise QuerySyntaxError("unclosed '(' in the query")
    if expect_operand:
        if parts and parts[-1] in OPERATORS:
            raise QuerySyntaxError(f"{parts[-1]} needs something to search for on both sides")
        raise QuerySyntaxError("the query has no word to search for")
    return " ".join(parts)


def fold(text: str) -> str:
    """Return `text` case-folded and without diacritics ("Lavróv" -> "lavrov"), as the index compares."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_words(name: str) -> tuple[str, ...]:
    """Return the folded words of a person's name ("Jean-Yves Le Drian" -> jean, yves, le, drian)."""
    return tuple(re.findall(r"\w+", fold(name)))


def name_matches(wanted: str, name: str) -> bool:
    """Return True when every word of `wanted` is a word of `name` ("Lavrov" matches "Sergei Lavrov").

    Case and diacritics are ignored; an empty `wanted` matches nothing.
    """
    words = name_words(wanted)
    return bool(words) and set(words) <= set(name_words(name))
