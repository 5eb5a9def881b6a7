"""The layout keeps its shape: imports flow one way, from the command line down to storage.

Every import in crawler/ and alerts/ (top-level and inside functions) is read with `ast`. Each
module belongs to a unit (a stage folder such as `crawler.fetch`, a top-level module, or the
`alerts` package); units sit in layers, and a module may import only its own unit or a unit in
the same or a lower layer. No cycle is allowed between modules or between units. Third-party
frameworks stay at their edge: click in the CLI, Scrapy/Twisted in fetch, APScheduler in daemon.
Test scaffolding stays out of the product: nothing in crawler/ or alerts/ imports from tests/.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = ("crawler", "alerts")

# Top to bottom; a unit may import from its own layer or any layer below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("crawler.__main__", "crawler.entry", "crawler.cli"),
    ("crawler.demo", "crawler.evaluate"),
    ("crawler.daemon",),
    ("crawler.pipeline",),
    ("crawler.fetch",),
    ("crawler.matching",),
    ("crawler.incidents",),
    ("alerts",),
    ("crawler.storage",),
    ("crawler.config",),
    ("crawler.geo",),
    ("crawler.parse",),
    ("crawler.net",),
    ("crawler", "crawler.errors", "crawler.clock", "crawler.models", "crawler.logsetup",
     "crawler.resources"),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}
# Where each framework may be imported (by unit).
EDGES = {"click": {"crawler.cli"}, "scrapy": {"crawler.fetch"}, "twisted": {"crawler.fetch"},
         "apscheduler": {"crawler.daemon"}}


def module_name(path: Path) -> str:
    """`crawler/fetch/spider.py` -> `crawler.fetch.spider`; a package's __init__ is the package."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    """Every module of the product, by dotted name."""
    return {module_name(p): p for top in OURS for p in sorted((ROOT / top).rglob("*.py"))}


def imports_of(name: str, path: Path, known: Iterable[str]) -> set[str]:
    """The dotted names a module imports (ours resolved to modules; others as their top name)."""
    known = set(known)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            subs = [f"{base}.{alias.name}" for alias in node.names]
            found.update(sub for sub in subs if sub in known)
            if not any(sub in known for sub in subs):
                found.add(base)
    return {dep for dep in found if dep != name}


def unit_of(module: str) -> str:
    """The layered unit a module belongs to: the longest unit name that prefixes it."""
    best = ""
    for unit in RANK:
        if (module == unit or module.startswith(unit + ".")) and len(unit) > len(best):
            best = unit
    return best


def find_cycle(graph: Mapping[str, Iterable[str]]) -> list[str] | None:
    """One cycle in a directed graph, as a path that starts and ends at the same node, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def layering_problems(graph: Mapping[str, Iterable[str]]) -> list[str]:
    """Every import of a module in a higher layer, and every module that belongs to no layer."""
    problems = []
    for module, deps in sorted(graph.items()):
        unit = unit_of(module)
        if not unit:
            problems.append(f"{module}: in no layer (add its folder to LAYERS)")
            continue
        for dep in sorted(deps):
            dep_unit = unit_of(dep)
            if dep_unit and dep_unit != unit and RANK[dep_unit] < RANK[unit]:
                problems.append(f"{module} imports {dep}: {dep_unit} is above {unit}")
    return problems


def scaffolding_names() -> set[str]:
    """Top-level import names that reach test code.

    `tests` itself, and each module and folder name under tests/: pytest's rootdir imports put
    those folders on sys.path, so `import conftest` or `from support import ...` would resolve.
    """
    names = {"tests"}
    for path in (ROOT / "tests").rglob("*.py"):
        names.add(path.stem)
        names.update(path.relative_to(ROOT / "tests").parent.parts)
    return names - set(OURS) - {"__init__"}


def scaffolding_imports(theirs: Mapping[str, Iterable[str]], scaffolding: set[str]) -> list[str]:
    """Every product module importing test code (`theirs`: module -> top-level names)."""
    return [f"{module} imports {name} (test code)" for module, names in sorted(theirs.items())
            for name in sorted(names) if name in scaffolding]


def product_graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(our module -> our modules it imports, our module -> third-party top-level names)."""
    modules = all_modules()
    ours: dict[str, set[str]] = {}
    theirs: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = imports_of(name, path, modules)
        ours[name] = {d for d in deps if d.split(".")[0] in OURS and d in modules}
        theirs[name] = {d.split(".")[0] for d in deps if d.split(".")[0] not in OURS}
    return ours, theirs


def unit_graph(graph: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """The module graph collapsed onto units (a unit's own imports dropped)."""
    units: dict[str, set[str]] = {}
    for module, deps in graph.items():
        here = unit_of(module)
        units.setdefault(here, set()).update(u for u in map(unit_of, deps) if u != here)
    # The `crawler` package itself only holds the others; it is not a unit that imports them.
    units.pop("crawler", None)
    return units


def test_no_cycle_between_modules() -> None:
    graph, _ = product_graph()
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_no_cycle_between_stages() -> None:
    graph, _ = product_graph()
    cycle = find_cycle(unit_graph(graph))
    assert cycle is None, " -> ".join(cycle or [])


def test_imports_flow_down_the_layers() -> None:
    graph, _ = product_graph()
    assert layering_problems(graph) == []


def test_frameworks_stay_at_their_edge() -> None:
    _, theirs = product_graph()
    problems = [f"{module} imports {lib}" for module, libs in sorted(theirs.items())
                for lib in sorted(libs) if lib in EDGES and unit_of(module) not in EDGES[lib]]
    assert problems == []


def test_the_product_never_imports_test_code() -> None:
    _, theirs = product_graph()
    assert scaffolding_imports(theirs, scaffolding_names()) == []


def test_every_product_module_is_in_a_layer() -> None:
    assert all(unit_of(name) for name in all_modules())


def test_the_checks_catch_a_cycle_and_a_backward_import() -> None:
    # The rules above pass on the real tree; this proves they would fail on a broken one.
    broken = {"crawler.storage.db": {"crawler.matching.matcher"},
              "crawler.matching.matcher": {"crawler.storage.db"}}
    assert find_cycle(broken) in (["crawler.matching.matcher", "crawler.storage.db",
                                   "crawler.matching.matcher"],
                                  ["crawler.storage.db", "crawler.matching.matcher",
                                   "crawler.storage.db"])
    assert layering_problems(broken) == [
        "crawler.storage.db imports crawler.matching.matcher: crawler.matching is above "
        "crawler.storage"]


def test_imports_are_read_inside_functions_and_relative_forms(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("def f():\n    from crawler.fetch import spider\n    import click\n")
    deps = imports_of("crawler.x", source, {"crawler.fetch.spider"})
    assert deps == {"crawler.fetch.spider", "click"}


def test_the_scaffolding_check_catches_imports_from_tests(tmp_path: Path) -> None:
    # As above: the check passes on the real tree; this proves it would fail on a broken one.
    source = tmp_path / "m.py"
    source.write_text("from tests.support.newssite import NewsSite\n"
                      "def f():\n    import conftest\n    from support import receivers\n"
                      "import yaml\nfrom crawler.demo import site\n")
    deps = imports_of("crawler.demo.x", source, {"crawler.demo.site"})
    theirs = {"crawler.demo.x": {d.split(".")[0] for d in deps if not d.startswith("crawler")}}
    assert scaffolding_imports(theirs, scaffolding_names()) == [
        "crawler.demo.x imports conftest (test code)",
        "crawler.demo.x imports support (test code)",
        "crawler.demo.x imports tests (test code)",
    ]
