"""The library: the model codec, the SQLite store (migrations, concurrency, corruption) and search."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SAMPLE, build_reader_blog
from dateutil import tz

from parsers.ids import assign_ids
from parsers.model import LiveBlog, Quote, Source, Update
from parsers.pipeline import enrich_blog, load_liveblog
from tui.library.codec import CodecError, decode_blog, decode_enrichment, encode_blog, encode_enrichment
from tui.library.search import QuerySyntaxError, fold, fts_query, name_matches
from tui.library.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Library,
    LibraryError,
    Stamp,
    content_hash,
    migrate,
    open_library,
    program_fingerprint,
)

CORPUS_PAGES = sorted(CORPUS.glob("*.html")) + sorted(CORPUS.glob("*.json"))


@pytest.fixture(scope="module")
def sample_blog() -> LiveBlog:
    return load_liveblog(str(SAMPLE))


@pytest.fixture
def library(tmp_path: Path) -> Library:
    lib, notice = open_library(tmp_path / "library.sqlite3")
    assert notice is None
    return lib


def _stamp(data: bytes, options: str = "") -> Stamp:
    return Stamp(len(data), 1, content_hash(data), program_fingerprint(), options)


# --- codec -------------------------------------------------------------------------------------


def test_codec_round_trip_of_the_sample(sample_blog: LiveBlog) -> None:
    assert decode_blog(encode_blog(sample_blog)) == sample_blog


def test_codec_round_trip_of_the_hand_made_blog_keeps_hostile_text() -> None:
    blog = build_reader_blog()
    again = decode_blog(encode_blog(blog))
    assert again == blog
    assert again.updates[2].headline == "[Reuters] Lavrov: [bold]no compromise[/bold]"


@pytest.mark.parametrize("page", [SAMPLE, *CORPUS_PAGES], ids=lambda p: p.name)
def test_the_enrichment_alone_rebuilds_the_enriched_blog_from_the_parsed_one(page: Path) -> None:
    # What the child process sends the reader after the parse (tui.offload): only what enrichment added.
    parsed = load_liveblog(str(page), enrich=False)
    enriched = enrich_blog(parsed)
    added = encode_enrichment(parsed, enriched)
    assert added is not None and len(added) < len(encode_blog(enriched)) / 2
    received = decode_blog(encode_blog(parsed))  # the reader's copy of the parse, decoded as it is there
    assert decode_enrichment(received, added) == enriched


def test_an_enriched_blog_that_changed_more_than_its_enrichment_is_not_sent_as_enrichment() -> None:
    parsed = build_reader_blog()
    enriched = enrich_blog(parsed)
    assert encode_enrichment(parsed, enriched) is not None
    retitled = replace(enriched, title="Another title")
    assert encode_enrichment(parsed, retitled) is None
    edited = replace(enriched, updates=(replace(enriched.updates[0], headline="Edited"), *enriched.updates[1:]))
    assert encode_enrichment(parsed, edited) is None
    assert encode_enrichment(parsed, replace(enriched, updates=enriched.updates[1:])) is None


@pytest.mark.parametrize("bad", [b"", b"{}", b"[[], []]", b"[[[1, 2, 3]], [[], [], null]]", b"[" * 100_000])
def test_an_enrichment_that_does_not_fit_the_blog_is_refused(bad: bytes) -> None:
    with pytest.raises(CodecError):
        decode_enrichment(build_reader_blog(), bad)


def test_an_enrichment_for_another_blog_is_refused() -> None:
    parsed = build_reader_blog()
    added = encode_enrichment(parsed, enrich_blog(parsed))
    assert added is not None
    with pytest.raises(CodecError):
        decode_enrichment(replace(parsed, updates=parsed.updates[1:]), added)


@pytest.mark.skipif(not CORPUS_PAGES, reason="shared corpus not present")
@pytest.mark.parametrize("page", CORPUS_PAGES, ids=lambda p: p.name)
def test_codec_round_trip_of_corpus_pages(page: Path) -> None:
    blog = load_liveblog(str(page))
    again = decode_blog(encode_blog(blog))
    assert again == blog
    # What the reader shows of a time: the offset and the zone's name, as parsed.
    for before, after in zip(blog.updates, again.updates, strict=True):
        if before.datetime is not None:
            assert after.datetime is not None
            assert after.datetime.isoformat() == before.datetime.isoformat()
            assert after.datetime.tzname() == before.datetime.tzname()


@pytest.mark.parametrize("zone", [tz.gettz("Europe/London"), tz.tzoffset(None, 3600), tz.UTC, UTC,
                                  timezone(timedelta(hours=-4), "EDT"), None])
def test_codec_keeps_offset_and_zone_name(zone: object) -> None:
    when = datetime(2017, 4, 12, 21, 56, 7, 123000, tzinfo=zone)  # type: ignore[arg-type]
    blog = replace(build_reader_blog(), published=when)
    again = decode_blog(encode_blog(blog))
    assert again.published == when
    assert again.published is not None
    assert (again.published.isoformat(), again.published.tzname()) == (when.isoformat(), when.tzname())


@pytest.mark.parametrize("raw", [
    b"not json",
    b"[]",
    b'{"title": "x"}',
    json.dumps([None, ["p", "text", None, None], None, None, [], [], None, [], []]).encode()[:-1],
    # An update whose paragraphs are numbers, not strings.
    json.dumps([None, ["p", "text", None, None], None, None,
                [["id", None, None, None, [1, 2], [], [], [], [], [], None]], [], None, [], []]).encode(),
])
def test_codec_rejects_what_does_not_fit_the_model(raw: bytes) -> None:
    with pytest.raises(CodecError):
        decode_blog(raw)


# --- store: record, reuse -------------------------------------------------------------------


def test_recorded_model_comes_back_equal_only_for_the_same_stamp(library: Library, sample_blog: LiveBlog) -> None:
    data = SAMPLE.read_bytes()
    stamp = _stamp(data, "date=-")
    library.record(sample_blog, source=str(SAMPLE), how="opened", stamp=stamp)
    assert library.stored_model(str(SAMPLE), stamp) == sample_blog
    assert library.stored_model(str(SAMPLE), replace(stamp, content_hash=content_hash(data + b"x"))) is None
    assert library.stored_model(str(SAMPLE), replace(stamp, mtime_ns=2)) is None
    assert library.stored_model(str(SAMPLE), replace(stamp, program="another version")) is None
    assert library.stored_model(str(SAMPLE), replace(stamp, options="date=2017-04-12")) is None


def test_a_path_that_is_not_utf8_is_recorded_and_found_again(
    library: Library, sample_blog: LiveBlog, tmp_path: Path
) -> None:
    """A Latin-1 file name (lone surrogates in Python) is kept as its bytes: listed and reused as itself."""
    import os

    path = os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.txt")
    blog = replace(sample_blog, source=replace(sample_blog.source, path=path))
    stamp = _stamp(SAMPLE.read_bytes())
    library.record(blog, source=path, how="opened", stamp=stamp)
    assert library.stored_model(path, stamp) == blog
    assert [row.source for row in library.blogs()] == [path]


def test_recording_again_replaces_the_blog_and_its_updates(library: Library, sample_blog: LiveBlog) -> None:
    library.record(sample_blog, source=str(SAMPLE), how="opened")
    shorter = replace(sample_blog, updates=sample_blog.updates[:5])
    library.record(shorter, source=str(SAMPLE), how="exported")
    rows = library.blogs()
    assert [(r.updates, r.how) for r in rows] == [(5, "exported")]
    assert sorted(library.update_ids(rows[0].id)) == sorted(u.id for u in shorter.updates)
    count = library.conn.execute("SELECT count(*) FROM entry_text").fetchone()[0]
    assert count == 5


def test_blogs_are_listed_newest_first(library: Library) -> None:
    old = build_reader_blog("old.txt")
    new = replace(build_reader_blog("new.txt"), updates=tuple(
        replace(u, datetime=u.datetime + timedelta(days=400)) if u.datetime else u for u in old.updates))
    library.record(old, source="old.txt", how="opened")
    library.record(new, source="new.txt", how="opened")
    assert [Path(r.source).name for r in library.blogs()] == ["new.txt", "old.txt"]
    first = library.blogs()[0]
    assert (first.first_time, first.last_time) == ("2018-05-17T19:00:00+00:00", "2018-05-17T22:10:00+00:00")


# --- search ---------------------------------------------------------------------------------------


def _words_in(update: Update) -> set[str]:
    import re

    text = " ".join((update.headline or "", *update.paragraphs, *update.captions))
    return set(re.findall(r"\w+", fold(text)))


def test_search_finds_every_update_holding_the_word_newest_first(library: Library, sample_blog: LiveBlog) -> None:
    library.record(sample_blog, source=str(SAMPLE), how="opened")
    hits = library.search("stoltenberg", limit=None)
    # The oracle: the updates of the parsed sample whose words include "stoltenberg".
    expected = [u for u in sample_blog.updates if "stoltenberg" in _words_in(u)]
    assert len(expected) >= 3  # the sample names him in several updates (lines 59-100)
    assert sorted(h.id for h in hits) == sorted(u.id for u in expected)
    # Newest first: the sample is newest first and its times carry no date, so source order.
    order = [u.id for u in sample_blog.updates]
    assert [h.id for h in hits] == sorted((h.id for h in hits), key=order.index)
    assert all("Stoltenberg" in h.plain_snippet or "Stoltenberg" in (h.headline or "") for h in hits)


def test_search_phrase_prefix_and_diacritics(library: Library) -> None:
    updates = assign_ids([
        Update(id="", time="10:00", datetime=datetime(2020, 5, 1, 10, tzinfo=UTC), headline="Merkel in São Paulo",
               paragraphs=("Angela Merkel met José Müller in São Paulo.",)),
        Update(id="", time="11:00", datetime=datetime(2020, 5, 1, 11, tzinfo=UTC), headline="Paulo said no",
               paragraphs=("Paulo Sao spoke; São was not mentioned as a city.",)),
        Update(id="", time="12:00", datetime=datetime(2020, 5, 1, 12, tzinfo=UTC), headline=None,
               paragraphs=("Mullerova arrived.",)),
    ])
    blog = LiveBlog(title="Accents", source=Source(path="accents.txt", format="text"), updates=updates)
    library.record(blog, source="accents.txt", how="added")
    assert [h.headline for h in library.search('"sao paulo"')] == ["Merkel in São Paulo"]
    assert {h.id for h in library.search("muller")} == {updates[0].id}
    assert [h.id for h in library.search("mull*")] == [updates[2].id, updates[0].id]  # newest first
    assert [h.id for h in library.search("MÜLLER OR paulo")] == [updates[1].id, updates[0].id]
    assert [h.id for h in library.search("paulo NOT merkel")] == [updates[1].id]
    assert library.search("José's") == library.search("jose s")  # punctuation is no syntax


@pytest.mark.parametrize("query", ['"unclosed', "(a b", "a b)", "AND a", "a OR", "a NOT", "***", '""', "()"])
def test_bad_queries_raise_one_line_errors(query: str) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        fts_query(query)
    assert "\n" not in str(caught.value)


def test_queries_become_quoted_fts_terms() -> None:
    assert fts_query('lavrov "no compromise" terr*') == '"lavrov" AND "no compromise" AND "terr" *'
    assert fts_query("a OR (b NOT c)") == '"a" OR ( "b" NOT "c" )'
    assert fts_query('say "he said ""x"') == '"say" AND "he said " AND "x"'


def test_speaker_names_match_by_words_without_case_or_accents() -> None:
    assert name_matches("lavrov", "Sergei Lavrov")
    assert name_matches("SERGEI LAVROV", "Sergei Lavrov")
    assert name_matches("Francois", "François Hollande")
    assert not name_matches("lav", "Sergei Lavrov")
    assert not name_matches("", "Sergei Lavrov")


def test_speaker_alone_lists_what_they_said_across_blogs(library: Library) -> None:
    first = build_reader_blog("one.txt")
    later = replace(build_reader_blog("two.txt"), updates=tuple(
        replace(u, datetime=u.datetime + timedelta(days=1)) if u.datetime else u for u in first.updates))
    library.record(first, source="one.txt", how="opened")
    library.record(later, source="two.txt", how="opened")
    hits = library.search(None, speaker="trump", limit=None)
    # Per blog: the 22:10 quotation and the 19:55 update naming him (no quotation there).
    assert [(Path(h.source).name, h.time) for h in hits] == [
        ("two.txt", "22:10"), ("two.txt", "19:55"), ("one.txt", "22:10"), ("one.txt", "19:55")]
    assert hits[0].plain_snippet == "Right now we're not getting along with Russia at all,"
    assert hits[1].plain_snippet.startswith("The president said the US would act on North Korea")
    assert all(h.speakers == ("Donald Trump",) for h in hits)
    in_time_order = library.said_by("Donald Trump", limit=None, oldest_first=True)
    assert [h.datetime for h in in_time_order] == sorted(h.datetime or "" for h in hits)


def test_speaker_and_topic_filter_a_query(library: Library) -> None:
    blog = build_reader_blog()
    library.record(blog, source="reader-test.txt", how="opened")
    # Text only: 21:40 is tagged Russia but does not say it; 20:30 does, and names Tillerson.
    assert [h.time for h in library.search("russia", speaker="Tillerson")] == ["20:30"]
    assert [h.time for h in library.search("sarin", speaker="rex tillerson")] == ["21:40", "20:30"]
    assert [h.time for h in library.search("sarin", speaker="Boris Johnson")] == ["20:30"]
    assert [h.time for h in library.search("said", topic="syria")] == ["21:05", "20:30"]
    assert [h.time for h in library.search(None, topic="north korea")] == ["19:55"]
    assert library.search("russia", speaker="Nobody Known") == []


# --- migrations -------------------------------------------------------------------------------------


def test_a_new_library_has_the_current_schema(library: Library) -> None:
    assert library.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert library.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert library.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_migrations_run_forward_and_keep_the_data(tmp_path: Path, sample_blog: LiveBlog) -> None:
    path = tmp_path / "library.sqlite3"
    with open_library(path)[0] as lib:
        lib.record(sample_blog, source=str(SAMPLE), how="opened")
    # A later version of the program adds a column; the library is brought forward, data kept.
    later = (*MIGRATIONS, ("ALTER TABLE blogs ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0",))
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, later) == SCHEMA_VERSION + 1
    assert conn.execute("SELECT title, pinned FROM blogs").fetchall() == [(sample_blog.title, 0)]
    assert migrate(conn, later) == SCHEMA_VERSION + 1  # nothing left to do
    conn.close()
    # This program does not know version N + 1: it leaves that library alone.
    with pytest.raises(LibraryError, match="newer liveblog"):
        open_library(path)


def test_an_empty_file_is_migrated_from_version_zero(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    sqlite3.connect(path).close()
    with open_library(path)[0] as lib:
        assert lib.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


# --- corruption ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_corrupt_library_is_set_aside_and_a_fresh_one_started(tmp_path: Path, damage: str,
                                                               sample_blog: LiveBlog) -> None:
    path = tmp_path / "library.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"this is not a database\n" * 500)
    else:
        with open_library(path)[0] as lib:
            lib.record(sample_blog, source=str(SAMPLE), how="opened")
            lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        path.write_bytes(path.read_bytes()[:1024] + b"\xff" * 4096)
    before = path.read_bytes()
    lib, notice = open_library(path)
    with lib:
        assert notice is not None and "\n" not in notice
        backups = list(tmp_path.glob("library.sqlite3.corrupt-*"))
        assert len(backups) == 1 and str(backups[0]) in notice
        assert backups[0].read_bytes() == before  # kept as it was, never deleted
        lib.record(sample_blog, source=str(SAMPLE), how="opened")
        assert len(lib.blogs()) == 1


# --- two processes at once -------------------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    from dataclasses import replace
    from pathlib import Path
    sys.path[:0] = [{repo!r}, {repo!r} + "/tests"]
    from conftest import build_reader_blog
    from tui.library.store import open_library
    name, count = sys.argv[1], int(sys.argv[2])
    library, _ = open_library(Path({db!r}))
    for n in range(count):
        source = f"{{name}}-{{n}}.txt"
        blog = replace(build_reader_blog(source), title=source)
        library.record(blog, source=source, how="added")
    library.close()
    print("done")
""")


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    open_library(db)[0].close()
    script = WRITER.format(repo=str(REPO), db=str(db))
    count = 25
    writers = [subprocess.Popen([sys.executable, "-c", script, name, str(count)], cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name in ("a", "b")]
    # A third connection keeps reading while they write (as the reader does while `liveblog add` runs).
    with open_library(db)[0] as reader:
        while any(w.poll() is None for w in writers):
            assert len(reader.blogs()) <= 2 * count
            reader.search("russia", limit=5)
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        assert out.strip() == "done"
    with open_library(db)[0] as lib:
        titles = sorted(r.title or "" for r in lib.blogs())
        assert titles == sorted(f"{n}-{i}.txt" for n in "ab" for i in range(count))
        entries = lib.conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        assert entries == 2 * count * len(build_reader_blog().updates)
        assert len(lib.search("tillerson", limit=None)) == 2 * count  # its 21:40 update names him


def test_quote_without_speaker_is_not_a_saying(library: Library) -> None:
    update = assign_ids([Update(id="", time="10:00", datetime=None, headline="h", paragraphs=("'x,' he said.",),
                                quotes=(Quote("x,", None, "said"),))])
    library.record(LiveBlog(title="t", source=Source(path="q.txt", format="text"), updates=update),
                   source="q.txt", how="added")
    assert library.conn.execute("SELECT count(*) FROM sayings").fetchone()[0] == 0


# --- the one call for the reader, the export and URL following -----------------------------------------


def test_record_call_for_a_followed_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.library.store import record

    path = tmp_path / "library.sqlite3"
    blog = build_reader_blog("https://example.com/live")
    assert record(blog, source="https://example.com/live", how="followed", data=b"<html>", path=path) is None
    with open_library(path)[0] as lib:
        assert [(r.key, r.how) for r in lib.blogs()] == [("https://example.com/live", "followed")]
        assert lib.search("sarin", limit=None)
    # A damaged library: set aside, recorded in a fresh one, and one line to tell the user.
    path.write_bytes(b"garbage" * 100)
    notice = record(blog, source="https://example.com/live", how="followed", path=path)
    assert notice is not None and "moved to" in notice and "\n" not in notice
    with pytest.raises(ValueError, match="unknown way"):
        record(blog, source="x", how="read", path=path)
    monkeypatch.setenv("LIVEBLOG_NO_LIBRARY", "1")
    other = tmp_path / "other.sqlite3"
    assert record(blog, source="https://example.com/live", how="followed", path=other) is None
    assert not other.exists()
