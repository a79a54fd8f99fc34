"""Open a web page in the user's browser, never in a console browser that would take over our terminal.

No Textual here: the reader calls `open_in_browser` from a worker thread (a browser command may
take seconds to return, or wait until its window closes) and shows the message it returns.
"""

from __future__ import annotations

import os
import shlex
import shutil
import webbrowser
from collections.abc import Mapping
from dataclasses import dataclass

# Browsers that draw inside the terminal they are started from: the reader's own. Names as
# their commands are called (`www-browser` is Debian's alternative, resolved through its link).
CONSOLE_BROWSERS = frozenset(
    {"lynx", "lynx.cur", "w3m", "links", "links2", "elinks", "browsh", "carbonyl", "edbrowse", "netrik", "retawq"}
)


@dataclass(slots=True, frozen=True)
class BrowserResult:
    """What happened: `opened` True when a browser accepted the URL; `message` says so in one line."""

    opened: bool
    message: str


def _words(command: str) -> list[str]:
    try:
        return shlex.split(command)
    except ValueError:
        return command.split()


def command_name(command: str) -> str:
    """Return the file name of the program a browser command runs ("lynx" for "/usr/bin/lynx %s")."""
    words = _words(command)
    return os.path.basename(words[0]) if words else ""


def is_console_browser(command: str) -> bool:
    """Return True when `command` (a name or a command line) runs a browser that draws in the terminal.

    The program is looked up on PATH and its links followed, so `www-browser` pointing at lynx counts.
    """
    words = _words(command)
    if not words:
        return False
    names = {os.path.basename(words[0])}
    found = shutil.which(words[0])
    if found:
        names.add(os.path.basename(os.path.realpath(found)))
    return not names.isdisjoint(CONSOLE_BROWSERS)


def open_in_browser(url: str, environ: Mapping[str, str] | None = None) -> BrowserResult:
    """Open `url` in the browser Python's `webbrowser` would choose, unless that is a console browser.

    Blocks as long as the browser command does (call it from a thread). A `$BROWSER` that names a
    console browser, or a console browser as the only one found, is refused with a message saying
    so; a browser that cannot be started gives a message saying that. Never raises.
    """
    env = os.environ if environ is None else environ
    for entry in (env.get("BROWSER") or "").split(os.pathsep):
        if entry.strip() and is_console_browser(entry):
            return BrowserResult(
                False, f"not opened: $BROWSER is {command_name(entry)}, a console browser that would take over "
                "this terminal"
            )
    try:
        controller = webbrowser.get()
    except webbrowser.Error:
        return BrowserResult(False, "not opened: no web browser found")
    name = command_name(str(getattr(controller, "name", "") or type(controller).__name__))
    if is_console_browser(name):
        return BrowserResult(
            False, f"not opened: the only browser found is {name}, a console browser that would "
            "take over this terminal"
        )
    try:
        opened = controller.open(url, new=2)
    except (OSError, webbrowser.Error) as exc:
        return BrowserResult(False, f"not opened: {name} could not be started ({exc.__class__.__name__})")
    if not opened:
        return BrowserResult(False, f"not opened: {name} did not start")
    return BrowserResult(True, f"opened in {name}")
