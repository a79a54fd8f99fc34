"""`id_tokens` (the forms of an id that may match across sources) and an entry's ids (`scan_entry`)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.etree
import pytest
from conftest import html_pages
from hypothesis import given
from hypothesis import strategies as st

from parsers.extract.html.dom import decode_html, parse_document
from parsers.extract.html.entries import id_tokens, scan_entry


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


def ids_by_walking(entry: lxml.etree._Element) -> tuple[str, ...]:
    """The ids of `entry` and its descendants, in document order: the first 40 among its first 801 nodes."""
    ids: list[str] = []
    for count, element in enumerate(entry.iter()):
        if count > 800 or len(ids) >= 40:
            break
        ident = element.get("id") if isinstance(element.tag, str) else None
        if ident:
            ids.append(ident)
    return tuple(ids)


@pytest.mark.parametrize("page", html_pages(), ids=lambda p: p.name)
def test_element_ids_of_every_element(page: Path) -> None:
    text, _ = decode_html(page.read_bytes(), str(page))
    root, _ = parse_document(text, str(page))
    for element in root.iter():
        if isinstance(element.tag, str):
            assert scan_entry(element).ids == ids_by_walking(element)
