"""The language a page declares: `<html lang>`, `og:locale` or a content-language meta."""

from __future__ import annotations

from parsers.extract.html.dom import HtmlElement
from parsers.model import language_code

# meta keys (lower-cased name/property/http-equiv) that carry a language tag, in order of trust
LANGUAGE_META_KEYS = ("og:locale", "content-language", "language", "dc.language", "inlanguage")


def page_language(root: HtmlElement, meta: dict[str, str]) -> str | None:
    """Return the ISO 639 code the page declares ("it" for `<html lang="it-IT">`), or None.

    Accepts the parsed document's root and its `<meta>` values (keyed as `meta_values` keys them).
    The `lang` of the root element wins, then `xml:lang`, the body's `lang`, then the meta tags.
    """
    body = root.find("body")
    tags = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"), root.get("xml:lang"),
            body.get("lang") if body is not None else None, *(meta.get(key) for key in LANGUAGE_META_KEYS)]
    for tag in tags:
        code = language_code(tag)
        if code:
            return code
    return None
