"""Small helpers shared by the benchmark scripts: summaries of repeated runs and machine facts."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


@dataclass(slots=True)
class Spread:
    """The median of repeated measurements with their min and max (and how many there were)."""

    median: float
    min: float
    max: float
    n: int

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        """Return the spread of a non-empty list of measurements."""
        return cls(statistics.median(values), min(values), max(values), len(values))

    def scaled(self, factor: float) -> Spread:
        """Return the spread with every figure multiplied by `factor` (e.g. s -> ms)."""
        return Spread(self.median * factor, self.min * factor, self.max * factor, self.n)

    def inverted(self, numerator: float) -> Spread:
        """Return ``numerator / x`` for each figure (min and max swap): e.g. seconds -> MB/s."""
        return Spread(numerator / self.median, numerator / self.max, numerator / self.min, self.n)


def percentile(values: list[float], q: float) -> float:
    """Return the `q`-th percentile (0-100) of `values` by the nearest-rank method."""
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(slots=True)
class Row:
    """One line of the results table: a figure, its floor and ratio when it has one, and its verdict."""

    measure: str
    input: str
    size_mb: float | None
    updates: int | None
    unit: str
    figure: Spread | None
    floor: Spread | None = None
    floor_name: str = ""
    ratio: Spread | None = None
    target: str = ""
    result: str = ""  # "met", "MISSED", "n/a (...)", or "" for context rows
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Return the row as plain JSON-serialisable data."""
        return asdict(self)


def machine_info() -> dict[str, Any]:
    """Return what the figures depend on: cores, CPU model, Python, load and the git commit."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=False).stdout.strip()
    except OSError:
        commit = ""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "load_average": [round(x, 2) for x in load],
        "commit": commit,
    }
