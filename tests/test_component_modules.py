"""The components' ES modules import one another without a cycle (a cycle
runs a module before the one it imports has finished: its exports are then
undefined, or the entry module runs twice), every import names a module of
the folder, and the entry module has no static import (its first lines run
as soon as it arrives: ``entry.js``)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT / "ui" / "chart_component", ROOT / "ui" / "link_component"]
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="needs Node.js (/usr/bin/node)")


def imports(folder: Path) -> dict[str, dict[str, list[str]]]:
    """``tests/module_graph.mjs``'s reading of ``folder``: each module's
    static imports and its dynamic ``import(…)`` arguments as written."""
    done = subprocess.run(
        [str(NODE), "--experimental-vm-modules", "--no-warnings",
         str(ROOT / "tests" / "module_graph.mjs"), str(folder)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    found: dict[str, dict[str, list[str]]] = json.loads(done.stdout)
    return found


def module_graph(folder: Path) -> dict[str, list[str]]:
    """Each module of ``folder`` → the modules it imports, static or dynamic."""
    graph = {}
    for name, found in imports(folder).items():
        dynamic = [json.loads(arg) for arg in found["dynamic"]]  # a literal, or this fails
        graph[name] = [spec.removeprefix("./") for spec in [*found["static"], *dynamic]]
    return graph


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Every cycle of ``graph`` found by a depth-first walk, each as the path
    that closes it (``["a.js", "b.js", "a.js"]``)."""
    found: list[list[str]] = []
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in graph.get(node, []):
            walk(target, [*path, node])
        done.add(node)

    for start in sorted(graph):
        walk(start, [])
    return found


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_the_component_modules_import_without_a_cycle(folder):
    graph = module_graph(folder)
    assert graph, f"no modules read in {folder.name}"
    for name, targets in graph.items():
        assert all("/" not in t and t in graph for t in targets), (name, targets)
    assert cycles(graph) == []


def test_the_entry_module_has_no_static_import():
    entry = imports(FOLDERS[0])["entry.js"]
    assert entry["static"] == []
    assert sorted(entry["dynamic"]) == ['"./chart.js"', '"./keys.js"', '"./plotly_loader.js"']


def test_the_cycle_check_finds_a_cycle_through_a_dynamic_import(tmp_path):
    """The cycle this test was written for: chart.js → data.js → entry.js
    (a re-export) → chart.js (a dynamic import)."""
    (tmp_path / "entry.js").write_text('const chart = import("./chart.js");\n'
                                       "export function load() {}\n")  # fmt: skip
    (tmp_path / "data.js").write_text('export { load } from "./entry.js";\n')
    (tmp_path / "chart.js").write_text('// import("./nothing.js") in a comment\n'
                                       'import { load } from "./data.js";\nload();\n')  # fmt: skip
    graph = module_graph(tmp_path)
    assert graph == {"chart.js": ["data.js"], "data.js": ["entry.js"], "entry.js": ["chart.js"]}
    assert cycles(graph) == [["chart.js", "data.js", "entry.js", "chart.js"]]
