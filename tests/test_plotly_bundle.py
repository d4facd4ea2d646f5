"""The partial Plotly.js bundle the chart component loads (ui/plotly_js/):
the file pinned by its hash, the same plotly.js version as the pinned
``plotly`` package's full bundle, its licence beside it, and no figure the
component draws needing a trace type it lacks."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import plotly
from app_helpers import component_elements, decode, new_app, open_page

from gd_core.figures.payload import figure_payload

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "ui" / "plotly_js" / "plotly.min.js"
FULL = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
# What the gl3d bundle registers (its README lists the trace modules).
TRACES = {"scatter", "scatter3d", "surface", "mesh3d", "cone", "isosurface", "streamtube", "volume"}


def _version(path: Path) -> str:
    head = path.read_bytes()[:200].decode()
    found = re.search(r"plotly\.js (?:\(gl3d - minified\) )?v(\d+\.\d+\.\d+)", head)
    assert found, head
    return found.group(1)


def test_the_bundle_is_the_pinned_file_of_the_packages_version_with_its_licence():
    notes = (BUNDLE.parent / "README.md").read_text()
    digest = hashlib.sha256(BUNDLE.read_bytes()).hexdigest()
    assert f"`{digest}`" in notes, "plotly.min.js is not the file the README pins"
    assert "(gl3d - minified)" in BUNDLE.read_text()[:200]
    assert _version(BUNDLE) == _version(FULL) == "4.1.1"
    assert f"| version | {_version(BUNDLE)} " in notes
    assert "MIT License" in (BUNDLE.parent / "LICENSE").read_text()
    assert BUNDLE.stat().st_size < 0.4 * FULL.stat().st_size


def test_webgl_2d_traces_are_drawn_as_svg_scatter():
    figure = {"data": [{"type": "scattergl", "x": [1]}, {"type": "scatter3d"}], "layout": {}}
    data = figure_payload(figure, filename="f", clickable=False)["figure"]["data"]
    assert [t["type"] for t in data] == ["scatter", "scatter3d"]


def test_every_figure_the_pages_draw_in_the_component_has_a_bundled_trace_type():
    at = new_app()
    seen = set()
    for page in ("views/compare_eta.py", "views/optimizers.py", "views/lesson.py"):
        at = open_page(at, page)
        for proto in component_elements(at, "chart"):
            data = decode(proto.bytes)
            if data["role"] == "figure":
                seen |= {t.get("type", "scatter") for t in data["figure"]["data"]}
    assert seen and seen <= TRACES, seen - TRACES
