"""Shared fixtures: paths to the bundled sample and the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_articles" / "telegraph-2017-04-12-trump-russia-nato.txt"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real config and data dirs."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LIVEBLOG_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("LIVEBLOG_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "xdg-config"))
