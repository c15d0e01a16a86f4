"""The shape of pipeline/: imports form no cycle, a long module says why it is long, a
NamedTuple's annotations cost no compiling, and no module declares a source or the crisis a
second time."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PIPELINE = ROOT / "pipeline"
LONG = 400  # lines; a module past this states its reason in its docstring's "Long:" line


def imports(path: Path) -> set[str]:
    """The pipeline modules a module imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "pipeline":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("pipeline."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("pipeline."):
                    found.add(alias.name.split(".")[1])
    return found


def graph() -> dict[str, set[str]]:
    modules = {p.stem: p for p in PIPELINE.glob("*.py")}
    return {name: imports(path) & set(modules) - {name} for name, path in modules.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of module names, or None (depth-first, three colours)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_pipeline_modules_import_each_other_without_a_cycle() -> None:
    edges = graph()
    assert "steps" in edges and "validate" in edges["steps"]  # the graph is really read
    assert cycle(edges) is None, " -> ".join(cycle(edges) or [])


def test_a_long_module_says_why_it_is_long() -> None:
    for path in sorted(PIPELINE.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > LONG:
            docstring = ast.get_docstring(ast.parse(text)) or ""
            assert "\nLong: " in f"\n{docstring}", f"{path.name}: over {LONG} lines, no reason"


def test_a_module_declaring_a_named_tuple_keeps_its_annotations_evaluated() -> None:
    """Under `from __future__ import annotations`, typing.NamedTuple hands each field's string
    annotation to compile(), whose first call in a process builds the compiler's syntax tree
    types: 1.5 ms of `check`'s start-up, against a target of 3x `python -c "import yaml"`."""
    declaring = [p for p in PIPELINE.glob("*.py") if "(NamedTuple):" in p.read_text("utf-8")]
    assert "schema.py" in {p.name for p in declaring}  # the declarations are really found
    for path in declaring:
        assert "\nfrom __future__ import annotations\n" not in path.read_text("utf-8"), path.name


def test_no_module_names_a_source_or_dates_the_crisis() -> None:
    """Sources are declared in raw/manifest.yaml, the crisis in expectations/crisis.yaml: a
    string in the code equal to a source id or to the crisis's day 0 would declare it twice."""
    manifest = yaml.safe_load((ROOT / "raw" / "manifest.yaml").read_text(encoding="utf-8"))
    crisis = yaml.safe_load((ROOT / "expectations" / "crisis.yaml").read_text(encoding="utf-8"))
    declared = {s["source_id"] for s in manifest["sources"]} | {crisis["start"]}
    assert {"cnn", "wikipedia", "1996-12-17"} <= declared  # the declarations are really read
    for path in sorted(PIPELINE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in declared:
                raise AssertionError(f"{path.name}:{node.lineno}: {node.value!r} is declared data")
