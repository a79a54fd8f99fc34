"""Shared parts of the atheris harnesses (bench/fuzz/fuzz_text.py, fuzz_html.py): the oracle and seeds.

A parse may return a `LiveBlog` or raise a `LiveBlogError`; any other exception is a
finding. A returned blog must carry no control, escape or bidi-override character in any
text field, unique non-empty ids, "HH:MM" times, and only http(s) or mailto links (the reader opens only http(s)).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from catalogue import FORBIDDEN_CHARS  # noqa: E402

from parsers.errors import LiveBlogError  # noqa: E402
from parsers.model import LiveBlog, displayed_strings  # noqa: E402

FORBIDDEN = re.compile("[" + "".join(re.escape(c) for c in sorted(FORBIDDEN_CHARS)) + "]")
TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d")


class Finding(AssertionError):
    """A parse broke the oracle (not a crash of the harness itself)."""


def check(parse: Callable[[], LiveBlog]) -> None:
    """Run one parse and raise `Finding` if it breaks the oracle."""
    try:
        blog = parse()
    except LiveBlogError as exc:
        if "\n" in str(exc):
            raise Finding(f"multi-line error message: {exc!r}") from None
        return
    ids = [u.id for u in blog.updates]
    if len(set(ids)) != len(ids) or not all(ids):
        raise Finding(f"ids not unique/non-empty: {ids[:10]}")
    for text in displayed_strings(blog):
        if FORBIDDEN.search(text):
            raise Finding(f"control character in output: {text[:200]!r}")
    for update in blog.updates:
        if update.time is not None and not TIME.fullmatch(update.time):
            raise Finding(f"bad time {update.time!r}")
        for link in update.links:
            if not link.url.lower().startswith(("http://", "https://", "mailto:")):
                raise Finding(f"link that is not http(s)/mailto {link.url[:200]!r}")


def write_seeds(folder: Path, seeds: dict[str, bytes]) -> Path:
    """Write seed inputs into `folder` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds.items():
        (folder / name).write_bytes(data)
    return folder


# FUZZ_FINDINGS=DIR: record each distinct finding (exception type and the innermost project
# frame, or the oracle's message kind) with its first input in DIR and keep fuzzing, instead
# of stopping at the first one as libFuzzer does (its -fork mode does not work with atheris).
FINDINGS_DIR = os.environ.get("FUZZ_FINDINGS")
_seen: set[str] = set()


def signature(exc: BaseException) -> str:
    """Return a short key for a finding: exception type plus its innermost project frame."""
    if isinstance(exc, Finding):
        return "Finding: " + str(exc).split(":")[0]
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/parsers/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def guarded(one_input: Callable[[bytes], None]) -> Callable[[bytes], None]:
    """Wrap a fuzz target so that, with FUZZ_FINDINGS set, findings are recorded, not raised."""
    if not FINDINGS_DIR:
        return one_input
    folder = Path(FINDINGS_DIR)
    folder.mkdir(parents=True, exist_ok=True)

    def run(raw: bytes) -> None:
        try:
            one_input(raw)
        except Exception as exc:
            key = signature(exc)
            if key in _seen:
                return
            _seen.add(key)
            digest = hashlib.sha1(raw).hexdigest()[:12]
            (folder / f"input-{digest}").write_bytes(raw)
            with (folder / "findings.txt").open("a", encoding="utf-8") as log:
                log.write(f"{key}\tinput-{digest}\t{str(exc)[:300]!r}\n")
            print(f"FINDING {key} (input-{digest})", file=sys.stderr, flush=True)

    return run


def run_fuzzer(one_input: Callable[[bytes], None], seeds: Callable[[], dict[str, bytes]], name: str) -> None:
    """Start atheris on `one_input` with libFuzzer's command line, seeding a new or missing corpus folder.

    Without a corpus folder argument, the seeds go to a fresh temporary folder named after `name`.
    """
    import atheris

    args = list(sys.argv)
    targets = [a for a in args[1:] if not a.startswith("-")]
    if not targets:
        args.append(str(write_seeds(Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-")), seeds())))
    elif not Path(targets[0]).exists() or (Path(targets[0]).is_dir() and not any(Path(targets[0]).iterdir())):
        write_seeds(Path(targets[0]), seeds())  # a new corpus folder starts from the seeds
    atheris.Setup(args, guarded(one_input))
    atheris.Fuzz()
