"""The package layout keeps the one-way flow: no import cycles, no Textual in the parsers, small folders."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("parsers", "tui")
MAX_MODULES_PER_FOLDER = 15


def _module_name(path: Path) -> str:
    """Return the dotted module name of a source file under the repository."""
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    """Return every module of the project's packages, by dotted name."""
    return {_module_name(p): p for pkg in PACKAGES for p in sorted((REPO / pkg).rglob("*.py"))}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Return the project modules `path` imports anywhere in it (lazy imports in functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            # A module imports its own package's __init__ too; only the named module counts here.
            if target in known and target != name:
                found.add(target)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, name, known) for name, path in modules.items()}


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle as a list of module names, or None. Iterative depth-first search."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for root in sorted(graph):
        if state.get(root):
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        path = [root]
        state[root] = 1
        while stack:
            node, todo = stack[-1]
            if not todo:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = todo.pop()
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(graph[nxt])))
    return None


def test_cycle_finder_finds_a_cycle() -> None:
    """The checker itself: a two-module loop and a longer loop are found, a tree is not."""
    assert _find_cycle({"a": {"b"}, "b": {"a"}}) is not None
    assert _find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) is not None
    assert _find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_no_import_cycles_lazy_imports_included() -> None:
    graph = _graph()
    assert "tui.cli" in graph and "parsers.pipeline" in graph
    assert _find_cycle(graph) is None, _find_cycle(graph)


def test_parsers_never_import_tui() -> None:
    graph = _graph()
    leaks = {name: sorted(t for t in deps if t.startswith("tui")) for name, deps in graph.items()}
    assert {n: d for n, d in leaks.items() if n.startswith("parsers") and d} == {}


def test_importing_every_parser_module_loads_no_textual() -> None:
    """Import every `parsers` module in a fresh interpreter: no textual, rich or tui module is loaded."""
    names = sorted(n for n in _modules() if n.startswith("parsers"))
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'textual', 'rich', 'tui'})\n"
        "print(len(bad)); print(bad[:10])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert result.stdout.splitlines()[0] == "0", result.stdout


def test_no_folder_holds_more_than_fifteen_modules() -> None:
    for pkg in PACKAGES:
        for folder in [REPO / pkg, *(p for p in (REPO / pkg).rglob("*") if p.is_dir())]:
            modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
            assert len(modules) <= MAX_MODULES_PER_FOLDER, (folder, len(modules))


def test_every_package_is_listed_for_the_wheel() -> None:
    """`pyproject.toml` lists packages by hand (for the sample's mapping): none may be forgotten."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {_module_name(p.parent / "__init__.py") for pkg in PACKAGES for p in (REPO / pkg).rglob("__init__.py")}
    assert listed == found | set(config["package-dir"])


def test_wheel_ships_the_sample_and_opens_it(tmp_path: Path) -> None:
    """A wheel (not the editable install) holds the sample, and its `liveblog` finds and parses it."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = wheels.glob("*.whl")
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from tui.cli import default_article\n"
        "from parsers import load_liveblog\n"
        "path = default_article()\n"
        "print(path.is_relative_to(sys.argv[1]), len(load_liveblog(path, enrich=False).updates))\n"
    )
    # Run from an empty folder, so the checkout's own packages are not importable.
    shown = subprocess.run(
        [sys.executable, "-c", code, str(target)], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert shown.returncode == 0, shown.stderr[-2000:]
    inside, count = shown.stdout.split()
    assert inside == "True"
    assert int(count) == len(load_sample_updates())


def load_sample_updates() -> tuple[object, ...]:
    """The sample's updates as the checkout parses them (the wheel must give the same count)."""
    from parsers import load_liveblog
    from tui.cli import default_article

    return load_liveblog(default_article(), enrich=False).updates
