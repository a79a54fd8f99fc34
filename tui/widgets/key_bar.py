"""The footer: the current screen's keys on one line, drawn as one piece of text.

Textual's `Footer` composes one widget per key, and composes them all again whenever the screen's
bindings change (a focus change, `refresh_bindings`), each new widget a style update of its own. In
the reader that work came after the first frame, on every start, and after each key that changes
the bindings. `KeyBar` draws the same keys, in the same colours, as one line of text, and only
repaints when the keys shown change. A click on a key presses it, as in `Footer`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.style import Style as VisualStyle
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.screen import Screen


class ShownKey(NamedTuple):
    """One key in the bar: what it presses, what it shows, and whether it does anything now."""

    key: str
    display: str
    description: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    """The keys of the current screen whose bindings are shown, and the command palette key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description", "key-bar--disabled"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .key-bar--disabled {
            text-style: dim;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[ShownKey, ...] = ()
        self._palette: ShownKey | None = None
        self._spans: list[tuple[int, int, str]] = []  # (start, end, key) of each key on the line

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        """Read the keys shown now; repaint only when they differ from those painted."""
        keys, palette = shown_keys(screen)
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    def render(self) -> Content:
        """Return the line: each key and its description, the palette key at the right edge."""
        styles = {
            enabled: (self.get_visual_style("key-bar--key", *dim), self.get_visual_style("key-bar--description", *dim))
            for enabled, dim in ((True, ()), (False, ("key-bar--disabled",)))
        }
        parts: list[tuple[str, VisualStyle]] = []
        self._spans = []
        x = 0
        for key in self._keys:
            key_style, description_style = styles[key.enabled]
            label, description = f" {key.display} ", f"{key.description} "
            parts += [(label, key_style), (description, description_style)]
            self._spans.append((x, x + len(label) + len(description), key.key))
            x += len(label) + len(description)
        label = f" {self._palette.display} {self._palette.description} " if self._palette else ""
        gap = self.size.width - x - len(label)
        if self._palette is not None and gap > 0:  # shown only whole, at the right edge
            parts.append((" " * gap + label, styles[self._palette.enabled][1]))
            self._spans.append((x + gap, x + gap + len(label), self._palette.key))
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        """Press the key under the pointer."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return


def shown_keys(screen: Screen[object]) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
    """Return the keys a footer shows for `screen`: one per action (its first key), in binding
    order, and the command palette's key (None when the palette is off).

    What `textual.widgets.Footer` shows, without the grouping of bindings (the reader has none).
    """
    app = screen.app
    keys: dict[str, ShownKey] = {}
    for _node, binding, enabled, _tooltip in screen.active_bindings.values():
        if binding.show and binding.action not in keys:
            keys[binding.action] = ShownKey(binding.key, app.get_key_display(binding), binding.description, enabled)
    palette = None
    if app.ENABLE_COMMAND_PALETTE:
        found = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if found is not None:
            palette = ShownKey(found.binding.key, app.get_key_display(found.binding), found.binding.description,
                               found.enabled)
    return tuple(keys.values()), palette
