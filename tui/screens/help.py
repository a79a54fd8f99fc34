"""The help screen: every key of the reader with what it does, built from the classes' BINDINGS."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

MARKERS = (
    ("★", "bookmarked"),
    ("+", "new since you started following"),
    ("•", "unread"),
    ("@2 #3", "number of speakers and topics"),
)


def key_label(binding: Binding, keymap: Mapping[str, str] | None = None) -> str:
    """Return how the help screen names a binding's keys, e.g. "j / down" (remapped keys honoured)."""
    keys = (keymap or {}).get(binding.id or "", "")
    if not keys and binding.key_display:
        return binding.key_display
    keys = keys or binding.key
    names = {"slash": "/", "question_mark": "?", "pageup": "PgUp", "pagedown": "PgDn", "escape": "Esc"}
    return " / ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))


def help_content(
    sections: Iterable[tuple[str, Iterable[BindingType]]], keymap: Mapping[str, str] | None = None
) -> Content:
    """Return the help text: one line per binding (keys, description) under each section title."""
    lines: list[Content] = []
    for title, bindings in sections:
        lines.append(Content.assemble((title, "bold $accent")))
        for binding in bindings:
            if not isinstance(binding, Binding) or not binding.description:
                continue
            keys = key_label(binding, keymap)
            detail = [(f": {binding.tooltip}", "$text-muted")] if binding.tooltip else []
            lines.append(Content.assemble((f"  {keys:<16}", "bold"), binding.description, *detail))
        lines.append(Content(""))
    lines.append(Content.assemble(("Timeline markers", "bold $accent")))
    for mark, meaning in MARKERS:
        lines.append(Content.assemble((f"  {mark:<16}", "bold"), meaning))
    lines.append(Content(""))
    palette = "ctrl+p opens the command palette: filter by speaker or topic, change theme."
    lines.append(Content.assemble((palette, "$text-muted")))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """A scrollable list of all keys; any of escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, content: Content) -> None:
        super().__init__()
        self._content = content

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "escape to close"
            yield Static(self._content, id="help-text")
