"""Small files and short functions in the core, the Streamlit layer and the
pages: a file past ~300 lines is a
missing module, a function past ~60 lines a missing helper. Run as a script
to list the largest: ``python tests/test_sizes.py``."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("gd_core", "ui", "views", "rooms")
MAX_FILE_LINES = 300
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return [ROOT / "app.py"] + [p for name in PACKAGES for p in (ROOT / name).rglob("*.py")]


def file_sizes() -> list[tuple[int, str]]:
    """(lines, path) of every module, largest first."""
    sizes = [
        (len(path.read_text(encoding="utf-8").splitlines()), path.relative_to(ROOT).as_posix())
        for path in _modules()
    ]
    return sorted(sizes, reverse=True)


def function_sizes() -> list[tuple[int, str]]:
    """(lines from ``def`` to its last line, ``path:line name``), largest first."""
    sizes = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno:
                where = f"{path.relative_to(ROOT).as_posix()}:{node.lineno} {node.name}"
                sizes.append((node.end_lineno - node.lineno + 1, where))
    return sorted(sizes, reverse=True)


def test_no_file_is_over_300_lines():
    assert len(file_sizes()) > 50  # the check reads every package
    assert file_sizes()[0][0] > 100
    assert [s for s in file_sizes() if s[0] > MAX_FILE_LINES] == []


def test_no_function_is_over_60_lines():
    assert function_sizes()[0][0] > 20
    assert [s for s in function_sizes() if s[0] > MAX_FUNCTION_LINES] == []


if __name__ == "__main__":
    for lines, where in file_sizes()[:5] + function_sizes()[:5]:
        print(f"{lines:4d}  {where}")
