"""`id_tokens`: the forms of an element id or JSON-LD key that may match across sources."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from parsers.html_entries import id_tokens


def tokens_by_the_rule(value: str) -> tuple[str, ...]:
    """The rule written out plainly: the whole id, then each part of 5+ characters with a digit,
    then each part's trailing run of 3+ digits; case-folded, without repeats."""
    value = value.strip()
    tokens: dict[str, None] = {value.casefold(): None} if value else {}
    for part in re.findall(r"[A-Za-z0-9]+", value):
        if len(part) >= 5 and any(ch.isdigit() for ch in part):
            tokens[part.casefold()] = None
        digits = re.search(r"(\d{3,})$", part)
        if digits:
            tokens[digits.group(1)] = None
    return tuple(tokens)


def test_known_ids() -> None:
    assert id_tokens("post-1288914") == ("post-1288914", "1288914")
    assert id_tokens("Main-Nav") == ("main-nav",)
    assert id_tokens("751105") == ("751105",)
    assert id_tokens("block-64621c7f8f08a5d0a7f2c3e1") == ("block-64621c7f8f08a5d0a7f2c3e1",
                                                           "64621c7f8f08a5d0a7f2c3e1")
    assert id_tokens("   ") == ()


@given(st.text(alphabet=st.sampled_from(list("aZ09-_ #\u0661\u00e9")), max_size=20))
def test_tokens_follow_the_rule(value: str) -> None:
    assert id_tokens(value) == tokens_by_the_rule(value)
