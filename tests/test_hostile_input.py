"""Hostile input, round two (issue 14): what is not article text, deep and odd inputs.

Each test names the finding of issue 14 it covers; the inputs are the catalogue's
(`tests/catalogue.py`, section "issue 14"), so the table in `bench/fuzz_report.md` and these
tests describe the same files.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from parsers.export import render
from parsers.ids import assign_ids
from parsers.model import LiveBlog, Source, Update
from parsers.normalise.clean import clean_inline, clean_text
from parsers.pipeline import load_liveblog
from tui.app import LiveblogApp
from tui.articles import Article, Settings, prepare
from tui.internals import shown_notifications
from tui.render import header_content, intro_content
from tui.screens.picker import PickerScreen, article_prompt
from tui.screens.reader import ReaderScreen

try:
    from tests.catalogue import BY_NAME, ESCAPES_NAME, FORBIDDEN_CHARS, HOSTILE_TOPIC, png_bytes
except ImportError:
    from catalogue import BY_NAME, ESCAPES_NAME, FORBIDDEN_CHARS, HOSTILE_TOPIC, png_bytes

from screens import SIZE, screen_text, settle, wait_until

# What an escape reaching the terminal starts with: ESC, BEL (ends an OSC), the 8-bit CSI/OSC.
RAW = ("\x1b", "\x07", "\x9b", "\x9d")


def assert_harmless(text: str, where: str) -> None:
    """Fail if `text` holds a raw escape introducer or any character the cleaning removes."""
    bad = sorted({f"U+{ord(c):04X}" for c in text if c in FORBIDDEN_CHARS and c not in "\n\t"})
    assert not bad, f"{where} holds {', '.join(bad)}: {text[:300]!r}"
    assert not any(c in text for c in RAW), where


def notifications(app: LiveblogApp) -> list[str]:
    """Return each notification's title and text."""
    return [f"{n.title} {n.message}" for n in shown_notifications(app)]


def build(name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return BY_NAME[name].build(folder)


# ---------------------------------------------------------------- finding 11: the cleaning itself


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("line\u2028break and\u2029paragraph", "line\nbreak and\n\nparagraph"),
        ("Lav\u200brov and Lav\u00adrov and Lav\u2060rov", "Lavrov and Lavrov and Lavrov"),
        ("Latin j\u200doin and n\u200con-join", "Latin join and non-join"),
        ("mark\u200e left \u200f right \u061c arabic", "mark left  right  arabic"),
        ("visible\U000e0069\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065 only", "visible only"),
        ("caf\udce9 from a file name", "caf\ufffd from a file name"),
        ("e\u200d\u0301 combines once the joiner goes", "\u00e9 combines once the joiner goes"),
    ],
)
def test_invisible_characters_are_removed_or_neutralised(raw: str, cleaned: str) -> None:
    """Finding 11: separators become newlines, invisible characters go, the result is stable."""
    assert clean_text(raw) == cleaned
    assert clean_text(cleaned) == cleaned


def test_joiners_inside_emoji_and_scripts_stay() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "mi-khaham": ZWNJ between two letters
    assert clean_text(f"a {family} b") == f"a {family} b"
    assert clean_text(persian) == persian


