"""The code's layout: imports flow one way, so a newcomer can read each app without the ones above it.

The apps are stacked base ← network ← search ← workshops ← ideas ← calls ← home ← demo: an app
imports only apps below it (the project package `netzwerkstatt/` wires them all
together and may import any). Tests may import anything. Read from the source
with `ast`, so imports inside functions count too.
"""
import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STACK = ["base", "network", "search", "workshops", "ideas", "calls", "home", "demo"]  # bottom first


def _imports(path):
    """The first-party modules a file imports (absolute names; relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _source_files(top):
    """The app's files that are not tests (migrations included: they import block definitions)."""
    return [path for path in (ROOT / top).rglob("*.py") if "tests" not in path.relative_to(ROOT).parts]


def test_apps_import_only_apps_below_them():
    upward = []
    for rank, app in enumerate(STACK):
        for path in _source_files(app):
            for name in _imports(path):
                top = name.split(".")[0]
                if top in STACK and STACK.index(top) > rank:
                    upward.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not upward, "imports against the app order " + " ← ".join(STACK) + ":\n" + "\n".join(sorted(upward))


def test_no_two_modules_import_each_other():
    modules = {}
    for app in [*STACK, "netzwerkstatt"]:
        for path in _source_files(app):
            modules[_module_name(path)] = path
    imports = defaultdict(set)
    for name, path in modules.items():
        imports[name] = {imported for imported in _imports(path) if imported in modules and imported != name}
    cycles = sorted(
        f"{a} ↔ {b}" for a in imports for b in imports[a] if a < b and a in imports[b]
        and not (b.startswith(a + ".") or a.startswith(b + "."))  # a package and its own modules
    )
    assert not cycles, "modules that import each other:\n" + "\n".join(cycles)


def test_benchmarks_do_not_import_test_code():
    offending = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "bench").rglob("*.py")
        for name in _imports(path)
        if "tests" in name.split(".") or name.split(".")[-1] == "conftest"
    ]
    assert not offending, "\n".join(offending)


def test_the_board_package_reads_of_the_ideas_app_only_its_models():
    """The live board (ideas/board/) sits under what is made of it (results pages, papers, the session's PDF)."""
    outside = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for path in _source_files("ideas/board")
        for name in _imports(path)
        if name.startswith("ideas.") and not name.startswith(("ideas.board", "ideas.models"))
    )
    assert not outside, "\n".join(outside)
