"""The package's shape: imports run one way through the pipeline stages, without cycles,
and no module grows past ~300 lines (the layout issue's rule: a file per role)."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

# Lower layers never import higher ones: corpus → embed → index → llm → answering →
# pipeline → evaluation → interfaces. Within a layer, modules may import each other.
LAYERS = [
    {
        "assistant.errors",
        "assistant.settings",
        "assistant.config_values",
        "assistant.text",
        "assistant.sentences",
        "assistant.shown",
        "assistant.types",
        "assistant.runtime",
    },
    {"assistant.corpus"},
    {"assistant.embed"},
    {"assistant.index"},
    {"assistant.llm"},
    {"assistant.answering"},
    {"assistant.pipeline"},
    {"assistant.evaluation"},
    {"assistant.cli", "assistant.console", "assistant.progress", "assistant.__main__", "ui"},
]
MAX_LINES = 300


def _modules() -> dict[str, Path]:
    found = {}
    for top in ("assistant", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of ours that `name` imports, at top level or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


def _layer(module: str) -> int:
    for rank, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return rank
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    # The package root re-exports lazily (PEP 562) and is nobody's dependency.
    return {
        name: _imports(name, path, known) - {"assistant"}
        for name, path in modules.items()
        if name != "assistant"
    }


def test_imports_never_go_up_a_layer():
    upward = [
        f"{a} imports {b}"
        for a, targets in _graph().items()
        for b in targets
        if _layer(b) > _layer(a)
    ]
    assert upward == []


def test_the_import_graph_has_no_cycles():
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" → ".join(path[path.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_no_module_is_a_god_module():
    long = {
        name: n
        for name, path in _modules().items()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_layer_test_sees_the_whole_package():
    graph = _graph()
    assert "assistant.pipeline" in graph["assistant.cli"]  # imports inside functions count
    assert "assistant.answering.grounding" in graph["assistant.answering.assembly"]
    assert _layer("assistant.index.store") < _layer("assistant.pipeline")