def test_invisible_characters_leave_no_trace_in_any_export(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Finding 11 end to end: the catalogue's "unicode-invisibles" file, in every export format."""
    from tui.cli import main

    path = build("unicode-invisibles", tmp_path)
    for fmt in ("json", "markdown", "text"):
        assert main(["export", str(path), "--format", fmt]) == 0
        out, _ = capsys.readouterr()
        assert_harmless(out, f"{fmt} export")
        assert "Lavrov" in out
    blog = load_liveblog(str(path))
    assert any("Lavrov" in p for u in blog.updates for p in u.paragraphs)


# ---------------------------------------------------------------- findings 1 and 2: not article text


def test_cli_messages_are_cleaned_and_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Finding 1: an error naming a hostile file is one line, with the escape sequences gone."""
    from tui.cli import main

    path = tmp_path / f"empty {ESCAPES_NAME}"
    path.write_bytes(b"")
    assert main(["export", str(path)]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1
    assert_harmless(err, "stderr")
    assert "empty b.html: file is empty" in err


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_exports_clean_the_path_of_a_titleless_page(fmt: str, tmp_path: Path) -> None:
    """Finding 1: without a title the path stands in for it in every export; it arrives cleaned."""
    path = build("escapes-filename", tmp_path)
    blog = load_liveblog(str(path))
    assert blog.title is None and "\x1b" in blog.source.path, "the model keeps the real path"
    out = render(blog, fmt)
    assert_harmless(out, f"{fmt} export")
    assert "b.html" in out
    if fmt == "json":
        assert json.loads(out)["source"]["path"].endswith("b.html")


def test_render_helpers_clean_paths() -> None:
    blog = LiveBlog(title=None, source=Source(path=f"/x/{ESCAPES_NAME}", format="text"),
                    updates=assign_ids([Update(id="", time="10:00", datetime=None, headline=None,
                                               paragraphs=("One.",))]))
    assert_harmless(header_content(blog).plain, "header")
    assert_harmless(intro_content(blog).plain, "intro")
    article = Article(path=f"/x/{ESCAPES_NAME}", error=f"/x/{ESCAPES_NAME}: \x1b[2Jfile is empty")
    assert_harmless(article_prompt(article).plain, "picker row with an error")
    assert_harmless(article_prompt(Article(path=f"/x/{ESCAPES_NAME}")).plain, "picker row parsing")
    assert_harmless(article_prompt(Article(path="/x/y", blog=blog)).plain, "picker row parsed")


async def test_picker_reader_and_notifications_show_no_escape(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 1 in the reader: picker rows, the reader's header, exports' and errors' notifications.

    The folder holds a title-less page and a PNG, both named with OSC 52 (clipboard) and OSC 0
    (window title) sequences; the data dir (an environment value) holds a CSI.
    """
    folder = tmp_path / "articles"
    page = build("escapes-filename", folder)
    (folder / f"bad-{ESCAPES_NAME}").write_bytes(png_bytes())
    monkeypatch.setenv("LIVEBLOG_DATA_DIR", str(tmp_path / "data\x1b[31mred"))
    settings = Settings()
    # The PNG is named on the command line: a folder lists only what parses as a live blog (issue 13).
    app = LiveblogApp(prepare([str(folder), str(folder / f"bad-{ESCAPES_NAME}")], settings), settings)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        await wait_until(pilot, lambda: "looks like a PNG image" in screen_text(app), timeout=60)
        text = screen_text(app)
        assert_harmless(text, "picker")
        assert "b.html" in text
        await pilot.press("j", "enter")  # the PNG (second by name): a notification
        await wait_until(pilot, lambda: any("PNG" in m for m in notifications(app)), timeout=60)
        await pilot.press("k", "enter")  # the page
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.blog is not None,
                         timeout=60)
        await settle(pilot)
        await pilot.press("e")  # export: the notification names the data dir
        await wait_until(pilot, lambda: any("Exported" in m for m in notifications(app)), timeout=60)
        text = screen_text(app)
        assert_harmless(text, "reader")
        assert "b.html" in text
        shown = notifications(app)
        assert any("Exported" in m for m in shown) and any("PNG" in m for m in shown)
        for message in shown:
            assert_harmless(message, "notification")
        assert not any(n.markup for n in shown_notifications(app))
    assert page.exists()


def test_topic_names_from_the_topics_file_are_cleaned(tmp_path: Path) -> None:
    """Finding 2: a topic named with escape codes reaches the model, the filter and the exports clean."""
    path = build("escapes-topic-name", tmp_path)
    blog = load_liveblog(str(path), topics_file=str(path.parent / "topics.toml"))
    names = {name for u in blog.updates for name in u.topics}
    assert clean_inline(HOSTILE_TOPIC) in names
    for name in names:
        assert_harmless(name, "topic name")
    for fmt in ("json", "markdown", "text"):
        assert_harmless(render(blog, fmt), f"{fmt} export")


def test_state_file_name_of_a_path_that_is_not_utf8(tmp_path: Path) -> None:
    """Finding 3: a file name that is not UTF-8 gets a state file (named from its bytes)."""
    from tui.state import article_key, load_state, save_state, state_path

    path = build("non-utf8-filename", tmp_path)
    assert os.fsencode(path).endswith(b"caf\xe9.txt")
    key = article_key(str(path))
    target = state_path(key, tmp_path / "data")
    assert target.name.endswith(".json")
    state, warning = load_state(key, tmp_path / "data")
    assert warning is None
    state.read.add("x")
    save_state(state)
    again, _ = load_state(key, tmp_path / "data")
    assert again.read == {"x"}



