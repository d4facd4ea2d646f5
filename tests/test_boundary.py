"""The core stays pure NumPy: no module under gd_core may import Streamlit;
Plotly only in the figure builders (``gd_core/figures``; the offline
animation is the chart component's, ``ui/animation_file.py``), and the
numeric core never imports the figures."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "gd_core"


def _imports(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module]
    return names


def test_no_streamlit_import_in_the_source():
    offenders = [
        f"{path.name}: {n}"
        for path in CORE.rglob("*.py")
        for n in _imports(path)
        if n.split(".")[0] == "streamlit"
    ]
    assert offenders == []


def test_plotly_only_in_the_figures():
    drawing = {CORE / "figures"}
    plotly_users = {
        path.relative_to(CORE).as_posix()
        for path in CORE.rglob("*.py")
        if any(n.split(".")[0] == "plotly" for n in _imports(path))
    }
    assert "figures/theme.py" in plotly_users  # the check sees an import
    outside = [
        path.relative_to(CORE).as_posix()
        for path in CORE.rglob("*.py")
        if not (drawing & {path, *path.parents})
        and any(n.split(".")[0] == "plotly" or n.startswith("gd_core.figures")
                for n in _imports(path))
    ]  # fmt: skip
    assert outside == []


def test_importing_the_core_does_not_load_plotly():
    code = "import sys, gd_core; print('plotly' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=CORE.parent, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_importing_the_core_does_not_load_streamlit():
    code = "import sys, gd_core; print('streamlit' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=CORE.parent, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_the_ui_and_the_pages_use_only_the_cores_public_names():
    """``from gd_core import _validate`` or ``gd_core._validate``: a private
    module of the core; the UI uses its public API (``gd_core.validate``)."""
    root = CORE.parent
    sources = [p for d in ("ui", "views", "rooms") for p in (root / d).rglob("*.py")]
    offenders = []
    for path in [*sources, root / "app.py", root / "serve.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            offenders += [
                f"{path.relative_to(root)}: {n}"
                for n in names
                if n.split(".")[0] == "gd_core" and any(p.startswith("_") for p in n.split("."))
            ]
    assert offenders == []
