"""Loading an HTML document into an lxml tree, and small tree helpers that never recurse.

lxml is used directly rather than through BeautifulSoup: building a bs4 tree for the 1.3 MB
Mirror page alone takes longer than the whole parse may, and bs4's tree methods recurse
(5,000-deep nesting raises RecursionError). The declared encoding is found with bs4's own two
patterns, copied here: importing bs4 for them cost more than parsing most pages. libxml2 caps
tree depth (2,048 with `huge_tree`), so a pathologically deep page loses its deepest text
instead of crashing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache, wraps
from typing import TypeAlias, TypeVar, cast

import lxml.etree

from parsers.errors import InputError
from parsers.read.input import decode_bytes

# The tree is built with lxml.etree's own HTML parser, not lxml.html's: the same libxml2 parse,
# but lxml.html picks each element's Python class through a Python callback every time an
# element is touched, which was a tenth of the parse on pages of thousands of entries. Only
# the plain `_Element` API is used.
HtmlElement: TypeAlias = lxml.etree._Element

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# bs4's `EncodingDetector.find_declared_encoding(..., is_html=True)` rules (bs4/dammit.py): an XML
# prolog's encoding within the first 1,024 bytes, else a meta charset within the first 2,048 bytes
# or 5% of what is searched, whichever is longer. A test checks they agree with bs4's.
_DECLARED_XML = re.compile(rb"^\s*<\?.*encoding=['\"](.*?)['\"].*\?>", re.IGNORECASE)
_DECLARED_META = re.compile(rb"<\s*meta[^>]+charset\s*=\s*[\"']?([^>]*?)[ /;'\">]", re.IGNORECASE)
_DECLARATION_SEARCH_BYTES = 65536  # the head of the page searched for a declaration


def declared_encoding(data: bytes) -> str | None:
    """Return the charset an HTML document declares (meta charset, http-equiv or XML prolog), or None.

    The name is lower-cased and not checked: `decode_bytes` treats an unknown one as no declaration.
    """
    head = data[:_DECLARATION_SEARCH_BYTES]
    found = _DECLARED_XML.search(head, 0, 1024) or _DECLARED_META.search(head, 0, max(2048, len(head) // 20))
    name = found.group(1) if found else b""
    return name.decode("ascii", "replace").lower() or None


def decode_html(data: bytes, path: str, charset: str | None = None) -> tuple[str, str | None]:
    """Decode HTML bytes, honouring a BOM, then `charset` or the page's own declaration.

    Returns ``(text, warning_or_None)``; raises `InputError` for undecodable or binary data.
    """
    return decode_bytes(data, path, declared=charset or declared_encoding(data))


def parse_document(text: str, path: str, utf8: bytes | None = None) -> tuple[HtmlElement, list[str]]:
    """Return the root `<html>` element of decoded HTML text, and warnings about the parse.

    Accepts any str; raises `InputError` if no document can be built at all. libxml2 stops
    at nesting deeper than 2,048 elements and drops the rest of the page; when that happens
    the markup is flattened below `MAX_DEPTH` (text kept) and parsed again, with a warning.
    `utf8`, when given, must be the bytes `text` is the strict UTF-8 decoding of: when the
    text needs no cleaning they are what it would be encoded to, so they are parsed as they
    are (encoding a 1.3 MB page back to UTF-8 cost more than decoding it).
    """
    if utf8 is not None and b"\x00" not in utf8 and not _XML_DECLARATION.match(text):
        if not text or text.isspace():
            raise InputError(path, "empty HTML document")
        root, too_deep = _parse_bytes(utf8, path)
        if not too_deep:
            return root, []
    cleaned = _XML_DECLARATION.sub("", text, count=1).replace("\x00", "")
    if not cleaned.strip():
        raise InputError(path, "empty HTML document")
    root, too_deep = _parse(cleaned, path)
    if not too_deep:
        return root, []
    root, _ = _parse(flatten_deep_nesting(cleaned, MAX_DEPTH), path)
    return root, [f"{path}: markup nested over {MAX_DEPTH} levels deep was flattened; layout may be lost"]


def _parse(text: str, path: str) -> tuple[HtmlElement, bool]:
    """Parse HTML text; return the root and whether libxml2 hit its nesting limit."""
    return _parse_bytes(text.encode("utf-8", errors="replace"), path)


def _parse_bytes(data: bytes, path: str) -> tuple[HtmlElement, bool]:
    """Parse UTF-8 HTML bytes; return the root and whether libxml2 hit its nesting limit."""
    parser = lxml.etree.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True)
    try:
        root = lxml.etree.fromstring(data, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(path, f"not parseable as HTML ({exc})") from None
    if root is None:  # the message lxml.html's document_fromstring gave
        raise InputError(path, "not parseable as HTML (Document is empty)")
    too_deep = any("excessive depth" in (entry.message or "").lower() for entry in parser.error_log)
    document: HtmlElement = root
    return document, too_deep


MAX_DEPTH = 512
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w:-]*)\b[^>]*>", re.DOTALL)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def flatten_deep_nesting(text: str, max_depth: int) -> str:
    """Return `text` with the tags nested deeper than `max_depth` removed (their text stays).

    A linear scan over tags, used only for pathological pages: it does not understand
    script content or misnested markup, it just keeps the tree shallow enough to parse.
    """
    pieces: list[str] = []
    depth = 0
    position = 0
    for match in _TAG.finditer(text):
        name = match.group(2)
        if name is None or name.lower() in _VOID or match.group(0).endswith("/>"):
            continue
        closing = match.group(1) == "/"
        if not closing:
            depth += 1
        drop = depth > max_depth
        if closing:
            depth = max(0, depth - 1)
        if drop:
            pieces.append(text[position:match.start()])
            pieces.append(" ")
            position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def parse_fragment(markup: str) -> HtmlElement | None:
    """Return a `<div>` wrapping an HTML fragment (as found in JSON-LD bodies), or None if unparseable."""
    if not markup.strip():
        return None
    parser = lxml.etree.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True)
    try:
        root = lxml.etree.fromstring(
            f"<html><body><div>{markup}</div></body></html>".encode("utf-8", errors="replace"), parser=parser
        )
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return None
    if root is None:
        return None
    found: HtmlElement | None = root.find("body/div")
    return found


# Markup that could change how libxml2 reads what follows it in the same document (raw-text
# and document-level elements, comments, processing instructions), matched in lower-cased
# text: a fragment holding any, or a NUL, is parsed on its own. (Starting with a literal "<"
# and without IGNORECASE, the search jumps from one "<" to the next: several times faster.)
_UNBATCHABLE = re.compile(
    r"<(?:\s*/?\s*(?:html|head|body|meta|base|script|style|title|textarea|xmp|plaintext|iframe|noembed"
    r"|noframes|noscript|frameset|frame|template|svg|math|select|option)\b|[!?])")
_FRAGMENT_MARK = "data-liveblog-fragment"


def parse_fragments(markups: list[str]) -> list[HtmlElement | None]:
    """Return, for each fragment in `markups`, what `parse_fragment` returns for it.

    Parsing each one costs a parser and a document; so the fragments go through libxml2 in
    one document, each inside its own marked `<div>`, the markup that could spill from one
    into the next (`_UNBATCHABLE`) aside. The batch is used only when its `<body>` holds
    exactly those divs, in order, with nothing between them: no fragment closed its div
    early or left an element open over the next. Otherwise each fragment is parsed alone.
    """
    results: list[HtmlElement | None] = [None] * len(markups)
    batch = [i for i, markup in enumerate(markups) if markup.strip() and "<" in markup]
    joined = "\n".join(markups[i] for i in batch)  # a separator ends a tag name cut off at the end of one
    if "\x00" in joined or _FRAGMENT_MARK in joined or _UNBATCHABLE.search(joined.lower()):
        batch = [i for i in batch if _batchable(markups[i])]  # rare: find which ones
    batched = _parse_batch([markups[i] for i in batch]) if len(batch) > 1 else None
    done = set(batch) if batched is not None else set()
    if batched is not None:
        for index, element in zip(batch, batched, strict=True):
            results[index] = element
    for index, markup in enumerate(markups):
        if index not in done:
            results[index] = parse_fragment(markup)
    return results


def _batchable(markup: str) -> bool:
    """Return True if a fragment can be parsed in one document with others (see `parse_fragments`)."""
    return "\x00" not in markup and _FRAGMENT_MARK not in markup and not _UNBATCHABLE.search(markup.lower())


def _parse_batch(markups: list[str]) -> list[HtmlElement] | None:
    """Return the `<div>` of each fragment parsed in one document, or None if they did not stay apart."""
    pieces = [f'<div {_FRAGMENT_MARK}="{index}">{markup}</div>' for index, markup in enumerate(markups)]
    text = "<html><body>" + "".join(pieces) + "</body></html>"
    parser = lxml.etree.HTMLParser(encoding="utf-8", huge_tree=True, remove_comments=True)
    try:
        root = lxml.etree.fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError):
        return None
    body = root.find("body") if root is not None else None
    if body is None or body.text or len(body) != len(markups):
        return None
    divs: list[HtmlElement] = list(body)
    for index, div in enumerate(divs):
        if div.tag != "div" or div.tail or len(div.attrib) != 1 or div.get(_FRAGMENT_MARK) != str(index):
            return None
    for div in divs:
        del div.attrib[_FRAGMENT_MARK]
    return divs


@lru_cache(maxsize=256)
def compiled_xpath(xpath: str) -> lxml.etree.XPath:
    """Return `xpath` compiled once: `element.xpath(text)` compiles the expression on every call,
    which cost more than evaluating it when run per entry on pages of thousands of entries.
    It is compiled in the faster form `attribute_steps` gives, which selects the same elements."""
    return lxml.etree.XPath(attribute_steps(xpath))


# A step selecting elements by one attribute value, or by having an attribute, that ends the path
# or is followed by another step ("descendant::*[@itemprop='author']/...").
_VALUE_STEP = re.compile(r"(?<=[:/])\*\[@([A-Za-z_][\w.-]*)='([^']*)'\](?=$|/)")
_HAS_STEP = re.compile(r"(?<=[:/])\*\[@([A-Za-z_][\w.-]*)\](?=$|/)")
# A step selecting elements with a class attribute by a test on it ("*[@class][contains(@class, 'x')]").
_CLASS_STEP = re.compile(r"(?<=[:/])\*\[@class\]\[([^\[\]]*)\](?=$|/)")
# What such a test may hold (string literals aside) for it to be a test of the class value alone,
# true or false: no number (a number in a predicate is a position), no other attribute.
_CLASS_TEST = re.compile(r"(?:@class|contains|starts-with|normalize-space|concat|not|or|and|[\s(),])*")
_LITERAL = re.compile(r"'[^']*'")
# A whole path that selects elements by one of several attribute values ("*[@a='x' or @b='x']").
_EITHER_VALUE = re.compile(r"(/?descendant::)\*\[(@[A-Za-z_][\w.-]*='[^']*'(?: or @[A-Za-z_][\w.-]*='[^']*')+)\]")
_ATTRIBUTE_VALUE = re.compile(r"@([A-Za-z_][\w.-]*)='([^']*)'")


def attribute_steps(xpath: str) -> str:
    """Return `xpath` with its attribute tests moved onto the attribute axis, selecting the same elements.

    `*[@name='value']` becomes `*/@name[.='value']/..`, `*[@name]` becomes `*/@name/..`,
    `*[@class][test of @class]` becomes `*/@class[the test of .]/..`, and a whole path
    `descendant::*[@a='x' or @b='y']` becomes `(descendant::*/@a[.='x'] | descendant::*/@b[.='y'])/..`.
    Each selects the owners of the matching attributes, which are the elements the original
    selects (lxml returns any node-set in document order); but libxml2 tests a predicate on an
    element several times slower than it walks the attribute axis: on the 1.3 MB Mirror page
    `/descendant::*[@id]` took three times as long as `/descendant::*/@id/..`. Other shapes are
    left as they are. (The publisher XPaths hold no such text inside string literals.)
    """
    either = _EITHER_VALUE.fullmatch(xpath)
    if either:
        axis = either.group(1)
        return "(" + " | ".join(f"{axis}*/@{name}[.='{value}']"
                                for name, value in _ATTRIBUTE_VALUE.findall(either.group(2))) + ")/.."
    xpath = _HAS_STEP.sub(r"*/@\1/..", xpath)
    xpath = _VALUE_STEP.sub(r"*/@\1[.='\2']/..", xpath)
    return _CLASS_STEP.sub(_class_step, xpath)


def _class_step(match: re.Match[str]) -> str:
    """Return a `_CLASS_STEP` match on the attribute axis, if its test reads the class value alone."""
    test = match.group(1)
    if not _CLASS_TEST.fullmatch(_LITERAL.sub("", test)):
        return match.group(0)
    return "*/@class[" + test.replace("@class", ".") + "]/.."


# A whole-page path that selects elements by words in their class value alone
# ("/descendant::*[@class][contains(@class, 'a') or contains(@class, 'b')]"), and one such word. Kept
# as text, compiled on first use (by `re`'s own cache): compiling a pattern at import costs start-up.
_WORD_TEST = r"contains\(@class, '[^']*'\)"
_CLASS_WORDS_PATH = rf"/descendant::\*\[@class\]\[({_WORD_TEST}(?: or {_WORD_TEST})*)\]"
_CLASS_WORD = r"contains\(@class, '([^']*)'\)"
_CLASS_VALUES = lxml.etree.XPath("/descendant::*/@class", smart_strings=False)


def page_class_values(root: lxml.etree._Element) -> frozenset[str]:
    """Return the distinct class attribute values of the document `root` belongs to."""
    values = _CLASS_VALUES(root)
    assert isinstance(values, list)
    return frozenset(cast(list[str], values))  # (plain strings: `smart_strings=False`)


@lru_cache(maxsize=64)
def class_words(xpath: str) -> tuple[str, ...] | None:
    """Return the words `xpath` looks for in class values, if it is a whole-page path selecting
    the elements whose class value contains any of them (`_CLASS_WORDS_PATH`), else None."""
    match = re.fullmatch(_CLASS_WORDS_PATH, xpath)
    return tuple(re.findall(_CLASS_WORD, match.group(1))) if match else None


def may_select_by_class(xpath: str, class_values: frozenset[str]) -> bool:
    """Return False when `xpath` selects elements by words in their class value (`class_words`)
    and none of `class_values`, a page's (`page_class_values`), holds one: it selects nothing there.

    Why: libxml2 tests such a path on every class attribute of the page, which on a page of
    thousands of entries costs far more than reading the few distinct values once.
    """
    words = class_words(xpath)
    return words is None or any(word in value for value in class_values for word in words)


def select(element: lxml.etree._Element, xpath: str) -> list[object]:
    """Return what `xpath` (compiled once, see `compiled_xpath`) selects from `element`, as a list."""
    result = compiled_xpath(xpath)(element)
    return result if isinstance(result, list) else [result]


# A path that is one step selecting descendants by tag name ("descendant::h2").
_DESCENDANT_NAME = re.compile(r"descendant::([A-Za-z_][\w.-]*)")


@lru_cache(maxsize=256)
def descendant_name(xpath: str) -> str | None:
    """Return the tag name if `xpath` is a single `descendant::name` step, else None.

    Such a path selects the descendants with that tag, in document order (the HTML parser
    gives tags no namespace): a caller that has the elements at hand need not start an XPath
    evaluation, which is most of the cost on an entry of a dozen elements.
    """
    match = _DESCENDANT_NAME.fullmatch(xpath)
    return match.group(1) if match else None


# A path's first step when it selects descendants by having one attribute, or one attribute value
# (compiled on first use, as `_CLASS_WORDS_PATH`).
_ATTRIBUTE_FIRST_STEP = r"descendant::\*\[@([A-Za-z_][\w.-]*)(?:='[^']*')?\]"


@lru_cache(maxsize=256)
def required_attribute(xpath: str) -> str | None:
    """Return the name of an attribute that a descendant must carry for `xpath` to select anything, else None.

    Accepts an XPath as written in `publishers`. When it is one location path (no union)
    whose first step is `descendant::*[@name]` or `descendant::*[@name='value']`, that step
    selects nothing from an element with no descendant carrying `name`, and so does every
    step after it: the caller that knows the attribute names below an element can skip the
    evaluation, which costs more than the walk on an entry of a dozen elements.
    """
    if "|" in xpath:
        return None
    match = re.match(_ATTRIBUTE_FIRST_STEP, xpath)
    return match.group(1) if match else None


def text_of(element: lxml.etree._Element) -> str:
    """Return the element's text: what `"".join(element.itertext())` gives.

    libxml2 gathers it in one call (the text and CDATA below the element, without comments,
    processing instructions or the element's own tail, as `itertext`); `itertext` builds a
    Python object for every node on the way and cost several times more, even on a heading
    holding one text node. A comment or processing instruction is read by `itertext`, which
    leaves out its own content.
    """
    if not isinstance(element.tag, str):
        return "".join(element.itertext())
    text: str = lxml.etree.tostring(element, method="text", encoding=str, with_tail=False)
    return text


def text_pieces(element: lxml.etree._Element) -> list[str]:
    """Return `list(element.itertext())`: the texts and tails below the element, in document order.

    lxml's `itertext` starts an event walk that costs several times the read of one text, even
    on an element with no children (a heading, a `<time>`), whose only piece is its own text.
    """
    if len(element) or not isinstance(element.tag, str):
        return list(element.itertext())
    text = element.text
    return [] if text is None else [text]


T = TypeVar("T")


def memoised_when_short(max_chars: int, maxsize: int) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Return a decorator that memoises a function of one string for strings of at most `max_chars`.

    Why: pages repeat a few class values, ids and attribute names on thousands of elements; a long
    value is worked out each time instead, so that the cache never keeps a large string alive.
    """
    def decorate(function: Callable[[str], T]) -> Callable[[str], T]:
        memo = lru_cache(maxsize=maxsize)(function)

        @wraps(function)
        def call(value: str) -> T:
            return memo(value) if len(value) <= max_chars else function(value)

        return call

    return decorate


def tag_name(element: lxml.etree._Element) -> str:
    """Return an element's lower-case tag name, or "" for comments and processing instructions."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def class_tokens(element: lxml.etree._Element) -> list[str]:
    """Return the element's class tokens (possibly empty)."""
    return (element.get("class") or "").split()


def ancestors(element: lxml.etree._Element) -> Iterator[lxml.etree._Element]:
    """Return an iterator over the element's ancestors from its parent up to the root.

    lxml's own iterator: the loop over `getparent()` it replaces ran a Python generator step
    per ancestor, and ancestors are walked for every timestamp and most entry elements.
    """
    found: Iterator[lxml.etree._Element] = element.iterancestors()
    return found