async def test_reader_on_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    """Finding 3 in the reader: it opens, marks are saved (state file named from the bytes), `e` exports."""
    from tui.state import article_key, data_dir, load_state

    path = build("non-utf8-filename", tmp_path / "articles")
    settings = Settings()
    app = LiveblogApp(prepare([str(path)], settings), settings)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.blog is not None
        await pilot.press("j", "b", "e")  # j: from the intro row to the first update
        await wait_until(pilot, lambda: any("Exported" in m for m in notifications(app)), timeout=60)
        assert_harmless(screen_text(app), "reader")
        assert any("Bookmarked" in m for m in notifications(app))
        bookmarked = app.screen.selected()
    state, warning = load_state(article_key(str(path)), data_dir())
    assert warning is None and bookmarked is not None and state.bookmarks == {bookmarked.id}
    exported = list((data_dir() / "exports").iterdir())
    assert len(exported) == 1 and exported[0].name.startswith("caf\ufffd-")


# ---------------------------------------------------------------- finding 4: recursion


def test_word_trie_of_a_500_character_term() -> None:
    """Finding 4: the trie is built without recursion; a long term matches as a whole word."""
    import re

    from parsers.enrich.topics import TopicDef, TopicMatcher
    from parsers.enrich.wordtrie import trie_pattern

    term = "a" * 500
    assert re.fullmatch(trie_pattern([term, "b"]), term)
    matcher = TopicMatcher([TopicDef("Long", include=(term,))])
    assert matcher.match(f"x {term} y")[0] == {"Long"}
    assert matcher.match(f"x {term}a y")[0] == set()
    nested = [("a" * n) for n in range(1, 201)]  # every term a prefix of the next: 200 nested groups
    assert re.fullmatch(trie_pattern(nested), "a" * 200) and not re.fullmatch(trie_pattern(nested), "a" * 201)


