"""The generator's own shape: no import cycle between its modules (imports inside functions
count too), and no module of the generator reads back Python code it generated."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"
# The SDK runtime is copied into SDKs, not imported by the generator: its relative imports
# are among its own modules only.
RUNTIME = PACKAGE / "sdk_runtime"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(p): p
        for p in sorted(PACKAGE.rglob("*.py"))
        if RUNTIME not in p.parents and "_templates" not in p.parts
    }


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Every generator module ``path`` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # ``from generator.emit import views`` imports the module generator.emit.views;
            # ``from generator.emit.views import VersionView`` the module it names
            names = [f"{base}.{alias.name}" for alias in node.names]
            modules = [n for n in names if n in known]
            targets = modules if len(modules) == len(names) else [base, *modules]
        for target in targets:
            if target in known and target != name:
                found.add(target)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph``, as the list of modules around it; None when acyclic."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(path, name, known) for name, path in modules.items()}


def test_generator_modules_import_no_cycle() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_imports_inside_functions_count(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from generator.emit import views\n", encoding="utf-8")
    known = {"generator.emit", "generator.emit.views"}
    assert _imports(source, "generator.x", known) == {"generator.emit.views"}


# Code that reads back Python code the generator wrote: negating or editing a condition's
# text, reading numbers or names out of it, searching it with a regular expression.
READS_BACK = {
    "negates condition text": re.compile(r"""\.replace\(\s*["'] (is|in|not in|[<>=!]=?) ["']"""),
    "reads a value out of code": re.compile(r"""\.r?partition\(\s*["'] ["']\s*\)"""),
    "parses a type test": re.compile(
        r"""startswith\(\s*\(?\s*["'](type\(v\)|not \(|isinstance\()"""
    ),
    "inspects generated lines": re.compile(r"""\bline\.isascii\(\)|for line in fn\.lines"""),
    "regex over generated code": re.compile(r"""re\.findall\(|\.findall\(line\)"""),
}
# Known exceptions: none may be added.
STILL_READS_BACK: dict[tuple[str, str], int] = {}


# These work on XSD names and patterns, which they may search with regular expressions.
NOT_CODE = {"generator/emit/naming.py", "generator/emit/patterns.py"}


def test_no_generator_module_reads_back_generated_code() -> None:
    found: dict[tuple[str, str], int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if RUNTIME in path.parents or path.relative_to(ROOT).as_posix() in NOT_CODE:
            continue
        text = path.read_text(encoding="utf-8")
        for what, pattern in READS_BACK.items():
            hits = len(pattern.findall(text))
            if hits:
                found[(path.relative_to(ROOT).as_posix(), what)] = hits
    assert found == STILL_READS_BACK


def test_the_read_back_patterns_match_what_they_name() -> None:
    samples = {
        "negates condition text": 'cond.replace(" <= ", " > ", 1)',
        "reads a value out of code": 'c.cond.rpartition(" ")[2]',
        "parses a type test": 'reject.startswith(("type(v) is not ", "x"))',
        "inspects generated lines": "all(line.isascii() for fn in w for line in fn.lines)",
        "regex over generated code": 're.findall(r"\\w+", body)',
    }
    for what, sample in samples.items():
        assert READS_BACK[what].search(sample), what
