"""Command palette commands "Speaker: <name>" and "Topic: <name>" for the open article."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from parsers.query import facet_counts

LABELS = (("speakers", "Speaker"), ("topics", "Topic"))


class FacetCommands(Provider):
    """Offers one command per speaker and topic of the article on screen; each toggles that filter."""

    def _commands(self) -> Iterator[tuple[str, str, str, int]]:
        from tui.screens.reader import ReaderScreen

        screen = self.screen
        if not isinstance(screen, ReaderScreen):
            return
        for facet, label in LABELS:
            for name, count in facet_counts(screen.updates, facet):
                yield f"{label}: {name}", facet, name, count

    def _run(self, facet: str, name: str) -> None:
        from tui.screens.reader import ReaderScreen

        if isinstance(self.screen, ReaderScreen):
            self.screen.toggle_facet(facet, name)

    async def discover(self) -> Hits:
        for text, facet, name, count in self._commands():
            # Names are article text: a Content is shown literally, never parsed as markup.
            command = partial(self._run, facet, name)
            yield DiscoveryHit(Content(text), command, text=text, help=f"{count} updates")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, facet, name, count in self._commands():
            score, offsets = matcher.fuzzy_search.match(matcher.query, text)
            if score > 0:
                display = Content(text)
                for offset in offsets:
                    display = display.stylize("reverse", offset, offset + 1)
                yield Hit(score, display, partial(self._run, facet, name), text=text, help=f"{count} updates")
