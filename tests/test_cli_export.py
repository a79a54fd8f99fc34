"""`liveblog export`: the JSON contract, Markdown and text output, ordering, and bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.export import dumps_indented, iter_indented, to_json
from parsers.pipeline import load_liveblog
from tui.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["export", str(SAMPLE), "--format", "json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= {"title", "source", "published", "intro", "updates"}
    assert data["source"] == {"path": str(SAMPLE), "format": "text", "publisher": None, "url": None}
    assert data["published"] is None
    assert len(data["updates"]) == 39
    for update in data["updates"]:
        assert set(update) >= {
            "id", "time", "datetime", "headline", "text", "paragraphs", "captions", "links", "quotes",
            "speakers", "topics",
        }
        assert isinstance(update["id"], str) and update["id"]
        assert update["datetime"] is None
        assert update["text"] == "\n\n".join(update["paragraphs"])
        assert all(isinstance(q, dict) and set(q) == {"text", "speaker", "cue"} for q in update["quotes"])
    assert data["updates"][0]["time"] == "21:56"


_JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_JSON_VALUES = st.recursive(
    _JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(_JSON_VALUES, st.integers(min_value=1, max_value=200))
def test_the_json_writer_writes_what_json_dumps_writes(value: object, batch: int) -> None:
    # The export's writer replaces `json.dumps(indent=2)` for speed: the same text, character for
    # character, whole or streamed in pieces (as `liveblog export` writes it).
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert dumps_indented(value) == expected
    assert "".join(iter_indented(value, batch)) == expected


def test_the_sample_exports_as_json_dumps_would_write_it() -> None:
    from parsers.export import liveblog_to_dict

    blog = load_liveblog(str(SAMPLE))
    assert to_json(blog) == json.dumps(liveblog_to_dict(blog), ensure_ascii=False, indent=2) + "\n"


def test_json_with_date_and_zone(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["export", str(SAMPLE), "--date", "2017-04-12", "--tz", "Europe/London"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["updates"][0]["datetime"] == "2017-04-12T21:56:00+01:00"
    assert data["published"] == "2017-04-12T17:28:00+01:00"


def test_chronological_order(capsys: pytest.CaptureFixture[str]) -> None:
    _, published, _ = run_cli(["export", str(SAMPLE)], capsys)
    _, chrono, _ = run_cli(["export", str(SAMPLE), "--order", "chronological"], capsys)
    ids_published = [u["id"] for u in json.loads(published)["updates"]]
    ids_chrono = [u["id"] for u in json.loads(chrono)["updates"]]
    assert ids_chrono == ids_published[::-1]
    times = [u["time"] for u in json.loads(chrono)["updates"]]
    assert times == sorted(times)


def test_markdown_is_a_readable_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["export", str(SAMPLE), "--format", "markdown"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("# Donald Trump says US - Russia relations")
    headings = [line for line in lines if line.startswith("## ")]
    assert len(headings) == 39
    assert headings[0] == "## 21:56 — Trump says will take on North Korea without China's backing if necessary"
    assert "*NATO Secretary General Jens Stoltenberg Meets With President Trump" in out


def test_markdown_escapes_article_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Title\n\n9:00PM\n\n# Not a heading [link](http://evil)\n\nBody *not bold*\n", encoding="utf-8")
    _, out, _ = run_cli(["export", str(article), "--format", "markdown"], capsys)
    assert "\\# Not a heading \\[link\\](http://evil)" in out
    assert "Body \\*not bold\\*" in out


def test_text_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["export", str(SAMPLE), "--format", "text"], capsys)
    assert code == 0
    assert "21:56\nTrump says will take on North Korea" in out
    assert "[Caption] President Donald Trump and Chinese President Xi Jinping" in out


def test_untimed_text_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "note.txt"
    article.write_text("A note with no times.\n\nSecond paragraph.\n", encoding="utf-8")
    code, out, err = run_cli(["export", str(article)], capsys)
    assert code == 0
    assert len(json.loads(out)["updates"]) == 1
    assert "warning" in err and "no timestamps" in err


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    undecodable = tmp_path / "bad.txt"
    undecodable.write_bytes(b"Title\n\n9:00PM\n\nbytes \x81\x8d\x8f\x90\x9d here\n")
    directory = tmp_path / "folder"
    directory.mkdir()
    return {
        "missing": (tmp_path / "nope.txt", "no such file"),
        "directory": (directory, "is a directory"),
        "empty": (empty, "empty"),
        "binary": (binary, "PNG image"),
        "undecodable": (undecodable, "undecodable"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary", "undecodable"])
def test_bad_input_one_line_exit_2(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, problem = _bad_inputs(tmp_path)[case]
    code, out, err = run_cli(["export", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert str(path) in err and problem in err
    assert "Traceback" not in err


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")
    path.chmod(0)
    if os.geteuid() == 0:
        # Root reads any file, so simulate the kernel's refusal at open().
        real_open = os.open

        def refuse(target: str, *args: int, **kwargs: int) -> int:
            if str(target) == str(path):
                raise PermissionError(13, "Permission denied")
            return real_open(target, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    code, _, err = run_cli(["export", str(path)], capsys)
    assert code == 2 and "permission denied" in err and str(path) in err


@pytest.mark.skipif(shutil.which("liveblog") is None and not (Path(sys.executable).parent / "liveblog").exists(),
                    reason="console script not installed")
def test_console_script_end_to_end(tmp_path: Path) -> None:
    exe = shutil.which("liveblog") or str(Path(sys.executable).parent / "liveblog")
    ok = subprocess.run([exe, "export", str(SAMPLE)], capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0
    assert len(json.loads(ok.stdout)["updates"]) == 39
    bad = subprocess.run([exe, "export", str(tmp_path / "missing.html")], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "no such file" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_export_never_modifies_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    before = (copy.read_bytes(), copy.stat().st_mtime_ns)
    run_cli(["export", str(copy), "--format", "markdown"], capsys)
    assert (copy.read_bytes(), copy.stat().st_mtime_ns) == before


def test_the_streamed_export_turns_the_collector_on_again_read_whole_or_left_early() -> None:
    import gc

    from tui.cli import iter_json

    blog = load_liveblog(str(SAMPLE))
    assert gc.isenabled()
    pieces = iter_json(blog, blog.updates, batch=64)
    next(pieces)
    assert not gc.isenabled(), "paused while the export is written"
    pieces.close()  # the reader of the pipe went away (`| head`)
    assert gc.isenabled()
    assert "".join(iter_json(blog, blog.updates, batch=64)) == to_json(blog)
    assert gc.isenabled()
