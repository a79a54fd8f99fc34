"""Regex helper: one fast pattern for a large set of literal words."""

from __future__ import annotations

import re
from typing import Any


def trie_pattern(words: list[str]) -> str:
    """Return a regex source matching any of `words`, factored as a trie so matching stays fast.

    An alternation of many literals is tried one by one at every position; a trie shares
    prefixes, so each position costs about one character comparison per level.

    The trie is walked with an explicit stack, not by recursion: its depth is the length of the
    longest word, and words come from the user's topics file (a 500-character term was a
    RecursionError). The regex's nesting is one group per word that is a prefix of another, so
    callers cap the length of words they take from outside.
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    # Post-order: a node's pattern is built once all its children's patterns are known.
    built: dict[int, str] = {}
    stack: list[tuple[dict[str, Any], bool]] = [(trie, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for ch, child in node.items() if ch)
            continue
        branches = [re.escape(ch) + built.pop(id(child)) for ch, child in sorted(node.items()) if ch]
        if not branches:
            built[id(node)] = ""
            continue
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        built[id(node)] = f"(?:{body})?" if "" in node else body
    return built[id(trie)]


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
        branches.append(re.escape(first) + boundary + trie_pattern(sorted(rest)))
    return "(?:" + "|".join(branches) + ")" if branches else "(?!)"
