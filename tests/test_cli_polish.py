"""Issue 13.15: `liveblog --version`, and a bad option value as one line on stderr with status 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.cli import main, program_version


@pytest.mark.parametrize("argv", [["--version"], ["export", "--version"]])
def test_version_prints_the_program_and_its_version(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out == f"liveblog {program_version()}\n"
    assert program_version()[0].isdigit(), "the installed package's version"


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
        (["--date", "notadate"], "not a date in YYYY-MM-DD form: 'notadate'"),
        (["export", "x.html", "--format", "yaml"], "invalid choice: 'yaml'"),
        (["export", "x.html", "--max-size", "lots"], "not a size: 'lots'"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option"),
    ],
)
def test_a_bad_option_value_is_one_line_not_the_usage(
    argv: list[str], wanted: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("liveblog: ") and wanted in err, err
    assert "usage:" not in err


# --- 3. a broken topics file stops the reader before it opens -------------------------------

BROKEN_TOPICS = '[topics."Cyber"]\ninclude = "cyber"\n'  # include must be a list


@pytest.mark.parametrize("where", ["option", "config dir"])
def test_a_broken_topics_file_exits_2_with_one_line_before_the_reader_opens(
    where: str, tmp_path: Path, sample_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    opened: list[bool] = []
    monkeypatch.setattr("tui.app.LiveblogApp.run", lambda self, *a, **k: opened.append(True))
    if where == "option":
        topics = tmp_path / "mine.toml"
        argv = ["--topics", str(topics), str(sample_path)]
    else:
        topics = Path(os.environ["LIVEBLOG_CONFIG_DIR"]) / "topics.toml"
        topics.parent.mkdir(parents=True, exist_ok=True)
        argv = [str(sample_path)]
    topics.write_text(BROKEN_TOPICS, encoding="utf-8")
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"liveblog: {topics}: "), err
    assert '"include" must be a list of strings' in err
    assert not opened, "the reader never opened"
