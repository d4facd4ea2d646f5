"""One run engine: every loop that steps epochs lives in ``gd_core/runs/``.

Before ``gd_core.runs`` the run loop was written five times (descent,
runner, batch, full_runs, method_batch), each tracking the converged
stretch and divergence its own way. A stepping loop is found by what it
must do (``gd_core.cancel``: every loop that runs epochs calls
``checkpoint``) or by its header (``range`` over epochs, updates or a total).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "gd_core"
# Random search steps loss evaluations, not a descent run: the lecture's
# baseline, with no convergence, plateau or divergence to track.
NOT_RUNS = {"search.py"}
COUNTS = ("epoch", "total", "updates")


def _stepping_loops(path: Path) -> list[int]:
    """Lines of the outermost loops in ``path`` that step a run."""
    found: list[int] = []

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            is_loop = isinstance(child, (ast.For, ast.While))
            if is_loop and not inside and _steps(child):
                found.append(child.lineno)
            visit(child, inside or (is_loop and _steps(child)))

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def _steps(loop: ast.For | ast.While) -> bool:
    calls = {
        c.func.id if isinstance(c.func, ast.Name) else getattr(c.func, "attr", "")
        for c in ast.walk(loop)
        if isinstance(c, ast.Call)
    }
    if calls & {"checkpoint", "due"}:
        return True
    head = loop.iter if isinstance(loop, ast.For) else loop.test
    if not (isinstance(head, ast.Call) and getattr(head.func, "id", "") == "range"):
        return False
    named = {n.id for n in ast.walk(head) if isinstance(n, ast.Name)}
    named |= {n.attr for n in ast.walk(head) if isinstance(n, ast.Attribute)}
    return any(word in name.lower() for name in named for word in COUNTS)


def _all_loops() -> dict[str, list[int]]:
    loops = {}
    for path in sorted(CORE.rglob("*.py")):
        lines = _stepping_loops(path)
        if lines:
            loops[path.relative_to(CORE).as_posix()] = lines
    return loops


def test_epochs_are_stepped_only_in_the_run_engine():
    outside = {
        name: lines
        for name, lines in _all_loops().items()
        if not name.startswith("runs/") and name not in NOT_RUNS
    }
    assert outside == {}, f"a run loop outside gd_core/runs/: {outside}"


def test_the_engine_has_one_loop_per_kind():
    """One loop for one start and one for many, each with its fast path
    (plain descent of one run; the sweep's kept history), no more."""
    inside = {n: v for n, v in _all_loops().items() if n.startswith("runs/")}
    assert {n: len(v) for n, v in inside.items()} == {
        "runs/one.py": 1,
        "runs/plain.py": 1,
        "runs/many.py": 1,
        "runs/history.py": 1,
    }


def test_the_finder_sees_a_new_loop(tmp_path):
    """The check could fail: a copied loop in another module is found."""
    module = tmp_path / "copied.py"
    module.write_text(
        "def run(epochs):\n    for t in range(epochs + 1):\n        pass\n"
        "def other(n):\n    while n:\n        checkpoint()\n"
    )
    assert _stepping_loops(module) == [2, 5]
