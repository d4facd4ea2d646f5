"""ui/startup.py: the app's modules imported and frozen out of full garbage
collections once, before the server's first session (serve.py)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# In its own process: a freeze here would hold pytest's objects too.
FREEZE = """
import gc, json, pkgutil, sys
import ui, gd_core
from ui.startup import PACKAGES, import_and_freeze
before = len(gc.get_objects())
frozen = import_and_freeze()
names = [m.name for p in (ui, gd_core) for m in pkgutil.walk_packages(p.__path__, p.__name__ + ".")]
print(json.dumps({"before": before, "frozen": frozen, "scanned": len(gc.get_objects()),
                  "count": gc.get_freeze_count(), "packages": list(PACKAGES),
                  "missing": [n for n in names if n not in sys.modules]}))
"""


def test_every_module_is_imported_and_what_lives_is_frozen():
    out = subprocess.run([sys.executable, "-c", FREEZE], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout  # fmt: skip
    got = json.loads(out.strip().splitlines()[-1])
    assert got["packages"] == ["gd_core", "ui"] and got["missing"] == []
    # Streamlit, NumPy, Plotly, SQLAlchemy, Pygments and the app: ~170,000 objects
    assert got["frozen"] > 100_000 and got["frozen"] > got["before"]
    assert 0.99 * got["frozen"] < got["count"] <= got["frozen"]  # a frozen object freed since
    # what a full collection still scans: a few hundred objects, not the imports
    assert got["scanned"] < 0.01 * got["frozen"]


def test_the_served_app_freezes_when_it_starts():
    """serve.py hands st.App a lifespan that calls import_and_freeze (run
    once Streamlit's runtime is up: the app's caches, created at import,
    find it)."""
    tree = ast.parse((ROOT / "serve.py").read_text())
    app = next(n.value for n in tree.body if isinstance(n, ast.Assign)
               and [t.id for t in n.targets if isinstance(t, ast.Name)] == ["app"])  # fmt: skip
    lifespan = next(k.value for k in app.keywords if k.arg == "lifespan")
    hook = next(n for n in tree.body if isinstance(n, ast.AsyncFunctionDef)
                and n.name == lifespan.id)  # fmt: skip
    calls = [c.func.id for c in ast.walk(hook) if isinstance(c, ast.Call)
             and isinstance(c.func, ast.Name)]  # fmt: skip
    assert calls[0] == "import_and_freeze"
