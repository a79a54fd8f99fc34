"""Regex helper: one fast pattern for a large set of literal words."""

from __future__ import annotations

import functools
import re
from typing import Any


def trie_pattern(words: list[str]) -> str:
    """Return a regex source matching any of `words`, factored as a trie so matching stays fast.

    An alternation of many literals is tried one by one at every position; a trie shares
    prefixes, so each position costs about one character comparison per level.

    The regex's nesting is one group per word that is a prefix of another, so callers cap the
    length of words they take from outside. The same word lists recur (the speech verbs go into
    several patterns of a language, the titles into patterns of several modules), so sources
    are remembered per word list.
    """
    return _memoised_trie_pattern(tuple(words))


@functools.lru_cache(maxsize=64)
def _memoised_trie_pattern(words: tuple[str, ...]) -> str:
    """`trie_pattern` of a word tuple, remembered (a pure function of the words)."""
    return _trie_source(sorted(set(words)))


def _trie_source(ordered: list[str]) -> str:
    """Return the trie regex source of sorted, distinct `ordered` words (see `trie_pattern`).

    A trie node is a run of consecutive words sharing their first `depth` characters, so the
    words themselves are the trie: no node objects are built. Each node's branches are sorted
    by character and a node where a word ends is optional (longer words are tried first).

    The trie is walked with an explicit stack, not by recursion: its depth is the length of the
    longest word, and words come from the user's topics file (a 500-character term was a
    RecursionError).
    """
    if not ordered:
        return ""
    # One frame per node on the path being built: [depth, next word index, stop index, a word
    # ends here, branch sources so far]; a child's source is appended to its branch when done.
    stack: list[list[Any]] = [_frame(ordered, 0, 0, len(ordered))]
    while True:
        frame = stack[-1]
        depth, at, stop, _, branches = frame
        if at < stop:
            char = ordered[at][depth]
            after = at + 1
            while after < stop and ordered[after][depth] == char:
                after += 1
            frame[1] = after
            branches.append(re.escape(char))
            stack.append(_frame(ordered, depth + 1, at, after))
            continue
        stack.pop()
        source = _node_source(branches, frame[3])
        if not stack:
            return source
        stack[-1][4][-1] += source


def _frame(ordered: list[str], depth: int, start: int, stop: int) -> list[Any]:
    """Return the stack frame of the node made of `ordered[start:stop]` at `depth` (see `_trie_source`).

    The words of a node are sorted, so a word ending at the node is its first one.
    """
    ends = len(ordered[start]) == depth
    return [depth, start + ends, stop, ends, []]


def _node_source(branches: list[str], ends: bool) -> str:
    """Return the regex source of a trie node from its branches' sources, optional when a word `ends` there."""
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body


def word_start_trie_pattern(words: list[str]) -> str:
    r"""Return a regex source matching any of `words` at the start of a word: the matches of `\b(?:trie)`.

    Each first letter is followed by a lookbehind that checks the character before it, instead of
    a leading `\b`: a pattern that opens with literal letters lets the regex engine skip straight
    to the positions holding one of them, where `\b` makes it try every position of the text.
    Accepts non-empty words.
    """
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rest in sorted(rests.items()):
        # `\b` before a word character: no word character before it; before any other: one
        boundary = r"(?<!\w.)" if re.match(r"\w", first) else r"(?<=\w.)"
        branches.append(re.escape(first) + boundary + _trie_source(sorted(set(rest))))
    return "(?:" + "|".join(branches) + ")" if branches else "(?!)"
