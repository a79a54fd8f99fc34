"""The floor of an HTML export: what any extractor of this page has to do, and nothing more.

``python -m bench._export_floor PATH`` reads the file, builds its lxml tree (the same libxml2
parser the reader uses), decodes every JSON-LD script, and writes each entry as one JSON
object to stdout: the JSON-LD ``liveBlogUpdate`` entries when there are any, else each
``<article>`` element's text. No cleaning, no times, no ids, no enrichment. `bench.run`
times it against ``liveblog export PATH`` in a fresh process, both writing to /dev/null.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import lxml.etree


def entries(path: str) -> list[Any]:
    """Return the entries of the page at `path`: JSON-LD live-blog updates, else article texts."""
    with open(path, "rb") as handle:
        data = handle.read()
    root = lxml.etree.fromstring(data, lxml.etree.HTMLParser(huge_tree=True))
    found: list[Any] = []
    for script in root.iterfind(".//script[@type='application/ld+json']"):
        try:
            decoded = json.loads(script.text or "")
        except ValueError:
            continue
        for item in decoded if isinstance(decoded, list) else [decoded]:
            if isinstance(item, dict):
                found += item.get("liveBlogUpdate") or []
    if found:
        return found
    return [{"text": "".join(article.itertext())} for article in root.iter("article")]


def main(argv: list[str]) -> int:
    """Write each entry of the page named by argv[0] as one JSON line."""
    out = sys.stdout
    for entry in entries(argv[0]):
        out.write(json.dumps(entry, ensure_ascii=False))
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