@pytest.mark.parametrize(("name", "message"), [
    ("topics-long-term", "holds a term over 200 characters"),
    ("topics-deep-toml", "invalid topics file: nested too deeply"),
])
def test_deep_or_long_topics_files_are_one_line(name: str, message: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    path = build(name, tmp_path)
    assert main(["export", str(path), "--topics", str(tmp_path / "topics.toml")]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and message in err and str(tmp_path / "topics.toml") in err


def test_mhtml_nested_a_thousand_deep_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    try:
        from tests.catalogue import nested_mhtml
    except ImportError:
        from catalogue import nested_mhtml
    path = build("mhtml-nested-multipart", tmp_path)
    assert main(["export", str(path)]) == 2
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and "MHTML parts nested too deeply" in err
    shallow = tmp_path / "shallow.mhtml"
    shallow.write_bytes(nested_mhtml(40))
    blog = load_liveblog(str(shallow))
    assert blog.title == "Deep" and blog.updates[0].paragraphs == ("Inside.",)


async def test_reader_reports_a_deep_topics_file_in_one_notification(tmp_path: Path) -> None:
    """Finding 4 in the reader: the topics file fails during enrichment; a notification, no traceback."""
    try:
        from tests.catalogue import SAMPLE
    except ImportError:
        from catalogue import SAMPLE
    build("topics-deep-toml", tmp_path)
    settings = Settings(topics_file=str(tmp_path / "topics.toml"))
    app = LiveblogApp(prepare([str(SAMPLE)], settings), settings)
    async with app.run_test(size=SIZE) as pilot:
        # Enrichment starts after the first frame: wait for its notification, not for the workers.
        await wait_until(pilot, lambda: any("nested too deeply" in m for m in notifications(app)), timeout=60)
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, ReaderScreen)
        assert "39 of 39 updates" in str(app.screen.query_one("#status").render())


# ---------------------------------------------------------------- finding 5: excludes, quitting


@pytest.mark.parametrize(("text", "expected"), [
    ("Cyber Monday deals.", ()),
    ("Cyber Monday deals, and a Cyber attack.", ("Cyber",)),
    ("CYBER MONDAY sales; Cyber Monday again.", ()),
])
def test_exclude_matches_of_another_case_table(text: str, expected: tuple[str, ...]) -> None:
    """An include ("Cyber", matched exactly) inside an exclude ("cyber monday", any case) does not count."""
    from parsers.enrich.topics import TopicDef, TopicMatcher, assign_topics

    matcher = TopicMatcher([TopicDef("Cyber", include=("Cyber", "CYBER"), exclude=("cyber monday",))])
    assert assign_topics([text], matcher) == [expected]


def test_exclusion_on_an_update_full_of_excludes(tmp_path: Path) -> None:
    """The catalogue's 300 KB exclude-heavy update: the outside matches still count (speed: bench/bench_topics.py)."""
    path = build("topics-exclude-heavy", tmp_path)
    blog = load_liveblog(str(path), topics_file=str(tmp_path / "topics.toml"))
    assert blog.updates[0].topics == ("Cyber",)
    only_excluded = tmp_path / "only.txt"
    only_excluded.write_text("Deals\n\n10:00\n\n" + "Cyber Monday deals. " * 20_000 + "\n", encoding="utf-8")
    blog = load_liveblog(str(only_excluded), topics_file=str(tmp_path / "topics.toml"))
    assert blog.updates[0].topics == ()


QUIT_DURING_ENRICHMENT = """
import sys, threading
import tui.loading
from tui.app import LiveblogApp
from tui.articles import Settings, prepare

def stuck_enrichment(blog, topics_file, partial=False):
    print("enriching", file=sys.stderr, flush=True)
    threading.Event().wait()  # one step that never ends (a huge update)
    yield blog

tui.loading.enrich_blog_steps = stuck_enrichment  # what the reader enriches with

async def press_q(pilot):
    await pilot.pause(1.0)
    await pilot.press("q")

settings = Settings()
app = LiveblogApp(prepare([sys.argv[1]], settings), settings)
app.run(headless=True, size=(100, 30), auto_pilot=press_q)
print("quit", file=sys.stderr, flush=True)
"""


def test_quitting_during_enrichment_ends_the_process_at_once() -> None:
    """Finding 5: `q` while the worker is still enriching ends the process; the worker is not waited for."""
    import subprocess
    import sys

    try:
        from tests.catalogue import REPO_ROOT, SAMPLE
    except ImportError:
        from catalogue import REPO_ROOT, SAMPLE
    try:
        done = subprocess.run([sys.executable, "-c", QUIT_DURING_ENRICHMENT, str(SAMPLE)], capture_output=True,
                              text=True, timeout=60, cwd=REPO_ROOT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the process was still running 60 s after q: {exc.stderr!r}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stderr.splitlines() == ["enriching", "quit"]


# ---------------------------------------------------------------- finding 6: structured input by type


def _type_mutants(family: str, count: int, seed: int) -> list[tuple[str, bytes]]:
    """Return `count` reproducible mutants of the family's seed document, each with 1-3 mistyped values."""
    import random

    try:
        from tests.catalogue import (
            TYPE_MUTANTS,
            cms_json_document,
            json_paths,
            json_text,
            jsonld_document,
            jsonld_page,
            mutate,
        )
    except ImportError:
        from catalogue import (
            TYPE_MUTANTS,
            cms_json_document,
            json_paths,
            json_text,
            jsonld_document,
            jsonld_page,
            mutate,
        )
    rng = random.Random(seed)
    seed_doc = cms_json_document() if family == "cms" else jsonld_document()
    mutants = []
    for _ in range(count):
        doc = seed_doc
        steps = []
        for _ in range(rng.randint(1, 3)):
            paths = json_paths(doc)
            if not paths:
                break
            path = rng.choice(paths)
            value = rng.choice(TYPE_MUTANTS)
            delete = rng.random() < 0.1
            doc = mutate(doc, path, value, delete=delete)
            steps.append(f"{path}={'<deleted>' if delete else repr(value)[:20]}")
        text = json_text(doc)
        data = text if family == "cms" else jsonld_page(text.decode())
        mutants.append(("; ".join(steps), data))
    return mutants


@pytest.mark.parametrize("family", ["cms", "jsonld"])
def test_type_mutations_give_a_clean_result_or_one_line(family: str) -> None:
    """Finding 6: any value of any type at any place: a clean blog or an `InputError`, never another error."""
    from parsers.errors import LiveBlogError
    from parsers.model import displayed_strings
    from parsers.pipeline import parse_bytes

    for steps, data in _type_mutants(family, 150, seed=14):
        try:
            blog = parse_bytes(data, f"mutant.{family}")
        except LiveBlogError as exc:
            assert "\n" not in str(exc), steps
            continue
        except Exception as exc:
            pytest.fail(f"{type(exc).__name__}: {exc} after {steps}")
        for text in displayed_strings(blog):
            assert_harmless(text, f"{steps}: a field")


def test_cms_json_with_wrong_types_keeps_the_good_blocks(tmp_path: Path) -> None:
    """The catalogue's mistyped CMS JSON: mistyped values count as absent, the rest of each block stays."""
    path = build("cms-json-wrong-types", tmp_path)
    blog = load_liveblog(str(path))
    assert blog.source.format == "guardian-json" and blog.source.url is None
    assert [u.time for u in blog.updates] == ["12:00", "11:00", "10:00"]  # the displayed clocks stay
    # "abc" is not a time: the block's instant comes from the clock it shows (12:00), dated as its neighbours are
    first, last = blog.updates[0].datetime, blog.updates[2].datetime
    assert first is not None and last is not None and (first.date(), first.hour) == (last.date(), 12)
    assert blog.updates[1].author is None and blog.updates[0].author == "Ann Lee"
    assert [link.url for link in blog.updates[0].links] == []  # the rich link's url was a number


# ---------------------------------------------------------------- finding 7: option edges


@pytest.mark.parametrize(("name", "message"), [
    ("max-size-inf", "argument --max-size: not a size: 'inf'"),
    ("max-size-1e400", "argument --max-size: not a size: '1e400'"),
    ("tz-path", "argument --tz: unknown time zone '../../etc/passwd'"),
])
def test_option_edges_are_one_line_and_status_2(name: str, message: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    entry = BY_NAME[name]
    path = build(name, tmp_path)
    assert main(["export", str(path), *entry.args]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith(f"liveblog: {message}")
    assert main([str(path), *entry.args]) == 2, "the reader's options too, before any screen"
    _, err = capsys.readouterr()
    assert err.count("\n") == 1 and message in err


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    assert main(["export", "x.txt", "--bogus"]) == 2
    _, err = capsys.readouterr()
    assert err == "liveblog: unrecognized arguments: --bogus (see liveblog export --help)\n"


def test_date_9999_12_31_crossing_midnight(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The day after 9999-12-31 does not exist: the update after midnight gets no date; the rest keep theirs."""
    from tui.cli import main

    path = build("date-9999-midnight", tmp_path)
    for order in ("published", "chronological"):
        assert main(["export", str(path), *BY_NAME["date-9999-midnight"].args, "--order", order]) == 0
        stamps = {u["time"]: u["datetime"] for u in json.loads(capsys.readouterr()[0])["updates"]}
        assert stamps == {"23:50": "9999-12-31T23:50:00-05:00", "00:30": None}


# ---------------------------------------------------------------- finding 8: state files

STATE_CHILD = """
import resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # /dev/zero read without end: fail, not swap
from tui.state import load_state, save_state, state_path
state, warning = load_state(sys.argv[1], Path(sys.argv[2]))
print(warning)
state.read.add("fresh")
save_state(state)
print(sorted(load_state(sys.argv[1], Path(sys.argv[2]))[0].read))
"""


@pytest.mark.parametrize(("name", "problem"), [
    ("state-fifo", "not a regular file"),
    ("state-dev-zero", "a symbolic link"),
    ("state-oversized", "larger than 32 MB"),
    ("state-directory", "not a regular file"),
])
def test_odd_state_files_are_set_aside(name: str, problem: str, tmp_path: Path) -> None:
    """Finding 8: a FIFO, a symlink to /dev/zero, a huge file or a directory in place of a state file.

    Opened without blocking or following links, checked to be a regular file of sane size; else
    set aside (never deleted), fresh state, one warning saying where it went. In a child process
    with a timeout: the FIFO used to hang, /dev/zero to read without end.
    """
    import subprocess
    import sys

    try:
        from tests.catalogue import REPO_ROOT, STATE_KEY
    except ImportError:
        from catalogue import REPO_ROOT, STATE_KEY
    root = tmp_path / "data"
    odd = BY_NAME[name].build(root)
    kind = os.lstat(odd).st_mode
    try:
        done = subprocess.run([sys.executable, "-c", STATE_CHILD, STATE_KEY, str(root)], capture_output=True,
                              text=True, timeout=60, cwd=REPO_ROOT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"loading the state hung on {name}")
    assert done.returncode == 0, done.stderr[-2000:]
    warning, marks = done.stdout.splitlines()
    assert f"state file was corrupt ({problem}" in warning and "moved to" in warning
    assert marks == "['fresh']"
    backups = [p for p in odd.parent.iterdir() if ".corrupt-" in p.name]
    assert len(backups) == 1 and os.lstat(backups[0]).st_mode == kind, "set aside as it was"


# ---------------------------------------------------------------- findings 9 and 10: exports, temporaries


async def test_exports_in_the_same_second_never_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 9: `e`, change the order, `e` in the same second: two files, the first one intact."""
    from datetime import datetime

    import tui.screens.reader as reader_module

    try:
        from tests.catalogue import SAMPLE
    except ImportError:
        from catalogue import SAMPLE

    class FrozenClock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> FrozenClock:  # type: ignore[override]
            return cls(2026, 12, 3, 10, 0, 0)

    monkeypatch.setattr(reader_module, "datetime", FrozenClock)
    monkeypatch.setenv("LIVEBLOG_DATA_DIR", str(tmp_path / "data"))
    settings = Settings()
    app = LiveblogApp(prepare([str(SAMPLE)], settings), settings)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("e")
        await pilot.pause()
        first = sorted((tmp_path / "data" / "exports").iterdir())
        assert len(first) == 1
        kept = first[0].read_text(encoding="utf-8")
        await pilot.press("o", "e", "e")
        await pilot.pause()
    files = sorted(p.name for p in (tmp_path / "data" / "exports").iterdir())
    stem = SAMPLE.stem
    assert files == [f"{stem}-20261203-100000-2.md", f"{stem}-20261203-100000-3.md", f"{stem}-20261203-100000.md"]
    assert (tmp_path / "data" / "exports" / f"{stem}-20261203-100000.md").read_text(encoding="utf-8") == kept
    assert (tmp_path / "data" / "exports" / f"{stem}-20261203-100000-2.md").read_text(encoding="utf-8") != kept


def test_write_new_picks_a_free_name(tmp_path: Path) -> None:
    from tui.state import write_new

    target = tmp_path / "out" / "x.md"
    assert write_new(target, "one") == target
    assert write_new(target, "two") == tmp_path / "out" / "x-2.md"
    assert target.read_text() == "one" and (tmp_path / "out" / "x-2.md").read_text() == "two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["x-2.md", "x.md"], "no temporary file left"


def test_stale_temporary_files_are_removed_on_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Finding 10: `.tmp` files left by a killed save are deleted when the reader starts; fresh ones stay."""
    from tui import launch as launch_module

    root = tmp_path / "data"
    left = BY_NAME["stale-temporaries"].build(root)
    fresh = left.parent / ".abc.json.fresh123.tmp"
    fresh.write_text("{}")
    monkeypatch.setenv("LIVEBLOG_DATA_DIR", str(root))

    class NoApp:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.return_code = 0

        def run(self) -> None:
            pass

    monkeypatch.setattr("tui.app.LiveblogApp", NoApp)
    try:
        from tests.catalogue import SAMPLE
    except ImportError:
        from catalogue import SAMPLE
    assert launch_module.launch([str(SAMPLE)], launch_module.ParseOptions()) == 0
    remaining = sorted(p.name for p in root.rglob("*"))
    assert not left.exists() and fresh.exists()
    assert not (root / "exports" / ".x.md.old999.tmp").exists()
    assert "notes.tmp" in remaining and "keep.json" in remaining, "only the saves' own temporary files go"
    assert (root / "state" / ".link.tmp").is_symlink(), "a symbolic link is not followed or removed"


# ---------------------------------------------------------------- finding 11: Markdown structure


def test_article_text_cannot_restructure_the_markdown_export(tmp_path: Path) -> None:
    """Finding 11: parsed as CommonMark (+ strikethrough, tables), the export has only its own structure.

    That is: the title and one heading per update, paragraphs, and one ordered list for the links;
    no rule, setext heading, bullet list, strikethrough or blockquote made from article text.
    """
    from markdown_it import MarkdownIt

    path = build("markdown-structure", tmp_path)
    text = render(load_liveblog(str(path)), "markdown")
    tokens = MarkdownIt("commonmark").enable(["strikethrough", "table"]).parse(text)
    blocks = [t.type for t in tokens if t.nesting == 1 and t.level == 0]
    assert blocks.count("heading_open") == 3 and blocks.count("ordered_list_open") == 1
    assert set(blocks) == {"heading_open", "paragraph_open", "ordered_list_open"}
    inline = [child.type for t in tokens if t.children for child in t.children]
    assert "s_open" not in inline and inline.count("link_open") == 1
    link = next(child for t in tokens if t.children for child in t.children if child.type == "link_open")
    assert link.attrs["href"] == "https://x.example/a%3Cb%3Ec%5Cd"
    for shown in ("---", "1. First point", "- a bullet", "~~struck out~~ text", "===", "+ plus", "2) paren"):
        assert shown in "".join(child.content for t in tokens if t.children for child in t.children)
