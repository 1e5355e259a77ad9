"""The package's import graph has layers and no loops (issue 24): a new loop or an upward import fails.

The graph is read from the source with ``ast`` (nothing is imported): every ``import`` and
``from ... import`` in ``validators/journalloft`` counts, at module level and inside functions alike,
because a function-level import is still a dependency and was how the old catalogue → CLI loop hid.
Imports under ``if TYPE_CHECKING:`` are left out: they never run, and annotations only name types.

Layers, lowest first (each module belongs to the layer of its longest matching prefix). A module may
import from its own layer or a lower one, never a higher one, and no set of modules may import each
other in a circle. The order is the one the code has, drawn from its imports:

1. core: issues, codes, limits, the JSON parser, identifiers, reports, policy, i18n, the spec
   registry (``specs``) with its rule tables, and the NEWS2 rule set, which only needs those.
2. fhir: the FHIR engine, which reads specs through the registry.
3. pipeline: the checker (``validation``), its guard, streaming, batches, the public API and the
   package root that re-exports it, reporters, the cluster runner, the browser entry, the OKT rule set.
4. servers: the HTTP service and the test kit (the test kit's reference server uses the service's
   error responses; the service offers the test kit's endpoints).
5. catalogue: the requirement catalogue's core (model, load, lint, export, answers, release...).
6. site: the site generators, the catalogue's pages among them (they draw on everything below:
   the test kit page, the browser validator, the catalogue).
7. cli: the command line and the entry points, which wire every layer together (the catalogue's
   commands hand the CLI's parser and the site's writer down to the catalogue).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "validators"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "core",
        (
            "journalloft.argtypes",
            "journalloft.checks",
            "journalloft.codes",
            "journalloft.escaping",
            "journalloft.i18n",
            "journalloft.identifier_issues",
            "journalloft.identifiers",
            "journalloft.inputs",
            "journalloft.issue_types",
            "journalloft.issues",
            "journalloft.jsonparse",
            "journalloft.jsonpath",
            "journalloft.limits",
            "journalloft.news2",
            "journalloft.policy",
            "journalloft.positions",
            "journalloft.progress",
            "journalloft.registry_cache",
            "journalloft.report",
            "journalloft.rules",
            "journalloft.safe_yaml",
            "journalloft.schema_check",
            "journalloft.specs",
            "journalloft.status",
        ),
    ),
    ("fhir", ("journalloft.fhir",)),
    (
        "pipeline",
        (
            "journalloft",  # the package root re-exports the public API
            "journalloft.api",
            "journalloft.batch",
            "journalloft.browser",
            "journalloft.cli_output",
            "journalloft.cluster",
            "journalloft.guard",
            "journalloft.okt",
            "journalloft.pipeline",
            "journalloft.reporters",
            "journalloft.stream",
            "journalloft.validation",
        ),
    ),
    ("servers", ("journalloft.service", "journalloft.testkit")),
    ("catalogue", ("journalloft.requirements",)),
    ("site", ("journalloft.site",)),
    (
        "cli",
        (
            "journalloft.__main__",
            "journalloft.cli",
            "journalloft.news2.cli",
            "journalloft.okt.cli",
            "journalloft.requirements.__main__",
            "journalloft.requirements.cli",
            "journalloft.requirements.cli_answers",
            "journalloft.requirements.cli_export",
            "journalloft.service.cli",
            "journalloft.testkit.cli",
        ),
    ),
)

# Loops outside this part of issue 24, each named so that any NEW loop still fails. Remove an entry
# when its loop is broken (the test below also fails on an entry that is no longer a loop).
KNOWN_LOOPS: dict[frozenset[str], str] = {
    frozenset({"journalloft.testkit.reference", "journalloft.testkit.search"}): (
        "issue 24: search.py imports reference.Variant inside a function for the paging links; "
        "the variant type belongs in a module of its own"
    ),
}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(module: str, is_package: bool, tree: ast.AST, modules: set[str]) -> Iterator[str]:
    """The package's modules that ``module`` imports anywhere in ``tree``, outside TYPE_CHECKING blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                yield from _imported(module, is_package, child, modules)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = alias.name
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules:
                    yield target
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                if f"{source}.{alias.name}" in modules:  # ``from journalloft import safe_yaml``: the module
                    yield f"{source}.{alias.name}"
                elif source in modules:
                    yield source
        yield from _imported(module, is_package, node, modules)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    files = {module_name(path, root): path for path in sorted((root / "journalloft").rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[module] = set(_imported(module, path.name == "__init__.py", tree, set(files))) - {module}
    return graph


def loops(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            step = next(successors, None)
            if step is not None:
                if step not in index:
                    index[step] = low[step] = len(index)
                    stack.append(step)
                    on_stack.add(step)
                    work.append((step, iter(sorted(graph[step]))))
                elif step in on_stack:
                    low[node] = min(low[node], index[step])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def layer_of(module: str) -> int | None:
    best: tuple[int, int] | None = None  # (prefix length, layer)
    for position, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), position)
    return None if best is None else best[1]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        here = layer_of(module)
        for target in sorted(targets):
            there = layer_of(target)
            if here is not None and there is not None and there > here:
                found.append(f"{module} ({LAYERS[here][0]}) imports {target} ({LAYERS[there][0]})")
    return found


GRAPH = import_graph()


def test_every_module_has_a_layer() -> None:
    assert [module for module in sorted(GRAPH) if layer_of(module) is None] == []


def test_no_import_goes_up_a_layer() -> None:
    assert upward_imports(GRAPH) == []


def test_no_new_import_loop() -> None:
    found = loops(GRAPH)
    assert sorted(sorted(loop) for loop in found if loop not in KNOWN_LOOPS) == []
    # a known loop that is gone is taken off the list, so it cannot come back unnoticed
    assert sorted(sorted(loop) for loop in KNOWN_LOOPS if loop not in found) == []


def test_the_catalogue_core_imports_neither_cli_nor_site() -> None:
    core = [module for module in GRAPH if layer_of(module) == 4]
    assert "journalloft.requirements.lint" in core and "journalloft.requirements.load" in core
    wrong = sorted(
        f"{module} -> {target}"
        for module in core
        for target in GRAPH[module]
        if target.startswith(("journalloft.site", "journalloft.cli")) or layer_of(target) == 6
    )
    assert wrong == []


def _graph_of(tmp_path: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for name, text in files.items():
        path = tmp_path / "journalloft" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return {module: targets for module, targets in import_graph(tmp_path).items() if module != "journalloft"}


def test_a_function_level_import_counts_and_type_checking_does_not(tmp_path: Path) -> None:
    graph = _graph_of(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "def f():\n    from journalloft.b import g\n    return g\n",
            "b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from journalloft.a import f\n",
            "c.py": "from journalloft import a\nfrom . import b\n",
        },
    )
    assert graph == {
        "journalloft.a": {"journalloft.b"},
        "journalloft.b": set(),
        "journalloft.c": {"journalloft.a", "journalloft.b"},
    }
    assert loops(graph) == []
    graph["journalloft.b"].add("journalloft.a")
    assert loops(graph) == [frozenset({"journalloft.a", "journalloft.b"})]
